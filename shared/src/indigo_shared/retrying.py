"""How every marketplace client waits between attempts."""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


def backoff_delay(attempt: int, *, base: float, cap: float) -> float:
    """Exponential backoff with "equal jitter": at least half the exponential delay, so retries
    always back off, plus a random half, so replicas that failed together do not retry together.
    ``attempt`` counts from 0."""
    ceiling = min(cap, base * 2**attempt)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def retry_after_seconds(value: str | None) -> float | None:
    """A ``Retry-After`` header in seconds; None when absent, not finite, or an HTTP date (then the
    caller's backoff applies)."""
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    return max(0.0, seconds) if seconds is not None and math.isfinite(seconds) else None


class TransientFailure(Exception):
    """One attempt failed in a way that may pass (a 429, a 5xx, no answer): try again, after
    ``retry_after`` seconds when the server said how long, else after the backoff."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a marketplace client tries one call: the one retry loop."""

    max_retries: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep

    async def run(
        self,
        attempt: Callable[[], Awaitable[T]],
        *,
        what: str,
        give_up: Callable[[str], Exception],
    ) -> T:
        """The result of the first ``attempt`` that raises no :class:`TransientFailure`; after
        ``max_retries`` retries, ``give_up(message)`` is raised. Any other error ends it at once."""
        retries = 0
        while True:
            try:
                return await attempt()
            except TransientFailure as failure:
                if retries == self.max_retries:
                    raise give_up(
                        f"{what}: still failing after {retries + 1} attempts: {failure.reason}"
                    ) from None
                delay = failure.retry_after
                if delay is None:
                    delay = backoff_delay(retries, base=self.backoff_base, cap=self.backoff_cap)
                retries += 1
                log.warning(
                    "%s: %s; retry %d of %d in %.1f s",
                    what,
                    failure.reason,
                    retries,
                    self.max_retries,
                    delay,
                )
                await self.sleep(delay)
