"""Made in: the country of manufacture, as stated ("Made in USA", "USA made", "MIUSA") or, in
titles, written bare ("... light wash mexico"), never a shipping or seller location.
"""

from __future__ import annotations

import re

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.japanese import japanese_made_in
from indigo_enricher.domain.extraction.text import (
    Anchored,
    Found,
    Gated,
    ends_with,
    group_key,
    keyed_alternation,
    normalize,
)


def _country_regex(
    table: dict[str, tuple[str, ...]], prefix: str
) -> tuple[re.Pattern[str], list[str]]:
    alternation, groups = keyed_alternation(
        ((fragment, country) for country, fragments in table.items() for fragment in fragments),
        prefix,
    )
    return re.compile(alternation, re.I), groups


_COUNTRY_ALT, _COUNTRY_GROUPS = _country_regex(v.COUNTRIES, "c")
_BARE_ALT, _BARE_GROUPS = _country_regex(v.BARE_COUNTRIES, "c")
_ADJ_ALT, _ADJ_GROUPS = _country_regex(v.MADE_ADJECTIVES, "c")
_MADE_IN = Anchored(
    re.compile(
        r"\b(?:made|manufactured|mfd|mfg|sewn|assembled|produced|crafted|hecho|fabriqu[eé])"
        r"\s*(?:in|en)\s+(?:the\s+)?" + _COUNTRY_ALT.pattern + r"(?![\w])",
        re.I,
    ),
    "made manufactured mfd mfg sewn assembled produced crafted hecho fabriqu".split(),
)
_X_MADE = Gated(
    re.compile(r"(?<![\w])" + _ADJ_ALT.pattern + r"[\s-]+made\b", re.I), ("made",), back=20
)
_MIUSA = Anchored(re.compile(r"\bmiusa\b|\bmadeinusa\b", re.I), ("miusa", "madeinusa"))
_MIJ = Anchored(re.compile(r"\bMIJ\b"), ("mij",))
_BARE = Anchored(
    re.compile(r"(?<![\w.-])" + _BARE_ALT.pattern + r"(?![\w-])", re.I),
    "usa u.s.a mexico méxico japan canada italy hong tunisia egypt poland macau".split(),
)
_BARE_NOT_BEFORE = re.compile(
    r"(?:ship(?:s|ping|ped)?(?:\s+(?:from|to|within|in|only))?|from|located\s+in|based\s+in|"
    r"seller|to|new|in|within|sold\s+in|bought\s+in|outside)\s*\Z",
    re.I,
)
_BARE_NOT_AFTER = re.compile(
    r"\s*(?:seller|only|shipping|ship|flag|size|sizing|sz|fit|blue|brand|exclusive|market)\b",
    re.I,
)


_MADE_IN_PREFIX = re.compile(r"^(?:made|manufactured|sewn)\s+in\s+(?:the\s+)?", re.I)


def canonical_country(name: str) -> str | None:
    """The canonical country of a name given alone ("U.S.A.", "united states", "Made in Japan",
    "México"), or None when it is no country of the vocabulary."""
    cleaned = _MADE_IN_PREFIX.sub("", normalize(name)).strip(" .,;:")
    m = _COUNTRY_ALT.fullmatch(cleaned) or _COUNTRY_ALT.fullmatch(cleaned + ".")
    return group_key(m, _COUNTRY_GROUPS) if m else None


def extract_made_in(text: str, *, strict: bool = False) -> Found[str] | None:
    """Country of manufacture: "Made in USA", "Made in U.S.A.", "USA made", "MIUSA", "Hecho en
    Mexico"; in titles also a bare country ("... light wash mexico", "... USA"), unless it is a
    shipping or seller location ("ships from USA") or part of a brand ("Pure Blue Japan").
    """
    low = text.lower()
    m = _MADE_IN.search(text, low)
    if m is not None:
        return Found(group_key(m, _COUNTRY_GROUPS), 0.95 if not strict else 0.85)
    m = _X_MADE.search(text, low)
    if m is not None:
        return Found(group_key(m, _ADJ_GROUPS), 0.9 if not strict else 0.8)
    if _MIUSA.search(text, low):
        return Found("USA", 0.9 if not strict else 0.8)
    if _MIJ.search(text, low):
        return Found("Japan", 0.8 if not strict else 0.7)
    if (found := japanese_made_in(text)) is not None:  # "日本製", "USA製": made in
        return found if not strict else Found(found.value, 0.8)
    if strict:
        return None
    for m in _BARE.finditer(text, low):
        if ends_with(_BARE_NOT_BEFORE, text, m.start()) or _BARE_NOT_AFTER.match(text, m.end()):
            continue
        return Found(group_key(m, _BARE_GROUPS), 0.75)
    return None
