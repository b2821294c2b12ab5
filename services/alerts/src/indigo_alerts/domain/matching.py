"""Matching a listing against every active saved search without looking at each of them.

:func:`matches` is the one definition of "a search matches a listing"; :class:`SearchIndex` only
narrows down which searches to ask. Each search is filed under one *anchor*: values a listing must
have for the search to match it (one of its lots, a stem of one of its keyword groups, its waist
inches, ...). A listing is checked against the searches filed under its own values only, plus the
few searches that have no anchor (a price range alone, say).

Keyword semantics are those of ``GET /listings/search``: the keywords become groups of stems, one
group per word (its PostgreSQL ``english`` stem, plus the nearest stems listings use when listings
never use it: a typo); a listing matches when each group shares a stem with the listing's words
(its ``search_vector``: title, brand and lot, description).
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator

from indigo_alerts.domain.listings import ListingFeatures
from indigo_alerts.domain.searches import Criteria, SavedSearch

# Stems so common in denim listings that filing a search under one makes it a candidate for most
# listings: any other anchor is better.
COMMON_STEMS = frozenset(
    {"levi", "jean", "vintag", "denim", "pant", "men", "women", "usa", "made", "size", "blue"}
)
# A waist range wider than this many inches is too loose to file a search under.
MAX_WAIST_SPAN = 8


def matches(criteria: Criteria, listing: ListingFeatures) -> bool:
    """True when the listing meets every criterion (unset criteria are met by anything; a set one
    is never met by a listing that does not say: no price, no waist, no deal score...)."""
    c, f = criteria, listing
    if c.platforms and f.platform not in c.platforms:
        return False
    if c.min_price_usd is not None and (f.price_usd is None or f.price_usd < c.min_price_usd):
        return False
    if c.max_price_usd is not None and (f.price_usd is None or f.price_usd > c.max_price_usd):
        return False
    if c.lots and f.lot not in c.lots:
        return False
    if c.brands and f.brand not in c.brands:
        return False
    if c.waist is not None and not c.waist.holds(f.waist):
        return False
    if c.inseam is not None and not c.inseam.holds(f.inseam):
        return False
    if c.eras and f.era not in c.eras:
        return False
    if c.washes and f.wash not in c.washes:
        return False
    if c.made_in and f.made_in not in c.made_in:
        return False
    if c.selvedge is not None and f.selvedge is not c.selvedge:
        return False
    if c.conditions and not (
        f.attr_condition in c.conditions or f.listing_condition in c.conditions
    ):
        return False
    if c.min_deal_score is not None and (f.deal_score is None or f.deal_score < c.min_deal_score):
        return False
    if c.keywords is not None:
        if not c.terms:  # keywords whose stems are not known yet match nothing
            return False
        for group in c.terms:
            if group.isdisjoint(f.lexemes):
                return False
    return True


def _money(value) -> str:
    return f"${value:,.2f}"


def reasons(criteria: Criteria, listing: ListingFeatures) -> list[str]:
    """Why a matching listing matched, one line per criterion the search sets."""
    c, f = criteria, listing
    why = []
    if c.keywords is not None:
        found = sorted(stem for group in c.terms for stem in group & f.lexemes)
        why.append(f"keywords {c.keywords!r}: the listing has {', '.join(found)}")
    if c.platforms:
        why.append(f"platform is {f.platform}")
    if c.min_price_usd is not None or c.max_price_usd is not None:
        low = _money(c.min_price_usd) if c.min_price_usd is not None else "any"
        high = _money(c.max_price_usd) if c.max_price_usd is not None else "any"
        why.append(f"price {_money(f.price_usd)} (USD) within {low} to {high}")
    if c.brands:
        why.append(f"brand is {f.brand}")
    if c.lots:
        why.append(f"lot is {f.lot}")
    if c.waist is not None:
        why.append(f"waist {f.waist:g} in {c.waist.describe()}")
    if c.inseam is not None:
        why.append(f"inseam {f.inseam:g} in {c.inseam.describe()}")
    if c.eras:
        why.append(f"era is {f.era}")
    if c.washes:
        why.append(f"wash is {f.wash}")
    if c.made_in:
        why.append(f"made in {f.made_in}")
    if c.selvedge is not None:
        why.append("selvedge" if c.selvedge else "not selvedge")
    if c.conditions:
        condition = f.attr_condition if f.attr_condition in c.conditions else f.listing_condition
        why.append(f"condition is {condition}")
    if c.min_deal_score is not None:
        why.append(f"deal score {f.deal_score:g} ≥ {c.min_deal_score:g}")
    return why


# --- the index --------------------------------------------------------------------------------

# A key is (dimension, value, waist inch or None): a search with a bounded waist is filed under its
# anchor *and* each inch of its waist range, so that a Levi's 501 in W36 is not checked against
# every Levi's 501 search in W30; a search without one is filed under its anchor alone.
Key = tuple[str, object, int | None]
PRIMARY = ("stem", "lot", "era", "made_in", "wash", "brand", "platform")


def listing_keys(f: ListingFeatures) -> Iterator[Key]:
    """Every key a search filed for this listing could be under."""
    inch = math.floor(f.waist) if f.waist is not None else None
    for stem in f.lexemes:
        yield ("stem", stem, None)
        if inch is not None:
            yield ("stem", stem, inch)
    for name in PRIMARY[1:]:
        value = getattr(f, name)
        if value:
            yield (name, value, None)
            if inch is not None:
                yield (name, value, inch)
    if inch is not None:
        yield ("waist", None, inch)


def _keyword_anchor(terms: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    """The keyword group least likely to be in every listing: not a common stem, longest."""
    if not terms:
        return None
    return max(terms, key=lambda g: (not (g & COMMON_STEMS), min(len(s) for s in g), sorted(g)))


def _primary(c: Criteria) -> tuple[str, list] | None:
    """The dimension a search is filed under and its values (a listing that matches has one)."""
    if c.lots:
        return "lot", sorted(c.lots)
    group = _keyword_anchor(c.terms)
    if group is not None and not (group & COMMON_STEMS):
        return "stem", sorted(group)
    for name, values in (("era", c.eras), ("made_in", c.made_in), ("wash", c.washes)):
        if values:
            return name, sorted(values)
    if group is not None:
        return "stem", sorted(group)
    if c.brands:
        return "brand", sorted(c.brands)
    if c.platforms:
        return "platform", sorted(c.platforms)
    return None


def _inches(c: Criteria) -> list[int] | None:
    waist = c.waist
    if waist is None or waist.low is None or waist.high is None:
        return None
    if waist.high - waist.low > MAX_WAIST_SPAN:
        return None
    return list(range(math.floor(waist.low), math.floor(waist.high) + 1))


def anchors(c: Criteria) -> list[Key] | None:
    """The keys a search is filed under, or None when it has none (checked for every listing)."""
    primary, inches = _primary(c), _inches(c)
    if primary is None:
        return None if inches is None else [("waist", None, inch) for inch in inches]
    name, values = primary
    if inches is None:
        return [(name, value, None) for value in values]
    return [(name, value, inch) for value in values for inch in inches]


class SearchIndex:
    """The active saved searches, filed by anchor. Postings hold small integer handles rather than
    the searches' UUIDs, whose hash is computed in Python: a listing gathers hundreds of them."""

    def __init__(self, searches: Iterable[SavedSearch] = ()) -> None:
        self._handles: dict[uuid.UUID, int] = {}
        self._by_handle: dict[int, SavedSearch] = {}
        self._filed: dict[int, list[Key] | None] = {}
        self._postings: dict[Key, set[int]] = defaultdict(set)
        self._unanchored: set[int] = set()
        self._next = 0
        for search in searches:
            self.put(search)

    def __len__(self) -> int:
        return len(self._handles)

    def __contains__(self, search_id: uuid.UUID) -> bool:
        return search_id in self._handles

    def get(self, search_id: uuid.UUID) -> SavedSearch | None:
        handle = self._handles.get(search_id)
        return None if handle is None else self._by_handle[handle]

    def searches(self) -> list[SavedSearch]:
        return list(self._by_handle.values())

    def put(self, search: SavedSearch) -> None:
        """Add a search, or replace it by its new version."""
        self.remove(search.id)
        handle = self._next
        self._next += 1
        keys = anchors(search.criteria)
        self._handles[search.id] = handle
        self._by_handle[handle] = search
        self._filed[handle] = keys
        if keys is None:
            self._unanchored.add(handle)
        else:
            for key in keys:
                self._postings[key].add(handle)

    def remove(self, search_id: uuid.UUID) -> None:
        handle = self._handles.pop(search_id, None)
        if handle is None:
            return
        del self._by_handle[handle]
        keys = self._filed.pop(handle)
        if keys is None:
            self._unanchored.discard(handle)
            return
        for key in keys:
            filed = self._postings.get(key)
            if filed is not None:
                filed.discard(handle)
                if not filed:
                    del self._postings[key]

    def _candidates(self, listing: ListingFeatures) -> set[int]:
        found = set(self._unanchored)
        postings = self._postings
        for key in listing_keys(listing):
            filed = postings.get(key)
            if filed:
                found |= filed
        return found

    def candidates(self, listing: ListingFeatures) -> list[SavedSearch]:
        """The searches filed under this listing's values (a superset of those that match)."""
        by_handle = self._by_handle
        return [by_handle[h] for h in self._candidates(listing)]

    def matching(self, listing: ListingFeatures) -> list[SavedSearch]:
        """The searches that match this listing."""
        by_handle = self._by_handle
        found = []
        for handle in self._candidates(listing):
            search = by_handle[handle]
            if matches(search.criteria, listing):
                found.append(search)
        return found
