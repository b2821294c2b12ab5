"""Every criterion matches and refuses as it should, and the index finds exactly the searches a
brute-force scan finds."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal

import pytest
from indigo_alerts.domain.listings import ListingFeatures
from indigo_alerts.domain.matching import SearchIndex, matches, reasons
from indigo_alerts.domain.searches import SavedSearch, criteria_from

BASE = dict(
    platform="ebay",
    external_id="v1|1|0",
    listing_id=uuid.uuid4(),
    lexemes=frozenset({"vintag", "levi", "501", "jean", "selvedg", "usa"}),
    price=Decimal("80.00"),
    currency="USD",
    price_usd=Decimal("80.00"),
    brand="levi's",
    lot="501",
    waist=32.0,
    inseam=30.0,
    era="1980s",
    wash="medium",
    made_in="usa",
    selvedge=True,
    attr_condition="excellent",
    listing_condition="pre-owned",
    deal_score=25.0,
)


def listing(**changes) -> ListingFeatures:
    return ListingFeatures(**(BASE | changes))


def terms(*words):
    return tuple(frozenset(w.split("|")) for w in words)


# (criteria, listing changes, expected)
CASES = [
    ({"platforms": ["ebay"]}, {}, True),
    ({"platforms": ["etsy", "reddit"]}, {}, False),
    ({"min_price_usd": "80"}, {}, True),
    ({"min_price_usd": "80.01"}, {}, False),
    ({"max_price_usd": "80"}, {}, True),
    ({"max_price_usd": "79.99"}, {}, False),
    ({"max_price_usd": "100"}, {"price_usd": None}, False),  # no price: no price match
    ({"brands": ["Levi's"]}, {}, True),
    ({"brands": ["LEVI'S", "Lee"]}, {}, True),
    ({"brands": ["Lee"]}, {}, False),
    ({"brands": ["Lee"]}, {"brand": None}, False),
    ({"lots": ["501"]}, {}, True),
    ({"lots": ["501xx"]}, {"lot": "501XX"}, True),
    ({"lots": ["505"]}, {}, False),
    ({"waist": 32}, {}, True),
    ({"waist": 33}, {}, False),
    ({"waist": {"min": 31, "max": 33}}, {}, True),
    ({"waist": {"min": 33}}, {}, False),
    ({"waist": {"max": 31.5}}, {}, False),
    ({"waist": {"min": 30}}, {"waist": None}, False),
    ({"inseam": {"min": 30, "max": 30}}, {}, True),
    ({"inseam": 32}, {}, False),
    ({"eras": ["1980s", "1990s"]}, {}, True),
    ({"eras": ["1970s"]}, {}, False),
    ({"washes": ["medium"]}, {}, True),
    ({"washes": ["rigid", "dark"]}, {}, False),
    ({"made_in": ["USA"]}, {}, True),
    ({"made_in": ["Japan"]}, {}, False),
    ({"selvedge": True}, {}, True),
    ({"selvedge": False}, {}, False),
    ({"selvedge": False}, {"selvedge": None}, False),  # unknown is not "no"
    ({"conditions": ["Excellent"]}, {}, True),
    ({"conditions": ["pre-owned"]}, {}, True),  # the platform's own condition counts too
    ({"conditions": ["deadstock"]}, {}, False),
    ({"min_deal_score": 20}, {}, True),
    ({"min_deal_score": 30}, {}, False),
    ({"min_deal_score": 0}, {"deal_score": None}, False),
]


@pytest.mark.parametrize(("filters", "changes", "expected"), CASES)
def test_each_criterion_matches_and_refuses(filters, changes, expected):
    criteria = criteria_from(None, filters)
    assert matches(criteria, listing(**changes)) is expected
    if expected:
        assert reasons(criteria, listing(**changes))  # a match always says why


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (terms("levi", "501"), True),
        (terms("levi", "505"), False),
        (terms("levl|levi", "selvedg"), True),  # a typo's group: any of its stems
        (terms("levl|lev"), False),
        ((), False),  # keywords with no known stems match nothing
    ],
)
def test_keywords_need_every_group(groups, expected):
    criteria = criteria_from("some words", {}, groups)
    assert matches(criteria, listing()) is expected


# --- the index against a scan -------------------------------------------------------------------

STEMS = ["levi", "501", "505", "selvedg", "big", "redlin", "jean", "vintag", "lee", "rider"]
BRANDS = ["levi's", "lee", "wrangler", None]
LOTS = ["501", "505", "501XX", "101Z", None]


def random_listing(rng: random.Random, i: int) -> ListingFeatures:
    price = rng.choice([None, Decimal(rng.randint(10, 400))])
    return ListingFeatures(
        platform=rng.choice(["ebay", "etsy", "reddit"]),
        external_id=str(i),
        listing_id=uuid.uuid4(),
        lexemes=frozenset(rng.sample(STEMS, rng.randint(0, 5))),
        price=price,
        currency="USD",
        price_usd=price,
        brand=rng.choice(BRANDS),
        lot=rng.choice(LOTS),
        waist=rng.choice([None, 28.0, 30.0, 31.0, 32.0, 32.5, 33.0, 34.0, 36.0]),
        inseam=rng.choice([None, 30.0, 32.0, 34.0]),
        era=rng.choice([None, "1970s", "1980s", "1990s"]),
        wash=rng.choice([None, "rigid", "medium", "light"]),
        made_in=rng.choice([None, "usa", "mexico"]),
        selvedge=rng.choice([None, True, False]),
        attr_condition=rng.choice([None, "excellent", "good"]),
        listing_condition=rng.choice([None, "used", "new"]),
        deal_score=rng.choice([None, -5.0, 10.0, 30.0]),
    )


def random_filters(rng: random.Random) -> tuple[dict, tuple]:
    options = {
        "platforms": lambda: rng.sample(["ebay", "etsy", "reddit"], rng.randint(1, 2)),
        "min_price_usd": lambda: str(rng.randint(10, 200)),
        "max_price_usd": lambda: str(rng.randint(100, 400)),
        "brands": lambda: [b for b in rng.sample(BRANDS[:3], rng.randint(1, 2))],
        "lots": lambda: [lot for lot in rng.sample(LOTS[:4], rng.randint(1, 2))],
        "waist": lambda: rng.choice([32, {"min": 31, "max": 33}, {"min": 34}, {"max": 30}]),
        "inseam": lambda: rng.choice([32, {"min": 30, "max": 32}]),
        "eras": lambda: [rng.choice(["1970s", "1980s", "1990s"])],
        "washes": lambda: [rng.choice(["rigid", "medium", "light"])],
        "made_in": lambda: [rng.choice(["USA", "Mexico"])],
        "selvedge": lambda: rng.choice([True, False]),
        "conditions": lambda: [rng.choice(["excellent", "good", "used"])],
        "min_deal_score": lambda: rng.choice([0, 20]),
    }
    chosen = rng.sample(sorted(options), rng.randint(0, 3))
    filters = {name: options[name]() for name in chosen}
    groups = ()
    if rng.random() < 0.5 or not filters:
        groups = tuple(
            frozenset(rng.sample(STEMS, rng.randint(1, 2))) for _ in range(rng.randint(1, 2))
        )
    return filters, groups


def brute_force(filters: dict, groups: tuple, f: ListingFeatures) -> bool:
    """The criteria evaluated literally, one by one, from the stored JSON."""

    def inside(spec, value):
        if value is None:
            return False
        if isinstance(spec, int | float):
            return value == spec
        return spec.get("min", -1e9) <= value <= spec.get("max", 1e9)

    checks = {
        "platforms": lambda v: f.platform in v,
        "min_price_usd": lambda v: f.price_usd is not None and f.price_usd >= Decimal(v),
        "max_price_usd": lambda v: f.price_usd is not None and f.price_usd <= Decimal(v),
        "brands": lambda v: f.brand in [b.lower() for b in v],
        "lots": lambda v: f.lot in [lot.upper() for lot in v],
        "waist": lambda v: inside(v, f.waist),
        "inseam": lambda v: inside(v, f.inseam),
        "eras": lambda v: f.era in v,
        "washes": lambda v: f.wash in v,
        "made_in": lambda v: f.made_in in [m.lower() for m in v],
        "selvedge": lambda v: f.selvedge == v,
        "conditions": lambda v: f.attr_condition in v or f.listing_condition in v,
        "min_deal_score": lambda v: f.deal_score is not None and f.deal_score >= v,
    }
    if not all(checks[name](value) for name, value in filters.items()):
        return False
    return all(any(stem in f.lexemes for stem in group) for group in groups)


def test_the_index_finds_exactly_what_a_brute_force_scan_finds():
    rng = random.Random(11)
    searches, specs = [], {}
    for _ in range(3000):
        filters, groups = random_filters(rng)
        search = SavedSearch(
            id=uuid.uuid4(),
            name="s",
            criteria=criteria_from("words" if groups else None, filters, groups),
        )
        searches.append(search)
        specs[search.id] = (filters, groups)
    index = SearchIndex(searches)
    assert len(index) == 3000
    total = 0
    for i in range(400):
        f = random_listing(rng, i)
        expected = {s.id for s in searches if brute_force(*specs[s.id], f)}
        found = {s.id for s in index.matching(f)}
        assert found == expected, f"listing {i}"
        # Filing narrows it down: far fewer candidates than searches.
        assert len(index.candidates(f)) < len(searches)
        total += len(found)
    assert total > 400  # the table is not trivially empty


def test_replacing_and_removing_a_search():
    index = SearchIndex()
    search = SavedSearch(uuid.uuid4(), "s", criteria_from(None, {"lots": ["505"]}))
    index.put(search)
    assert index.matching(listing()) == []
    index.put(SavedSearch(search.id, "s", criteria_from(None, {"lots": ["501"]})))
    assert [s.id for s in index.matching(listing())] == [search.id]
    index.remove(search.id)
    assert index.matching(listing()) == [] and len(index) == 0
