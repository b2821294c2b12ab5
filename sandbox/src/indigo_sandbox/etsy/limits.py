"""Etsy's rate limits, per API key: queries per second (QPS), then queries per day (QPD).

As Etsy documents them: QPS is checked first, then QPD; the day is a sliding 24 hours made of
buckets (here one an hour), a bucket's requests counting until it leaves the window; a request over
either limit is refused with 429 and a ``retry-after`` in seconds (1 for QPS, the time until the
oldest bucket leaves the window for QPD) and is not counted. Every answer to a known key carries
``x-limit-per-second``, ``x-remaining-this-second`` (or, as configured, Etsy's current spelling
``x-remaining-this-secon``), ``x-limit-per-day`` and ``x-remaining-today``.

The limits run on real time (``time.time``), not on the sandbox's catalogue clock: a test that
freezes the catalogue still sees each second's allowance come back.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

DAY_SECONDS = 86_400
BUCKET_SECONDS = 3_600


@dataclass
class _Usage:
    second: int = -1
    this_second: int = 0
    # [bucket index, requests in it], oldest first
    buckets: deque[list[int]] = field(default_factory=deque)


@dataclass(frozen=True)
class Admission:
    allowed: bool
    retry_after: int | None  # whole seconds, when refused
    headers: dict[str, str]
    reason: str | None  # why it was refused, in Etsy's words


class RateLimiter:
    def __init__(
        self,
        *,
        per_second: int,
        per_day: int,
        remaining_this_second_header: str,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.per_second = per_second
        self.per_day = per_day
        self._second_header = remaining_this_second_header
        self._now = now
        self._usage: dict[str, _Usage] = {}

    def admit(self, key: str) -> Admission:
        """Count a request by ``key`` if both limits allow it; say how it stands either way."""
        now = self._now()
        usage = self._usage.setdefault(key, _Usage())
        second = math.floor(now)
        if usage.second != second:
            usage.second, usage.this_second = second, 0
        used_today = self._used_today(usage, now)
        if usage.this_second >= self.per_second:
            return self._refused(
                usage,
                used_today,
                retry_after=1,
                reason=f"Too many requests: the limit is {self.per_second} per second.",
            )
        if used_today >= self.per_day:
            oldest_bucket = usage.buckets[0][0]
            frees_at = (oldest_bucket + 1) * BUCKET_SECONDS + DAY_SECONDS
            return self._refused(
                usage,
                used_today,
                retry_after=max(1, math.ceil(frees_at - now)),
                reason=f"Too many requests: the limit is {self.per_day} per day.",
            )
        usage.this_second += 1
        bucket = math.floor(now / BUCKET_SECONDS)
        if usage.buckets and usage.buckets[-1][0] == bucket:
            usage.buckets[-1][1] += 1
        else:
            usage.buckets.append([bucket, 1])
        return Admission(True, None, self._headers(usage, used_today + 1), None)

    def spend_today(self, key: str) -> None:
        """Use up what is left of ``key``'s daily quota now, as a busy day would."""
        now = self._now()
        usage = self._usage.setdefault(key, _Usage())
        left = self.per_day - self._used_today(usage, now)
        if left > 0:
            usage.buckets.append([math.floor(now / BUCKET_SECONDS), left])

    def remaining_today(self, key: str) -> int:
        usage = self._usage.get(key)
        return self.per_day - (self._used_today(usage, self._now()) if usage else 0)

    def _used_today(self, usage: _Usage, now: float) -> int:
        # A bucket leaves the window once all of it is more than 24 hours old.
        oldest_kept = math.floor((now - DAY_SECONDS) / BUCKET_SECONDS)
        while usage.buckets and usage.buckets[0][0] < oldest_kept:
            usage.buckets.popleft()
        return sum(count for _, count in usage.buckets)

    def _refused(
        self, usage: _Usage, used_today: int, *, retry_after: int, reason: str
    ) -> Admission:
        headers = {**self._headers(usage, used_today), "retry-after": str(retry_after)}
        return Admission(False, retry_after, headers, reason)

    def _headers(self, usage: _Usage, used_today: int) -> dict[str, str]:
        return {
            "x-limit-per-second": str(self.per_second),
            self._second_header: str(max(0, self.per_second - usage.this_second)),
            "x-limit-per-day": str(self.per_day),
            "x-remaining-today": str(max(0, self.per_day - used_today)),
        }
