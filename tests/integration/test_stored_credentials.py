"""Collectors on stored credentials, against the sandbox: a collector whose environment has no
credentials syncs with those stored through the API and picks up a change without restart;
two replicas share one OAuth token, refreshed once; and no secret reaches a log line, at DEBUG,
anywhere in the run."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import os
from datetime import datetime

import asyncpg
import pytest
from indigo_collector_ebay.main import create_app as create_ebay
from indigo_collector_ebay.settings import EbayCollectorSettings
from indigo_collector_etsy.main import create_app as create_etsy
from indigo_collector_etsy.settings import EtsyCollectorSettings
from indigo_collector_reddit.main import create_app as create_reddit
from indigo_collector_reddit.settings import RedditCollectorSettings
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import running_sandbox
from indigo_shared.logs import configure_logging
from indigo_shared.secret_keys import Sealed, SecretKeys

from .pipeline import API, running_pipeline, sync_and_wait

pytestmark = pytest.mark.integration

SANDBOX = {
    "ebay": {"client_id": "indigo-sandbox-client", "client_secret": "indigo-sandbox-secret"},
    "etsy": {"client_id": "indigo-sandbox-etsy-key", "client_secret": "indigo-sandbox-etsy-secret"},
    "reddit": {
        "client_id": "indigo-sandbox-reddit-id",
        "client_secret": "indigo-sandbox-reddit-secret",
    },
}


def collector_without_credentials(platform: str, sandbox, replicas: int = 1):
    """The platform's collector(s), pointed at the sandbox with no credentials of their own."""

    def build(common: dict):
        if platform == "ebay":
            settings = EbayCollectorSettings(
                **common,
                ebay_api_base=sandbox.ebay_url,
                ebay_client_id=None,
                ebay_client_secret=None,
                ebay_sync_interval_seconds=0,
                ebay_page_size=50,
            )
            return create_ebay(settings)
        if platform == "etsy":
            settings = EtsyCollectorSettings(
                **common,
                etsy_api_base=sandbox.etsy_url,
                etsy_api_key=None,
                etsy_shared_secret=None,
                etsy_sync_interval_seconds=0,
            )
            return create_etsy(settings)
        settings = RedditCollectorSettings(
            **common,
            reddit_oauth_url=sandbox.reddit_url,
            reddit_url=sandbox.reddit_url,
            reddit_client_id=None,
            reddit_client_secret=None,
            reddit_sync_interval_seconds=0,
            reddit_more_comments=0,
        )
        return create_reddit(settings)

    @contextlib.asynccontextmanager
    async def several(common: dict):
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(replicas):
                await stack.enter_async_context(build(common))
            yield

    return several


async def store(client, platform: str, values: dict) -> None:
    response = await client.put(f"{API}/credentials/{platform}", json=values)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("platform", ["ebay", "etsy", "reddit"])
async def test_a_collector_syncs_with_the_stored_credentials(nats_url, database_url, platform):
    async with (
        running_sandbox() as sandbox,
        running_pipeline(
            nats_url, database_url, collector_without_credentials(platform, sandbox)
        ) as client,
    ):
        missing = await sync_and_wait(client, platform, keywords="levis", limit=20)
        assert missing["status"] == "failed"
        assert (
            "credentials" in missing["error"] and f"credentials set {platform}" in missing["error"]
        )

        await store(client, platform, SANDBOX[platform])
        job = await sync_and_wait(client, platform, keywords="levis", limit=20)
        assert job["status"] == "completed", job
        assert job["counts"]["fetched"] > 0


async def test_a_change_of_stored_credentials_applies_without_restart(nats_url, database_url):
    async with (
        running_sandbox() as sandbox,
        running_pipeline(
            nats_url, database_url, collector_without_credentials("ebay", sandbox)
        ) as client,
    ):
        await store(client, "ebay", SANDBOX["ebay"])
        assert (await sync_and_wait(client, "ebay", keywords="501", limit=20))["status"] == (
            "completed"
        )
        wrong = {**SANDBOX["ebay"], "client_secret": "a-revoked-cert-id-000"}
        await store(client, "ebay", wrong)
        refused = await sync_and_wait(client, "ebay", keywords="505", limit=20)
        assert (
            refused["status"] == "failed" and "refused the client credentials" in refused["error"]
        )
        await store(client, "ebay", SANDBOX["ebay"])
        again = await sync_and_wait(client, "ebay", keywords="517", limit=20)
        assert again["status"] == "completed", again
        # The set that came back still had its token, valid: nothing asked for a second one.
        assert (await sandbox.stats())["tokens_issued"] == 1


def overlapping(jobs: list[dict]) -> bool:
    spans = [
        (datetime.fromisoformat(j["started_at"]), datetime.fromisoformat(j["finished_at"]))
        for j in jobs
    ]
    return all(a[0] < b[1] and b[0] < a[1] for a in spans for b in spans if a is not b)


@pytest.mark.parametrize("platform", ["ebay", "reddit"])
async def test_two_replicas_share_one_token_and_one_refresh(nats_url, database_url, platform):
    reddit = RedditSandboxConfig(rate_limit_requests=100_000)
    async with (
        running_sandbox(reddit=reddit) as sandbox,
        running_pipeline(
            nats_url, database_url, collector_without_credentials(platform, sandbox, replicas=2)
        ) as client,
    ):
        await store(client, platform, SANDBOX[platform])
        # Slow pages, two syncs at once: each replica (one sync at a time) runs one of them.
        slow = {"ebay": ("search", 1.0), "reddit": ("hot", 0.5)}[platform]
        await sandbox.inject_fault(
            {"kind": "slow", "path": slow[0], "delay": slow[1], "count": 100}, marketplace=platform
        )
        jobs = await asyncio.gather(
            *(
                sync_and_wait(client, platform, keywords=words, limit=60)
                for words in ("levis 501", "lee 101z")
            )
        )
        assert all(job["status"] == "completed" for job in jobs), jobs
        assert overlapping(jobs), "both replicas were syncing at once"
        assert (await sandbox.stats(marketplace=platform))["tokens_issued"] == 1

        refreshes = (await client.get(f"{API}/credentials/{platform}/token-refreshes")).json()
        assert [r["outcome"] for r in refreshes["items"]] == ["refreshed"]
        assert refreshes["items"][0]["expires_at"] and refreshes["items"][0]["replica"]

        # The marketplace revokes it: the replica that meets the 401 drops it and gets another.
        await sandbox.clear_faults(marketplace=platform)
        await sandbox.inject_fault({"kind": "expire_tokens"}, marketplace=platform)
        job = await sync_and_wait(client, platform, keywords="wrangler", limit=20)
        assert job["status"] == "completed", job
        assert (await sandbox.stats(marketplace=platform))["tokens_issued"] == 2
        refreshes = (await client.get(f"{API}/credentials/{platform}/token-refreshes")).json()
        assert [r["outcome"] for r in refreshes["items"]] == ["refreshed", "refused", "refreshed"]


async def test_no_secret_reaches_any_log_line_at_debug(nats_url, database_url):
    """Everything that handles a secret, in one run with DEBUG logs captured twice: as written
    (through the redaction) and as the records were made (before it, so nothing relies on the
    mask alone)."""
    written = io.StringIO()
    raw: list[str] = []

    class Raw(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            raw.append(record.getMessage())
            if record.exc_info:
                raw.append(logging.Formatter().formatException(record.exc_info))

    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    configure_logging("DEBUG", "json", stream=written)
    root.addHandler(Raw())
    try:
        async with (
            running_sandbox() as sandbox,
            running_pipeline(
                nats_url, database_url, collector_without_credentials("ebay", sandbox)
            ) as client,
        ):
            await store(client, "ebay", SANDBOX["ebay"])
            await store(client, "etsy", SANDBOX["etsy"])
            job = await sync_and_wait(client, "ebay", keywords="levis", limit=30)
            assert job["status"] == "completed", job
            listed = await client.get(f"{API}/credentials")
            refused = await client.post(
                f"{API}/sync/trigger",
                json={"platform": "ebay"},
                headers={"Authorization": "Bearer indigo_0123456789ab_" + "w" * 43},
            )
            assert listed.status_code == 200 and refused.status_code == 401
            api_key = client.headers["authorization"].removeprefix("Bearer ")
            conn = await asyncpg.connect(database_url)
            try:
                row = await conn.fetchrow(
                    "SELECT key_id, ciphertext FROM marketplace_oauth_tokens WHERE platform='ebay'"
                )
            finally:
                await conn.close()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    keys = SecretKeys(os.environ["INDIGO_SECRET_KEY"])
    token = keys.open(Sealed(row["key_id"], row["ciphertext"]), "marketplace_oauth_tokens:ebay")
    secrets = {
        "the API key": api_key,
        "its secret part": api_key.split("_", 2)[2],
        "a refused key": "w" * 43,
        "INDIGO_SECRET_KEY": os.environ["INDIGO_SECRET_KEY"],
        "the eBay token": token.decode(),
        "the eBay client secret": SANDBOX["ebay"]["client_secret"],
        "the Etsy shared secret": SANDBOX["etsy"]["client_secret"],
    }
    lines = written.getvalue()
    assert lines.count('"level": "DEBUG"') >= 3, "DEBUG lines were captured"
    assert "by API key" in lines and "credentials from the database" in lines
    for name, secret in secrets.items():
        assert secret not in lines, f"{name} is in a log line"
        assert not any(secret in message for message in raw), f"{name} was logged (masked)"
