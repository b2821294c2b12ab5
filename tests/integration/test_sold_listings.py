"""Sold Reddit posts and items end to end: the sandbox's sold posts (struck through, "SOLD",
[SOLD], Sold flair) flow through the collector, enricher, projector and trends; the API serves
them ended (``status=ended``, never ``status=active``) with their ``buying_format``, a second
sync that sees them again leaves them ended, and the trends summary does not count them among
the listings on the market."""

from __future__ import annotations

import contextlib

import asyncpg
import pytest
from indigo_collector_reddit.main import create_app as create_collector
from indigo_collector_reddit.settings import RedditCollectorSettings
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.testing import eventually
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

from .pipeline import API, running_pipeline, sync_and_wait
from .test_reddit_pipeline import CLIENT, reddit_listings

pytestmark = pytest.mark.integration

SANDBOX = RedditSandboxConfig(rate_limit_requests=100_000)


def with_trends(nats_url: str, database_url: str, reddit_url: str):
    def services(common: dict):
        stack = contextlib.AsyncExitStack()

        class Both:
            async def __aenter__(self):
                await stack.enter_async_context(
                    create_trends(
                        TrendsSettings(
                            **common,
                            trends_batch_timeout=0.2,
                            refresh_seconds=0.3,
                            sweep_seconds=0,
                            rollup_at="off",
                        )
                    )
                )
                await stack.enter_async_context(
                    create_collector(
                        RedditCollectorSettings(
                            **common,
                            reddit_oauth_url=reddit_url,
                            reddit_url=reddit_url,
                            reddit_sync_interval_seconds=0,
                            reddit_more_comments=2,
                            **CLIENT,
                        )
                    )
                )
                return self

            async def __aexit__(self, *exc):
                return await stack.__aexit__(*exc)

        return Both()

    return running_pipeline(nats_url, database_url, services)


async def test_sold_reddit_listings_are_ended_everywhere(nats_url, database_url):
    async with (
        running_sandbox(reddit=SANDBOX) as sandbox,
        with_trends(nats_url, database_url, sandbox.reddit_url) as client,
    ):
        for _ in range(2):  # the second sync sees the sold posts again
            job = await sync_and_wait(client, "reddit", keywords="jeans", limit=200)
            assert job["status"] == "completed", job

            async def all_served():
                items = await reddit_listings(client)
                return items if len(items) == 200 else None

            items = await all_served() or await eventually(all_served)
            sold = {i["external_id"] for i in items if i["buying_format"] == "sold"}
            unsold = {i["external_id"] for i in items} - sold
            assert sold and unsold, "the sandbox has sold posts and posts on sale"
            assert all(i["ended_at"] for i in items if i["external_id"] in sold)

            async def by_status(status: str) -> set[str]:
                found, offset = set(), 0
                while True:
                    page = (
                        await client.get(
                            f"{API}/listings",
                            params={"status": status, "limit": 200, "offset": offset},
                        )
                    ).json()
                    found |= {i["external_id"] for i in page["items"]}
                    offset += len(page["items"])
                    if not page["items"] or offset >= page["total"]:
                        return found

            assert await by_status("active") == unsold
            assert await by_status("ended") == sold

        async def trends_done() -> bool:
            conn = await asyncpg.connect(database_url)
            try:
                return await conn.fetchval(
                    "SELECT (SELECT count(*) FROM trends_listings WHERE platform = 'reddit') = $1"
                    " AND NOT EXISTS (SELECT 1 FROM trends_dirty_days)",
                    len(items),
                )
            finally:
                await conn.close()

        await eventually(trends_done, timeout=30)
        summary = (await client.get(f"{API}/trends/summary", params={"days": 1})).json()
        reddit = next(p for p in summary["platforms"] if p["platform"] == "reddit")
        # Every listing on sale, and none sold, is on the market today.
        assert reddit["active_listings"] == len(unsold), (reddit, len(unsold), len(sold))
