"""The settings base every service's settings class extends.

``NATS_URL`` and ``DATABASE_URL`` may be left unset: then the endpoints of the embedded servers that
``indigo dev`` started (recorded in ``.indigo/run/endpoints.json``) are used, so ``indigo sync`` and a
service started by hand find the running system.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from indigo_shared.money import DEFAULT_USD_RATES

if TYPE_CHECKING:
    from indigo_shared.delivery import DeliveryPolicy
    from indigo_shared.streams import StreamSettings


def state_dir() -> Path:
    """Where ``indigo dev`` keeps its data: ``INDIGO_HOME``, or ``.indigo`` in the repository."""
    if home := os.environ.get("INDIGO_HOME"):
        return Path(home).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "uv.lock").exists() and (folder / "shared").is_dir():
            return folder / ".indigo"
    return here / ".indigo"


def endpoints_file() -> Path:
    return state_dir() / "run" / "endpoints.json"


def running_endpoints() -> dict[str, str]:
    try:
        return json.loads(endpoints_file().read_text())
    except (OSError, ValueError):
        return {}


class MissingEndpoint(RuntimeError):
    pass


class IndigoSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", env_ignore_empty=True, populate_by_name=True
    )

    nats_url: str | None = Field(default=None, description="NATS server; unset: the embedded one")
    database_url: str | None = Field(
        default=None, description="PostgreSQL; unset: the embedded one"
    )
    log_level: str = Field(default="INFO", alias="INDIGO_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field(
        default="text",
        alias="INDIGO_LOG_FORMAT",
        description="text for people (make run), json for a log pipeline (one object per line)",
    )
    access_log_sample: float = Field(
        default=0.0,
        ge=0,
        le=1,
        alias="INDIGO_ACCESS_LOG_SAMPLE",
        description="share of successful HTTP requests logged; failed ones always are",
    )
    listings_max_age_days: float = Field(default=90, alias="INDIGO_LISTINGS_MAX_AGE_DAYS")
    duplicate_window_hours: float = Field(default=24, alias="INDIGO_DUPLICATE_WINDOW_HOURS")
    stream_replicas: int = Field(default=1, alias="INDIGO_STREAM_REPLICAS")
    max_deliver: int = Field(default=5, ge=1, alias="INDIGO_MAX_DELIVER")
    ack_wait_seconds: float = Field(
        default=60,
        gt=0,
        alias="INDIGO_ACK_WAIT_SECONDS",
        description="how long a consumer may hold a message before it is redelivered",
    )
    outage_backoff_seconds: tuple[float, ...] = Field(
        default=(0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
        alias="INDIGO_OUTAGE_BACKOFF_SECONDS",
        description="waits between attempts while NATS, PostgreSQL or the LLM is down (JSON list;"
        " the last repeats); such attempts never count toward parking a message",
    )
    sync_jobs_keep_days: float = Field(
        default=30,
        gt=0,
        alias="INDIGO_SYNC_JOBS_KEEP_DAYS",
        description="sync jobs (and what the services keep about them) older than this are deleted",
    )
    job_stalled_after_seconds: float = Field(
        default=120,
        gt=0,
        alias="INDIGO_JOB_STALLED_AFTER_SECONDS",
        description="a running sync job with no status for this long is shown `stalled`",
    )
    http_host: str = Field(default="0.0.0.0", alias="INDIGO_HTTP_HOST")
    http_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        alias="INDIGO_HTTP_PORT",
        description="port of /healthz, /readyz and /metrics of a consumer service (unset: none)",
    )
    environment: Literal["development", "production"] = Field(
        default="development",
        alias="INDIGO_ENV",
        description="production: INDIGO_SECRET_KEY is required and never generated",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        alias="INDIGO_SECRET_KEY",
        description="the server secret: encrypts marketplace credentials, OAuth tokens and alert "
        "channel secrets, keys API-key hashes; unset in development: generated under .indigo/",
    )
    previous_secret_keys: list[SecretStr] = Field(
        default_factory=list,
        alias="INDIGO_PREVIOUS_SECRET_KEYS",
        description="JSON list of retired secrets, still read while `indigo credentials "
        "rotate-key` re-encrypts their rows under INDIGO_SECRET_KEY",
    )
    fx_rates: dict[str, Decimal] = Field(
        default_factory=lambda: dict(DEFAULT_USD_RATES),
        alias="INDIGO_FX_RATES",
        description="USD per unit of each currency, as JSON",
    )

    secrets_key: SecretStr | None = Field(
        default=None,
        alias="INDIGO_SECRETS_KEY",
        description="deprecated: the earlier sealing key of alert channel secrets, now sealed "
        "under INDIGO_SECRET_KEY; still opens what it sealed until `indigo credentials "
        "rotate-key` has run (comma-separated keys)",
    )
    alerts_allow_private_targets: bool = Field(
        default=False,
        alias="INDIGO_ALERTS_ALLOW_PRIVATE_TARGETS",
        description="let alert channels reach private, loopback and link-local addresses "
        "(development and tests); off, such targets are refused at creation and at delivery",
    )

    def require_nats_url(self) -> str:
        url = self.nats_url or running_endpoints().get("nats_url")
        if not url:
            raise MissingEndpoint("NATS_URL is not set and no `indigo dev` is running")
        return url

    def database_configured(self) -> bool:
        return bool(self.database_url or running_endpoints().get("database_url"))

    def require_database_url(self) -> str:
        url = self.database_url or running_endpoints().get("database_url")
        if not url:
            raise MissingEndpoint("DATABASE_URL is not set and no `indigo dev` is running")
        return url

    def delivery_policy(self, consumer: str, **overrides) -> DeliveryPolicy:
        from indigo_shared.delivery import DeliveryPolicy

        options = dict(
            consumer=consumer,
            max_deliver=self.max_deliver,
            ack_wait=self.ack_wait_seconds,
            outage_backoff=self.outage_backoff_seconds,
        )
        return DeliveryPolicy(**(options | overrides))

    def stream_settings(self) -> StreamSettings:
        from indigo_shared.streams import StreamSettings

        return StreamSettings(
            listings_max_age_days=self.listings_max_age_days,
            duplicate_window_hours=self.duplicate_window_hours,
            replicas=self.stream_replicas,
        )
