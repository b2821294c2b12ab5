"""API keys: ``indigo_<public id>_<secret>``, stored as an HMAC-SHA256 under the server secret.

The key itself is shown once, when it is created, and never stored: ``marketplace_api_keys``
holds its public id (the 12 hex characters after ``indigo_``, to name it in lists and logs), its
hash, name, scopes, expiry, revocation and last use. Written by the API and ``indigo apikey``.

Scopes: ``read`` (GET endpoints when ``INDIGO_API_READS_REQUIRE_KEY`` is set), ``sync`` (trigger
and cancel syncs), ``analyze`` (LLM analyses), ``alerts`` (saved searches and alerts), ``admin``
(marketplace credentials; an admin key may do everything).
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import asyncpg
from indigo_shared.db import connect
from indigo_shared.secret_keys import SecretKeys

Scope = Literal["read", "sync", "analyze", "alerts", "admin"]
SCOPES: tuple[Scope, ...] = ("read", "sync", "analyze", "alerts", "admin")
KEY_PATTERN = re.compile(r"^indigo_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$")
TABLE = "marketplace_api_keys"


@dataclass(frozen=True)
class ApiKey:
    id: uuid.UUID
    public_id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    hash_key_id: str

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True)
class CreatedKey:
    key: str  # shown once
    record: ApiKey


_COLUMNS = (
    "id, public_id, name, scopes, created_at, expires_at, revoked_at, last_used_at, hash_key_id"
)


def _record(row: asyncpg.Record) -> ApiKey:
    data = dict(row)
    data["scopes"] = tuple(data["scopes"])
    return ApiKey(**data)


def check_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(scopes))
    if not chosen:
        raise ValueError("give at least one scope")
    for scope in chosen:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}; one of {', '.join(SCOPES)}")
    return chosen


async def create(
    conn: asyncpg.Connection,
    keys: SecretKeys,
    *,
    name: str,
    scopes: Iterable[str],
    expires_at: datetime | None = None,
) -> CreatedKey:
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise ValueError("a key's name is 1 to 100 characters")
    chosen = check_scopes(scopes)
    public_id = secrets.token_hex(6)
    key = f"indigo_{public_id}_{secrets.token_urlsafe(32)}"
    row = await conn.fetchrow(
        f"""
        INSERT INTO {TABLE} (id, public_id, name, key_hash, hash_key_id, scopes, expires_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_COLUMNS}
        """,
        uuid.uuid4(),
        public_id,
        name,
        keys.api_key_hash(key),
        keys.key_id,
        chosen,
        expires_at,
    )
    return CreatedKey(key, _record(row))


async def create_in(database_url: str, keys: SecretKeys, **options) -> CreatedKey:
    """:func:`create` on a connection of its own (for a harness that has no pool)."""
    conn = await connect(database_url)
    try:
        return await create(conn, keys, **options)
    finally:
        await conn.close()


async def find(conn: asyncpg.Connection, keys: SecretKeys, presented: str) -> ApiKey | None:
    """The key row ``presented`` hashes to under any configured secret; one found under a
    previous secret is re-hashed under the current one."""
    if not KEY_PATTERN.match(presented):
        return None
    hashes = keys.api_key_hashes(presented)
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM {TABLE} WHERE key_hash = ANY($1::text[])", list(hashes.values())
    )
    if row is None:
        return None
    found = _record(row)
    if found.hash_key_id != keys.key_id:
        row = await conn.fetchrow(
            f"UPDATE {TABLE} SET key_hash = $2, hash_key_id = $3 WHERE id = $1"
            f" RETURNING {_COLUMNS}",
            found.id,
            keys.api_key_hash(presented),
            keys.key_id,
        )
        found = _record(row)
    return found


async def touch(conn: asyncpg.Connection, key_id: uuid.UUID, every_seconds: float) -> None:
    """Record a use, at most once every ``every_seconds`` (no write per request)."""
    await conn.execute(
        f"UPDATE {TABLE} SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL"
        " OR last_used_at < now() - make_interval(secs => $2))",
        key_id,
        float(every_seconds),
    )


async def list_keys(conn: asyncpg.Connection, *, include_revoked: bool = False) -> list[ApiKey]:
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM {TABLE} WHERE $1 OR revoked_at IS NULL ORDER BY created_at",
        include_revoked,
    )
    return [_record(row) for row in rows]


async def revoke(conn: asyncpg.Connection, public_id_or_name: str) -> list[ApiKey]:
    """Revoke the key with this public id (or the ``indigo_<id>_`` prefix of it), or every live
    key with this name. Returns what was revoked."""
    match = re.match(r"^(?:indigo_)?([0-9a-f]{12})(?:_.*)?$", public_id_or_name)
    public_id = match.group(1) if match else None
    rows = await conn.fetch(
        f"""
        UPDATE {TABLE} SET revoked_at = now()
        WHERE revoked_at IS NULL AND (public_id = $1 OR ($1 IS NULL AND name = $2))
        RETURNING {_COLUMNS}
        """,
        public_id,
        public_id_or_name,
    )
    return [_record(row) for row in rows]


async def get(conn: asyncpg.Connection, public_id: str) -> ApiKey | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM {TABLE} WHERE public_id = $1", public_id)
    return _record(row) if row else None
