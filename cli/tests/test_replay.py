"""`indigo replay` against a real NATS server and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.nats import ensure_streams, publish_event
from indigo_shared.streams import enriched_msg_id, listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

pytestmark = pytest.mark.integration


def indigo(*args: str, nats_url: str, database_url: str | None = None, stdin: str | None = None):
    env = dict(os.environ, NATS_URL=nats_url)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "indigo_cli.main", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def publish_listings(js, n: int) -> None:
    for i in range(n):
        event = sample_enriched(sample_listing(f"v1|{i}|0"))
        listing = event.listing
        await publish_event(
            js,
            listing_enriched("ebay"),
            event,
            msg_id=enriched_msg_id("ebay", listing.external_id, listing.content_hash, "test"),
        )


async def test_export_then_import_restores_the_stream_once(nats_url, jetstream):
    await publish_listings(jetstream, 7)
    exported = indigo("replay", "export", "--subject", "listings.enriched.*", nats_url=nats_url)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == 7 and lines[0]["data"]["listing"]["external_id"] == "v1|0|0"

    # Another system (a developer's laptop): the stream is new, its duplicate window empty.
    await jetstream.delete_stream("LISTINGS")
    await ensure_streams(jetstream)
    first = indigo("replay", "import", nats_url=nats_url, stdin=exported.stdout)
    again = indigo("replay", "import", nats_url=nats_url, stdin=exported.stdout)
    assert "published 7, duplicates dropped 0" in first.stderr
    assert "published 0, duplicates dropped 7" in again.stderr, "Nats-Msg-Id kept on import"
    assert (await jetstream.stream_info("LISTINGS")).state.messages == 7

    broken = indigo(
        "replay",
        "import",
        nats_url=nats_url,
        stdin=exported.stdout.splitlines()[0] + "\nnot json\n",
    )
    assert broken.returncode == 1 and "line 2" in broken.stderr


async def test_rebuild_refills_the_read_model_from_the_log(nats_url, database_url, jetstream):
    settings = ApiSettings(
        nats_url=nats_url, database_url=database_url, projector_batch_timeout=0.2
    )
    await publish_listings(jetstream, 25)
    conn = await asyncpg.connect(database_url)

    async def rows() -> int:
        return await conn.fetchval("SELECT count(*) FROM marketplace_listings")

    try:
        async with create_projector(settings):
            await eventually(lambda: _is(rows, 25))
            await conn.execute("UPDATE marketplace_listings SET title = 'vandalised'")
            result = indigo(
                "replay", "rebuild", "--yes", nats_url=nats_url, database_url=database_url
            )
            assert result.returncode == 0, result.stderr
            await eventually(lambda: _is(rows, 25))
        vandalised = await conn.fetchval(
            "SELECT count(*) FROM marketplace_listings WHERE title = 'vandalised'"
        )
    finally:
        await conn.close()
    assert vandalised == 0


async def test_rewind_redelivers_a_range_to_a_durable_consumer(nats_url, jetstream):
    from nats.js.api import ConsumerConfig

    await publish_listings(jetstream, 10)
    await jetstream.add_consumer(
        "LISTINGS",
        ConsumerConfig(durable_name="enricher", filter_subject="listings.enriched.*", ack_wait=30),
    )
    sub = await jetstream.pull_subscribe_bind("enricher", stream="LISTINGS")
    for msg in await sub.fetch(10, timeout=2):
        await msg.ack_sync()
    assert (await jetstream.consumer_info("LISTINGS", "enricher")).num_pending == 0

    result = indigo("replay", "consumer", "enricher", "--from-seq", "4", nats_url=nats_url)
    assert result.returncode == 0, result.stderr
    info = await jetstream.consumer_info("LISTINGS", "enricher")
    assert info.num_pending == 7 and info.config.ack_wait == 30
    assert indigo("replay", "consumer", "nobody", nats_url=nats_url).returncode == 1


async def _is(rows, n: int) -> bool:
    return await rows() == n
