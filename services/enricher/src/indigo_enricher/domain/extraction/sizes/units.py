"""Numbers of the size readers: how a size is written, and the plausible ranges."""

from __future__ import annotations

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
# A bare number on a premium women's label that tags in inches and makes no plus sizes: its
# 23 and 24 are waists ("FRAME Le Garcon Jeans 24").
INCH_WOMENS_LONE_RANGE = (23.0, 44.0)
INSEAM_RANGE = (20.0, 40.0)
SHORTS_INSEAM_RANGE = (2.0, 40.0)  # shorts and jorts: "32x5"; cut-offs keep their tag "W32 L30"
FLAT_RANGE = (11.0, 28.0)


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]
