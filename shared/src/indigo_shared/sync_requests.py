"""Requesting, checking and cancelling syncs: the one way the API, ``indigo sync`` and the
collectors' schedule ask for a sync, and the rules every collector holds a request to.

- :class:`SyncSearch` is a sync as someone asks for it, checked as the collectors will run it:
  keywords hold a word, the price range is finite and in order, and the conditions are ones the
  platform can filter by (eBay's names or condition ids; Etsy and Reddit listings state no
  condition, so they have none).
- :func:`request_sync` queues a ``SyncRequested`` on the work queue and publishes its ``pending``
  status. An identical request still waiting for a collector is not queued twice: its job is
  returned (coalescing). With a ``queue_limit``, a platform with that many requests waiting
  refuses more (:class:`SyncQueueFull`).
- Cancelling writes the job id to the ``sync-cancellations`` key-value bucket: a collector checks
  it before it starts a request and before each page (:func:`is_cancelled`). A request that no
  collector has taken yet is also taken off the queue and its ``cancelled`` status published at
  once (:func:`cancel_sync`).

The queue is read from the stream itself (its messages on ``sync.requested.<platform>``, and the
collector's consumer for which of them were handed out), so every replica of every caller sees
the same queue. Two callers racing may each queue one request past the limit, or one identical
request each; both are harmless.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import BucketNotFoundError, KeyNotFoundError, NotFoundError
from nats.js.kv import KeyValue
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from indigo_shared.events import (
    PLATFORMS,
    Platform,
    SyncFilters,
    SyncRequested,
    SyncStatusChanged,
    search_key,
    utcnow,
)
from indigo_shared.nats import publish_event
from indigo_shared.streams import SYNC_REQUESTS, sync_requested, sync_status
from indigo_shared.text import check_text

log = logging.getLogger(__name__)

DEFAULT_KEYWORDS = "vintage jeans"
MAX_KEYWORDS_LENGTH = 200
MAX_LIMIT = 10_000
MAX_CONDITIONS = 10
# Prices are in the marketplace's currency. No pair of jeans costs a million: a larger bound is a
# typo, and past 10^10 the read model's numeric(12, 2) could not even hold it.
MAX_PRICE = Decimal("1000000")

# eBay condition ids (https://developer.ebay.com/api-docs/sell/static/metadata/condition-id-values.html)
# under the names Indigo's users filter by. Clothing uses 1000/1500/1750 for new with tags, without
# tags, with defects, and 2990/3000/3010 for pre-owned excellent/good/fair; 2750 and 4000-6000
# are the pre-owned grades of other categories, kept so "used" means used everywhere.
EBAY_CONDITION_IDS: dict[str, tuple[str, ...]] = {
    "new": ("1000", "1500", "1750"),
    "new_with_tags": ("1000",),
    "new_without_tags": ("1500",),
    "new_with_defects": ("1750",),
    "refurbished": ("2000", "2010", "2020", "2030", "2500"),
    "used": ("2750", "2990", "3000", "3010", "4000", "5000", "6000"),
    "pre_owned_excellent": ("2990",),
    "pre_owned_good": ("3000",),
    "pre_owned_fair": ("3010",),
    "for_parts": ("7000",),
}
CONDITION_ID = re.compile(r"[0-9]{1,5}")  # a platform's own numeric condition id
# What each platform's search can filter by condition. Etsy and Reddit listings state none.
CONDITION_FILTERS: Mapping[Platform, Mapping[str, tuple[str, ...]]] = {
    "ebay": EBAY_CONDITION_IDS,
    "etsy": {},
    "reddit": {},
}

PLATFORM_NAMES: Mapping[Platform, str] = {"ebay": "eBay", "etsy": "Etsy", "reddit": "Reddit"}

CANCELLATIONS_BUCKET = "sync-cancellations"
CANCELLATIONS_TTL_SECONDS = 7 * 86_400  # as long as SYNC_REQUESTS keeps a request


# --- the rules --------------------------------------------------------------------------------


def check_keywords(keywords: str) -> str:
    keywords = " ".join(check_text(keywords).split())
    if not keywords:
        raise ValueError("keywords must hold at least one word")
    if len(keywords) > MAX_KEYWORDS_LENGTH:
        raise ValueError(f"keywords must be at most {MAX_KEYWORDS_LENGTH} characters")
    return keywords


def _condition_name(condition: str) -> str:
    return check_text(condition).strip().lower().replace("-", "_").replace(" ", "_")


def check_conditions(platform: Platform | Literal["all"], conditions: Iterable[str]) -> list[str]:
    """The conditions under their canonical names (``"Pre-owned good"`` is ``pre_owned_good``;
    eBay's numeric condition ids stay as they are), or ValueError naming what the platform cannot
    filter by."""
    names = list(dict.fromkeys(_condition_name(c) for c in conditions))
    if not names:
        return []
    if len(names) > MAX_CONDITIONS:
        raise ValueError(f"at most {MAX_CONDITIONS} conditions")
    for target in PLATFORMS if platform == "all" else (platform,):
        vocabulary = CONDITION_FILTERS[target]
        if not vocabulary:
            raise ValueError(
                f"{PLATFORM_NAMES[target]} listings state no condition; only eBay syncs filter by"
                " condition" + (" (send platform=ebay)" if platform == "all" else "")
            )
        unknown = [n for n in names if not CONDITION_ID.fullmatch(n) and n not in vocabulary]
        if unknown:
            raise ValueError(
                f"unknown {PLATFORM_NAMES[target]} condition {unknown[0]!r}; one of: "
                f"{', '.join(vocabulary)}, or a numeric condition id"
            )
    return names


def condition_ids(platform: Platform, conditions: Iterable[str]) -> tuple[str, ...]:
    """The platform's condition ids for the requested conditions (ValueError for unknown ones)."""
    vocabulary = CONDITION_FILTERS[platform]
    ids: list[str] = []
    for name in check_conditions(platform, conditions):
        ids.extend((name,) if CONDITION_ID.fullmatch(name) else vocabulary[name])
    return tuple(dict.fromkeys(ids))


def check_price_range(min_price: Decimal | None, max_price: Decimal | None) -> None:
    if min_price is not None and max_price is not None and min_price > max_price:
        raise ValueError(f"max_price ({max_price}) is below min_price ({min_price})")


# The field validators of every model a sync request is made from (this module's SyncSearch, the
# API's trigger body): fields named keywords, min_price/max_price, platform and conditions.
def keywords_rule(value: str) -> str:
    return check_keywords(value)


def price_range_rule(value, info: ValidationInfo):
    check_price_range(info.data.get("min_price"), value)
    return value


def conditions_rule(value: list[str], info: ValidationInfo) -> list[str]:
    platform = info.data.get("platform")  # absent when the platform itself was invalid
    return check_conditions(platform, value) if platform else value


Price = Field(default=None, ge=0, le=MAX_PRICE, allow_inf_nan=False)


class SyncSearch(BaseModel):
    """A sync as someone asks for it (``platform`` may be ``all``), held to the collectors' rules.
    Invalid values raise pydantic's ``ValidationError`` naming the field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    platform: Platform | Literal["all"]
    keywords: str = DEFAULT_KEYWORDS
    limit: int = Field(default=200, ge=1, le=MAX_LIMIT)
    min_price: Decimal | None = Price
    max_price: Decimal | None = Price
    conditions: list[str] = Field(default_factory=list)

    _keywords = field_validator("keywords")(keywords_rule)
    _price_range = field_validator("max_price")(price_range_rule)
    _conditions = field_validator("conditions")(conditions_rule)

    @classmethod
    def of(cls, request: SyncRequested) -> SyncSearch:
        """The search a request asks for, checked (what a collector does before running it)."""
        filters = request.filters
        return cls(
            platform=request.platform,
            keywords=request.keywords,
            limit=request.limit,
            min_price=filters.min_price,
            max_price=filters.max_price,
            conditions=filters.conditions,
        )

    @property
    def platforms(self) -> list[Platform]:
        return list(PLATFORMS) if self.platform == "all" else [self.platform]

    @property
    def filters(self) -> SyncFilters:
        return SyncFilters(
            min_price=self.min_price, max_price=self.max_price, conditions=self.conditions
        )

    def requests(self, trigger: Literal["api", "schedule", "cli"]) -> list[SyncRequested]:
        return [
            SyncRequested(
                platform=platform,
                keywords=self.keywords,
                limit=self.limit,
                filters=self.filters,
                trigger=trigger,
            )
            for platform in self.platforms
        ]


def invalid_reason(request: SyncRequested) -> str | None:
    """Why a collector must refuse ``request`` (published by an older client, say), or None."""
    try:
        SyncSearch.of(request)
    except ValidationError as exc:
        problems = (f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        return "invalid sync request: " + "; ".join(problems)
    return None


# --- the queue --------------------------------------------------------------------------------


def collector_consumer(platform: str) -> str:
    return f"collector-{platform}"


@dataclass(frozen=True)
class QueuedRequest:
    sequence: int
    request: SyncRequested
    # Handed to a collector already: running, or waiting to be retried.
    taken: bool


async def queued_requests(
    js: JetStreamContext, platform: str, *, at_most: int = 500
) -> list[QueuedRequest]:
    """The requests on the platform's work queue, oldest first (at most ``at_most`` of them).
    A request leaves the queue when its collector acknowledges it, at the end of the sync."""
    subject = sync_requested(platform)
    info = await js.stream_info(SYNC_REQUESTS, subjects_filter=subject)
    if not (info.state.subjects or {}).get(subject):
        return []
    try:
        consumer = await js.consumer_info(SYNC_REQUESTS, collector_consumer(platform))
        handed_out = consumer.delivered.stream_seq or 0
    except NotFoundError:  # no collector of this platform has run yet
        handed_out = 0
    queued: list[QueuedRequest] = []
    sequence = info.state.first_seq
    while len(queued) < at_most:
        try:
            msg = await js.get_msg(SYNC_REQUESTS, seq=sequence, subject=subject, next=True)
        except NotFoundError:
            break
        try:
            request = SyncRequested.model_validate_json(msg.data or b"")
        except ValueError:
            log.warning("unreadable request #%s on %s left to its collector", msg.seq, subject)
        else:
            queued.append(QueuedRequest(msg.seq, request, taken=msg.seq <= handed_out))
        sequence = msg.seq + 1
    return queued


@dataclass
class SyncQueueFull(Exception):
    platform: str
    waiting: int
    limit: int

    def __str__(self) -> str:
        return (
            f"{self.waiting} {self.platform} syncs are already waiting for a collector "
            f"(at most {self.limit}); try again later"
        )


@dataclass(frozen=True)
class SyncTicket:
    """What :func:`request_sync` did: ``request`` is the job's (an existing one when
    ``coalesced``); ``duplicate`` means the stream already held this message id (a schedule slot
    another replica took), so nothing was queued."""

    request: SyncRequested
    coalesced: bool = False
    duplicate: bool = False

    @property
    def job_id(self) -> uuid.UUID:
        return self.request.job_id


def same_search(a: SyncRequested, b: SyncRequested) -> bool:
    return a.limit == b.limit and search_key(a.platform, a.keywords, a.filters) == search_key(
        b.platform, b.keywords, b.filters
    )


def pending_status(request: SyncRequested) -> SyncStatusChanged:
    return SyncStatusChanged(
        job_id=request.job_id,
        platform=request.platform,
        status="pending",
        keywords=request.keywords,
        limit=request.limit,
        filters=request.filters,
        requested_at=request.requested_at,
        occurred_at=request.requested_at,
    )


async def request_sync(
    js: JetStreamContext,
    request: SyncRequested,
    *,
    msg_id: str | None = None,
    queue_limit: int | None = None,
    coalesce: bool = True,
) -> SyncTicket:
    """Queue ``request`` and publish its ``pending`` status, unless an identical request is
    already waiting (its job is returned). ``msg_id`` dedups the request on the stream (the
    schedule's per-slot id); ``queue_limit`` bounds the requests waiting per platform."""
    if coalesce or queue_limit is not None:
        waiting = [q for q in await queued_requests(js, request.platform) if not q.taken]
        if coalesce:
            for queued in waiting:
                if same_search(queued.request, request) and not await is_cancelled(
                    js, queued.request.job_id
                ):
                    return SyncTicket(queued.request, coalesced=True)
        if queue_limit is not None and len(waiting) >= queue_limit:
            raise SyncQueueFull(request.platform, len(waiting), queue_limit)
    ack = await publish_event(
        js, sync_requested(request.platform), request, msg_id=msg_id or f"sync:{request.job_id}"
    )
    if ack.duplicate:
        return SyncTicket(request, duplicate=True)
    await publish_event(
        js,
        sync_status(request.platform),
        pending_status(request),
        msg_id=f"sync:{request.job_id}:pending",
    )
    return SyncTicket(request)


# --- cancelling -------------------------------------------------------------------------------


async def cancellations(js: JetStreamContext) -> KeyValue:
    """The ``sync-cancellations`` bucket, created on first use (safe to race)."""
    try:
        return await js.key_value(CANCELLATIONS_BUCKET)
    except BucketNotFoundError:
        return await js.create_key_value(
            KeyValueConfig(
                bucket=CANCELLATIONS_BUCKET,
                history=1,
                ttl=CANCELLATIONS_TTL_SECONDS,
                storage=StorageType.FILE,
            )
        )


async def is_cancelled(js: JetStreamContext, job_id: uuid.UUID | str) -> bool:
    try:
        bucket = await js.key_value(CANCELLATIONS_BUCKET)
        await bucket.get(str(job_id))
    except (BucketNotFoundError, KeyNotFoundError, NotFoundError):
        return False
    return True


async def mark_cancelled(js: JetStreamContext, job_id: uuid.UUID | str) -> None:
    bucket = await cancellations(js)
    await bucket.put(str(job_id), utcnow().isoformat().encode())


@dataclass(frozen=True)
class Cancellation:
    """``taken_off_queue``: the request was still waiting and is gone, its ``cancelled`` status
    published. Otherwise a collector has it (or had it): it stops before its next page."""

    job_id: uuid.UUID
    platform: str
    taken_off_queue: bool


async def find_queued(
    js: JetStreamContext, job_id: uuid.UUID, platforms: Sequence[str] = PLATFORMS
) -> QueuedRequest | None:
    for platform in platforms:
        for queued in await queued_requests(js, platform):
            if queued.request.job_id == job_id:
                return queued
    return None


async def cancel_sync(
    js: JetStreamContext, job_id: uuid.UUID, platform: str, *, queued: QueuedRequest | None
) -> Cancellation:
    """Cancel a job: mark it (so a collector skips or stops it), and when its request is still
    waiting, take it off the queue and publish the job's ``cancelled`` status."""
    await mark_cancelled(js, job_id)
    if queued is None or queued.taken:
        return Cancellation(job_id, platform, taken_off_queue=False)
    try:
        await js.delete_msg(SYNC_REQUESTS, queued.sequence)
    except NotFoundError:
        pass  # a collector acknowledged it meanwhile; the mark covers a redelivery too
    request = queued.request
    await publish_cancelled(
        js,
        job_id,
        request.platform,
        keywords=request.keywords,
        limit=request.limit,
        filters=request.filters,
        requested_at=request.requested_at,
    )
    return Cancellation(job_id, platform, taken_off_queue=True)


async def publish_cancelled(
    js: JetStreamContext,
    job_id: uuid.UUID,
    platform: Platform,
    *,
    keywords: str | None,
    limit: int | None,
    filters: SyncFilters | None,
    requested_at,
    reason: str = "cancelled before a collector took it",
) -> None:
    """The final status of a job no collector will run."""
    now = utcnow()
    await publish_event(
        js,
        sync_status(platform),
        SyncStatusChanged(
            job_id=job_id,
            platform=platform,
            status="cancelled",
            keywords=keywords,
            limit=limit,
            filters=filters,
            error=reason,
            requested_at=requested_at,
            finished_at=now,
            occurred_at=now,
            full=False,
        ),
        msg_id=f"sync:{job_id}:cancelled",
    )
