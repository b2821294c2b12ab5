"""Events in, trend rows out: the service's rows against a brute-force computation over the same
listings, deal scores likewise, lifecycle from full syncs, and a rollup that repeats identically."""

from __future__ import annotations

import math
import random
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from aiohttp import web
from indigo_shared.db import create_pool
from indigo_shared.events import (
    Attributes,
    Engagement,
    ListingsSeen,
    SyncCounts,
    SyncStatusChanged,
    utcnow,
)
from indigo_shared.money import DEFAULT_USD_RATES, to_usd
from indigo_shared.nats import publish_event
from indigo_shared.streams import TRENDS, listing_enriched, listings_seen, sync_status
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from indigo_trends.domain.deals import condition_class, era_bucket
from indigo_trends.main import create_app
from indigo_trends.settings import TrendsSettings

pytestmark = pytest.mark.integration

LOTS = {"Levi's": ["501", "505", "517"], "Lee": ["101Z"], "Wrangler": ["13MWZ"]}
CONDITIONS = ["excellent", "good", "fair", None]
CURRENCIES = ["USD"] * 7 + ["GBP", "EUR", "BRL"]  # no rate for BRL: no USD price
MIN_COMPARABLES = 3
METRICS = ("watchers", "favorites", "score", "comments", "bids")


@dataclass
class Pair:
    """One catalogue listing and every version of it the test publishes."""

    platform: str
    external_id: str
    brand: str | None
    model: str | None
    waist: int | None
    condition: str | None
    currency: str
    listed_at: datetime | None
    versions: list[tuple[datetime, Decimal | None]]  # (collected at, price)
    watchers: int | None
    sightings: list[datetime] = field(default_factory=list)
    ended_at: datetime | None = None
    era: str | None = None
    selvedge: bool | None = None
    flaws: list[str] = field(default_factory=list)

    @property
    def first_seen(self) -> datetime:
        return min(t for t, _ in self.versions)

    @property
    def entered(self) -> datetime:
        """On the market from its listing (never after its first sighting), else its first sight."""
        return min(self.listed_at or self.first_seen, self.first_seen)

    @property
    def last_seen(self) -> datetime:
        return max([t for t, _ in self.versions] + self.sightings)

    def price_at(self, moment: datetime) -> Decimal | None:
        before = [(t, p) for t, p in self.versions if t < moment]
        return max(before, key=lambda v: v[0])[1] if before else None

    def usd(self, price: Decimal | None) -> Decimal | None:
        return to_usd(price, self.currency, DEFAULT_USD_RATES)

    @property
    def lot(self) -> str | None:
        return f"{self.brand} {self.model}" if self.brand and self.model else self.model

    @property
    def size(self) -> str | None:
        return None if self.waist is None else f"W{self.waist // 2 * 2}-{self.waist // 2 * 2 + 1}"


def make_catalogue(rng: random.Random, start: datetime, now: datetime, size: int) -> list[Pair]:
    pairs = []
    span = (now - start).total_seconds() - 3600
    for n in range(size):
        brand = rng.choice([*LOTS, None])
        model = rng.choice(LOTS[brand]) if brand and rng.random() < 0.85 else None
        first = start + timedelta(seconds=rng.uniform(0, span))
        price = Decimal(rng.randrange(2000, 30000)) / 100 if rng.random() < 0.92 else None
        versions = [(first, price)]
        if price is not None and rng.random() < 0.35:
            later = first + timedelta(hours=rng.uniform(2, 60))
            if later < now:
                factor = Decimal(rng.choice(["0.85", "0.9", "1.1"]))
                versions.append((later, (price * factor).quantize(Decimal("0.01"))))
        pairs.append(
            Pair(
                platform=rng.choice(["ebay", "ebay", "etsy", "reddit"]),
                external_id=f"trend-{n}",
                brand=brand,
                model=model,
                waist=rng.choice([None, 28, 30, 31, 32, 33, 34, 36]),
                condition=rng.choice(CONDITIONS),
                currency=rng.choice(CURRENCIES),
                listed_at=(first - timedelta(days=rng.uniform(0, 20)))
                if rng.random() < 0.7
                else None,
                versions=versions,
                watchers=rng.randrange(0, 40) if rng.random() < 0.6 else None,
            )
        )
        # What else deals compare on, from a generator of its own (the catalogue stays as it was).
        facets = random.Random(n)
        pairs[-1].era = facets.choice([None, None, "1990s", "1980s", "1970s"])
        pairs[-1].selvedge = facets.random() < 0.1 or None
        pairs[-1].flaws = facets.choice([[]] * 6 + [["holes"], ["stains"]])
    return pairs


def enriched_events(pair: Pair):
    attributes = Attributes(
        brand=pair.brand,
        model=pair.model,
        waist=pair.waist,
        condition=pair.condition,
        era=pair.era,
        selvedge=pair.selvedge,
        flaws=pair.flaws,
    )
    for collected_at, price in pair.versions:
        listing = sample_listing(
            pair.external_id,
            platform=pair.platform,
            title=f"Vintage {pair.brand or 'unbranded'} jeans",
            brand=None,
            price=price,
            currency=pair.currency,
            listed_at=pair.listed_at,
            engagement=Engagement(watchers=pair.watchers),
        )
        yield sample_enriched(listing, attributes=attributes, collected_at=collected_at)


# --- the brute force --------------------------------------------------------------------------


def cents(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percentile(sorted_values: list[float], fraction: float) -> float:
    position = fraction * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (position - low) * (sorted_values[high] - sorted_values[low])


def price_figures(prices: list[Decimal]) -> dict:
    ordered = sorted(float(p) for p in prices)
    return {
        "sample_count": len(prices),
        "avg": cents(sum(prices) / len(prices)),
        "p25": cents(percentile(ordered, 0.25)),
        "median": cents(percentile(ordered, 0.5)),
        "p75": cents(percentile(ordered, 0.75)),
        "min": min(prices),
        "max": max(prices),
    }


def expected_rows(pairs: list[Pair], days: list[date]) -> dict:
    rows = {}
    for day in days:
        start = datetime.combine(day, time(), UTC)
        end = start + timedelta(days=1)
        active = [
            p for p in pairs if p.entered < end and (p.ended_at is None or p.ended_at >= start)
        ]
        groups: dict[tuple[str, str, str], list[Pair]] = {}
        for pair in active:
            for category, key in (
                ("all", "all"),
                ("brand", pair.brand),
                ("lot", pair.lot),
                ("size", pair.size),
            ):
                if key is None:
                    continue
                for platform in (pair.platform, "all"):
                    groups.setdefault((platform, category, key), []).append(pair)
        for (platform, category, key), members in groups.items():
            usd = [u for p in members if (u := p.usd(p.price_at(end))) is not None]
            ended = [p for p in members if p.ended_at is not None and p.ended_at < end]
            figures = price_figures(usd) if usd else {"sample_count": 0}
            by_currency = {}
            for currency in {p.currency for p in members}:
                priced = [
                    price
                    for p in members
                    if p.currency == currency and (price := p.price_at(end)) is not None
                ]
                if priced:
                    by_currency[currency] = price_figures(priced)
            # Prices (price_at: observed before the day's end) and engagement only once seen.
            watchers = [
                p.watchers for p in members if p.watchers is not None and p.first_seen < end
            ]
            days_on_market = [
                (p.ended_at - min(p.listed_at or p.first_seen, p.first_seen)).total_seconds()
                / 86400
                for p in ended
            ]
            rows[(day, platform, category, key)] = {
                "listing_count": len(members),
                "new_count": sum(1 for p in members if p.entered >= start),
                "ended_count": len(ended),
                **figures,
                "currencies": by_currency,
                "watchers": (cents(sum(watchers) / len(watchers)), len(watchers))
                if watchers
                else None,
                "days_on_market": cents(sum(days_on_market) / len(days_on_market))
                if days_on_market
                else None,
            }
    return rows


def expected_deals(pairs: list[Pair], now: datetime) -> dict:
    """Every listing's (score, comparables, median, reason): against the other live priced pairs
    that share the narrowest level of facets with at least MIN_COMPARABLES of them."""
    scorable, deals = [], {}
    for pair in pairs:
        usd = pair.usd(pair.price_at(now + timedelta(seconds=1)))
        key = (pair.platform, pair.external_id)
        if pair.ended_at is not None:
            deals[key] = (None, 0, None, "ended")
        elif not (pair.brand and pair.model):
            deals[key] = (None, 0, None, "no_lot")
        elif usd is None:
            deals[key] = (None, 0, None, "no_price")
        else:
            facets = {
                "lot": pair.lot,
                "condition": condition_class(pair.condition, pair.flaws),
                "era": era_bucket(pair.era),
                "decade": pair.era,
                "big_e": False,
                "selvedge": bool(pair.selvedge),
                "made_in": None,
                "size": pair.size,
            }
            scorable.append((usd, pair, facets))
    levels = [
        ("lot", "condition", "era", "decade", "big_e", "selvedge", "made_in", "size"),
        ("lot", "condition", "era", "decade", "big_e", "selvedge", "made_in"),
        ("lot", "condition", "era", "decade", "big_e", "selvedge"),
        ("lot", "condition", "era", "selvedge"),
    ]
    for usd, pair, facets in scorable:
        for level in levels:
            others = sorted(
                u
                for u, other, theirs in scorable
                if other is not pair and all(theirs[f] == facets[f] for f in level)
            )
            if len(others) >= MIN_COMPARABLES:
                break
        key = (pair.platform, pair.external_id)
        if len(others) < MIN_COMPARABLES:
            deals[key] = (None, len(others), None, "too_few_comparables")
            continue
        middle = len(others) // 2
        median = others[middle] if len(others) % 2 else (others[middle - 1] + others[middle]) / 2
        score = ((median - usd) / median * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        deals[key] = (
            max(Decimal(-100), min(Decimal(100), score)),
            len(others),
            cents(median),
            None,
        )
    return deals


def close(actual, expected, tolerance=Decimal("0.011")) -> bool:
    if actual is None or expected is None:
        return actual is expected
    return abs(Decimal(str(actual)) - Decimal(str(expected))) <= tolerance


def mismatches(db_rows: list, expected: dict) -> list[str]:
    found = {}
    problems = []
    for row in db_rows:
        key = (row["period_start"], row["platform"], row["category"], row["key"])
        found[key] = row
        want = expected.get(key)
        if want is None:
            problems.append(f"unexpected row {key}")
            continue
        for name in ("listing_count", "new_count", "ended_count", "sample_count"):
            if row[name] != want[name]:
                problems.append(f"{key} {name}: {row[name]} != {want[name]}")
        if want["sample_count"]:
            for column, name in (
                ("avg_price_usd", "avg"),
                ("median_price_usd", "median"),
                ("p25_price_usd", "p25"),
                ("p75_price_usd", "p75"),
                ("min_price_usd", "min"),
                ("max_price_usd", "max"),
            ):
                if not close(row[column], want[name]):
                    problems.append(f"{key} {column}: {row[column]} != {want[name]}")
        currencies = row["currency_stats"]
        if set(currencies) != set(want["currencies"]):
            problems.append(f"{key} currencies {set(currencies)} != {set(want['currencies'])}")
        for currency, figures in want["currencies"].items():
            got = currencies.get(currency, {})
            for name, value in figures.items():
                if not close(got.get(name), value):
                    problems.append(f"{key} {currency} {name}: {got.get(name)} != {value}")
        watchers = row["engagement"].get("watchers")
        got_watchers = watchers and (watchers["avg"], watchers["sample_count"])
        if (got_watchers is None) != (want["watchers"] is None) or (
            want["watchers"]
            and (
                not close(got_watchers[0], want["watchers"][0])
                or got_watchers[1] != want["watchers"][1]
            )
        ):
            problems.append(f"{key} watchers {got_watchers} != {want['watchers']}")
        if not close(row["avg_days_on_market"], want["days_on_market"]):
            problems.append(
                f"{key} days on market {row['avg_days_on_market']} != {want['days_on_market']}"
            )
    problems += [f"missing row {key}" for key in expected.keys() - found.keys()]
    return problems


# --- the scenario -----------------------------------------------------------------------------


@asynccontextmanager
async def fake_llm():
    """An OpenAI-compatible chat endpoint on 127.0.0.1 that counts its calls."""
    calls = []

    async def completions(request: web.Request) -> web.Response:
        calls.append(await request.json())
        return web.json_response(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": "summary-model",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "Levi's 501 held steady."},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 120, "completion_tokens": 8, "total_tokens": 128},
            }
        )

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/v1", calls
    finally:
        await runner.cleanup()


async def full_sync(js, started_at: datetime, pairs: list[Pair], *, keywords="jeans") -> None:
    """What run_sync publishes for a full sync that saw ``pairs``: pages, then the final status."""
    seen_at = started_at + timedelta(minutes=1)
    by_platform: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_platform.setdefault(pair.platform, []).append(pair)
        pair.sightings.append(seen_at)
    for platform, seen in by_platform.items():
        job_id = uuid.uuid4()
        for page, start in enumerate(range(0, len(seen), 20)):
            ids = [p.external_id for p in seen[start : start + 20]]
            event = ListingsSeen(
                job_id=job_id,
                platform=platform,
                keywords=keywords,
                page=page,
                external_ids=ids,
                seen_at=seen_at,
            )
            await publish_event(js, listings_seen(platform), event)
        await publish_event(
            js,
            sync_status(platform),
            SyncStatusChanged(
                job_id=job_id,
                platform=platform,
                status="completed",
                counts=SyncCounts(fetched=len(seen), published=0, unchanged=len(seen)),
                keywords=keywords,
                started_at=started_at,
                finished_at=seen_at,
                full=True,
            ),
        )


async def drained(js) -> bool:
    for stream in ("LISTINGS", "SYNC_EVENTS"):
        info = await js.consumer_info(stream, TRENDS)
        if info.num_pending or info.num_ack_pending:
            return False
    return True


async def table(conn, sql: str) -> list[dict]:
    return [dict(r) for r in await conn.fetch(sql)]


async def test_trend_rows_deals_and_lifecycle_match_a_brute_force(
    nats_url, database_url, jetstream
):
    rng = random.Random(20261129)
    now = utcnow()
    today = now.date()
    start = datetime.combine(today - timedelta(days=5), time(), UTC)
    pairs = make_catalogue(rng, start, now, 160)

    first_sync = start + timedelta(days=2)
    second_sync = start + timedelta(days=4)
    seen_first = [p for p in pairs if p.first_seen < first_sync]
    gone = {
        p.external_id
        for p in rng.sample(seen_first, 14)
        if max(t for t, _ in p.versions) < second_sync
    }
    seen_second = [p for p in pairs if p.first_seen < second_sync and p.external_id not in gone]

    async with fake_llm() as (llm_url, llm_calls):
        settings = TrendsSettings(
            nats_url=nats_url,
            database_url=database_url,
            refresh_seconds=0.2,
            sweep_seconds=0.2,
            rollup_at="off",
            ended_after_hours=0,
            deal_min_comparables=MIN_COMPARABLES,
            openai_base_url=llm_url,
            openai_model="summary-model",
            ack_wait_seconds=10,
        )
        async with create_app(settings) as service:
            for pair in pairs:
                for event in enriched_events(pair):
                    await publish_event(jetstream, listing_enriched(pair.platform), event)
            # Redelivered events (a crash before the ack) change nothing.
            for pair in pairs[:20]:
                for event in enriched_events(pair):
                    await publish_event(jetstream, listing_enriched(pair.platform), event)
            await full_sync(jetstream, first_sync, seen_first)
            await full_sync(jetstream, second_sync, seen_second)

            for pair in pairs:
                if pair.external_id in gone:
                    pair.ended_at = pair.last_seen
            assert len(gone) >= 5
            # Listed up to 20 days before they were first seen: rows from the first listing on.
            back = (today - min(p.entered for p in pairs).date()).days
            assert back > 10
            days = [today - timedelta(days=n) for n in range(back, -1, -1)]
            expected = expected_rows(pairs, days)
            pool = await create_pool(database_url)
            conn = await pool.acquire()
            try:
                await eventually(lambda: drained(jetstream), timeout=30)

                async def rows_match():
                    rows = await conn.fetch("SELECT * FROM marketplace_trends")
                    return not mismatches(rows, expected)

                try:
                    await eventually(rows_match, timeout=30)
                except AssertionError:
                    rows = await conn.fetch("SELECT * FROM marketplace_trends")
                    raise AssertionError("\n".join(mismatches(rows, expected)[:20])) from None

                deals = expected_deals(pairs, now)

                async def deals_match():
                    rows = await conn.fetch("SELECT * FROM marketplace_listing_deals")
                    got = {
                        (r["platform"], r["external_id"]): (
                            r["deal_score"],
                            r["comparables"],
                            r["comparable_median_usd"],
                            r["reason"],
                        )
                        for r in rows
                    }
                    return got == deals

                await eventually(deals_match, timeout=45)
                assert any(score is not None for score, *_ in deals.values())
                assert {reason for *_, reason in deals.values()} == {
                    None,
                    "too_few_comparables",
                    "no_lot",
                    "no_price",
                    "ended",
                }

                ended = await conn.fetch(
                    "SELECT external_id, ended_at FROM trends_listings WHERE ended_at IS NOT NULL"
                )
                assert {r["external_id"] for r in ended} == gone

                # The daily rollup, twice: the same rows, computed_at included.
                yesterday = today - timedelta(days=1)
                snapshot = "SELECT * FROM marketplace_trends ORDER BY period_start, platform, category, key"
                await service.rollup(yesterday)
                first = await table(conn, snapshot)
                first_deals = await table(
                    conn, "SELECT * FROM marketplace_listing_deals ORDER BY platform, external_id"
                )
                await service.rollup(yesterday)
                assert await table(conn, snapshot) == first
                assert (
                    await table(
                        conn,
                        "SELECT * FROM marketplace_listing_deals ORDER BY platform, external_id",
                    )
                    == first_deals
                )
                market = next(
                    r
                    for r in first
                    if (r["period_start"], r["platform"], r["category"], r["key"])
                    == (yesterday, "all", "all", "all")
                )
                insights = market["insights"]
                assert set(insights) >= {"price_movers", "rising_brands", "volume_spikes"}
                assert insights["summary"]["text"] == "Levi's 501 held steady."
                assert insights["summary"]["tokens_used"] == 128
                assert len(llm_calls) == 1, "the second rollup reused the summary"
                assert await conn.fetchval("SELECT count(*) FROM trends_rollups") == 1
            finally:
                await pool.release(conn)
                await pool.close()
