"""The measured size: "measures 34x29", "measured waist 31\"", "16\" flat" (doubled), a
description's "Measurements: Waist 16 Inseam 30" block. Read and masked before the tag size."""

from __future__ import annotations

import re
from collections.abc import Iterator

from indigo_enricher.domain.extraction.sizes.units import (
    _INCH,
    _NM,
    _NS,
    FLAT_RANGE,
    INSEAM_RANGE,
    SHORTS_INSEAM_RANGE,
    SIZE_WAIST_RANGE,
    WAIST_RANGE,
    _in,
)
from indigo_enricher.domain.extraction.text import Anchored, Found, mask

_FITS_LIKE = (
    # not "Relaxed Fit 34"; "fits more like 30", "fits closer to a 30", "fits more like a 30"
    r"fits(?:\s+(?:more|closer|better))?(?:\s+(?:like|as|to)(?:\s+an?)?)?"
    r"|fit\s+(?:like|as)(?:\s+an?)?"
)
_MEASURE_CUE = (
    r"(?:measures?|measured|measuring|measurements?|meas\.?|actual(?:ly)?|act\.?|true|"
    rf"real\s+size|{_FITS_LIKE})"
)
# The cues that say the pair's own size even before a bare number ("Tagged 38 Fits Like 34",
# "Size 30 (fits 28)", "Marked 36 Actually 34", "Tag 36x30 Real Size 33x29"): the seller's
# correction of a tag that lies (DOMAIN.md). Not "true" ("True Religion 34") nor "fit"
# ("Relaxed Fit 34"); a unit or "waist" after the number is read by the forms before.
_BARE_CUE = rf"(?:measures?|measured|actual(?:ly)?|real\s+size|{_FITS_LIKE})"
_L_MARK = r"(?:l(?:ength)?\s?:?\s?|inseam\s?:?\s?)"
_MEASURE_STARTS = ("meas", "act", "true", "real", "fit")
_MEASURED_PAIR = re.compile(
    rf"\b{_MEASURE_CUE}\s*(?:at|about|approx\.?|approximately|around|roughly|~|:|=|-)?\s*"
    rf"(?:w(?:aist)?\s?:?\s?)?{_NM}{_INCH}"
    # a separator ("x", "by", "/", ",") or an inseam marker ("measured W32 L29")
    rf"(?:\s*(?:x|by|/|,)\s*(?:{_L_MARK})?|\s*{_L_MARK})"
    rf"{_NM}{_INCH}",
    re.I,
)
# The measured pair with its cue after it, after the tag size: "32 x 30 (31 x 29 Actual)",
# "34x32, 33x31 measured" (a title's correction of the tag written last). Alone ("32x30 Actual
# Photos") it is no correction of anything: the tag pair must come before it.
_PAIR_THEN_CUE = re.compile(
    rf"(?<![\w.])\(?\s*{_NM}{_INCH}\s*(?:x|by)\s*{_NM}{_INCH}\s*(?:actual|measured)\b\s*\)?",
    re.I,
)
_TAG_PAIR_BEFORE = re.compile(r"(?<![\w.])\d{2}\s?(?:x|by)\s?\d{2}(?![\w.])", re.I)
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
    rf"|(?<!inseam\s)(?<!length\s){_MEASURE_CUE}\s*(?:at|about|approx\.?|approximately|around|:)?\s*{_NM}"
    rf"(?:\s?(?:\"|in\b|inch(?:es)?\b)\s*(?:(?:at|in|across|around)\s+(?:the\s+)?)?(?:waist)?"
    rf"|\s*waist\b)"
    rf"|(?<!inseam\s)(?<!length\s)\b{_BARE_CUE}\s*(?:about|approx\.?|around|~|:)?\s*{_NM}"
    rf"(?![\w.\"]|\s*(?:[x/*-]\s*\d|cm\b|mm\b|flat\b|across\b|inseam\b|length\b|long\b|l\b)))",
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
_BLOCK_WAIST = Anchored(
    re.compile(rf"\bwaist\s*(?:\(\s*flat\s*\)\s*)?[:=-]?\s*{_NM}", re.I), ("waist",)
)
_BLOCK_INSEAM = Anchored(re.compile(rf"\binseam\s*[:=-]?\s*{_NM}", re.I), ("inseam",))
# Without a "Measurements:" heading, a description's measure lines say their unit: "Waist 28\"",
# "waist 28 inch, length 29 inch", "Inseam: 30 in". A tag size is written without one ("Size
# 30", "30x32"), so a waist or inseam in inches is the pair measured.
_UNIT_WAIST = Anchored(
    re.compile(rf"\bwaist\s*[:=-]?\s*{_NM}\s?(?:\"|in\b|inch(?:es)?\b)", re.I), ("waist",)
)
_UNIT_INSEAM = Anchored(
    re.compile(rf"\b(?:inseam|length)\s*[:=-]?\s*{_NS}\s?(?:\"|in\b|inch(?:es)?\b)", re.I),
    ("inseam", "length"),
)
_MEASURED_PAIR_AT = Anchored(_MEASURED_PAIR, _MEASURE_STARTS)
_FLAT_WORDS = ("flat", "across")
# Where a ``_FLAT`` match may start, in the lower-cased text: a "(", a number or the first letter
# of "waist", "laid" / "lying" / "laying", "measured", "flat", "across", not inside a word
# (``[^\W_]`` is ``str.isalnum``). Searched for in C, not tested character by character.
_FLAT_START = re.compile(r"(?<![^\W_])[(wlmfa\d]")


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
    start = _FLAT_START.search
    for p in sorted(positions):
        # A match starts at most 30 characters before the word: the first such place it does.
        s = start(low, max(end, p - 30), p + 1)
        while s is not None:
            if (m := _FLAT.match(text, s.start(), p + 45)) is not None:
                yield m
                end = m.end()
                break
            s = start(low, s.start() + 1, p + 1)


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


def measured_size(text: str, strict: bool) -> tuple[Found[float] | None, Found[float] | None, str]:
    """(measured waist, measured inseam, text with them masked)."""
    waist = inseam = None
    low = text.lower()
    m = _MEASURED_PAIR_AT.search(text, low)
    if m is not None:
        w, i = float(m.group(1)), float(m.group(2))
        if _in(w, WAIST_RANGE) and _in(i, INSEAM_RANGE):
            waist, inseam = Found(w, 0.85), Found(i, 0.85)
            text = mask(text, m.start(), m.end())
    if waist is None and not strict and ("actual" in low or "measured" in low):
        m = _PAIR_THEN_CUE.search(text)
        if m is not None and _TAG_PAIR_BEFORE.search(text, 0, m.start()) is not None:
            w, i = float(m.group(1)), float(m.group(2))
            if _in(w, WAIST_RANGE) and _in(i, INSEAM_RANGE):
                waist, inseam = Found(w, 0.8), Found(i, 0.8)
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
        waist, inseam, text = _unit_lines(text, waist, inseam)
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


def _unit_lines(
    text: str, waist: Found[float] | None, inseam: Found[float] | None
) -> tuple[Found[float] | None, Found[float] | None, str]:
    """A description's measure lines in inches ("Waist 28\"", "Inseam: 30 in"): the pair
    measured; each is masked so that the tag reader does not take it for the tag size."""
    if waist is None and (m := _UNIT_WAIST.search(text)):
        value = float(m.group(1))
        if _in(value, WAIST_RANGE) and value > 21:
            waist = Found(value, 0.7)
            text = mask(text, m.start(), m.end())
    if inseam is None and (m := _UNIT_INSEAM.search(text)):
        value = float(m.group(1))
        if _in(value, SHORTS_INSEAM_RANGE):  # a unit: "inseam 9 inches" on cut-offs too
            inseam = Found(value, 0.7)
            text = mask(text, m.start(), m.end())
    return waist, inseam, text
