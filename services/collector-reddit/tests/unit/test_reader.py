"""The PRAW adapter and the sync's reading plan against the Reddit sandbox (a local HTTP server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import pytest_asyncio
from indigo_collector_reddit.adapters.reddit import (
    RedditAuthError,
    RedditNotFound,
    RedditReader,
    RedditUnavailable,
    connect,
)
from indigo_collector_reddit.handlers import ReadingPlan, fetch_pages, unique_subreddits
from indigo_collector_reddit.settings import DEFAULT_SUBREDDITS, RedditCollectorSettings
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import RunningSandbox, running_sandbox
from indigo_shared.events import SyncFilters, SyncRequested
from indigo_shared.money import DEFAULT_USD_RATES

START = datetime(2026, 11, 29, 12, tzinfo=UTC)
ID, SECRET = "indigo-sandbox-reddit-id", "indigo-sandbox-reddit-secret"


@pytest_asyncio.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    async with running_sandbox(
        reddit=RedditSandboxConfig(rate_limit_requests=100_000),
        ebay=EbaySandboxConfig(catalogue_size=50),
        etsy=EtsySandboxConfig(catalogue_size=50),
        clock=ManualClock(START),
    ) as running:
        yield running


class Sleeps:
    """Stands in for asyncio.sleep: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def reader_for(sandbox: RunningSandbox, *, secret: str = SECRET, **options) -> RedditReader:
    # The sandbox's URL without a trailing slash, as a user would write it.
    reddit = connect(
        client_id=ID,
        client_secret=secret,
        user_agent="indigo-tests/0.1",
        oauth_url=sandbox.reddit_url,
        reddit_url=sandbox.reddit_url,
    )
    return RedditReader(reddit, **options)


async def test_praw_reaches_a_sandbox_under_a_path(sandbox: RunningSandbox) -> None:
    reader = reader_for(sandbox)
    page = await reader.new("rawdenim", limit=5)
    assert page["kind"] == "Listing" and len(page["data"]["children"]) == 5
    found = await reader.search("rawdenim", "levis", limit=5)
    assert all(child["data"]["subreddit"] == "rawdenim" for child in found["data"]["children"])
    stats = await sandbox.stats(marketplace="reddit")
    assert stats["requests"]["new"] == {"200": 1} and stats["tokens_issued"] == 1


async def test_html_429s_are_waited_out_as_retry_after_says(sandbox: RunningSandbox) -> None:
    sleeps = Sleeps()
    reader = reader_for(sandbox, sleep=sleeps)
    await sandbox.inject_fault(
        {"kind": "rate_limit", "count": 2, "retry_after": 7, "path": "new"}, marketplace="reddit"
    )
    page = await reader.new("rawdenim", limit=3)
    assert len(page["data"]["children"]) == 3
    assert sleeps.waits == [7.0, 7.0]


async def test_reddit_that_keeps_failing_raises_after_the_retries(sandbox) -> None:
    sleeps = Sleeps()
    reader = reader_for(sandbox, sleep=sleeps, max_retries=2, backoff_base=0.5)
    await sandbox.inject_fault(
        {"kind": "rate_limit", "count": 3, "retry_after": 1, "path": "hot"}, marketplace="reddit"
    )
    with pytest.raises(
        RedditUnavailable, match=r"still failing after 3 attempts: rate limited \(429\)"
    ):
        await reader.hot("rawdenim")
    assert len(sleeps.waits) == 2


async def test_refused_credentials_and_missing_subreddits(sandbox: RunningSandbox) -> None:
    with pytest.raises(RedditAuthError, match="client id and secret") as refused:
        await reader_for(sandbox, secret="wrong").new("rawdenim")
    assert "wrong" not in str(refused.value)
    with pytest.raises(RedditNotFound, match="no such subreddit"):
        await reader_for(sandbox).new("nosuchsubreddit")


async def test_expired_tokens_are_renewed(sandbox: RunningSandbox) -> None:
    reader = reader_for(sandbox)
    await reader.new("rawdenim", limit=1)
    await sandbox.inject_fault({"kind": "expire_tokens"}, marketplace="reddit")
    await reader.new("rawdenim", limit=1)
    stats = await sandbox.stats(marketplace="reddit")
    assert stats["tokens_issued"] == 2 and stats["requests"]["new"] == {"200": 2, "401": 1}


async def test_top_level_more_stubs_are_expanded_within_the_bound(sandbox) -> None:
    reader = reader_for(sandbox)
    hot = await reader.hot("rawdenim", limit=1)
    thread = hot["data"]["children"][0]["data"]["id"]
    page = await reader.comments(thread, limit=5, more_limit=1)
    kinds = [child["kind"] for child in page[1]["data"]["children"]]
    assert kinds.count("t1") > 5 and "more" in kinds
    stats = await sandbox.stats(marketplace="reddit")
    assert stats["requests"]["morechildren"] == {"200": 1}
    unexpanded = await reader.comments(thread, limit=5, more_limit=0)
    assert [c["kind"] for c in unexpanded[1]["data"]["children"]].count("t1") == 5


def request(limit: int, **filters) -> SyncRequested:
    return SyncRequested(
        platform="reddit", keywords="jeans", limit=limit, filters=SyncFilters(**filters)
    )


async def read_all(reader: RedditReader, sync: SyncRequested, subreddits=DEFAULT_SUBREDDITS):
    plan = ReadingPlan(subreddits=subreddits, more_comments=1)
    return [page async for page in fetch_pages(reader, sync, plan, fx=DEFAULT_USD_RATES)]


async def test_a_sync_stops_at_its_limit_and_reads_each_subreddit_once(sandbox) -> None:
    pages = await read_all(reader_for(sandbox), request(120))
    listings = [listing for page in pages for listing in page.listings]
    assert len(listings) == 120 and len({item.external_id for item in listings}) == 120
    stats = await sandbox.stats(marketplace="reddit")
    assert stats["requests"]["hot"] == {"200": 7}, "r/vintagefashion and r/VintageFashion are one"
    assert any("body" in listing.raw_data for listing in listings), "thread comments are read"


async def test_price_filters_are_in_usd_and_unknown_subreddits_are_skipped(sandbox) -> None:
    pages = await read_all(
        reader_for(sandbox),
        request(40, min_price=Decimal(50), max_price=Decimal(120)),
        subreddits=["nosuchsubreddit", "rawdenim"],
    )
    listings = [listing for page in pages for listing in page.listings]
    assert listings and all(Decimal(50) <= item.price_usd <= Decimal(120) for item in listings)
    with pytest.raises(RedditNotFound, match="none of the subreddits"):
        await read_all(reader_for(sandbox), request(10), subreddits=["nosuchsubreddit"])


def test_subreddits_come_from_a_comma_list_or_json(monkeypatch) -> None:
    assert unique_subreddits(DEFAULT_SUBREDDITS) == [
        "rawdenim", "vintagefashion", "ThriftStoreHauls", "frugalmalefashion",
        "malefashionadvice", "femalefashionadvice", "Flipping",
    ]  # fmt: skip
    monkeypatch.setenv("REDDIT_SUBREDDITS", "rawdenim, r/VintageFashion,,/r/Flipping")
    assert RedditCollectorSettings().reddit_subreddits == ["rawdenim", "VintageFashion", "Flipping"]
    monkeypatch.setenv("REDDIT_SUBREDDITS", '["rawdenim", "denimswap"]')
    assert RedditCollectorSettings().reddit_subreddits == ["rawdenim", "denimswap"]
    monkeypatch.delenv("REDDIT_SUBREDDITS")
    settings = RedditCollectorSettings()
    assert settings.reddit_subreddits == list(DEFAULT_SUBREDDITS)
    assert settings.reddit_oauth_url == "https://oauth.reddit.com"
    assert settings.reddit_url == "https://www.reddit.com"
