"""The API's response and request bodies: what the frontend sees (separate from wire events)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from indigo_shared.bounds import DEAL_SCORE_MAX, DEAL_SCORE_MIN
from indigo_shared.events import Condition
from indigo_shared.sync_requests import (
    CONDITION_ID,
    DEFAULT_KEYWORDS,
    EBAY_CONDITION_IDS,
    MAX_CONDITIONS,
    MAX_KEYWORDS_LENGTH,
    MAX_LIMIT,
    MAX_PRICE,
    SyncSearch,
    conditions_rule,
    keywords_rule,
    price_range_rule,
)
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    WithJsonSchema,
    field_validator,
)

Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ListingAttributesOut(BaseModel):
    model: str | None = None
    waist: float | None = None
    inseam: float | None = None
    measured_waist: float | None = None
    measured_inseam: float | None = None
    era: str | None = None
    wash: str | None = None
    made_in: str | None = None
    selvedge: bool | None = None
    condition: str | None = None
    flaws: list[str] = []
    style: str | None = None
    gender: str | None = None
    tags: list[str] = []


DEAL_SCORE_DESCRIPTION = (
    f"percent below the median USD price of comparable live listings, rounded to 0.1 and "
    f"clipped to {DEAL_SCORE_MIN}..{DEAL_SCORE_MAX}: 25 is 25% below, 0 at the median, negative "
    f"above it, {DEAL_SCORE_MIN} at twice the median or more. Comparables share the brand and "
    "lot, condition class, era bucket and selvedge, and also the decade, Big E tab, country of "
    "manufacture and size bucket when at least INDIGO_DEAL_MIN_COMPARABLES (default 5) of "
    "those exist (`group` says which). Null when there is no score: `reason` says why."
)

DealFacet = Literal[
    "brand", "lot", "condition", "era", "decade", "big_e", "selvedge", "made_in", "size"
]


class DealGroupOut(BaseModel):
    """The comparable listings' group: the facets in ``matched_on`` and their values (null:
    unknown, matched with the listings where it is unknown too)."""

    matched_on: list[DealFacet] = Field(
        description="what the comparables share with the listing: always brand, lot, condition, "
        "era and selvedge; also decade, big_e, made_in and size when there were enough of those"
    )
    brand: str | None = None
    lot: str | None = Field(default=None, description='the lot under its brand: "Levi\'s 501"')
    condition: Literal["deadstock", "clean", "worn", "damaged"] | None = Field(
        default=None,
        description="condition class: deadstock; clean (excellent or good); worn (fair); "
        "damaged (distressed or project). With no grade stated, from the flaws: holes, rips, "
        "blowouts, repairs, patches, paint, hemmed... damaged; other flaws worn; none clean",
    )
    era: Literal["pre-1971", "1970s-80s", "1990s", "2000s+"] | None = Field(
        default=None, description="era bucket (a Big E tab with no era written: pre-1971)"
    )
    decade: str | None = Field(default=None, description='the era written: "1960s"')
    big_e: bool | None = Field(default=None, description="a Big E tab")
    selvedge: bool | None = Field(default=None, description="selvedge stated")
    made_in: str | None = None
    size: str | None = Field(default=None, description='waist bucket: "W32-33"')


DealReason = Literal["too_few_comparables", "no_lot", "no_price", "ended", "pending"]


class DealOut(BaseModel):
    """Always present; ``score`` is null with a ``reason`` when there is none."""

    score: float | None = Field(
        description=DEAL_SCORE_DESCRIPTION,
        json_schema_extra={"minimum": DEAL_SCORE_MIN, "maximum": DEAL_SCORE_MAX},
    )
    comparables: int = Field(
        ge=0, description="how many comparable live listings the group had (itself excluded)"
    )
    comparable_median_usd: Money | None = Field(
        description="their median USD price; null without a score"
    )
    group: DealGroupOut | None = Field(
        description="which group the comparables came from (the broadest tried when too few); "
        "null when the listing cannot be compared (no brand or lot, no price, ended, pending)"
    )
    reason: DealReason | None = Field(
        description="why score is null: too_few_comparables (fewer than the minimum even in the "
        "broadest group), no_lot (brand or lot unknown), no_price (no USD price), ended, pending "
        "(not yet computed); null with a score"
    )


#: The deal of a listing the trends service has not scored yet.
PENDING_DEAL = {
    "score": None,
    "comparables": 0,
    "comparable_median_usd": None,
    "group": None,
    "reason": "pending",
}


LISTING_EXAMPLE = {
    "id": "0b7d6c1e-4f7a-5b8e-9a51-3c2d1e0f9a88",
    "platform": "ebay",
    "external_id": "v1|256781234567|0",
    "url": "https://www.ebay.com/itm/256781234567",
    "title": "Vintage Levi's 501 Jeans 33x32 Made in USA Medium Wash 1990s",
    "description": "Great vintage condition, light fading.",
    "price": 74.0,
    "currency": "USD",
    "price_usd": 74.0,
    "shipping_cost": 8.5,
    "condition": "good",
    "platform_condition": "Pre-owned - Good",
    "brand": "Levi's",
    "size": "33x32",
    "image_urls": ["https://i.ebayimg.com/images/g/abc/s-l1600.jpg"],
    "seller_username": "rustbelt_denim",
    "location": "US",
    "buying_format": "fixed_price+best_offer",
    "listed_at": "2026-11-02T18:04:00Z",
    "engagement": {"watchers": 12},
    "trend_score": 61.4,
    "ai_tags": [],
    "attributes": {
        "model": "501",
        "waist": 33,
        "inseam": 32,
        "era": "1990s",
        "wash": "medium",
        "made_in": "USA",
        "selvedge": False,
        "condition": "good",
        "flaws": [],
        "tags": [],
    },
    "first_seen_at": "2026-11-03T09:15:00Z",
    "last_seen_at": "2026-11-29T08:45:00Z",
    "ended_at": None,
    "deal": {
        "score": 18.5,
        "comparables": 14,
        "comparable_median_usd": 90.8,
        "group": {
            "matched_on": [
                "brand",
                "lot",
                "condition",
                "era",
                "decade",
                "big_e",
                "selvedge",
                "made_in",
                "size",
            ],
            "brand": "Levi's",
            "lot": "Levi's 501",
            "condition": "clean",
            "era": "1990s",
            "decade": "1990s",
            "big_e": False,
            "selvedge": False,
            "made_in": "USA",
            "size": "W32-33",
        },
        "reason": None,
    },
    "created_at": "2026-11-03T09:15:02Z",
    "updated_at": "2026-11-12T09:15:03Z",
}


TREND_SCORE_DESCRIPTION = (
    "0-100, how much the market is into this listing now, computed by the trends service: "
    "100 x (0.35 engagement + 0.25 recency + 0.25 deal + 0.15 momentum), each part 0-1. "
    "engagement: the listing's watchers, favorites, score, comments and bids against its "
    "platform's average (e / (e + average): the average scores 0.5); recency: halves every "
    "7 days since listed (0 once ended); deal: 0.5 at the comparables' median, 1 at 50% below "
    "it, 0 at 50% above (0.5 without comparables); momentum: new listings of its lot (else "
    "brand) in the last 7 days against the 7 before, g / (g + 1) of their ratio (0.5: steady). "
    "Recomputed when the listing, its deal group or its lot's figures change, and daily; null "
    "until the trends service has scored it."
)


class ListingOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"examples": [LISTING_EXAMPLE]}
    )

    id: uuid.UUID
    platform: str
    external_id: str
    url: str | None
    title: str
    description: str | None
    price: Money | None
    currency: str | None
    price_usd: Money | None
    shipping_cost: Money | None
    condition: Condition | None = Field(
        description="normalized: deadstock, excellent, good, fair or distressed (from the "
        "enrichment); null when the listing does not say"
    )
    platform_condition: str | None = Field(
        default=None, description="the condition as the platform states it (eBay's grades)"
    )
    brand: str | None
    size: str | None = Field(
        description='tag size: waist x inseam ("33x32") or the waist alone ("33"), from the '
        "enrichment; else the platform's own size text; null when unknown"
    )
    image_urls: list[str]
    seller_username: str | None
    location: str | None
    buying_format: str | None = Field(
        description="how it is sold, as the collector read it: `fixed_price`, `auction`, "
        "`best_offer`, `trade` joined with `+` (eBay's `auction+fixed_price`, Reddit's "
        "`fixed_price+best_offer`), or `sold` when the platform shows it sold (a Reddit post or "
        "item marked SOLD, an Etsy listing sold out): a sold listing has ended, at its sale"
    )
    listed_at: datetime | None
    engagement: dict[str, Any]
    trend_score: float | None = Field(
        description=TREND_SCORE_DESCRIPTION, json_schema_extra={"minimum": 0, "maximum": 100}
    )
    ai_tags: list[str]
    attributes: ListingAttributesOut
    first_seen_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None = Field(
        default=None,
        description="when it left the market: when a full sync of its search stopped seeing it, "
        "or when it was first seen sold (`buying_format` `sold`); null while it is active",
    )
    deal: DealOut
    created_at: datetime
    updated_at: datetime


class PricePoint(BaseModel):
    observed_at: datetime
    price: Money | None
    currency: str | None
    price_usd: Money | None


class ListingPage(Page[ListingOut]):
    total_exact: bool = Field(
        description="false when more than 10,000 listings match: total is then the planner's "
        "estimate"
    )
    next: str | None = Field(
        description="pass as `cursor` for the page after this one (keyset: stable while "
        "listings are added, fast at any depth); null on the last page"
    )


class ListingDetailOut(ListingOut):
    raw_data: dict[str, Any]
    enrichment: dict[str, Any]
    trend_factors: dict[str, float] | None = Field(
        default=None, description="the four parts of trend_score, each 0-1"
    )
    price_history: list[PricePoint]


class SyncCountsOut(BaseModel):
    fetched: int
    published: int
    unchanged: int
    errors: int


class SyncJobOut(BaseModel):
    job_id: uuid.UUID
    platform: str
    status: Literal["pending", "running", "completed", "failed", "cancelled"]
    keywords: str | None
    limit: int | None
    counts: SyncCountsOut
    error: str | None
    requested_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime


SyncPrice = Annotated[
    float,
    Strict(),
    Field(
        ge=0, le=float(MAX_PRICE), allow_inf_nan=False, description="in the marketplace's currency"
    ),
]


def _json_integer(value):
    """A JSON integer: 20 or 20.0 (the same number in JSON), never true or "20"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be an integer")
        return int(value)
    return value


def _condition_name(value: str) -> str:
    if value not in EBAY_CONDITION_IDS and not CONDITION_ID.fullmatch(value):
        raise ValueError(
            f"unknown eBay condition {value[:50]!r}; one of: {', '.join(EBAY_CONDITION_IDS)}, "
            "or a numeric condition id"
        )
    return value


# A canonical name or an id, exactly as the schema says (`indigo sync` also takes "Pre-owned good").
ConditionName = Annotated[
    str,
    AfterValidator(_condition_name),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(EBAY_CONDITION_IDS)},
                {"type": "string", "pattern": "^[0-9]{1,5}$"},
            ]
        }
    ),
]


class SyncTriggerIn(BaseModel):
    """A sync to queue, held to the collectors' rules (:mod:`indigo_shared.sync_requests`)."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"platform": "ebay", "keywords": "levis 501", "limit": 200}]
        },
    )

    platform: Literal["ebay", "etsy", "reddit", "all"] = "all"
    keywords: str = Field(
        default=DEFAULT_KEYWORDS,
        min_length=1,
        max_length=MAX_KEYWORDS_LENGTH,
        description="at least one word",
        json_schema_extra={"pattern": r"^[^\u0000]*[^\s\u0000][^\u0000]*$"},
    )
    limit: Annotated[int, BeforeValidator(_json_integer)] = Field(default=200, ge=1, le=MAX_LIMIT)
    min_price: SyncPrice | None = None
    max_price: SyncPrice | None = None
    conditions: list[ConditionName] = Field(
        default_factory=list,
        max_length=MAX_CONDITIONS,
        description="eBay syncs only: " + ", ".join(EBAY_CONDITION_IDS) + ", or eBay condition ids",
    )

    # The collectors' rules, as `indigo sync` and the collectors apply them.
    _keywords = field_validator("keywords")(keywords_rule)
    _price_range = field_validator("max_price")(price_range_rule)
    _conditions = field_validator("conditions")(conditions_rule)

    def search(self) -> SyncSearch:
        price = lambda p: None if p is None else Decimal(str(p))  # noqa: E731
        return SyncSearch(
            platform=self.platform,
            keywords=self.keywords,
            limit=self.limit,
            min_price=price(self.min_price),
            max_price=price(self.max_price),
            conditions=self.conditions,
        )


class TriggeredJobOut(SyncJobOut):
    coalesced: bool = Field(
        description="an identical request was already waiting: this is its job, not a new one"
    )


class SyncTriggerOut(BaseModel):
    job_id: uuid.UUID = Field(description="the first job's id (the only one unless platform=all)")
    jobs: list[TriggeredJobOut]


class SyncCancelOut(BaseModel):
    job_id: uuid.UUID
    platform: str
    status: Literal["cancelled", "cancelling"] = Field(
        description="cancelled: the job had not started and never will; cancelling: a collector "
        "is running it and stops before its next page"
    )
    job: SyncJobOut | None = Field(description="the job as the read model shows it now")


class PlatformStats(BaseModel):
    platform: str
    listings: int | None = Field(description="null while PostgreSQL is unavailable")
    last_sync: SyncJobOut | None


class ConsumerStreamOut(BaseModel):
    stream: str
    present: bool = Field(description="the durable exists (its service has started once)")
    pending: int | None = Field(description="messages not yet delivered")
    ack_pending: int | None = Field(description="delivered, not yet acknowledged")
    redelivered: int | None


class ConsumerOut(BaseModel):
    consumer: str
    streams: list[ConsumerStreamOut]
    dead_letters: int | None = Field(description="messages parked on dlq.<consumer>")


class LlmUsageOut(BaseModel):
    listings: int = Field(description="listings whose enrichment asked an LLM")
    tokens_used: int
    cost_usd: Money


Health = Literal["ok", "unavailable"]


class StatsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "version": "0.2.0",
                    "uptime_seconds": 5123.4,
                    "database": "ok",
                    "nats": "ok",
                    "total_listings": 1840,
                    "platforms": [{"platform": "ebay", "listings": 1620, "last_sync": None}],
                    "consumers": [
                        {
                            "consumer": "trends",
                            "streams": [
                                {
                                    "stream": "LISTINGS",
                                    "present": True,
                                    "pending": 0,
                                    "ack_pending": 0,
                                    "redelivered": 0,
                                }
                            ],
                            "dead_letters": 0,
                        }
                    ],
                    "dead_letters": 0,
                    "llm": {"listings": 310, "tokens_used": 142000, "cost_usd": 0.41},
                }
            ]
        }
    )

    status: Literal["ok", "degraded"] = Field(description="degraded: a dependency is down")
    version: str
    uptime_seconds: float
    database: Health
    nats: Health
    total_listings: int | None = Field(description="null while PostgreSQL is unavailable")
    platforms: list[PlatformStats]
    consumers: list[ConsumerOut] = Field(
        description="every durable consumer, with its lag on each stream and its dead letters; "
        "empty while NATS is unavailable"
    )
    dead_letters: int | None = Field(description="all parked messages; null: NATS unavailable")
    llm: LlmUsageOut | None = Field(
        description="summed over listings' enrichment; null: PostgreSQL unavailable"
    )


# --- search -----------------------------------------------------------------------------------


class SearchHit(ListingOut):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{**LISTING_EXAMPLE, "relevance": 0.91}]}
    )

    relevance: float = Field(description="full-text rank: title counts most, then brand and lot")


class SearchQueryOut(BaseModel):
    keywords: str
    terms: list[list[str]] = Field(
        description="one group per word, as stemmed, with its other spellings (selvedge: "
        '["selvedg", "selvag", ...]); a word no listing uses is matched by the nearest words '
        'listings do use (trigram similarity): [["levl", "levi"], ["501"]]'
    )
    corrected: bool = Field(
        description="some word was matched by similarity, not as written or as another spelling"
    )
    capped: bool = Field(
        description="more listings match than the search window (the 5,000 newest matches are "
        "ranked and counted)"
    )


class SearchPage(Page[SearchHit]):
    query: SearchQueryOut


# --- history ----------------------------------------------------------------------------------


class PriceChangeOut(BaseModel):
    observed_at: datetime
    price: Money | None
    currency: str | None
    price_usd: Money | None
    change: Money | None = Field(description="against the previous price, same currency")
    change_pct: float | None
    direction: Literal["first", "drop", "rise", "unpriced"]


class LifecycleOut(BaseModel):
    status: Literal["active", "ended"]
    listed_at: datetime | None = Field(
        description="when the seller listed it, as the platform says"
    )
    first_seen_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    days_on_market: float = Field(
        description="from listing (or first sight) to its end, or to now while it is active"
    )


class ListingHistoryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "listing_id": "0b7d6c1e-4f7a-5b8e-9a51-3c2d1e0f9a88",
                    "platform": "ebay",
                    "external_id": "v1|256781234567|0",
                    "title": "Vintage Levi's 501 Jeans 33x32 Made in USA",
                    "lifecycle": {
                        "status": "ended",
                        "listed_at": "2026-11-02T18:04:00Z",
                        "first_seen_at": "2026-11-03T09:15:00Z",
                        "last_seen_at": "2026-11-20T09:15:00Z",
                        "ended_at": "2026-11-20T09:15:00Z",
                        "days_on_market": 17.6,
                    },
                    "price_history": [
                        {
                            "observed_at": "2026-11-03T09:15:00Z",
                            "price": 89.0,
                            "currency": "USD",
                            "price_usd": 89.0,
                            "change": None,
                            "change_pct": None,
                            "direction": "first",
                        },
                        {
                            "observed_at": "2026-11-12T09:15:00Z",
                            "price": 74.0,
                            "currency": "USD",
                            "price_usd": 74.0,
                            "change": -15.0,
                            "change_pct": -16.9,
                            "direction": "drop",
                        },
                    ],
                    "drops": 1,
                    "rises": 0,
                    "first_price": 89.0,
                    "current_price": 74.0,
                    "total_change_pct": -16.9,
                }
            ]
        }
    )

    listing_id: uuid.UUID
    platform: str
    external_id: str
    title: str
    lifecycle: LifecycleOut
    price_history: list[PriceChangeOut]
    drops: int
    rises: int
    first_price: Money | None
    current_price: Money | None
    total_change_pct: float | None


# --- trends -----------------------------------------------------------------------------------


_OBSERVED_PRICE = (
    "USD price that day: each listing's last price observed by the day's end (sample_count "
    "of them; none for a listing not yet seen)"
)


class TrendRowOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "day": "2026-11-28",
                    "platform": "all",
                    "category": "brand",
                    "key": "Levi's",
                    "listing_count": 412,
                    "new_count": 37,
                    "ended_count": 29,
                    "sample_count": 398,
                    "avg_price_usd": 96.4,
                    "median_price_usd": 78.0,
                    "p25_price_usd": 52.0,
                    "p75_price_usd": 115.0,
                    "min_price_usd": 14.99,
                    "max_price_usd": 1450.0,
                    "currency_stats": {
                        "GBP": {
                            "sample_count": 21,
                            "avg": 71.2,
                            "median": 65.0,
                            "p25": 45.0,
                            "p75": 90.0,
                            "min": 20.0,
                            "max": 240.0,
                        }
                    },
                    "engagement": {"watchers": {"avg": 6.3, "sample_count": 180}},
                    "avg_days_on_market": 11.4,
                    "insights": {},
                }
            ]
        }
    )

    day: date
    platform: str
    category: str
    key: str
    listing_count: int = Field(
        description="listings on the market that day: entered the market on or before it "
        "(listed, else first seen) and not ended before it"
    )
    new_count: int = Field(
        description="listings that entered the market that day: listed that day (the seller's "
        "listing time, never after the first sighting), else first seen that day"
    )
    ended_count: int = Field(description="listings that ended that day")
    sample_count: int = Field(
        description="listings with a USD price observed by the day's end, behind the price "
        "figures: a listing listed before it was first seen counts in the listings from its "
        "listing day but in the prices only from its first sighting (no past price is guessed)"
    )
    avg_price_usd: Money | None = Field(description=f"average {_OBSERVED_PRICE}")
    median_price_usd: Money | None = Field(description=f"median {_OBSERVED_PRICE}")
    p25_price_usd: Money | None = Field(description=f"25th percentile {_OBSERVED_PRICE}")
    p75_price_usd: Money | None = Field(description=f"75th percentile {_OBSERVED_PRICE}")
    min_price_usd: Money | None = Field(description=f"lowest {_OBSERVED_PRICE}")
    max_price_usd: Money | None = Field(description=f"highest {_OBSERVED_PRICE}")
    currency_stats: dict[str, Any] = Field(
        description="the same price figures per listing currency, in that currency"
    )
    engagement: dict[str, Any] = Field(
        description="average watchers, favorites, score... of the listings seen by that day"
    )
    avg_days_on_market: float | None = Field(description="of the listings that ended that day")
    insights: dict[str, Any] = Field(
        description="on the whole market's row (platform, category and key 'all'): price movers, "
        "rising brands, volume spikes and, with an LLM configured, a written summary"
    )


class BrandTrendOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "brand": "Levi's",
                    "listings": 1204,
                    "active_listings": 412,
                    "new_listings": 803,
                    "ended_listings": 791,
                    "median_price_usd": 78.0,
                    "first_median_price_usd": 72.0,
                    "median_change_pct": 8.3,
                    "sample_count": 398,
                }
            ]
        }
    )

    brand: str
    listings: int = Field(description="listings on the market at any time in the window")
    active_listings: int = Field(
        description="still on the market at the window's end: the last day's listings less those "
        "that ended on it"
    )
    new_listings: int
    ended_listings: int
    median_price_usd: Money | None = Field(description="on the last day with a priced listing")
    first_median_price_usd: Money | None = Field(description="on the first such day")
    median_change_pct: float | None
    sample_count: int | None


class PriceRangeOut(BaseModel):
    min: Money | None = Field(description="lowest USD price seen in the window")
    p25: Money | None
    p75: Money | None
    max: Money | None = Field(description="highest USD price seen in the window")


class MarketTotalsOut(BaseModel):
    platform: str
    listings: int = Field(description="listings on the market at any time in the window")
    active_listings: int = Field(
        description="still on the market at the window's end: the last day's listings less those "
        "that ended on it"
    )
    new_listings: int = Field(
        description="listings that entered the market in the window (listed, else first seen)"
    )
    ended_listings: int
    median_price_usd: Money | None = Field(
        description="median USD price on the last day with an observed price"
    )


class TrendsSummaryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "days": 7,
                    "first_day": "2026-11-23",
                    "last_day": "2026-11-29",
                    "platform": "all",
                    "totals": {
                        "platform": "all",
                        "listings": 2240,
                        "active_listings": 1460,
                        "new_listings": 780,
                        "ended_listings": 701,
                        "median_price_usd": 64.0,
                    },
                    "platforms": [
                        {
                            "platform": "ebay",
                            "listings": 1900,
                            "active_listings": 1220,
                            "new_listings": 690,
                            "ended_listings": 640,
                            "median_price_usd": 61.0,
                        }
                    ],
                    "average_price_usd": 88.5,
                    "median_price_usd": 64.0,
                    "median_change_pct": 2.4,
                    "price_range": {"min": 9.99, "p25": 39.0, "p75": 110.0, "max": 2400.0},
                    "top_brands": [],
                    "insights": {"price_movers": [], "rising_brands": [], "volume_spikes": []},
                }
            ]
        }
    )

    days: int
    first_day: date
    last_day: date
    platform: Literal["all", "ebay", "etsy", "reddit"] = Field(
        description="whose figures these are: the whole market (all) or one platform's"
    )
    totals: MarketTotalsOut = Field(description="of the platform asked for (all: the market)")
    platforms: list[MarketTotalsOut] = Field(
        description="each platform's totals; with one platform asked for, its own alone"
    )
    average_price_usd: Money | None = Field(
        description="average USD price observed by the last day with one (no past price is "
        "guessed for listings listed before they were first seen)"
    )
    median_price_usd: Money | None = Field(
        description="median USD price observed by the last day with one"
    )
    median_change_pct: float | None = Field(
        description="that median against the first priced day's"
    )
    price_range: PriceRangeOut
    top_brands: list[BrandTrendOut] = Field(
        description="the five brands with most listings (on the platform asked for)"
    )
    insights: dict[str, Any] = Field(
        description="the whole market's latest insights in the window (whatever the platform)"
    )
