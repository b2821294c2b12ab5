"""Wire events: what travels over NATS JetStream between services.

The models are frozen, named in the past tense and versioned. They change only by adding optional
fields; consumers ignore fields they do not know (``extra="ignore"``), so an older consumer keeps
reading a newer producer's events.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from indigo_shared.bounds import (
    MAX_DESCRIPTION,
    MAX_EXTERNAL_ID,
    MAX_PRICE,
    MAX_SUMMARY,
    MAX_TITLE,
    BoundedRaw,
    BoundedUrls,
    Short,
    ShortList,
    Text,
    Url,
    clean_text,
)

Platform = Literal["ebay", "etsy", "reddit"]
PLATFORMS: tuple[Platform, ...] = ("ebay", "etsy", "reddit")
Wash = Literal["rigid", "dark", "medium", "light", "stonewash", "acid", "black"]
Condition = Literal["deadstock", "excellent", "good", "fair", "distressed"]
# A sync ends completed, failed or cancelled (``POST /sync/{job_id}/cancel``): all three are final.
# ``stalled`` is the read model's word for a running job whose collector stopped reporting (no
# producer publishes it).
SyncStatus = Literal["pending", "running", "completed", "failed", "stalled", "cancelled"]
FINAL_SYNC_STATUSES: tuple[SyncStatus, ...] = ("completed", "failed", "cancelled")
AnalysisStatus = Literal["pending", "running", "completed", "failed"]
EnrichmentMethod = Literal["rules", "llm", "rules+llm"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Engagement(_Wire):
    """Interest as the platform reports it; each is null where the platform does not say."""

    watchers: int | None = None
    favorites: int | None = None
    score: int | None = None
    comments: int | None = None
    bids: int | None = None
    upvote_ratio: float | None = None


class Listing(_Wire):
    """One marketplace listing in Indigo's normalized format.

    ``price`` is null when the listing states none (never 0). ``raw_data`` is the platform's item
    exactly as received, so any field can be re-derived later without re-fetching.
    """

    platform: Platform
    external_id: str = Field(min_length=1, max_length=MAX_EXTERNAL_ID)
    url: Url = None
    title: Text(MAX_TITLE)
    description: Text(MAX_DESCRIPTION) | None = None
    price: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    price_usd: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    shipping_cost: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE, allow_inf_nan=False)
    condition: Short = None
    brand: Short = None
    size: Short = None
    image_urls: BoundedUrls = Field(default_factory=list)
    seller_username: Short = None
    location: Short = None
    listed_at: datetime | None = None
    ends_at: datetime | None = None
    buying_format: Short = None
    engagement: Engagement = Field(default_factory=Engagement)
    trend_score: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    ai_tags: ShortList = Field(default_factory=list)
    raw_data: BoundedRaw = Field(default_factory=dict)
    content_hash: str = Field(default="", pattern=r"^([0-9a-f]{32})?$")

    @field_validator("external_id", mode="before")
    @classmethod
    def _id_is_text(cls, value):
        # An id is refused rather than cleaned: a changed id would be another listing.
        if isinstance(value, str) and clean_text(value) != value:
            raise ValueError("external_id contains NUL, control or unpaired surrogate characters")
        return value

    def with_content_hash(self) -> Listing:
        return self.model_copy(update={"content_hash": content_hash(self)})


# Fields that say what is for sale and on what terms. Engagement counters and raw_data are left
# out on purpose: a new watcher is not a new version of the listing, and republishing on every
# counter tick would defeat the stream's duplicate window.
_HASHED_FIELDS = (
    "title",
    "description",
    "price",
    "currency",
    "shipping_cost",
    "condition",
    "brand",
    "size",
    "image_urls",
    "seller_username",
    "location",
    "ends_at",
    "buying_format",
    "url",
)


def content_hash(listing: Listing) -> str:
    payload = {name: getattr(listing, name) for name in _HASHED_FIELDS}
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:32]


class Attributes(_Wire):
    """What a pair of jeans is. Unknown is null, never a guess."""

    brand: Short = None
    model: Short = None
    waist: float | None = None
    inseam: float | None = None
    measured_waist: float | None = None
    measured_inseam: float | None = None
    era: Short = None
    wash: Wash | None = None
    made_in: Short = None
    selvedge: bool | None = None
    condition: Condition | None = None
    flaws: ShortList = Field(default_factory=list)
    style: Short = None
    gender: Short = None
    tags: ShortList = Field(default_factory=list)


class Enrichment(_Wire):
    """How the attributes were found.

    ``summary``, ``tags``: the LLM's short description and keywords (the tags are also the
    listing's ``ai_tags``). ``tokens_used`` / ``cost_usd``: the LLM spend behind this listing's
    answer (null when no LLM was asked); ``llm_cached``: the answer came from the cache (a listing
    whose text another listing already paid for records 0); ``llm_error``: why no LLM answer was
    used (refusal, malformed answer, rejected request); ``llm_rejected``: answer fields dropped
    by validation (outside the vocabularies, or not asked for).
    """

    method: EnrichmentMethod = "rules"
    model: str | None = None
    prompt_version: str | None = None
    extractor_version: str | None = None
    confidence: dict[str, float] = Field(default_factory=dict)
    summary: Text(MAX_SUMMARY) | None = None
    tokens_used: int | None = None
    cost_usd: Decimal | None = None
    tags: ShortList = Field(default_factory=list)
    llm_cached: bool | None = None
    llm_error: Text(MAX_SUMMARY) | None = None
    llm_rejected: ShortList = Field(default_factory=list)


class _CarriesListing(_Wire):
    @model_validator(mode="after")
    def _hashed(self):
        if not self.listing.content_hash:
            raise ValueError("listing.content_hash is empty: a listing travels with its hash")
        return self


class ListingCollected(_CarriesListing):
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    collected_at: datetime = Field(default_factory=utcnow)
    sync_job_id: uuid.UUID | None = None
    listing: Listing


class ListingEnriched(_CarriesListing):
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    collected_at: datetime
    enriched_at: datetime = Field(default_factory=utcnow)
    sync_job_id: uuid.UUID | None = None
    listing: Listing
    attributes: Attributes
    enrichment: Enrichment


class SyncFilters(_Wire):
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    conditions: list[str] = Field(default_factory=list)


class SyncRequested(_Wire):
    job_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    platform: Platform
    keywords: str = "vintage jeans"
    limit: int = Field(default=200, ge=1, le=10_000)
    filters: SyncFilters = Field(default_factory=SyncFilters)
    requested_at: datetime = Field(default_factory=utcnow)
    trigger: Literal["api", "schedule", "cli"] = "api"


class SyncCounts(_Wire):
    fetched: int = 0
    published: int = 0
    unchanged: int = 0
    errors: int = 0


class SyncStatusChanged(_Wire):
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    job_id: uuid.UUID
    platform: Platform
    status: SyncStatus
    counts: SyncCounts = Field(default_factory=SyncCounts)
    error: str | None = None
    keywords: str | None = None
    limit: int | None = None
    requested_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    occurred_at: datetime = Field(default_factory=utcnow)
    # The search's filters, so that a consumer can tell which search a job ran (``search_key``).
    filters: SyncFilters | None = None
    # On the final status: True when the job fetched everything its search returned (not cut by
    # its limit, a marketplace cap or an error), so a listing the search no longer returns has
    # left the market. Null on other statuses and from producers that do not say.
    full: bool | None = None


class ListingsSeen(_Wire):
    """The listings one page of a sync saw, changed or not.

    An unchanged listing's ``ListingCollected`` is dropped by the stream's duplicate window, so
    without this event nobody would hear that it is still on the market.
    """

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    job_id: uuid.UUID
    platform: Platform
    keywords: str
    filters: SyncFilters = Field(default_factory=SyncFilters)
    page: int = Field(ge=0)
    external_ids: list[str]
    seen_at: datetime = Field(default_factory=utcnow)


def search_key(platform: str, keywords: str | None, filters: SyncFilters | None) -> str:
    """One name for one search (platform, keywords, filters), whichever job ran it."""
    filters = filters or SyncFilters()
    terms = " ".join((keywords or "").lower().split())
    shape = filters.model_dump(mode="json")
    shape["conditions"] = sorted(c.lower() for c in shape["conditions"])
    return f"{platform}|{terms}|{json.dumps(shape, sort_keys=True)}"


class ListingEnded(_Wire):
    """The trends service found a listing gone from the market: the latest full sync of a search
    that used to return it no longer does. ``ended_at`` is its last sighting. A later sighting
    (``ListingsSeen`` after ``ended_at``) brings it back."""

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    platform: Platform
    external_id: str
    ended_at: datetime
    occurred_at: datetime = Field(default_factory=utcnow)


class AnalysisRequested(_Wire):
    """Re-enrich one listing through the LLM (``POST /analyze/{listing_id}``). It carries the
    listing as the read model holds it, so the enricher needs nothing else."""

    job_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    listing_id: uuid.UUID
    collected_at: datetime
    sync_job_id: uuid.UUID | None = None
    listing: Listing
    requested_at: datetime = Field(default_factory=utcnow)


class AnalysisStatusChanged(_Wire):
    """An analysis job's lifecycle; ``completed`` carries the result (also published as a
    ``ListingEnriched``)."""

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    job_id: uuid.UUID
    listing_id: uuid.UUID
    platform: Platform
    external_id: str
    status: AnalysisStatus
    error: str | None = None
    attributes: Attributes | None = None
    enrichment: Enrichment | None = None
    requested_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    occurred_at: datetime = Field(default_factory=utcnow)


LISTING_NAMESPACE = uuid.UUID("6f1d3a52-2b1e-4c55-9a43-8f0c2f4a9b10")


def listing_id(platform: str, external_id: str) -> uuid.UUID:
    """A listing's id everywhere (read model, alerts): a UUIDv5 of ``platform:external_id``, so
    rebuilding any table from the log gives every listing its old id back."""
    return uuid.uuid5(LISTING_NAMESPACE, f"{platform}:{external_id}")


AlertTrigger = Literal["new", "price_drop", "back_on_market"]


class AlertMatched(_Wire):
    """A saved search matched a listing, recorded once per (search, listing, trigger, price):
    ``match_id`` is that record's id and the message's ``Nats-Msg-Id``."""

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    schema_version: int = 1
    saved_search_id: uuid.UUID
    platform: Platform
    external_id: str
    matched_at: datetime = Field(default_factory=utcnow)
    match_id: uuid.UUID | None = None
    listing_id: uuid.UUID | None = None
    trigger: AlertTrigger | None = None
    price: Decimal | None = None
    currency: str | None = None
    price_usd: Decimal | None = None


AlertsCommand = Literal["test", "retry", "resume"]


class AlertsCommandRequested(_Wire):
    """A request (NATS request/reply, not a stream) from the API to the alerts service, the one
    writer of deliveries: send a test alert, retry failed deliveries, resume a paused channel."""

    schema_version: int = 1
    command: AlertsCommand
    saved_search_id: uuid.UUID
    channel_id: uuid.UUID | None = None  # None: every channel of the search
    requested_at: datetime = Field(default_factory=utcnow)


class AlertsAttemptReported(_Wire):
    channel_id: uuid.UUID
    delivery_id: uuid.UUID | None = None
    outcome: str
    status_code: int | None = None
    latency_ms: int | None = None
    error: str | None = None


class AlertsCommandAnswered(_Wire):
    """The alerts service's answer: ``ok`` false with ``error`` when the command could not run:
    an unknown search or channel, or (``failed``) the service itself could not run it (its
    database unreachable, a bug), which is no fault of the request; ``attempts`` for a test,
    ``count`` for retry and resume."""

    schema_version: int = 1
    ok: bool
    error: str | None = None
    failed: bool = False
    count: int = 0
    attempts: list[AlertsAttemptReported] = Field(default_factory=list)
