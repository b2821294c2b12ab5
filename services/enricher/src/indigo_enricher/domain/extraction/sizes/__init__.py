"""Sizes: the tag size (waist, inseam) and the measured size, kept apart (DOMAIN.md).

Measured forms are read and masked first, so that "tagged 36x30 measures 34x29" gives tag 36x30
and measured 34x29. Then the tag size, most explicit form first; each reader masks what it used.

Resale-site forms beside DOMAIN.md's: a waist after a gender word or ``Sz`` ("Mens 34", "Sz 29"),
a waist beside a women's numeric or letter size ("Size 4/27", "Small (26)"), ``W27``, a bare
waist closing the title ("Levi's 505 Jeans 34"), and shorts, whose inseam is short ("32x5").
Women's numeric sizes ("Size 10", "Sz 9/10") and plus sizes ("18W", "Size 24 Plus") are never
waists: the reader stays silent rather than guess.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from indigo_enricher.domain.extraction.sizes.measured import measured_size
from indigo_enricher.domain.extraction.sizes.tag import tag_size
from indigo_enricher.domain.extraction.sizes.units import (
    INSEAM_RANGE,
    SIZE_WAIST_RANGE,
    WAIST_RANGE,
)
from indigo_enricher.domain.extraction.text import Found

__all__ = ["INSEAM_RANGE", "SIZE_WAIST_RANGE", "WAIST_RANGE", "Sizes", "extract_sizes", "is_shorts"]


class Sizes(NamedTuple):  # a named tuple, like Found: made for every text read
    waist: Found[float] | None = None
    inseam: Found[float] | None = None
    measured_waist: Found[float] | None = None
    measured_inseam: Found[float] | None = None
    masked: str = ""


_SHORTS = re.compile(r"\b(?:shorts|jorts|cut[\s-]?offs?|bermudas?)\b", re.I)


def is_shorts(text: str) -> bool:
    low = text.lower()
    if "shorts" not in low and "jort" not in low and "cut" not in low and "bermuda" not in low:
        return False
    return _SHORTS.search(text) is not None


def extract_sizes(
    text: str,
    *,
    strict: bool = False,
    shorts: bool | None = None,
    tag: bool = True,
    sizing: str | None = None,
) -> Sizes:
    """Tag size (``W32 L30``, ``32x30``, ``32/30``, ``32W 30L``, ``Size 30``...) and measured
    size (``measures 34x29``, ``measured waist 31"``, ``16" flat`` -> 32), kept apart. Returns
    the text with every consumed size masked. ``shorts`` (default: the text says shorts or
    jorts) admits short inseams; ``tag=False`` reads the measured size only; ``sizing``: how
    the maker tags: "european" (IT/FR: "Size 40" / a bare 44 is no waist; W40, 40x32 are) or
    "inches" (a premium women's label: a bare 23 or 24 is a waist, not a plus size) or "plus"
    (a plus-size label: its numbers up to 32 are plus sizes, as if the title said "plus")."""
    measured_waist, measured_inseam, text = measured_size(text, strict)
    if not tag:
        return Sizes(None, None, measured_waist, measured_inseam, text)
    read = tag_size(text, strict, is_shorts(text) if shorts is None else shorts, sizing)
    return Sizes(read.waist, read.inseam, measured_waist, measured_inseam, read.text)
