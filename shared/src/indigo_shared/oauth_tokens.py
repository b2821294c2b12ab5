"""OAuth application tokens (eBay client credentials, Reddit app-only), fetched once for all.

:class:`SharedTokens` keeps the platform's token sealed in ``marketplace_oauth_tokens`` with its
expiry, so every collector replica uses the same one. The first replica that finds it missing or
within its renewal margin (``min(300 s, a tenth of its lifetime)`` before expiry) takes a
PostgreSQL advisory lock, looks again (another replica may have just refreshed it), fetches a new
one and stores it; the others wait on the lock and then read it. Each refresh, failed refresh and
refused token is recorded in ``marketplace_token_refreshes`` for an admin to read. A token the
marketplace refuses (401) is dropped for everyone, if it is still the stored one.

A token belongs to the credentials that obtained it (their fingerprint): new credentials mean a
new token. With PostgreSQL unreachable a replica fetches a token for itself (a sync need not
wait for the database), as :class:`LocalTokens` does without one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from indigo_shared.credentials import token_context
from indigo_shared.failures import DATABASE_UNREACHABLE, describe
from indigo_shared.logs import register_secret
from indigo_shared.secret_keys import DecryptionFailed, Sealed, SecretKeys, UnknownKey

log = logging.getLogger(__name__)

RENEWAL_MARGIN_SECONDS = 300.0
HISTORY_KEEP_DAYS = 90


@dataclass(frozen=True)
class Grant:
    """What the token endpoint answered."""

    value: str
    expires_in: float


Fetch = Callable[[], Awaitable[Grant]]


@dataclass(frozen=True)
class _Held:
    value: str
    credential: str
    renew_at: float  # wall clock


def renew_at(expires_at: float, lifetime: float) -> float:
    return expires_at - min(RENEWAL_MARGIN_SECONDS, max(lifetime, 0) / 10)


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class LocalTokens:
    """One process's token, fetched when missing or due for renewal, by one caller at a time."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._held: _Held | None = None
        self._lock = asyncio.Lock()

    def _usable(self, credential: str) -> str | None:
        held = self._held
        if held and held.credential == credential and self._clock() < held.renew_at:
            return held.value
        return None

    async def token(self, credential: str, fetch: Fetch) -> str:
        if value := self._usable(credential):
            return value
        async with self._lock:
            if value := self._usable(credential):
                return value
            requested = self._clock()
            grant = await fetch()
            register_secret(grant.value)
            self._held = _Held(
                grant.value,
                credential,
                renew_at(requested + grant.expires_in, grant.expires_in),
            )
            return grant.value

    async def refused(self, value: str) -> None:
        if self._held is not None and self._held.value == value:
            self._held = None


class SharedTokens(LocalTokens):
    """The platform's token as every replica shares it (module doc)."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        keys: SecretKeys,
        platform: str,
        *,
        replica: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(clock)
        self._pool = pool
        self._keys = keys
        self.platform = platform
        self.replica = replica or replica_name()
        self._context = token_context(platform)

    async def token(self, credential: str, fetch: Fetch) -> str:
        if value := self._usable(credential):
            return value
        async with self._lock:
            if value := self._usable(credential):
                return value
            try:
                async with self._pool.acquire() as conn:
                    return await self._shared(conn, credential, fetch)
            except DATABASE_UNREACHABLE as exc:
                log.warning(
                    "%s token: PostgreSQL unreachable (%s); fetching one for this replica",
                    self.platform,
                    describe(exc),
                )
        return await super().token(credential, fetch)

    async def _shared(self, conn: asyncpg.Connection, credential: str, fetch: Fetch) -> str:
        if value := await self._stored(conn, credential):
            return value
        async with conn.transaction():
            # One refresher at a time for the platform; the lock ends with the transaction.
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", self._context)
            if value := await self._stored(conn, credential):
                return value
            started = time.monotonic()
            try:
                grant = await fetch()
            except Exception as exc:
                await self._record(conn, "failed", credential, error=describe(exc), started=started)
                failure = exc
            else:
                failure = None
                register_secret(grant.value)
                await self._save(conn, credential, grant, started)
        if failure is not None:
            raise failure
        return grant.value

    async def _stored(self, conn: asyncpg.Connection, credential: str) -> str | None:
        row = await conn.fetchrow(
            "SELECT credential_fingerprint, key_id, ciphertext, expires_at, refreshed_at"
            " FROM marketplace_oauth_tokens WHERE platform = $1",
            self.platform,
        )
        if row is None or row["credential_fingerprint"] != credential:
            return None
        expires_at = row["expires_at"].timestamp()
        due = renew_at(expires_at, expires_at - row["refreshed_at"].timestamp())
        if self._clock() >= due:
            return None
        try:
            value = self._keys.open(
                Sealed(row["key_id"], row["ciphertext"]), self._context
            ).decode()
        except (UnknownKey, DecryptionFailed) as exc:
            log.warning("%s token: the stored one cannot be read (%s)", self.platform, exc)
            return None
        register_secret(value)
        self._held = _Held(value, credential, due)
        log.debug(
            "%s token from the database (%s), valid until %s",
            self.platform,
            row["refreshed_at"].isoformat(timespec="seconds"),
            row["expires_at"].isoformat(timespec="seconds"),
        )
        return value

    async def _save(
        self, conn: asyncpg.Connection, credential: str, grant: Grant, started: float
    ) -> None:
        now = datetime.fromtimestamp(self._clock(), UTC)
        expires_at = now + timedelta(seconds=grant.expires_in)
        sealed = self._keys.seal(grant.value.encode(), self._context)
        token_print = self._keys.fingerprint(grant.value)
        await conn.execute(
            """
            INSERT INTO marketplace_oauth_tokens (platform, credential_fingerprint,
                token_fingerprint, key_id, ciphertext, expires_at, refreshed_at, refreshed_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (platform) DO UPDATE SET
                credential_fingerprint = EXCLUDED.credential_fingerprint,
                token_fingerprint = EXCLUDED.token_fingerprint, key_id = EXCLUDED.key_id,
                ciphertext = EXCLUDED.ciphertext, expires_at = EXCLUDED.expires_at,
                refreshed_at = EXCLUDED.refreshed_at, refreshed_by = EXCLUDED.refreshed_by
            """,
            self.platform,
            credential,
            token_print,
            sealed.key_id,
            sealed.ciphertext,
            expires_at,
            now,
            self.replica,
        )
        await self._record(
            conn, "refreshed", credential, token=token_print, expires_at=expires_at, started=started
        )
        self._held = _Held(
            grant.value,
            credential,
            renew_at(expires_at.timestamp(), grant.expires_in),
        )
        log.info(
            "%s token refreshed by %s, valid until %s",
            self.platform,
            self.replica,
            expires_at.isoformat(timespec="seconds"),
            extra={"platform": self.platform},
        )

    async def _record(
        self,
        conn: asyncpg.Connection,
        outcome: str,
        credential: str,
        *,
        token: str | None = None,
        expires_at: datetime | None = None,
        error: str | None = None,
        started: float | None = None,
    ) -> None:
        duration = round((time.monotonic() - started) * 1000) if started is not None else None
        await conn.execute(
            """
            INSERT INTO marketplace_token_refreshes (platform, outcome, credential_fingerprint,
                token_fingerprint, expires_at, replica, error, duration_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            self.platform,
            outcome,
            credential,
            token,
            expires_at,
            self.replica,
            error,
            duration,
        )
        await conn.execute(
            "DELETE FROM marketplace_token_refreshes WHERE platform = $1"
            " AND at < now() - make_interval(days => $2)",
            self.platform,
            HISTORY_KEEP_DAYS,
        )

    async def refused(self, value: str) -> None:
        """The marketplace refused this token: drop it for every replica (if still stored)."""
        await super().refused(value)
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                dropped = await conn.fetchval(
                    "DELETE FROM marketplace_oauth_tokens WHERE platform = $1"
                    " AND token_fingerprint = $2 RETURNING credential_fingerprint",
                    self.platform,
                    self._keys.fingerprint(value),
                )
                if dropped is not None:
                    await self._record(
                        conn, "refused", dropped, token=self._keys.fingerprint(value)
                    )
        except DATABASE_UNREACHABLE as exc:
            log.warning("%s token: could not drop the refused one: %s", self.platform, exc)


@dataclass(frozen=True)
class Refresh:
    platform: str
    outcome: str
    replica: str
    at: datetime
    expires_at: datetime | None
    token_fingerprint: str | None
    credential_fingerprint: str
    duration_ms: int | None
    error: str | None


async def refresh_history(
    conn: asyncpg.Connection, platform: str | None = None, *, limit: int = 50
) -> list[Refresh]:
    """The latest refreshes, newest first (what an admin reads)."""
    rows = await conn.fetch(
        """
        SELECT platform, outcome, replica, at, expires_at, token_fingerprint,
               credential_fingerprint, duration_ms, error
        FROM marketplace_token_refreshes
        WHERE $1::text IS NULL OR platform = $1
        ORDER BY at DESC, id DESC LIMIT $2
        """,
        platform,
        limit,
    )
    return [Refresh(**dict(row)) for row in rows]
