"""The tag size: the waist and inseam the seller states, most explicit form first; each reader
masks what it used. See the package's docstring for the resale-site forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indigo_enricher.domain.extraction.sizes.units import (
    _INCH,
    _N,
    _NS,
    _U,
    INCH_WOMENS_LONE_RANGE,
    INSEAM_RANGE,
    LONE_WAIST_RANGE,
    SHORTS_INSEAM_RANGE,
    SIZE_WAIST_RANGE,
    WAIST_RANGE,
    _in,
)
from indigo_enricher.domain.extraction.text import Anchored, Found, Gated, mask, round3

# After a W or L marker: nothing, a space, or a colon ("W: 32 L: 30", eBay's item specifics).
_MARK = r"\s?(?:[:=]\s?)?"


def _pair_pattern(inseam: str) -> re.Pattern[str]:
    """The waist-and-inseam forms in one pattern; group ``l`` holds an inseam written first."""
    n_inseam = inseam.replace("(", "(?P<l>", 1)
    n_waist = _N.replace("(", "(?P<w>", 1)
    forms = (
        # W32 L30, W 32 L 30, W: 32 L: 30, W32xL30, W32/L30, W32L30
        rf"\bw{_MARK}{_N}{_U}\s*[,/x*-]?\s*l{_MARK}{inseam}\b",
        # L30 W32 (inseam first)
        rf"\bl{_MARK}{n_inseam}{_U}\s*[,/x*-]?\s*w{_MARK}{n_waist}\b",
        # 32W 30L, 32w x 30l
        rf"\b{_N}{_U}\s?w\s*[,/x*-]?\s*{inseam}{_U}\s?l\b",
        # 32x30, 32 X 30, 32" x 30", 32*30
        # (not a third dimension: "32x30x2"; " x2" after it is a count of pairs)
        rf"(?<![\d.])\b{_N}{_U}\s?[x*]\s?{inseam}(?!\d|\.\d|(?!\sx[2-9](?![\d.]))\s?x\s?\d)",
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
# Every pair form has a number beside an x, *, / or W/L marker, or a W/L marker before a number,
# and starts there ("W32", "L30") or one digit before ("32x30", "32W", "32/30"): the pair pattern
# is tried only there (``match``), not scanned for (its forms cost 50 ns a character to scan).
_PAIR_HINT = re.compile(
    r"\d(?:\.5)?(?:\"|\s?in(?:ch(?:es)?)?)?\s?[x*/wl]|[wl]\s?(?:[:=]\s?)?\d", re.I
)
# W32, W: 32; not the start of a pair ("W32/30"), but a slash the seller parts the title with is
# no pair ("levis 505 shorts // w32 // light wash").
_W_FIRST = re.compile(rf"\bw{_MARK}{_N}\b(?!\s*[x/*]\s*\d|\s*l\s?\d)", re.I)
# 32W (also a plus size: 18W); a slash the seller parts the title with is no pair ("33w // 12")
_W_AFTER = re.compile(rf"\b{_N}\s?w\b(?!\s*(?:[x*]|/(?!/))|\s*\d)", re.I)
# Each with a hint: a simpler pattern every match holds near its start (see ``Gated``).
_TAG_WAIST = (
    Gated(_W_FIRST, re.compile(r"w\s?(?:[:=]\s?)?\d"), 0),
    Gated(_W_AFTER, re.compile(r"\d\s?w"), 4),
    # 32R, 26P, 30S, 26T: a waist with its length (regular, petite, short, tall; "30L" is an
    # inseam, and toddlers' "3T" has one digit). Not "30s", "40s", "50s" in lower case: decades
    # ("Vintage Hercules Jeans 50s" is no 50" waist); "Levis 501 30S" is a 30 short.
    Gated(re.compile(rf"\b(?!(?-i:[2-5]0s)\b){_N}(?:r|p|s|t)\b", re.I), re.compile(r"\d[rpst]"), 3),
    # waist 32, waist: 32, 32 waist, 32" waist
    # (the earliest waist form wins: "32 waist 30 inseam" is a 32 waist, not "waist 30")
    Gated(re.compile(rf"\bwaist\s*(?:size)?\s*[:=-]?\s*{_N}\b(?!\s*[x/*])", re.I), ("waist",)),
    # ... but not the inseam's number when the inseam is written first ("Inseam 28 Waist 30")
    Gated(re.compile(rf"(?<!inseam\s)(?<!length\s)\b{_N}{_INCH}\s*waist\b", re.I), ("waist",), 14),
)
_GENDER_LEAD = (
    r"(?:(?:wo)?men'?s?|ladies'?|lady'?s|juniors?'?s?|unisex)"
    r"(?:\s+(?:jeans?|denim|pants|trousers))?(?:\s+(?:size|sz))?"
)
# "Size 30", "Sz 29", "Tagged 34", "Tag size 32", "Womens 28", "Mens Jeans Size 34": a waist
# only when in the plausible waist range. Women's numeric sizes (Size 10, Sz 9/10, Womens 16)
# fall below it and are not waist inches. "Size 33 or 34" (a buyer's two sizes) is neither, nor
# is a size with its European system after it ("Size 38 FR", "Size 40 EU": the system is
# written before it just as often, see ``_NOT_WAIST_BEFORE``).
_EUROPEAN_AFTER = r"(?:eu|eur|euro|fr|it|ita|de)\b"
_SIZE_WAIST = re.compile(
    rf"\b(?:size|sz|siz|tag(?:ged)?(?:\s+size)?(?:\s+says)?|marked|labell?ed|{_GENDER_LEAD})"
    rf"\.?\s*[:=#-]?\s*{_N}(?![\d.]|\s*(?:[x/*]\s*\d|\"|in\b|inch|mm\b|cm\b|%|w\b|l\b|months|yrs)"
    rf"|\s+or\s+\d|\s*\(?{_EUROPEAN_AFTER})",
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
    # ("Sizes 30-34" is no "Size S 30")
    rf"(?:\b(?:size|sz)(?![a-z])\s*[:#]?\s*(?:{_WOMENS_SIZE}|{_LETTER_SIZE})\s*(?:/|\(|-|,)?\s*"
    rf"|(?<![\w.'])(?:{_WOMENS_SIZE}|{_LETTER_SIZE})\s*(?:/|\()\s*)"
    # ("Size 10/32 Long" is an inseam; "4/27 Long" a waist: a long inseam is 32 and up)
    rf"(\d{{2}})\)?(?![\w.\"/%]|\s?x\s?\d|\s*(?:inseam|length|l\b|in\b|inch)"
    rf"|(?<!2[3-9])(?<!3[01])\s*long)"
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
# ("19cm", "21oz", "10\""), not an inseam or a rise, not a count, a zipper or a lot number,
# not a decade ("Vintage 40s Work Pants").
# A number of one or two digits before it makes it one of two sizes or a count; a style number
# of three digits or more does not ("Iron Heart IH-555 34", "Momotaro 0705 33"), nor does one
# ending in an x ("3sixteen CT-120x 31": a pair's waist before an x has two digits). Neither of
# "33 or 34" (a buyer's two sizes) is the waist.
_LONE = re.compile(
    r"(?<![\w.\"'#$/-])(?!(?-i:[2-5]0(?:'[sS]|s))\b)(\d{2})(?:\s?(?:r|p|s)\b)?"
    r"(?![\w.\"'%/-]|\s?[x*]\s?\d|\s*(?:cm|mm|in|inch|inches|oz|long|inseam|length|l|rise|leg|"
    r"months?|mos?|yrs?|years?|pairs?|pcs?|pieces|lbs?|plus)\b|\s+or\s+\d"
    rf"|\s*\(?{_EUROPEAN_AFTER})",
    re.I,
)
_NOT_WAIST_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:inseam|length|long|länge|lange|laenge|longueur|lunghezza|largo|lengte|"
    r"talon|scovill|ykk|lot|no|number|pack|of|(?<!\d{3})x|"
    r"inch(?:es)?|"
    r"in|opening|hem|age|ages|kids?|boys?|girls?|youth|toddler|sizes?|sz|plus|eur?|uk|it|fr|"
    # "t": the French "T 38" (taille), a European size
    r"model|style|type|or|t)|(?<!\d)\d{1,2}|'|#|\$|/)[\s.:-]*\Z",
    re.I,
)
# The inseam's word in the continental titles of Vinted and eBay.de/.fr/.it/.es ("Größe 33
# Länge 32", "longueur 34", "lunghezza 32", "largo 32", "lengte 34"), read like "length".
_LENGTH_WORDS = r"l(?:ä|ae|a)nge|longueur|lunghezza|largo|lengte|l(?:ä|a)ngd"
_LENGTH_STARTS = (
    "länge",
    "laenge",
    "lange",
    "longueur",
    "lunghezza",
    "largo",
    "lengte",
    "längd",
    "langd",
)
_TAG_INSEAM = (
    Gated(re.compile(rf"\bl{_MARK}{_N}\b(?!\s*[x/*])", re.I), re.compile(r"l\s?(?:[:=]\s?)?\d"), 0),
    # 30L, but not "32 L: 30" (the marker of the number after it)
    Gated(re.compile(rf"\b{_N}\s?l\b(?!\s?[:=])", re.I), re.compile(r"\d\s?l"), 4),
    Gated(re.compile(rf"\b(?:inseam|length)\s*[:=-]?\s*{_N}\b", re.I), ("inseam", "length")),
    Gated(re.compile(rf"\b{_N}{_INCH}\s*(?:inseam|length)\b", re.I), ("inseam", "length"), 14),
)
# Title forms only (a description is read for them only when it is not ASCII, as one in another
# language is): the continental length words, and a women's size by its inseam ("Wrangler
# Cowgirl Cut 9/10 x 34", "Size 9/10 x 32": the inseam, and no waist: 9/10 is a women's size).
_TITLE_INSEAM = (
    Gated(
        re.compile(rf"\b(?:{_LENGTH_WORDS})\s*[:=-]?\s*{_N}\b", re.I),
        _LENGTH_STARTS,
    ),
    Gated(re.compile(rf"(?<![\d/.])\d{{1,2}}/\d{{1,2}}\s?x\s?{_N}\b", re.I), re.compile(r"/\d"), 2),
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
    sizing: str | None = None
    waist: Found[float] | None = None
    inseam: Found[float] | None = None

    def take(self, m: re.Match[str], waist: float | None, inseam: float | None, sure: float):
        confidence = sure if not self.strict else sure - 0.2
        if waist is not None:
            self.waist = Found(waist, round3(confidence))
        if inseam is not None:
            self.inseam = Found(inseam, round3(confidence))
        self.text = mask(self.text, m.start(), m.end())

    @property
    def inseam_range(self) -> tuple[float, float]:
        return SHORTS_INSEAM_RANGE if self.shorts else INSEAM_RANGE


def _pair_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, trying the pattern only where a match can start:
    two characters before each place the hint matches, up to it (the hint is searched again
    from the next character, so that no place is skipped)."""
    hint = _PAIR_HINT.search
    match = pattern.match
    end = 0
    h = hint(text)
    while h is not None:
        p = h.start()
        for q in range(max(end, p - 2), p + 1):
            if (m := match(text, q)) is not None:
                yield m
                end = m.end()
                break
        h = hint(text, max(p + 1, end))
    return


# Between two sizes of a bundle or a buyer's choice ("32x30 & 33x30", "33x32 or 34x32").
_PAIR_JOINER = re.compile(r"\s*(?:&|\+|,|/|\band\b|\bor\b)\s*", re.I)


def _pair_values(m: re.Match[str]) -> tuple[float, float]:
    if m.group("l") is not None:
        return float(m.group("w")), float(m.group("l"))
    w, i = (float(g) for g in m.groups() if g is not None)
    return w, i


def _read_pair(tag: _Tag) -> None:
    """The first waist-and-inseam form in range; none when another pair follows it joined by
    "&", "and", "or" or a comma (two pairs' sizes, or a buyer's two: neither is the listing's)."""
    pattern = _SHORTS_PAIR if tag.shorts else _TAG_PAIR
    for m in _pair_matches(tag.text, pattern):
        w, i = _pair_values(m)
        if _in(w, WAIST_RANGE) and _in(i, tag.inseam_range):
            joiner = _PAIR_JOINER.match(tag.text, m.end())
            other = pattern.match(tag.text, joiner.end()) if joiner is not None else None
            if other is not None and _pair_values(other) != (w, i):
                tag.text = mask(tag.text, m.start(), other.end())
                return
            tag.take(m, w, i, 0.9)
            return


def _says_plus(tag: _Tag) -> bool:
    """The title says plus size, or the label makes only plus sizes (Torrid, Lane Bryant)."""
    return tag.sizing == "plus" or _PLUS.search(tag.text) is not None


def _plus_size(tag: _Tag, m: re.Match[str], value: float) -> bool:
    """ "18W", "24W" in a women's title, or any size up to 32 where "plus" is written."""
    text = tag.text
    if value <= 32 and _says_plus(tag):
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
        if _in(value, WAIST_RANGE) and not (value <= 32 and _plus_size(tag, m, value)):
            hits.append(m)
    if hits:
        m = min(hits, key=lambda h: h.start())
        tag.take(m, float(m.group(1)), None, 0.85)


def _european_size(tag: _Tag, value: float) -> bool:
    """ "Size 40", "Gucci Jeans 44" on a label tagged in IT/FR sizes (even numbers, 36 up):
    a European size, not inches. 34 and below stay waists: designer men's jeans are tagged
    28-34 in inches too, and FR 34 / IT 34 are rare on jeans."""
    return tag.sizing == "european" and value >= 36 and value % 2 == 0


# The size word of continental titles (Vinted, eBay.de/.fr/.it/.es, Marktplaats): French
# "taille", Spanish "talla", Italian "taglia"/"tg", German "Gr."/"Größe"/"Grösse", Dutch "maat",
# Polish "rozmiar", Swedish "storlek". The number after it is a European size when it is one
# (even, 34 and up: "taille 42", "Gr. 38", "taglia 46", "maat 38", men's "Gr. 52"), which is no
# waist in inches, and it is masked so that no later reader takes it for one; else (odd, or
# below 34: "taille 27", "taglia 33", "tg 32", or "US" written: "taille US 29", or a length
# after it: "Größe 36 Länge 34") it is the waist in inches the seller copied from the tag.
# Kids' heights ("Gr. 140", "maat 128") have three digits and are read by nobody.
_EUROPEAN_WORD = Anchored(
    re.compile(
        r"\b(?:taille|talla|taglia|tg|gr|gr(?:ö|oe|o)(?:ß|ss)e|maat|rozmiar|storlek)\.?"
        rf"\s*[:=]?\s*(us\s*)?{_N}(?![\d.]|\s*(?:[x/*]\s*\d|\"|in\b|inch|cm\b|w\b|l\b|ans?\b|"
        r"anni\b|años\b|anos\b|jahre\b|jaar\b|lat\b|år\b))",
        re.I,
    ),
    ("taille", "talla", "taglia", "tg", "gr", "maat", "rozmiar", "storlek"),
)


# A length after the size makes the pair W/L, whatever the number ("Größe 36 Länge 34").
_LENGTH_AFTER = re.compile(rf"\s*,?\s*(?:{_LENGTH_WORDS})\.?\s*[:=]?\s*\d{{2}}\b", re.I)


# Words for the waist in inches: German "Weite 32" (the W of W/L: "Weite 32 Länge 34"), and in
# Japanese titles "W32インチ" / "32インチ" (inches), "ウエスト32" (waist), "サイズ32" (size), with
# no word boundary around them; not centimetres ("ウエスト76cm").
_WEITE = Anchored(re.compile(rf"\bweite\s*[:=]?\s*{_N}(?![\d.]|\s*(?:cm|mm)\b)", re.I), ("weite",))
_JAPANESE_WAIST = re.compile(
    rf"(?:ウエスト|サイズ)\s?[:：]?\s?{_N}(?![\d.]|\s?(?:cm|センチ))|(?<![\d.])w?{_N}\s?インチ",
    re.I,
)


def _read_inch_word(tag: _Tag) -> bool:
    m = _WEITE.search(tag.text)
    if m is None and not tag.text.isascii():
        m = _JAPANESE_WAIST.search(tag.text)
    if m is None:
        return False
    value = float(m.group(1) or m.group(2)) if m.re is _JAPANESE_WAIST else float(m.group(1))
    if not _in(value, SIZE_WAIST_RANGE):
        return False
    tag.take(m, value, None, 0.75)
    return True


def _read_european_word(tag: _Tag) -> None:
    if _read_inch_word(tag):
        return
    for m in _EUROPEAN_WORD.finditer(tag.text):
        value = float(m.group(2))
        european = value >= 34 and value % 2 == 0 and m.group(1) is None
        if european and _LENGTH_AFTER.match(tag.text, m.end()) is None:
            tag.text = mask(tag.text, m.start(), m.end())  # a European size: nobody's waist
            continue
        if _in(value, SIZE_WAIST_RANGE):
            tag.take(m, value, None, 0.7)
            return


def _read_size_word(tag: _Tag) -> None:
    plus = None
    for m in _SIZE_WAIST_AT.finditer(tag.text):
        value = float(m.group(1))
        if not _in(value, SIZE_WAIST_RANGE) or _european_size(tag, value):
            continue
        if value <= 32:
            # 23-32 overlap women's plus sizes ("Size 24 Plus", "Plus Size 28").
            plus = plus if plus is not None else _says_plus(tag)
            if plus:
                continue
        tag.take(m, value, None, 0.75)
        after = _BARE_INSEAM_AFTER.match(tag.text, m.end())  # "Size 32 30"
        if after is not None and _in(float(after.group(1)), INSEAM_RANGE):
            tag.inseam = Found(float(after.group(1)), 0.6)
            tag.text = mask(tag.text, after.start(), after.end())
        return


def _read_beside_womens(tag: _Tag) -> None:
    if _says_plus(tag):
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


# A women's waist with its length written out: "BKE Stella Bootcut Jeans 27 Long", "Gap 1969
# Real Straight Jeans 28 Long" (Buckle, Gap, Abercrombie and American Eagle tag so). A "long"
# inseam is 32 and up ("36 long"), so only 23-31 are read, and only when no other bare number is.
_LONG_WAIST = Gated(
    re.compile(r"(?<![\w.\"'#$/-])(2[3-9]|3[01])\s+long\b(?![\s-]*(?:sleeves?|inseam))", re.I),
    ("long",),
    3,
)


def _read_lone(tag: _Tag) -> None:
    """The one bare number in the waist range, when there is exactly one."""
    lone_range = INCH_WOMENS_LONE_RANGE if tag.sizing == "inches" else LONE_WAIST_RANGE
    found = [
        m
        for m in _LONE.finditer(tag.text)
        if _in(float(m.group(1)), lone_range)
        and not _NOT_WAIST_BEFORE.search(tag.text, max(0, m.start() - 12), m.start())
    ]
    if not found:
        found = [
            m
            for m in _LONG_WAIST.finditer(tag.text)
            if not _NOT_WAIST_BEFORE.search(tag.text, max(0, m.start() - 12), m.start())
        ]
    if len(found) != 1:
        return  # none, or two candidates: which one is the waist is a guess
    m = found[0]
    value = float(m.group(1))
    if _says_plus(tag):
        return
    if value <= 24 and tag.sizing != "inches" and _WOMEN_CONTEXT.search(tag.text):
        return  # a women's 24 may be a plus size (not on a label that makes none)
    if _european_size(tag, value):
        return
    tag.take(m, value, None, 0.6)


def _read_inseam(tag: _Tag) -> None:
    if tag.shorts and (m := _SHORTS_INSEAM.search(tag.text)) is not None:
        value = float(m.group(1) or m.group(2))
        if _in(value, (2.0, 14.0)):
            tag.take(m, None, value, 0.8)
            return
    low = tag.text.lower()
    patterns = _TAG_INSEAM
    if not tag.strict or not tag.text.isascii():
        patterns = (*_TAG_INSEAM, *_TITLE_INSEAM)
    for n, pattern in enumerate(patterns):
        m = pattern.search(tag.text, low)
        if m is None or not _in(float(m.group(1)), INSEAM_RANGE):
            continue
        if n < 2 and tag.waist is None:
            continue  # a lone "L30" is too weak without a waist
        tag.take(m, None, float(m.group(1)), 0.8)
        return


def tag_size(text: str, strict: bool, shorts: bool, sizing: str | None = None) -> _Tag:
    """``sizing``: how the maker tags, when known: "european" (IT/FR sizes, see
    :data:`vocabulary.EUROPEAN_SIZED`) or "inches" (women's waists from 23, no plus sizes, see
    :data:`vocabulary.INCH_SIZED_WOMENS`) or "plus" (plus sizes only: numbers up to 32 are
    no waists, see :data:`vocabulary.PLUS_SIZED`)."""
    tag = _Tag(text, strict, shorts, sizing)
    if _DIGIT.search(text) is None:
        return tag
    _read_pair(tag)
    if tag.waist is None:
        _read_waist_marker(tag)
    if tag.waist is None and (not strict or not text.isascii()):
        _read_european_word(tag)  # (a description in another language holds an accent)
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
