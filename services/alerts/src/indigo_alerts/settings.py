from indigo_shared.settings import IndigoSettings
from pydantic import Field

from indigo_alerts.domain.retries import DEFAULT_SCHEDULE


class AlertsSettings(IndigoSettings):
    alerts_batch_size: int = Field(
        default=50,
        ge=1,
        le=5000,
        alias="INDIGO_ALERTS_BATCH_SIZE",
        description="enriched listings matched per transaction",
    )
    delivery_batch_size: int = Field(
        default=500,
        ge=1,
        le=5000,
        alias="INDIGO_ALERTS_DELIVERY_BATCH_SIZE",
        description="AlertMatched events queued for delivery per transaction (a listing that "
        "matches many searches brings as many at once)",
    )
    alerts_batch_timeout: float = Field(
        default=0.05,
        gt=0,
        alias="INDIGO_ALERTS_BATCH_TIMEOUT",
        description="seconds a fetch waits to fill a batch: the latency a lone listing can add",
    )
    refresh_seconds: float = Field(
        default=1,
        gt=0,
        alias="INDIGO_ALERTS_REFRESH_SECONDS",
        description="how often saved searches are checked for changes",
    )
    terms_refresh_seconds: float = Field(
        default=300,
        ge=0,
        alias="INDIGO_ALERTS_TERMS_REFRESH_SECONDS",
        description="how often keywords taken for typos are matched to listings' words again",
    )
    deals_seconds: float = Field(
        default=15,
        ge=0,
        alias="INDIGO_ALERTS_DEALS_SECONDS",
        description="how often listings whose deal score changed are matched again",
    )
    digest_check_seconds: float = Field(
        default=30, gt=0, alias="INDIGO_ALERTS_DIGEST_CHECK_SECONDS"
    )
    delivery_timeout_seconds: float = Field(
        default=10,
        gt=0,
        le=60,
        alias="INDIGO_ALERTS_DELIVERY_TIMEOUT_SECONDS",
        description="how long a receiver may take to answer a delivery",
    )
    delivery_concurrency: int = Field(
        default=32, ge=1, le=1000, alias="INDIGO_ALERTS_DELIVERY_CONCURRENCY"
    )
    retry_schedule_seconds: tuple[float, ...] = Field(
        default=DEFAULT_SCHEDULE,
        min_length=1,
        alias="INDIGO_ALERTS_RETRY_SCHEDULE_SECONDS",
        description="waits before each retry of a failed delivery (JSON list, +-20% jitter); "
        "a delivery fails for good after the last",
    )
    pause_after_failing_seconds: float = Field(
        default=86400,
        ge=0,
        alias="INDIGO_ALERTS_PAUSE_AFTER_FAILING_SECONDS",
        description="a channel whose every attempt has failed for this long (no delivery went "
        "through since its first failure, or since it was resumed) is paused",
    )
    pause_after_failures: int = Field(
        default=15,
        ge=1,
        alias="INDIGO_ALERTS_PAUSE_AFTER_FAILURES",
        description="and only once this many attempts in a row have failed (two failures a day "
        "apart say little of a receiver)",
    )
    resume_interval_seconds: float = Field(
        default=1.0,
        ge=0,
        le=3600,
        alias="INDIGO_ALERTS_RESUME_INTERVAL_SECONDS",
        description="seconds between the deliveries a resume (or a retry of failed ones) sends "
        "again, oldest first",
    )
    digest_lookback_days: float = Field(default=7, gt=0, alias="INDIGO_ALERTS_DIGEST_LOOKBACK_DAYS")
