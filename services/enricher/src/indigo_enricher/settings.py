from pydantic import Field

from indigo_shared.settings import IndigoSettings


class EnricherSettings(IndigoSettings):
    enricher_batch_size: int = Field(default=64, ge=1, le=1000, alias="INDIGO_ENRICHER_BATCH_SIZE")
