"""Model: the lot number (``501``, ``501XX``, ``13MWZ``, ``101Z``, ``936DEN``...).

Suffixed lots are distinctive and accepted anywhere. A bare three-digit number is a lot only when
it is a known lot of the brand (Levi's lots when no brand is named); an unknown three-digit number
in the Levi's range right after "Levi's" is accepted with low confidence. Sizes (two digits) and
years (four) never match. ``505-0217`` is lot ``505``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import Anchored, Found, Gated, ends_with

_LOT_SUFFIXED = re.compile(
    r"(?<![\w#-])(?:"
    r"(?P<lee>101|200|191|220)[\s-]?(?P<leesuf>[zbj])"
    r"|(?P<lev>\d{3})[\s-]?(?P<levsuf>zxx|xx|z)(?:'?s)?"
    r"|(?P<wr>\d{2,3})\s?(?P<wrsuf>mwz|mw|mjz|mj)[a-z]{0,3}"
    r"|(?P<wd>936)\s?(?P<wdsuf>den|dsd)"
    r")(?![\w'])",
    re.I,
)
# Lot + finish code: "505-0217", "501-0193", "550 4891" (the model is the first part).
# With a space only codes starting 0 or 4 ("501 0193"), so "501 1993" stays a lot and a year.
_LOT_CODE = Gated(
    re.compile(r"(?<![\w#.-])(?P<lot>\d{3})(?:-\d{4}|\s[04]\d{3})(?![\w.-])"),
    re.compile(r"\d(?:-\d{4}|\s[04]\d{3})"),
    back=2,
)
# A bare three-digit number, not a price, percentage, measurement or part of a bigger number.
_LOT_BARE = re.compile(
    r"(?<![\w$.,/'-])(?P<lot>\d{3})(?:'?s)?"
    # ("550/30", "550 /30" are no lot; a slash spaced on both sides parts the title: "levis 550
    # / 34x30 / light wash")
    # ("501 x2" is two pairs, not a size: a single digit after the x)
    r"(?![\w%\"]|[.,/-]\d|(?!\s?x[2-9](?![\d.]))\s*x\s?\d|\s*%|/\s?\d|\s/\d|"
    r"\s?(?:cm|mm|lbs?|oz|g)\b)",
    re.I,
)
_TWO_DIGITS = re.compile(r"\d\d")
# A Levi's jacket lot of five digits ("Type III Trucker Jacket 70505 Size 42", "70506-0216").
_JACKET_LOT = Anchored(
    re.compile(r"(?<![\w$.,/'#-])(?P<lot>7[02]\d{3})(?:-\d{4})?(?![\w%\"]|[.,/]\d)"),
    ("70", "72"),
)
# A Levi's five-digit style code: the lot after two leading digits, the model year for LVC
# ("LVC 55501", "47501-0117") or a zero for today's product codes ("00501-2453", "04511").
_STYLE_CODE = re.compile(
    r"(?<![\w$.,/'#-])(?P<prefix>\d\d)(?P<lot>\d{3})(?:-\d{4})?(?![\w%\"]|[.,/]\d)"
)
_FIVE_DIGITS = re.compile(r"\d{5}")
_LEVIS_BEFORE = re.compile(
    r"(?:levi'?s?|lvc|big\s?e|(?:red|orange|silver|white)\s?tab)\s+(?:#\s?)?\Z", re.I
)
_BRAND_WORD = Anchored(
    re.compile(r"(?:levi'?s?|lee|wrangler|edwin)\s+(?:#\s?)?", re.I),
    ("levi", "lee", "wrangler", "edwin"),
)
# Digits and a lot suffix (xx, z, mw, mj, den, dsd, b, j): a cheap first look ("34x30" is none).
_SUFFIX_GATE = re.compile(r"\d[ -]?(?:xx|z|mw|mj|den|dsd)|\d[\s-]?[bjz](?![a-z])")
# A model year written next to a lot ("LVC 1947 501", "501XX 1955") or a model name suffix
# ("501 '93", "501 '54"): part of the model's name, never an era.
_MODEL_YEAR_BEFORE = re.compile(r"(?:18[7-9]\d|19[0-6]\d|1970)\s*\Z")
_MODEL_YEAR_AFTER = re.compile(r"\s*(?:18[7-9]\d|19[0-6]\d|1970|'\d\d)(?![\w'])")
_BARE_CONFIDENCE = {"Levi's": 0.9, None: 0.75, "Lee": 0.8, "Wrangler": 0.8}


_EDWIN_LOTS = v.LEVIS_LOTS | v.EDWIN_LOTS


def _lot_sets(brand: str | None) -> frozenset[str]:
    """The bare lots a brand is known by; none for other makers ("J Brand 811", "Lucky Brand
    221" are their own style numbers, not Levi's lots)."""
    if brand == "Lee":
        return v.LEE_LOTS
    if brand == "Wrangler":
        return v.WRANGLER_LOTS
    if brand == "Edwin":
        return _EDWIN_LOTS
    if brand is None or brand in v.LEVIS_NUMBERED_MAKERS:
        return v.LEVIS_LOTS
    return frozenset()


def _suffixed(text: str) -> tuple[int, int, str, float] | None:
    gate = _SUFFIX_GATE.search(text.lower())
    if gate is None:
        return None
    for m in _LOT_SUFFIXED.finditer(text, max(0, gate.start() - 3)):
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
        return (m.start(), m.end(), model, 0.95 if m.group("lev") else 0.9)
    return None


def _bare_lots(text: str, strict: bool) -> Iterator[re.Match[str]]:
    """Bare three-digit numbers; in ``strict`` mode only those right after a maker's name."""
    if not strict:
        yield from _LOT_BARE.finditer(text)
        return
    for brand in _BRAND_WORD.finditer(text):
        if (m := _LOT_BARE.match(text, brand.end())) is not None:
            yield m


def _bare(text: str, brand: str | None, strict: bool) -> tuple[int, int, str, float] | None:
    lots = _lot_sets(brand)
    for m in _LOT_CODE.finditer(text):
        if m.group("lot") in lots:
            return (m.start(), m.end(), m.group("lot"), 0.9)
    if lots is v.LEVIS_LOTS:
        for m in _JACKET_LOT.finditer(text):
            if m.group("lot") in v.LEVIS_JACKET_LOTS:
                return (m.start(), m.end(), m.group("lot"), 0.85)
        if brand == "Levi's" and _FIVE_DIGITS.search(text) is not None:
            for m in _STYLE_CODE.finditer(text):
                prefix = m.group("prefix")
                if m.group("lot") in lots and (prefix[0] == "0" or prefix in v.LVC_CODE_YEARS):
                    return (m.start(), m.end(), m.group("lot"), 0.85)
    lo, hi = v.UNKNOWN_LEVIS_LOT_RANGE
    for m in _bare_lots(text, strict):
        lot = m.group("lot")
        if lot in lots:
            return (m.start(), m.end(), lot, _BARE_CONFIDENCE.get(brand, 0.65))
        if (
            brand in ("Levi's", None)
            and lo <= int(lot) <= hi
            and ends_with(_LEVIS_BEFORE, text, m.start())
        ):
            return (m.start(), m.end(), lot, 0.6)
    return None


def extract_model(text: str, brand: str | None, *, strict: bool = False) -> Found[str] | None:
    """The lot number; ``strict`` (description text) accepts a bare number only right after a
    brand name. The span also covers an adjacent model year, so the era reader never sees it."""
    if _TWO_DIGITS.search(text) is None:  # every lot has two digits or more
        return None
    candidates = [c for c in (_suffixed(text), _bare(text, brand, strict)) if c is not None]
    if not candidates:
        return None
    start, end, model, confidence = min(candidates, key=lambda c: (c[0], -c[1]))  # first, longest
    before = _MODEL_YEAR_BEFORE.search(text, max(0, start - 12), start)
    if before is not None:
        start = before.start()
    after = _MODEL_YEAR_AFTER.match(text, end)
    if after is not None:
        end = after.end()
    return Found(model, confidence, (start, end))


_WRANGLER_MODEL = re.compile(r"\d+M[WJ]Z?|936[A-Z]+")


def brand_from_model(model: str) -> Found[str] | None:
    """A lot that only one maker uses names the maker ("Vintage 501 Jeans" are Levi's)."""
    if model in v.LEVIS_ONLY_LOTS:
        return Found("Levi's", 0.6)
    if _WRANGLER_MODEL.fullmatch(model):
        return Found("Wrangler", 0.75)
    if model in ("101Z", "101B", "101J"):
        return Found("Lee", 0.7)
    return None
