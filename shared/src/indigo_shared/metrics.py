"""Prometheus metrics every Indigo process exposes on ``/metrics``.

Names follow Prometheus conventions (``indigo_`` prefix, ``_total`` counters, base units:
seconds, USD). Every label takes values from a bounded set: a stream, a durable consumer, a
platform, an HTTP status code, a configured model; never a listing id, a job id or a keyword.

The families live in the process-wide default registry, so a module records by calling the
functions here and whichever HTTP server the process runs serves them all (:func:`render`).

What records what:

- consumers: :class:`ConsumerMetrics` (one per stream and durable) counts messages processed,
  failed (to be retried) and parked, times each message and sizes each batch;
  :func:`refresh_consumer_lag` sets the pending and ack-pending gauges from JetStream's own
  consumer info, :func:`refresh_dead_letters` the messages parked per consumer;
- collectors: :func:`record_marketplace_call`, :func:`record_quota` (from the clients' adapters)
  and :func:`record_sync` (from a job's final status);
- enricher: :func:`record_llm_request`;
- alerts: :func:`record_alert_match`, :func:`record_alert_delivery`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

if TYPE_CHECKING:
    from fastapi import FastAPI
    from nats.js import JetStreamContext

    from indigo_shared.events import SyncStatusChanged

log = logging.getLogger(__name__)

# Handling one message takes milliseconds with the rules and up to a minute with an LLM answer
# (OPENAI_TIMEOUT_SECONDS defaults to 60), a sync request as long as the whole sync.
PROCESSING_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300)
BATCH_BUCKETS = (1, 2, 5, 10, 25, 50, 100, 200, 500, 1000)
LLM_BUCKETS = (0.25, 0.5, 1, 2, 4, 8, 15, 30, 45, 60, 90)
SYNC_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600)
ALERT_LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 300)

CONSUMER_LABELS = ("stream", "consumer")

MESSAGES_PROCESSED = Counter(
    "indigo_messages_processed_total",
    "Messages a consumer handled and acknowledged",
    CONSUMER_LABELS,
)
MESSAGES_FAILED = Counter(
    "indigo_messages_failed_total",
    "Message deliveries that failed and were handed back for a later retry",
    CONSUMER_LABELS,
)
MESSAGES_PARKED = Counter(
    "indigo_messages_parked_total",
    "Messages moved to the dead-letter stream (dlq.<consumer>)",
    CONSUMER_LABELS,
)
PROCESSING_SECONDS = Histogram(
    "indigo_message_processing_seconds",
    "Time from a message's delivery to its settlement, whatever the outcome",
    CONSUMER_LABELS,
    buckets=PROCESSING_BUCKETS,
)
BATCH_SIZE = Histogram(
    "indigo_consumer_batch_size",
    "Messages per fetched batch",
    CONSUMER_LABELS,
    buckets=BATCH_BUCKETS,
)
CONSUMER_PENDING = Gauge(
    "indigo_consumer_pending_messages",
    "Messages in the stream the durable consumer has not been delivered yet (JetStream num_pending)",
    CONSUMER_LABELS,
)
CONSUMER_ACK_PENDING = Gauge(
    "indigo_consumer_ack_pending_messages",
    "Messages delivered to the durable consumer and not yet acknowledged (num_ack_pending)",
    CONSUMER_LABELS,
)
CONSUMER_REDELIVERED = Gauge(
    "indigo_consumer_redelivered_messages",
    "Messages delivered more than once and still unacknowledged (num_redelivered)",
    CONSUMER_LABELS,
)
DEAD_LETTERS = Gauge(
    "indigo_dead_letters",
    "Messages held in the DLQ stream per consumer (subject dlq.<consumer>)",
    ("consumer",),
)

MARKETPLACE_CALLS = Counter(
    "indigo_marketplace_calls_total",
    "HTTP calls to a marketplace API, by the status it answered (error: no answer)",
    ("platform", "status"),
)
QUOTA_REMAINING = Gauge(
    "indigo_marketplace_quota_remaining",
    "Calls left in a marketplace quota (eBay: Indigo's own daily count; Etsy: x-remaining-today; "
    "Reddit: x-ratelimit-remaining)",
    ("platform", "quota"),
)
QUOTA_LIMIT = Gauge(
    "indigo_marketplace_quota_limit",
    "The size of that quota, where known",
    ("platform", "quota"),
)
SYNC_SECONDS = Histogram(
    "indigo_sync_duration_seconds",
    "Wall time of a sync job, from running to its final status",
    ("platform",),
    buckets=SYNC_BUCKETS,
)
SYNCS = Counter(
    "indigo_syncs_total",
    "Sync jobs that ended, by outcome (completed, partial, failed)",
    ("platform", "outcome"),
)
SYNC_LISTINGS = Counter(
    "indigo_sync_listings_total",
    "Listings of ended syncs by what became of them (published, unchanged, errors)",
    ("platform", "result"),
)
LAST_SYNC_COMPLETED = Gauge(
    "indigo_last_sync_completed_timestamp_seconds",
    "Unix time when this process last finished a sync that completed (partial included)",
    ("platform",),
)

LLM_REQUESTS = Counter(
    "indigo_llm_requests_total",
    "Requests to the LLM by outcome (ok, refused, malformed, truncated, rejected, unavailable)",
    ("model", "outcome"),
)
LLM_TOKENS = Counter(
    "indigo_llm_tokens_total",
    "Tokens the LLM billed, by kind (prompt, completion)",
    ("model", "kind"),
)
LLM_COST = Counter(
    "indigo_llm_cost_usd_total",
    "Estimated LLM spend in USD (OPENAI_*_PRICE_PER_1K)",
    ("model",),
)
LLM_SECONDS = Histogram(
    "indigo_llm_request_seconds",
    "Latency of one LLM request",
    ("model",),
    buckets=LLM_BUCKETS,
)

ALERT_MATCHES = Counter(
    "indigo_alert_matches_total",
    "Listings that matched a saved search, by trigger (new, price_drop, back_on_market)",
    ("trigger",),
)
ALERT_DELIVERIES = Counter(
    "indigo_alert_deliveries_total",
    "Alert notifications sent, by channel and outcome (delivered, failed)",
    ("channel", "outcome"),
)
ALERT_DELIVERY_SECONDS = Histogram(
    "indigo_alert_delivery_latency_seconds",
    "From a listing's collection to its alert's delivery",
    ("channel",),
    buckets=ALERT_LATENCY_BUCKETS,
)


class ConsumerMetrics:
    """The message counters and histograms of one durable consumer, bound to its labels once.

    The delivery code calls ``processed`` / ``failed`` / ``parked`` once per delivery with the
    seconds it took, and ``batch`` once per fetch that returned messages.
    """

    def __init__(self, stream: str, consumer: str) -> None:
        labels = dict(stream=stream, consumer=consumer)
        self._processed = MESSAGES_PROCESSED.labels(**labels)
        self._failed = MESSAGES_FAILED.labels(**labels)
        self._parked = MESSAGES_PARKED.labels(**labels)
        self._seconds = PROCESSING_SECONDS.labels(**labels)
        self._batch = BATCH_SIZE.labels(**labels)

    def processed(self, seconds: float) -> None:
        self._processed.inc()
        self._seconds.observe(seconds)

    def failed(self, seconds: float) -> None:
        self._failed.inc()
        self._seconds.observe(seconds)

    def parked(self, seconds: float) -> None:
        self._parked.inc()
        self._seconds.observe(seconds)

    def batch(self, size: int) -> None:
        if size > 0:
            self._batch.observe(size)


async def refresh_consumer_lag(
    js: JetStreamContext, durables: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int]]:
    """Set the lag gauges of each ``(stream, durable)`` from JetStream's consumer info.

    Returns what was set, ``{(stream, durable): (pending, ack_pending)}``. A consumer that does
    not exist (yet, or any more) has its gauges removed rather than left at a stale value.
    """
    from nats.js.errors import NotFoundError

    found: dict[tuple[str, str], tuple[int, int]] = {}
    for stream, durable in durables:
        try:
            info = await js.consumer_info(stream, durable)
        except NotFoundError:
            for gauge in (CONSUMER_PENDING, CONSUMER_ACK_PENDING, CONSUMER_REDELIVERED):
                try:
                    gauge.remove(stream, durable)
                except KeyError:
                    pass
            continue
        pending, ack_pending = info.num_pending or 0, info.num_ack_pending or 0
        CONSUMER_PENDING.labels(stream, durable).set(pending)
        CONSUMER_ACK_PENDING.labels(stream, durable).set(ack_pending)
        CONSUMER_REDELIVERED.labels(stream, durable).set(info.num_redelivered or 0)
        found[(stream, durable)] = (pending, ack_pending)
    return found


async def refresh_dead_letters(js: JetStreamContext) -> dict[str, int]:
    """Set ``indigo_dead_letters`` per consumer from the DLQ stream's subject counts."""
    from indigo_shared.streams import DLQ, dead_letter

    info = await js.stream_info(DLQ, subjects_filter=dead_letter(">"))
    counts = {
        subject.removeprefix(dead_letter("")): count
        for subject, count in (info.state.subjects or {}).items()
    }
    for consumer, count in counts.items():
        DEAD_LETTERS.labels(consumer).set(count)
    return counts


async def refresh_lag_forever(
    js: JetStreamContext, durables: Iterable[tuple[str, str]], *, interval: float = 15.0
) -> None:
    """Refresh the lag and dead-letter gauges every ``interval`` seconds (a periodic task)."""
    from indigo_shared.delivery import describe

    durables = list(durables)
    while True:
        try:
            await refresh_consumer_lag(js, durables)
            await refresh_dead_letters(js)
        except Exception as exc:  # noqa: BLE001 - NATS away: the next round tries again
            log.debug("consumer lag refresh failed: %s", describe(exc))
        await asyncio.sleep(interval)


def record_marketplace_call(platform: str, status: int | None) -> None:
    """One HTTP call to a marketplace; ``status`` None when no answer came (connection, timeout)."""
    MARKETPLACE_CALLS.labels(platform, str(status) if status is not None else "error").inc()


def record_quota(platform: str, quota: str, remaining: float, limit: float | None = None) -> None:
    QUOTA_REMAINING.labels(platform, quota).set(remaining)
    if limit is not None:
        QUOTA_LIMIT.labels(platform, quota).set(limit)


def sync_outcome(status: SyncStatusChanged) -> str:
    if status.status == "failed":
        return "failed"
    if status.error and status.error.startswith("partial results"):
        return "partial"
    return "completed"


def record_sync(status: SyncStatusChanged) -> None:
    """A sync job's final status (``completed`` or ``failed``): its outcome, duration, counts."""
    if status.status not in ("completed", "failed"):
        return
    platform, outcome = status.platform, sync_outcome(status)
    SYNCS.labels(platform, outcome).inc()
    if status.started_at and status.finished_at:
        SYNC_SECONDS.labels(platform).observe(
            max(0.0, (status.finished_at - status.started_at).total_seconds())
        )
    counts = status.counts
    for result, value in (
        ("published", counts.published),
        ("unchanged", counts.unchanged),
        ("errors", counts.errors),
    ):
        if value:
            SYNC_LISTINGS.labels(platform, result).inc(value)
    if outcome != "failed":
        finished = status.finished_at or datetime.now(UTC)
        LAST_SYNC_COMPLETED.labels(platform).set(finished.timestamp())


def record_llm_request(
    model: str,
    outcome: str,
    *,
    seconds: float,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    cost_usd: Decimal | float = 0,
) -> None:
    LLM_REQUESTS.labels(model, outcome).inc()
    LLM_SECONDS.labels(model).observe(seconds)
    if prompt_tokens:
        LLM_TOKENS.labels(model, "prompt").inc(prompt_tokens)
    if completion_tokens:
        LLM_TOKENS.labels(model, "completion").inc(completion_tokens)
    if cost_usd:
        LLM_COST.labels(model).inc(float(cost_usd))


def record_alert_match(trigger: str) -> None:
    ALERT_MATCHES.labels(trigger).inc()


def record_alert_delivery(channel: str, *, delivered: bool, latency_seconds: float | None) -> None:
    ALERT_DELIVERIES.labels(channel, "delivered" if delivered else "failed").inc()
    if delivered and latency_seconds is not None:
        ALERT_DELIVERY_SECONDS.labels(channel).observe(max(0.0, latency_seconds))


def render(registry: CollectorRegistry = REGISTRY) -> tuple[bytes, str]:
    """The body and ``Content-Type`` of a ``/metrics`` answer (Prometheus text format)."""
    return generate_latest(registry), CONTENT_TYPE_LATEST


@functools.cache
def _request_metrics():
    """The request metrics' recorder, made once per process: the instrumentator registers its
    collectors when it makes one, and a second app's attempt found them taken and recorded
    nowhere (its library drops a duplicate quietly)."""
    from prometheus_fastapi_instrumentator import metrics as request_metrics

    return request_metrics.default()


def instrument_fastapi(app: FastAPI) -> None:
    """Request rate, latency and status by route template (``/listings/{listing_id}``, never the
    raw path) on the app, and ``GET /metrics`` serving this registry. Health and metrics
    endpoints are left out of the figures."""
    from prometheus_fastapi_instrumentator import Instrumentator

    Instrumentator(
        should_group_status_codes=False,
        should_ignore_untemplated=True,
        excluded_handlers=["/metrics", "/healthz", "/readyz"],
    ).add(_request_metrics()).instrument(app).expose(app, include_in_schema=False)
