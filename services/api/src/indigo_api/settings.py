from indigo_shared.settings import IndigoSettings
from limits import parse_many
from pydantic import Field, field_validator


class ApiSettings(IndigoSettings):
    indigo_api_host: str = "127.0.0.1"
    indigo_api_port: int = 8000
    indigo_cors_origins: list[str] = Field(default_factory=lambda: ["http://localhost:5173"])
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        alias="INDIGO_API_MAX_BODY_BYTES",
        description="larger request bodies are refused with 413 before they are read",
    )
    cache_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        alias="INDIGO_API_CACHE_SECONDS",
        description="how long a rendered GET answer may be served again (a commit to the "
        "tables it read makes it stale sooner); 0: no cache",
    )
    dependency_timeout: float = Field(
        default=5.0,
        gt=0,
        alias="INDIGO_API_DEPENDENCY_TIMEOUT_SECONDS",
        description="how long a request waits for PostgreSQL or NATS before answering 503",
    )
    retry_after_seconds: int = Field(
        default=5, ge=1, alias="INDIGO_API_RETRY_AFTER_SECONDS", description="on a 503"
    )
    read_your_writes_seconds: float = Field(
        default=2.0,
        ge=0,
        le=30,
        alias="INDIGO_API_READ_YOUR_WRITES_SECONDS",
        description="how long a trigger or cancel waits for the projector to show its job",
    )
    sync_queue_limit: int = Field(
        default=20,
        ge=1,
        alias="INDIGO_SYNC_QUEUE_LIMIT",
        description="syncs of one platform waiting for a collector before triggers get 429",
    )
    sync_queue_retry_after_seconds: int = Field(
        default=60, ge=1, alias="INDIGO_SYNC_QUEUE_RETRY_AFTER_SECONDS"
    )
    projector_batch_size: int = Field(
        default=200, ge=1, le=5000, alias="INDIGO_PROJECTOR_BATCH_SIZE"
    )
    projector_batch_timeout: float = Field(
        default=0.5, gt=0, alias="INDIGO_PROJECTOR_BATCH_TIMEOUT"
    )
    reads_require_key: bool = Field(
        default=False,
        alias="INDIGO_API_READS_REQUIRE_KEY",
        description="GET endpoints need an API key with the read scope too (health and "
        "metrics stay open)",
    )
    rate_limit: str = Field(
        default="30/minute;300/hour",
        alias="INDIGO_API_RATE_LIMIT",
        description="requests that change something, per API key and API process (moving "
        "windows, `limits` notation: 10/second;30/minute)",
    )
    hsts_seconds: int = Field(
        default=0,
        ge=0,
        alias="INDIGO_API_HSTS_SECONDS",
        description="Strict-Transport-Security max-age when the API is served over HTTPS; 0: "
        "no header",
    )

    @field_validator("rate_limit")
    @classmethod
    def _limits(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"INDIGO_API_RATE_LIMIT: {exc}") from None
        return value
