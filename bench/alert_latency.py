"""Alert latency and matching throughput with 10,000 active saved searches.

    .venv/bin/python bench/alert_latency.py [--searches 10000] [--rate 20] [--seconds 30]
                                           [--backlog 5000] [--replicas 1]
                                           [--workload specific|broad]

Embedded NATS and PostgreSQL in a temporary folder; the alerts service as its own process
(``indigo run alerts``); a webhook receiver (aiohttp, loopback) in this process. Every saved
search has a webhook channel to it, so deliveries load the system as they would.

1. The bare cost of matching, in memory, on one core: the index (``SearchIndex.matching``) over
   generated listings whose words PostgreSQL has stemmed, beside the baseline of checking every
   search (``matches`` for each of the 10,000).
2. End-to-end latency: ``ListingEnriched`` published at ``--rate`` per second for ``--seconds``;
   for each listing that matches, the time from its publish to the first signed webhook about it
   reaching the receiver (and to every webhook), p50/p95/p99.
3. Service throughput: ``--backlog`` listings published while the service is down, then the time
   for its ``alerts`` consumer to match them all (stems, matches and outbox rows committed and
   acknowledged), in listings per second; the channels are removed first, so that deliveries do
   not compete for the cores (phase 2 measures them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

from aiohttp import web
from indigo_alerts.adapters.terms import keyword_groups, listing_lexemes
from indigo_alerts.domain.listings import features_of
from indigo_alerts.domain.matching import SearchIndex, matches
from indigo_alerts.domain.searches import SavedSearch, criteria_from, triggers_from
from indigo_api.adapters import saved_searches as admin
from indigo_api.projector.repository import RECORD_SEARCH_TERMS
from indigo_sandbox.denim import describe, random_jeans, write_title
from indigo_shared import nats as indigo_nats
from indigo_shared.db import create_pool, migrate
from indigo_shared.embedded import EmbeddedNats, EmbeddedPostgres
from indigo_shared.events import Attributes, Enrichment, Listing, ListingEnriched, utcnow
from indigo_shared.money import DEFAULT_USD_RATES
from indigo_shared.nats import event_bytes
from indigo_shared.sealed import Sealer
from indigo_shared.secret_keys import SecretKeys
from indigo_shared.streams import ALERT_MATCHED, ALERTS, LISTINGS, listing_enriched

SECRET_KEY = "bench-alert-latency-server-secret-000000"


# --- what is generated -------------------------------------------------------------------------


def enriched_listings(count: int, seed: int, prefix: str) -> list[ListingEnriched]:
    rng = random.Random(seed)
    events = []
    for n in range(count):
        jeans = random_jeans(rng)
        listing = Listing(
            platform=rng.choice(("ebay", "ebay", "etsy", "reddit")),
            external_id=f"{prefix}{n}",
            title=write_title(jeans, rng),
            description="\n".join(describe(jeans, rng)),
            price=jeans.value_usd,
            currency="USD",
            url=f"https://www.ebay.com/itm/{n}",
            image_urls=[f"https://i.ebayimg.com/{n}.jpg"],
        ).with_content_hash()
        attributes = Attributes(
            brand=jeans.brand,
            model=jeans.lot,
            waist=jeans.waist,
            inseam=jeans.inseam,
            era=jeans.era,
            wash=jeans.wash,
            made_in=jeans.made_in,
            selvedge=jeans.selvedge,
            condition=jeans.condition,
        )
        events.append(
            ListingEnriched(
                collected_at=utcnow(),
                listing=listing,
                attributes=attributes,
                enrichment=Enrichment(method="rules", extractor_version="bench"),
            )
        )
    return events


PHRASES = (
    "big e",
    "selvedge",
    "redline",
    "orange tab",
    "deadstock",
    "made in usa",
    "lee riders",
    "wrangler 13mwz",
    "silver tab",
    "rigid",
    "acid wash",
    "talon zip",
    "single stitch",
)


def search_rows(count: int, workload: str = "specific", seed: int = 3) -> list[dict]:
    return (specific_searches if workload == "specific" else broad_searches)(count, seed)


def specific_searches(count: int, seed: int) -> list[dict]:
    """Searches as a buyer hunting one pair writes them: a lot (or brand and lot, or a phrase) in
    their tag size, under what such a pair fetches, often an era too. A listing matches a few."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        jeans = random_jeans(rng)
        waist = jeans.waist or rng.randint(28, 38)
        price = str(int(jeans.value_usd * Decimal(rng.uniform(0.7, 1.1))))
        shape = rng.random()
        keywords, filters = None, {"waist": waist, "max_price_usd": price}
        if shape < 0.5 and jeans.lot:
            keywords = f"{jeans.brand_form} {jeans.lot}"
            if rng.random() < 0.5:
                filters["inseam"] = jeans.inseam or 32
        elif shape < 0.75 and jeans.lot:
            filters |= {"lots": [jeans.lot], "eras": [jeans.era or "1990s"]}
        elif shape < 0.9:
            keywords = rng.choice(PHRASES)
            filters["waist"] = {"min": waist - 1, "max": waist + 1}
        else:
            filters |= {
                "brands": [jeans.brand],
                "eras": [jeans.era or "1990s"],
                "washes": [jeans.wash],
                "made_in": [jeans.made_in],
            }
        rows.append(_row(n, keywords, filters))
    return rows


def _row(n: int, keywords: str | None, filters: dict) -> dict:
    return {
        "id": uuid.uuid4(),
        "name": f"bench search {n}",
        "keywords": keywords,
        "filters": filters,
        "triggers": {"new": True, "price_drop": {"percent": 10}},
        "delivery": "instant",
        "notify_existing": False,
        "active": True,
    }


def broad_searches(count: int, seed: int) -> list[dict]:
    """Saved searches as buyers write them: most name their size (tag waist, some the inseam too)
    with a brand and lot or a phrase, under a price; collectors name a lot and an era under a
    price; a few are broad (a phrase under a bargain price)."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        jeans = random_jeans(rng)
        price = str(int(jeans.value_usd * Decimal(rng.uniform(0.8, 1.5))))
        waist = jeans.waist or 32
        size = waist if rng.random() < 0.7 else {"min": waist - 1, "max": waist + 1}
        shape = rng.random()
        if jeans.lot is None and (0.35 <= shape < 0.55 or 0.85 <= shape < 0.95):
            shape = rng.uniform(0.55, 0.85)  # a search by lot needs a lot
        keywords, filters = None, {}
        if shape < 0.35:
            keywords = f"{jeans.brand_form} {jeans.lot or ''}".strip()
            filters = {"waist": size, "max_price_usd": price}
        elif shape < 0.55:
            filters = {"lots": [jeans.lot], "waist": waist}
            if rng.random() < 0.3:
                filters["inseam"] = jeans.inseam or 32
        elif shape < 0.70:
            filters = {
                "brands": [jeans.brand],
                "eras": [jeans.era or "1990s"],
                "washes": [jeans.wash],
                "waist": {"min": waist - 1, "max": waist + 1},
            }
        elif shape < 0.85:
            keywords = rng.choice(PHRASES)
            filters = {"waist": {"min": waist - 2, "max": waist + 2}, "max_price_usd": price}
        elif shape < 0.95:
            filters = {"lots": [jeans.lot], "eras": [jeans.era or "1980s"], "max_price_usd": price}
            if rng.random() < 0.5:
                filters["made_in"] = [jeans.made_in]
        else:
            keywords = rng.choice(PHRASES)
            filters = {"max_price_usd": str(int(int(price) * 0.6))}
        rows.append(_row(n, keywords, filters))
    return rows


# --- 1. the bare cost of matching ----------------------------------------------------------------


async def bare_matching(pool, rows: list[dict], events: list[ListingEnriched], seconds: float):
    async with pool.acquire() as conn:
        worded = [r for r in rows if r["keywords"]]
        started = time.perf_counter()
        groups = dict(
            zip(
                (r["id"] for r in worded),
                await keyword_groups(conn, [r["keywords"] for r in worded]),
                strict=True,
            )
        )
        terms_seconds = time.perf_counter() - started
        started = time.perf_counter()
        lexemes = await listing_lexemes(
            conn,
            [
                (e.listing.title, e.attributes.brand, e.attributes.model, e.listing.description)
                for e in events
            ],
        )
        stem_rate = len(events) / (time.perf_counter() - started)
    searches = [
        SavedSearch(
            id=r["id"],
            name=r["name"],
            criteria=criteria_from(
                r["keywords"], r["filters"], groups.get(r["id"], ((), False))[0]
            ),
            triggers=triggers_from(r["triggers"]),
        )
        for r in rows
    ]
    started = time.perf_counter()
    index = SearchIndex(searches)
    index_seconds = time.perf_counter() - started
    features = [features_of(e, DEFAULT_USD_RATES, w) for e, w in zip(events, lexemes, strict=True)]

    def rate(work) -> tuple[float, int]:
        done = found = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            for f in features:
                found += len(work(f))
            done += len(features)
        return done / (time.perf_counter() - started), found / done

    indexed, per_listing = rate(index.matching)
    scanned, per_listing_scan = rate(lambda f: [s for s in searches if matches(s.criteria, f)])
    assert abs(per_listing - per_listing_scan) < 1e-9, "the index and the scan disagree"
    candidates = statistics.mean(len(index.candidates(f)) for f in features)
    return {
        "indexed": indexed,
        "scanned": scanned,
        "matches_per_listing": per_listing,
        "candidates": candidates,
        "stem_rate": stem_rate,
        "terms_seconds": terms_seconds,
        "index_seconds": index_seconds,
    }


# --- the system -----------------------------------------------------------------------------------


class Receiver:
    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []  # (monotonic time, external id)
        self.received_at: dict[str, float] = {}  # webhook-id (the delivery id) -> wall clock
        self.port = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.arrivals.append((time.monotonic(), body["data"]["listing"]["external_id"]))
        self.received_at[request.headers["webhook-id"]] = time.time()
        return web.Response(text="ok")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]


async def seed(pool, rows: list[dict], hook_url: str) -> None:
    sealer = Sealer.from_secret_keys(SecretKeys(SECRET_KEY))
    sealed_url = sealer.seal(hook_url)
    secret = sealer.seal("whsec_" + "QmVuY2htYXJrIHNlY3JldCBmb3IgYWxlcnRzIQ==")
    async with pool.acquire() as conn, conn.transaction():
        for row in rows:
            await admin.insert_search(conn, row["id"], row)
            await admin.insert_channel(
                conn, uuid.uuid4(), row["id"], "webhook", sealed_url, hook_url, secret
            )


def start_service(nats_url: str, database_url: str, port: int) -> subprocess.Popen:
    env = os.environ | {
        "NATS_URL": nats_url,
        "DATABASE_URL": database_url,
        "INDIGO_SECRET_KEY": SECRET_KEY,
        "INDIGO_ALERTS_ALLOW_PRIVATE_TARGETS": "true",
        "INDIGO_HTTP_PORT": str(port),
        "INDIGO_HTTP_HOST": "127.0.0.1",
        "INDIGO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen([sys.executable, "-m", "indigo_cli.main", "run", "alerts"], env=env)


async def consumer_ready(js) -> None:
    while True:
        try:
            await js.consumer_info(LISTINGS, "alerts")
            return
        except Exception:  # noqa: BLE001 - not there yet
            await asyncio.sleep(0.5)


async def publish(js, event: ListingEnriched) -> None:
    await js.publish(
        listing_enriched(event.listing.platform),
        event_bytes(event),
        headers={"Nats-Msg-Id": str(event.event_id)},
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def latency(js, receiver: Receiver, events, rate: float) -> dict:
    sent: dict[str, float] = {}
    published_at: dict[str, float] = {}  # wall clock, to compare with the service's timestamps
    start = time.monotonic()
    for i, event in enumerate(events):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        sent[event.listing.external_id] = time.monotonic()
        published_at[event.listing.external_id] = time.time()
        await publish(js, event)
    # Wait until no webhook has arrived for 3 s.
    while True:
        count = len(receiver.arrivals)
        await asyncio.sleep(3)
        if len(receiver.arrivals) == count:
            break
    first: dict[str, float] = {}
    every = []
    for at, external_id in receiver.arrivals:
        if external_id in sent:
            every.append(at - sent[external_id])
            first.setdefault(external_id, at - sent[external_id])
    return {
        "first": list(first.values()),
        "every": every,
        "published": len(events),
        "published_at": published_at,
    }


STAGE_TIMES = """
SELECT m.external_id, m.id::text AS match_id, d.id::text AS delivery_id,
       extract(epoch FROM m.matched_at) AS matched,
       extract(epoch FROM d.created_at) AS queued, extract(epoch FROM a.started_at) AS sent
FROM alerts_matches m
JOIN alerts_deliveries d ON d.match_id = m.id
JOIN alerts_delivery_attempts a ON a.delivery_id = d.id AND a.attempt = 1
WHERE m.external_id LIKE 'live-%'
"""
STAGES = (
    ("published -> matched (alerts consumer)", "published", "matched"),
    ("matched -> AlertMatched stored in ALERTS (outbox relay)", "matched", "stored"),
    ("stored -> delivery queued (the alerts-delivery consumer)", "stored", "queued"),
    ("queued -> sent (dispatcher)", "queued", "sent"),
    ("sent -> received (HTTP, receiver)", "sent", "received"),
)


async def stored_times(js) -> dict[str, float]:
    """When each AlertMatched was stored in ALERTS (by its Nats-Msg-Id, the match id)."""
    sub = await js.pull_subscribe(ALERT_MATCHED, stream=ALERTS)
    stored = {}
    try:
        while True:
            try:
                messages = await sub.fetch(1000, timeout=1)
            except TimeoutError:
                return stored
            for message in messages:
                stored[message.headers["Nats-Msg-Id"]] = message.metadata.timestamp.timestamp()
                await message.ack()
    finally:
        await sub.unsubscribe()


async def stage_times(js, pool, receiver: Receiver, published_at: dict[str, float]) -> dict:
    """Where each webhook's time went, from the service's own timestamps (one machine, one
    clock): the match, its AlertMatched stored, its delivery's creation, its first attempt, and
    the receiver's arrival."""
    spans: dict[str, list[float]] = {label: [] for label, _, _ in STAGES}
    stored = await stored_times(js)
    for row in await pool.fetch(STAGE_TIMES):
        received = receiver.received_at.get(row["delivery_id"])
        if received is None or row["external_id"] not in published_at:
            continue
        if row["match_id"] not in stored:
            continue
        at = {
            "published": published_at[row["external_id"]],
            "matched": float(row["matched"]),
            "stored": stored[row["match_id"]],
            "queued": float(row["queued"]),
            "sent": float(row["sent"]),
            "received": received,
        }
        for label, start, end in STAGES:
            spans[label].append(at[end] - at[start])
    return spans


async def throughput(js, events) -> tuple[float, float]:
    started = None
    while True:
        info = await js.consumer_info(LISTINGS, "alerts")
        if started is None and info.delivered.consumer_seq > 0:
            started = time.monotonic()
        if started is not None and info.num_pending == 0 and info.num_ack_pending == 0:
            return len(events) / (time.monotonic() - started), time.monotonic() - started
        await asyncio.sleep(0.05)


async def run(args, nats_url: str, database_url: str) -> None:
    pool = await create_pool(database_url)
    nc = await indigo_nats.connect(nats_url, "bench")
    js = nc.jetstream()
    await indigo_nats.ensure_streams(js)
    processes: list[subprocess.Popen] = []
    try:
        rows = search_rows(args.searches, args.workload)
        probe = enriched_listings(2000, seed=5, prefix="bare-")
        await pool.execute(
            RECORD_SEARCH_TERMS,
            [
                " ".join(filter(None, (e.listing.title, e.attributes.brand, e.attributes.model)))
                for e in probe
            ],
        )
        bare = await bare_matching(pool, rows, probe, args.match_seconds)

        receiver = Receiver()
        await receiver.start()
        await seed(pool, rows, f"http://127.0.0.1:{receiver.port}/hook")
        port = 39000 + os.getpid() % 1000
        processes = [start_service(nats_url, database_url, port)]
        await consumer_ready(js)
        await asyncio.sleep(2)
        live = enriched_listings(int(args.rate * args.seconds), seed=9, prefix="live-")
        timing = await latency(js, receiver, live, args.rate)
        stages = await stage_times(js, pool, receiver, timing["published_at"])

        stopping = time.monotonic()
        processes[0].terminate()
        processes[0].wait(60)
        stop_seconds = time.monotonic() - stopping
        # Matching alone: the channels go, so no delivery competes for the cores (the matches
        # and their AlertMatched are recorded and published all the same).
        await pool.execute("DELETE FROM marketplace_alert_channels")
        backlog = enriched_listings(args.backlog, seed=13, prefix="backlog-")
        for event in backlog:
            await publish(js, event)
        # Replicas share the durable, as a scaled deployment does.
        processes = [start_service(nats_url, database_url, port + n) for n in range(args.replicas)]
        service_rate, drained = await throughput(js, backlog)
        alerts = await pool.fetchval("SELECT count(*) FROM alerts_matches")
        backlog_alerts = await pool.fetchval(
            "SELECT count(*) FROM alerts_matches WHERE external_id LIKE 'backlog-%'"
        )
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                print("the alerts service did not stop within 60 s of SIGTERM: killed")
                process.kill()
        await nc.close()
        await pool.close()

    ms = lambda s: f"{s * 1000:7.0f} ms"  # noqa: E731
    print(
        f"\nalert latency and matching, {args.searches:,} active saved searches, {args.workload} "
        f"(machine: {os.cpu_count()} cores, shared)\n"
    )
    print("1. matching in memory (one core), generated listings stemmed by PostgreSQL")
    print(
        f"   index:            {bare['indexed']:10,.0f} listings/s "
        f"({bare['candidates']:.0f} candidate searches checked per listing, "
        f"{bare['matches_per_listing']:.2f} matches)"
    )
    print(f"   baseline (scan):  {bare['scanned']:10,.0f} listings/s (every search checked)")
    print(
        f"   stemming (PostgreSQL to_tsvector, batch of {len(probe)}): "
        f"{bare['stem_rate']:,.0f} listings/s; keyword groups of {args.searches:,} searches: "
        f"{bare['terms_seconds']:.2f} s; index built in {bare['index_seconds']:.2f} s"
    )
    first, every = timing["first"], timing["every"]
    print(
        f"\n2. end to end, {timing['published']} listings at {args.rate:g}/s: "
        f"ListingEnriched published -> signed webhook received"
    )
    if first:
        print(
            f"   first alert per listing ({len(first)} listings matched): "
            f"p50 {ms(percentile(first, 50))}  p95 {ms(percentile(first, 95))}  "
            f"p99 {ms(percentile(first, 99))}  max {ms(max(first))}"
        )
        print(
            f"   every alert ({len(every)} webhooks):             "
            f"p50 {ms(percentile(every, 50))}  p95 {ms(percentile(every, 95))}  "
            f"p99 {ms(percentile(every, 99))}  max {ms(max(every))}"
        )
    print("   where a webhook's time goes (p50 / p95 per stage):")
    for label, spans in stages.items():
        if spans:
            print(f"     {label:64} {ms(percentile(spans, 50))} / {ms(percentile(spans, 95))}")
    print(
        f"   goal: p95 under 1 s -> {'met' if first and percentile(first, 95) < 1 else 'NOT met'}"
    )
    print(
        f"\n3. service throughput ({args.replicas} replica{'s' if args.replicas > 1 else ''}): "
        f"a backlog of {len(backlog):,} listings matched in "
        f"{drained:.1f} s = {service_rate:,.0f} listings/s (goal 2,000: "
        f"{'met' if service_rate >= 2000 else 'NOT met'}); {alerts:,} matches recorded in all"
    )
    print(
        f"   the backlog's {backlog_alerts:,} alerts ({backlog_alerts / len(backlog):.1f} a "
        f"listing) recorded and queued at {backlog_alerts / drained:,.0f} alerts/s: the cost is "
        "per alert (its row, its outbox row, its AlertMatched), so listings/s falls as the "
        "alerts a listing makes rise"
    )
    print(f"   (the service stopped {stop_seconds:.1f} s after SIGTERM, mid-delivery)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=20, help="listings per second published")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--backlog", type=int, default=5000)
    parser.add_argument(
        "--replicas", type=int, default=1, help="alerts processes sharing the backlog (phase 3)"
    )
    parser.add_argument("--match-seconds", type=float, default=3)
    parser.add_argument(
        "--workload",
        choices=("specific", "broad"),
        default="specific",
        help="specific: each search wants one kind of pair in one size (a listing matches a few);"
        " broad: many want a brand or a phrase in a size range (a listing matches about 60)",
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="indigo-bench-alerts-"))
    nats_server = EmbeddedNats(folder / "nats")
    postgres = EmbeddedPostgres(folder / "pg")
    try:
        nats_url = nats_server.start()
        database_url = postgres.start()
        migrate(database_url)
        asyncio.run(run(args, nats_url, database_url))
    finally:
        postgres.stop()
        nats_server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
