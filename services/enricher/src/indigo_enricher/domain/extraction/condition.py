"""Condition (deadstock / excellent / good / fair / distressed) and flaws, DOMAIN.md's grades."""

from __future__ import annotations

import re
from typing import Any

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import (
    Found,
    collapse_spaces,
    group_key,
    keyed_alternation,
    prev_word,
)

_CONDITION_PHRASE = re.compile(
    r"\b(excellent|exc\.?|great|good|very\s+good|fair|poor|mint|perfect|pristine|ok|decent|"
    r"rough|worn)\s+(?:vintage\s+|used\s+|pre-?owned\s+|overall\s+)*(?:condition|cond\.?|shape)\b",
    re.I,
)
_PHRASE_GRADE = {
    "excellent": "excellent",
    "exc": "excellent",
    "exc.": "excellent",
    "great": "excellent",
    "mint": "excellent",
    "perfect": "excellent",
    "pristine": "excellent",
    "good": "good",
    "very good": "good",
    "ok": "fair",
    "decent": "good",
    "fair": "fair",
    "poor": "distressed",
    "rough": "distressed",
    "worn": "fair",
}
_CONDITION_PATTERNS: tuple[tuple[str, re.Pattern[str], float, bool], ...] = tuple(
    (grade, re.compile(pattern, flags), confidence, strict_ok)
    for grade, pattern, flags, confidence, strict_ok in (
        # (grade, pattern, flags, confidence, allowed in description text)
        (
            "excellent",
            r"\b(?:near(?:ly)?|almost|like|basically)[\s-]+(?:dead[\s-]?stock|new|ds)\b"
            r"|\bVNDS\b|\bEUC\b|\bnear[\s-]+mint\b",
            re.I,
            0.8,
            True,
        ),
        (
            "deadstock",
            r"\bdead[\s-]?stock\b|\bnew\s+(?:old\s+stock|with\s+(?:original\s+)?tags?)\b"
            r"|\bnew\s+w/\s?tags?\b|\bbrand\s+new\b|\b(?:never|un)[\s-]?worn\b",
            re.I,
            0.9,
            True,
        ),
        ("deadstock", r"\b(?:NWT|BNWT|NWOT|NOS|DS)\b", 0, 0.9, True),
        ("deadstock", r"\bnew\s+without\s+tags?\b", re.I, 0.75, True),
        (
            "distressed",
            r"\b(?:thrashed|trashed|destroyed|beater|beat[\s-]+up)\b"
            r"|\bproject(?=[\s-]+(?:jeans?|pair|denim|piece))|\b(?:repair|diy|craft)\s+project\b"
            r"|\bfor\s+projects?\b",
            re.I,
            0.8,
            True,
        ),
        ("distressed", r"\bdistressed\b", re.I, 0.8, False),
        (
            "excellent",
            r"\bexcellent\b|\blike[\s-]+new\b|\bmint\b(?![\s-]+(?:green|colou?r))",
            re.I,
            0.8,
            False,
        ),
        ("good", r"\b(?:GUC|VGUC)\b", 0, 0.8, True),
        (
            "good",
            r"\b(?:light(?:ly)?|minor|slight|gentle|gently)[\s-]+(?:wear|worn|used)\b",
            re.I,
            0.75,
            True,
        ),
        (
            "fair",
            r"\b(?:some|normal|general|heavy|heavily|moderate|visible|overall|obvious)[\s-]+"
            r"(?:wear|worn)\b|\bsigns\s+of\s+wear\b|\bwear\s+and\s+tear\b|\bwell[\s-]+worn\b"
            r"|\bas[\s-]+is\b",
            re.I,
            0.7,
            True,
        ),
        ("fair", r"\bflaw(?:s|ed)\b|\bfair\b(?![\s-]+isle)", re.I, 0.7, False),
        (
            "good",
            r"\bgood\b(?![\s-]+(?:for|luck|quality|fit|fits|fade|fades|fading|vibes?|looking|"
            r"length|size))",
            re.I,
            0.6,
            False,
        ),
    )
)


def ebay_condition(value: Any) -> Found[str] | None:
    if not isinstance(value, str):
        return None
    key = collapse_spaces(value.strip().lower().replace("\u2013", "-"))
    hit = v.EBAY_CONDITIONS.get(key)
    return Found(hit[0], hit[1]) if hit else None


def extract_condition(text: str, *, strict: bool = False) -> Found[str] | None:
    """deadstock / excellent / good / fair / distressed. An explicit "<grade> condition" phrase
    wins; otherwise the first form by DOMAIN.md priority (deadstock markers before wear words).
    """
    m = _CONDITION_PHRASE.search(text)
    if m is not None:
        word = collapse_spaces(m.group(1).lower())
        return Found(_PHRASE_GRADE[word], 0.9 if not strict else 0.75)
    for grade, pattern, confidence, strict_ok in _CONDITION_PATTERNS:
        if strict and not strict_ok:
            continue
        if pattern.search(text):
            return Found(grade, confidence if not strict else confidence * 0.85)
    return None


_FLAW_ALT, _FLAW_GROUPS = keyed_alternation(
    ((fragment, flaw) for flaw, fragments in v.FLAWS.items() for fragment in fragments),
    "f",
    longest_first=False,  # vocabulary order: "crotch holes" is a blowout, not "holes"
)
_FLAW = re.compile(r"\b" + _FLAW_ALT + r"\b", re.I)
_NEGATION = re.compile(
    r"\b(?:no|without|w/o|free\s+of|zero|not?|never|nor|none)\b"
    r"(?:[\s,/&]+(?:major|visible|noticeable|obvious|significant|any|other|real|big|or|and|"
    r"holes?|rips?|tears?|stains?|paint|repairs?|flaws?|damage|issues?|crotch|knee|blowouts?))*"
    r"[\s,/&]*\Z",
    re.I,
)


def extract_flaws(text: str) -> list[str]:
    """Flaws named in ``text`` (canonical names, first-seen order), skipping negated ones ("no
    holes or stains"), labels that are not repairs ("leather patch") and fades (never flaws).
    """
    out: list[str] = []
    for m in _FLAW.finditer(text):
        flaw = group_key(m, _FLAW_GROUPS)
        if flaw in out:
            continue
        before = prev_word(text, m.start())
        if flaw == "patches" and before in v.PATCH_NOT_FLAW:
            continue
        if flaw == "paint" and before in v.PAINT_NOT_FLAW:
            continue
        if _NEGATION.search(text, max(0, m.start() - 60), m.start()):
            continue
        out.append(flaw)
    return out
