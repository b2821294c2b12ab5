"""Listings per second through the enricher with rules only (no LLM), beside a baseline.

    .venv/bin/python bench/enrich_throughput.py [--listings 5000] [--seconds 3]
                                               [--concurrency 64] [--nats-url URL --reset]

1. The extractor alone, on one core: ``extract()`` over generated listings (titles and
   descriptions from the sandbox's vintage-jeans generator, as sellers write them).
2. The whole enricher service through a real NATS backlog: ``--listings`` ``ListingCollected``
   events are published first, then enricher processes start (as ``indigo run enricher``) and
   the clock runs from the first delivery until their durable consumer has nothing pending or
   unacknowledged (every listing parsed, extracted, published as ``ListingEnriched`` with its
   ack awaited, and acknowledged). Measured three ways in the same run: the baseline (one
   message at a time, as a plain sequential consumer would), one replica as configured
   (``--concurrency`` messages in flight), and two replicas sharing the consumer (two
   processes: on a two-core machine they also share the cores with NATS).

NATS: an embedded ``nats-server`` in a temporary folder, unless ``--nats-url`` (or ``NATS_URL``)
names one; as each run deletes and re-creates Indigo's streams there, that needs ``--reset``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from indigo_enricher.domain.extraction import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.models import ListingText
from indigo_sandbox.denim import describe, random_jeans, write_title
from indigo_shared import nats as indigo_nats
from indigo_shared.embedded import EmbeddedNats
from indigo_shared.events import Listing, ListingCollected
from indigo_shared.nats import event_bytes
from indigo_shared.streams import ENRICHER, LISTINGS, collected_msg_id, listing_collected
from indigo_shared.testing import STREAMS
from nats.js.errors import NotFoundError


def generated_listings(count: int, seed: int = 7) -> list[Listing]:
    rng = random.Random(seed)
    listings = []
    for n in range(count):
        jeans = random_jeans(rng)
        listings.append(
            Listing(
                platform="ebay",
                external_id=f"v1|{n}|0",
                title=write_title(jeans, rng),
                description="\n".join(describe(jeans, rng)),
                price=jeans.value_usd,
                currency="USD",
                condition=rng.choice(("Pre-owned", "New with tags", "Pre-owned - Good", None)),
                shipping_cost=Decimal("9.95"),
            ).with_content_hash()
        )
    return listings


def listing_texts(listings: list[Listing]) -> list[ListingText]:
    """What the enricher hands the extractor: title, description and the eBay condition."""
    return [
        ListingText(
            title=x.title,
            description=x.description,
            platform=x.platform,
            platform_fields={"condition": x.condition} if x.condition else {},
        )
        for x in listings
    ]


def extractor_rate(listings: list[Listing], seconds: float) -> float:
    texts = listing_texts(listings)
    done = 0
    start = time.perf_counter()
    while True:
        for text in texts:
            extract(text)
        done += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


async def reset_streams(js) -> None:
    for stream in STREAMS:
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(stream)
    await indigo_nats.ensure_streams(js)


async def publish_backlog(js, listings: list[Listing]) -> None:
    """Publish in parallel chunks (sequential publishes would measure the publisher)."""
    chunk = 500
    for start in range(0, len(listings), chunk):
        await asyncio.gather(
            *(
                js.publish(
                    listing_collected(x.platform),
                    event_bytes(ListingCollected(listing=x)),
                    headers={
                        "Nats-Msg-Id": collected_msg_id(x.platform, x.external_id, x.content_hash)
                    },
                )
                for x in listings[start : start + chunk]
            )
        )


def start_replica(nats_url: str, concurrency: int) -> subprocess.Popen:
    """One enricher process, as ``indigo run enricher`` starts it (rules only)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        NATS_URL=nats_url,
        INDIGO_ENRICHER_CONCURRENCY=str(concurrency),
        INDIGO_ENRICHER_BATCH_SIZE=str(min(concurrency, 256)),
        INDIGO_LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-c", "from indigo_enricher.main import run; run()"], env=env
    )


async def service_rate(
    nats_url: str, listings: list[Listing], *, concurrency: int, replicas: int
) -> float:
    """Listings per second from the first delivery to an empty consumer (process start-up is
    not counted)."""
    nc = await indigo_nats.connect(nats_url, "bench")
    js = nc.jetstream()
    processes: list[subprocess.Popen] = []
    try:
        await reset_streams(js)
        await publish_backlog(js, listings)
        processes = [start_replica(nats_url, concurrency) for _ in range(replicas)]
        started = None
        while True:
            await asyncio.sleep(0.01)
            if any(p.poll() is not None for p in processes):
                raise SystemExit("an enricher process exited early")
            try:
                info = await js.consumer_info(LISTINGS, ENRICHER)
            except NotFoundError:
                continue
            if started is None and info.delivered.consumer_seq > 0:
                started = time.perf_counter()
            if started is not None and info.num_pending == 0 and info.num_ack_pending == 0:
                elapsed = time.perf_counter() - started
                break
        enriched = (await js.stream_info(LISTINGS)).state.messages - len(listings)
        if enriched != len(listings):
            raise SystemExit(f"expected {len(listings)} enriched events, found {enriched}")
        return len(listings) / elapsed
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)
        await nc.close()


async def run_services(nats_url: str, listings: list[Listing], concurrency: int) -> None:
    runs = [
        ("baseline: one message at a time", 1, 1),
        (f"1 replica, {concurrency} in flight", concurrency, 1),
        (f"2 replicas, {concurrency} in flight each", concurrency, 2),
    ]
    for label, in_flight, replicas in runs:
        rate = await service_rate(nats_url, listings, concurrency=in_flight, replicas=replicas)
        print(f"  {label:38} {rate:9,.0f} listings/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=5000, help="backlog size")
    parser.add_argument("--seconds", type=float, default=3.0, help="extractor run time")
    parser.add_argument("--concurrency", type=int, default=64, help="messages in flight")
    parser.add_argument("--nats-url", default=os.environ.get("NATS_URL"))
    parser.add_argument(
        "--reset", action="store_true", help="allow deleting Indigo's streams on --nats-url"
    )
    args = parser.parse_args(argv)
    if args.listings < 1 or args.concurrency < 1:
        parser.error("--listings and --concurrency must be at least 1")
    if args.nats_url and not args.reset:
        parser.error(f"each run deletes Indigo's streams on {args.nats_url}: add --reset")
    logging.basicConfig(level=logging.WARNING)

    listings = generated_listings(args.listings)
    print(
        f"extractor {EXTRACTOR_VERSION}, {len(listings)} generated listings (title + description)"
    )
    rate = extractor_rate(listings, args.seconds)
    print(f"  {'extractor alone (one core)':38} {rate:9,.0f} listings/s")

    if args.nats_url:
        print(f"enricher service through NATS at {args.nats_url} (rules only)")
        asyncio.run(run_services(args.nats_url, listings, args.concurrency))
        return 0
    with tempfile.TemporaryDirectory(prefix="indigo-bench-") as folder:
        server = EmbeddedNats(Path(folder))
        server.start()
        try:
            print(f"enricher service through an embedded NATS at {server.url} (rules only)")
            asyncio.run(run_services(server.url, listings, args.concurrency))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
