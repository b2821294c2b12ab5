"""Listings per second through the whole pipeline, beside a bare nats-py loop, in one run.

    .venv/bin/python bench/pipeline_throughput.py [--listings 10000] [--enrichers 2]

Real NATS (embedded ``nats-server``) and PostgreSQL (embedded, migrated) in a temporary folder.
``--listings`` ``ListingCollected`` events with descriptions (the sandbox's vintage-jeans
generator, as sellers write them) are published first; then, each time from an empty read model:

1. **Indigo**: the services as processes, started the way ``indigo dev`` starts them (``indigo
   run enricher`` ``--enrichers`` times, ``indigo run api-projector``, ``indigo run trends``;
   only ``NATS_URL`` / ``DATABASE_URL`` and the public settings in the environment). The clock
   runs from the enricher's first delivery until every listing is a row of
   ``marketplace_listings`` and the projector and trends consumers have nothing pending or
   unacknowledged (process start-up is not counted).
2. **Bare loop, same extractor**: one asyncio loop with nats-py: pull the collected events in
   batches, parse, ``Enricher.enrich`` (the service's own rules extraction), publish each
   ``ListingEnriched`` (with its ``Nats-Msg-Id``, acks awaited), upsert the batch with the
   projector's own listing upsert (its row, its SQL) in one transaction, ack the batch.
   No price history, search terms or trends: the plumbing a hand-written consumer would have.
3. **Bare loop, no extraction**: the same with empty attributes: the cost of the plumbing alone.

Printed: listings per second of each and the ratio of Indigo to the bare loop with the extractor,
and for the Indigo run where the time went: the CPU time per listing of each service's processes,
of PostgreSQL (the postmaster and its backends) and of NATS, over the same interval. On two cores
the sum bounds the rate: 2 s of CPU a second shared by every stage.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import psutil
from indigo_api.projector.repository import listing_row, upsert_listings
from indigo_enricher.domain import EXTRACTOR_VERSION
from indigo_enricher.handlers import Enricher
from indigo_shared import nats as indigo_nats
from indigo_shared.db import create_pool, migrate
from indigo_shared.embedded import EmbeddedNats, EmbeddedPostgres
from indigo_shared.events import (
    Attributes,
    Enrichment,
    Listing,
    ListingCollected,
    ListingEnriched,
)
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_shared.nats import event_bytes
from indigo_shared.streams import (
    API_PROJECTOR,
    ENRICHER,
    LISTINGS,
    TRENDS,
    enriched_msg_id,
    listing_enriched,
)
from indigo_shared.testing import STREAMS
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from enrich_throughput import generated_listings, publish_backlog  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
INDIGO = REPO_ROOT / ".venv" / "bin" / "indigo"
READ_MODEL = ("marketplace_listings", "marketplace_price_history", "marketplace_search_terms")
BATCH = 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def reset(js, database_url: str) -> None:
    """Empty streams and read model: each run starts from the same backlog and no rows."""
    for stream in STREAMS:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream)
    await indigo_nats.ensure_streams(js)
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f"TRUNCATE {', '.join(READ_MODEL)} CASCADE")
    finally:
        await conn.close()


async def rows(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval("SELECT count(*) FROM marketplace_listings")
    finally:
        await conn.close()


async def drained(js, consumer: str) -> bool:
    try:
        info = await js.consumer_info(LISTINGS, consumer)
    except NotFoundError:
        return False
    return info.num_pending == 0 and info.num_ack_pending == 0


def start_service(name: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [str(INDIGO), "run", name],
        env={**env, "INDIGO_HTTP_PORT": str(free_port())},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def cpu_seconds(process: psutil.Process) -> float:
    """CPU time of a process and of its children, the ones running and the ones it has reaped."""
    try:
        with process.oneshot():
            t = process.cpu_times()
            total = t.user + t.system + t.children_user + t.children_system
            children = process.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0.0
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            t = child.cpu_times()
            total += t.user + t.system
    return total


class CpuMeter:
    """CPU seconds used by named groups of processes between ``start`` and ``stop``."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = {name: [psutil.Process(pid) for pid in pids] for name, pids in groups.items()}
        self.used: dict[str, float] = {}

    def _now(self) -> dict[str, float]:
        return {name: sum(map(cpu_seconds, ps)) for name, ps in self.groups.items()}

    def start(self) -> None:
        self._started = self._now()

    def stop(self) -> None:
        now = self._now()
        self.used = {name: now[name] - self._started[name] for name in now}


async def pipeline_rate(
    nats_url: str,
    database_url: str,
    listings: list[Listing],
    enrichers: int,
    servers: dict[str, int],
) -> float:
    nc = await indigo_nats.connect(nats_url, "bench")
    js = nc.jetstream()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(NATS_URL=nats_url, DATABASE_URL=database_url, INDIGO_LOG_LEVEL="WARNING")
    processes: list[subprocess.Popen] = []
    try:
        await reset(js, database_url)
        await publish_backlog(js, listings)
        processes = [start_service("enricher", env) for _ in range(enrichers)]
        processes += [start_service("api-projector", env), start_service("trends", env)]
        meter = CpuMeter(
            {
                "enricher": [p.pid for p in processes[:enrichers]],
                "api-projector": [processes[enrichers].pid],
                "trends": [processes[enrichers + 1].pid],
            }
            | {name: [pid] for name, pid in servers.items()}
        )
        started = None
        finished: dict[str, float] = {}
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            await asyncio.sleep(0.02)
            for process in processes:
                if process.poll() is not None:
                    raise SystemExit(f"a service exited early:\n{process.stderr.read()[-2000:]}")
            if started is None:
                with contextlib.suppress(NotFoundError):
                    info = await js.consumer_info(LISTINGS, ENRICHER)
                    if info.delivered.consumer_seq > 0:
                        started = time.perf_counter()
                        meter.start()
                continue
            for stage in (ENRICHER, API_PROJECTOR, TRENDS):  # each drains after the one before
                if stage not in finished:
                    if not await drained(js, stage):
                        break
                    finished[stage] = time.perf_counter() - started
            if len(finished) == 3 and await rows(database_url) >= len(listings):
                elapsed = time.perf_counter() - started
                meter.stop()
                print(
                    "  (CPU per listing: "
                    + ", ".join(
                        f"{name} {used / len(listings) * 1e6:,.0f} us"
                        for name, used in meter.used.items()
                    )
                    + f"; total {sum(meter.used.values()) / len(listings) * 1e6:,.0f} us,"
                    f" wall {elapsed / len(listings) * 1e6:,.0f} us)"
                )
                print(
                    "  (pipeline stages drained after "
                    + ", ".join(f"{name} {t:.1f} s" for name, t in finished.items())
                    + ")"
                )
                return len(listings) / elapsed
        raise SystemExit("the pipeline did not finish within 10 minutes")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        await nc.close()


def _bare_enriched(collected: ListingCollected) -> ListingEnriched:
    return ListingEnriched(
        collected_at=collected.collected_at,
        sync_job_id=collected.sync_job_id,
        listing=collected.listing,
        attributes=Attributes(),
        enrichment=Enrichment(method="rules", extractor_version="none", confidence={}),
    )


async def bare_rate(
    nats_url: str, database_url: str, listings: list[Listing], *, extract: bool
) -> float:
    """One loop: fetch a batch, enrich (or not), publish, upsert, ack."""
    nc = await indigo_nats.connect(nats_url, "bench-bare")
    js = nc.jetstream()
    pool = await create_pool(database_url, min_size=1, max_size=2)
    enricher = Enricher()
    try:
        await reset(js, database_url)
        await publish_backlog(js, listings)
        subscription = await js.pull_subscribe(
            "listings.collected.*",
            durable="bench-bare",
            stream=LISTINGS,
            config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL),
        )
        done = 0
        started = time.perf_counter()
        while done < len(listings):
            messages = await subscription.fetch(BATCH, timeout=5)
            events = []
            for message in messages:
                collected = ListingCollected.model_validate_json(message.data)
                if extract:
                    events.append(
                        await enricher.enrich(
                            collected.listing,
                            collected_at=collected.collected_at,
                            sync_job_id=collected.sync_job_id,
                        )
                    )
                else:
                    events.append(_bare_enriched(collected))
            await asyncio.gather(
                *(
                    js.publish(
                        listing_enriched(e.listing.platform),
                        event_bytes(e),
                        headers={
                            "Nats-Msg-Id": enriched_msg_id(
                                e.listing.platform,
                                e.listing.external_id,
                                e.listing.content_hash,
                                e.enrichment.extractor_version or "none",
                            )
                        },
                    )
                    for e in events
                )
            )
            async with pool.acquire() as conn, conn.transaction():
                await upsert_listings(conn, [listing_row(e, DEFAULT_USD_RATES) for e in events])
            await asyncio.gather(*(message.ack() for message in messages))
            done += len(messages)
        elapsed = time.perf_counter() - started
        if await rows(database_url) != len(listings):
            raise SystemExit("the bare loop lost listings")
        return len(listings) / elapsed
    finally:
        await pool.close()
        await nc.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument(
        "--enrichers", type=int, default=2, help="enricher processes in the pipeline run"
    )
    args = parser.parse_args(argv)
    if args.listings < 1 or args.enrichers < 1:
        parser.error("--listings and --enrichers must be at least 1")
    if not INDIGO.exists():
        parser.error(f"{INDIGO} not found: run `make install` first")

    listings = generated_listings(args.listings)
    print(
        f"{len(listings)} listings with descriptions, extractor {EXTRACTOR_VERSION}, "
        f"{os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory(prefix="indigo-pipeline-") as folder:
        nats = EmbeddedNats(Path(folder) / "nats")
        postgres = EmbeddedPostgres(Path(folder) / "postgres")
        nats_url = nats.start()
        try:
            database_url = postgres.start()
            migrate(database_url)
            figures = {
                f"Indigo end to end ({args.enrichers} enricher processes, projector, trends)": (
                    asyncio.run(
                        pipeline_rate(
                            nats_url,
                            database_url,
                            listings,
                            args.enrichers,
                            {"postgresql": postgres.pid, "nats": nats.process.pid},
                        )
                    )
                ),
                "bare nats-py loop with the extractor": asyncio.run(
                    bare_rate(nats_url, database_url, listings, extract=True)
                ),
                "bare nats-py loop, no extraction": asyncio.run(
                    bare_rate(nats_url, database_url, listings, extract=False)
                ),
            }
        finally:
            postgres.stop()
            nats.stop()
    for label, rate in figures.items():
        print(f"  {label:66} {rate:8,.0f} listings/s")
    indigo, bare = list(figures.values())[:2]
    print(f"  Indigo / bare loop with the extractor: {indigo / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
