"""The pipeline harness the cross-service tests share: every service in-process against real NATS
and PostgreSQL (a collector, the enricher, the projector and the API), driven through the API."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import asynccontextmanager

import httpx
from indigo_api import api_keys
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_shared.secret_keys import require_secret_keys
from indigo_shared.service import Service
from indigo_shared.testing import eventually

API = "/api/marketplace"


@asynccontextmanager
async def running_pipeline(nats_url: str, database_url: str, collector: Callable[[dict], Service]):
    """Start the services; ``collector`` builds the collector app from the common settings
    (``nats_url``, ``database_url``, ``ack_wait_seconds``). Yields an API client (with an admin
    API key)."""
    common = dict(nats_url=nats_url, database_url=database_url, ack_wait_seconds=5)
    api_settings = ApiSettings(**common, projector_batch_timeout=0.2, rate_limit="1000/minute")
    api = create_api(api_settings)
    async with contextlib.AsyncExitStack() as stack:
        # Rules only, whatever OPENAI_* a developer has exported: these tests are about the flow.
        rules_only = EnricherSettings(**common, openai_api_key=None, openai_base_url=None)
        await stack.enter_async_context(create_enricher(rules_only))
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(collector(common))
        await stack.enter_async_context(api.router.lifespan_context(api))
        yield await stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=api),
                base_url="http://indigo.test",
                headers=await admin_headers(api_settings),
            )
        )


async def admin_headers(settings: ApiSettings) -> dict[str, str]:
    """``Authorization`` with a new admin API key in the settings' database."""
    created = await api_keys.create_in(
        settings.require_database_url(),
        require_secret_keys(settings),
        name="tests",
        scopes=["admin"],
    )
    return {"Authorization": f"Bearer {created.key}"}


async def sync_and_wait(
    client: httpx.AsyncClient, platform: str, *, wait_seconds: float = 90, **body
) -> dict:
    """Trigger a sync through the API and poll its status until it ends; returns the job."""
    response = await client.post(f"{API}/sync/trigger", json={"platform": platform, **body})
    assert response.status_code == 202, response.text
    job_id = response.json()["job_id"]

    async def finished():
        job = (await client.get(f"{API}/sync/status/{job_id}")).json()
        return job if job["status"] in ("completed", "failed") else None

    return await eventually(finished, timeout=wait_seconds)


async def listings_total(client: httpx.AsyncClient, **params) -> int:
    return (await client.get(f"{API}/listings", params=params)).json()["total"]
