"""`indigo replay` against a real NATS server and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.events import ListingCollected
from indigo_shared.nats import ensure_streams, publish_event
from indigo_shared.streams import (
    ALL_COLLECTED,
    ALL_ENRICHED,
    ENRICHER,
    LISTINGS,
    collected_msg_id,
    enriched_msg_id,
    listing_collected,
    listing_enriched,
)
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from nats.js.api import AckPolicy, ConsumerConfig, ConsumerInfo

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
            result = await indigo_async(
                "replay", "rebuild", "--yes", nats_url=nats_url, database_url=database_url
            )
            assert result.returncode == 0, result.stderr
            assert "projecting" in result.stderr and "the read model is rebuilt" in result.stdout
            assert await rows() == 25
        vandalised = await conn.fetchval(
            "SELECT count(*) FROM marketplace_listings WHERE title = 'vandalised'"
        )
    finally:
        await conn.close()
    assert vandalised == 0


async def indigo_async(*args: str, nats_url: str, database_url: str | None = None):
    """``indigo`` in a subprocess without blocking the loop (services may run in this test)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}  # rules only
    env["NATS_URL"] = nats_url
    if database_url:
        env["DATABASE_URL"] = database_url
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "indigo_cli.main",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=90)
    return subprocess.CompletedProcess(args, process.returncode, out.decode(), err.decode())


async def publish_collected(js, ids: list[str]) -> None:
    for external_id in ids:
        listing = sample_listing(external_id)
        await publish_event(
            js,
            listing_collected("ebay"),
            ListingCollected(listing=listing),
            msg_id=collected_msg_id("ebay", external_id, listing.content_hash),
        )


async def next_second() -> datetime:
    """Wait into the next whole second and return it: a boundary no message shares."""
    now = datetime.now(UTC)
    boundary = now.replace(microsecond=0) + timedelta(seconds=1)
    await asyncio.sleep((boundary - now).total_seconds() + 0.05)
    return boundary


async def live_enricher_at_the_end(js) -> ConsumerInfo:
    """A live ``enricher`` durable that has acknowledged everything so far."""
    await js.add_consumer(
        LISTINGS,
        ConsumerConfig(durable_name=ENRICHER, filter_subject=ALL_COLLECTED, ack_wait=30),
    )
    sub = await js.pull_subscribe_bind(ENRICHER, stream=LISTINGS)
    pending = (await js.consumer_info(LISTINGS, ENRICHER)).num_pending
    while pending:
        for msg in await sub.fetch(pending, timeout=2):
            await msg.ack_sync()
        pending = (await js.consumer_info(LISTINGS, ENRICHER)).num_pending
    return await js.consumer_info(LISTINGS, ENRICHER)


async def consumer_names(js, stream: str) -> set[str]:
    return {info.name for info in await js.consumers_info(stream)}


async def enriched_ids(js) -> list[str]:
    info = await js.stream_info(LISTINGS, subjects_filter=ALL_ENRICHED)
    total = sum((info.state.subjects or {}).values())
    if not total:
        return []
    sub = await js.pull_subscribe(ALL_ENRICHED, stream=LISTINGS, config=ConsumerConfig(
        ack_policy=AckPolicy.NONE, inactive_threshold=10))  # fmt: skip
    ids: list[str] = []
    while len(ids) < total:
        for msg in await sub.fetch(total - len(ids), timeout=2):
            ids.append(json.loads(msg.data)["listing"]["external_id"])
    await js.delete_consumer(LISTINGS, (await sub.consumer_info()).name)
    return ids


async def test_a_dry_run_says_what_it_would_replay_and_changes_nothing(nats_url, jetstream):
    await publish_collected(jetstream, [f"v1|{n}|0" for n in range(4)])
    since = await next_second()
    await publish_collected(jetstream, [f"v1|{n}|0" for n in range(4, 10)])
    live = await live_enricher_at_the_end(jetstream)
    before = (await jetstream.stream_info(LISTINGS)).state
    consumers = await consumer_names(jetstream, LISTINGS)

    result = await indigo_async(
        "replay", "consumer", "enricher", "--since", since.isoformat(), "--rate", "3",
        nats_url=nats_url,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "would replay 6 messages of LISTINGS (listings.collected.*)" in result.stderr
    assert "about 2 s" in result.stderr and "dry run: nothing was changed" in result.stderr
    after = (await jetstream.stream_info(LISTINGS)).state
    assert (after.messages, after.last_seq) == (before.messages, before.last_seq)
    assert await consumer_names(jetstream, LISTINGS) == consumers == {ENRICHER}
    still = await jetstream.consumer_info(LISTINGS, ENRICHER)
    assert still.ack_floor.stream_seq == live.ack_floor.stream_seq and still.num_pending == 0

    by_sequence = await indigo_async(
        "replay", "consumer", "enricher", "--from-seq", "2", "--to-seq", "5", nats_url=nats_url
    )
    assert "would replay 4 messages" in by_sequence.stderr
    unknown = await indigo_async("replay", "consumer", "nobody", nats_url=nats_url)
    assert unknown.returncode == 1 and "replayable: enricher" in unknown.stderr


async def test_a_real_replay_re_enriches_exactly_the_selected_range(nats_url, jetstream):
    before_range = [f"v1|{n}|0" for n in range(5)]
    in_range = [f"v1|{n}|0" for n in range(5, 12)]
    after_range = [f"v1|{n}|0" for n in range(12, 16)]
    await publish_collected(jetstream, before_range)
    since = await next_second()
    await publish_collected(jetstream, in_range)
    until = await next_second()
    await publish_collected(jetstream, after_range)
    live = await live_enricher_at_the_end(jetstream)

    args = ("replay", "consumer", "enricher", "--since", since.isoformat(),
            "--until", until.isoformat(), "--rate", "1000", "--apply")  # fmt: skip
    result = await indigo_async(*args, nats_url=nats_url)

    assert result.returncode == 0, result.stderr
    assert "replaying 7 messages" in result.stderr
    assert "replayed 7 messages" in result.stderr and "failed 0" in result.stderr
    assert sorted(await enriched_ids(jetstream)) == sorted(in_range)
    # The live consumer did not move; the replay's own consumer is gone.
    still = await jetstream.consumer_info(LISTINGS, ENRICHER)
    # (the enriched events are not on its subjects: it has nothing new to read either)
    assert still.ack_floor.stream_seq == live.ack_floor.stream_seq and still.num_pending == 0
    assert await consumer_names(jetstream, LISTINGS) == {ENRICHER}

    # The same replay again: the same extractor version, so the stream keeps one copy each.
    again = await indigo_async(*args, nats_url=nats_url)
    assert again.returncode == 0, again.stderr
    assert sorted(await enriched_ids(jetstream)) == sorted(in_range)


async def _is(rows, n: int) -> bool:
    return await rows() == n
