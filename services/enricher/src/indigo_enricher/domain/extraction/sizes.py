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
from collections.abc import Iterator
from dataclasses import dataclass

from indigo_enricher.domain.extraction.text import Anchored, Found, Gated, mask

_N = r"(\d{2}(?:\.5)?)"  # a size in inches: two digits, maybe a half
_NS = r"(\d{1,2}(?:\.5)?)"  # a shorts inseam: one or two digits
_NM = r"(\d{2}(?:\.\d{1,2})?)"  # a measurement: two digits, maybe decimals
_INCH = r"(?:\s?(?:\"|in\b|inch(?:es)?\b))?"
_U = r"(?:\"|\s?(?:in|inch|inches)\b)?"  # an inch unit right after a size

WAIST_RANGE = (22.0, 56.0)  # a tag waist written with W/x/size markers
# A number after "Size"/"Womens": the plausible waists. Above it are European sizes ("Size 48"
# on Italian designer jeans, "EUR 38" on Zara), below it women's numeric sizes.
SIZE_WAIST_RANGE = (23.0, 44.0)
LONE_WAIST_RANGE = (25.0, 44.0)  # a bare number, the only one (a women's 24 may be plus)
INSEAM_RANGE = (20.0, 40.0)
SHORTS_INSEAM_RANGE = (2.0, 40.0)  # shorts and jorts: "32x5"; cut-offs keep their tag "W32 L30"
FLAT_RANGE = (11.0, 28.0)


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


@dataclass(frozen=True, slots=True)
class Sizes:
    waist: Found[float] | None = None
    inseam: Found[float] | None = None
    measured_waist: Found[float] | None = None
    measured_inseam: Found[float] | None = None
    masked: str = ""


# ============================================================================================
# Measured size
# ============================================================================================

_MEASURE_CUE = (
    r"(?:measures?|measured|measuring|measurements?|meas\.?|actual(?:ly)?|act\.?|true|"
    r"fits(?:\s+(?:like|as)(?:\s+an?)?)?|fit\s+(?:like|as)(?:\s+an?)?)"  # not "Relaxed Fit 34"
)
_L_MARK = r"(?:l(?:ength)?\s?:?\s?|inseam\s?:?\s?)"
_MEASURE_STARTS = ("meas", "act", "true", "fit")
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
# "measures 31" waist, 30" inseam": the inseam after a measured waist is measured too.
_FOLLOWING_INSEAM = re.compile(
    rf"\s*(?:waist)?\s*(?:,|and|&|/|x|by)?\s*(?:inseam\s*[:=-]?\s*{_NM}|{_NM}{_INCH}\s*"
    rf"(?:inseam|length|long)\b)",
    re.I,
)
# A "Measurements:" block of a description: "Waist: 16" Inseam: 30"".
_MEASUREMENTS_BLOCK = Anchored(
    re.compile(r"\bmeasurements?\b|\bmeasured\b|\bmeasures\b", re.I), ("measur",)
)
_BLOCK_WAIST = re.compile(rf"\bwaist\s*(?:\(\s*flat\s*\)\s*)?[:=-]?\s*{_NM}", re.I)
_BLOCK_INSEAM = re.compile(rf"\binseam\s*[:=-]?\s*{_NM}", re.I)
_MEASURED_PAIR_AT = Anchored(_MEASURED_PAIR, _MEASURE_STARTS)
_FLAT_WORDS = ("flat", "across")


def _flat_matches(text: str, low: str) -> Iterator[re.Match[str]]:
    """``_FLAT`` around each "flat" / "across": every match holds one at most 30 characters
    after its start and ends within 40 after it, so a window there finds what a scan would."""
    if len(low) != len(text):
        yield from _FLAT.finditer(text)
        return
    positions = []
    for word in _FLAT_WORDS:
        p = low.find(word)
        while p >= 0:
            positions.append(p)
            p = low.find(word, p + 1)
    end = 0
    for p in sorted(positions):
        # A match starts at a word, a number or a "(" at most 30 characters before the word.
        for q in range(max(end, p - 30), p + 1):
            if (q == 0 or not low[q - 1].isalnum()) and (low[q].isalnum() or low[q] == "("):
                if (m := _FLAT.match(text, q, p + 45)) is not None:
                    yield m
                    end = m.end()
                    break


_MEASURED_WAIST_AT = Anchored(_MEASURED_WAIST, (*_MEASURE_STARTS, "waist"))
_MEASURED_INSEAM_AT = Anchored(_MEASURED_INSEAM, ("measured", "actual", "true", "inseam"))


def _following_inseam(text: str, end: int) -> tuple[Found[float] | None, str]:
    m = _FOLLOWING_INSEAM.match(text, end)
    if m is None:
        return None, text
    value = float(m.group(1) or m.group(2))
    if not _in(value, INSEAM_RANGE):
        return None, text
    return Found(value, 0.8), mask(text, m.start(), m.end())


def _first_number(m: re.Match[str]) -> float:
    return float(next(g for g in m.groups() if g))


def _measured(text: str, strict: bool) -> tuple[Found[float] | None, Found[float] | None, str]:
    """(measured waist, measured inseam, text with them masked)."""
    waist = inseam = None
    low = text.lower()
    m = _MEASURED_PAIR_AT.search(text, low)
    if m is not None:
        w, i = float(m.group(1)), float(m.group(2))
        if _in(w, WAIST_RANGE) and _in(i, INSEAM_RANGE):
            waist, inseam = Found(w, 0.85), Found(i, 0.85)
            text = mask(text, m.start(), m.end())
    for m in _flat_matches(text, low):
        flat = float(m.group(1) or m.group(2))
        if _in(flat, FLAT_RANGE):
            if waist is None:
                waist = Found(flat * 2, 0.85)
            text = mask(text, m.start(), m.end())
            if inseam is None:
                inseam, text = _following_inseam(text, m.end())
            break
    if waist is None and (m := _MEASURED_WAIST_AT.search(text, low)) is not None:
        value = _first_number(m)
        if _in(value, WAIST_RANGE):
            waist = Found(value, 0.8)
            text = mask(text, m.start(), m.end())
            if inseam is None:
                inseam, text = _following_inseam(text, m.end())
    if inseam is None and (m := _MEASURED_INSEAM_AT.search(text, low)) is not None:
        value = _first_number(m)
        if _in(value, INSEAM_RANGE):
            inseam = Found(value, 0.8)
            text = mask(text, m.start(), m.end())
    if strict and (waist is None or inseam is None):
        waist, inseam, text = _measurements_block(text, waist, inseam)
    return waist, inseam, text


def _measurements_block(
    text: str, waist: Found[float] | None, inseam: Found[float] | None
) -> tuple[Found[float] | None, Found[float] | None, str]:
    """A description's "Measurements: Waist 16 Inseam 30" block; tag forms after it are
    measures too, so the text is cut there."""
    block = _MEASUREMENTS_BLOCK.search(text)  # on text masked since: offsets hold
    if block is None:
        return waist, inseam, text
    window = text[block.end() : block.end() + 160]
    if waist is None and (bw := _BLOCK_WAIST.search(window)):
        value = float(bw.group(1))
        if value <= 21 and _in(value, FLAT_RANGE):  # a flat measure: double it
            waist = Found(value * 2, 0.7)
        elif _in(value, SIZE_WAIST_RANGE) and value > 27:
            waist = Found(value, 0.7)
    if inseam is None and (bi := _BLOCK_INSEAM.search(window)):
        value = float(bi.group(1))
        if _in(value, INSEAM_RANGE):
            inseam = Found(value, 0.7)
    return waist, inseam, text[: block.start()]


# ============================================================================================
# Tag size
# ============================================================================================


def _pair_pattern(inseam: str) -> re.Pattern[str]:
    """The waist-and-inseam forms in one pattern; group ``l`` holds an inseam written first."""
    n_inseam = inseam.replace("(", "(?P<l>", 1)
    n_waist = _N.replace("(", "(?P<w>", 1)
    forms = (
        # W32 L30, W 32 L 30, W32xL30, W32/L30, W32L30
        rf"\bw\s?{_N}{_U}\s*[,/x*-]?\s*l\s?{inseam}\b",
        # L30 W32 (inseam first)
        rf"\bl\s?{n_inseam}{_U}\s*[,/x*-]?\s*w\s?{n_waist}\b",
        # 32W 30L, 32w x 30l
        rf"\b{_N}{_U}\s?w\s*[,/x*-]?\s*{inseam}{_U}\s?l\b",
        # 32x30, 32 X 30, 32" x 30", 32*30
        rf"(?<![\d.])\b{_N}{_U}\s?[x*]\s?{inseam}(?!\d|\.\d|\s?x\s?\d)",
        # 32/30 (dates and women's 9/10, 11/12 are out of range or one digit); not on shorts,
        # where "27/4" is a waist and a women's size
        rf"(?<![\d/.])\b{_N}{_U}\s?/\s?{inseam}\b(?!\s?/\s?\d)",
    )
    if inseam == _NS:
        forms = forms[:-1]
    return re.compile("|".join(f"(?:{form})" for form in forms), re.I)


_TAG_PAIR = _pair_pattern(_N)
_SHORTS_PAIR = _pair_pattern(_NS)
_DIGIT = re.compile(r"\d")
# Every pair form has a number beside an x, *, / or W/L marker, or a W/L marker before a number:
# a cheap first look, and where the pair pattern's scan starts (at most 2 characters before).
_PAIR_HINT = re.compile(r"\d(?:\.5)?(?:\"|\s?in(?:ch(?:es)?)?)?\s?[x*/wl]|[wl]\s?\d", re.I)
_W_FIRST = re.compile(rf"\bw\s?{_N}\b(?!\s*[x/*]|\s*l\s?\d)", re.I)  # W32
_W_AFTER = re.compile(rf"\b{_N}\s?w\b(?!\s*[x/*]|\s*\d)", re.I)  # 32W (also a plus size: 18W)
# Each with a hint: a simpler pattern every match holds near its start (see ``Gated``).
_TAG_WAIST = (
    Gated(_W_FIRST, re.compile(r"w\s?\d"), 0),
    Gated(_W_AFTER, re.compile(r"\d\s?w"), 4),
    # 32R, 26P, 30S: a waist with its length (regular, petite, short)
    Gated(re.compile(rf"\b{_N}(?:r|p|s)\b", re.I), re.compile(r"\d[rps]"), 3),
    # waist 32, waist: 32, 32 waist, 32" waist
    # (the earliest waist form wins: "32 waist 30 inseam" is a 32 waist, not "waist 30")
    Gated(re.compile(rf"\bwaist\s*(?:size)?\s*[:=-]?\s*{_N}\b(?!\s*[x/*])", re.I), ("waist",)),
    Gated(re.compile(rf"\b{_N}{_INCH}\s*waist\b", re.I), ("waist",), 14),
)
_GENDER_LEAD = (
    r"(?:(?:wo)?men'?s?|ladies'?|lady'?s|juniors?'?s?|unisex)"
    r"(?:\s+(?:jeans?|denim|pants|trousers))?(?:\s+(?:size|sz))?"
)
# "Size 30", "Sz 29", "Tagged 34", "Tag size 32", "Womens 28", "Mens Jeans Size 34": a waist
# only when in the plausible waist range. Women's numeric sizes (Size 10, Sz 9/10, Womens 16)
# fall below it and are not waist inches.
_SIZE_WAIST = re.compile(
    rf"\b(?:size|sz|siz|tag(?:ged)?(?:\s+size)?(?:\s+says)?|marked|labell?ed|{_GENDER_LEAD})"
    rf"\s*[:=#-]?\s*{_N}(?![\d.]|\s*(?:[x/*]\s*\d|\"|in\b|inch|mm\b|cm\b|%|w\b|l\b|months|yrs))",
    re.I,
)
_SIZE_WAIST_AT = Anchored(
    _SIZE_WAIST, ("siz", "sz", "tag", "marked", "label", "men", "wom", "lad", "junior", "unisex")
)
_WOMENS_SIZE = r"(?:00|0|[1-9]|1[0-9]|20)"
_LETTER_SIZE = r"(?:xxs|xs|s|m|xl|xxl|small|medium|large|petite)"
# A waist beside a women's numeric or letter size: "Size 4/27", "Sz 8 (29)", "27/4", "28 (6)",
# "Small 26", "XS/24". The women's size is one or two digits up to 20, the waist 23-40.
_BESIDE_WOMENS = re.compile(
    rf"(?:\b(?:size|sz)\s*[:#]?\s*(?:{_WOMENS_SIZE}|{_LETTER_SIZE})\s*(?:/|\(|-|,)?\s*"
    rf"|(?<![\w.'])(?:{_WOMENS_SIZE}|{_LETTER_SIZE})\s*(?:/|\()\s*)"
    rf"(\d{{2}})\)?(?![\w.\"/%]|\s?x\s?\d|\s*(?:inseam|length|long|l\b|in\b|inch))"
    rf"|(?<![\w./])(\d{{2}})\s*(?:/|\()\s*{_WOMENS_SIZE}[rslpt]?\b(?![./]\d)",
    re.I,
)
# Last resort: "Levi's 501 36 30" (two bare numbers); not after a zipper maker ("Talon 42").
_BARE_PAIR = re.compile(
    r"(?<![\w.\"'#$|])(?<!talon\s)(?<!scovill\s)(?<!conmar\s)(?<!ykk\s)(?<!crown\s)"
    r"(\d{2})\s(\d{2})(?![\w.\"'%|])",
    re.I,
)
# A bare waist: a lone two-digit number that nothing makes something else ("Levi's 505 Regular
# Fit 34", "Iron Heart 666S 34 Indigo", "Prada Straight Jeans 31 Made in Italy"): not a unit
# ("19cm", "21oz", "10\""), not an inseam or a rise, not a count, a zipper or a lot number.
_LONE = re.compile(
    r"(?<![\w.\"'#$/-])(\d{2})(?:\s?(?:r|p|s)\b)?"
    r"(?![\w.\"'%/-]|\s?[x*]\s?\d|\s*(?:cm|mm|in|inch|inches|oz|long|inseam|length|l|rise|leg|"
    r"months?|mos?|yrs?|years?|pairs?|pcs?|pieces|lbs?|plus)\b)",
    re.I,
)
_NOT_WAIST_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:inseam|length|long|talon|scovill|ykk|lot|no|number|pack|of|x|inch(?:es)?|"
    r"in|opening|hem|age|ages|kids?|boys?|girls?|youth|toddler|size|sz|plus|eur?|uk|it|fr|"
    r"model|style|type)|\d|'|#|\$|/)[\s.:-]*\Z",
    re.I,
)
_TAG_INSEAM = (
    Gated(re.compile(rf"\bl\s?{_N}\b(?!\s*[x/*])", re.I), re.compile(r"l\s?\d"), 0),
    Gated(re.compile(rf"\b{_N}\s?l\b", re.I), re.compile(r"\d\s?l"), 4),
    Gated(re.compile(rf"\b(?:inseam|length)\s*[:=-]?\s*{_N}\b", re.I), ("inseam", "length")),
    Gated(re.compile(rf"\b{_N}{_INCH}\s*(?:inseam|length)\b", re.I), ("inseam", "length"), 14),
)
_SHORTS_INSEAM = re.compile(
    rf"\b(?:inseam|length)\s*[:=-]?\s*{_NS}\b|\b{_NS}(?:\"|\s?(?:in|inch|inches)\b|\s?-?inch)"
    rf"\s*(?:inseam|length|inseams)?\b",
    re.I,
)
_BARE_INSEAM_AFTER = re.compile(r"\s+(\d{2})(?![\w.\"'%|])")
_PLUS = re.compile(r"\bplus(?:\s+size)?\b|\b\d{2}w\s+plus\b|\b[1-5]x\b", re.I)
_WOMEN_CONTEXT = re.compile(
    r"\b(?:wom[ae]n'?s?|womens|ladies'?|lady'?s|misses|petite|juniors?|plus)\b", re.I
)


@dataclass(slots=True)
class _Tag:
    """The tag size being read: what was found so far, and the text left to read."""

    text: str
    strict: bool
    shorts: bool
    waist: Found[float] | None = None
    inseam: Found[float] | None = None

    def take(self, m: re.Match[str], waist: float | None, inseam: float | None, sure: float):
        confidence = sure if not self.strict else sure - 0.2
        if waist is not None:
            self.waist = Found(waist, round(confidence, 3))
        if inseam is not None:
            self.inseam = Found(inseam, round(confidence, 3))
        self.text = mask(self.text, m.start(), m.end())

    @property
    def inseam_range(self) -> tuple[float, float]:
        return SHORTS_INSEAM_RANGE if self.shorts else INSEAM_RANGE


def _read_pair(tag: _Tag) -> None:
    """The first waist-and-inseam form in range."""
    hint = _PAIR_HINT.search(tag.text)
    if hint is None:
        return
    pattern = _SHORTS_PAIR if tag.shorts else _TAG_PAIR
    for m in pattern.finditer(tag.text, max(0, hint.start() - 2)):
        if m.group("l") is not None:
            w, i = float(m.group("w")), float(m.group("l"))
        else:
            w, i = (float(g) for g in m.groups() if g is not None)
        if _in(w, WAIST_RANGE) and _in(i, tag.inseam_range):
            tag.take(m, w, i, 0.9)
            return


def _plus_size(text: str, m: re.Match[str], value: float) -> bool:
    """ "18W", "24W" in a women's title, or any size up to 32 where "plus" is written."""
    if _PLUS.search(text) and value <= 32:
        return True
    if m.re is not _W_AFTER:
        return False
    # "14W".."24W" are women's plus sizes; a 22-24 inch waist written so is a child's. Above
    # that, only a women's title makes "26W" a plus size.
    return value <= 24 or _WOMEN_CONTEXT.search(text) is not None


def _read_waist_marker(tag: _Tag) -> None:
    hits = []
    low = tag.text.lower()
    for pattern in _TAG_WAIST:
        m = pattern.search(tag.text, low)
        if m is None:
            continue
        value = float(m.group(1))
        if _in(value, WAIST_RANGE) and not (value <= 32 and _plus_size(tag.text, m, value)):
            hits.append(m)
    if hits:
        m = min(hits, key=lambda h: h.start())
        tag.take(m, float(m.group(1)), None, 0.85)


def _read_size_word(tag: _Tag) -> None:
    plus = None
    for m in _SIZE_WAIST_AT.finditer(tag.text):
        value = float(m.group(1))
        if not _in(value, SIZE_WAIST_RANGE):
            continue
        if value <= 32:
            # 23-32 overlap women's plus sizes ("Size 24 Plus", "Plus Size 28").
            plus = plus if plus is not None else bool(_PLUS.search(tag.text))
            if plus:
                continue
        tag.take(m, value, None, 0.75)
        after = _BARE_INSEAM_AFTER.match(tag.text, m.end())  # "Size 32 30"
        if after is not None and _in(float(after.group(1)), INSEAM_RANGE):
            tag.inseam = Found(float(after.group(1)), 0.6)
            tag.text = mask(tag.text, after.start(), after.end())
        return


def _read_beside_womens(tag: _Tag) -> None:
    if _PLUS.search(tag.text):
        return
    for m in _BESIDE_WOMENS.finditer(tag.text):
        value = float(m.group(1) or m.group(2))
        if _in(value, (23.0, 40.0)):
            tag.take(m, value, None, 0.7)
            return


def _read_bare_pair(tag: _Tag) -> None:
    for m in _BARE_PAIR.finditer(tag.text):
        w, i = float(m.group(1)), float(m.group(2))
        if _in(w, SIZE_WAIST_RANGE) and _in(i, INSEAM_RANGE):
            tag.take(m, w, i, 0.6)
            return


def _read_lone(tag: _Tag) -> None:
    """The one bare number in the waist range, when there is exactly one."""
    found = [
        m
        for m in _LONE.finditer(tag.text)
        if _in(float(m.group(1)), LONE_WAIST_RANGE)
        and not _NOT_WAIST_BEFORE.search(tag.text, max(0, m.start() - 12), m.start())
    ]
    if len(found) != 1:
        return  # none, or two candidates: which one is the waist is a guess
    m = found[0]
    value = float(m.group(1))
    if _PLUS.search(tag.text) or (value <= 24 and _WOMEN_CONTEXT.search(tag.text)):
        return  # a women's 24 may be a plus size
    tag.take(m, value, None, 0.6)


def _read_inseam(tag: _Tag) -> None:
    if tag.shorts and (m := _SHORTS_INSEAM.search(tag.text)) is not None:
        value = float(m.group(1) or m.group(2))
        if _in(value, (2.0, 14.0)):
            tag.take(m, None, value, 0.8)
            return
    low = tag.text.lower()
    for n, pattern in enumerate(_TAG_INSEAM):
        m = pattern.search(tag.text, low)
        if m is None or not _in(float(m.group(1)), INSEAM_RANGE):
            continue
        if n < 2 and tag.waist is None:
            continue  # a lone "L30" is too weak without a waist
        tag.take(m, None, float(m.group(1)), 0.8)
        return


def _tag_size(text: str, strict: bool, shorts: bool) -> _Tag:
    tag = _Tag(text, strict, shorts)
    if _DIGIT.search(text) is None:
        return tag
    _read_pair(tag)
    if tag.waist is None:
        _read_waist_marker(tag)
    if tag.waist is None:
        _read_size_word(tag)
    if tag.waist is None and tag.inseam is None and not strict:
        _read_beside_womens(tag)
    if tag.waist is None and tag.inseam is None and not strict:
        _read_bare_pair(tag)
    if tag.waist is None and tag.inseam is None and not strict:
        _read_lone(tag)
    if tag.inseam is None and (tag.waist is not None or not strict):
        _read_inseam(tag)
    return tag


# "Short" alone is an inseam length ("28/6 Short", "Size 10 Short"), not a garment.
_SHORTS = re.compile(r"\b(?:shorts|jorts|cut[\s-]?offs?|bermudas?)\b", re.I)


def is_shorts(text: str) -> bool:
    low = text.lower()
    if "shorts" not in low and "jort" not in low and "cut" not in low and "bermuda" not in low:
        return False
    return _SHORTS.search(text) is not None


def extract_sizes(
    text: str, *, strict: bool = False, shorts: bool | None = None, tag: bool = True
) -> Sizes:
    """Tag size (``W32 L30``, ``32x30``, ``32/30``, ``32W 30L``, ``Size 30``...) and measured
    size (``measures 34x29``, ``measured waist 31"``, ``16" flat`` -> 32), kept apart. Returns
    the text with every consumed size masked. ``shorts`` (default: the text says shorts or
    jorts) admits short inseams; ``tag=False`` reads the measured size only."""
    measured_waist, measured_inseam, text = _measured(text, strict)
    if not tag:
        return Sizes(None, None, measured_waist, measured_inseam, text)
    read = _tag_size(text, strict, is_shorts(text) if shorts is None else shorts)
    return Sizes(read.waist, read.inseam, measured_waist, measured_inseam, read.text)
