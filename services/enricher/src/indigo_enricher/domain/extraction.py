"""The offline rule-based attribute extractor.

``extract(ListingText) -> Extraction`` reads a listing's title (the main evidence), its
description (weaker evidence: long, noisy, often seller boilerplate) and structured platform
fields (Etsy ``when_made``, eBay ``condition``, a platform ``brand`` / ``size``) and returns the
denim attributes with a confidence per field it set.

Principles:

- Unknown stays ``None``: every rule needs positive evidence; no field is filled by default.
- The title beats platform fields, which beat the description. A decade written in the title
  beats any inferred one; inferred eras are set only when the dating rules of ``DOMAIN.md``
  intersect to a single decade with enough confidence.
- Rules generalize: text is normalized once (unicode quotes, primes, dashes, ``×``), then read by
  regexes compiled at import time with word boundaries, and vocabularies from
  :mod:`.vocabulary`. Numbers consumed by one field (a lot, a size, a price) are masked before the
  next field reads the text, so "501" is never a waist and "34x32" never a year.
- Description text is read in ``strict`` mode: only explicit phrases ("made in Japan", "acid
  wash", "excellent condition"), never bare words that boilerplate is full of ("fair", "black").
- Platform fields count as evidence beside the title: when both say the same (a title "80s" and
  Etsy ``when_made`` ``1980s``, "Levi's" and eBay's brand), the confidence rises; when they
  disagree, the title's value is kept with a lower confidence (so the LLM, when there is one, is
  asked about it).

Pure and fast: no I/O, no global state beyond compiled patterns.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.models import DenimAttributes, Extraction, ListingText

EXTRACTOR_VERSION = "rules-2"

T = TypeVar("T")

#: Filler for masked spans: not a space (so ``\s*`` cannot bridge across a masked lot or price)
#: and not a word character (so ``\b`` still works next to it).
_MASK = "|"


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """One extracted value, how sure the rule is, and where it was read (title offsets)."""

    value: T
    confidence: float
    span: tuple[int, int] | None = None


# ============================================================================================
# Normalization
# ============================================================================================

_TRANSLATION = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2032": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\uff02": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00d7": "x",
        "\u2715": "x",
        "\u2716": "x",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u3000": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\u200b": "",
        "\u200d": "",
        "\ufeff": "",
        "\u00bd": ".5",
        "\u00ae": " ",
        "\u2122": " ",
        "\u00a9": " (c) ",
    }
)
_DOUBLE_SINGLE_QUOTE = re.compile(r"''")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold the unicode forms sellers type into the ASCII ones the patterns expect.

    ``Levi’s`` -> ``Levi's``, ``80’s`` -> ``80's``, ``32″`` / ``32''`` -> ``32"``,
    ``32×30`` -> ``32x30``, en/em dashes -> ``-``, fullwidth forms via NFKC, whitespace collapsed.
    """
    out = text.translate(_TRANSLATION)
    if not out.isascii():
        out = unicodedata.normalize("NFKC", out).translate(_TRANSLATION)
    out = _DOUBLE_SINGLE_QUOTE.sub('"', out)
    return _SPACES.sub(" ", out).strip()


_HTML_DROP = re.compile(r"<(script|style|head|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/tr|/td)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]{0,2000}>")
_DESCRIPTION_LIMIT = 3000  # characters of text kept: enough for a seller's notes, bounded cost


def clean_description(text: str | None) -> str:
    """Plain, normalized text of a (possibly HTML) description, cut to a bounded length.

    Block-level tags become `` . `` so that phrases from different lines do not run together.
    """
    if not text:
        return ""
    out = text[: _DESCRIPTION_LIMIT * 4]
    if "<" in out:
        out = _HTML_DROP.sub(" ", out)
        out = _HTML_BREAK.sub(" . ", out)
        out = _HTML_TAG.sub(" ", out)
    if "&" in out:
        out = html.unescape(out)
    return normalize(out)[:_DESCRIPTION_LIMIT]


# Reddit trade tags: [WTS] [WTB] [H] [W] and location tags like [US-CA], [USA-NY], [CAN-ON].
# They are stripped before reading: a seller's location is not where the jeans were made (so
# "[US-NY]" is no made_in), and "[W] $50" is no waist. Other bracketed text ([NWT]) stays.
_TRADE_TAG = re.compile(
    r"\[\s*(?:wts|wtb|wtt|fs|ft|fsot|h|w|sold|iso|pc|price\s*drop|meta|"
    r"[a-z]{2,4}-[a-z]{2,4}|us|usa|can|uk|eu|au|intl|conus)\s*\]",
    re.I,
)
# Prices: "$35 shipped", "$45 + shipping", "40 USD", "35 shipped", "£20".
_PRICE = re.compile(
    r"(?:[$£€]\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:shipped|obo|ono|firm|each|ea|usd|cad)\b)?)"
    r"|(?:(?<![\w.])\d[\d,]*(?:\.\d{1,2})?\s?(?:usd|cad|eur|gbp|dollars|bucks|shipped|obo)\b)",
    re.I,
)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + _MASK * (end - start) + text[end:]


def _mask_all(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: _MASK * (m.end() - m.start()), text)


def prepare_title(title: str) -> str:
    """Normalized title with trade tags and prices masked (offsets preserved after normalize)."""
    text = normalize(title)
    text = _mask_all(text, _TRADE_TAG)
    return _mask_all(text, _PRICE)


def keyed_alternation(
    pairs: Iterable[tuple[str, str]], prefix: str, *, longest_first: bool = True
) -> tuple[str, list[str]]:
    """One regex alternation for many (fragment, key) pairs, and the key of each named group.

    Each fragment becomes a named group ``<prefix><i>``; ``m.lastgroup`` gives back its key.
    Fragments are bucketed by their first letter behind a one-character lookahead, so the engine
    tries a handful of branches per position instead of all of them (about 10x faster on a
    200-form brand list). Longest fragments first within a bucket, so "levi's vintage clothing"
    wins over "levi's" (unless ``longest_first`` is off: then the given order is the priority).
    """
    items = list(pairs)
    if longest_first:
        items.sort(key=lambda p: len(p[0]), reverse=True)
    keys: list[str] = []
    buckets: dict[str, list[str]] = {}
    fallback: list[str] = []
    for fragment, key in items:
        group = f"(?P<{prefix}{len(keys)}>{fragment})"
        keys.append(key)
        first = fragment[0]
        if first.isalpha() and first.isascii() and (len(fragment) < 2 or fragment[1] not in "?*{|"):
            buckets.setdefault(first.lower(), []).append(group)
        else:
            fallback.append(group)
    branches = [
        f"(?=[{c}{c.upper()}])(?:{'|'.join(groups)})" for c, groups in sorted(buckets.items())
    ]
    if fallback:
        branches.append("(?:" + "|".join(fallback) + ")")
    return "(?:" + "|".join(branches) + ")", keys


def _key(m: re.Match[str], keys: list[str]) -> str:
    return keys[int(m.lastgroup[1:])]  # type: ignore[index]


def _ends_with(pattern: re.Pattern[str], text: str, pos: int, window: int = 40) -> bool:
    """Whether the text right before ``pos`` matches ``pattern`` (anchored with ``\\Z``)."""
    return pattern.search(text, max(0, pos - window), pos) is not None


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1).lower() if m else ""


_PREV_WORD = re.compile(r"([\w'&-]+)[^\w]*\Z")
_NEXT_WORD = re.compile(r"[^\w&]*([\w'&-]+)")


# ============================================================================================
# Brand
# ============================================================================================

_BRAND_ALT, _BRAND_GROUPS = keyed_alternation(
    ((fragment, canonical) for canonical, fragments in v.BRANDS.items() for fragment in fragments),
    "b",
)
_BRAND = re.compile(r"(?<![\w'])" + _BRAND_ALT + r"(?![\w'])", re.I)
_BRAND_LEADS = ("big e", "red tab", "orange tab", "silver tab", "white tab", "lvc")


@dataclass(frozen=True, slots=True)
class _CompiledContextBrand:
    spec: v.ContextBrand
    pattern: re.Pattern[str]
    after: re.Pattern[str] | None


_CONTEXT_BRANDS = tuple(
    _CompiledContextBrand(
        spec,
        re.compile(spec.pattern, re.I if spec.ignore_case else 0),
        re.compile(spec.after, re.I) if spec.after else None,
    )
    for spec in v.CONTEXT_BRANDS
)
# All context forms in one pass (case-sensitive unless the form says otherwise); each hit is then
# checked against every form it matches, in vocabulary order.
_CONTEXT_ALT, _ = keyed_alternation(
    (
        (f"(?i:{spec.pattern})" if spec.ignore_case else f"(?:{spec.pattern})", spec.canonical)
        for spec in v.CONTEXT_BRANDS
    ),
    "x",
)
_CONTEXT_BRAND = re.compile(r"(?<![\w'&])" + _CONTEXT_ALT + r"(?![\w'])")


def _context_brand_ok(cb: _CompiledContextBrand, text: str, m: re.Match[str]) -> bool:
    spec = cb.spec
    before = _prev_word(text, m.start())
    if before in spec.bad_before:
        return False
    if spec.bad_after and _next_word(text, m.end()) in spec.bad_after:
        return False
    if cb.after is not None:
        if cb.after.match(text, m.end()):
            return True
        # A title that opens with the brand ("Chic High Rise Jeans") needs no garment word.
        return spec.at_start and not text[: m.start()].strip(" |-:[]()")
    return True


def _context_brand(text: str, before: int) -> tuple[int, int, str, float] | None:
    for m in _CONTEXT_BRAND.finditer(text, 0, before):
        token = m.group(0)
        for cb in _CONTEXT_BRANDS:
            if cb.pattern.fullmatch(token) and _context_brand_ok(cb, text, m):
                return (m.start(), -(m.end() - m.start()), cb.spec.canonical, cb.spec.confidence)
    return None


def extract_brand(text: str, *, strict: bool = False) -> Found[str] | None:
    """The first brand named in ``text`` (earliest position; the longer form on a tie).

    Unambiguous forms (``Wrangler``, ``Levi's``, ``Lee Riders``, ``Big E``...) match in any case;
    brands that are everyday words (Lee, Gap, Guess, Chic, Key, CK...) need the context described
    in :data:`vocabulary.CONTEXT_BRANDS`. ``strict`` (description text) uses only the former.
    """
    best: tuple[int, int, str, float] | None = None  # (start, -length, canonical, confidence)
    m = _BRAND.search(text)
    if m is not None:
        # A tab or line name implies the maker: a little less sure than the maker's name.
        confidence = 0.9 if m.group(0).lower().startswith(_BRAND_LEADS) else 0.95
        best = (m.start(), -(m.end() - m.start()), _key(m, _BRAND_GROUPS), confidence)
    if not strict:
        limit = len(text) if best is None else best[0] + 1
        candidate = _context_brand(text, limit)
        if candidate is not None and (best is None or candidate[:2] < best[:2]):
            best = candidate
    if best is None:
        return None
    start, neg_len, canonical, confidence = best
    return Found(canonical, confidence, (start, start - neg_len))


def canonical_brand(name: str) -> str | None:
    """The canonical form of a brand name given alone (a platform's ``brand`` field)."""
    found = extract_brand(normalize(name))
    return found.value if found else None


# ============================================================================================
# Model (lot number)
# ============================================================================================

_LOT_SUFFIXED = re.compile(
    r"(?<![\w#-])(?:"
    r"(?P<lee>101|200|191|220)[\s-]?(?P<leesuf>[zbj])"
    r"|(?P<lev>\d{3})\s?(?P<levsuf>zxx|xx|z)(?:'?s)?"
    r"|(?P<wr>\d{2,3})\s?(?P<wrsuf>mwz|mw|mjz|mj)[a-z]{0,3}"
    r"|(?P<wd>936)\s?(?P<wdsuf>den|dsd)"
    r")(?![\w'])",
    re.I,
)
# Lot + finish code: "505-0217", "501-0193", "550 4891" (the model is the first part).
# With a space only codes starting 0 or 4 ("501 0193"), so "501 1993" stays a lot and a year.
_LOT_CODE = re.compile(r"(?<![\w#.-])(?P<lot>\d{3})(?:-\d{4}|\s[04]\d{3})(?![\w.-])")
# A bare three-digit number, not a price, percentage, measurement or part of a bigger number.
_LOT_BARE = re.compile(
    r"(?<![\w$.,/'-])(?P<lot>\d{3})(?:'?s)?"
    r"(?![\w%\"]|[.,/-]\d|\s*(?:x\s?\d|/\s?\d|%)|\s?(?:cm|mm|lbs?|oz|g)\b)",
    re.I,
)
_LEVIS_BEFORE = re.compile(
    r"(?:levi'?s?|lvc|big\s?e|(?:red|orange|silver|white)\s?tab)\s+(?:#\s?)?\Z", re.I
)
_BRAND_BEFORE = re.compile(r"(?:levi'?s?|lee|wrangler|edwin)\s+(?:#\s?)?\Z", re.I)
# A model year written next to a lot ("LVC 1947 501", "501XX 1955") or a model name suffix
# ("501 '93", "501 '54"): part of the model's name, never an era.
_MODEL_YEAR_BEFORE = re.compile(r"(?:18[7-9]\d|19[0-6]\d|1970)\s*\Z")
_MODEL_YEAR_AFTER = re.compile(r"\s*(?:18[7-9]\d|19[0-6]\d|1970|'\d\d)(?![\w'])")


def _lot_sets(brand: str | None) -> frozenset[str]:
    if brand == "Lee":
        return v.LEE_LOTS
    if brand == "Wrangler":
        return v.WRANGLER_LOTS
    return v.LEVIS_LOTS


def extract_model(text: str, brand: str | None, *, strict: bool = False) -> Found[str] | None:
    """The lot number: ``501``, ``501XX``, ``13MWZ``, ``101Z``, ``936DEN``...

    Suffixed lots are distinctive and accepted anywhere. A bare three-digit number is a lot only
    when it is a known lot of the brand (Levi's lots when no brand is named); an unknown
    three-digit number in the Levi's range right after "Levi's" is accepted with low confidence.
    Sizes (two digits) and years (four) never match. ``505-0217`` is lot ``505``. ``strict``
    (description text) accepts a bare number only right after a brand name.
    """
    candidates: list[tuple[int, int, str, float]] = []
    for m in _LOT_SUFFIXED.finditer(text):
        if m.group("lev"):
            if m.group("lev") not in v.LEVIS_LOTS:
                continue
            model = m.group("lev") + m.group("levsuf").upper()
        elif m.group("wr"):
            model = m.group("wr") + m.group("wrsuf").upper()
        elif m.group("wd"):
            model = "936" + m.group("wdsuf").upper()
        else:
            model = m.group("lee") + m.group("leesuf").upper()
        candidates.append((m.start(), m.end(), model, 0.95 if m.group("lev") else 0.9))
        break
    lots = _lot_sets(brand)
    for m in _LOT_CODE.finditer(text):
        if m.group("lot") in lots:
            candidates.append((m.start(), m.end(), m.group("lot"), 0.9))
            break
    for m in _LOT_BARE.finditer(text):
        lot = m.group("lot")
        if strict and not _ends_with(_BRAND_BEFORE, text, m.start()):
            continue
        if lot in lots:
            confidence = {"Levi's": 0.9, None: 0.75, "Lee": 0.8, "Wrangler": 0.8}.get(brand, 0.65)
            candidates.append((m.start(), m.end(), lot, confidence))
            break
        lo, hi = v.UNKNOWN_LEVIS_LOT_RANGE
        if (
            brand in ("Levi's", None)
            and lo <= int(lot) <= hi
            and _ends_with(_LEVIS_BEFORE, text, m.start())
        ):
            candidates.append((m.start(), m.end(), lot, 0.6))
            break
    if not candidates:
        return None
    start, end, model, confidence = min(candidates, key=lambda c: (c[0], -c[1]))  # first, longest
    # Swallow an adjacent model year / model-name suffix so the era reader never sees it.
    before = _MODEL_YEAR_BEFORE.search(text, max(0, start - 12), start)
    if before is not None:
        start = before.start()
    after = _MODEL_YEAR_AFTER.match(text, end)
    if after is not None:
        end = after.end()
    return Found(model, confidence, (start, end))


# ============================================================================================
# Sizes: tag size vs measured size
# ============================================================================================

_N = r"(\d{2}(?:\.5)?)"  # a size in inches: two digits, maybe a half
_NM = r"(\d{2}(?:\.\d{1,2})?)"  # a measurement: two digits, maybe decimals
_INCH = r"(?:\s?(?:\"|in\b|inch(?:es)?\b))?"
_U = r"(?:\"|\s?(?:in|inch|inches)\b)?"  # an inch unit right after a size
_MEASURE_CUE = (
    r"(?:measures?|measured|measuring|measurements?|meas\.?|actual(?:ly)?|act\.?|true|"
    r"fits?\s+(?:like|as)(?:\s+an?)?)"
)

_L_MARK = r"(?:l(?:ength)?\s?:?\s?|inseam\s?:?\s?)"
_MEASURED_PAIR = re.compile(
    rf"\b{_MEASURE_CUE}\s*(?:at|about|approx\.?|approximately|around|roughly|~|:|=|-)?\s*"
    rf"(?:w(?:aist)?\s?:?\s?)?{_NM}{_INCH}"
    # a separator ("x", "by", "/", ",") or an inseam marker ("measured W32 L29")
    rf"(?:\s*(?:x|by|/|,)\s*(?:{_L_MARK})?|\s*{_L_MARK})"
    rf"{_NM}{_INCH}",
    re.I,
)
# "16" flat", "waist 16 inches laid flat", "flat waist: 15.5", "16 across" -> waist = 2 x flat.
# Not "flat front" (a cut), and not a women's size before it ("Size 14 Flat Front").
_FLAT = re.compile(
    rf"(?:\b(?:waist\s*)?(?:\(?\s*(?:laid\s+|lying\s+|laying\s+|measured\s+)?flat\s*\)?|across)"
    rf"\s*(?:waist\s*)?[:=-]?\s*(?:is\s+|of\s+|measures?\s+)?{_NM}{_INCH})"
    rf"|(?:(?<!size\s)(?<!sz\s)\b{_NM}{_INCH}\s*(?:\(?\s*(?:laid\s+|lying\s+|laying\s+|measured\s+)?"
    rf"flat\b(?![\s-]*front)|across\b))",
    re.I,
)
_MEASURED_WAIST = re.compile(
    rf"\b(?:(?:measured|actual|true)\s+waist\s*(?:is|of|:|=|-)?\s*{_NM}"
    rf"|waist\s+(?:measures?|measured|measurement)\s*(?:at|about|approx\.?|:|=|-|is)?\s*{_NM}"
    rf"|{_MEASURE_CUE}\s*(?:at|about|approx\.?|approximately|around|:)?\s*{_NM}"
    rf"(?:\s?(?:\"|in\b|inch(?:es)?\b)\s*(?:(?:at|in|across|around)\s+(?:the\s+)?)?(?:waist)?"
    rf"|\s*waist\b))",
    re.I,
)
_MEASURED_INSEAM = re.compile(
    rf"\b(?:(?:measured|actual|true)\s+inseam\s*(?:is|of|:|=|-)?\s*{_NM}"
    rf"|inseam\s+(?:measures?|measured|measurement)\s*(?:at|about|:|=|-|is)?\s*{_NM})",
    re.I,
)
# A "Measurements:" block of a description: "Waist: 16" Inseam: 30"".
_MEASUREMENTS_BLOCK = re.compile(r"\bmeasurements?\b|\bmeasured\b|\bmeasures\b", re.I)
_BLOCK_WAIST = re.compile(rf"\bwaist\s*(?:\(\s*flat\s*\)\s*)?[:=-]?\s*{_NM}", re.I)
_BLOCK_INSEAM = re.compile(rf"\binseam\s*[:=-]?\s*{_NM}", re.I)

_TAG_PAIRS = (
    # W32 L30, W 32 L 30, W32xL30, W32/L30, W32L30
    (re.compile(rf"\bw\s?{_N}{_U}\s*[,/x*-]?\s*l\s?{_N}\b", re.I), False),
    # L30 W32 (inseam first)
    (re.compile(rf"\bl\s?{_N}{_U}\s*[,/x*-]?\s*w\s?{_N}\b", re.I), True),
    # 32W 30L, 32w x 30l
    (re.compile(rf"\b{_N}{_U}\s?w\s*[,/x*-]?\s*{_N}{_U}\s?l\b", re.I), False),
    # 32x30, 32 X 30, 32" x 30", 32*30
    (re.compile(rf"(?<![\d.])\b{_N}{_U}\s?[x*]\s?{_N}(?![\d.]|\s?x\s?\d)", re.I), False),
    # 32/30 (dates and women's 9/10, 11/12 are out of range or one digit)
    (re.compile(rf"(?<![\d/.])\b{_N}{_U}\s?/\s?{_N}\b(?!\s?/\s?\d)", re.I), False),
)
_TAG_WAIST = (
    # W32 (no L), 32W (no L)
    re.compile(rf"\bw\s?{_N}\b(?!\s*[x/*]|\s*l\s?\d)", re.I),
    re.compile(rf"\b{_N}\s?w\b(?!\s*[x/*]|\s*\d)", re.I),
    # waist 32, waist: 32, 32 waist, 32" waist
    # (the earliest waist form wins: "32 waist 30 inseam" is a 32 waist, not "waist 30")
    re.compile(rf"\bwaist\s*(?:size)?\s*[:=-]?\s*{_N}\b(?!\s*[x/*])", re.I),
    re.compile(rf"\b{_N}{_INCH}\s*waist\b", re.I),
)
# Last resort: "Levi's 501 36 30" (two bare numbers); not after a zipper maker ("Talon 42").
_BARE_PAIR = re.compile(
    r"(?<![\w.\"'#$|])(?<!talon\s)(?<!scovill\s)(?<!conmar\s)(?<!ykk\s)(?<!crown\s)"
    r"(\d{2})\s(\d{2})(?![\w.\"'%|])",
    re.I,
)
# "measures 31" waist, 30" inseam": the inseam after a measured waist is measured too.
_FOLLOWING_INSEAM = re.compile(
    rf"\s*(?:waist)?\s*(?:,|and|&|/|x|by)?\s*(?:inseam\s*[:=-]?\s*{_NM}|{_NM}{_INCH}\s*"
    rf"(?:inseam|length|long)\b)",
    re.I,
)
# "Size 30", "Sz 29", "Tagged 34", "Tag size 32", "Womens 28", "Mens Size 34": a waist only
# when in the plausible waist range. Women's numeric sizes (Size 10, Sz 9/10, Womens 16) fall
# below it and are not waist inches; the labels read "Size 30" on mom jeans as a 30 waist.
_SIZE_WAIST = re.compile(
    rf"\b(?:size|sz|siz|tag(?:ged)?(?:\s+size)?(?:\s+says)?|marked|labell?ed|"
    rf"(?:wo)?men'?s(?:\s+size)?|ladies(?:'\s*)?(?:\s+size)?|juniors?'?s?(?:\s+size)?)"
    rf"\s*[:=#-]?\s*{_N}(?![\d.]|\s*(?:[x/*]\s*\d|\"|in\b|inch|mm\b|cm\b|%|w\b|l\b|months|yrs))",
    re.I,
)
_TAG_INSEAM = (
    re.compile(rf"\bl\s?{_N}\b(?!\s*[x/*])", re.I),
    re.compile(rf"\b{_N}\s?l\b", re.I),
    re.compile(rf"\b(?:inseam|length)\s*[:=-]?\s*{_N}\b", re.I),
    re.compile(rf"\b{_N}{_INCH}\s*(?:inseam|length)\b", re.I),
)
_BARE_INSEAM_AFTER = re.compile(r"\s+(\d{2})(?![\w.\"'%|])")
_PLUS = re.compile(r"\bplus(?:\s+size)?\b|\b\d{2}w\s+plus\b", re.I)

WAIST_RANGE = (22.0, 56.0)  # a tag waist written with W/x/size markers
SIZE_WAIST_RANGE = (23.0, 48.0)  # a lone number after "Size"/"Womens": the plausible waists
INSEAM_RANGE = (20.0, 40.0)
FLAT_RANGE = (11.0, 28.0)


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _following_inseam(
    text: str, end: int, current: Found[float] | None
) -> tuple[Found[float] | None, str]:
    if current is not None:
        return current, text
    m = _FOLLOWING_INSEAM.match(text, end)
    if m is None:
        return None, text
    value = float(m.group(1) or m.group(2))
    if not _in(value, INSEAM_RANGE):
        return None, text
    return Found(value, 0.8), _mask(text, m.start(), m.end())


@dataclass(frozen=True, slots=True)
class Sizes:
    waist: Found[float] | None = None
    inseam: Found[float] | None = None
    measured_waist: Found[float] | None = None
    measured_inseam: Found[float] | None = None
    masked: str = ""


def extract_sizes(text: str, *, strict: bool = False) -> Sizes:
    """Tag size (``W32 L30``, ``32x30``, ``32/30``, ``32W 30L``, ``Size 30``...) and measured size
    (``measures 34x29``, ``measured waist 31"``, ``16" flat`` -> 32), kept apart.

    Measured forms are read and masked first so that "tagged 36x30 measures 34x29" gives tag
    36x30 and measured 34x29. Returns the text with every consumed size masked.
    """
    measured_waist = measured_inseam = None
    m = _MEASURED_PAIR.search(text)
    if m is not None:
        w, i = float(m.group(1)), float(m.group(2))
        if _in(w, WAIST_RANGE) and _in(i, INSEAM_RANGE):
            measured_waist, measured_inseam = Found(w, 0.85), Found(i, 0.85)
            text = _mask(text, m.start(), m.end())
    for m in _FLAT.finditer(text):
        raw = m.group(1) or m.group(2)
        flat = float(raw)
        if _in(flat, FLAT_RANGE):
            if measured_waist is None:
                measured_waist = Found(flat * 2, 0.85)
            text = _mask(text, m.start(), m.end())
            measured_inseam, text = _following_inseam(text, m.end(), measured_inseam)
            break
    if measured_waist is None:
        m = _MEASURED_WAIST.search(text)
        if m is not None:
            value = float(next(g for g in m.groups() if g))
            if _in(value, WAIST_RANGE):
                measured_waist = Found(value, 0.8)
                text = _mask(text, m.start(), m.end())
                measured_inseam, text = _following_inseam(text, m.end(), measured_inseam)
    if measured_inseam is None:
        m = _MEASURED_INSEAM.search(text)
        if m is not None:
            value = float(next(g for g in m.groups() if g))
            if _in(value, INSEAM_RANGE):
                measured_inseam = Found(value, 0.8)
                text = _mask(text, m.start(), m.end())
    if strict and (measured_waist is None or measured_inseam is None):
        block = _MEASUREMENTS_BLOCK.search(text)
        if block is not None:
            window = text[block.end() : block.end() + 160]
            if measured_waist is None and (bw := _BLOCK_WAIST.search(window)):
                value = float(bw.group(1))
                if value <= 21 and _in(value, FLAT_RANGE):  # a flat measure: double it
                    measured_waist = Found(value * 2, 0.7)
                elif _in(value, SIZE_WAIST_RANGE) and value > 27:
                    measured_waist = Found(value, 0.7)
            if measured_inseam is None and (bi := _BLOCK_INSEAM.search(window)):
                value = float(bi.group(1))
                if _in(value, INSEAM_RANGE):
                    measured_inseam = Found(value, 0.7)
            text = text[: block.start()]  # tag forms after a measurements block are measures

    waist = inseam = None
    best: tuple[int, int, float, float] | None = None
    for pattern, swapped in _TAG_PAIRS:
        for m in pattern.finditer(text):
            a, b = float(m.group(1)), float(m.group(2))
            w, i = (b, a) if swapped else (a, b)
            if _in(w, WAIST_RANGE) and _in(i, INSEAM_RANGE):
                if best is None or m.start() < best[0]:
                    best = (m.start(), m.end(), w, i)
                break
    if best is not None:
        start, end, w, i = best
        waist, inseam = Found(w, 0.9 if not strict else 0.7), Found(i, 0.9 if not strict else 0.7)
        text = _mask(text, start, end)
    if waist is None:
        hits = [
            m
            for pattern in _TAG_WAIST
            if (m := pattern.search(text)) is not None and _in(float(m.group(1)), WAIST_RANGE)
        ]
        if hits:
            m = min(hits, key=lambda h: h.start())
            waist = Found(float(m.group(1)), 0.85 if not strict else 0.6)
            text = _mask(text, m.start(), m.end())
    if waist is None:
        plus = None
        for m in _SIZE_WAIST.finditer(text):
            value = float(m.group(1))
            if not _in(value, SIZE_WAIST_RANGE):
                continue
            if value <= 26:
                # 23-26 overlap women's plus sizes ("Size 24 Plus", "24W Plus").
                plus = plus if plus is not None else bool(_PLUS.search(text))
                if plus:
                    continue
            waist = Found(value, 0.75 if not strict else 0.55)
            text = _mask(text, m.start(), m.end())
            after = _BARE_INSEAM_AFTER.match(text, m.end())  # "Size 32 30"
            if after is not None and _in(float(after.group(1)), INSEAM_RANGE):
                inseam = Found(float(after.group(1)), 0.6)
                text = _mask(text, after.start(), after.end())
            break
    if waist is None and inseam is None and not strict:
        for m in _BARE_PAIR.finditer(text):
            w, i = float(m.group(1)), float(m.group(2))
            if _in(w, SIZE_WAIST_RANGE) and _in(i, INSEAM_RANGE):
                waist, inseam = Found(w, 0.6), Found(i, 0.6)
                text = _mask(text, m.start(), m.end())
                break
    if inseam is None and (waist is not None or not strict):
        for pattern in _TAG_INSEAM:
            m = pattern.search(text)
            if m is not None and _in(float(m.group(1)), INSEAM_RANGE):
                if pattern is _TAG_INSEAM[0] or pattern is _TAG_INSEAM[1]:
                    if waist is None:
                        continue  # a lone "L30" is too weak without a waist
                inseam = Found(float(m.group(1)), 0.8 if not strict else 0.6)
                text = _mask(text, m.start(), m.end())
                break
    return Sizes(waist, inseam, measured_waist, measured_inseam, text)


# ============================================================================================
# Era
# ============================================================================================

_NOT_ERA_AFTER = (
    r"(?![\s-]*(?:style|styled|inspired|look|looks|vibes?|aesthetic|revival|reproduction|repro|"
    r"replica|reissue|remake|waist|x\s?\d))"
)
# Not after a letter, digit or "$" ("W30s", "501s", "$80s"); after "-" is fine ("mid-80s").
_DECADE_FULL = re.compile(rf"(?<![\w$#.'])((?:18|19|20)\d0)'?s\b{_NOT_ERA_AFTER}", re.I)
_DECADE_SHORT = re.compile(rf"(?<![\w$#.'])'?([2-9]0|00)'?s\b{_NOT_ERA_AFTER}", re.I)
_DECADE_WORD = re.compile(
    rf"\b(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
    rf"{_NOT_ERA_AFTER}",
    re.I,
)
_Y2K = re.compile(rf"\by2k\b{_NOT_ERA_AFTER}", re.I)
_YEAR = re.compile(
    r"(?<![\w$#'])(?<!\d[./-])(18[7-9]\d|19\d\d|20[0-2]\d)(?![\w%]|[./-]\d|\s?x\s?\d)"
)
_APOSTROPHE_YEAR = re.compile(r"(?<![\w'])'(\d\d)(?![\w'])")
_YEAR_NOT_DATE_BEFORE = re.compile(
    r"(?:since|est\.?|established|founded|copyright|\(c\)|lot|style|no\.?|#|model|sku)\s*\Z", re.I
)
_DATE_CUE_BEFORE = re.compile(
    r"(?:circa|ca\.?|c\.|from|made\s+in|dated?|year|in|of|mid|early|late)\s*\Z", re.I
)
_REPRO = re.compile(
    r"\b(?:lvc|levi'?s\s+vintage\s+clothing|reissue|re-issue|repro(?:duction)?|replica|"
    r"anniversary|capital\s+e)\b",
    re.I,
)
_DECADE_WORDS = {
    "twenties": 1920,
    "thirties": 1930,
    "forties": 1940,
    "fifties": 1950,
    "sixties": 1960,
    "seventies": 1970,
    "eighties": 1980,
    "nineties": 1990,
}
_THIS_YEAR = 2026


def _decade(year: int) -> str:
    return f"{year // 10 * 10}s"


def written_decades(text: str, *, strict: bool = False) -> list[tuple[int, str, float]]:
    """Decades written in ``text`` as (position, decade, confidence), in order of position."""
    out: list[tuple[int, str, float]] = []
    for m in _DECADE_FULL.finditer(text):
        year = int(m.group(1))
        if 1870 <= year <= _THIS_YEAR:
            out.append((m.start(), _decade(year), 0.95))
    for m in _DECADE_SHORT.finditer(text):
        short = int(m.group(1))
        year = 2000 if short == 0 else 1900 + short
        out.append((m.start(), _decade(year), 0.95))
    for m in _DECADE_WORD.finditer(text):
        out.append((m.start(), _decade(_DECADE_WORDS[m.group(1).lower()]), 0.9))
    for m in _Y2K.finditer(text):
        out.append((m.start(), "2000s", 0.9))
    if not strict:
        repro = _REPRO.search(text) is not None
        for m in _YEAR.finditer(text):
            year = int(m.group(1))
            if year > _THIS_YEAR or _ends_with(_YEAR_NOT_DATE_BEFORE, text, m.start()):
                continue
            if repro and year <= 1970:
                continue  # "LVC 1947", "1955 reissue": the model's year, not the pair's
            out.append((m.start(), _decade(year), 0.85))
        for m in _APOSTROPHE_YEAR.finditer(text):
            # "'85" is a date only with a cue ("circa '85", "made in '85"); bare, it is more
            # often a model name ("501 '93") or a size.
            if _ends_with(_DATE_CUE_BEFORE, text, m.start()):
                short = int(m.group(1))
                year = 2000 + short if short <= _THIS_YEAR % 100 else 1900 + short
                out.append((m.start(), _decade(year), 0.75))
    out.sort()
    return out


@dataclass(frozen=True, slots=True)
class _Range:
    lo: int
    hi: int
    confidence: float
    rule: str


_DATING_RULES: tuple[tuple[re.Pattern[str], _Range], ...] = tuple(
    (re.compile(pattern, re.I), _Range(lo, hi, confidence, rule))
    for pattern, lo, hi, confidence, rule in (
        # (pattern, from, to, confidence, rule) -- DOMAIN.md; H = 0.85, M = 0.65, L = 0.4.
        (r"\bbig\s?e\b", 1936, 1970, 0.85, "big e"),
        (r"\bsmall\s?e\b", 1971, _THIS_YEAR, 0.85, "small e"),
        (r"(?:\bred\s?lines?\b|\bselvedge\b|\bselvage\b)(?!\s*\?)", 1873, 1985, 0.65, "selvedge"),
        (r"\borange\s?tab\b", 1969, 1999, 0.65, "orange tab"),
        (r"\bsilver\s?tab\b", 1988, _THIS_YEAR, 0.65, "silver tab"),
        (r"\bhidden\s+rivets?\b", 1937, 1967, 0.65, "hidden rivets"),
        (r"\bleather\s+patch\b", 1873, 1958, 0.65, "leather patch"),
        (r"\borange\s+overlock\b", 1981, 1984, 0.65, "orange overlock"),
        (r"\bwhite\s+overlock\b", 1985, 1993, 0.65, "white overlock"),
        (r"\bcare\s+on\s+reverse\b", 1971, 1991, 0.65, "care on reverse"),
        (r"\bbatwing\b", 1987, _THIS_YEAR, 0.65, "batwing"),
        (r"\bno\s+care\s+(?:tag|label)\b", 1873, 1970, 0.6, "no care tag"),
        (r"\b555\b|\bvalencia\b", 1873, 2002, 0.65, "555"),
    )
)
_LOT_RANGES: dict[str, _Range] = {
    "505": _Range(1967, _THIS_YEAR, 0.65, "505"),
    "517": _Range(1969, _THIS_YEAR, 0.85, "517"),
    "646": _Range(1969, _THIS_YEAR, 0.85, "646"),
    "550": _Range(1985, _THIS_YEAR, 0.65, "550"),
    "560": _Range(1990, 1999, 0.4, "560"),
    "569": _Range(1997, 2009, 0.4, "569"),
    "701": _Range(1980, 1999, 0.4, "701"),
    "606": _Range(1967, 1979, 0.65, "606"),
    "501Z": _Range(1950, 1969, 0.5, "501Z"),
    "501XX": _Range(1873, 1983, 0.5, "501XX"),  # 1990s US-made 501XX exist: weak
}
_CARE_TAG = re.compile(r"\bcare\s+(?:tag|label)\b", re.I)
_INFERENCE_THRESHOLD = 0.6


def _etsy_when_made(value: Any) -> tuple[_Range | None, str | None]:
    """Etsy ``when_made`` -> (range, decade if it pins one). Unknown values -> (None, None)."""
    if not isinstance(value, str):
        return None, None
    value = value.strip().lower()
    if m := re.fullmatch(r"(19\d0|20\d0)s", value):
        year = int(m.group(1))
        return _Range(year, year + 9, 0.8, "when_made"), _decade(year)
    if m := re.fullmatch(r"(1[0-8])00s", value):  # centuries: "1800s", "1700s"
        year = int(m.group(1)) * 100
        return _Range(year, year + 99, 0.8, "when_made"), None
    if m := re.fullmatch(r"(\d{4})_(\d{4})", value):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= hi:
            pinned = _decade(lo) if lo // 10 == hi // 10 else None
            return _Range(lo, hi, 0.8, "when_made"), pinned
    if m := re.fullmatch(r"before_(\d{4})", value):
        return _Range(0, int(m.group(1)) - 1, 0.8, "when_made"), None
    return None, None  # "made_to_order" and values Etsy may add later: no era evidence


def infer_era(
    text: str,
    brand: str | None,
    model: str | None,
    made_in: str | None,
    extra: Iterable[_Range] = (),
) -> Found[str] | None:
    """Date the pair from DOMAIN.md's rules by intersecting ranges; a decade only if pinned.

    Levi's rules apply to Levi's only, and none apply to reproductions (LVC, reissues), whose
    Big E and selvedge are copies. The confidence is the weakest rule used, and must reach
    :data:`_INFERENCE_THRESHOLD`.
    """
    ranges = list(extra)
    if brand == "Levi's" and not _REPRO.search(text):
        care_tag = _CARE_TAG.search(text) is not None
        for pattern, rng in _DATING_RULES:
            if rng.rule == "big e" and (care_tag or model in ("550", "560", "569")):
                continue  # DOMAIN.md reproduction flags: Big E with a care tag / later lot
            if rng.rule == "selvedge" and made_in not in (None, "USA"):
                continue  # modern Japanese / Turkish selvedge Levi's
            if pattern.search(text):
                ranges.append(rng)
        if model in _LOT_RANGES:
            ranges.append(_LOT_RANGES[model])
        if made_in == "USA":
            ranges.append(_Range(1873, 2003, 0.85, "made in USA"))  # last US plants closed 2004
    if not ranges:
        return None
    lo = max(r.lo for r in ranges)
    hi = min(r.hi for r in ranges)
    if lo > hi:
        return None  # contradictory evidence (a reproduction, a fake, a typo): say nothing
    # The decade holding most of the range, weighted by the share of the range it holds: Big E
    # (to 1970) with a 505 (from 1967) is 1967-1970, 3/4 in the 1960s: not pinned enough.
    decade = max(range(lo // 10 * 10, hi + 1, 10), key=lambda d: min(hi, d + 9) - max(lo, d) + 1)
    share = (min(hi, decade + 9) - max(lo, decade) + 1) / (hi - lo + 1)
    confidence = min(r.confidence for r in ranges) * share
    if confidence < _INFERENCE_THRESHOLD:
        return None
    return Found(_decade(decade), min(confidence, 0.7))


def extract_era(
    text: str,
    *,
    description: str = "",
    when_made: Any = None,
    brand: str | None = None,
    model: str | None = None,
    made_in: str | None = None,
) -> Found[str] | None:
    """The decade: written in the title > Etsy ``when_made`` > written in the description >
    inferred from the dating rules. Two different decades written ("80s 90s") is no answer.
    """
    decades = written_decades(text)
    etsy_range, etsy_decade = _etsy_when_made(when_made)
    if decades:
        distinct = {d for _, d, _ in decades}
        if len(distinct) == 1:
            position, decade, confidence = decades[0]
            written = Found(decade, confidence, (position, position))
            declared = Found(etsy_decade, 0.8) if etsy_decade else None
            return corroborate(written, declared)
        return None
    if etsy_decade is not None:
        return Found(etsy_decade, 0.8)
    if description:
        decades = written_decades(description, strict=True)
        distinct = {d for _, d, _ in decades}
        if len(distinct) == 1:
            return Found(decades[0][1], 0.65)
    return infer_era(text, brand, model, made_in, [etsy_range] if etsy_range else [])


# ============================================================================================
# Wash
# ============================================================================================

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
                if _prev_word(text, m.start()) in v.MEDIUM_NOT_WASH_BEFORE:
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


# ============================================================================================
# Made in
# ============================================================================================


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
_MADE_IN = re.compile(
    r"\b(?:made|manufactured|mfd|mfg|sewn|assembled|produced|crafted|hecho|fabriqu[eé])"
    r"\s*(?:in|en)\s+(?:the\s+)?" + _COUNTRY_ALT.pattern + r"(?![\w])",
    re.I,
)
_X_MADE = re.compile(r"(?<![\w])" + _ADJ_ALT.pattern + r"[\s-]+made\b", re.I)
_MIUSA = re.compile(r"\bmiusa\b|\bmadeinusa\b", re.I)
_MIJ = re.compile(r"\bMIJ\b")
_BARE = re.compile(r"(?<![\w.-])" + _BARE_ALT.pattern + r"(?![\w-])", re.I)
_BARE_NOT_BEFORE = re.compile(
    r"(?:ship(?:s|ping|ped)?(?:\s+(?:from|to|within|in|only))?|from|located\s+in|based\s+in|"
    r"seller|to|new|in|within|sold\s+in|bought\s+in|outside)\s*\Z",
    re.I,
)
_BARE_NOT_AFTER = re.compile(
    r"\s*(?:seller|only|shipping|ship|flag|size|sizing|sz|fit|blue|brand|exclusive|market)\b",
    re.I,
)


def _group_country(m: re.Match[str], groups: list[str]) -> str:
    return _key(m, groups)


_MADE_IN_PREFIX = re.compile(r"^(?:made|manufactured|sewn)\s+in\s+(?:the\s+)?", re.I)


def canonical_country(name: str) -> str | None:
    """The canonical country of a name given alone ("U.S.A.", "united states", "Made in Japan",
    "México"), or None when it is no country of the vocabulary."""
    cleaned = _MADE_IN_PREFIX.sub("", normalize(name)).strip(" .,;:")
    m = _COUNTRY_ALT.fullmatch(cleaned) or _COUNTRY_ALT.fullmatch(cleaned + ".")
    return _group_country(m, _COUNTRY_GROUPS) if m else None


def extract_made_in(text: str, *, strict: bool = False) -> Found[str] | None:
    """Country of manufacture: "Made in USA", "Made in U.S.A.", "USA made", "MIUSA", "Hecho en
    Mexico"; in titles also a bare country ("... light wash mexico", "... USA"), unless it is a
    shipping or seller location ("ships from USA") or part of a brand ("Pure Blue Japan").
    """
    m = _MADE_IN.search(text)
    if m is not None:
        return Found(_group_country(m, _COUNTRY_GROUPS), 0.95 if not strict else 0.85)
    m = _X_MADE.search(text)
    if m is not None:
        return Found(_group_country(m, _ADJ_GROUPS), 0.9 if not strict else 0.8)
    if _MIUSA.search(text):
        return Found("USA", 0.9 if not strict else 0.8)
    if _MIJ.search(text):
        return Found("Japan", 0.8 if not strict else 0.7)
    if strict:
        return None
    for m in _BARE.finditer(text):
        if _ends_with(_BARE_NOT_BEFORE, text, m.start()) or _BARE_NOT_AFTER.match(text, m.end()):
            continue
        return Found(_group_country(m, _BARE_GROUPS), 0.75)
    return None


# ============================================================================================
# Selvedge
# ============================================================================================

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


# ============================================================================================
# Condition and flaws
# ============================================================================================

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


def _ebay_condition(value: Any) -> Found[str] | None:
    if not isinstance(value, str):
        return None
    key = _SPACES.sub(" ", value.strip().lower().replace("\u2013", "-"))
    hit = v.EBAY_CONDITIONS.get(key)
    return Found(hit[0], hit[1]) if hit else None


def extract_condition(text: str, *, strict: bool = False) -> Found[str] | None:
    """deadstock / excellent / good / fair / distressed. An explicit "<grade> condition" phrase
    wins; otherwise the first form by DOMAIN.md priority (deadstock markers before wear words).
    """
    m = _CONDITION_PHRASE.search(text)
    if m is not None:
        word = _SPACES.sub(" ", m.group(1).lower())
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
        flaw = _key(m, _FLAW_GROUPS)
        if flaw in out:
            continue
        before = _prev_word(text, m.start())
        if flaw == "patches" and before in v.PATCH_NOT_FLAW:
            continue
        if flaw == "paint" and before in v.PAINT_NOT_FLAW:
            continue
        if _NEGATION.search(text, max(0, m.start() - 60), m.start()):
            continue
        out.append(flaw)
    return out


# ============================================================================================
# Style, gender, tags
# ============================================================================================


def _vocabulary_regex(table: dict[str, tuple[str, ...]], prefix: str):
    alternation, groups = keyed_alternation(
        ((fragment, key) for key, fragments in table.items() for fragment in fragments), prefix
    )
    return re.compile(r"(?<![\w'])" + alternation + r"(?![\w])", re.I), groups


_STYLE, _STYLE_GROUPS = _vocabulary_regex(v.STYLES, "s")
_TAG, _TAG_GROUPS = _vocabulary_regex(v.TAGS, "t")


def extract_style(text: str) -> Found[str] | None:
    """Fit and rise words in order of appearance, joined: "relaxed, tapered", "mom, high rise"."""
    seen: list[str] = []
    for m in _STYLE.finditer(text):
        style = _key(m, _STYLE_GROUPS)
        if style not in seen:
            seen.append(style)
    if not seen:
        return None
    return Found(", ".join(seen), 0.8)


_WOMEN = re.compile(
    r"\b(?:wom[ae]n'?s|womens|wom[ae]n|ladies'?|lady'?s|ladys|misses|juniors?'?s?|female)"
    r"(?![\w'])",
    re.I,
)
_KIDS = re.compile(
    r"\b(?:kids?'?s?|girl'?s|girls'?|boy'?s|boys'?|youth|toddler|children'?s?)(?![\w'])", re.I
)
_MEN = re.compile(r"\b(?:men'?s|mens|men|man'?s|male|gents?'?s?)(?![\w'])", re.I)
_UNISEX = re.compile(r"\bunisex\b", re.I)


def extract_gender(text: str) -> Found[str] | None:
    """ "men", "women", "unisex" or "kids" where stated (men's, womens, ladies, unisex, girls);
    never inferred from the cut (mom jeans are not a stated gender)."""
    if _UNISEX.search(text):
        return Found("unisex", 0.9)
    women = _WOMEN.search(text) is not None
    men = _MEN.search(text) is not None
    if women and men:
        return Found("unisex", 0.6)
    if women:
        return Found("women", 0.9)
    if men:
        return Found("men", 0.9)
    if _KIDS.search(text):
        return Found("kids", 0.8)
    return None


def extract_tags(text: str) -> list[str]:
    """Short lowercase feature keywords (big e, redline, orange tab, button fly, lvc...)."""
    out: list[str] = []
    for m in _TAG.finditer(text):
        tag = _key(m, _TAG_GROUPS)
        if tag not in out:
            out.append(tag)
    return out


# ============================================================================================
# The extractor
# ============================================================================================


def _platform_brand(fields: dict[str, Any]) -> Found[str] | None:
    value = fields.get("brand")
    if not isinstance(value, str) or not value.strip():
        return None
    canonical = canonical_brand(value)
    if canonical:
        return Found(canonical, 0.85)
    cleaned = value.strip()
    if cleaned.lower() in {
        "unbranded",
        "unknown",
        "vintage",
        "handmade",
        "n/a",
        "na",
        "none",
        "no brand",
        "other",
        "generic",
    }:
        return None
    return Found(cleaned, 0.6)


def _platform_sizes(fields: dict[str, Any]) -> Sizes | None:
    value = fields.get("size")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = f"size {value}"
    if not isinstance(value, str) or not value.strip():
        return None
    text = normalize(value)
    if re.fullmatch(r"\d{2}(?:\.5)?", text):
        text = f"size {text}"
    return extract_sizes(text)


def _scale(found: Found[T] | None, factor: float) -> Found[T] | None:
    """Weaker evidence (description, platform): lower confidence, and no title span."""
    if found is None:
        return None
    return Found(found.value, round(found.confidence * factor, 3))


_WRANGLER_MODEL = re.compile(r"\d+M[WJ]Z?|936[A-Z]+")


def _brand_from_model(model: str) -> Found[str] | None:
    """A lot that only one maker uses names the maker ("Vintage 501 Jeans" are Levi's)."""
    if model in v.LEVIS_ONLY_LOTS:
        return Found("Levi's", 0.6)
    if _WRANGLER_MODEL.fullmatch(model):
        return Found("Wrangler", 0.75)
    if model in ("101Z", "101B", "101J"):
        return Found("Lee", 0.7)
    return None


def _value(found: Found[T] | None) -> T | None:
    return None if found is None else found.value


#: Confidence kept by the primary evidence when a second source contradicts it.
_CONTRADICTED = 0.75


def corroborate(primary: Found[T] | None, secondary: Found[T] | None) -> Found[T] | None:
    """Combine two independent readings of one field. The primary one (the title's) decides the
    value; agreement raises its confidence (``1 - (1 - a)(1 - b)``, at most 0.99), disagreement
    lowers it. Without a primary reading, the secondary one stands alone."""
    if primary is None:
        return secondary
    if secondary is None:
        return primary
    if primary.value == secondary.value:
        combined = 1 - (1 - primary.confidence) * (1 - secondary.confidence)
        return Found(primary.value, round(min(combined, 0.99), 3), primary.span)
    return Found(primary.value, round(primary.confidence * _CONTRADICTED, 3), primary.span)


def extract(text: ListingText) -> Extraction:
    """Extract denim attributes from one listing. Pure; a fraction of a millisecond per title.

    Order matters: brand first (lots depend on it), then the lot (masked so it is no size), then
    sizes (masked so they are no year), then the era on what is left.
    """
    title = prepare_title(text.title)
    description = clean_description(text.description)
    fields = text.platform_fields or {}

    brand = corroborate(extract_brand(title), _platform_brand(fields))
    if brand is None and description:
        brand = _scale(extract_brand(description, strict=True), 0.75)

    model = extract_model(title, _value(brand))
    if model is None and description:
        model = _scale(extract_model(description, _value(brand), strict=True), 0.7)
    if brand is None and model is not None:
        brand = _brand_from_model(model.value)
    rest = _mask(title, *model.span) if model is not None and model.span else title

    sizes = extract_sizes(rest)
    platform = _platform_sizes(fields)
    if platform is not None and (platform.waist or platform.inseam):
        # The title's tag size, confirmed or contradicted by the platform's size field; the
        # platform's alone (a little less sure) when the title has none.
        if sizes.waist is None and sizes.inseam is None:
            waist, inseam = _scale(platform.waist, 0.8), _scale(platform.inseam, 0.8)
        else:
            waist = corroborate(sizes.waist, _scale(platform.waist, 0.8))
            inseam = corroborate(sizes.inseam, _scale(platform.inseam, 0.8))
        sizes = Sizes(waist, inseam, sizes.measured_waist, sizes.measured_inseam, sizes.masked)
    if description and None in (sizes.waist, sizes.measured_waist, sizes.measured_inseam):
        more = extract_sizes(description, strict=True)
        sizes = Sizes(
            sizes.waist or _scale(more.waist, 1.0),
            sizes.inseam or (_scale(more.inseam, 1.0) if sizes.waist is None else None),
            sizes.measured_waist or _scale(more.measured_waist, 1.0),
            sizes.measured_inseam or _scale(more.measured_inseam, 1.0),
            sizes.masked,
        )

    # Brand names hide countries and genders ("Pure Blue Japan", "Cruel Girl").
    brandless = _mask(title, *brand.span) if brand is not None and brand.span else title
    made_in = extract_made_in(brandless)
    if made_in is None and description:
        made_in = extract_made_in(description, strict=True)

    era = extract_era(
        sizes.masked,
        description=description,
        when_made=fields.get("when_made"),
        brand=_value(brand),
        model=_value(model),
        made_in=_value(made_in),
    )
    wash = extract_wash(title)
    if wash is None and description:
        wash = extract_wash(description, strict=True)
    selvedge = extract_selvedge(title)
    if selvedge is None and description:
        selvedge = extract_selvedge(description, strict=True)
    condition = corroborate(extract_condition(title), _ebay_condition(fields.get("condition")))
    if condition is None and description:
        condition = extract_condition(description, strict=True)
    flaws = extract_flaws(title)
    # Flaws named in the title are the seller's headline; the description's are often a
    # boilerplate "may have minor flaws": less sure.
    flaws_confidence = 0.8 if flaws else 0.6
    if description:
        flaws += [flaw for flaw in extract_flaws(description) if flaw not in flaws]
    style = extract_style(title)  # descriptions say "straight" and "slim" about anything
    gender = extract_gender(brandless)
    if gender is None and description:
        gender = _scale(extract_gender(description), 0.7)
    tags = extract_tags(title)
    if _value(condition) == "deadstock" and "deadstock" not in tags:
        tags.append("deadstock")
    if _value(selvedge) and "selvedge" not in tags:
        tags.append("selvedge")

    found: dict[str, Found[Any] | None] = {
        "brand": brand,
        "model": model,
        "waist": sizes.waist,
        "inseam": sizes.inseam,
        "measured_waist": sizes.measured_waist,
        "measured_inseam": sizes.measured_inseam,
        "era": era,
        "wash": wash,
        "made_in": made_in,
        "selvedge": selvedge,
        "condition": condition,
        "style": style,
        "gender": gender,
    }
    values: dict[str, Any] = {k: f.value for k, f in found.items() if f is not None}
    confidence = {k: round(f.confidence, 3) for k, f in found.items() if f is not None}
    if flaws:
        values["flaws"] = flaws
        confidence["flaws"] = flaws_confidence
    if tags:
        values["tags"] = tags
        confidence["tags"] = 0.8
    return Extraction(attributes=DenimAttributes(**values), confidence=confidence)
