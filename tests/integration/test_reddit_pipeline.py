"""Reddit end to end: a sync request flows from the Reddit sandbox through PRAW, NATS (collector,
enricher, projector) to PostgreSQL and out of the API, through Reddit's rate limits and errors."""

from __future__ import annotations

import re

import httpx
import pytest
from indigo_collector_reddit.main import create_app as create_collector
from indigo_collector_reddit.settings import RedditCollectorSettings
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.testing import eventually

from .pipeline import API, running_pipeline, sync_and_wait

pytestmark = pytest.mark.integration

# Enough budget that PRAW's pacing never waits: the tests' own faults stand in for Reddit's 429s.
SANDBOX = RedditSandboxConfig(rate_limit_requests=100_000)
CLIENT = dict(
    reddit_client_id="indigo-sandbox-reddit-id", reddit_client_secret="indigo-sandbox-reddit-secret"
)


def indigo(nats_url: str, database_url: str, reddit_url: str, **collector_options):
    def collector(common: dict):
        return create_collector(
            RedditCollectorSettings(
                **common,
                reddit_oauth_url=reddit_url,
                reddit_url=reddit_url,
                reddit_sync_interval_seconds=0,
                reddit_more_comments=2,
                reddit_max_retries=3,
                **(CLIENT | collector_options),
            )
        )

    return running_pipeline(nats_url, database_url, collector)


async def reddit_listings(client: httpx.AsyncClient) -> list[dict]:
    items: list[dict] = []
    while True:
        params = {"platform": "reddit", "limit": 200, "offset": len(items)}
        page = (await client.get(f"{API}/listings", params=params)).json()
        items += page["items"]
        if len(items) >= page["total"] or not page["items"]:
            return items


async def test_sale_posts_and_thread_comments_reach_the_api(nats_url, database_url):
    async with (
        running_sandbox(reddit=SANDBOX) as sandbox,
        indigo(nats_url, database_url, sandbox.reddit_url) as client,
    ):
        job = await sync_and_wait(client, "reddit", keywords="jeans", limit=400)
        assert job["status"] == "completed", job
        counts = job["counts"]
        assert counts["published"] == counts["fetched"] == 400 and counts["errors"] == 0

        async def all_served():
            items = await reddit_listings(client)
            return items if len(items) == 400 else None

        items = await all_served() or await eventually(all_served)
        assert all(re.fullmatch(r"[0-9a-z]+:\d+", item["external_id"]) for item in items)
        assert all(item["url"].startswith("https://www.reddit.com/r/") for item in items)
        priced = [item for item in items if item["price"] is not None]
        assert len(priced) >= 0.8 * len(items) and all(item["price"] > 0 for item in priced)
        assert {item["currency"] for item in priced} <= {"USD", "CAD", "GBP", "EUR", "AUD"}
        assert all(item["price_usd"] is not None for item in priced)
        assert sum(1 for item in items if item["brand"]) >= 0.7 * len(items), "brands found"
        assert all(item["engagement"].get("score") is not None for item in items)

        details = [(await client.get(f"{API}/listings/{item['id']}")).json() for item in items[::4]]
        from_comments = [d for d in details if "body" in d["raw_data"]]
        from_posts = [d for d in details if "selftext" in d["raw_data"]]
        assert from_comments and from_posts, "both sale posts and thread comments are listed"
        for detail in details:
            reddit_id, _, number = detail["external_id"].partition(":")
            assert detail["raw_data"]["id"] == reddit_id and int(number) >= 1
        assert all(d["raw_data"]["parent_id"].startswith("t3_") for d in from_comments)

        stats = await sandbox.stats(marketplace="reddit")
    assert stats["tokens_issued"] == 1, stats
    assert {"hot", "search", "new", "comments"} <= set(stats["requests"]), stats


async def test_collector_survives_html_429s_expired_tokens_and_server_errors(
    nats_url, database_url
):
    async with (
        running_sandbox(reddit=SANDBOX) as sandbox,
        indigo(nats_url, database_url, sandbox.reddit_url) as client,
    ):
        warmup = await sync_and_wait(client, "reddit", keywords="jeans", limit=10)
        assert warmup["status"] == "completed", warmup
        await sandbox.inject_fault({"kind": "expire_tokens"}, marketplace="reddit")
        await sandbox.inject_fault(
            {"kind": "rate_limit", "count": 2, "retry_after": 1, "path": "hot"},
            marketplace="reddit",
        )
        await sandbox.inject_fault(
            {"kind": "server_error", "count": 1, "path": "comments"}, marketplace="reddit"
        )
        job = await sync_and_wait(client, "reddit", keywords="jeans", limit=60)
        assert job["status"] == "completed", job
        assert job["counts"]["fetched"] == 60
        stats = await sandbox.stats(marketplace="reddit")
    assert stats["tokens_issued"] >= 2, stats
    assert stats["requests"]["hot"]["429"] == 2, stats
    assert stats["requests"]["comments"]["500"] == 1, stats
    assert any(status == "401" for endpoint in stats["requests"].values() for status in endpoint)


async def test_refused_credentials_fail_the_job_with_a_reason(nats_url, database_url):
    async with (
        running_sandbox(reddit=SANDBOX) as sandbox,
        indigo(
            nats_url, database_url, sandbox.reddit_url, reddit_client_secret="not-the-secret"
        ) as client,
    ):
        job = await sync_and_wait(client, "reddit", keywords="jeans", limit=10)
        stats = await sandbox.stats(marketplace="reddit")
    assert job["status"] == "failed"
    assert "client id and secret" in job["error"] and "not-the-secret" not in job["error"]
    assert stats["requests"]["token"] == {"401": 1}, stats
