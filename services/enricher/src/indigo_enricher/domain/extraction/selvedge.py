"""Selvedge: true on selvedge/selvage/redline, false only when stated, else unknown."""

from __future__ import annotations

import re

from indigo_enricher.domain.extraction.text import Found

_SELVEDGE_WORD = (
    r"(?:selvedge|selvage|selvege|selvidge|selv|self[\s-]?edge|red[\s-]?lines?|redlined)"
)
_NO_SELVEDGE = re.compile(
    rf"\b(?:no|non|not|without|w/o|isn'?t|sans|never)[\s-]*(?:a\s+)?{_SELVEDGE_WORD}\b", re.I
)
_SELVEDGE = re.compile(rf"\b{_SELVEDGE_WORD}\b(?!\s*\?)", re.I)  # "Selvedge?" is a question


def extract_selvedge(text: str, *, strict: bool = False) -> Found[bool] | None:
    """True on selvedge/selvage/redline; False only when stated ("non-selvedge"); else None
    (also for a seller's question: "Selvedge?")."""
    if _NO_SELVEDGE.search(text):
        return Found(False, 0.85)
    if _SELVEDGE.search(text):
        return Found(True, 0.95 if not strict else 0.8)
    return None
