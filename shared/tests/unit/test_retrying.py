"""The one retry loop every marketplace client uses, and its backoff."""

from __future__ import annotations

import pytest
from indigo_shared.retrying import (
    RetryPolicy,
    TransientFailure,
    backoff_delay,
    retry_after_seconds,
)


class GaveUp(Exception):
    pass


def policy(slept: list[float], max_retries: int = 3) -> RetryPolicy:
    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    return RetryPolicy(max_retries=max_retries, backoff_base=1.0, backoff_cap=4.0, sleep=sleep)


def failing(outcomes: list[object]):
    """An attempt that raises or returns each of ``outcomes`` in turn."""
    calls = []

    async def attempt():
        calls.append(None)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return attempt, calls


async def test_transient_failures_are_retried_until_an_answer() -> None:
    slept: list[float] = []
    attempt, calls = failing([TransientFailure("HTTP 503"), TransientFailure("HTTP 502"), "page"])
    assert await policy(slept).run(attempt, what="GET /items", give_up=GaveUp) == "page"
    assert len(calls) == 3
    # Equal jitter: at least half the exponential delay, never more than it.
    assert 0.5 <= slept[0] <= 1.0 and 1.0 <= slept[1] <= 2.0


async def test_the_servers_retry_after_is_waited_instead_of_the_backoff() -> None:
    slept: list[float] = []
    attempt, _ = failing([TransientFailure("HTTP 429", retry_after=7.5), "page"])
    await policy(slept).run(attempt, what="GET /items", give_up=GaveUp)
    assert slept == [7.5]


async def test_it_gives_up_after_max_retries_naming_the_call_and_the_last_reason() -> None:
    slept: list[float] = []
    attempt, calls = failing([TransientFailure(f"HTTP 50{n}") for n in range(3)])
    with pytest.raises(GaveUp, match=r"^GET /items: still failing after 3 attempts: HTTP 502$"):
        await policy(slept, max_retries=2).run(attempt, what="GET /items", give_up=GaveUp)
    assert len(calls) == 3 and len(slept) == 2  # no wait after the last attempt


async def test_any_other_error_ends_it_at_once() -> None:
    slept: list[float] = []
    attempt, calls = failing([ValueError("HTTP 400: bad filter"), "never"])
    with pytest.raises(ValueError, match="bad filter"):
        await policy(slept).run(attempt, what="GET /items", give_up=GaveUp)
    assert len(calls) == 1 and slept == []


async def test_no_retries_means_one_attempt() -> None:
    slept: list[float] = []
    attempt, calls = failing([TransientFailure("timeout")])
    with pytest.raises(GaveUp, match="after 1 attempts: timeout"):
        await policy(slept, max_retries=0).run(attempt, what="token request", give_up=GaveUp)
    assert len(calls) == 1 and slept == []


def test_backoff_grows_to_its_cap() -> None:
    delays = [backoff_delay(n, base=1.0, cap=8.0) for n in range(8)]
    assert all(min(8.0, 2**n) / 2 <= d <= min(8.0, 2**n) for n, d in enumerate(delays))


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("12", 12.0),
        ("0.5", 0.5),
        ("-3", 0.0),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("Wed, 21 Oct 2026 07:28:00 GMT", None),
    ],
)
def test_retry_after_is_read_in_seconds(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds
