"""PostgreSQL access: connection pools and migrations (plain SQL files applied by dbmate)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


def in_rounds(items: Sequence[T], key: Callable[[T], Hashable]) -> list[list[T]]:
    """``items`` in order, split into rounds in which no key repeats: round n holds the n-th item
    of each key. One set-based statement per round (``INSERT ... SELECT FROM unnest(...) ON
    CONFLICT``, ``UPDATE ... FROM unnest(...)``) then applies a batch as a statement per item in
    order would: a statement never meets its own key twice (which ``ON CONFLICT DO UPDATE``
    refuses and ``UPDATE ... FROM`` would apply only once), and each key's later versions come
    in later rounds. A batch of distinct listings is one round."""
    rounds: list[list[T]] = []
    seen: dict[Hashable, int] = {}
    for item in items:
        k = key(item)
        n = seen[k] = seen.get(k, -1) + 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(item)
    return rounds


def columns(rows: Sequence[Sequence]) -> list[list]:
    """Rows as one list per column: the arrays of an ``unnest($1::text[], $2::..)`` statement."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else []


async def _init_connection(conn: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(kind, encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def _keep_session(conn: asyncpg.Connection) -> None:
    """A released connection keeps its session: no code here leaves session state behind (LISTEN
    has its own connections, settings are the pool's, the one session lock is released in a
    ``finally``), and asyncpg's default reset (``RESET ALL``, ``UNLISTEN *``, ``CLOSE ALL``,
    ``pg_advisory_unlock_all()``) was a round trip per statement a service made. An open
    transaction is still rolled back by asyncpg before this runs."""


async def create_pool(
    url: str, *, min_size: int = 1, max_size: int = 10, server_settings: dict | None = None
) -> asyncpg.Pool:
    """``server_settings``: session settings every connection starts with."""
    return await asyncpg.create_pool(
        _asyncpg_url(url),
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        reset=_keep_session,
        server_settings=server_settings,
    )


async def connect(url: str, *, timeout: float = 60) -> asyncpg.Connection:
    """One connection outside any pool (a LISTEN needs its own), set up as the pools' are."""
    conn = await asyncpg.connect(_asyncpg_url(url), timeout=timeout)
    await _init_connection(conn)
    return conn


def _asyncpg_url(url: str) -> str:
    # asyncpg reads a Unix socket folder from ``?host=``, as libpq does; it only needs the scheme.
    return url.replace("postgres+asyncpg://", "postgresql://", 1)


def dbmate_url(url: str) -> str:
    """Translate a libpq-style URL (``?host=/socket/dir``) to dbmate's (``?socket=``)."""
    parts = urlsplit(_asyncpg_url(url))
    query = dict(parse_qsl(parts.query))
    netloc = parts.netloc
    host = query.pop("host", None)
    if host and host.startswith("/"):
        query["socket"] = host
    elif host:
        netloc = netloc.split("@")[0] + "@" + host if "@" in netloc else host
    hostname = (parts.hostname or "") if not host else ("" if host.startswith("/") else host)
    if "sslmode" not in query and hostname in LOCAL_HOSTS:
        query["sslmode"] = "disable"
    return urlunsplit(("postgres", netloc, parts.path, urlencode(query), ""))


def dbmate_binary() -> str:
    candidate = Path(sys.executable).with_name("dbmate")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbmate")
    if not found:
        raise RuntimeError("dbmate is not installed: run `make install`")
    return found


def migrate(url: str, *, command: str = "up", migrations_dir: Path = MIGRATIONS_DIR) -> str:
    """Create the database if needed and apply every pending migration. Returns dbmate's output.
    (``migrations_dir``: another schema's, a benchmark's baseline.)"""
    result = subprocess.run(
        [
            dbmate_binary(),
            "--url",
            dbmate_url(url),
            "--migrations-dir",
            str(migrations_dir),
            "--no-dump-schema",
            "--wait",
            "--wait-timeout",
            "30s",
            command,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dbmate {command} failed: {(result.stderr or result.stdout).strip()}")
    return result.stdout
