"""A projector process killed mid-batch and restarted loses nothing and duplicates nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from decimal import Decimal

import asyncpg
import pytest
from indigo_shared.nats import event_bytes
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

pytestmark = pytest.mark.integration

EVENTS = 3000


def start_projector(nats_url: str, database_url: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        NATS_URL=nats_url,
        DATABASE_URL=database_url,
        INDIGO_PROJECTOR_BATCH_SIZE="50",
        INDIGO_LOG_LEVEL="WARNING",
        INDIGO_ACK_WAIT_SECONDS="3",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "indigo_cli.main", "run", "api-projector"], env=env
    )


async def test_killed_projector_loses_and_duplicates_nothing(nats_url, database_url, jetstream):
    await asyncio.gather(
        *(
            jetstream.publish(
                listing_enriched("ebay"),
                event_bytes(
                    sample_enriched(sample_listing(f"v1|{i}|0", price=Decimal(20 + i % 50)))
                ),
                # 3,000 acks at once on a busy 2-core machine can take longer than the default.
                timeout=60,
            )
            for i in range(EVENTS)
        )
    )
    conn = await asyncpg.connect(database_url)

    async def rows() -> int:
        return await conn.fetchval("SELECT count(*) FROM marketplace_listings")

    try:
        projector = start_projector(nats_url, database_url)
        try:
            await eventually(lambda: _between(rows, 1, EVENTS - 1), timeout=60, interval=0.02)
        finally:
            projector.send_signal(signal.SIGKILL)
            projector.wait()
        killed_at = await rows()
        assert 0 < killed_at < EVENTS, "the kill must land mid-stream for this test to mean much"

        restarted = start_projector(nats_url, database_url)
        try:
            await eventually(lambda: _equals(rows, EVENTS), timeout=90)
            await asyncio.sleep(1)  # let any redelivery land, then check for duplicates
        finally:
            restarted.send_signal(signal.SIGTERM)
            assert restarted.wait(20) == 0
        assert await rows() == EVENTS
        assert await conn.fetchval("SELECT count(*) FROM marketplace_price_history") == EVENTS
        assert (
            await conn.fetchval("SELECT count(DISTINCT external_id) FROM marketplace_listings")
            == EVENTS
        )
        info = await jetstream.consumer_info("LISTINGS", "api-projector")
        assert info.num_pending == 0 and info.num_ack_pending == 0
    finally:
        await conn.close()


async def _between(rows, low: int, high: int) -> bool:
    return low <= await rows() <= high


async def _equals(rows, n: int) -> bool:
    return await rows() == n
