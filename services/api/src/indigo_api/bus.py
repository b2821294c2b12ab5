"""The API's NATS connection: publishing requests, reading consumer lag. NATS unreachable is a 503
(never a hang, never a 500); the API starts while NATS is down and connects once it is up."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from indigo_shared import nats as indigo_nats
from indigo_shared.streams import StreamSettings
from indigo_shared.sync_requests import cancellations
from nats.aio.client import Client
from nats.js import JetStreamContext

from indigo_api.errors import NATS_DOWN, Unavailable

log = logging.getLogger(__name__)

NATS = "NATS"


class Bus:
    def __init__(
        self,
        url: str,
        *,
        streams: StreamSettings,
        timeout: float = 5.0,
        retry_after: int = 5,
    ) -> None:
        self.url = url
        self.streams = streams
        self.timeout = timeout
        self.retry_after = retry_after
        self.client: Client | None = None
        self._connecting: asyncio.Task | None = None

    async def start(self) -> None:
        try:
            await self._connect()
        except Exception as exc:  # noqa: BLE001 - keep trying in the background
            log.warning("NATS unavailable at start-up (%s); retrying", exc)
            self._connecting = asyncio.create_task(self._keep_connecting(), name="nats connect")

    async def stop(self) -> None:
        if self._connecting:
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
        if self.client and not self.client.is_closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.client.close(), self.timeout)

    async def _connect(self) -> None:
        client = await asyncio.wait_for(indigo_nats.connect(self.url, "api"), self.timeout)
        js = client.jetstream(timeout=self.timeout)
        await indigo_nats.ensure_streams(js, self.streams)
        await cancellations(js)
        self.client = client

    async def _keep_connecting(self) -> None:
        delay = 1.0
        while self.client is None:
            await asyncio.sleep(delay)
            try:
                await self._connect()
                log.info("NATS connected")
            except Exception as exc:  # noqa: BLE001
                log.warning("NATS still unavailable: %s", exc)
                delay = min(delay * 2, 15)

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client.is_connected

    @contextlib.asynccontextmanager
    async def jetstream(self) -> AsyncIterator[JetStreamContext]:
        """JetStream while NATS is connected; unreachable or failing on the way is 503."""
        if not self.connected:
            raise Unavailable(NATS, self.retry_after)
        try:
            yield self.client.jetstream(timeout=self.timeout)
        except NATS_DOWN as exc:
            raise Unavailable(NATS, self.retry_after) from exc
