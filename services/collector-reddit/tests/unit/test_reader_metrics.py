"""Every HTTP exchange PRAW makes is counted, and the window's remaining calls are published."""

from __future__ import annotations

from datetime import UTC, datetime

from indigo_collector_reddit.adapters.reddit import RedditReader, connect
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import running_sandbox
from prometheus_client import REGISTRY

START = datetime(2026, 11, 29, 12, tzinfo=UTC)


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_calls_are_counted_by_status_and_the_window_quota_follows_the_headers():
    async with running_sandbox(
        reddit=RedditSandboxConfig(rate_limit_requests=1000),
        ebay=EbaySandboxConfig(catalogue_size=10),
        etsy=EtsySandboxConfig(catalogue_size=10),
        clock=ManualClock(START),
    ) as sandbox:
        reddit = connect(
            client_id="indigo-sandbox-reddit-id",
            client_secret="indigo-sandbox-reddit-secret",
            user_agent="indigo-tests/0.1",
            oauth_url=sandbox.reddit_url,
            reddit_url=sandbox.reddit_url,
        )
        reader = RedditReader(reddit)
        before = sample("indigo_marketplace_calls_total", platform="reddit", status="200")
        await reader.new("rawdenim", limit=5)
        await reader.hot("rawdenim")
        await reader.search("rawdenim", "levis", limit=5)
        stats = await sandbox.stats(marketplace="reddit")

    answered = sum(count for endpoint in stats["requests"].values() for count in endpoint.values())
    api_calls = sum(
        count
        for name, endpoint in stats["requests"].items()
        if "token" not in name
        for count in endpoint.values()
    )
    assert sample("indigo_marketplace_calls_total", platform="reddit", status="200") - before == (
        answered
    )
    assert api_calls == 3
    window = dict(platform="reddit", quota="window")
    assert sample("indigo_marketplace_quota_remaining", **window) == 1000 - api_calls
    assert sample("indigo_marketplace_quota_limit", **window) == 1000
