"""Subjects, streams and durable consumer names: the routing half of the contracts in DESIGN.md.

Streams are declared in code at start-up by :func:`indigo_shared.nats.ensure_streams`, idempotently.
"""

from __future__ import annotations

from dataclasses import dataclass

from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig

LISTINGS = "LISTINGS"
SYNC_REQUESTS = "SYNC_REQUESTS"
SYNC_EVENTS = "SYNC_EVENTS"
ALERTS = "ALERTS"
DLQ = "DLQ"

# Durable consumer names.
ENRICHER = "enricher"
API_PROJECTOR = "api-projector"
# The projector's consumer of ``sync.seen.*`` on SYNC_EVENTS: a durable's filter cannot be widened
# in place, and "api-projector" there already filters ``sync.status.*``.
API_PROJECTOR_SEEN = "api-projector-seen"
TRENDS = "trends"
ALERTS_CONSUMER = "alerts"
# The alerts service's other durables: deliveries from ALERTS, and the lifecycle it follows on
# SYNC_EVENTS (sightings and endings, for back-on-market alerts).
ALERTS_DELIVERY = "alerts-delivery"
ALERTS_SEEN = "alerts-seen"
ALERTS_LIFECYCLE = "alerts-lifecycle"


def collector_durable(platform: str) -> str:
    """The durable consumer of a platform's collector on ``SYNC_REQUESTS`` (a work queue)."""
    return f"collector-{platform}"


def listing_collected(platform: str) -> str:
    return f"listings.collected.{platform}"


def listing_enriched(platform: str) -> str:
    return f"listings.enriched.{platform}"


def sync_requested(platform: str) -> str:
    return f"sync.requested.{platform}"


def sync_status(platform: str) -> str:
    return f"sync.status.{platform}"


def listings_seen(platform: str) -> str:
    return f"sync.seen.{platform}"


def listing_ended(platform: str) -> str:
    return f"lifecycle.ended.{platform}"


def ended_msg_id(platform: str, external_id: str, ended_at) -> str:
    """One ``ListingEnded`` per listing and ending: the relay may publish a row twice."""
    return f"ended:{platform}:{external_id}:{ended_at.isoformat()}"


def dead_letter(consumer: str) -> str:
    return f"dlq.{consumer}"


# Analysis jobs ride on the job streams: requests on the work queue (one enricher replica takes
# each), status beside the sync statuses (different subjects, so the consumers never mix them).
ANALYSIS_REQUESTED = "analysis.requested"
ANALYSIS_STATUS = "analysis.status"
# Durable of the projector on ANALYSIS_STATUS (a durable name is unique within its stream, and
# "api-projector" already reads the sync statuses of SYNC_EVENTS).
API_PROJECTOR_ANALYSIS = "api-projector-analysis"
# Durable of the projector on the lifecycle events trends publishes.
API_PROJECTOR_LIFECYCLE = "api-projector-lifecycle"
ALL_LIFECYCLE = "lifecycle.>"

ALL_COLLECTED = "listings.collected.*"
ALL_ENRICHED = "listings.enriched.*"
ALL_SYNC_STATUS = "sync.status.*"
ALL_LISTINGS_SEEN = "sync.seen.*"
ALERT_MATCHED = "alerts.matched"
# Core NATS request/reply (no stream): the API asks the alerts service, queue group "alerts".
ALERTS_COMMANDS = "indigo.alerts.commands"
ALERTS_COMMANDS_QUEUE = "alerts"


def collected_msg_id(platform: str, external_id: str, content_hash: str) -> str:
    """``Nats-Msg-Id`` of a collected listing: an unchanged republish falls in the duplicate window."""
    return f"{platform}:{external_id}:{content_hash}"


def seen_msg_id(job_id, page: int) -> str:
    """``Nats-Msg-Id`` of a ``ListingsSeen``: a page published twice is stored once."""
    return f"seen:{job_id}:{page}"


def enriched_msg_id(platform: str, external_id: str, content_hash: str, version: str) -> str:
    # Same stream as the collected event, so it needs its own id space; the enrichment version is
    # part of it so that re-enriching with a new extractor or prompt is not taken for a duplicate.
    return f"enriched:{platform}:{external_id}:{content_hash}:{version}"


@dataclass(frozen=True)
class StreamSettings:
    listings_max_age_days: float = 90
    duplicate_window_hours: float = 24
    replicas: int = 1


def stream_configs(settings: StreamSettings = StreamSettings()) -> list[StreamConfig]:
    day = 86_400.0
    common = dict(storage=StorageType.FILE, num_replicas=settings.replicas)
    return [
        StreamConfig(
            name=LISTINGS,
            subjects=["listings.collected.*", "listings.enriched.*"],
            retention=RetentionPolicy.LIMITS,
            max_age=settings.listings_max_age_days * day,
            duplicate_window=settings.duplicate_window_hours * 3600,
            **common,
        ),
        StreamConfig(
            name=SYNC_REQUESTS,
            subjects=["sync.requested.*", ANALYSIS_REQUESTED],
            retention=RetentionPolicy.WORK_QUEUE,
            max_age=7 * day,
            # Scheduled requests carry a per-interval id; an hour covers replicas that start late.
            duplicate_window=3600,
            **common,
        ),
        StreamConfig(
            name=SYNC_EVENTS,
            subjects=["sync.status.*", "sync.seen.*", ANALYSIS_STATUS, ALL_LIFECYCLE],
            retention=RetentionPolicy.LIMITS,
            max_age=90 * day,
            **common,
        ),
        StreamConfig(
            name=ALERTS,
            subjects=[ALERT_MATCHED],
            retention=RetentionPolicy.LIMITS,
            max_age=90 * day,
            duplicate_window=settings.duplicate_window_hours * 3600,
            **common,
        ),
        StreamConfig(
            name=DLQ,
            subjects=["dlq.>"],
            retention=RetentionPolicy.LIMITS,
            max_age=30 * day,
            discard=DiscardPolicy.OLD,
            **common,
        ),
    ]
