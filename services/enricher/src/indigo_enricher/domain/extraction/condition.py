"""Condition (deadstock / excellent / good / fair / distressed) and flaws, DOMAIN.md's grades."""

from __future__ import annotations

import re
from typing import Any

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.japanese import japanese_condition
from indigo_enricher.domain.extraction.text import (
    Anchored,
    Found,
    Gated,
    collapse_spaces,
    group_key,
    has_any,
    keyed_alternation,
    literal_start,
    mask_all,
    prev_word,
)

_CONDITION_PHRASE = Gated(
    re.compile(
        r"\b(excellent|exc\.?|great|good|very\s+good|fair|poor|mint|perfect|pristine|ok|decent|"
        r"rough|worn|nice|amazing|awesome|superb|immaculate)"
        r"\s+(?:vintage\s+|used\s+|pre-?owned\s+|overall\s+)*"
        r"(?:condition|cond\.?|shape)\b",
        re.I,
    ),
    ("cond", "shape"),
    back=60,
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
    # Sellers' praise words before "condition": the grade of the word they stand for.
    "nice": "good",
    "amazing": "excellent",
    "awesome": "excellent",
    "superb": "excellent",
    "immaculate": "excellent",
}
_FOREIGN_PATTERNS: set[str] = set()


def _foreign(grade: str, confidence: float, strict_ok: bool) -> tuple:
    """A row of the table for the grade's continental words (:data:`vocabulary.FOREIGN_CONDITIONS`)."""
    fragments = v.FOREIGN_CONDITIONS[grade]
    starts = sorted({literal_start(f) or "" for f in fragments})
    pattern = r"\b(?:" + "|".join(fragments) + r")\b"
    _FOREIGN_PATTERNS.add(pattern)
    return (grade, pattern, re.I, confidence, strict_ok, " ".join(starts))


#: (grade, pattern, flags, confidence, allowed in description text, the words its matches
#: start with), by DOMAIN.md's priority: deadstock markers before wear words.
_CONDITION_TABLE = (
    _foreign("excellent", 0.85, True),
    (
        "excellent",
        r"\b(?:near(?:ly)?|almost|like|basically)[\s-]+(?:dead[\s-]?stock|new|ds)\b"
        r"|\bVNDS\b|\bEUC\b|\bnear[\s-]+mint\b",
        re.I,
        0.8,
        True,
        "near almost like basically vnds euc",
    ),
    (
        "deadstock",
        r"\bdead[\s-]?stock\b|\bnew\s+(?:old\s+stock|with\s+(?:original\s+)?tags?)\b"
        r"|\bnew\s+w/\s?tags?\b|\bbrand\s+new\b|\b(?:never|un)[\s-]?worn\b",
        re.I,
        0.9,
        True,
        "dead new brand never un",
    ),
    # In any case "nwt", "nwot" (Depop's lower case); "DS", "NOS" only in capitals ("ds", "nos"
    # are words: Spanish "nos")
    (
        "deadstock",
        r"\b(?:NOS|DS|(?i:nwt|bnwt|nwot))\b",
        0,
        0.9,
        True,
        "nwt bnwt nwot nos ds",
    ),
    _foreign("deadstock", 0.9, True),
    ("deadstock", r"\bnew\s+without\s+tags?\b", re.I, 0.75, True, "new"),
    (
        "distressed",
        r"\b(?:thrashed|trashed|destroyed|beater|beat[\s-]+up)\b"
        r"|\bproject(?=[\s-]+(?:jeans?|pair|denim|piece))|\b(?:repair|diy|craft)\s+project\b"
        r"|\bfor\s+projects?\b",
        re.I,
        0.8,
        True,
        "thrashed trashed destroyed beat project repair diy craft for",
    ),
    ("distressed", r"\bdistressed\b", re.I, 0.8, False, "distressed"),
    # Ripped and destroyed jeans are distressed ones (DOMAIN.md: "ripped" is condition);
    # "Destroyer" a fit sold so (Represent R3 Destroyer). Titles only: descriptions say "not
    # ripped". Not "Damaged": Visvim's "Social Sculpture Damaged" is a wash's name.
    (
        "distressed",
        r"\bripped\b(?![\s-]+belt)|\bdestroy(?:ed|er)\b",
        re.I,
        0.75,
        False,
        "ripped destroy",
    ),
    _foreign("distressed", 0.75, False),
    (
        "excellent",
        r"\bexcellent\b|\blike[\s-]+new\b|\bmint\b(?![\s-]+(?:green|colou?r))"
        r"|\b(?:only\s+)?worn\s+(?:once|twice)\b",  # "Worn Once": as good as new
        re.I,
        0.8,
        False,
        "excellent like mint only worn",
    ),
    ("good", r"\b(?:GUC|VGUC)\b", 0, 0.8, True, "guc vguc"),
    _foreign("good", 0.85, True),
    (
        "good",
        r"\b(?:light(?:ly)?|minor|slight|gentle|gently)[\s-]+(?:wear|worn|used)\b",
        re.I,
        0.75,
        True,
        "light minor slight gentl",  # "gentl": "gentle" and "gently" ("Gently Worn")
    ),
    (
        "fair",
        r"\b(?:some|normal|general|heavy|heavily|moderate|visible|overall|obvious)[\s-]+"
        r"(?:wear|worn)\b|\bsigns\s+of\s+wear\b|\bwear\s+and\s+tear\b|\bwell[\s-]+worn\b"
        r"|\bas[\s-]+is\b|\bneeds?[\s-]+(?:repairs?|mending|fixing|some\s+love|tlc)\b",
        re.I,
        0.7,
        True,
        "some normal general heavy heavily moderate visible overall obvious signs wear well as "
        "need",
    ),
    ("fair", r"\bflaw(?:s|ed)\b|\bfair\b(?![\s-]+isle)", re.I, 0.7, False, "flaw fair"),
    _foreign("fair", 0.75, True),
    (
        "good",
        r"\bgood\b(?![\s-]+(?:for|luck|quality|fit|fits|fade|fades|fading|vibes?|looking|"
        r"length|size))",
        re.I,
        0.6,
        False,
        "good",
    ),
)
_CONDITION_PATTERNS: tuple[tuple[str, Anchored, float, bool, bool], ...] = tuple(
    (
        grade,
        Anchored(re.compile(pattern, flags), starts.split()),
        confidence,
        strict_ok,
        pattern in _FOREIGN_PATTERNS,
    )
    for grade, pattern, flags, confidence, strict_ok, starts in _CONDITION_TABLE
)
#: Where a continental grade may be written (see :data:`vocabulary.FOREIGN_CONDITION_HINTS`).
_FOREIGN_HINTS = tuple(v.FOREIGN_CONDITION_HINTS)


_CONDITION_WORD_FITS: dict[str, re.Pattern[str]] = {
    brand: re.compile("|".join(f"(?:{f})" for f in fragments), re.I)
    for brand, fragments in v.CONDITION_WORD_FITS.items()
}


def without_fit_names(text: str, brand: str | None) -> str:
    """``text`` with the maker's fit names that open with a condition word masked ("Good
    American Good Legs": a fit, no grade); see :data:`vocabulary.CONDITION_WORD_FITS`."""
    pattern = _CONDITION_WORD_FITS.get(brand) if brand else None
    return mask_all(text, pattern) if pattern is not None else text


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
    low = text.lower()
    m = _CONDITION_PHRASE.search(text, low)
    if m is not None:
        word = collapse_spaces(m.group(1).lower())
        return Found(_PHRASE_GRADE[word], 0.9 if not strict else 0.75)
    foreign: bool | None = None  # whether a continental grade may be written: asked once
    for grade, pattern, confidence, strict_ok, continental in _CONDITION_PATTERNS:
        if strict and not strict_ok:
            continue
        if continental:
            if foreign is None:
                # A description in another language holds an accented letter somewhere; an
                # ASCII one (the usual English boilerplate) is not searched for the phrases.
                foreign = (not strict or not text.isascii()) and has_any(low, _FOREIGN_HINTS)
            if not foreign:
                continue
        if pattern.search(text, low):
            return Found(grade, confidence if not strict else confidence * 0.85)
    return japanese_condition(text)  # "美品", "デッドストック", "ダメージ加工"


_FLAW_ALT, _FLAW_GROUPS = keyed_alternation(
    ((fragment, flaw) for flaw, fragments in v.FLAWS.items() for fragment in fragments),
    "f",
    longest_first=False,  # vocabulary order: "crotch holes" is a blowout, not "holes"
)
#: Every flaw form starts with one of these words (a unit test holds the list complete).
_FLAW_STARTS = (
    "crotch blow knee hole pinhole rip tear torn stain spot discolo bleach paint splatter fray "
    "hem cuff bottom broken missing loose belt repair mend darn re-sewn resewn patch no cut "
    "removed tab altered busted zip button"
).split()
_FLAW = Anchored(re.compile(r"\b" + _FLAW_ALT + r"\b", re.I), _FLAW_STARTS)
_NEGATION = re.compile(
    r"\b(?:no|without|w/o|free\s+of|zero|not?|never|nor|none)\b"
    r"(?:[\s,/&]+(?:major|visible|noticeable|obvious|significant|any|other|real|big|or|and|"
    r"holes?|rips?|tears?|stains?|paint|repairs?|flaws?|damage|issues?|crotch|knee|blowouts?))*"
    r"[\s,/&]*\Z",
    re.I,
)
#: Every negation holds one of these: on ASCII text, a window without them is not negated (the
#: search tries each of its 60 places, 3 us).
_NEGATION_WORDS = ("no", "never", "without", "w/o", "free", "zero")


def _negated(text: str, low: str, start: int) -> bool:
    lo = max(0, start - 60)
    if text.isascii():
        window = low[lo:start]
        if not any(word in window for word in _NEGATION_WORDS):
            return False
    return _NEGATION.search(text, lo, start) is not None


def extract_flaws(text: str) -> list[str]:
    """Flaws named in ``text`` (canonical names, first-seen order), skipping negated ones ("no
    holes or stains"), labels that are not repairs ("leather patch") and fades (never flaws).
    """
    out: list[str] = []
    low = text.lower()
    for m in _FLAW.finditer(text, low):
        flaw = group_key(m, _FLAW_GROUPS)
        if flaw in out:
            continue
        if flaw == "patches" and prev_word(text, m.start()) in v.PATCH_NOT_FLAW:
            continue
        if flaw == "paint" and prev_word(text, m.start()) in v.PAINT_NOT_FLAW:
            continue
        if _negated(text, low, m.start()):
            continue
        out.append(flaw)
    return out
