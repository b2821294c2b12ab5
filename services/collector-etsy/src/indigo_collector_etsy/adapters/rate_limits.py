"""Pacing requests to what Etsy's rate-limit headers say is left.

Etsy answers with ``x-limit-per-second``, ``x-remaining-this-second``, ``x-limit-per-day`` and
``x-remaining-today``; its current documentation spells the second one ``x-remaining-this-secon``,
so both spellings are read. The pacer:

- spaces requests a little more than ``1 / x-limit-per-second`` apart, so a sync never bursts
  past the per-second limit however the server's seconds fall;
- waits a full second after an answer that says nothing is left this second;
- remembers an answer that says nothing is left today: for ``recheck_seconds`` afterwards it
  refuses to send (:class:`EtsyQuotaExhausted`) rather than spend a request on a certain 429.
  After that one request may probe whether the sliding 24-hour window has freed some quota.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from indigo_collector_etsy.adapters.errors import EtsyQuotaExhausted

REMAINING_THIS_SECOND_HEADERS = ("x-remaining-this-second", "x-remaining-this-secon")
# Requests go out a little further apart than the per-second limit allows, so that network and
# clock jitter cannot squeeze one too many into one of Etsy's seconds.
SPACING_MARGIN = 1.05


def header_count(headers: Mapping[str, str], *names: str) -> int | None:
    """The first of ``names`` present as a whole number (Etsy sends integers); None otherwise."""
    for name in names:
        value = headers.get(name)
        if value is None:
            continue
        try:
            return int(float(value.strip()))
        except ValueError:
            return None
    return None


class RateLimitPacer:
    def __init__(
        self,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[Any]],
        recheck_seconds: float = 300.0,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._recheck_seconds = recheck_seconds
        self._lock = asyncio.Lock()
        self._spacing = 0.0  # seconds between requests, from x-limit-per-second
        self._next_at = float("-inf")  # clock reading before which no request goes out
        self._last_sent_at = float("-inf")
        self._day_spent_at: float | None = None

    async def wait_turn(self) -> None:
        """Wait until a request may go out, and claim the slot; raise
        :class:`EtsyQuotaExhausted` if the day's quota was seen spent a moment ago."""
        async with self._lock:
            if (
                self._day_spent_at is not None
                and self._clock() - self._day_spent_at < self._recheck_seconds
            ):
                raise EtsyQuotaExhausted(
                    "Etsy's daily quota is spent (x-remaining-today: 0)",
                    retry_after=self._day_spent_at + self._recheck_seconds - self._clock(),
                )
            delay = self._next_at - self._clock()
            if delay > 0:
                await self._sleep(delay)
            self._last_sent_at = self._clock()
            self._next_at = self._last_sent_at + self._spacing

    def observe(self, headers: Mapping[str, str]) -> None:
        """Take in the rate-limit headers of an answer that has just arrived."""
        now = self._clock()
        per_second = header_count(headers, "x-limit-per-second")
        if per_second is not None and per_second > 0:
            self._spacing = SPACING_MARGIN / per_second
            self._next_at = max(self._next_at, self._last_sent_at + self._spacing)
        if header_count(headers, *REMAINING_THIS_SECOND_HEADERS) == 0:
            self._next_at = max(self._next_at, now + 1.0)
        remaining_today = header_count(headers, "x-remaining-today")
        if remaining_today is not None:
            self._day_spent_at = now if remaining_today <= 0 else None

    def day_spent(self) -> None:
        """Etsy refused a request for the day's quota: hold off as if it had said 0 left."""
        self._day_spent_at = self._clock()
