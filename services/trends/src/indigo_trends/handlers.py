"""Decode the events the trends service reads; the runtime applies them in batches."""

from __future__ import annotations

from indigo_shared.events import ListingEnriched, ListingsSeen, SyncStatusChanged
from nats.aio.msg import Msg


def decode_enriched(msg: Msg) -> ListingEnriched:
    return ListingEnriched.model_validate_json(msg.data)


def decode_sync_event(msg: Msg) -> ListingsSeen | SyncStatusChanged | None:
    """The sync events the trends read; None for any other subject of the stream."""
    if msg.subject.startswith("sync.seen."):
        return ListingsSeen.model_validate_json(msg.data)
    if msg.subject.startswith("sync.status."):
        return SyncStatusChanged.model_validate_json(msg.data)
    return None
