"""Pytest fixtures for real NATS and PostgreSQL, loaded by the repository's root ``conftest.py``.

With ``NATS_URL`` / ``DATABASE_URL`` set, tests use those servers; unset, they start embedded ones
on free ports for the session. Each test gets its own database (a copy of a migrated template) and
a NATS server with Indigo's streams freshly declared. On a shared NATS server the tests delete and
re-create Indigo's streams: point ``NATS_URL`` at a server you use for tests only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
import pytest_asyncio
from nats.js.errors import NotFoundError

from indigo_shared import nats as indigo_nats
from indigo_shared.db import migrate
from indigo_shared.embedded import EmbeddedNats, EmbeddedPostgres, create_database
from indigo_shared.streams import ALERTS, DLQ, LISTINGS, SYNC_EVENTS, SYNC_REQUESTS

STREAMS = (LISTINGS, SYNC_REQUESTS, SYNC_EVENTS, ALERTS, DLQ)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def nats_server_url(tmp_path_factory) -> Iterator[str]:
    if url := os.environ.get("NATS_URL"):
        yield url
        return
    server = EmbeddedNats(tmp_path_factory.mktemp("nats"))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory) -> Iterator[str]:
    if url := os.environ.get("DATABASE_URL"):
        yield url
        return
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "data", database="postgres")
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def database_template(postgres_server_url) -> Iterator[str]:
    """A database with every migration applied, copied for each test (``CREATE DATABASE ... TEMPLATE``)."""
    import asyncio

    name = f"indigo_template_{uuid.uuid4().hex[:8]}"
    url = with_database(postgres_server_url, name)
    migrate(url)
    yield name
    asyncio.run(_drop_database(postgres_server_url, name))


async def _drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest_asyncio.fixture
async def database_url(postgres_server_url, database_template) -> AsyncIterator[str]:
    name = f"indigo_test_{uuid.uuid4().hex[:10]}"
    await create_database(postgres_server_url, name, template=database_template)
    yield with_database(postgres_server_url, name)
    await _drop_database(postgres_server_url, name)


async def fresh_streams(server_url: str) -> None:
    """Remove Indigo's streams (and so their consumers) from the server and declare them anew."""
    nc = await indigo_nats.connect(server_url, "indigo-tests")
    js = nc.jetstream()
    for stream in STREAMS:
        try:
            await js.delete_stream(stream)
        except NotFoundError:
            pass
    await indigo_nats.ensure_streams(js)
    await nc.close()


@pytest_asyncio.fixture
async def nats_url(nats_server_url) -> AsyncIterator[str]:
    """The NATS server with Indigo's streams and consumers removed and the streams declared anew."""
    await fresh_streams(nats_server_url)
    yield nats_server_url


@pytest_asyncio.fixture
async def publisher(nats_url):
    """A service's publisher (size checks, outages waited out) on its own connection."""
    import asyncio

    from indigo_shared.nats import Publisher

    nc = await indigo_nats.connect(nats_url, "indigo-tests-publisher")
    yield Publisher(nc, stopping=asyncio.Event())
    await nc.close()


@pytest_asyncio.fixture
async def jetstream(nats_url):
    nc = await indigo_nats.connect(nats_url, "indigo-tests")
    yield nc.jetstream()
    await nc.drain()


def sample_listing(external_id: str = "v1|1000|0", *, platform: str = "ebay", **changes):
    """A realistic listing for tests; ``changes`` override any field."""
    from decimal import Decimal

    from indigo_shared.events import Listing

    fields = dict(
        platform=platform,
        external_id=external_id,
        url=f"https://www.ebay.com/itm/{external_id.split('|')[1] if '|' in external_id else 1}",
        title="Vintage Levi's 501 Jeans 33x32 Made in USA Medium Wash 1990s",
        description="Great vintage condition, light fading.",
        price=Decimal("64.99"),
        currency="USD",
        condition="Pre-owned",
        image_urls=["https://i.ebayimg.com/1.jpg"],
        seller_username="denimhead",
        location="US",
        raw_data={"itemId": external_id},
    )
    fields.update(changes)
    return Listing(**fields).with_content_hash()


def sample_enriched(listing=None, **changes):
    from indigo_shared.events import Attributes, Enrichment, ListingEnriched, utcnow

    listing = listing or sample_listing()
    fields = dict(
        collected_at=utcnow(),
        listing=listing,
        attributes=Attributes(
            brand="Levi's",
            model="501",
            waist=33,
            inseam=32,
            era="1990s",
            wash="medium",
            made_in="USA",
        ),
        enrichment=Enrichment(method="rules", extractor_version="test", confidence={"brand": 0.99}),
    )
    fields.update(changes)
    return ListingEnriched(**fields)


async def eventually(check, *, timeout: float = 20.0, interval: float = 0.1):
    """Poll ``check`` (async, truthy when done) until it succeeds; fail after ``timeout`` seconds."""
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        await asyncio.sleep(interval)


SERVER_FIXTURES = {"nats_server_url", "postgres_server_url"}


def pytest_collection_modifyitems(items) -> None:
    """Every test that reaches a real server is an integration test, marked or not, so that
    ``make test-unit`` (``-m "not integration"``) runs without servers."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


class TcpProxy:
    """A TCP front for a server (``host:port`` or a Unix socket path), which a test can cut: every
    connection through it is dropped and new ones are refused, as when the server goes down,
    until :meth:`restore`. The port stays the same."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.port: int | None = None
        self._server = None
        self._pipes: set = set()

    async def start(self) -> int:
        import asyncio

        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port or 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def _open_target(self):
        import asyncio

        if self.target.startswith("/"):
            return await asyncio.open_unix_connection(self.target)
        host, port = self.target.rsplit(":", 1)
        return await asyncio.open_connection(host, int(port))

    async def _accept(self, reader, writer) -> None:
        import asyncio

        try:
            target_reader, target_writer = await self._open_target()
        except OSError:
            writer.close()
            return

        async def pipe(src, dst) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        tasks = {
            asyncio.create_task(pipe(reader, target_writer)),
            asyncio.create_task(pipe(target_reader, writer)),
        }
        self._pipes |= tasks
        await asyncio.gather(*tasks, return_exceptions=True)
        self._pipes -= tasks

    async def cut(self) -> None:
        import asyncio

        self._server.close()
        await self._server.wait_closed()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def restore(self) -> None:
        await self.start()

    async def close(self) -> None:
        await self.cut()


def postgres_through(proxy_port: int, database_url: str) -> str:
    """``database_url`` with its connection sent to ``127.0.0.1:proxy_port``."""
    parts = urlsplit(database_url)
    user = parts.netloc.split("@")[0] if "@" in parts.netloc else "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}@127.0.0.1:{proxy_port}", query=""))


def postgres_socket(database_url: str) -> str:
    """The Unix socket file (or ``host:port``) a PostgreSQL URL points at."""
    from urllib.parse import parse_qs

    parts = urlsplit(database_url)
    host = parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    port = parts.port or 5432
    return f"{host}/.s.PGSQL.{port}" if host.startswith("/") else f"{host}:{port}"
