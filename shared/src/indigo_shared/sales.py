"""A sold listing is off the market: the collectors mark it ``buying_format: "sold"`` (Reddit's
struck-through, "SOLD" or Sold-flaired posts and items, Etsy's ``sold_out``). The projector,
trends and alerts each keep the same rule for their own copy of the lifecycle:

- a listing whose newest version is sold has ended, at its sale: when the first of its latest
  run of sold versions was collected;
- a sighting (``ListingsSeen``) of a listing that is still sold does not bring it back, nor
  does a ``ListingEnded`` move its end;
- a newer version that is not sold (relisted) brings it back to the market.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

SOLD = "sold"


def is_sold(buying_format: str | None) -> bool:
    """The collectors write exactly ``"sold"`` (and SQL compares ``buying_format = 'sold'``)."""
    return buying_format == SOLD


def sold_since(
    versions: Iterable[tuple[datetime, bool]],
    *,
    stored_sold: bool = False,
    stored_ended_at: datetime | None = None,
    stored_collected_at: datetime | None = None,
) -> datetime | None:
    """When the newest of a listing's versions, ``(collected_at, sold)`` pairs in any order, was
    sold: the first of the sold versions after its last unsold one; when every version since the
    stored one is sold and the stored one was sold too, the stored sale (``stored_ended_at``).
    None when the newest version is not sold, or when no version is newer than the stored one.

    Versions older than the stored one are ignored: an older version never changes a newer
    state (the same events in any batches, or twice, give the same answer)."""
    fresh = sorted(
        (v for v in versions if stored_collected_at is None or v[0] >= stored_collected_at),
        key=lambda v: v[0],
    )
    if not fresh or not fresh[-1][1]:
        return None
    since = fresh[-1][0]
    for collected_at, sold in reversed(fresh):
        if not sold:
            return since
        since = collected_at
    if stored_sold and stored_ended_at is not None:
        return min(stored_ended_at, since)
    return since
