from indigo_shared.settings import IndigoSettings
from pydantic import Field


class EnricherSettings(IndigoSettings):
    enricher_batch_size: int = Field(default=64, ge=1, le=1000, alias="INDIGO_ENRICHER_BATCH_SIZE")
