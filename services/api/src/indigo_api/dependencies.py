from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from nats.js import JetStreamContext

from indigo_api.settings import ApiSettings


async def _connection(request: Request) -> AsyncIterator[asyncpg.Connection]:
    async with request.app.state.pool.acquire() as conn:
        yield conn


def _jetstream(request: Request) -> JetStreamContext:
    return request.app.state.nats.jetstream()


def _settings(request: Request) -> ApiSettings:
    return request.app.state.settings


Connection = Annotated[asyncpg.Connection, Depends(_connection)]
JetStream = Annotated[JetStreamContext, Depends(_jetstream)]
Settings = Annotated[ApiSettings, Depends(_settings)]
