"""The HTTP API: serves the read model from PostgreSQL and queues syncs and analyses over NATS.
It writes no table of the read model (the projector records what it publishes); it writes the
administration tables users edit through it: API keys (their last use) and marketplace
credentials. What changes something needs an API key (:mod:`indigo_api.security`)."""

from __future__ import annotations

import time
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from indigo_shared.logs import configure_logging, secrets_of
from indigo_shared.metrics import instrument_fastapi
from indigo_shared.secret_keys import check_production, require_secret_keys

from indigo_api import errors
from indigo_api.api_docs import mount_api_docs
from indigo_api.bus import Bus
from indigo_api.headers import SecurityHeaders
from indigo_api.read_model import CachedResponses, ReadModel
from indigo_api.routes import analyze, credentials, listings, saved_searches, stats, sync, trends
from indigo_api.security import READ_AUTH, Gatekeeper, ReadsRequireKey
from indigo_api.settings import ApiSettings
from indigo_api.web import mount_dashboard

PREFIX = "/api/marketplace"


def api_version() -> str:
    try:
        return version("indigo-api")
    except PackageNotFoundError:
        return "unknown"


def create_app(settings: ApiSettings) -> FastAPI:
    check_production(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        app.state.started_at = time.monotonic()
        app.state.secret_keys = require_secret_keys(settings)
        app.state.read_model = ReadModel(
            settings.require_database_url(),
            cache_seconds=settings.cache_seconds,
            timeout=settings.dependency_timeout,
            retry_after=settings.retry_after_seconds,
        )
        app.state.bus = Bus(
            settings.require_nats_url(),
            streams=settings.stream_settings(),
            timeout=settings.dependency_timeout,
            retry_after=settings.retry_after_seconds,
        )
        app.state.gatekeeper = Gatekeeper(
            app.state.read_model, app.state.secret_keys, settings.rate_limit
        )
        await app.state.read_model.start()
        await app.state.bus.start()
        yield
        await app.state.bus.stop()
        await app.state.read_model.stop()

    app = FastAPI(
        title="Indigo API",
        description="Vintage-denim listings from eBay, Etsy and Reddit, enriched and aggregated.",
        version=api_version(),
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
        docs_url=None,  # served by mount_api_docs, without a CDN
        redoc_url=None,
    )
    app.state.settings = settings  # before the lifespan too: the middleware below reads it
    # Inside CORS, so a cached answer to a browser still carries its CORS headers.
    app.add_middleware(CachedResponses)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.indigo_cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    # Outermost: every answer gets them, cached ones and errors included.
    app.add_middleware(SecurityHeaders, hsts_seconds=settings.hsts_seconds)
    reads = {}
    if settings.reads_require_key:
        reads = {"dependencies": [ReadsRequireKey], "responses": READ_AUTH}
    common = errors.INVALID | errors.UNAVAILABLE | reads.get("responses", {})
    for router in (
        listings.router,
        sync.router,
        trends.router,
        analyze.router,
        saved_searches.router,
    ):
        app.include_router(
            router, prefix=PREFIX, responses=common, dependencies=reads.get("dependencies")
        )
    app.include_router(credentials.router, prefix=PREFIX, responses=common)
    app.include_router(
        stats.router,
        responses=errors.INVALID | reads.get("responses", {}),
        dependencies=reads.get("dependencies"),
    )
    app.include_router(stats.health, responses=errors.INVALID)
    instrument_fastapi(app)
    errors.install(app)
    mount_api_docs(app)
    mount_dashboard(app)  # last: "/" and its files, after every API route
    return app


def run() -> None:
    import uvicorn

    settings = ApiSettings()
    check_production(settings)
    configure_logging(
        settings.log_level,
        settings.log_format,
        access_log_sample=settings.access_log_sample,
        secrets=secrets_of(settings),
    )
    uvicorn.run(
        create_app(settings),
        host=settings.indigo_api_host,
        port=settings.indigo_api_port,
        log_level=settings.log_level.lower(),
        log_config=None,  # the handlers configure_logging set up
    )
