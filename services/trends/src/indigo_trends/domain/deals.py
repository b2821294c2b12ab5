"""Deal scores: how far a listing's USD price sits below the median of comparable pairs.

Comparable means priced alike for the reasons DOMAIN.md gives: the same brand and lot, then the
same condition class, era bucket and selvedge (never relaxed: a damaged pair is not a deal against
clean ones, nor a Big E 1960s selvedge 501 against a 1990s thrift pair), then the same decade
and Big E tab, country of manufacture and size bucket when there are enough of those. The
narrowest of ``LEVELS`` with at least ``min_comparables`` other live priced listings is used; with
too few even at the broadest, there is no score (null), and the reason says so.

The score is ``(median - price) / median x 100``, rounded to 0.1 and clipped to
``SCORE_MIN..SCORE_MAX`` (-100..100): 25 is 25% below the comparables' median, 0 at it, -100 at
twice the median or more; 100 only for a price that rounds to nothing beside the median.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indigo_shared.bounds import DEAL_SCORE_MAX, DEAL_SCORE_MIN

SCORE_MIN = Decimal(DEAL_SCORE_MIN)
SCORE_MAX = Decimal(DEAL_SCORE_MAX)

#: Condition classes, from the listing's condition grade and flaws.
DEADSTOCK, CLEAN, WORN, DAMAGED = "deadstock", "clean", "worn", "damaged"
#: Flaws that make a pair a project or a repaired pair, priced as such (DOMAIN.md's flaws).
DAMAGE_FLAWS = frozenset(
    {
        "holes",
        "rips",
        "crotch blowout",
        "knee blowout",
        "repairs",
        "patches",
        "paint",
        "hemmed",
        "missing tab",
        "broken zipper",
    }
)

#: Era buckets: Big E (before 1971), the redline and early-wide-loom years, the 1990s (the last
#: US-made years of most lots) and after.
PRE_1971, SEVENTIES_EIGHTIES, NINETIES, MODERN = "pre-1971", "1970s-80s", "1990s", "2000s+"

#: The facets each level matches on, narrowest first. The last level's facets are never relaxed;
#: the decade (1950s pairs fetch about twice 1960s ones, 1970s twice 1980s) and the Big E tab
#: (a 1970 Big E pair against small-e ones) only when there are enough.
FACETS = ("brand", "lot", "condition", "era", "decade", "big_e", "selvedge", "made_in", "size")
LEVELS: tuple[tuple[str, ...], ...] = (
    FACETS,
    ("brand", "lot", "condition", "era", "decade", "big_e", "selvedge", "made_in"),
    ("brand", "lot", "condition", "era", "decade", "big_e", "selvedge"),
    ("brand", "lot", "condition", "era", "selvedge"),
)

# Why a listing has no score.
TOO_FEW_COMPARABLES = "too_few_comparables"


def condition_class(condition: str | None, flaws: Iterable[str] = ()) -> str:
    """deadstock; clean (excellent or good); worn (fair); damaged (distressed, project). The
    grade the listing states wins; with none, its flaws grade it: a flaw that makes a project or
    a repaired pair (holes, rips, blowouts, repairs, patches, paint, hemmed...) is damaged,
    another (stains, a frayed hem, a broken belt loop) worn, none clean."""
    if condition == "distressed":
        return DAMAGED
    if condition == "fair":
        return WORN
    if condition == "deadstock":
        return DEADSTOCK
    if condition in ("excellent", "good"):
        return CLEAN
    named = {flaw.strip().lower() for flaw in flaws}
    if named & DAMAGE_FLAWS:
        return DAMAGED
    return WORN if named else CLEAN


_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_SHORT_DECADE = re.compile(r"(?<![\d])'?([2-9]0)s\b")


def decade(era: str | None) -> int | None:
    """The first decade an era names ("1960s", "60s", "1970s-1980s", "Y2K", Etsy's "2020_2026");
    None for an open range ("before_2007") or anything else."""
    if not era:
        return None
    text = era.strip().lower()
    if text.startswith("before") or text.startswith("pre"):
        return None
    if "y2k" in text:
        return 2000
    if year := _YEAR.search(text):
        return int(year.group(1)) // 10 * 10
    if short := _SHORT_DECADE.search(text):
        return 1900 + int(short.group(1))
    return None


def era_bucket(era: str | None, big_e: bool = False) -> str | None:
    """The listing's era bucket; a Big E tab with no era written is before 1971 (DOMAIN.md: a
    decade written beats an inferred one); None when unknown."""
    found = decade(era)
    if found is None:
        return PRE_1971 if big_e else None
    if found < 1970:
        return PRE_1971
    if found < 1990:
        return SEVENTIES_EIGHTIES
    if found < 2000:
        return NINETIES
    return MODERN


@dataclass(frozen=True)
class DealCandidate:
    """A live listing with a USD price above zero, and what it is."""

    platform: str
    external_id: str
    price_usd: Decimal
    brand: str
    lot: str
    condition: str | None = None
    flaws: tuple[str, ...] = ()
    era: str | None = None
    big_e: bool = False
    selvedge: bool | None = None
    made_in: str | None = None
    size: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.external_id)

    def facets(self) -> dict[str, Any]:
        """What it is compared on. Selvedge and made in are advertised when true, so an unstated
        selvedge counts as none and an unstated country as none stated."""
        return {
            "brand": self.brand,
            "lot": self.lot,
            "condition": condition_class(self.condition, self.flaws),
            "era": era_bucket(self.era, self.big_e),
            "decade": None if (found := decade(self.era)) is None else f"{found}s",
            "big_e": self.big_e,
            "selvedge": bool(self.selvedge),
            "made_in": self.made_in.strip().upper() if self.made_in else None,
            "size": self.size,
        }


@dataclass(frozen=True)
class Deal:
    score: Decimal | None
    comparables: int
    median_usd: Decimal | None
    #: ``{"matched_on": [facets], facet: value, ...}``: the group the comparables came from.
    group: dict[str, Any]
    reason: str | None = None


def clip_score(median: Decimal, price: Decimal) -> Decimal:
    raw = (median - price) / median * 100
    return min(SCORE_MAX, max(SCORE_MIN, raw.quantize(Decimal("0.1"), ROUND_HALF_UP)))


def _median_without(ordered: Sequence[Decimal], i: int) -> Decimal:
    """The median of ``ordered`` (sorted) without its element ``i``, in O(1)."""
    m = len(ordered) - 1

    def at(j: int) -> Decimal:
        return ordered[j] if j < i else ordered[j + 1]

    if m % 2:
        return at(m // 2)
    return (at(m // 2 - 1) + at(m // 2)) / 2


def score_deals(
    candidates: Iterable[DealCandidate], min_comparables: int
) -> dict[tuple[str, str], Deal]:
    """Every candidate's deal, against the other candidates (its comparables)."""
    candidates = list(candidates)
    facets = {c.key: c.facets() for c in candidates}
    # per level: group values -> members sorted by price (then key, for a stable order)
    positions: list[dict[tuple[str, str], tuple[list[Decimal], int]]] = []
    for level in LEVELS:
        groups: dict[tuple, list[DealCandidate]] = {}
        for c in candidates:
            groups.setdefault(tuple(facets[c.key][f] for f in level), []).append(c)
        where: dict[tuple[str, str], tuple[list[Decimal], int]] = {}
        for members in groups.values():
            members.sort(key=lambda c: (c.price_usd, c.key))
            prices = [c.price_usd for c in members]
            for i, c in enumerate(members):
                where[c.key] = (prices, i)
        positions.append(where)

    deals = {}
    for c in candidates:
        # the narrowest level with enough comparables, else the broadest
        depth = next(
            (d for d, where in enumerate(positions) if len(where[c.key][0]) > min_comparables),
            len(LEVELS) - 1,
        )
        level, (prices, i) = LEVELS[depth], positions[depth][c.key]
        group = {"matched_on": list(level), **{f: facets[c.key][f] for f in level}}
        comparables = len(prices) - 1
        if comparables < min_comparables:
            deals[c.key] = Deal(None, comparables, None, group, TOO_FEW_COMPARABLES)
            continue
        median = _median_without(prices, i)
        score = clip_score(median, c.price_usd) if median > 0 else None
        deals[c.key] = Deal(
            score, comparables, median.quantize(Decimal("0.01"), ROUND_HALF_UP), group
        )
    return deals
