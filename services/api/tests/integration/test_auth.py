"""Who may change things: every mutating endpoint needs an API key with its scope; keys are
stored hashed, can be revoked or expire; mutating requests are rate limited per key; every
answer carries the security headers."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from indigo_api import api_keys
from indigo_api.main import create_app
from indigo_api.settings import ApiSettings
from indigo_shared.secret_keys import require_secret_keys

from ..conftest import create_api_key

pytestmark = pytest.mark.integration

API = "/api/marketplace"
CREDENTIALS = {"client_id": "MyApp-PRD-0123456789", "client_secret": "PRD-9f8e7d6c5b4a3210"}

# Each mutating endpoint: (method, path, body, the scope it needs, what success answers).
MUTATING = [
    ("POST", f"{API}/sync/trigger", {"platform": "ebay", "keywords": "levis 501"}, "sync", 202),
    ("POST", f"{API}/sync/{{job_id}}/cancel", None, "sync", 200),
    ("POST", f"{API}/analyze/{{listing_id}}", None, "analyze", 404),  # no such listing
    ("PUT", f"{API}/credentials/{{platform}}", CREDENTIALS, "admin", 200),
    ("DELETE", f"{API}/credentials/{{platform}}", None, "admin", 204),
]
WRONG_SCOPE = {"sync": "analyze", "analyze": "sync", "admin": "sync"}


@pytest.fixture
def settings(api_settings) -> ApiSettings:
    return api_settings.model_copy(update={"read_your_writes_seconds": 0})


@asynccontextmanager
async def serve(settings: ApiSettings):
    """The API in-process, no key sent unless a request gives one; an LLM counts as configured
    (so /analyze gets past its 503)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        app.state.llm_configured = True
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://indigo.test") as client:
            yield client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def pending_job(client, key: str) -> str:
    response = await client.post(
        f"{API}/sync/trigger",
        json={"platform": "reddit", "keywords": f"job {uuid.uuid4().hex}"},
        headers=bearer(key),
    )
    assert response.status_code == 202, response.text
    return response.json()["job_id"]


async def test_each_mutating_endpoint_needs_a_key_with_its_scope(settings):
    keys = {
        scope: await create_api_key(settings, scope, name=scope)
        for scope in ("sync", "analyze", "admin", "read")
    }
    async with serve(settings) as client:
        job_id = await pending_job(client, keys["sync"])
        for method, template, body, scope, success in MUTATING:
            path = template.format(job_id=job_id, listing_id=uuid.uuid4(), platform="ebay")
            what = f"{method} {path}"

            missing = await client.request(method, path, json=body)
            assert missing.status_code == 401, what
            assert missing.headers["www-authenticate"].startswith("Bearer"), what
            assert "API key is required" in missing.json()["detail"]

            garbage = await client.request(method, path, json=body, headers=bearer("nope"))
            assert garbage.status_code == 401, what
            assert 'error="invalid_token"' in garbage.headers["www-authenticate"]

            not_bearer = await client.request(
                method, path, json=body, headers={"Authorization": f"Basic {keys[scope]}"}
            )
            assert not_bearer.status_code == 401, what

            for wrong in {WRONG_SCOPE[scope], "read"}:
                refused = await client.request(method, path, json=body, headers=bearer(keys[wrong]))
                assert refused.status_code == 403, (what, wrong)
                assert f'scope="{scope}"' in refused.headers["www-authenticate"]
                assert scope in refused.json()["detail"]

            allowed = await client.request(method, path, json=body, headers=bearer(keys[scope]))
            assert allowed.status_code == success, (what, allowed.text)


async def test_an_admin_key_may_do_everything(settings):
    admin = await create_api_key(settings, "admin")
    async with serve(settings) as client:
        job_id = await pending_job(client, admin)
        cancelled = await client.post(f"{API}/sync/{job_id}/cancel", headers=bearer(admin))
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


async def test_a_revoked_key_is_refused_at_once_and_an_expired_one_too(settings):
    key = await create_api_key(settings, "sync")
    expired = await create_api_key(
        settings, "sync", expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    soon = await create_api_key(settings, "sync", expires_at=datetime.now(UTC) + timedelta(hours=1))
    async with serve(settings) as client:
        assert (await pending_job(client, key)) and (await pending_job(client, soon))
        conn = await asyncpg.connect(settings.database_url)
        try:
            revoked = await api_keys.revoke(conn, key.split("_")[1])
        finally:
            await conn.close()
        assert [r.public_id for r in revoked] == [key.split("_")[1]]
        # The key was verified (and cached) a moment ago: the revocation still applies at once.
        trigger = {"platform": "ebay", "keywords": "after revocation"}
        refused = await client.post(f"{API}/sync/trigger", json=trigger, headers=bearer(key))
        assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
        late = await client.post(f"{API}/sync/trigger", json=trigger, headers=bearer(expired))
        assert late.status_code == 401 and "expired" in late.json()["detail"]
        assert 'error="invalid_token"' in late.headers["www-authenticate"]


async def test_keys_are_stored_hashed_with_their_last_use(settings):
    key = await create_api_key(settings, "sync", "analyze", name="ci pipeline")
    async with serve(settings) as client:
        await pending_job(client, key)
    conn = await asyncpg.connect(settings.database_url)
    try:
        rows = [dict(r) for r in await conn.fetch("SELECT * FROM marketplace_api_keys")]
    finally:
        await conn.close()
    (row,) = rows
    secret = key.split("_", 2)[2]
    assert all(secret not in str(value) and key not in str(value) for value in row.values())
    assert row["public_id"] == key.split("_")[1] and row["name"] == "ci pipeline"
    assert row["scopes"] == ["sync", "analyze"]
    assert row["last_used_at"] is not None and row["revoked_at"] is None
    # An HMAC under a key derived from INDIGO_SECRET_KEY: without the secret it cannot be
    # checked, and a plain hash of the key is not what is stored.
    assert row["key_hash"] == require_secret_keys(settings).api_key_hash(key)
    assert row["key_hash"] != hashlib.sha256(key.encode()).hexdigest()
    assert row["key_hash"] != hmac.new(b"", key.encode(), hashlib.sha256).hexdigest()


async def test_mutating_requests_are_rate_limited_per_key(settings):
    limited = settings.model_copy(update={"rate_limit": "2/minute"})
    first = await create_api_key(limited, "admin", name="first")
    second = await create_api_key(limited, "admin", name="second")
    async with serve(limited) as client:
        body = {"platform": "ebay", "keywords": "limit"}
        statuses = [
            (await client.post(f"{API}/sync/trigger", json=body, headers=bearer(first))).status_code
            for _ in range(2)
        ]
        assert statuses == [202, 202]
        over = await client.post(f"{API}/sync/trigger", json=body, headers=bearer(first))
        assert over.status_code == 429
        assert 1 <= int(over.headers["retry-after"]) <= 60
        assert "rate limit" in over.json()["detail"]
        # Reads do not count, and another key has its own window.
        assert (await client.get(f"{API}/sync-jobs", headers=bearer(first))).status_code == 200
        other = await client.post(f"{API}/sync/trigger", json=body, headers=bearer(second))
        assert other.status_code == 202


async def test_reads_stay_public_unless_keys_are_required_for_them(settings):
    sync_only = await create_api_key(settings, "sync")
    reader = await create_api_key(settings, "read")
    async with serve(settings) as client:
        assert (await client.get(f"{API}/listings")).status_code == 200
    locked = settings.model_copy(update={"reads_require_key": True})
    async with serve(locked) as client:
        for path in (f"{API}/listings", f"{API}/sync-jobs", f"{API}/stats"):
            anonymous = await client.get(path)
            assert anonymous.status_code == 401, path
            assert anonymous.headers["www-authenticate"].startswith("Bearer")
            assert (await client.get(path, headers=bearer(sync_only))).status_code == 403, path
            assert (await client.get(path, headers=bearer(reader))).status_code == 200, path
            # Twice: the second may come from the response cache, which must not skip the key.
            assert (await client.get(path)).status_code == 401, path
        assert (await client.get("/healthz")).status_code == 200  # probes stay open
        # A sync key still triggers: the read scope is for reads only.
        assert await pending_job(client, sync_only)


async def test_the_openapi_document_declares_the_scheme_and_who_needs_it(settings):
    document = create_app(settings).openapi()
    scheme = document["components"]["securitySchemes"]["ApiKey"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    paths = document["paths"]
    for method, template, _, scope, _ in MUTATING:
        operation = paths[template][method.lower()]
        assert operation["security"] == [{"ApiKey": [scope]}], template
        assert {"401", "403", "429"} <= set(operation["responses"]), template
    assert "security" not in paths[f"{API}/listings"]["get"]  # reads are public by default


async def test_every_answer_carries_the_security_headers(settings):
    async with serve(settings) as client:
        answers = [
            await client.get(f"{API}/listings"),
            await client.get(f"{API}/listings"),  # from the response cache
            await client.get(f"{API}/listings/{uuid.uuid4()}"),  # 404
            await client.post(f"{API}/sync/trigger", json={}),  # 401
            await client.get("/"),  # the dashboard
            await client.get("/js/app.js"),
        ]
        for answer in answers:
            headers = answer.headers
            assert headers["x-content-type-options"] == "nosniff", answer.url
            assert headers["x-frame-options"] == "DENY"
            assert headers["referrer-policy"] == "no-referrer"
            policy = headers["content-security-policy"]
            assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
        docs = await client.get("/docs")
        assert "'unsafe-inline'" in docs.headers["content-security-policy"]  # Swagger's start
        assert "https:" not in docs.headers["content-security-policy"]
        assert "strict-transport-security" not in docs.headers
    https = settings.model_copy(update={"hsts_seconds": 31536000})
    async with serve(https) as client:
        answer = await client.get("/healthz")
        assert answer.headers["strict-transport-security"] == "max-age=31536000"
