"""The eBay sandbox's listings: a deterministic catalogue of vintage jeans that changes with time.

The catalogue is a row of slots. Each slot holds one listing after another: its listings follow a
period (3 hours to 14 days, log-uniformly, so a few slots turn over quickly and most slowly), the
g-th starting at ``g * period - phase`` and live for 70-100% of the period, the slot then idle until
the next. A listing follows from (seed, slot, g), and what it shows at a time (price drops, bids,
watchers) from that time: the same seed and time give the same catalogue, with no history kept.
With the default 1,200 slots, a listing starts and one ends about every minute, and prices drop
and bids arrive as often, so a demo sees change within minutes.

The catalogue is read as :class:`Snapshot`s taken at the start of each step (60 s by default).
"""

from __future__ import annotations

import base64
import itertools
import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from indigo_sandbox.denim import Jeans, describe, random_jeans, write_title
from indigo_sandbox.money import convert, price_point, quantize
from indigo_sandbox.slots import Slot, SlotCatalogue

SHORTEST_PERIOD_SECONDS = 3 * 3600
LONGEST_PERIOD_SECONDS = 14 * 86400
AUCTION_SHARE = 0.15

# (country, currency, share of sellers, (city, state or province, postal code as eBay masks it))
SELLER_HOMES = (
    ("US", "USD", 0.85, (
        ("Austin", "Texas", "787**"), ("Los Angeles", "California", "900**"),
        ("Brooklyn", "New York", "112**"), ("Portland", "Oregon", "972**"),
        ("Nashville", "Tennessee", "372**"), ("Columbus", "Ohio", "432**"),
        ("Denver", "Colorado", "802**"), ("Atlanta", "Georgia", "303**"),
        ("Seattle", "Washington", "981**"), ("Philadelphia", "Pennsylvania", "191**"),
        ("Chicago", "Illinois", "606**"), ("San Antonio", "Texas", "782**"),
    )),
    ("GB", "GBP", 0.05, (
        ("London", "London", "E1***"), ("Manchester", "Greater Manchester", "M4***"),
        ("Leeds", "West Yorkshire", "LS1***"),
    )),
    ("DE", "EUR", 0.02, (("Berlin", "Berlin", "10***"), ("Hamburg", "Hamburg", "20***"))),
    ("FR", "EUR", 0.01, (("Paris", "Île-de-France", "75***"),)),
    ("IT", "EUR", 0.01, (("Milano", "Lombardia", "20***"),)),
    ("CA", "CAD", 0.025, (
        ("Toronto", "Ontario", "M5V***"), ("Vancouver", "British Columbia", "V6B***"),
    )),
    ("AU", "AUD", 0.015, (
        ("Melbourne", "Victoria", "3000"), ("Sydney", "New South Wales", "2000"),
    )),
    ("JP", "JPY", 0.02, (("Tokyo", "Tokyo", "150-****"), ("Osaka", "Osaka", "542-****"))),
)  # fmt: skip
USERNAME_STARTS = ("denim", "vintage", "indigo", "rustbelt", "thrift", "selvedge", "oldtown",
                   "dusty", "redline", "bluebell", "westcoast", "goldrush", "prairie", "rivet",
                   "fadedglory", "heritage", "americana", "deadstock", "backroads", "junkyard",
                   "fleamarket", "attic", "cottonfield", "tumbleweed")  # fmt: skip
USERNAME_STARTS_ABROAD = {"GB": ("london", "northern", "brit"), "JP": ("tokyo", "kojima", "osaka"),
                          "CA": ("maple", "northshore"), "AU": ("aussie", "bondi"),
                          "DE": ("berlin",), "FR": ("paris",), "IT": ("milano",)}  # fmt: skip
USERNAME_ENDS = ("_co", "supply", "hunter", "finds", "_atx", "_la", "nyc", "_vintage", "threads",
                 "goods", "depot", "archive", "outpost", "picker", "collective", "store",
                 "trading")  # fmt: skip
# eBay's condition IDs for clothing, by the pair's condition: (conditionId, condition).
CONDITIONS = {
    "deadstock": ("1000", "New with tags"),
    "excellent": ("2990", "Pre-owned - Excellent"),
    "good": ("3000", "Pre-owned - Good"),
    "fair": ("3010", "Pre-owned - Fair"),
    "distressed": ("3010", "Pre-owned - Fair"),
}
NEW_WITHOUT_TAGS = ("1500", "New without tags")
# eBay's category tree down to the jeans categories, by department: (categoryId, name), leaf first.
CATEGORIES = {
    "Men": (("11483", "Jeans"), ("1059", "Men's Clothing"), ("260012", "Men"),
            ("11450", "Clothing, Shoes & Accessories")),
    "Women": (("11554", "Jeans"), ("15724", "Women's Clothing"), ("260010", "Women"),
              ("11450", "Clothing, Shoes & Accessories")),
}  # fmt: skip
SHIPPING_COSTS = {  # what sellers charge to send a pair of jeans to a US buyer
    "USD": ("5.99", "6.99", "7.99", "8.50", "9.95", "10.00", "12.00"),
    "GBP": ("12.00", "15.00", "18.50", "22.00"),
    "EUR": ("15.00", "19.90", "25.00"),
    "CAD": ("18.00", "22.50", "25.00"),
    "AUD": ("25.00", "30.00", "35.00"),
    "JPY": ("2000", "2500", "3000", "3800"),
}


@dataclass(frozen=True)
class Seller:
    username: str
    feedback_score: int
    feedback_percentage: str  # "99.8", as eBay writes it
    country: str
    currency: str
    city: str
    state_or_province: str
    postal_code: str
    activity: float  # how many listings the seller has, relative to the others


@dataclass(frozen=True)
class Auction:
    starting_bid: Decimal
    bids: tuple[tuple[datetime, Decimal], ...]  # (placed at, amount), rising
    buy_it_now: Decimal | None  # offered until the first bid


@dataclass(frozen=True)
class Listing:
    """What a seller put up, and its whole future: price drops, bids. Money in the seller's
    currency."""

    legacy_item_id: str
    variation_id: str  # "0" except for a listing that offers several sizes
    jeans: Jeans
    title: str
    title_words: frozenset[str]
    description: str
    seller: Seller
    starts_at: datetime
    ends_at: datetime
    asking_prices: tuple[tuple[datetime, Decimal], ...]  # fixed price from each time on; () auction
    auction: Auction | None
    best_offer: bool
    shipping_cost: Decimal | None  # None: calculated at checkout
    condition: tuple[str, str] | None  # (conditionId, condition); None: the seller left it out
    final_watch_count: int | None  # None: the count is not shown
    image_ids: tuple[str, ...]
    best_match: float  # eBay's "Best Match" order, highest first

    @property
    def item_id(self) -> str:
        return f"v1|{self.legacy_item_id}|{self.variation_id}"

    @property
    def currency(self) -> str:
        return self.seller.currency


@dataclass(frozen=True)
class LiveListing:
    """A listing as shown at one time."""

    listing: Listing
    price: Decimal  # asking price; for an auction the current bid, or Buy It Now while offered
    original_price: Decimal | None  # the first asking price, once the seller has cut it
    current_bid: Decimal | None
    bid_count: int
    buying_options: tuple[str, ...]
    watch_count: int | None


@dataclass(frozen=True)
class Snapshot:
    at: datetime
    listings: tuple[LiveListing, ...]  # in Best Match order
    by_item_id: Mapping[str, LiveListing]


def title_words(text: str) -> frozenset[str]:
    """Words as search matches them: case and apostrophes ignored, so ``levis`` finds Levi's."""
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", text.lower())))


class Catalogue(SlotCatalogue[Snapshot]):
    def __init__(self, *, seed: int, size: int, step_seconds: int) -> None:
        rng = random.Random(f"ebay-catalogue:{seed}")
        slots = tuple(
            Slot.random(rng, shortest=SHORTEST_PERIOD_SECONDS, longest=LONGEST_PERIOD_SECONDS)
            for _ in range(size)
        )
        super().__init__(marketplace="ebay", seed=seed, slots=slots, step_seconds=step_seconds)
        self._sellers = _random_sellers(rng, count=max(40, size // 4))
        self._seller_cum_weights = tuple(itertools.accumulate(s.activity for s in self._sellers))

    def _build_snapshot(self, at: datetime, listings: list[Listing]) -> Snapshot:
        shown = sorted(
            (live_at(listing, at) for listing in listings),
            key=lambda live: -live.listing.best_match,
        )
        return Snapshot(
            at=at, listings=tuple(shown), by_item_id={live.listing.item_id: live for live in shown}
        )

    def _new_listing(self, rng: random.Random, slot: int, starts: float, ends: float) -> Listing:
        seller = rng.choices(self._sellers, cum_weights=self._seller_cum_weights)[0]
        jeans = random_jeans(rng)
        title = write_title(jeans, rng)
        value = convert(jeans.value_usd, "USD", seller.currency)
        starts_at, ends_at = (datetime.fromtimestamp(math.floor(t), UTC) for t in (starts, ends))
        auction = None
        if rng.random() < AUCTION_SHARE:
            auction = _auction(value, seller.currency, starts_at, ends_at, rng)
        watchers_shown = rng.random() < 0.45
        return Listing(
            legacy_item_id=str(rng.randrange(110_000_000_000, 406_000_000_000)),
            variation_id=(
                str(rng.randrange(400_000_000_000, 700_000_000_000))
                if auction is None and rng.random() < 0.02
                else "0"
            ),
            jeans=jeans,
            title=title,
            title_words=title_words(title),
            description=_description(describe(jeans, rng), rng),
            seller=seller,
            starts_at=starts_at,
            ends_at=ends_at,
            asking_prices=(
                () if auction else _asking_prices(value, seller.currency, starts_at, ends_at, rng)
            ),
            auction=auction,
            best_offer=auction is None and rng.random() < 0.3,
            shipping_cost=_shipping_cost(seller.currency, rng),
            condition=_condition(jeans, rng),
            final_watch_count=(
                round(math.exp(rng.gauss(math.log(2 + float(jeans.value_usd) / 15), 0.6)))
                if watchers_shown
                else None
            ),
            image_ids=tuple(
                base64.urlsafe_b64encode(rng.randbytes(12)).decode()
                for _ in range(rng.randint(3, 10))
            ),
            best_match=rng.random(),
        )


def live_at(listing: Listing, at: datetime) -> LiveListing:
    progress = (at - listing.starts_at) / (listing.ends_at - listing.starts_at)
    watch_count = (
        None
        if listing.final_watch_count is None
        else round(listing.final_watch_count * math.sqrt(max(0.0, progress)))
    )
    if listing.auction is None:
        asking = [price for since, price in listing.asking_prices if since <= at]
        first = listing.asking_prices[0][1]
        return LiveListing(
            listing=listing,
            price=asking[-1],
            original_price=first if asking[-1] != first else None,
            current_bid=None,
            bid_count=0,
            buying_options=("FIXED_PRICE", "BEST_OFFER")
            if listing.best_offer
            else ("FIXED_PRICE",),
            watch_count=watch_count,
        )
    bids = [amount for placed, amount in listing.auction.bids if placed <= at]
    current_bid = bids[-1] if bids else listing.auction.starting_bid
    # Buy It Now lasts until the first bid; eBay then lists the auction alone.
    buy_it_now = listing.auction.buy_it_now if not bids else None
    return LiveListing(
        listing=listing,
        price=buy_it_now or current_bid,
        original_price=None,
        current_bid=current_bid,
        bid_count=len(bids),
        buying_options=("AUCTION", "FIXED_PRICE") if buy_it_now else ("AUCTION",),
        watch_count=watch_count,
    )


def _random_sellers(rng: random.Random, count: int) -> tuple[Seller, ...]:
    sellers: dict[str, Seller] = {}
    while len(sellers) < count:
        country, currency, _, places = rng.choices(
            SELLER_HOMES, weights=[home[2] for home in SELLER_HOMES]
        )[0]
        starts = USERNAME_STARTS_ABROAD.get(country, USERNAME_STARTS)
        username = rng.choice(starts) + rng.choice(USERNAME_ENDS)
        if rng.random() < 0.35:
            username += str(rng.randint(1, 999))
        city, region, postal_code = rng.choice(places)
        sellers.setdefault(
            username,
            Seller(
                username=username,
                feedback_score=min(250_000, round(math.exp(rng.gauss(math.log(800), 1.6)))),
                feedback_percentage=(
                    "100.0" if rng.random() < 0.35 else f"{rng.uniform(97.0, 99.9):.1f}"
                ),
                country=country,
                currency=currency,
                city=city,
                state_or_province=region,
                postal_code=postal_code,
                activity=math.exp(rng.gauss(0, 1)),
            ),
        )
    return tuple(sellers.values())


def _asking_prices(
    value: Decimal, currency: str, starts_at: datetime, ends_at: datetime, rng: random.Random
) -> tuple[tuple[datetime, Decimal], ...]:
    """The asking price, and the cuts a seller makes while it does not sell."""
    prices = [(starts_at, price_point(value * Decimal(rng.uniform(1.0, 1.3)), currency, rng))]
    if rng.random() < 0.4:
        for progress in sorted(rng.uniform(0.15, 0.9) for _ in range(rng.choice((1, 1, 2)))):
            cut = price_point(prices[-1][1] * Decimal(rng.uniform(0.78, 0.93)), currency, rng)
            if cut < prices[-1][1]:
                prices.append((starts_at + (ends_at - starts_at) * progress, cut))
    return tuple(prices)


def _auction(
    value: Decimal, currency: str, starts_at: datetime, ends_at: datetime, rng: random.Random
) -> Auction:
    starting_bid = price_point(value * Decimal(rng.uniform(0.15, 0.6)), currency, rng)
    final = max(value * Decimal(math.exp(rng.gauss(0, 0.25))), starting_bid * Decimal("1.2"))
    bid_count = 0 if rng.random() < 0.2 else rng.randint(1, min(35, 3 + int(final / starting_bid)))
    # Bids bunch up towards the end, as sniping does.
    placed = sorted(
        starts_at + (ends_at - starts_at) * rng.random() ** 0.35 for _ in range(bid_count)
    )
    bids = tuple(
        (at, quantize(starting_bid + (final - starting_bid) * (n + 1) / bid_count, currency))
        for n, at in enumerate(placed)
    )
    buy_it_now = price_point(value * Decimal("1.4"), currency, rng) if rng.random() < 0.3 else None
    return Auction(starting_bid=starting_bid, bids=bids, buy_it_now=buy_it_now)


def _shipping_cost(currency: str, rng: random.Random) -> Decimal | None:
    if rng.random() < (0.08 if currency == "USD" else 0.05):
        return None
    if currency == "USD" and rng.random() < 0.35:
        return Decimal("0.00")
    return Decimal(rng.choice(SHIPPING_COSTS[currency]))


def _condition(jeans: Jeans, rng: random.Random) -> tuple[str, str] | None:
    if rng.random() < 0.05:
        return None
    if jeans.condition == "deadstock" and rng.random() < 0.3:
        return NEW_WITHOUT_TAGS
    return CONDITIONS[jeans.condition]


def _description(paragraphs: Sequence[str], rng: random.Random) -> str:
    """Most sellers' descriptions are HTML from a listing tool; some are plain text."""
    if rng.random() < 0.4:
        return "\n\n".join(paragraphs)
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f'<div style="font-family: Arial; font-size: 14pt">{body}</div>'
