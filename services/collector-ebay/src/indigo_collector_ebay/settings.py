from indigo_shared.settings import IndigoSettings
from pydantic import Field, SecretStr


class EbayCollectorSettings(IndigoSettings):
    ebay_client_id: str | None = None
    ebay_client_secret: SecretStr | None = None
    ebay_api_base: str = "https://api.ebay.com"
    ebay_marketplace_id: str = "EBAY_US"
    ebay_page_size: int = Field(default=200, ge=1, le=200)
    ebay_sync_interval_seconds: float = Field(
        default=900, ge=0, description="scheduled sync period; 0 turns the schedule off"
    )
    ebay_sync_keywords: str = "vintage jeans"
    ebay_sync_limit: int = Field(default=1000, ge=1, le=10_000)
    ebay_daily_call_budget: int = Field(
        default=5_000,
        ge=1,
        description="Browse API calls all replicas together may make per UTC day",
    )
