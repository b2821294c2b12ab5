from datetime import time

from indigo_shared.settings import IndigoSettings
from pydantic import Field, SecretStr, field_validator


class TrendsSettings(IndigoSettings):
    trends_batch_size: int = Field(default=200, ge=1, le=5000, alias="INDIGO_TRENDS_BATCH_SIZE")
    trends_batch_timeout: float = Field(default=0.5, gt=0, alias="INDIGO_TRENDS_BATCH_TIMEOUT")
    refresh_seconds: float = Field(
        default=60,
        ge=0,
        alias="INDIGO_TRENDS_REFRESH_SECONDS",
        description="how often stale trend days and deal groups are recomputed (0: never)",
    )
    sweep_seconds: float = Field(
        default=300,
        ge=0,
        alias="INDIGO_TRENDS_SWEEP_SECONDS",
        description="how often listings that full syncs no longer see are marked ended (0: never)",
    )
    ended_after_hours: float = Field(
        default=2,
        ge=0,
        alias="INDIGO_LISTING_ENDED_AFTER_HOURS",
        description="a listing has ended when a full sync of its search that started this long "
        "after it was last seen did not see it",
    )
    rollup_at: time | None = Field(
        default=time(1, 0),
        alias="INDIGO_TRENDS_ROLLUP_AT",
        description="UTC time of the daily rollup, HH:MM; 'off' for none",
    )
    outbox_relay_seconds: float = Field(
        default=2,
        gt=0,
        alias="INDIGO_TRENDS_OUTBOX_RELAY_SECONDS",
        description="how often events committed to the outbox are published",
    )
    deal_min_comparables: int = Field(default=5, ge=1, alias="INDIGO_DEAL_MIN_COMPARABLES")
    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    openai_model: str = Field(default="gpt-4o-mini", alias="OPENAI_MODEL")
    llm_timeout_seconds: float = Field(default=60, gt=0, alias="INDIGO_TRENDS_LLM_TIMEOUT_SECONDS")

    @field_validator("rollup_at", mode="before")
    @classmethod
    def _off(cls, value):
        if isinstance(value, str) and value.strip().lower() in ("off", "none", "false", "0"):
            return None
        return value

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)
