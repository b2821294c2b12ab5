"""Wash: one of rigid, dark, medium, light, stonewash, acid, black (DOMAIN.md's forms)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.japanese import japanese_wash
from indigo_enricher.domain.extraction.text import (
    Anchored,
    Found,
    has_any,
    literal_start,
    prev_word,
)

_W = r"[\s-]*wash(?:ed|es)?\b"


def _not_after(words: Iterable[str]) -> str:
    return r"(?![\s-]+(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b)"


_FOREIGN_PATTERNS: set[str] = set()


def _foreign(wash: str, confidence: float, shade: bool) -> tuple[str, str, float, bool, str]:
    """A row of the table for the wash's continental words (:data:`vocabulary.FOREIGN_WASHES`):
    whole words, below the 0.85 that descriptions need (read in titles only)."""
    fragments = v.FOREIGN_WASHES[wash]
    starts = sorted({literal_start(f) or "" for f in fragments})
    pattern = r"\b(?:" + "|".join(fragments) + r")\b"
    _FOREIGN_PATTERNS.add(pattern)
    return (wash, pattern, confidence, shade, " ".join(starts))


#: (wash, pattern, confidence, is a shade word, the words its matches start with), specific
#: finishes first.
_WASH_TABLE = (
    (
        "acid",
        rf"\b(?:acid|snow|marble(?:d)?|moon|frost(?:ed)?){_W}",
        0.95,
        False,
        "acid snow marble moon frost",
    ),
    (
        "acid",
        r"\bacid\b|\bmarbled?\b(?![\s-]+(?:stitch|pattern))|\bfrosted\b|\bsnow\s?wash",
        0.85,
        False,
        "acid marble frosted snow",
    ),
    ("stonewash", rf"\bstone[\s-]*wash(?:ed|es)?\b|\bstone{_W}|\bstoned\b", 0.95, False, "stone"),
    (
        "rigid",
        r"\b(?:rigid|unwashed|un-washed|non[\s-]?washed|stf|shrink[\s-]*to[\s-]*fit)\b"
        r"|\braw(?![\s-]+(?:hem|hems|hemmed|edge|edges|cut|cuff|cuffs|seam|seams))\b"
        # "Dry" before a fabric word (DOMAIN.md: dry is rigid): Nudie names its unwashed
        # denims so ("Dry 16 Dips", "Dry Organic", "Dry Broken Twill", "Dry Ecru"), and
        # collectors write "dry selvedge".
        r"|\bdry(?![\s-]+clean)\b(?=[\s-]+(?:denim|selvedge|selvage|indigo|jeans?|rigid|"
        r"\d+\s*dips|organic|twill|broken|ecru|ring)|\s*$)",
        0.9,
        False,
        "rigid unwashed un-washed non stf shrink raw dry",
    ),
    (
        "black",
        r"\bblack[\s-]+over[\s-]?dye[ds]?\b|\b(?:faded|washed)[\s-]+black\b"
        r"|\bgr[ae]y[\s-]+black\b|\bsuper[\s-]?black\b",  # Iron Heart's "Superblack"
        0.9,
        False,
        "black faded washed grey gray super",
    ),
    ("black", r"\bblack\b" + _not_after(v.BLACK_NOT_WASH), 0.8, False, "black"),
    *(_foreign(wash, 0.8, False) for wash in ("rigid", "black")),
    (
        "dark",
        rf"\bdark(?:[\s-]+(?:indigo|blue|rinse|denim))?{_W}|\bdark[\s-]+indigo\b"
        rf"|\b(?:rinsed?|one[\s-]?wash|onewash)\b|(?<!worn\s)\bonce[\s-]+washed\b",
        0.9,
        True,
        "dark rinse one once",
    ),
    ("dark", r"\bdark\b" + _not_after(v.DARK_NOT_WASH), 0.75, True, "dark"),
    (
        "medium",
        rf"\b(?:medium|med|mid)(?:[\s-]+(?:blue|indigo))?{_W}"
        r"|\b(?:medium|mid)[\s-]+(?:blue|indigo)\b",
        0.9,
        True,
        "med mid",
    ),
    ("medium", r"\bmedium\b" + _not_after(v.MEDIUM_NOT_WASH_AFTER), 0.7, True, "medium"),
    (
        "light",
        rf"\blight(?:[\s-]+(?:blue|indigo))?{_W}|\b(?:light|sky)[\s-]+blue\b"
        rf"|\bfaded[\s-]+light\b|\bbleached\b|\bbleach{_W}",
        0.9,
        True,
        "light sky faded bleach",
    ),
    ("light", r"\blight\b" + _not_after(v.LIGHT_NOT_WASH), 0.7, True, "light"),
    *(_foreign(wash, 0.8, True) for wash in ("dark", "light")),
)
_WASH_PATTERNS: tuple[tuple[str, Anchored, float, bool, bool], ...] = tuple(
    (
        wash,
        Anchored(re.compile(pattern, re.I), starts.split()),
        confidence,
        shade,
        pattern in _FOREIGN_PATTERNS,
    )
    for wash, pattern, confidence, shade, starts in _WASH_TABLE
)
#: Where a continental wash word may be written (see :data:`vocabulary.FOREIGN_WASH_HINTS`).
_FOREIGN_HINTS = tuple(v.FOREIGN_WASH_HINTS)


_GARMENTS = frozenset({"jeans", "jean", "pants", "denim", "trousers", "shorts", "overalls"})
_GARMENT_NOT_JEANS = re.compile(r"\b(?:jacket|shirt|vest|hoodie|tee|t-shirt|sweater|coat)\b", re.I)


def extract_wash(text: str, *, strict: bool = False) -> Found[str] | None:
    """One of rigid, dark, medium, light, stonewash, acid, black (DOMAIN.md forms).

    A finish beats a shade ("light stonewash" is stonewash, "black acid wash" acid); among
    shades the one written before "wash" wins, else the first. "Distressed" is no wash.
    ``strict`` (description) accepts only the explicit forms ("dark wash"), not bare shades.
    """
    shades: list[tuple[int, int, str, float]] = []
    low = text.lower()
    foreign: bool | None = None  # whether a continental wash word may be written: asked once
    for wash, pattern, confidence, shade, continental in _WASH_PATTERNS:
        if strict and confidence < 0.85:
            continue
        if continental:
            if foreign is None:
                foreign = has_any(low, _FOREIGN_HINTS)
            if not foreign:
                continue
        for m in pattern.finditer(text, low):
            if wash == "medium" and confidence < 0.85:
                before = prev_word(text, m.start())
                if before in v.MEDIUM_NOT_WASH_BEFORE or any(c.isdigit() for c in before):
                    continue  # "Size 12 Medium", "20W Medium": a length or a letter size
                if before in _GARMENTS and not text[m.end() :].strip(" |.,;:!-)"):
                    continue  # "Washed Jeans Medium" closing a title is a letter size
                if _GARMENT_NOT_JEANS.search(text):
                    continue  # "Trucker Jacket Medium" is a letter size
            if not shade:
                return Found(wash, confidence if not strict else confidence * 0.8)
            explicit = confidence >= 0.9
            shades.append((0 if explicit else 1, m.start(), wash, confidence))
            break
    if not shades:
        found = japanese_wash(text)  # "ケミカルウォッシュ", "濃紺"
        return found if found is None or not strict else Found(found.value, 0.7)
    shades.sort()
    _, _, wash, confidence = shades[0]
    return Found(wash, confidence if not strict else confidence * 0.8)
