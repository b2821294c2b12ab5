"""The Etsy client counts its calls by status and publishes the daily quota Etsy says is left."""

from __future__ import annotations

import aiohttp
from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.testing import running_sandbox
from prometheus_client import REGISTRY


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_calls_and_the_daily_quota_are_published():
    etsy = EtsySandboxConfig(limit_per_second=1000, limit_per_day=500)
    async with (
        running_sandbox(ebay=EbaySandboxConfig(catalogue_size=10), etsy=etsy) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        client = EtsyClient(
            session,
            base_url=sandbox.etsy_url,
            keystring="indigo-sandbox-etsy-key",
            shared_secret="indigo-sandbox-etsy-secret",
        )
        before = sample("indigo_marketplace_calls_total", platform="etsy", status="200")
        pages = [page async for page in client.search("jeans", limit_total=250, page_size=100)]
        stats = await sandbox.stats(marketplace="etsy")

    calls = sum(count for endpoint in stats["requests"].values() for count in endpoint.values())
    assert len(pages) == 3 and calls == 6  # three pages, each with its batch call
    assert sample("indigo_marketplace_calls_total", platform="etsy", status="200") - before == 6
    daily = dict(platform="etsy", quota="daily")
    assert sample("indigo_marketplace_quota_remaining", **daily) == 500 - 6
    assert sample("indigo_marketplace_quota_limit", **daily) == 500
