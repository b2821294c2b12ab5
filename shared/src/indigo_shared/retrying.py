"""How every marketplace client waits between attempts."""

from __future__ import annotations

import math
import random


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
