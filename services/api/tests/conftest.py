from __future__ import annotations

from contextlib import asynccontextmanager

import httpx
import pytest
from indigo_api.main import create_app
from indigo_api.settings import ApiSettings


@pytest.fixture
def api_settings(nats_url, database_url) -> ApiSettings:
    return ApiSettings(
        nats_url=nats_url, database_url=database_url, projector_batch_timeout=0.2, max_deliver=3
    )


@asynccontextmanager
async def api_client(settings: ApiSettings):
    """The API in-process, its lifespan (pool, NATS) run, reached through httpx."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://indigo.test") as client:
            yield client
