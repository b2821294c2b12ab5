from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from indigo_api import api_keys
from indigo_api.main import create_app
from indigo_api.settings import ApiSettings
from indigo_shared.secret_keys import require_secret_keys


@pytest.fixture
def api_settings(nats_url, database_url) -> ApiSettings:
    return ApiSettings(
        nats_url=nats_url,
        database_url=database_url,
        projector_batch_timeout=0.2,
        max_deliver=3,
        rate_limit="10000/minute",  # tests of the limit set their own
    )


async def create_api_key(settings: ApiSettings, *scopes: str, name: str = "tests", **options):
    """A new API key in the settings' database (as `indigo apikey create` makes one)."""
    created = await api_keys.create_in(
        settings.require_database_url(),
        require_secret_keys(settings),
        name=name,
        scopes=scopes,
        **options,
    )
    return created.key


@asynccontextmanager
async def api_client(settings: ApiSettings, *, scopes: tuple[str, ...] | None = ("admin",)):
    """The API in-process, its lifespan (pool, NATS) run, reached through httpx; sending an API
    key with ``scopes`` (None: no key)."""
    app = create_app(settings)
    headers = {}
    if scopes:
        headers["Authorization"] = f"Bearer {await create_api_key(settings, *scopes)}"
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://indigo.test", headers=headers
        ) as client:
            yield client


class Outage:
    """A local TCP port forwarding to a server (on TCP, or PostgreSQL's Unix socket) that a test
    can cut: ``cut()`` closes every open connection and refuses new ones, as a server that went
    down does; ``restore()`` listens again on the same port."""

    def __init__(self, target: str) -> None:
        self.target = target  # "host:port" or a Unix socket path
        self.port = 0
        self._server: asyncio.AbstractServer | None = None
        self._pipes: set[asyncio.StreamWriter] = set()

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._pipes):
            writer.transport.abort()
        self._pipes.clear()

    async def restore(self) -> None:
        await self.start()

    async def _accept(self, reader, writer) -> None:
        try:
            if self.target.startswith("/"):
                upstream_reader, upstream_writer = await asyncio.open_unix_connection(self.target)
            else:
                host, port = self.target.rsplit(":", 1)
                upstream_reader, upstream_writer = await asyncio.open_connection(host, int(port))
        except OSError:
            writer.transport.abort()
            return
        self._pipes |= {writer, upstream_writer}
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer)
        )

    async def _pipe(self, reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._pipes.discard(writer)
            writer.transport.abort()


def postgres_target(database_url: str) -> tuple[str, str]:
    """Where a PostgreSQL URL points ("host:port" or its Unix socket), and its database name."""
    parts = urlsplit(database_url)
    query = dict(parse_qsl(parts.query))
    port = parts.port or int(query.get("port", 5432))
    host = query.get("host") or parts.hostname or "/tmp"
    target = f"{host}/.s.PGSQL.{port}" if host.startswith("/") else f"{host}:{port}"
    return target, parts.path.lstrip("/")


def nats_target(nats_url: str) -> str:
    parts = urlsplit(nats_url)
    return f"{parts.hostname}:{parts.port or 4222}"


@pytest.fixture
async def postgres_outage(database_url):
    target, database = postgres_target(database_url)
    outage = Outage(target)
    port = await outage.start()
    user = urlsplit(database_url).username or "postgres"
    outage.url = f"postgresql://{user}@127.0.0.1:{port}/{database}"
    yield outage
    await outage.cut()


@pytest.fixture
async def nats_outage(nats_url):
    outage = Outage(nats_target(nats_url))
    port = await outage.start()
    outage.url = f"nats://127.0.0.1:{port}"
    yield outage
    await outage.cut()
