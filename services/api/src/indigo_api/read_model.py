"""The read model as the API reaches it: pooled connections that answer 503 when PostgreSQL is
down, and a short-lived cache of rendered responses that every commit to a table they read makes
stale.

Freshness: each table the API serves has a trigger that NOTIFYs ``indigo_read_model`` with its
name (migration 20261201000900). PostgreSQL delivers a notice when its transaction commits, so
the projector's and the trends service's commits reach the API without either knowing about it.
The :class:`ReadModel` LISTENs on one dedicated connection and counts each table's commits (its
generation). A response is cached with the generations it was computed under, taken *before*
its queries ran, so a commit landing while they run makes the entry stale at once; an entry also
expires after ``INDIGO_API_CACHE_SECONDS``. While the listening connection is down nothing is
served from the cache (and when it comes back every entry is dropped: notices may have been
missed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import asyncpg
from indigo_shared.db import connect, create_pool

from indigo_api.adapters.repository import CUSTOM_PLANS
from indigo_api.errors import DATABASE_DOWN, Unavailable

log = logging.getLogger(__name__)

CHANNEL = "indigo_read_model"
DATABASE = "PostgreSQL"

LISTINGS = "marketplace_listings"
PRICE_HISTORY = "marketplace_price_history"
SYNC_JOBS = "marketplace_sync_jobs"
ANALYSIS_JOBS = "marketplace_analysis_jobs"
DEALS = "marketplace_listing_deals"
TREND_SCORES = "marketplace_listing_trend_scores"
TRENDS = "marketplace_trends"
# What a listing shows: its row, its deal and its trend score.
LISTING_TABLES = (LISTINGS, DEALS, TREND_SCORES)


@dataclass
class _Entry:
    body: bytes
    tables: tuple[str, ...]
    generations: tuple[int, ...]
    expires: float


class ResponseCache:
    """Rendered responses by key, least recently used dropped first, bounded in count and bytes."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(
        self, key: str, generations: Callable[[tuple[str, ...]], tuple[int, ...]], now: float
    ) -> bytes | None:
        """The body stored for ``key`` while no table it read has changed since (``generations``
        gives the tables' current counts) and it has not expired."""
        entry = self._entries.get(key)
        if entry is None or entry.expires <= now or generations(entry.tables) != entry.generations:
            if entry is not None:
                self._drop(key)
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry.body

    def put(
        self,
        key: str,
        body: bytes,
        tables: tuple[str, ...],
        generations: tuple[int, ...],
        expires: float,
    ) -> None:
        if len(body) > self.max_bytes // 8:  # one huge answer must not flush everything else
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = _Entry(body, tables, generations, expires)
        self._bytes += len(body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def _drop(self, key: str) -> None:
        self._bytes -= len(self._entries.pop(key).body)

    def __len__(self) -> int:
        return len(self._entries)


class ReadModel:
    def __init__(
        self,
        database_url: str,
        *,
        cache_seconds: float,
        cache_entries: int = 2048,
        cache_bytes: int = 64 * 2**20,
        timeout: float = 5.0,
        retry_after: int = 5,
    ) -> None:
        self.database_url = database_url
        self.cache_seconds = cache_seconds
        self.timeout = timeout
        self.retry_after = retry_after
        self.cache = ResponseCache(max_entries=cache_entries, max_bytes=cache_bytes)
        self.pool: asyncpg.Pool | None = None
        self._generations: dict[str, int] = {}
        self._listening = False
        self._changed = asyncio.Condition()
        self._listener_task: asyncio.Task | None = None
        self._check = asyncio.Event()  # look at the notice connection now

    # --- life ---------------------------------------------------------------------------------

    async def start(self) -> None:
        # min_size=0: the API starts (and answers 503) while PostgreSQL is down.
        self.pool = await create_pool(
            self.database_url, min_size=0, max_size=10, server_settings=CUSTOM_PLANS
        )
        if self.cache_seconds > 0:
            self._listener_task = asyncio.create_task(self._listen(), name="read-model notices")

    async def stop(self) -> None:
        if self._listener_task:
            self._listener_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener_task
        if self.pool:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.pool.close(), self.timeout)

    # --- connections --------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection; PostgreSQL unreachable (refused, lost, too slow) is 503."""
        assert self.pool is not None, "the read model has not started"
        try:
            async with self.pool.acquire(timeout=self.timeout) as conn:
                yield conn
        except DATABASE_DOWN as exc:
            # PostgreSQL may be gone: serve nothing cached until the notice connection answers.
            self._suspend_cache()
            raise Unavailable(DATABASE, self.retry_after) from exc

    async def reachable(self) -> bool:
        try:
            async with self.connection() as conn:
                await conn.fetchval("SELECT 1", timeout=self.timeout)
        except Unavailable:
            return False
        return True

    # --- freshness ----------------------------------------------------------------------------

    @property
    def listening(self) -> bool:
        """Whether notices arrive (while not, nothing derived from the tables may be reused)."""
        return self._listening

    def generations(self, tables: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(self._generations.get(table, 0) for table in tables)

    async def cached(
        self, key: str, tables: tuple[str, ...], render: Callable[[], Awaitable[bytes]]
    ) -> bytes:
        """The rendered response for ``key``: from the cache while no commit to ``tables`` has
        happened since it was rendered (and it is younger than the cache's lifetime)."""
        body = self.lookup(key)
        if body is None:
            generations = self.generations(tables)  # before the queries: see the module's doc
            body = await render()
            if self._listening:
                expires = time.monotonic() + self.cache_seconds
                self.cache.put(key, body, tables, generations, expires)
        return body

    def lookup(self, key: str) -> bytes | None:
        if not self._listening:
            return None
        return self.cache.get(key, self.generations, time.monotonic())

    async def eventually(
        self, read: Callable[[asyncpg.Connection], Awaitable[object]], timeout: float
    ) -> object:
        """``read``'s answer once it is truthy (it runs again on each notice, or every 100 ms),
        or its last answer after ``timeout`` seconds; None while PostgreSQL is unavailable.
        How a trigger waits for the projector to show what it published."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                async with self.connection() as conn:
                    found = await read(conn)
            except Unavailable:
                return None
            left = deadline - loop.time()
            if found or left <= 0:
                return found
            await self.wait_for_change(min(left, 0.1))

    async def wait_for_change(self, timeout: float) -> None:
        """Until the next notice (any table), or ``timeout`` seconds."""
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout)

    def _suspend_cache(self) -> None:
        self._listening = False
        self.cache.clear()
        self._check.set()

    def _on_notice(self, connection, pid, channel, table: str) -> None:
        self._generations[table] = self._generations.get(table, 0) + 1
        asyncio.get_running_loop().create_task(self._notify_waiters())

    async def _notify_waiters(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _listen(self) -> None:
        delay = 0.5
        while True:
            conn = None
            try:
                conn = await connect(self.database_url, timeout=self.timeout)
                lost = asyncio.Event()
                conn.add_termination_listener(
                    lambda _conn, lost=lost: (lost.set(), self._check.set())
                )
                await conn.add_listener(CHANNEL, self._on_notice)
                # Notices may have been missed while no one listened: nothing cached holds.
                self.cache.clear()
                self._listening = True
                delay = 0.5
                while not lost.is_set():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._check.wait(), 5)
                    self._check.clear()
                    if not lost.is_set():  # a quiet connection may be dead: ask it
                        await conn.fetchval("SELECT 1", timeout=self.timeout)
                        self._listening = True  # alive: no notice was missed
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - retried; meanwhile nothing is cached
                log.warning("read-model notices unavailable: %s", exc)
            finally:
                self._listening = False
                self.cache.clear()
                if conn is not None and not conn.is_closed():
                    conn.terminate()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)


def request_key(path: str, query_string: bytes | str) -> str:
    """The cache key of a GET: its path and query string as sent. Only answers to valid requests
    are cached, so a key found in the cache is a request already checked."""
    query = query_string.decode("latin-1") if isinstance(query_string, bytes) else query_string
    return f"{path}?{query}"


class CachedResponses:
    """ASGI middleware answering a GET from the cache before any routing or validation: the
    cost of a cached answer is little more than HTTP's. A miss goes on to the route, which
    renders and caches its answer under the same key (:meth:`ReadModel.cached`)."""

    HEADERS = [(b"content-type", b"application/json")]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        state = scope["app"].state if scope["type"] == "http" else None
        # Reads that require a key go through the route, which checks it (and uses the cache).
        if state is not None and scope["method"] == "GET" and not state.settings.reads_require_key:
            read_model = getattr(state, "read_model", None)
            body = read_model and read_model.lookup(
                request_key(scope["path"], scope.get("query_string", b""))
            )
            if body is not None:
                headers = [*self.HEADERS, (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
