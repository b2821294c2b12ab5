"""Marketplace credentials through the API (admin): secrets go in, never come out, and are
stored only encrypted."""

from __future__ import annotations

import asyncpg
import pytest
from indigo_shared import credentials
from indigo_shared.secret_keys import require_secret_keys

from ..conftest import api_client

pytestmark = pytest.mark.integration

API = "/api/marketplace"
SECRET = "PRD-5e1f0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b"
CLIENT_ID = "IndigoLt-denim-PRD-0a1b2c3d4-5e6f7a8b"


async def test_credentials_are_stored_encrypted_and_never_returned(api_settings):
    async with api_client(api_settings, scopes=("admin",)) as client:
        put = await client.put(
            f"{API}/credentials/ebay", json={"client_id": CLIENT_ID, "client_secret": SECRET}
        )
        assert put.status_code == 200, put.text
        described = put.json()
        assert set(described) == {
            "platform", "fingerprint", "key_id", "created_at", "updated_at", "updated_by"
        }  # fmt: skip
        assert described["platform"] == "ebay" and described["fingerprint"].startswith("hmac-")
        assert "tests" in described["updated_by"]  # the key's name

        listed = (await client.get(f"{API}/credentials")).json()["items"]
        one = (await client.get(f"{API}/credentials/ebay")).json()
        refreshes = (await client.get(f"{API}/credentials/ebay/token-refreshes")).json()
        for answer in (put.text, str(listed), str(one), str(refreshes)):
            assert SECRET not in answer and CLIENT_ID not in answer
        assert [item["platform"] for item in listed] == ["ebay"] and one == described
        assert refreshes == {"items": []}

        # Replacing them changes the fingerprint; the same values give the same one.
        again = await client.put(
            f"{API}/credentials/ebay", json={"client_id": CLIENT_ID, "client_secret": SECRET}
        )
        other = await client.put(
            f"{API}/credentials/ebay", json={"client_id": CLIENT_ID, "client_secret": "x" * 20}
        )
        assert again.json()["fingerprint"] == described["fingerprint"]
        assert other.json()["fingerprint"] != described["fingerprint"]

        conn = await asyncpg.connect(api_settings.database_url)
        try:
            row = dict(await conn.fetchrow("SELECT * FROM marketplace_credentials"))
            stored = await credentials.load(conn, require_secret_keys(api_settings), "ebay")
        finally:
            await conn.close()
        assert all(
            SECRET.encode() not in bytes(str(v), "utf-8") and CLIENT_ID not in str(v)
            for v in row.values()
        )
        assert b"x" * 20 not in row["ciphertext"]
        assert stored["client_secret"] == "x" * 20 and stored["client_id"] == CLIENT_ID

        assert (await client.delete(f"{API}/credentials/ebay")).status_code == 204
        assert (await client.get(f"{API}/credentials/ebay")).status_code == 404
        assert (await client.delete(f"{API}/credentials/ebay")).status_code == 404


async def test_bad_credentials_are_422_naming_the_field(api_settings):
    async with api_client(api_settings, scopes=("admin",)) as client:
        missing = await client.put(f"{API}/credentials/etsy", json={"client_id": "keystring"})
        assert missing.status_code == 422
        assert missing.json()["detail"][0]["loc"] == ["body", "client_secret"]
        extra = await client.put(
            f"{API}/credentials/etsy",
            json={"client_id": "k", "client_secret": "s", "password": "p"},
        )
        assert extra.status_code == 422 and extra.json()["detail"][0]["loc"][-1] == "password"
        unknown = await client.put(
            f"{API}/credentials/amazon", json={"client_id": "k", "client_secret": "s"}
        )
        assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"][-1] == "platform"
        nul = await client.put(
            f"{API}/credentials/etsy", json={"client_id": "k\x00", "client_secret": "s"}
        )
        assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == ["body", "client_id"]
