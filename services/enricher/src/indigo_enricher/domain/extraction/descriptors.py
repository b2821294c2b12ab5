"""Style (fit and rise), gender and feature tags."""

from __future__ import annotations

import re

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import Anchored, Found, group_key, vocabulary_scanner

_STYLE, _STYLE_GROUPS = vocabulary_scanner(v.STYLES, "s", before=r"(?<![\w'])", after=r"(?![\w])")
_TAG, _TAG_GROUPS = vocabulary_scanner(v.TAGS, "t", before=r"(?<![\w'])", after=r"(?![\w])")


def extract_style(text: str) -> Found[str] | None:
    """Fit and rise words in order of appearance, joined: "relaxed, tapered", "mom, high rise"."""
    seen: list[str] = []
    for m in _STYLE.finditer(text):
        style = group_key(m, _STYLE_GROUPS)
        if style not in seen:
            seen.append(style)
    if not seen:
        return None
    return Found(", ".join(seen), 0.8)


_WOMEN = Anchored(
    re.compile(
        r"\b(?:wom[ae]n'?s|womens|wom[ae]n|ladies'?|lady'?s|ladys|misses|juniors?'?s?|female)"
        r"(?![\w'])",
        re.I,
    ),
    ("wom", "lad", "misses", "junior", "female"),
)
_KIDS = Anchored(
    re.compile(
        r"\b(?:kids?'?s?|girl'?s|girls'?|boy'?s|boys'?|youth|toddler|children'?s?)(?![\w'])",
        re.I,
    ),
    ("kid", "girl", "boy", "youth", "toddler", "child"),
)
_MEN = Anchored(
    re.compile(r"\b(?:men'?s|mens|men|man'?s|male|gents?'?s?)(?![\w'])", re.I),
    ("men", "man", "male", "gent"),
)
_UNISEX = Anchored(re.compile(r"\bunisex\b", re.I), ("unisex",))


def extract_gender(text: str) -> Found[str] | None:
    """ "men", "women", "unisex" or "kids" where stated (men's, womens, ladies, unisex, girls);
    never inferred from the cut (mom jeans are not a stated gender)."""
    low = text.lower()
    if _UNISEX.search(text, low):
        return Found("unisex", 0.9)
    women = _WOMEN.search(text, low) is not None
    men = _MEN.search(text, low) is not None
    if women and men:
        return Found("unisex", 0.6)
    if women:
        return Found("women", 0.9)
    if men:
        return Found("men", 0.9)
    if _KIDS.search(text, low):
        return Found("kids", 0.8)
    return None


def extract_tags(text: str) -> list[str]:
    """Short lowercase feature keywords (big e, redline, orange tab, button fly, lvc...)."""
    out: list[str] = []
    for m in _TAG.finditer(text):
        tag = group_key(m, _TAG_GROUPS)
        if tag not in out:
            out.append(tag)
    return out
