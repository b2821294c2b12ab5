"""What routes are handed: the read model (PostgreSQL and the response cache), the bus (NATS),
the settings. Routes take a connection only when they query, so a cached answer needs none."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from pydantic import BaseModel
from starlette.responses import Response

from indigo_api.bus import Bus
from indigo_api.read_model import ReadModel, request_key
from indigo_api.settings import ApiSettings


async def _read_model(request: Request) -> ReadModel:
    return request.app.state.read_model


async def _bus(request: Request) -> Bus:
    return request.app.state.bus


async def _settings(request: Request) -> ApiSettings:
    return request.app.state.settings


Db = Annotated[ReadModel, Depends(_read_model)]


async def _connection(request: Request) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection for routes that write administration data or read uncached rows
    (saved searches); PostgreSQL unreachable is 503."""
    async with request.app.state.read_model.connection() as conn:
        yield conn


Connection = Annotated[asyncpg.Connection, Depends(_connection)]
Nats = Annotated[Bus, Depends(_bus)]
Settings = Annotated[ApiSettings, Depends(_settings)]


def render(model: BaseModel) -> bytes:
    return model.model_dump_json().encode()


def json_bytes(body: bytes, status_code: int = 200) -> Response:
    return Response(body, status_code=status_code, media_type="application/json")


def cache_key(request: Request) -> str:
    """The key a GET's answer is cached under (see :class:`indigo_api.read_model.CachedResponses`)."""
    return request_key(request.url.path, request.scope.get("query_string", b""))
