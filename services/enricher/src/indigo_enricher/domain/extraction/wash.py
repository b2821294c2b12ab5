"""Wash: one of rigid, dark, medium, light, stonewash, acid, black (DOMAIN.md's forms)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import Found, prev_word

_W = r"[\s-]*wash(?:ed|es)?\b"


def _not_after(words: Iterable[str]) -> str:
    return r"(?![\s-]+(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b)"


_WASH_PATTERNS: tuple[tuple[str, re.Pattern[str], float, bool], ...] = tuple(
    (wash, re.compile(pattern, re.I), confidence, shade)
    for wash, pattern, confidence, shade in (
        # (wash, pattern, confidence, is a shade word) -- specific finishes first.
        ("acid", rf"\b(?:acid|snow|marble(?:d)?|moon|frost(?:ed)?){_W}", 0.95, False),
        (
            "acid",
            r"\bacid\b|\bmarbled?\b(?![\s-]+(?:stitch|pattern))|\bfrosted\b|\bsnow\s?wash",
            0.85,
            False,
        ),
        ("stonewash", rf"\bstone[\s-]*wash(?:ed|es)?\b|\bstone{_W}|\bstoned\b", 0.95, False),
        (
            "rigid",
            r"\b(?:rigid|unwashed|un-washed|non[\s-]?washed|stf|shrink[\s-]*to[\s-]*fit)\b"
            r"|\braw(?![\s-]+(?:hem|hems|hemmed|edge|edges|cut|cuff|cuffs|seam|seams))\b"
            r"|\bdry(?![\s-]+clean)\b(?=[\s-]+(?:denim|selvedge|selvage|indigo|jeans?|rigid)|\s*$)",
            0.9,
            False,
        ),
        (
            "black",
            r"\bblack[\s-]+over[\s-]?dye[ds]?\b|\b(?:faded|washed)[\s-]+black\b"
            r"|\bgr[ae]y[\s-]+black\b",
            0.9,
            False,
        ),
        ("black", r"\bblack\b" + _not_after(v.BLACK_NOT_WASH), 0.8, False),
        (
            "dark",
            rf"\bdark(?:[\s-]+(?:indigo|blue|rinse|denim))?{_W}|\bdark[\s-]+indigo\b"
            rf"|\b(?:rinsed?|one[\s-]?wash|onewash)\b",
            0.9,
            True,
        ),
        ("dark", r"\bdark\b" + _not_after(v.DARK_NOT_WASH), 0.75, True),
        (
            "medium",
            rf"\b(?:medium|med|mid)(?:[\s-]+(?:blue|indigo))?{_W}"
            r"|\b(?:medium|mid)[\s-]+(?:blue|indigo)\b",
            0.9,
            True,
        ),
        ("medium", r"\bmedium\b" + _not_after(v.MEDIUM_NOT_WASH_AFTER), 0.7, True),
        (
            "light",
            rf"\blight(?:[\s-]+(?:blue|indigo))?{_W}|\b(?:light|sky)[\s-]+blue\b"
            rf"|\bfaded[\s-]+light\b|\bbleached\b|\bbleach{_W}",
            0.9,
            True,
        ),
        ("light", r"\blight\b" + _not_after(v.LIGHT_NOT_WASH), 0.7, True),
    )
)
_GARMENT_NOT_JEANS = re.compile(r"\b(?:jacket|shirt|vest|hoodie|tee|t-shirt|sweater|coat)\b", re.I)


def extract_wash(text: str, *, strict: bool = False) -> Found[str] | None:
    """One of rigid, dark, medium, light, stonewash, acid, black (DOMAIN.md forms).

    A finish beats a shade ("light stonewash" is stonewash, "black acid wash" acid); among
    shades the one written before "wash" wins, else the first. "Distressed" is no wash.
    ``strict`` (description) accepts only the explicit forms ("dark wash"), not bare shades.
    """
    shades: list[tuple[int, int, str, float]] = []
    for wash, pattern, confidence, shade in _WASH_PATTERNS:
        if strict and confidence < 0.85:
            continue
        for m in pattern.finditer(text):
            if wash == "medium" and confidence < 0.85:
                if prev_word(text, m.start()) in v.MEDIUM_NOT_WASH_BEFORE:
                    continue
                if _GARMENT_NOT_JEANS.search(text):
                    continue  # "Trucker Jacket Medium" is a letter size
            if not shade:
                return Found(wash, confidence if not strict else confidence * 0.8)
            explicit = confidence >= 0.9
            shades.append((0 if explicit else 1, m.start(), wash, confidence))
            break
    if not shades:
        return None
    shades.sort()
    _, _, wash, confidence = shades[0]
    return Found(wash, confidence if not strict else confidence * 0.8)
