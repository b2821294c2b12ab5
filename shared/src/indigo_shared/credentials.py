"""Marketplace credentials: from the environment, or stored encrypted in PostgreSQL.

The environment wins (``EBAY_CLIENT_ID`` / ``EBAY_CLIENT_SECRET``, ``ETSY_API_KEY`` /
``ETSY_SHARED_SECRET``, ``REDDIT_CLIENT_ID`` / ``REDDIT_CLIENT_SECRET``); a platform with none
there uses the set stored by ``indigo credentials set`` or ``PUT /api/marketplace/credentials/
{platform}``. All of a platform's fields are sealed together (:mod:`indigo_shared.secret_keys`)
in ``marketplace_credentials``; what may be shown is the fingerprint, the key id and the times.
Collectors ask :class:`CredentialSource` before every sync, so a change is used without restart.
Every value read is registered with the log redaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import asyncpg

from indigo_shared.failures import DATABASE_UNREACHABLE, PermanentError, Unavailable
from indigo_shared.logs import register_secret
from indigo_shared.sealed import InvalidToken, Sealer
from indigo_shared.secret_keys import DecryptionFailed, Sealed, SecretKeys

log = logging.getLogger(__name__)

CredentialPlatform = Literal["ebay", "etsy", "reddit"]

#: Each platform's two fields, with the environment variable that gives each. Etsy's client id
#: is its app's keystring, its client secret the shared secret.
FIELDS: dict[str, dict[str, str]] = {
    "ebay": {"client_id": "EBAY_CLIENT_ID", "client_secret": "EBAY_CLIENT_SECRET"},
    "etsy": {"client_id": "ETSY_API_KEY", "client_secret": "ETSY_SHARED_SECRET"},
    "reddit": {"client_id": "REDDIT_CLIENT_ID", "client_secret": "REDDIT_CLIENT_SECRET"},
}
#: What each platform calls them (for prompts).
LABELS: dict[str, dict[str, str]] = {
    "ebay": {
        "client_id": "eBay App ID (client id)",
        "client_secret": "eBay Cert ID (client secret)",
    },
    "etsy": {"client_id": "Etsy keystring", "client_secret": "Etsy shared secret"},
    "reddit": {"client_id": "Reddit client id", "client_secret": "Reddit client secret"},
}
MARKETPLACE = {"ebay": "eBay", "etsy": "Etsy", "reddit": "Reddit"}
OAUTH_PLATFORMS = ("ebay", "reddit")

# Connection failures are an outage (waited out by the runtime), not the sync's fault.


class MissingCredentials(PermanentError):
    """Neither the environment nor the database has the platform's credentials."""


@dataclass(frozen=True)
class Credentials:
    platform: str
    values: Mapping[str, str]
    fingerprint: str  # of the values, to tell two sets apart without showing either
    source: Literal["environment", "database"]

    def __getitem__(self, field: str) -> str:
        return self.values[field]

    def __repr__(self) -> str:  # never the values
        return f"Credentials({self.platform}, {self.source}, {self.fingerprint})"


@dataclass(frozen=True)
class StoredCredentials:
    """What may be shown of a stored set: never a value."""

    platform: str
    fingerprint: str
    key_id: str
    created_at: datetime
    updated_at: datetime
    updated_by: str


def context(platform: str) -> str:
    return f"marketplace_credentials:{platform}"


def fingerprint(keys: SecretKeys, platform: str, values: Mapping[str, str]) -> str:
    return keys.fingerprint(platform, *(values[field] for field in FIELDS[platform]))


def check_values(platform: str, values: Mapping[str, str]) -> dict[str, str]:
    """The platform's fields, each a non-empty string (as given: a secret is not trimmed);
    ``ValueError`` naming the first that is missing or unknown."""
    fields = FIELDS[platform]
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"{platform} has no field {sorted(unknown)[0]!r}")
    for field in fields:
        if not isinstance(values.get(field), str) or not values[field]:
            raise ValueError(f"{platform} needs {field}")
    return {field: values[field] for field in fields}


def from_environment(platform: str, environment: Mapping[str, str | None]) -> dict[str, str] | None:
    """The platform's credentials as the environment gives them (all fields), or None."""
    values = {field: environment.get(variable) for field, variable in FIELDS[platform].items()}
    if all(values.values()):
        return values  # type: ignore[return-value]
    return None


_INFO = "platform, fingerprint, key_id, created_at, updated_at, updated_by"


async def store(
    conn: asyncpg.Connection,
    keys: SecretKeys,
    platform: str,
    values: Mapping[str, str],
    *,
    actor: str,
) -> StoredCredentials:
    clean = check_values(platform, values)
    sealed = keys.seal(json.dumps(clean).encode(), context(platform))
    row = await conn.fetchrow(
        f"""
        INSERT INTO marketplace_credentials
            (platform, key_id, ciphertext, fingerprint, updated_by)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (platform) DO UPDATE SET
            key_id = EXCLUDED.key_id, ciphertext = EXCLUDED.ciphertext,
            fingerprint = EXCLUDED.fingerprint, updated_by = EXCLUDED.updated_by,
            updated_at = now()
        RETURNING {_INFO}
        """,
        platform,
        sealed.key_id,
        sealed.ciphertext,
        fingerprint(keys, platform, clean),
        actor,
    )
    return StoredCredentials(**dict(row))


async def load(conn: asyncpg.Connection, keys: SecretKeys, platform: str) -> Credentials | None:
    row = await conn.fetchrow(
        "SELECT key_id, ciphertext, fingerprint FROM marketplace_credentials WHERE platform = $1",
        platform,
    )
    if row is None:
        return None
    values = json.loads(keys.open(Sealed(row["key_id"], row["ciphertext"]), context(platform)))
    for value in values.values():
        register_secret(value)
    return Credentials(platform, values, row["fingerprint"], "database")


async def describe(
    conn: asyncpg.Connection, platform: str | None = None
) -> list[StoredCredentials]:
    rows = await conn.fetch(
        f"SELECT {_INFO} FROM marketplace_credentials"
        " WHERE $1::text IS NULL OR platform = $1 ORDER BY platform",
        platform,
    )
    return [StoredCredentials(**dict(row)) for row in rows]


async def delete(conn: asyncpg.Connection, platform: str) -> bool:
    deleted = await conn.fetchval(
        "DELETE FROM marketplace_credentials WHERE platform = $1 RETURNING platform", platform
    )
    return deleted is not None


@dataclass(frozen=True)
class Rotation:
    key_id: str
    credentials: int  # rows re-encrypted
    tokens: int
    api_keys_on_old_secret: int  # re-hashed on their next use (their clear text is unknown)
    channels: int = 0  # alert channels whose sealed URL and signing secrets were sealed again


async def rotate(
    conn: asyncpg.Connection, keys: SecretKeys, legacy_sealing_keys: Sequence[str] = ()
) -> Rotation:
    """Re-encrypt every stored credential set, cached token and alert channel secret under the
    current secret (in one transaction; a row no configured secret opens stops it, naming the
    row). ``legacy_sealing_keys``: the deprecated ``INDIGO_SECRETS_KEY``'s, which still open
    channels sealed before it was."""
    sealer = Sealer.from_secret_keys(keys, legacy_sealing_keys)
    async with conn.transaction():
        credentials = await conn.fetch(
            "SELECT platform, key_id, ciphertext FROM marketplace_credentials FOR UPDATE"
        )
        for row in credentials:
            where = context(row["platform"])
            values = json.loads(keys.open(Sealed(row["key_id"], row["ciphertext"]), where))
            sealed = keys.seal(json.dumps(values).encode(), where)
            await conn.execute(
                "UPDATE marketplace_credentials SET key_id = $2, ciphertext = $3, fingerprint = $4"
                " WHERE platform = $1",
                row["platform"],
                sealed.key_id,
                sealed.ciphertext,
                fingerprint(keys, row["platform"], values),
            )
        tokens = await conn.fetch(
            "SELECT platform, key_id, ciphertext FROM marketplace_oauth_tokens FOR UPDATE"
        )
        for row in tokens:
            where = token_context(row["platform"])
            sealed = keys.seal(keys.open(Sealed(row["key_id"], row["ciphertext"]), where), where)
            await conn.execute(
                "UPDATE marketplace_oauth_tokens SET key_id = $2, ciphertext = $3"
                " WHERE platform = $1",
                row["platform"],
                sealed.key_id,
                sealed.ciphertext,
            )
        channels = await reseal_channels(conn, sealer)
        stale_api_keys = await conn.fetchval(
            "SELECT count(*) FROM marketplace_api_keys"
            " WHERE hash_key_id <> $1 AND revoked_at IS NULL",
            keys.key_id,
        )
    return Rotation(keys.key_id, len(credentials), len(tokens), stale_api_keys, channels)


async def reseal_channels(conn: asyncpg.Connection, sealer: Sealer) -> int:
    """Seal every alert channel's target and signing secrets again under the current key."""
    rows = await conn.fetch(
        "SELECT id, target_sealed, secret_sealed, previous_secret_sealed"
        " FROM marketplace_alert_channels FOR UPDATE"
    )
    for row in rows:
        try:
            values = [
                None if row[column] is None else sealer.reseal(row[column])
                for column in ("target_sealed", "secret_sealed", "previous_secret_sealed")
            ]
        except InvalidToken:
            raise DecryptionFailed(
                f"alert channel {row['id']}: sealed under a key that is neither INDIGO_SECRET_KEY "
                "nor in INDIGO_PREVIOUS_SECRET_KEYS (or INDIGO_SECRETS_KEY)"
            ) from None
        await conn.execute(
            "UPDATE marketplace_alert_channels SET target_sealed = $2, secret_sealed = $3,"
            " previous_secret_sealed = $4 WHERE id = $1",
            row["id"],
            *values,
        )
    return len(rows)


def token_context(platform: str) -> str:
    return f"marketplace_oauth_tokens:{platform}"


class CredentialSource:
    """A collector's credentials for the sync about to run: the environment's, else the stored
    ones (read again for every sync, so a change applies to the next one)."""

    def __init__(
        self,
        platform: str,
        *,
        environment: Mapping[str, str | None],
        pool: asyncpg.Pool | None,
        keys: SecretKeys | None,
    ) -> None:
        self.platform = platform
        self._environment = from_environment(platform, environment)
        self._pool = pool
        self._keys = keys
        if self._environment is not None:
            for value in self._environment.values():
                register_secret(value)

    @property
    def from_environment(self) -> bool:
        return self._environment is not None

    async def current(self) -> Credentials:
        if self._environment is not None:
            if self._keys is not None:
                print_ = fingerprint(self._keys, self.platform, self._environment)
            else:
                print_ = "environment"
            return Credentials(self.platform, self._environment, print_, "environment")
        name = MARKETPLACE[self.platform]
        variables = " and ".join(FIELDS[self.platform].values())
        if self._pool is None or self._keys is None:
            raise MissingCredentials(
                f"no {name} credentials: set {variables} (or INDIGO_SECRET_KEY and DATABASE_URL "
                f"to use those stored by `indigo credentials set {self.platform}`)"
            )
        try:
            async with self._pool.acquire() as conn:
                found = await load(conn, self._keys, self.platform)
        except DATABASE_UNREACHABLE as exc:
            raise Unavailable(f"PostgreSQL, reading the {name} credentials: {exc}") from exc
        if found is not None:
            log.debug("%s credentials from the database (%s)", name, found.fingerprint)
        if found is None:
            raise MissingCredentials(
                f"no {name} credentials: set {variables}, or store them with `indigo "
                f"credentials set {self.platform}` (PUT /api/marketplace/credentials/"
                f"{self.platform})"
            )
        return found
