"""What the alerts tests share: a real HTTP receiver on loopback, and the API, the projector and
the alerts service in-process against real NATS and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import httpx
from aiohttp import web
from indigo_alerts.main import create_app as create_alerts
from indigo_alerts.settings import AlertsSettings
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.events import utcnow
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import sample_enriched, sample_listing

from .pipeline import admin_headers

API = "/api/marketplace"
SECRET_KEY = "alerts-tests-server-secret-of-32-characters-or-more"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """An aiohttp server on 127.0.0.1 that records every request. ``answers`` are popped, one per
    request, as (status, headers); when empty, 200. ``hold`` delays each answer (seconds)."""

    answers: list[tuple[int, dict]] = field(default_factory=list)
    hold: float = 0.0
    received: list[Received] = field(default_factory=list)
    port: int | None = None
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/indigo"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        if self.hold:
            await asyncio.sleep(self.hold)
        self.received.append(Received(request.path, dict(request.headers), body))
        status, headers = self.answers.pop(0) if self.answers else (200, {})
        return web.Response(status=status, headers=headers, text="ok" if status < 300 else "no")

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port or 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def webhook_ids(self, status_ok_only: bool = False) -> list[str]:
        return [r.headers.get("webhook-id") for r in self.received]


@asynccontextmanager
async def receiver(**options):
    server = await Receiver(**options).start()
    try:
        yield server
    finally:
        await server.stop()


def alerts_settings(nats_url: str, database_url: str, **overrides) -> AlertsSettings:
    fields = dict(
        nats_url=nats_url,
        database_url=database_url,
        secret_key=SECRET_KEY,
        alerts_allow_private_targets=True,
        ack_wait_seconds=5,
        max_deliver=3,
        retry_schedule_seconds=(0.3, 0.6, 1.0),
        delivery_timeout_seconds=3,
        refresh_seconds=0.2,
        digest_check_seconds=0.2,
    )
    return AlertsSettings(**(fields | overrides))


def api_settings(nats_url: str, database_url: str, **overrides) -> ApiSettings:
    fields = dict(
        nats_url=nats_url,
        database_url=database_url,
        secret_key=SECRET_KEY,
        alerts_allow_private_targets=True,
        projector_batch_timeout=0.1,
    )
    return ApiSettings(**(fields | overrides))


@asynccontextmanager
async def api_client(settings: ApiSettings, *, key: bool = True):
    """The API in-process, sending an admin API key (``key=False``: none)."""
    app = create_api(settings)
    headers = await admin_headers(settings) if key else {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://indigo.test", headers=headers
        ) as client:
            yield client


@asynccontextmanager
async def running_system(
    nats_url: str,
    database_url: str,
    *,
    alerts: bool = True,
    clock: Callable | None = None,
    **alert_options,
):
    """The API (yielded as a client), the projector and, unless ``alerts`` is false, the alerts
    service (``client.alerts``)."""
    api = api_settings(nats_url, database_url)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_projector(api))
        service = None
        if alerts:
            service = create_alerts(
                alerts_settings(nats_url, database_url, **alert_options), clock=clock or utcnow
            )
            await stack.enter_async_context(service)
        client = await stack.enter_async_context(api_client(api))
        client.alerts = service
        yield client


async def create_search(client: httpx.AsyncClient, **body) -> dict:
    response = await client.post(f"{API}/saved-searches", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def matches_of(client: httpx.AsyncClient, search_id: str, **params) -> list[dict]:
    response = await client.get(f"{API}/saved-searches/{search_id}/matches", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def deliveries_of(client: httpx.AsyncClient, search_id: str, **params) -> list[dict]:
    response = await client.get(f"{API}/saved-searches/{search_id}/deliveries", params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def existing_recorded(client: httpx.AsyncClient, search_id: str) -> bool:
    response = await client.get(f"{API}/saved-searches/{search_id}")
    return response.json()["existing_matches_recorded"]


async def publish_listing(jetstream, external_id: str, price: str = "60.00", **changes):
    """A Levi's 501 as the enricher publishes it, under a fresh message id (so that publishing
    the same listing again reaches the consumers, as a redelivery would)."""
    event = sample_enriched(sample_listing(external_id, price=Decimal(price)), **changes)
    await publish_event(jetstream, listing_enriched("ebay"), event, msg_id=str(uuid.uuid4()))
    return event
