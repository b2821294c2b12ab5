"""The HTTP API: serves the read model from PostgreSQL and triggers syncs over NATS."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from indigo_shared import nats as indigo_nats
from indigo_shared.db import create_pool
from indigo_shared.service import configure_logging

from indigo_api.routes import analyze, listings, saved_searches, stats, sync, trends
from indigo_api.settings import ApiSettings

log = logging.getLogger(__name__)
PREFIX = "/api/marketplace"


def create_app(settings: ApiSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.settings = settings
        app.state.pool = await create_pool(settings.require_database_url())
        app.state.nats = await indigo_nats.connect(settings.require_nats_url(), "api")
        await indigo_nats.ensure_streams(app.state.nats.jetstream(), settings.stream_settings())
        yield
        await app.state.nats.drain()
        await app.state.pool.close()

    app = FastAPI(
        title="Indigo API",
        description="Vintage-denim listings from eBay, Etsy and Reddit, enriched and aggregated.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.indigo_cors_origins,
        allow_credentials=True,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    app.include_router(listings.router, prefix=PREFIX)
    app.include_router(sync.router, prefix=PREFIX)
    app.include_router(trends.router, prefix=PREFIX)
    app.include_router(analyze.router, prefix=PREFIX)
    app.include_router(saved_searches.router, prefix=PREFIX)
    app.include_router(stats.router)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    return app


def run() -> None:
    import uvicorn

    settings = ApiSettings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.indigo_api_host,
        port=settings.indigo_api_port,
        log_level=settings.log_level.lower(),
    )
