"""`indigo dev` says once, in one line, when each collector's first sync has ended."""

from __future__ import annotations

import asyncio
import uuid

from indigo_cli.initial_syncs import InitialSyncs
from indigo_shared.events import SyncCounts, SyncStatusChanged
from indigo_shared.nats import publish_event
from indigo_shared.streams import sync_status
from indigo_shared.testing import eventually


def status(platform: str, job, state: str, **fields) -> SyncStatusChanged:
    return SyncStatusChanged(job_id=job, platform=platform, status=state, **fields)


async def test_one_line_once_every_first_sync_has_ended(nats_url, jetstream):
    lines: list[str] = []
    watcher = InitialSyncs(nats_url, ["ebay", "etsy"], lines.append, settle_seconds=60)
    watcher.start()
    ebay, etsy, later = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    try:
        await publish_event(jetstream, sync_status("ebay"), status("ebay", ebay, "running"))
        await publish_event(jetstream, sync_status("etsy"), status("etsy", etsy, "pending"))
        done = SyncCounts(fetched=222, published=200, unchanged=22)
        await publish_event(
            jetstream, sync_status("ebay"), status("ebay", ebay, "completed", counts=done)
        )
        await asyncio.sleep(0.5)
        assert lines == []  # etsy's first sync is still running
        # Another etsy job ending first does not count: the first one seen does.
        await publish_event(jetstream, sync_status("etsy"), status("etsy", later, "failed"))
        await asyncio.sleep(0.5)
        assert lines == []
        partial = "partial results: Etsy's daily quota is spent"
        await publish_event(
            jetstream,
            sync_status("etsy"),
            status("etsy", etsy, "completed", counts=SyncCounts(fetched=100), error=partial),
        )
        await eventually(lambda: asyncio.sleep(0, result=bool(lines)), timeout=5)
        await publish_event(jetstream, sync_status("ebay"), status("ebay", later, "failed"))
        await asyncio.sleep(0.5)
    finally:
        watcher.stop()
    (line,) = lines
    assert line.startswith("Initial syncs done in ")
    assert "ebay 222 listings (200 new or changed)" in line
    assert f"etsy 100 listings (0 new or changed), {partial}" in line


def test_a_platform_without_a_job_this_interval_is_named_not_waited_for():
    watcher = InitialSyncs("nats://unused", ["ebay", "reddit"], print, settle_seconds=30)
    watcher.first_jobs["ebay"] = job = uuid.uuid4()
    watcher.results["ebay"] = status("ebay", job, "completed", counts=SyncCounts(fetched=5))
    start = watcher._started
    assert watcher.summary(now=start + 10) is None  # reddit may still begin
    line = watcher.summary(now=start + 31)
    assert "ebay 5 listings" in line and "reddit: no sync this interval" in line
