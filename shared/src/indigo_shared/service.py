"""The one runtime of every long-running service (collectors, enricher, projector, trends, alerts).

A :class:`Service` owns the NATS connection and its publisher, the PostgreSQL pool (when the
service has tables), its consumers, its periodic jobs, an HTTP endpoint for ``/healthz``,
``/readyz`` and ``/metrics`` (on ``INDIGO_HTTP_PORT``), start, stop and signals. A service
subclass says what it consumes and runs in :meth:`Service.setup`; nothing happens at import or
construction.

- NATS or PostgreSQL unreachable at start-up: waited out (the service starts when they answer).
- During an outage consumers hold their messages and readiness says what is down.
- A NATS connection closed for good (not by us) ends the service with exit code 1, so that its
  supervisor (``indigo dev``, Kubernetes) starts it again; readiness says so meanwhile.
- SIGTERM or SIGINT: stop fetching, let work in hand finish, stop within ``STOP_TIMEOUT``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from aiohttp import web
from nats.aio.client import Client
from nats.js import JetStreamContext

from indigo_shared import metrics
from indigo_shared import nats as indigo_nats
from indigo_shared.consumer import Consumer, Subscription
from indigo_shared.db import create_pool
from indigo_shared.failures import describe
from indigo_shared.logs import configure_logging, secrets_of
from indigo_shared.nats import Publisher
from indigo_shared.secret_keys import check_production
from indigo_shared.settings import IndigoSettings

log = logging.getLogger(__name__)

#: Seconds a service takes at most to stop after SIGTERM (Kubernetes waits 30 by default).
STOP_TIMEOUT = 8.0


class Service:
    """Subclasses set :attr:`name` and :attr:`uses_database` and override :meth:`setup` (and
    :meth:`teardown`) to add consumers (:meth:`consume`) and periodic jobs (:meth:`every`)."""

    name: str = "service"
    uses_database: bool = False
    #: Connections in the service's PostgreSQL pool (more for services with many tasks in flight).
    pool_max_size: int = 10

    def __init__(self, settings: IndigoSettings) -> None:
        check_production(settings)
        self.settings = settings
        self.connection: Client | None = None
        self.publisher: Publisher | None = None
        self.pool: asyncpg.Pool | None = None
        self.consumers: list[Consumer] = []
        self.fatal: str | None = None  # why the service must exit (a closed NATS connection)
        self.stopping = asyncio.Event()
        self.failed = asyncio.Event()
        self._subscriptions: list[Subscription] = []
        self._jobs: list[tuple[str, float, Callable[[], Awaitable[object]]]] = []
        self._tasks: list[asyncio.Task] = []
        self._http: web.AppRunner | None = None
        self._closing = False
        self.http_port: int | None = None

    # --- what subclasses declare --------------------------------------------------------------

    async def setup(self) -> None:
        """Open the service's own resources and declare its consumers and jobs."""

    async def teardown(self) -> None:
        """Close what :meth:`setup` opened."""

    def consume(self, subscription: Subscription) -> None:
        self._subscriptions.append(subscription)

    def every(self, seconds: float, job: Callable[[], Awaitable[object]], name: str) -> None:
        """Run ``job`` every ``seconds`` (0: never) while the service runs; a failure is logged
        and the next round tries again."""
        if seconds > 0:
            self._jobs.append((name, seconds, job))

    def spawn(self, coroutine: Awaitable[object], name: str) -> None:
        """Run a background task for the service's lifetime (cancelled at stop)."""
        self._tasks.append(asyncio.create_task(coroutine, name=name))

    # --- the runtime --------------------------------------------------------------------------

    @property
    def js(self) -> JetStreamContext:
        assert self.publisher is not None, "the service has not started"
        return self.publisher.js

    async def start(self) -> None:
        settings = self.settings
        await self._start_http()
        self.connection = await self._wait_for(
            "NATS",
            lambda: indigo_nats.connect(
                settings.require_nats_url(),
                self.name,
                closed_cb=self._on_closed,
                disconnected_cb=self._on_disconnected,
                reconnected_cb=self._on_reconnected,
                error_cb=self._on_error,
            ),
        )
        self.publisher = Publisher(
            self.connection, stopping=self.stopping, backoff=settings.outage_backoff_seconds
        )
        await self._wait_for(
            "JetStream", lambda: indigo_nats.ensure_streams(self.js, settings.stream_settings())
        )
        if self.uses_database:
            self.pool = await self._wait_for(
                "PostgreSQL",
                lambda: create_pool(settings.require_database_url(), max_size=self.pool_max_size),
            )
        await self.setup()
        for subscription in self._subscriptions:
            consumer = Consumer(self, subscription)
            await consumer.start()
            self.consumers.append(consumer)
        for name, seconds, job in self._jobs:
            self.spawn(self._every(seconds, job, name), name)
        if self.settings.http_port is not None:
            durables = [(c.sub.stream, c.name) for c in self.consumers]
            self.spawn(metrics.refresh_lag_forever(self.js, durables), "consumer lag")
        log.info("%s started", self.name)

    async def stop(self, grace: float = STOP_TIMEOUT - 2) -> None:
        self._closing = True
        self.stopping.set()
        await asyncio.gather(*(consumer.stop(grace) for consumer in self.consumers))
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await self.teardown()
        if self.connection is not None and not self.connection.is_closed:
            # close, not drain: every publish was awaited for its ack already, and draining a
            # pull subscription waits out the whole drain timeout.
            with contextlib.suppress(Exception):
                await self.connection.close()
        if self.pool is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.pool.close(), 2)
        if self._http is not None:
            await self._http.cleanup()

    async def __aenter__(self):
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def sleep(self, seconds: float) -> None:
        """Sleep, but wake up when the service is asked to stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    async def probe(self) -> str | None:
        """What is down, or None when NATS and (if used) PostgreSQL answer."""
        if self.connection is None or not self.connection.is_connected:
            return "NATS: not connected"
        if self.pool is not None:
            try:
                async with asyncio.timeout(3):
                    async with self.pool.acquire() as conn:
                        await conn.execute("SELECT 1")
            except Exception as exc:  # noqa: BLE001 - any failure means it is not answering
                return f"PostgreSQL: {describe(exc) or type(exc).__name__}"
        return None

    async def readiness(self) -> dict[str, Any]:
        problems = {}
        if self.fatal:
            problems["service"] = self.fatal
        if down := await self.probe():
            problems["dependencies"] = down
        for consumer in self.consumers:
            if consumer.waiting_out:
                problems[f"consumer {consumer.name}"] = f"waiting out: {consumer.waiting_out}"
        return problems

    async def _wait_for(self, what: str, attempt: Callable[[], Awaitable[Any]]):
        tries = 0
        while True:
            try:
                return await attempt()
            except Exception as exc:  # noqa: BLE001 - waited out, whatever the error
                if self.stopping.is_set():
                    raise
                delay = self.settings.outage_backoff_seconds[
                    min(tries, len(self.settings.outage_backoff_seconds) - 1)
                ]
                log.warning("%s unreachable (%s); trying again in %ss", what, describe(exc), delay)
                tries += 1
                await self.sleep(delay)
                if self.stopping.is_set():
                    raise

    async def _every(self, seconds: float, job, name: str) -> None:
        while not self.stopping.is_set():
            try:
                await job()
            except Exception as exc:  # noqa: BLE001 - the next round tries again
                log.warning("%s failed: %s", name, describe(exc))
            await self.sleep(seconds)

    # --- NATS connection events ---------------------------------------------------------------

    async def _on_closed(self) -> None:
        if not self._closing:
            self.fatal = "the NATS connection was closed"
            log.error("%s: %s; exiting so that it is restarted", self.name, self.fatal)
            self.failed.set()

    async def _on_disconnected(self) -> None:
        if not self._closing:
            log.warning("%s: disconnected from NATS; reconnecting", self.name)

    async def _on_reconnected(self) -> None:
        log.info("%s: reconnected to NATS", self.name)

    async def _on_error(self, exc: Exception) -> None:
        log.debug("%s: NATS error: %s", self.name, describe(exc))

    # --- health over HTTP ---------------------------------------------------------------------

    async def _start_http(self) -> None:
        port = self.settings.http_port
        if port is None:
            return
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        self._http = web.AppRunner(app, access_log=None)
        await self._http.setup()
        site = web.TCPSite(self._http, self.settings.http_host, port)
        await site.start()
        self.http_port = site._server.sockets[0].getsockname()[1]  # the port chosen for 0
        log.info("%s: health on http://%s:%s", self.name, self.settings.http_host, self.http_port)

    async def _healthz(self, request: web.Request) -> web.Response:
        if self.fatal:
            return _json({"status": "failing", "reason": self.fatal}, 503)
        return _json({"status": "alive", "service": self.name})

    async def _readyz(self, request: web.Request) -> web.Response:
        problems = await self.readiness()
        if self.publisher is None:
            problems.setdefault("service", "starting")
        if problems:
            return _json({"status": "not ready", "problems": problems}, 503)
        return _json({"status": "ready", "service": self.name})

    async def _metrics(self, request: web.Request) -> web.Response:
        body, content_type = metrics.render()
        return web.Response(body=body, headers={"Content-Type": content_type})


def _json(body: dict, status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json")


async def serve(service: Service, *, stop_timeout: float = STOP_TIMEOUT) -> int:
    """Run ``service`` until SIGINT or SIGTERM (or until it fails); returns the exit code."""
    loop = asyncio.get_running_loop()
    signalled = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, signalled.set)
    starting = asyncio.create_task(service.start())
    waits = [asyncio.create_task(signalled.wait()), asyncio.create_task(service.failed.wait())]
    done, _ = await asyncio.wait([starting, *waits], return_when=asyncio.FIRST_COMPLETED)
    if starting in done and starting.exception() is None:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    code = 0
    if starting.done() and not starting.cancelled() and starting.exception() is not None:
        log.error("%s could not start: %s", service.name, describe(starting.exception()))
        code = 1
    service.stopping.set()
    if not starting.done():
        starting.cancel()
        with contextlib.suppress(BaseException):
            await starting
    try:
        await asyncio.wait_for(service.stop(grace=stop_timeout - 2), stop_timeout)
    except TimeoutError:
        log.error("%s did not stop within %ss", service.name, stop_timeout)
    for task in waits:
        task.cancel()
    return 1 if service.fatal else code


def run_service(service: Service) -> None:
    """The entry point body of ``indigo run <service>``."""
    settings = service.settings
    configure_logging(
        settings.log_level,
        settings.log_format,
        access_log_sample=settings.access_log_sample,
        secrets=secrets_of(settings),
    )
    sys.exit(asyncio.run(serve(service)))
