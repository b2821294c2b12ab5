"""Credentials at rest and shared OAuth tokens, on a real PostgreSQL: rotation re-encrypts every
row; replicas share one token, refreshed once by one of them, with the history an admin reads."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from indigo_shared import credentials
from indigo_shared.db import create_pool
from indigo_shared.oauth_tokens import Grant, SharedTokens, refresh_history
from indigo_shared.secret_keys import SecretKeys, UnknownKey

pytestmark = pytest.mark.integration

OLD = "old-secret-" + "o" * 40
NEW = "new-secret-" + "n" * 40
SETS = {
    "ebay": {"client_id": "ebay-app-id-123", "client_secret": "ebay-cert-id-456"},
    "etsy": {"client_id": "etsy-keystring-789", "client_secret": "etsy-shared-012"},
    "reddit": {"client_id": "reddit-id-345", "client_secret": "reddit-secret-678"},
}


@pytest.fixture
async def pool(database_url):
    pool = await create_pool(database_url)
    yield pool
    await pool.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


class TokenEndpoint:
    """Counts token requests; each is slow enough for replicas to ask at once."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    async def fetch(self) -> Grant:
        await asyncio.sleep(0.2)
        self.issued.append(f"token-{len(self.issued) + 1}-" + "t" * 30)
        return Grant(self.issued[-1], 7200)


async def test_rotation_re_encrypts_every_row(pool):
    old = SecretKeys(OLD)
    async with pool.acquire() as conn:
        for platform, values in SETS.items():
            await credentials.store(conn, old, platform, values, actor="test")
        before = {
            r["platform"]: r for r in await conn.fetch("SELECT * FROM marketplace_credentials")
        }
    endpoint = TokenEndpoint()
    await SharedTokens(pool, old, "ebay").token("cred", endpoint.fetch)

    rotated = SecretKeys(NEW, [OLD])
    async with pool.acquire() as conn:
        done = await credentials.rotate(conn, rotated)
        after = {
            r["platform"]: r for r in await conn.fetch("SELECT * FROM marketplace_credentials")
        }
        token_row = await conn.fetchrow("SELECT key_id FROM marketplace_oauth_tokens")
    assert (done.credentials, done.tokens, done.key_id) == (3, 1, rotated.key_id)
    assert {row["key_id"] for row in after.values()} == {rotated.key_id} == {token_row["key_id"]}
    for platform, row in after.items():
        assert row["ciphertext"] != before[platform]["ciphertext"]
        assert row["fingerprint"] != before[platform]["fingerprint"]  # an HMAC under the new one
    # The new secret alone opens every row now; the old one alone opens none.
    alone = SecretKeys(NEW)
    async with pool.acquire() as conn:
        for platform, values in SETS.items():
            assert dict((await credentials.load(conn, alone, platform)).values) == values
            with pytest.raises(UnknownKey):
                await credentials.load(conn, old, platform)
    # The cached token, re-encrypted, is still the one every replica is served.
    assert (
        await SharedTokens(pool, alone, "ebay").token("cred", endpoint.fetch) == endpoint.issued[0]
    )
    assert len(endpoint.issued) == 1


async def test_stored_rows_hold_no_secret_in_clear(pool):
    keys = SecretKeys(NEW)
    async with pool.acquire() as conn:
        for platform, values in SETS.items():
            await credentials.store(conn, keys, platform, values, actor="test")
        rows = [dict(r) for r in await conn.fetch("SELECT * FROM marketplace_credentials")]
    text = repr(rows)
    for values in SETS.values():
        for value in values.values():
            assert value not in text and value.encode() not in b"".join(
                r["ciphertext"] for r in rows
            )


async def test_two_replicas_share_one_token_refreshed_once(pool):
    keys = SecretKeys(NEW)
    clock = Clock()
    endpoint = TokenEndpoint()
    replicas = [
        SharedTokens(pool, keys, "ebay", replica=name, clock=clock) for name in ("pod-a", "pod-b")
    ]
    tokens = await asyncio.gather(
        *(replica.token("cred", endpoint.fetch) for replica in replicas for _ in range(3))
    )
    assert endpoint.issued == [tokens[0]] and set(tokens) == {tokens[0]}

    # An hour later both still use it; 5 minutes before it expires, one renews it for both.
    clock.now += 3600
    assert {await r.token("cred", endpoint.fetch) for r in replicas} == {tokens[0]}
    clock.now += 7200 - 3600 - 299
    renewed = await asyncio.gather(*(r.token("cred", endpoint.fetch) for r in replicas))
    assert len(endpoint.issued) == 2 and set(renewed) == {endpoint.issued[1]}

    async with pool.acquire() as conn:
        history = await refresh_history(conn, "ebay")
        row = dict(await conn.fetchrow("SELECT * FROM marketplace_oauth_tokens"))
    assert [h.outcome for h in history] == ["refreshed", "refreshed"]
    assert {h.replica for h in history} <= {"pod-a", "pod-b"}
    assert all(h.expires_at is not None and h.token_fingerprint for h in history)
    assert (
        endpoint.issued[1] not in repr(row) and endpoint.issued[1].encode() not in row["ciphertext"]
    )


async def test_a_refused_token_is_dropped_for_every_replica(pool):
    keys = SecretKeys(NEW)
    endpoint = TokenEndpoint()
    first, second = (SharedTokens(pool, keys, "reddit", replica=n) for n in ("a", "b"))
    token = await first.token("cred", endpoint.fetch)
    assert await second.token("cred", endpoint.fetch) == token
    await second.refused(token)  # the marketplace answered second with 401
    renewed = await second.token("cred", endpoint.fetch)
    assert renewed != token and len(endpoint.issued) == 2
    # first meets the same 401 with its copy: it is handed the new token, not a third one.
    await first.refused(token)
    assert await first.token("cred", endpoint.fetch) == renewed and len(endpoint.issued) == 2
    # New credentials get a token of their own.
    assert await second.token("other-credentials", endpoint.fetch) == endpoint.issued[2]
    async with pool.acquire() as conn:
        outcomes = [h.outcome for h in await refresh_history(conn, "reddit")]
    assert outcomes == ["refreshed", "refreshed", "refused", "refreshed"]


async def test_a_failed_refresh_is_recorded_and_raised(pool):
    keys = SecretKeys(NEW)

    async def refused() -> Grant:
        raise PermissionError("invalid_client: client authentication failed")

    with pytest.raises(PermissionError):
        await SharedTokens(pool, keys, "ebay", replica="pod-a").token("cred", refused)
    async with pool.acquire() as conn:
        (failure,) = await refresh_history(conn, "ebay")
        assert await conn.fetchval("SELECT count(*) FROM marketplace_oauth_tokens") == 0
    assert failure.outcome == "failed" and "invalid_client" in failure.error


async def test_without_postgresql_a_replica_fetches_its_own(database_url):
    pool = await create_pool(database_url)
    await pool.close()  # every acquire now fails as with PostgreSQL gone
    endpoint = TokenEndpoint()
    tokens = SharedTokens(pool, SecretKeys(NEW), "ebay")
    with pytest.raises(asyncpg.InterfaceError):
        async with pool.acquire():
            pass
    assert await tokens.token("cred", endpoint.fetch) == endpoint.issued[0]


async def test_rotation_seals_alert_channels_again_including_the_earlier_sealing_key(pool):
    """A channel sealed under the old server secret, and one sealed under the deprecated
    INDIGO_SECRETS_KEY, both open with the new secret alone after the rotation."""
    import uuid

    from indigo_shared.sealed import InvalidToken, Sealer, _legacy_fernet

    legacy = "the-deprecated-sealing-key"
    under_old = Sealer.from_secret_keys(SecretKeys(OLD)).seal

    def under_legacy(text: str) -> bytes:  # as the earlier versions sealed
        return _legacy_fernet(legacy).encrypt(text.encode())

    search_id = uuid.uuid4()
    channels = {
        uuid.uuid4(): (under_old, "https://hooks.example.com/a", "whsec_a", "whsec_prev"),
        uuid.uuid4(): (under_legacy, "apprise://ntfy.example.com/topic", None, None),
    }
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO marketplace_saved_searches (id, name, filters, triggers, delivery)"
            " VALUES ($1, 'rotation', '{}', '{\"new\": true}', 'instant')",
            search_id,
        )
        for channel_id, (seal, target, secret, previous) in channels.items():
            await conn.execute(
                "INSERT INTO marketplace_alert_channels (id, saved_search_id, kind, target_sealed,"
                " target_display, secret_sealed, previous_secret_sealed)"
                " VALUES ($1, $2, 'webhook', $3, 'hooks.example.com', $4, $5)",
                channel_id,
                search_id,
                seal(target),
                None if secret is None else seal(secret),
                None if previous is None else seal(previous),
            )
        done = await credentials.rotate(conn, SecretKeys(NEW, [OLD]), [legacy])
        rows = await conn.fetch("SELECT * FROM marketplace_alert_channels")
    assert done.channels == 2
    alone = Sealer.from_secret_keys(SecretKeys(NEW))
    for row in rows:
        _, target, secret, previous = channels[row["id"]]
        assert alone.open(row["target_sealed"]) == target
        assert (secret is None) == (row["secret_sealed"] is None)
        if secret is not None:
            assert alone.open(row["secret_sealed"]) == secret
            assert alone.open(row["previous_secret_sealed"]) == previous
        with pytest.raises(InvalidToken):
            Sealer.from_secret_keys(SecretKeys(OLD)).open(row["target_sealed"])
