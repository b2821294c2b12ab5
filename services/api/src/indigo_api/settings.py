from indigo_shared.settings import IndigoSettings
from pydantic import Field


class ApiSettings(IndigoSettings):
    indigo_api_host: str = "127.0.0.1"
    indigo_api_port: int = 8000
    indigo_cors_origins: list[str] = Field(default_factory=lambda: ["http://localhost:5173"])
    projector_batch_size: int = Field(
        default=200, ge=1, le=5000, alias="INDIGO_PROJECTOR_BATCH_SIZE"
    )
    projector_batch_timeout: float = Field(
        default=0.5, gt=0, alias="INDIGO_PROJECTOR_BATCH_TIMEOUT"
    )
