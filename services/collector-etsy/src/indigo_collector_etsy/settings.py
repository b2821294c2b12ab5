from indigo_shared.settings import IndigoSettings
from pydantic import Field, SecretStr


class EtsyCollectorSettings(IndigoSettings):
    etsy_api_key: SecretStr | None = Field(default=None, description="the app's keystring")
    etsy_shared_secret: SecretStr | None = None
    etsy_api_base: str = "https://openapi.etsy.com"
    etsy_page_size: int = Field(default=100, ge=1, le=100)
    etsy_sync_interval_seconds: float = Field(
        default=900, ge=0, description="scheduled sync period; 0 turns the schedule off"
    )
    etsy_sync_keywords: str = "vintage jeans"
    etsy_sync_limit: int = Field(default=1000, ge=1, le=10_000)
    etsy_max_retry_after_seconds: float = Field(
        default=60,
        ge=0,
        description="the longest 429 retry-after waited out; a longer one (a spent daily quota) "
        "ends the sync with partial results",
    )
