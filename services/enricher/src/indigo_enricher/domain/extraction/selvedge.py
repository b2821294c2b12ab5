"""Selvedge: true on selvedge/selvage/redline, false only when stated, else unknown."""

from __future__ import annotations

import re

from indigo_enricher.domain.extraction.japanese import japanese_selvedge
from indigo_enricher.domain.extraction.text import Anchored, Found

_SELVEDGE_WORD = (
    r"(?:selvedge|selvage|selvege|selvidge|selv|self[\s-]?edge|red[\s-]?lines?|redlined)"
)
_SELVEDGE_STARTS = ("selv", "self", "red")
_NO_SELVEDGE = re.compile(
    rf"\b(?:no|non|not|without|w/o|isn'?t|sans|never)[\s-]*(?:a\s+)?{_SELVEDGE_WORD}\b", re.I
)


def _negated(text: str, low: str) -> bool:
    """ "No selvedge", "non-selvedge", "without a redline": read around each selvedge word
    only (the negation starts at most 12 characters before it, the word is at most 9 long)."""
    for word in _SELVEDGE_STARTS:
        p = low.find(word)
        while p >= 0:
            if _NO_SELVEDGE.search(text, max(0, p - 12), p + 14) is not None:
                return True
            p = low.find(word, p + 1)
    return False


# "Selvedge?" is a question
_SELVEDGE = Anchored(re.compile(rf"\b{_SELVEDGE_WORD}\b(?!\s*\?)", re.I), _SELVEDGE_STARTS)


def extract_selvedge(text: str, *, strict: bool = False) -> Found[bool] | None:
    """True on selvedge/selvage/redline; False only when stated ("non-selvedge"); else None
    (also for a seller's question: "Selvedge?")."""
    low = text.lower()
    if _NO_SELVEDGE.search(text) if len(low) != len(text) else _negated(text, low):
        return Found(False, 0.85)
    if _SELVEDGE.search(text, low):
        return Found(True, 0.95 if not strict else 0.8)
    return japanese_selvedge(text)  # "赤耳" (the red ear), "セルビッジ"
