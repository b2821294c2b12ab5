"""When a failed delivery is tried again: a schedule over hours, with jitter so that a receiver
that comes back is not hit by every delivery at once, and never sooner than its ``Retry-After``."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from indigo_shared.retrying import retry_after_seconds

#: Seconds before each retry: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h (about 16 h).
DEFAULT_SCHEDULE = (5.0, 30.0, 120.0, 600.0, 1800.0, 3600.0, 7200.0, 14400.0, 28800.0)
JITTER = 0.2
#: The longest Retry-After honoured; a receiver asking for more is tried after this.
MAX_RETRY_AFTER = 24 * 3600.0


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header (seconds, or an HTTP date) in seconds from ``now``."""
    if value is None:
        return None
    seconds = retry_after_seconds(value)
    if seconds is None:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return min(seconds, MAX_RETRY_AFTER)


def next_delay(
    position: int,
    schedule: tuple[float, ...] = DEFAULT_SCHEDULE,
    *,
    asked: float | None = None,
    jitter: float = JITTER,
) -> float | None:
    """Seconds until retry number ``position`` (from 0), or None when the schedule is spent.
    ``asked``: what the receiver's Retry-After asked for, a floor."""
    if position >= len(schedule):
        return None
    delay = schedule[position] * random.uniform(1 - jitter, 1 + jitter)
    return max(delay, asked) if asked is not None else delay
