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
TRENDS = "trends"
ALERTS_CONSUMER = "alerts"


def listing_collected(platform: str) -> str:
    return f"listings.collected.{platform}"


def listing_enriched(platform: str) -> str:
    return f"listings.enriched.{platform}"


def sync_requested(platform: str) -> str:
    return f"sync.requested.{platform}"


def sync_status(platform: str) -> str:
    return f"sync.status.{platform}"


def dead_letter(consumer: str) -> str:
    return f"dlq.{consumer}"


ALL_COLLECTED = "listings.collected.*"
ALL_ENRICHED = "listings.enriched.*"
ALL_SYNC_STATUS = "sync.status.*"
ALERT_MATCHED = "alerts.matched"


def collected_msg_id(platform: str, external_id: str, content_hash: str) -> str:
    """``Nats-Msg-Id`` of a collected listing: an unchanged republish falls in the duplicate window."""
    return f"{platform}:{external_id}:{content_hash}"


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
            subjects=["sync.requested.*"],
            retention=RetentionPolicy.WORK_QUEUE,
            max_age=7 * day,
            # Scheduled requests carry a per-interval id; an hour covers replicas that start late.
            duplicate_window=3600,
            **common,
        ),
        StreamConfig(
            name=SYNC_EVENTS,
            subjects=["sync.status.*"],
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
