"""The Etsy sandbox's listings: a deterministic catalogue of vintage jeans that changes with time.

The same idea as the eBay catalogue: a row of slots, each holding one listing after another (its
listings follow a period of 6 hours to 60 days, log-uniformly; the g-th starts at ``g * period -
phase`` and stays up for 70-100% of the period, until it sells). A listing follows from (seed,
slot, g), and what it shows at a time (price cuts, favourites, views) from that time, so the same
seed and time give the same catalogue with no history kept.

What differs is Etsy's mix: shops rather than sellers, many outside the US (GBP, EUR and CAD shops
are common; JPY too, whose amounts have no minor unit), a lean to women's jeans and to the 1970s
to 1990s, long keyword-stuffed titles with tags and materials, the seller's declared ``when_made``
and favourites (``num_favorers``) instead of watchers. Some listings are renewals: first listed
months before they came up again (``original_creation_timestamp``).
"""

from __future__ import annotations

import colorsys
import itertools
import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from indigo_sandbox.denim import WOMEN, Jeans, describe, random_jeans, size_label, write_title
from indigo_sandbox.money import convert, price_point
from indigo_sandbox.slots import Slot, SlotCatalogue

SHORTEST_PERIOD_SECONDS = 6 * 3600
LONGEST_PERIOD_SECONDS = 60 * 86400
# An Etsy listing expires four months after it was (re)listed, unless it sells first.
LISTING_LIFETIME = timedelta(days=120)
ID_EPOCH = 946_684_800  # 2000-01-01, the earliest timestamp Etsy's spec allows
ETSY_ERAS = ("1970s", "1980s", "1990s")
REWORKED_SHARE = 0.04

COUNTRY_NAMES = {"US": "the USA", "GB": "the UK", "DE": "Germany", "FR": "France",
                 "NL": "the Netherlands", "IT": "Italy", "ES": "Spain", "IE": "Ireland",
                 "CA": "Canada", "AU": "Australia", "JP": "Japan"}  # fmt: skip
# (country, currency, share of shops, shop language, words shop names start with)
SHOP_HOMES = (
    ("US", "USD", 0.34, "en-US", ()),
    ("GB", "GBP", 0.25, "en-GB", ("London", "Brighton", "Camden", "Northern", "Mancunian")),
    ("DE", "EUR", 0.07, "de", ("Berlin", "Hamburg")),
    ("FR", "EUR", 0.05, "fr", ("Paris", "Lyon")),
    ("NL", "EUR", 0.04, "nl", ("Amsterdam", "Dutch")),
    ("IT", "EUR", 0.03, "it", ("Milano",)),
    ("ES", "EUR", 0.02, "es", ("Madrid",)),
    ("IE", "EUR", 0.02, "en-GB", ("Dublin",)),
    ("CA", "CAD", 0.11, "en-US", ("Maple", "Montreal", "Toronto")),
    ("AU", "AUD", 0.03, "en-US", ("Bondi", "Aussie")),
    ("JP", "JPY", 0.04, "ja", ("Tokyo", "Kojima", "Osaka")),
)
SHOP_NAME_STARTS = ("Indigo", "Rust", "Faded", "Denim", "Velvet", "Magpie", "Bluebell", "Thistle",
                    "Wildflower", "Cherry", "Retro", "Moonchild", "Sunday", "Peachy", "Lucky",
                    "Honey", "Golden", "Daisy", "Kitsch", "Pocket", "Stitch", "Twice", "Juniper",
                    "Saffron", "Tumbleweed", "Prairie")  # fmt: skip
SHOP_NAME_ENDS = ("Vintage", "VintageCo", "Thrift", "Finds", "Archive", "Closet", "Attic",
                  "Emporium", "Store", "Studio", "Threads", "Rags", "Revival", "Edit", "Goods",
                  "Denim", "Market")  # fmt: skip
SHOP_TITLES = (
    "Curated 70s, 80s & 90s vintage denim",
    "Vintage jeans, hand-picked & measured",
    "Women's vintage clothing from the 70s to the 90s",
    "Secondhand denim with a story",
    "Vintage Levi's, Lee & Wrangler",
    "Retro clothing for every body",
)
SALE_MESSAGES = (
    "Thank you for shopping vintage! Your order ships within 2 working days.",
    "Thanks so much for your order - it's on its way soon!",
    None,
)
# Seller-chosen ``style`` values (at most two).
STYLES = ("Boho & Hippie", "Retro", "Western", "Minimalist", "Streetwear", "Grunge", "Workwear")
# Etsy's seller taxonomy nodes for jeans, by department (sandbox stand-ins).
TAXONOMY_IDS = {"Men": 450, "Women": 2209}
ETSY_PHRASES = {
    "Women": ("High Waisted Jeans", "Mom Jeans", "Gift for Her", "Womens Vintage Denim",
              "Boyfriend Jeans", "High Rise Denim"),
    "Men": ("Mens Vintage Denim", "Gift for Him", "Workwear Jeans", "Dad Jeans"),
}  # fmt: skip
COMMON_PHRASES = ("Retro Denim", "Vintage Clothing", "Vintage Denim", "Streetwear",
                  "Boho & Western", "Festival Outfit")  # fmt: skip
SEPARATORS = (", ", ", ", " | ", " - ")
WASH_TAGS = {"rigid": "raw denim", "dark": "dark wash jeans", "medium": "medium wash jeans",
             "light": "light wash jeans", "stonewash": "stonewash jeans",
             "acid": "acid wash jeans", "black": "black jeans"}  # fmt: skip


@dataclass(frozen=True)
class Shop:
    shop_id: int
    user_id: int
    shop_name: str
    country: str
    currency: str
    language: str
    created_at: datetime
    title: str | None
    announcement: str | None
    sale_message: str | None
    num_favorers: int
    review_count: int
    review_average: float | None
    sold_count: int
    active_listings: int  # what the shop has on Etsy in all, not only jeans
    activity: float  # how many of the catalogue's listings are the shop's, relative to others
    icon_key: str


@dataclass(frozen=True)
class ListingImage:
    image_id: int
    key: str  # the hex directory and suffix Etsy puts in image URLs
    width: int
    height: int
    rgb: tuple[int, int, int]


@dataclass(frozen=True)
class Listing:
    """What a shop put up, and its whole future: price cuts, favourites. Money in the shop's
    currency. Text is as the seller typed it; Etsy's API escapes it (see ``render``)."""

    listing_id: int
    shop: Shop
    jeans: Jeans
    title: str
    description: str
    tags: tuple[str, ...]
    materials: tuple[str, ...]
    styles: tuple[str, ...]
    who_made: str
    when_made: str  # a kind that :func:`when_made` turns into Etsy's value in a given year
    search_words: frozenset[str]  # title and tag words, as keyword search matches them
    first_listed_at: datetime
    starts_at: datetime  # listed, or renewed, then
    ends_at: datetime  # sold then
    prices: tuple[tuple[datetime, Decimal], ...]  # asking price from each time on
    final_favorers: int
    final_views: int
    images: tuple[ListingImage, ...]
    quantity: int
    should_auto_renew: bool
    shipping_profile_id: int
    return_policy_id: int | None
    shop_section_id: int | None
    featured_rank: int
    processing_days: tuple[int, int]
    score: float  # Etsy's relevance, highest first

    @property
    def currency(self) -> str:
        return self.shop.currency

    @property
    def expires_at(self) -> datetime:
        return self.starts_at + LISTING_LIFETIME


@dataclass(frozen=True)
class LiveListing:
    """A listing as shown at one time."""

    listing: Listing
    price: Decimal
    updated_at: datetime  # the last price change, else when it was listed
    num_favorers: int
    views: int


@dataclass(frozen=True)
class Snapshot:
    at: datetime
    listings: tuple[LiveListing, ...]  # newest first, as Etsy lists them without a sort
    by_listing_id: Mapping[int, LiveListing]


def search_words(text: str) -> frozenset[str]:
    """Words as search matches them: case and apostrophes ignored, so ``levis`` finds Levi's."""
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", text.lower())))


def when_made(kind: str, year: int) -> str:
    """Etsy's ``when_made`` for a listing at a time: decades as they are, and the rolling buckets
    Etsy renames every January, as they stand in ``year`` (in 2026: ``2020_2026``, ``2010_2019``,
    ``2007_2009``, ``before_2007``, ``2000_2006``).

    An item is vintage on Etsy at 20 years old, so the buckets around the 2000s move with the year.
    """
    vintage_until = year - 20
    if kind == "recent":
        return f"2020_{year}"
    if kind == "2010s":
        return "2010_2019"
    if kind == "early_2000s":
        return f"2000_{vintage_until}" if vintage_until < 2009 else "2000s"
    if kind == "late_2000s":
        return f"{vintage_until + 1}_2009" if vintage_until < 2009 else "2000s"
    if kind == "before":
        return f"before_{vintage_until + 1}"
    return kind  # "1990s", "made_to_order", ...


class Catalogue(SlotCatalogue[Snapshot]):
    def __init__(self, *, seed: int, size: int, step_seconds: int) -> None:
        rng = random.Random(f"etsy-catalogue:{seed}")
        slots = tuple(
            Slot.random(rng, shortest=SHORTEST_PERIOD_SECONDS, longest=LONGEST_PERIOD_SECONDS)
            for _ in range(size)
        )
        super().__init__(marketplace="etsy", seed=seed, slots=slots, step_seconds=step_seconds)
        self._shops = _random_shops(rng, count=max(30, size // 6))
        self._shop_cum_weights = tuple(itertools.accumulate(s.activity for s in self._shops))

    def _build_snapshot(self, at: datetime, listings: list[Listing]) -> Snapshot:
        shown = sorted(
            (live_at(listing, at) for listing in listings),
            key=lambda live: (live.listing.starts_at, live.listing.listing_id),
            reverse=True,
        )
        return Snapshot(
            at=at,
            listings=tuple(shown),
            by_listing_id={live.listing.listing_id: live for live in shown},
        )

    def _new_listing(self, rng: random.Random, slot: int, starts: float, ends: float) -> Listing:
        shop = rng.choices(self._shops, cum_weights=self._shop_cum_weights)[0]
        jeans = _etsy_jeans(rng)
        reworked = rng.random() < REWORKED_SHARE
        title = _title(jeans, reworked, rng)
        tags = _tags(jeans, rng)
        starts_at, ends_at = (datetime.fromtimestamp(math.floor(t), UTC) for t in (starts, ends))
        value = convert(jeans.value_usd * Decimal(1.3 if reworked else 1), "USD", shop.currency)
        renewed = rng.random() < 0.25
        return Listing(
            # Like Etsy's, ids grow with time; a slot starts at most one listing a minute.
            listing_id=(math.floor(starts) - ID_EPOCH) // 60 * len(self._slots) + slot + 1,
            shop=shop,
            jeans=jeans,
            title=title,
            description=_description(jeans, shop, rng),
            tags=tags,
            materials=_materials(jeans, rng),
            styles=tuple(rng.sample(STYLES, rng.choice((0, 0, 1, 2)))),
            who_made="i_did" if reworked else "someone_else",
            when_made=_when_made_kind(jeans, reworked, rng),
            search_words=search_words(" ".join((title, *tags))),
            first_listed_at=(
                starts_at - timedelta(days=rng.uniform(30, 540)) if renewed else starts_at
            ),
            starts_at=starts_at,
            ends_at=ends_at,
            prices=_asking_prices(value, shop.currency, starts_at, ends_at, rng),
            final_favorers=round(
                math.exp(rng.gauss(math.log(3 + float(jeans.value_usd) / 12), 0.8))
            ),
            final_views=rng.randint(40, 900),
            images=tuple(_image(rng) for _ in range(rng.randint(3, 10))),
            quantity=rng.choice((2, 3, 5)) if reworked and rng.random() < 0.5 else 1,
            should_auto_renew=rng.random() < 0.7,
            shipping_profile_id=shop.shop_id * 10 + rng.randint(1, 3),
            return_policy_id=shop.shop_id * 10 + 7 if rng.random() < 0.8 else None,
            shop_section_id=shop.shop_id * 100 + rng.randint(1, 6) if rng.random() < 0.6 else None,
            featured_rank=rng.randint(1, 10) if rng.random() < 0.05 else -1,
            processing_days=rng.choice(((1, 1), (1, 2), (1, 3), (3, 5))),
            score=rng.random(),
        )


def live_at(listing: Listing, at: datetime) -> LiveListing:
    progress = max(0.0, (at - listing.starts_at) / (listing.ends_at - listing.starts_at))
    changes = [(since, price) for since, price in listing.prices if since <= at]
    updated_at, price = changes[-1]
    return LiveListing(
        listing=listing,
        price=price,
        updated_at=updated_at,
        num_favorers=round(listing.final_favorers * math.sqrt(progress)),
        views=round(listing.final_views * progress) + listing.final_favorers // 2,
    )


def _etsy_jeans(rng: random.Random) -> Jeans:
    """A pair from the denim generator, redrawn until it fits Etsy's mix: about half women's
    (a sixth of all listed pairs elsewhere), mostly from the 1970s to the 1990s."""
    while True:
        jeans = random_jeans(rng)
        keep = (1.0 if jeans.department == WOMEN else 0.18) * (
            1.0 if jeans.era in ETSY_ERAS else 0.45
        )
        if rng.random() < keep:
            return jeans


def _random_shops(rng: random.Random, count: int) -> tuple[Shop, ...]:
    shops: dict[str, Shop] = {}
    while len(shops) < count:
        country, currency, _, language, local_starts = rng.choices(
            SHOP_HOMES, weights=[home[2] for home in SHOP_HOMES]
        )[0]
        start = rng.choice(local_starts) if local_starts and rng.random() < 0.5 else None
        name = (start or rng.choice(SHOP_NAME_STARTS)) + rng.choice(SHOP_NAME_ENDS)
        if rng.random() < 0.2:
            name += str(rng.randint(1, 99))
        if name in shops or len(name) > 20:  # Etsy shop names: unique, at most 20 characters
            continue
        reviews = round(math.exp(rng.gauss(math.log(120), 1.4)))
        shops[name] = Shop(
            shop_id=rng.randrange(10_000_000, 56_000_000),
            user_id=rng.randrange(20_000_000, 1_000_000_000),
            shop_name=name,
            country=country,
            currency=currency,
            language=language,
            created_at=datetime(2026, 1, 1, tzinfo=UTC) - timedelta(days=rng.uniform(60, 14 * 365)),
            title=rng.choice(SHOP_TITLES) if rng.random() < 0.85 else None,
            announcement=(
                "Welcome! Every pair is measured flat & photographed in natural light. "
                "Message me for more photos or measurements."
                if rng.random() < 0.5
                else None
            ),
            sale_message=rng.choice(SALE_MESSAGES),
            num_favorers=round(math.exp(rng.gauss(math.log(400), 1.2))),
            review_count=reviews,
            review_average=round(rng.uniform(4.6, 5.0), 4) if reviews else None,
            sold_count=reviews * rng.randint(3, 6),
            active_listings=rng.randint(15, 900),
            activity=math.exp(rng.gauss(0, 1)),
            icon_key=f"{rng.randrange(16**6):06x}",
        )
    return tuple(shops.values())


def _title(jeans: Jeans, reworked: bool, rng: random.Random) -> str:
    """Etsy titles run long (up to 140 characters): the pair, then search phrases."""
    title = write_title(jeans, rng, max_length=90)
    if reworked:
        title = f"{rng.choice(('Reworked', 'Upcycled', 'Patchwork'))} {title}"
    elif "vintage" not in title.lower() and "vtg" not in title.lower():
        title = f"Vintage {title}"
    phrases = list(ETSY_PHRASES[jeans.department] + COMMON_PHRASES)
    if jeans.womens_size is None and jeans.department == WOMEN and rng.random() < 0.4:
        phrases.append(f'{jeans.measured_waist:g}" Waist')  # as measured, in inches
    rng.shuffle(phrases)
    separator = rng.choice(SEPARATORS)
    ampersands = title.count("&")
    for phrase in phrases[: rng.randint(0, 4)]:
        # Etsy allows each of %, :, & and + once in a title.
        if "&" in phrase and ampersands:
            continue
        if len(title) + len(separator) + len(phrase) <= 140:
            title += separator + phrase
            ampersands += phrase.count("&")
    return title


def _tags(jeans: Jeans, rng: random.Random) -> tuple[str, ...]:
    """Up to 13 tags of at most 20 characters, lower case as most sellers type them."""
    brand = jeans.brand.lower().replace("'", "")
    decade = jeans.era[2:] if jeans.era else None  # "90s"
    candidates = [
        f"vintage {brand}",
        "vintage jeans",
        "vintage denim",
        f"{jeans.lot} jeans" if jeans.lot else None,
        f"{decade} jeans" if decade else None,
        f"{decade} denim" if decade else None,
        WASH_TAGS[jeans.wash],
        "made in usa" if jeans.made_in == "USA" else None,
        "womens jeans" if jeans.department == WOMEN else "mens jeans",
        "high waisted jeans" if jeans.department == WOMEN else "straight leg jeans",
        "mom jeans" if jeans.department == WOMEN else "dad jeans",
        "selvedge denim" if jeans.selvedge else None,
        "y2k jeans" if jeans.era == "2000s" else "retro jeans",
        "gift for her" if jeans.department == WOMEN else "gift for him",
        size_label(jeans).lower(),
        "workwear",
    ]
    tags = [tag.lower() for tag in dict.fromkeys(candidates) if tag and len(tag) <= 20]
    rng.shuffle(tags)
    return tuple(tags[: rng.randint(6, 13)])


def _materials(jeans: Jeans, rng: random.Random) -> tuple[str, ...]:
    if jeans.era == "2000s" and rng.random() < 0.3:
        return ("Cotton", "Elastane")
    return rng.choice(
        (("Cotton",), ("Cotton",), ("cotton", "denim"), ("100% cotton",), ("Denim",), ())
    )


def _when_made_kind(jeans: Jeans, reworked: bool, rng: random.Random) -> str:
    if reworked:
        return rng.choice(("made_to_order", "recent"))
    if jeans.era == "2000s":
        return rng.choice(("early_2000s", "early_2000s", "late_2000s"))
    if jeans.era is None:
        return rng.choice(("2010s", "recent", "before"))
    return jeans.era


def _description(jeans: Jeans, shop: Shop, rng: random.Random) -> str:
    paragraphs = list(describe(jeans, rng))
    if rng.random() < 0.5:
        paragraphs.insert(1, "Please compare the measurements with a pair you own - vintage "
                             "sizing runs small & tags don't always match.")  # fmt: skip
    paragraphs.append(
        f"Posted from {COUNTRY_NAMES[shop.country]} with tracking. Items are vintage and may "
        "show signs of age & wear; any flaws I find are noted above."
    )
    return "\n\n".join(paragraphs)


def _asking_prices(
    value: Decimal, currency: str, starts_at: datetime, ends_at: datetime, rng: random.Random
) -> tuple[tuple[datetime, Decimal], ...]:
    """The asking price, and the cuts a shop makes while it does not sell."""
    prices = [(starts_at, price_point(value * Decimal(rng.uniform(1.0, 1.35)), currency, rng))]
    if rng.random() < 0.35:
        for progress in sorted(rng.uniform(0.15, 0.9) for _ in range(rng.choice((1, 1, 2)))):
            cut = price_point(prices[-1][1] * Decimal(rng.uniform(0.75, 0.92)), currency, rng)
            if cut < prices[-1][1]:
                moment = starts_at + (ends_at - starts_at) * progress
                prices.append((moment.replace(microsecond=0), cut))
    return tuple(prices)


def _image(rng: random.Random) -> ListingImage:
    # Denim blues (and the odd black pair): hue 200-230 degrees, muted, mid to light.
    hue, saturation, value = rng.uniform(0.55, 0.64), rng.uniform(0.1, 0.55), rng.uniform(0.3, 0.9)
    red, green, blue = (round(c * 255) for c in colorsys.hsv_to_rgb(hue, saturation, value))
    width, height = rng.choice(((3000, 4000), (2250, 3000), (1588, 2000), (3024, 3024)))
    return ListingImage(
        image_id=rng.randrange(4_800_000_000, 7_400_000_000),
        key=f"{rng.randrange(16**6):06x}_{rng.randrange(16**4):04x}",
        width=width,
        height=height,
        rgb=(red, green, blue),
    )
