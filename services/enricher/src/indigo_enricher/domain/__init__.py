"""The enricher's domain: rule-based extraction of denim attributes from listing text, and the
pure part of asking an LLM for the rest.

Public API: :func:`extract` (``ListingText -> Extraction``), :data:`EXTRACTOR_VERSION` and the
domain types in :mod:`.models`. Vocabularies live in :mod:`.vocabulary`; the LLM's prompt,
answer schema, validation and merging in :mod:`.llm`.
"""

from indigo_enricher.domain.extraction import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.models import DenimAttributes, Extraction, ListingText

__all__ = ["EXTRACTOR_VERSION", "DenimAttributes", "Extraction", "ListingText", "extract"]
