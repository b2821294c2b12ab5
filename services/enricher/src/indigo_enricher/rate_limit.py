"""Token buckets for an LLM API's limits: requests per minute and tokens per minute.

OpenAI counts a request's tokens when it arrives (the prompt plus the ``max_completion_tokens``
it may produce), so the caller takes an estimate first and settles with the real usage after.
A 429 pauses everyone for its ``Retry-After``. Waiters are served in arrival order.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TokenBucket:
    """``per_minute`` units, refilled continuously; a bucket starts full (a minute's burst).

    The level may go below zero when a caller takes more than there is (a request bigger than
    the bucket, or real usage above its estimate): the debt is paid back by waiting.
    """

    def __init__(self, per_minute: float, *, now: float) -> None:
        if per_minute <= 0:
            raise ValueError("a bucket needs a positive rate")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self._updated = now

    def _refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self._updated) * self.rate)
        self._updated = now

    def wait_time(self, amount: float, now: float) -> float:
        """Seconds until ``amount`` can be taken (a larger amount than the bucket holds waits
        for a full bucket)."""
        self._refill(now)
        needed = min(amount, self.capacity) - self.level
        return max(0.0, needed / self.rate)

    def take(self, amount: float, now: float) -> None:
        self._refill(now)
        self.level -= amount

    def give_back(self, amount: float, now: float) -> None:
        """Return (or, negative, take more of) units after the real usage is known."""
        self._refill(now)
        self.level = min(self.capacity, self.level + amount)


class RateLimiter:
    def __init__(
        self,
        requests_per_minute: float,
        tokens_per_minute: float,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self.requests = TokenBucket(requests_per_minute, now=now)
        self.tokens = TokenBucket(tokens_per_minute, now=now)
        self._paused_until = now
        self._lock = asyncio.Lock()  # FIFO: the first waiter goes first

    async def acquire(self, tokens: int) -> None:
        """Wait until one request and ``tokens`` tokens fit in the limits, then take them."""
        async with self._lock:
            while True:
                now = self._clock()
                wait = max(
                    self._paused_until - now,
                    self.requests.wait_time(1, now),
                    self.tokens.wait_time(tokens, now),
                )
                if wait <= 0:
                    break
                await self._sleep(wait)
            now = self._clock()
            self.requests.take(1, now)
            self.tokens.take(tokens, now)

    def settle(self, estimated: int, used: int) -> None:
        """Correct a request's token estimate with what it really used."""
        self.tokens.give_back(estimated - used, self._clock())

    def pause(self, seconds: float) -> None:
        """No request for ``seconds`` (the server said so: a 429's Retry-After)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)
