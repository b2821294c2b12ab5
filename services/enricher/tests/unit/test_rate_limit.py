"""The token buckets, on a fake clock: no test waits for real time."""

from __future__ import annotations

import asyncio

import pytest
from indigo_enricher.rate_limit import RateLimiter, TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def limiter(clock: FakeClock, rpm: float = 60, tpm: float = 6000) -> RateLimiter:
    return RateLimiter(rpm, tpm, clock=clock, sleep=clock.sleep)


def test_bucket_refills_at_its_rate_up_to_its_capacity() -> None:
    bucket = TokenBucket(60, now=0)  # one a second, 60 at most
    bucket.take(60, now=0)
    assert bucket.wait_time(1, now=0) == pytest.approx(1.0)
    assert bucket.wait_time(10, now=4) == pytest.approx(6.0)
    assert bucket.wait_time(1, now=1000) == 0
    assert bucket.level == 60  # never more than a minute's worth


def test_bucket_debt_is_paid_by_waiting() -> None:
    bucket = TokenBucket(600, now=0)  # ten a second
    bucket.take(700, now=0)  # more than it holds: -100
    assert bucket.wait_time(600, now=0) == pytest.approx(70.0)  # a full bucket, so the debt first
    bucket.give_back(150, now=0)  # the request used less than estimated
    assert bucket.level == 50


async def test_a_minute_of_requests_goes_at_once_then_one_per_interval() -> None:
    clock = FakeClock()
    limit = limiter(clock, rpm=60)
    for _ in range(60):
        await limit.acquire(10)
    assert clock.slept == []
    await limit.acquire(10)
    assert sum(clock.slept) == pytest.approx(1.0)


async def test_tokens_per_minute_hold_back_big_requests() -> None:
    clock = FakeClock()
    limit = limiter(clock, rpm=1000, tpm=6000)  # 100 tokens a second
    await limit.acquire(5000)
    await limit.acquire(3000)  # 1000 left: waits for 2000 more
    assert sum(clock.slept) == pytest.approx(20.0)


async def test_settling_returns_unused_tokens() -> None:
    clock = FakeClock()
    limit = limiter(clock, rpm=1000, tpm=6000)
    await limit.acquire(6000)  # the estimate: prompt plus the whole output budget
    limit.settle(estimated=6000, used=1000)  # it used a sixth of it
    await limit.acquire(5000)
    assert clock.slept == []


async def test_a_429_pauses_every_caller() -> None:
    clock = FakeClock()
    limit = limiter(clock)
    limit.pause(7)
    await limit.acquire(1)
    assert sum(clock.slept) == pytest.approx(7.0)
    limit.pause(2)
    limit.pause(1)  # a shorter pause never shortens the longer one
    await limit.acquire(1)
    assert sum(clock.slept) == pytest.approx(9.0)


async def test_waiters_are_served_in_arrival_order() -> None:
    clock = FakeClock()
    limit = limiter(clock, rpm=2)  # a request every 30 s once the two are used
    served: list[int] = []

    async def caller(number: int) -> None:
        await limit.acquire(1)
        served.append(number)

    await asyncio.gather(*(caller(n) for n in range(5)))
    assert served == [0, 1, 2, 3, 4]
    assert sum(clock.slept) == pytest.approx(90.0)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        TokenBucket(0, now=0)
