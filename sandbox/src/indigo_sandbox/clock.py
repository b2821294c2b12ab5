"""Where the sandboxes read the time from, so tests can move it.

The marketplaces' catalogues and token expiry follow the clock; fault delays use real time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def utc_now(clock: Clock) -> datetime:
    """The clock's time as an aware UTC datetime (a naive one is taken to be UTC already)."""
    now = clock()
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


class ManualClock:
    """A clock that moves only when told to: ``clock.advance(seconds=90)``."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
