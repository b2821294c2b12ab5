"""Vocabularies of the rule-based extractor, one module per field: brands and their forms, lot
numbers, washes, countries, conditions and flaws, styles and feature tags.

Facts come from ``DOMAIN.md`` (the denim facts shared by the team) and, for brands, from what the
resale sites sell (sources in :mod:`.brands`). Patterns here are regex *fragments* (brand forms
are plain text); :mod:`indigo_enricher.domain.extraction` compiles them once at import time. Text
reaching them is already normalized (curly quotes and primes folded to ``'`` and ``"``, dashes to
``-``, ``×`` to ``x``), so fragments only need the ASCII forms.
"""

from indigo_enricher.domain.vocabulary.brands import (
    BRANDS,
    CAPITALS,
    FOUNDED,
    GARMENT_WORDS,
    LEADING_WORDS,
    OPENING_GARMENTS,
    WORD_BRANDS,
    WordBrand,
)
from indigo_enricher.domain.vocabulary.condition import (
    EBAY_CONDITIONS,
    FAIR_FLAWS,
    FLAWS,
    FOREIGN_CONDITION_HINTS,
    FOREIGN_CONDITIONS,
    PAINT_NOT_FLAW,
    PATCH_NOT_FLAW,
)
from indigo_enricher.domain.vocabulary.countries import BARE_COUNTRIES, COUNTRIES, MADE_ADJECTIVES
from indigo_enricher.domain.vocabulary.fits import (
    CONDITION_WORD_FITS,
    DECADE_FITS,
    EUROPEAN_SIZED,
    INCH_SIZED_WOMENS,
    LINE_YEARS,
    PLUS_SIZED,
)
from indigo_enricher.domain.vocabulary.japanese import (
    JAPANESE_BRANDS,
    JAPANESE_CONDITIONS,
    JAPANESE_MADE_IN,
    JAPANESE_SELVEDGE,
    JAPANESE_WASHES,
)
from indigo_enricher.domain.vocabulary.lots import (
    EDWIN_LOTS,
    JACKET_LOTS,
    LEE_LOTS,
    LEVIS_JACKET_LOTS,
    LEVIS_LOTS,
    LEVIS_NUMBERED_MAKERS,
    LEVIS_ONLY_LOTS,
    LVC_CODE_YEARS,
    UNKNOWN_LEVIS_LOT_RANGE,
    WRANGLER_LOTS,
)
from indigo_enricher.domain.vocabulary.styles import STYLES, TAGS
from indigo_enricher.domain.vocabulary.washes import (
    BLACK_NOT_WASH,
    DARK_NOT_WASH,
    FOREIGN_WASH_HINTS,
    FOREIGN_WASHES,
    LIGHT_NOT_WASH,
    MEDIUM_NOT_WASH_AFTER,
    MEDIUM_NOT_WASH_BEFORE,
)

__all__ = [
    "BARE_COUNTRIES",
    "BLACK_NOT_WASH",
    "BRANDS",
    "CAPITALS",
    "FOUNDED",
    "CONDITION_WORD_FITS",
    "COUNTRIES",
    "DARK_NOT_WASH",
    "DECADE_FITS",
    "EBAY_CONDITIONS",
    "EUROPEAN_SIZED",
    "FAIR_FLAWS",
    "FLAWS",
    "FOREIGN_CONDITIONS",
    "FOREIGN_CONDITION_HINTS",
    "FOREIGN_WASHES",
    "FOREIGN_WASH_HINTS",
    "INCH_SIZED_WOMENS",
    "JAPANESE_BRANDS",
    "JAPANESE_CONDITIONS",
    "JAPANESE_MADE_IN",
    "JAPANESE_SELVEDGE",
    "JAPANESE_WASHES",
    "GARMENT_WORDS",
    "LEADING_WORDS",
    "EDWIN_LOTS",
    "JACKET_LOTS",
    "LEE_LOTS",
    "LEVIS_JACKET_LOTS",
    "LEVIS_LOTS",
    "LEVIS_NUMBERED_MAKERS",
    "LEVIS_ONLY_LOTS",
    "LVC_CODE_YEARS",
    "LIGHT_NOT_WASH",
    "LINE_YEARS",
    "MADE_ADJECTIVES",
    "MEDIUM_NOT_WASH_AFTER",
    "MEDIUM_NOT_WASH_BEFORE",
    "OPENING_GARMENTS",
    "PAINT_NOT_FLAW",
    "PATCH_NOT_FLAW",
    "PLUS_SIZED",
    "STYLES",
    "TAGS",
    "UNKNOWN_LEVIS_LOT_RANGE",
    "WORD_BRANDS",
    "WRANGLER_LOTS",
    "WordBrand",
]
