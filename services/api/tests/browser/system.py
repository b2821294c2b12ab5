"""A whole Indigo for the browser to use: the marketplace sandbox, every service in-process on real
NATS and PostgreSQL, and the API (with the dashboard) served by uvicorn on a free port of
127.0.0.1, as `make run` serves it on :8000."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import uvicorn
from indigo_api import api_keys
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_collector_ebay.main import create_app as create_ebay
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_collector_etsy.main import create_app as create_etsy
from indigo_collector_etsy.settings import EtsyCollectorSettings
from indigo_collector_reddit.main import create_app as create_reddit
from indigo_collector_reddit.settings import RedditCollectorSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import RunningSandbox, running_sandbox
from indigo_shared import nats as indigo_nats
from indigo_shared.events import Attributes
from indigo_shared.nats import publish_event
from indigo_shared.secret_keys import require_secret_keys
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from indigo_trends.main import create_app as create_trends
from indigo_trends.settings import TrendsSettings

try:
    from indigo_alerts.main import create_app as create_alerts
    from indigo_alerts.settings import AlertsSettings
except ImportError:
    create_alerts = AlertsSettings = None

API = "/api/marketplace"
FINAL = ("completed", "failed", "cancelled")


class ApiServer:
    """uvicorn serving a fresh API app on one port, which can be stopped (the API down, as a
    browser sees it: connection refused) and started again on the same port."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            create_api(self.settings), log_level="warning", lifespan="on", access_log=False
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))

        async def started():
            if self._task.done():
                self._task.result()  # raises what stopped it
            return self._server.started

        await eventually(started, timeout=30)

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.should_exit = True
        await self._task
        self._server = self._task = None


@dataclass
class System:
    api: ApiServer
    client: httpx.AsyncClient  # the same API over HTTP, for the tests' own checks
    sandbox: RunningSandbox
    clock: ManualClock
    api_key: str  # an admin key, as a user types it into the page
    seeded: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.api.url

    async def get(self, path: str, **params) -> dict:
        response = await self.client.get(f"{API}{path}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    async def wait_for_job(self, job_id: str, timeout: float = 90) -> dict:
        async def finished():
            job = await self.get(f"/sync/status/{job_id}")
            return job if job["status"] in FINAL else None

        return await eventually(finished, timeout=timeout)

    async def sync(self, platform: str, keywords: str, limit: int) -> dict:
        response = await self.client.post(
            f"{API}/sync/trigger", json={"platform": platform, "keywords": keywords, "limit": limit}
        )
        assert response.status_code == 202, response.text
        job = await self.wait_for_job(response.json()["job_id"])
        assert job["status"] == "completed", job
        return job

    async def all_listings(self, **params) -> list[dict]:
        items: list[dict] = []
        while True:
            page = await self.get("/listings", **params, limit=200, offset=len(items))
            items += page["items"]
            if not page["items"] or len(items) >= page["total"]:
                return items

    async def paths(self) -> set[str]:
        return set((await self.client.get("/openapi.json")).json()["paths"])


@asynccontextmanager
async def running_system(nats_url: str, database_url: str) -> AsyncIterator[System]:
    clock = ManualClock(datetime.now(UTC))
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=5)
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2, rate_limit="1000/minute")
    created = await api_keys.create_in(
        database_url, require_secret_keys(api_settings), name="browser tests", scopes=["admin"]
    )
    async with contextlib.AsyncExitStack() as stack:
        sandbox = await stack.enter_async_context(
            running_sandbox(
                ebay=EbaySandboxConfig(seed=13, catalogue_size=400),
                etsy=EtsySandboxConfig(seed=13, catalogue_size=200),
                reddit=RedditSandboxConfig(rate_limit_requests=100_000),
                clock=clock,
            )
        )
        # Rules only, whatever OPENAI_* a developer has exported.
        enricher = EnricherSettings(**common, openai_api_key=None, openai_base_url=None)
        services = [
            create_enricher(enricher),
            create_projector(api_settings),
            create_trends(
                TrendsSettings(
                    **common,
                    trends_batch_timeout=0.2,
                    refresh_seconds=0.3,
                    sweep_seconds=0.3,
                    ended_after_hours=0,
                    rollup_at="off",
                )
            ),
            create_ebay(
                EbayCollectorSettings(
                    **common,
                    ebay_api_base=sandbox.ebay_url,
                    ebay_client_id="indigo-sandbox-client",
                    ebay_client_secret="indigo-sandbox-secret",
                    ebay_sync_interval_seconds=0,
                )
            ),
            create_etsy(
                EtsyCollectorSettings(
                    **common,
                    etsy_api_base=sandbox.etsy_url,
                    etsy_api_key="indigo-sandbox-etsy-key",
                    etsy_shared_secret="indigo-sandbox-etsy-secret",
                    etsy_sync_interval_seconds=0,
                )
            ),
            create_reddit(
                RedditCollectorSettings(
                    **common,
                    reddit_oauth_url=sandbox.reddit_url,
                    reddit_url=sandbox.reddit_url,
                    reddit_client_id="indigo-sandbox-reddit-id",
                    reddit_client_secret="indigo-sandbox-reddit-secret",
                    reddit_sync_interval_seconds=0,
                    reddit_more_comments=0,
                )
            ),
        ]
        if create_alerts is not None:  # the alerts service (issue 11), where it exists
            services.append(create_alerts(AlertsSettings(**common)))
        for service in services:
            await stack.enter_async_context(service)
        api = ApiServer(api_settings)
        await api.start()
        stack.push_async_callback(api.stop)
        client = await stack.enter_async_context(
            httpx.AsyncClient(
                base_url=api.url,
                timeout=30,
                headers={"Authorization": f"Bearer {created.key}"},
            )
        )
        yield System(api=api, client=client, sandbox=sandbox, clock=clock, api_key=created.key)


# Two weeks of earlier listings, as `indigo replay import` would load recorded events: the
# trends service builds each past day's figures from them, so the market charts have a history.
HISTORY_DAYS = 14
HISTORY_MODELS = [
    ("Levi's", "501", 32),
    ("Levi's", "505", 34),
    ("Lee", "101Z", 31),
    ("Wrangler", "13MWZ", 33),
]


async def seed_history(nats_url: str) -> int:
    now = datetime.now(UTC)
    nc = await indigo_nats.connect(nats_url, "indigo-browser-history")
    js = nc.jetstream()
    count = 0
    try:
        for days_ago in range(HISTORY_DAYS, 0, -1):
            for n, (brand, lot, waist) in enumerate(HISTORY_MODELS):
                external_id = f"v1|77{days_ago:02d}{n}|0"
                price = Decimal(40 + 3 * (HISTORY_DAYS - days_ago) + 15 * n)
                listing = sample_listing(
                    external_id,
                    title=f"Vintage {brand} {lot} jeans {waist}x32 made in USA",
                    price=price,
                    brand=brand,
                    raw_data={"itemId": external_id, "price": {"value": str(price)}},
                )
                event = sample_enriched(
                    listing,
                    collected_at=now - timedelta(days=days_ago),
                    attributes=Attributes(
                        brand=brand, model=lot, waist=waist, inseam=32, wash="medium"
                    ),
                )
                await publish_event(js, listing_enriched("ebay"), event)
                count += 1
    finally:
        await nc.close()
    return count


async def seed(system: System, nats_url: str) -> None:
    """Two weeks of history; listings from each marketplace; then a day later (by the sandbox's
    clock) a second eBay sync, in which some sellers cut their price and some listings end."""
    history = await seed_history(nats_url)

    async def history_served():
        return (await system.get("/listings", limit=1))["total"] >= history

    await eventually(history_served, timeout=60)
    first = await system.sync("ebay", "jeans", 10_000)
    await system.sync("etsy", "vintage jeans", 120)
    await system.sync("reddit", "jeans", 40)

    async def first_served():
        items = await system.all_listings(platform="ebay")
        return items if len(items) >= history + first["counts"]["fetched"] else None

    before = {i["id"]: i["price"] for i in await eventually(first_served, timeout=60)}
    system.clock.advance(seconds=86400)
    await system.sync("ebay", "jeans", 10_000)

    async def cuts_served():
        after = await system.all_listings(platform="ebay")
        return [
            i["id"]
            for i in after
            if before.get(i["id"]) is not None
            and i["price"] is not None
            and i["price"] < before[i["id"]]
        ]

    system.seeded = {"price_cuts": await eventually(cuts_served, timeout=60)}

    async def settled():
        # Trends has every listing once its window counts each one that was ever on the market:
        # all but the sold ones here (Reddit's, sold when first read: never on the market).
        listings = await system.all_listings()
        never_on_market = sum(i["buying_format"] == "sold" for i in listings)
        summary = await system.get("/trends/summary", days=7)
        return listings and summary["totals"]["listings"] == len(listings) - never_on_market

    await eventually(settled, timeout=60)


def unique_name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"
