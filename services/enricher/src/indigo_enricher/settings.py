from decimal import Decimal

from indigo_shared.settings import IndigoSettings
from pydantic import Field, SecretStr


class EnricherSettings(IndigoSettings):
    enricher_batch_size: int = Field(
        default=64,
        ge=1,
        le=1000,
        alias="INDIGO_ENRICHER_BATCH_SIZE",
        description="messages fetched per pull (at most the free slots)",
    )
    enricher_concurrency: int = Field(
        default=64,
        ge=1,
        le=1000,
        alias="INDIGO_ENRICHER_CONCURRENCY",
        description="messages one replica works on at once",
    )

    # --- LLM: used when OPENAI_API_KEY or OPENAI_BASE_URL is set ---------------------------
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(
        default=None, alias="OPENAI_BASE_URL", description="any OpenAI-compatible endpoint"
    )
    openai_model: str = Field(default="gpt-4o-mini", min_length=1, alias="OPENAI_MODEL")
    openai_timeout_seconds: float = Field(
        default=60, gt=0, alias="OPENAI_TIMEOUT_SECONDS", description="one request, then retry"
    )
    openai_requests_per_minute: float = Field(default=500, gt=0, alias="OPENAI_REQUESTS_PER_MINUTE")
    openai_tokens_per_minute: float = Field(
        default=200_000, ge=1000, alias="OPENAI_TOKENS_PER_MINUTE"
    )
    openai_concurrency: int = Field(
        default=4, ge=1, le=100, alias="OPENAI_CONCURRENCY", description="requests in flight"
    )
    openai_batch_size: int = Field(
        default=8, ge=1, le=50, alias="OPENAI_BATCH_SIZE", description="listings per request"
    )
    openai_batch_wait_seconds: float = Field(
        default=0.5,
        ge=0,
        le=30,
        alias="OPENAI_BATCH_WAIT_SECONDS",
        description="how long a listing waits for others to share its request",
    )
    openai_input_price_per_1k: Decimal = Field(
        default=Decimal("0.00015"),
        ge=0,
        alias="OPENAI_INPUT_PRICE_PER_1K",
        description="USD per 1,000 prompt tokens (gpt-4o-mini), for cost estimates",
    )
    openai_output_price_per_1k: Decimal = Field(
        default=Decimal("0.0006"),
        ge=0,
        alias="OPENAI_OUTPUT_PRICE_PER_1K",
        description="USD per 1,000 completion tokens (gpt-4o-mini), for cost estimates",
    )
    llm_confidence_threshold: float = Field(
        default=0.7,
        ge=0,
        le=1,
        alias="INDIGO_LLM_CONFIDENCE_THRESHOLD",
        description="fields the rules set below this confidence are asked of the LLM",
    )

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None
