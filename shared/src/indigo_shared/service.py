"""The FastStream plumbing every consuming service shares: broker, durable pull subscribers, runtime."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

from faststream import AckPolicy, FastStream
from faststream.nats import JStream, NatsBroker, PullSub
from nats.aio.client import Client
from nats.js import JetStreamContext

from indigo_shared import nats as indigo_nats
from indigo_shared.delivery import DeliveryPolicy
from indigo_shared.settings import IndigoSettings


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )


def create_broker(settings: IndigoSettings, name: str) -> NatsBroker:
    return NatsBroker(
        settings.require_nats_url(),
        name=name,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        log_level=logging.DEBUG,
    )


def durable_pull(
    stream: str,
    policy: DeliveryPolicy,
    subject: str,
    *,
    batch_size: int = 1,
    batch: bool = False,
    timeout: float = 5.0,
    max_workers: int | None = None,
) -> dict[str, Any]:
    """Keyword arguments for ``broker.subscriber``: a durable pull consumer whose handler settles
    every message itself (ack after commit, nack with delay, park), as :mod:`indigo_shared.delivery`
    describes. FastStream's own policy would terminate a failed message: it is turned off here."""
    options: dict[str, Any] = dict(
        stream=JStream(stream, declare=False),
        durable=policy.consumer,
        pull_sub=PullSub(batch_size=batch_size, timeout=timeout, batch=batch),
        ack_policy=AckPolicy.MANUAL,
        config=policy.consumer_config(subject),
    )
    if max_workers:
        options["max_workers"] = max_workers
    return options


@dataclass
class Runtime:
    """A service's own NATS connection for publishing and parking, opened at start-up."""

    settings: IndigoSettings
    name: str
    connection: Client | None = None
    _js: JetStreamContext | None = field(default=None, repr=False)

    @property
    def js(self) -> JetStreamContext:
        assert self._js is not None, "the service has not started"
        return self._js

    async def start(self) -> None:
        self.connection = await indigo_nats.connect(self.settings.require_nats_url(), self.name)
        self._js = self.connection.jetstream()
        await indigo_nats.ensure_streams(self._js, self.settings.stream_settings())

    async def stop(self) -> None:
        # close, not drain: every publish was awaited for its ack already, and draining a pull
        # subscription waits out the whole drain timeout.
        if self.connection and not self.connection.is_closed:
            await self.connection.close()


def attach_runtime(app: FastStream, runtime: Runtime) -> None:
    # Streams must exist before the broker binds its consumers, so this runs first.
    app.on_startup(runtime.start)
    app.after_shutdown(runtime.stop)


def run_faststream(app: FastStream) -> None:
    asyncio.run(app.run())


async def serve_until_signalled(service: AbstractAsyncContextManager) -> None:
    """Run a service (an async context manager) until SIGINT or SIGTERM, then let it stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with service:
        await stop.wait()
