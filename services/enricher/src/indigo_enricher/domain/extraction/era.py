"""Era: the decade, written (title > Etsy ``when_made`` > description) or inferred from DOMAIN.md's
dating rules, which are intersected as year ranges and give a decade only when they pin one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import Anchored, Found, Gated, corroborate, ends_with

_NOT_ERA_AFTER = (
    r"(?![\s-]*(?:style|styled|inspired|look|looks|vibes?|aesthetic|revival|reproduction|repro|"
    r"replica|reissue|remake|waist|x\s?\d))"
)
# Not after a letter, digit or "$" ("W30s", "501s", "$80s"); after "-" is fine ("mid-80s").
_DECADE_FULL = re.compile(rf"(?<![\w$#.'])((?:18|19|20)\d0)'?s\b{_NOT_ERA_AFTER}", re.I)
_DECADE_SHORT = re.compile(rf"(?<![\w$#.'])'?([2-9]0|00)'?s\b{_NOT_ERA_AFTER}", re.I)


_THE_BEFORE = re.compile(r"\bthe\s+\Z", re.I)
# After "The 90s": the cut words of the makers' model names ("Zara The 90s Full Length",
# "Abercrombie The 90s Straight Ultra High Rise", "Madewell The 90s Wide Leg", "Gap The 70s
# Flare"); "jeans from the 90s" has none after it.
_FIT_AFTER = re.compile(
    r"[\s-]+(?:relaxed|straight|loose|baggy|jeans?|mom|boyfriend|girlfriend|dad|skinny|"
    r"boot\s?cut|flares?|crop|cropped|pinch|high|low|mid|slim|fit|full|wide|ankle|taper(?:ed)?|"
    r"cheeky|kick|barrel|balloon|curve|curvy|ultra|super|rise|cargo|carpenter|bell)\b",
    re.I,
)


def _is_model_name(text: str, m: re.Match[str], fits: re.Pattern[str] | None) -> bool:
    """ "The 90s Relaxed Jean", "The 70s Flare": a maker's model name, not the pair's decade
    (but "jeans from the 90s" is a date). ``fits``: the maker's fits named after a decade
    ("Madewell 90s Straight", "Levi's 70s High Flare"), read without "The"."""
    if fits is not None and fits.match(text, m.end()) is not None:
        return True
    return (
        _THE_BEFORE.search(text, max(0, m.start() - 6), m.start()) is not None
        and _FIT_AFTER.match(text, m.end()) is not None
    )


_DECADE_FITS: dict[str, re.Pattern[str]] = {
    brand: re.compile(r"[\s-]+(?:" + "|".join(fragments) + r")\b", re.I)
    for brand, fragments in v.DECADE_FITS.items()
}
# The decade-named fits are new jeans; a title that says it is vintage means the decade.
_VINTAGE = re.compile(r"\b(?:vintage|vtg|vntg)\b", re.I)


def _decade_fits(text: str, brand: str | None) -> re.Pattern[str] | None:
    fits = _DECADE_FITS.get(brand) if brand else None
    if fits is None or _VINTAGE.search(text) is not None:
        return None
    return fits


def _decade_matches(text: str, low: str) -> list[re.Match[str]]:
    """Written decades ("1980s", "1980's", "80s", "'80s", "80's"), found from where their
    "0s" / "0's" ends them: the full form starts 3 characters before, the short 1 or 2."""
    if len(low) != len(text):
        return [*_DECADE_FULL.finditer(text), *_DECADE_SHORT.finditer(text)]
    out = []
    end = 0
    p = low.find("0")
    while p >= 0:
        if low.startswith(("0s", "0's"), p):
            for pattern, start in (
                (_DECADE_FULL, p - 3),
                (_DECADE_SHORT, p - 2),
                (_DECADE_SHORT, p - 1),
            ):
                if start >= end and (m := pattern.match(text, start)) is not None:
                    out.append(m)
                    end = m.end()
                    break
        p = low.find("0", p + 1)
    return out


_DECADE_WORD = Gated(
    re.compile(
        rf"\b(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
        rf"{_NOT_ERA_AFTER}",
        re.I,
    ),
    ("ties",),
    6,
)
_Y2K = Anchored(re.compile(rf"\by2k\b{_NOT_ERA_AFTER}", re.I), ("y2k",))
_YEAR = Anchored(
    re.compile(r"(?<![\w$#'])(?<!\d[./-])(18[7-9]\d|19\d\d|20[0-2]\d)(?![\w%]|[./-]\d|\s?x\s?\d)"),
    ("18", "19", "20"),
)
_APOSTROPHE_YEAR = Anchored(re.compile(r"(?<![\w'])'(\d\d)(?![\w'])"), ("'",))
# A year before "model" is the model's ("Sugar Cane 1947 Model", "1955 model 501").
_YEAR_NOT_DATE_AFTER = re.compile(r"\s*(?:model|models|reissue|re-issue|repro)\b", re.I)
# A designer season ("AW04", "FW22", "SS 03", "F/W 2004"): the collection's year, on Grailed
# the way a designer pair is dated. Two digits are 20xx up to this year, else 19xx.
_SEASON = Anchored(
    re.compile(r"\b(?:aw|fw|ss|a/w|f/w|s/s)\s?'?((?:19|20)?\d\d)(?![\w'])", re.I),
    ("aw", "fw", "ss", "a/w", "f/w", "s/s"),
)
# Comme des Garcons (and its lines: Junya Watanabe, CDG Homme) prints the collection's year as
# "AD2003" on the label, and resellers copy it into the title ("CDG Homme Denim AD2003"), as it
# is printed: with no space.
_AD_YEAR = Gated(re.compile(r"\bad((?:19|20)\d\d)(?![\w'])", re.I), ("ad19", "ad20"))
# A decade in the continental and Japanese titles: French "années 90", Italian "anni 80" /
# "anni '80", Spanish "años 70", Dutch "jaren 90" ("2000" after the word is
# the 2000s: "années 2000"), German "90er" / "80er Jahre" / "1990er" ("30er", "40er" only with
# "Jahre": a bare one may be a size, "30er Weite"), Japanese "90年代" / "1990年代". Every match
# holds one of the gate's words within five characters of its start (see ``Gated``).
_FOREIGN_DECADE = Gated(
    re.compile(
        r"(?:\b(?:ann[ée]es|annees|anni|años|jaren)\s+'?((?:19)?[2-9]0|2000|00)(?:'?s)?\b"
        r"|\b((?:19)?[5-9]0|(?:19)?[2-4]0(?=er[\s-]*jahre))er\b"
        r"|(?<![\d.])((?:19)?[2-9]0|2000)\s?年代)"
        rf"{_NOT_ERA_AFTER}",
        re.I,
    ),
    ("ann", "años", "jaren", "0er", "年代"),
    5,
)
_YEAR_NOT_DATE_BEFORE = re.compile(
    r"(?:since|est\.?|established|founded|copyright|\(c\)|lot|style|no\.?|#|model|sku)\s*\Z", re.I
)
_DATE_CUE_BEFORE = re.compile(
    r"(?:circa|ca\.?|c\.|from|made\s+in|dated?|year|in|of|mid|early|late)\s*\Z", re.I
)
_REPRO = Anchored(
    re.compile(
        r"\b(?:lvc|levi'?s\s+vintage\s+clothing|reissue|re-issue|repro(?:duction)?|replica|"
        r"anniversary|capital\s+e)\b",
        re.I,
    ),
    "lvc levi reissue re-issue repro replica anniversary capital".split(),
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


def written_decades(
    text: str, *, strict: bool = False, brand: str | None = None
) -> list[tuple[int, str, float]]:
    """Decades written in ``text`` as (position, decade, confidence), in order of position;
    ``brand``'s fits named after a decade are not decades (:data:`vocabulary.DECADE_FITS`)."""
    out: list[tuple[int, str, float]] = []
    low = text.lower()
    matches = _decade_matches(text, low)
    fits = _decade_fits(text, brand) if matches else None
    for m in matches:
        if _is_model_name(text, m, fits):
            continue
        if m.re is _DECADE_FULL:
            year = int(m.group(1))
            if 1870 <= year <= _THIS_YEAR:
                out.append((m.start(), _decade(year), 0.95))
        else:
            short = int(m.group(1))
            year = 2000 if short == 0 else 1900 + short
            out.append((m.start(), _decade(year), 0.95))
    for m in _DECADE_WORD.finditer(text, low):
        out.append((m.start(), _decade(_DECADE_WORDS[m.group(1).lower()]), 0.9))
    for m in _Y2K.finditer(text, low):
        out.append((m.start(), "2000s", 0.9))
    # (in a description only when it is not ASCII: one in another language holds an accent)
    for m in _FOREIGN_DECADE.finditer(text, low) if not strict or not text.isascii() else ():
        written = int(next(g for g in m.groups() if g is not None))
        year = written if written >= 1000 else (2000 if written == 0 else 1900 + written)
        out.append((m.start(), _decade(year), 0.9))
    if not strict:
        repro = _REPRO.search(text, low) is not None
        for m in _YEAR.finditer(text, low):
            year = int(m.group(1))
            if year > _THIS_YEAR or ends_with(_YEAR_NOT_DATE_BEFORE, text, m.start()):
                continue
            if _YEAR_NOT_DATE_AFTER.match(text, m.end()):
                continue
            if repro and year < 1996:
                # "LVC 1947", "1955 reissue", "LVC 1978 501": the model's year, not the pair's
                # (LVC itself began in 1996, so an older year on it is always the model's).
                continue
            out.append((m.start(), _decade(year), 0.85))
        for m in _SEASON.finditer(text, low):
            year = int(m.group(1))
            if year < 100:
                year += 2000 if year <= _THIS_YEAR % 100 else 1900
            if 1950 <= year <= _THIS_YEAR:
                out.append((m.start(), _decade(year), 0.85))
        for m in _AD_YEAR.finditer(text, low):
            year = int(m.group(1))
            if 1969 <= year <= _THIS_YEAR:  # the house was founded in 1969
                out.append((m.start(), _decade(year), 0.85))
        for m in _APOSTROPHE_YEAR.finditer(text, low):
            # "'85" is a date only with a cue ("circa '85", "made in '85"); bare, it is more
            # often a model name ("501 '93") or a size.
            if ends_with(_DATE_CUE_BEFORE, text, m.start()):
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


_DATING_RULES: tuple[tuple[Anchored, _Range], ...] = tuple(
    (Anchored(re.compile(pattern, re.I), starts.split()), _Range(lo, hi, confidence, rule))
    for pattern, starts, lo, hi, confidence, rule in (
        # (pattern, its start words, from, to, confidence, rule) -- DOMAIN.md;
        # H = 0.85, M = 0.65, L = 0.4.
        (r"\bbig\s?e\b", "big", 1936, 1970, 0.85, "big e"),
        (r"\bsmall\s?e\b", "small", 1971, _THIS_YEAR, 0.85, "small e"),
        (
            r"(?:\bred\s?lines?\b|\bselvedge\b|\bselvage\b)(?!\s*\?)",
            "red selv",
            1873,
            1985,
            0.65,
            "selvedge",
        ),
        (r"\borange\s?tab\b", "orange", 1969, 1999, 0.65, "orange tab"),
        (r"\bsilver\s?tab\b", "silver", 1988, _THIS_YEAR, 0.65, "silver tab"),
        (r"\bhidden\s+rivets?\b", "hidden", 1937, 1967, 0.65, "hidden rivets"),
        (r"\bleather\s+patch\b", "leather", 1873, 1958, 0.65, "leather patch"),
        (r"\borange\s+overlock\b", "orange", 1981, 1984, 0.65, "orange overlock"),
        (r"\bwhite\s+overlock\b", "white", 1985, 1993, 0.65, "white overlock"),
        (r"\bcare\s+on\s+reverse\b", "care", 1971, 1991, 0.65, "care on reverse"),
        (r"\bbatwing\b", "batwing", 1987, _THIS_YEAR, 0.65, "batwing"),
        (r"\bno\s+care\s+(?:tag|label)\b", "no", 1873, 1970, 0.6, "no care tag"),
        (r"\b555\b|\bvalencia\b", "555 valencia", 1873, 2002, 0.65, "555"),
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
_CARE_TAG = Anchored(re.compile(r"\bcare\s+(?:tag|label)\b", re.I), ("care",))
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
    low = text.lower()
    if brand == "Levi's" and not _REPRO.search(text, low):
        care_tag = _CARE_TAG.search(text, low) is not None
        for pattern, rng in _DATING_RULES:
            if rng.rule == "big e" and (care_tag or model in ("550", "560", "569")):
                continue  # DOMAIN.md reproduction flags: Big E with a care tag / later lot
            if rng.rule == "selvedge" and made_in not in (None, "USA"):
                continue  # modern Japanese / Turkish selvedge Levi's
            if pattern.search(text, low):
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


def _after_founding(
    decades: list[tuple[int, str, float]], brand: str | None
) -> list[tuple[int, str, float]]:
    """The written decades the maker existed in: an earlier one names a fit ("AGOLDE 90s Pinch
    Waist"), and it is dropped, not answered (see :data:`vocabulary.FOUNDED`)."""
    founded = v.FOUNDED.get(brand) if brand else None
    if founded is None or not decades:
        return decades
    return [d for d in decades if int(d[1][:4]) + 9 >= founded]


def _without_y2k_tag(
    text: str, decades: list[tuple[int, str, float]]
) -> list[tuple[int, str, float]]:
    """The decades without "Y2K" when a decade is also written out: sellers tag a style with it
    ("Vintage 90s Baggy Jeans ... Y2K Skater"), and the written decade says when the pair is from.
    """
    tags = {m.start() for m in _Y2K.finditer(text, text.lower())}
    rest = [d for d in decades if d[0] not in tags]
    return rest if rest else decades


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
    inferred from the dating rules. Two different decades written ("80s 90s") is no answer;
    "Y2K" beside a written decade is a style tag, and the written decade stands.
    """
    decades = _after_founding(written_decades(text, brand=brand), brand)
    etsy_range, etsy_decade = _etsy_when_made(when_made)
    if decades:
        distinct = {d for _, d, _ in decades}
        if len(distinct) > 1:
            decades = _without_y2k_tag(text, decades)
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
        decades = _after_founding(written_decades(description, strict=True, brand=brand), brand)
        distinct = {d for _, d, _ in decades}
        if len(distinct) == 1:
            return Found(decades[0][1], 0.65)
    return infer_era(text, brand, model, made_in, [etsy_range] if etsy_range else [])
