"""SQL of the trends service: its listing state, lifecycle, daily trend rows and deal scores.

Every write is idempotent: the same event applied twice, or the same day recomputed twice, leaves
the same rows (a recomputed row keeps its ``computed_at`` when its figures did not change).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import asyncpg
from indigo_shared import outbox
from indigo_shared.db import columns, in_rounds
from indigo_shared.events import ListingEnded, ListingsSeen, SyncStatusChanged, search_key
from indigo_shared.streams import ended_msg_id, listing_ended

from indigo_trends.domain.deals import DealCandidate, score_deals
from indigo_trends.domain.insights import GroupDay
from indigo_trends.domain.listings import (  # HISTORY_DAYS: the service and benchmarks read it here
    HISTORY_DAYS,  # noqa: F401
    TrendListing,
    market_entry,
    oldest_tracked_day,
)

ENGAGEMENT_METRICS = ("watchers", "favorites", "score", "comments", "bids")


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


# --- listing state, from ListingEnriched ------------------------------------------------------

# What a listing's newest ListingEnriched says of it.
DESCRIPTIVE = (
    "brand", "lot", "size_bucket", "condition", "deal_group", "price", "currency", "price_usd",
    "engagement", "listed_at", "collected_at", "era", "selvedge", "made_in", "flaws", "big_e",
    "sold",
)  # fmt: skip
_NEWER = "excluded.collected_at >= t.collected_at"

# A listing's end after a version (indigo_shared.sales): a newer sold version ends it at its
# sale (the first of its sold versions since it was last unsold), a newer unsold one brings a
# sold listing back (relisted); a sold listing stays ended whatever else comes (an older version,
# a sighting); otherwise any version seen after the end brings the listing back.
_ENDED_AFTER = f"""CASE
        WHEN {_NEWER} AND excluded.sold THEN
            CASE WHEN t.sold AND t.ended_at IS NOT NULL
                 THEN least(t.ended_at, excluded.collected_at) ELSE excluded.collected_at END
        WHEN {_NEWER} AND t.sold THEN NULL
        WHEN t.sold OR excluded.sold THEN t.ended_at
        WHEN t.ended_at < excluded.collected_at THEN NULL
        ELSE t.ended_at END"""

# One statement per round of distinct listings (``in_rounds``), arrays in. Descriptive fields
# follow the newest event; any event, a late older one too, widens the seen times, and a listing
# taken for ended is live again (unless sold: ``_ENDED_AFTER``). A sync may have seen it before
# its enriched event got here: those sightings count too. (Seen times in the same statement: a
# second UPDATE of each row was a quarter of this service's writes.)
UPSERT_LISTINGS = f"""
INSERT INTO trends_listings AS t (
    platform, external_id, {", ".join(DESCRIPTIVE)}, price_since, first_seen_at, last_seen_at,
    ended_at
)
SELECT x.*, x.collected_at, x.collected_at, greatest(x.collected_at, (
    SELECT max(s.last_seen_at) FROM trends_sightings s
    WHERE s.platform = x.platform AND s.external_id = x.external_id)),
    CASE WHEN x.sold THEN x.collected_at END
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
            $8::numeric[], $9::text[], $10::numeric[], $11::jsonb[], $12::timestamptz[],
            $13::timestamptz[], $14::text[], $15::boolean[], $16::text[], $17::text[]::jsonb[],
            $18::boolean[], $19::boolean[])
     AS x(platform, external_id, {", ".join(DESCRIPTIVE)})
ON CONFLICT (platform, external_id) DO UPDATE SET
    {", ".join(f"{c} = CASE WHEN {_NEWER} THEN excluded.{c} ELSE t.{c} END" for c in DESCRIPTIVE)},
    price_since = CASE WHEN {_NEWER} AND t.price IS DISTINCT FROM excluded.price
                       THEN excluded.collected_at ELSE t.price_since END,
    first_seen_at = least(t.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(t.last_seen_at, excluded.last_seen_at),
    ended_at = {_ENDED_AFTER},
    lifecycle_changed_at = CASE WHEN ({_ENDED_AFTER}) IS DISTINCT FROM t.ended_at THEN now()
                                ELSE t.lifecycle_changed_at END
"""

# A price is recorded when it differs from the last one seen at or before this observation.
RECORD_PRICES = """
INSERT INTO trends_prices (platform, external_id, observed_at, price, currency, price_usd)
SELECT k.* FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::text[],
                       $6::numeric[]) AS k(platform, external_id, observed_at, price, currency,
                                           price_usd)
WHERE (
    SELECT p.price FROM trends_prices p
    WHERE p.platform = k.platform AND p.external_id = k.external_id
      AND p.observed_at <= k.observed_at
    ORDER BY p.observed_at DESC LIMIT 1
) IS DISTINCT FROM k.price
ON CONFLICT DO NOTHING
"""

LIFECYCLE_OF = """
SELECT platform, external_id, deal_group, ended_at, price_usd, listed_at, first_seen_at
FROM trends_listings
WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
"""


def _descriptive(listing: TrendListing, column: str):
    # A list in a jsonb[] argument would read as a second dimension: the flaws go as JSON text.
    value = getattr(listing, column)
    return json.dumps(value) if column == "flaws" else value


@dataclass
class Stale:
    """What a write made stale: trend days from ``since`` on, and these deal groups."""

    since: date | None = None
    deal_groups: set[str] | None = None

    def day(self, when: datetime | date | None) -> None:
        if when is None:
            return
        day = when.astimezone(UTC).date() if isinstance(when, datetime) else when
        self.since = day if self.since is None else min(self.since, day)

    def group(self, group: str | None) -> None:
        if group:
            self.deal_groups = (self.deal_groups or set()) | {group}


async def apply_listings(
    conn: asyncpg.Connection, listings: Sequence[TrendListing], today: date
) -> None:
    """Apply enriched listings, oldest first, in the caller's transaction."""
    listings = sorted(listings, key=lambda listing: listing.collected_at)
    keys = ([x.platform for x in listings], [x.external_id for x in listings])
    before = {(r["platform"], r["external_id"]): r for r in await conn.fetch(LIFECYCLE_OF, *keys)}
    for batch in in_rounds(listings, key=lambda x: (x.platform, x.external_id)):
        await conn.execute(
            UPSERT_LISTINGS,
            *columns(
                [
                    (x.platform, x.external_id, *(_descriptive(x, c) for c in DESCRIPTIVE))
                    for x in batch
                ]
            ),
        )
        await conn.execute(
            RECORD_PRICES,
            *columns(
                [
                    (x.platform, x.external_id, x.collected_at, x.price, x.currency, x.price_usd)
                    for x in batch
                ]
            ),
        )
    after = await conn.fetch(LIFECYCLE_OF, *keys)
    stale = Stale()
    for x in listings:
        stale.day(x.collected_at)  # a price observed, a version's fields
    unscored = []
    for row in after:
        old = before.get((row["platform"], row["external_id"]))
        # A listing counts on every day from its market entry (listed, else first seen): a new
        # one, or one whose entry moved, changes the days from the earlier of the two on (those
        # before the tracked window are left out: mark_stale). One whose entry stayed changes
        # only the days from this version on.
        entry = market_entry(row["listed_at"], row["first_seen_at"])
        if old is None:
            stale.day(entry)
        elif (old_entry := market_entry(old["listed_at"], old["first_seen_at"])) != entry:
            stale.day(min(old_entry, entry))
        if old is not None:
            stale.group(old["deal_group"])
            if old["ended_at"] != row["ended_at"]:  # revived, sold, or its sale moved
                stale.day(min(filter(None, (old["ended_at"], row["ended_at"]))))
        stale.group(row["deal_group"])
        if (
            row["ended_at"] is not None
            or row["deal_group"] is None
            or row["price_usd"] is None
            or row["price_usd"] <= 0
        ):
            unscored.append((row["platform"], row["external_id"]))
    await mark_unscored(conn, unscored)
    await mark_stale(conn, stale, today)
    await score_listings(conn, list(zip(*keys, strict=True)))


async def mark_unscored(conn: asyncpg.Connection, listings: Sequence[tuple[str, str]]) -> None:
    """Only live listings with a price and a deal group have a deal score: these listings' rows
    say why they have none (ended, no lot, no price)."""
    if listings:
        await conn.execute(
            UNSCORED_DEALS.format(
                selection="AND (t.platform, t.external_id) IN"
                " (SELECT * FROM unnest($1::text[], $2::text[]))"
            ),
            [platform for platform, _ in listings],
            [external_id for _, external_id in listings],
        )


# --- lifecycle, from ListingsSeen and SyncStatusChanged ---------------------------------------

UPSERT_SYNC_JOB = """
INSERT INTO trends_sync_jobs AS j (
    job_id, platform, search_key, status, "full", listings, started_at, finished_at, occurred_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (job_id) DO UPDATE SET
    status = excluded.status, "full" = excluded."full", listings = excluded.listings,
    search_key = excluded.search_key, started_at = coalesce(excluded.started_at, j.started_at),
    finished_at = coalesce(excluded.finished_at, j.finished_at), occurred_at = excluded.occurred_at
WHERE (CASE excluded.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)
    > (CASE j.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)
   OR (excluded.status = j.status AND excluded.occurred_at >= j.occurred_at)
"""

RECORD_SIGHTINGS = """
INSERT INTO trends_sightings (platform, external_id, search_key, last_seen_at)
SELECT DISTINCT $1::text, unnest($2::text[]), $3::text, $4::timestamptz
ON CONFLICT (platform, external_id, search_key) DO UPDATE
SET last_seen_at = greatest(trends_sightings.last_seen_at, excluded.last_seen_at)
"""

# A sighting after a listing's end brings it back, unless it is sold (the sync still sees the
# sold post: only a version that is not sold brings it back).
REVIVED_BY_SIGHTING = """
SELECT ended_at, deal_group FROM trends_listings
WHERE platform = $1 AND external_id = ANY($2::text[]) AND ended_at < $3 AND NOT sold
"""

SEEN_BY_SYNC = """
UPDATE trends_listings SET
    last_seen_at = greatest(last_seen_at, $3),
    ended_at = CASE WHEN ended_at < $3 AND NOT sold THEN NULL ELSE ended_at END,
    lifecycle_changed_at = CASE WHEN ended_at < $3 AND NOT sold THEN now()
                                ELSE lifecycle_changed_at END
WHERE platform = $1 AND external_id = ANY($2::text[])
"""


async def apply_sync_events(
    conn: asyncpg.Connection, events: Sequence[ListingsSeen | SyncStatusChanged], today: date
) -> None:
    """Record which searches saw which listings, and which syncs were full, in the caller's
    transaction."""
    stale = Stale()
    for event in events:
        if isinstance(event, SyncStatusChanged):
            counts = event.counts
            await conn.execute(
                UPSERT_SYNC_JOB,
                event.job_id,
                event.platform,
                search_key(event.platform, event.keywords, event.filters),
                event.status,
                event.full,
                counts.published + counts.unchanged,
                event.started_at,
                event.finished_at,
                event.occurred_at,
            )
            continue
        await conn.execute(
            "INSERT INTO trends_seen_pages (job_id, page, listings) VALUES ($1, $2, $3)"
            " ON CONFLICT DO NOTHING",
            event.job_id,
            event.page,
            len(event.external_ids),
        )
        key = search_key(event.platform, event.keywords, event.filters)
        ids = event.external_ids
        await conn.execute(RECORD_SIGHTINGS, event.platform, ids, key, event.seen_at)
        for revived in await conn.fetch(REVIVED_BY_SIGHTING, event.platform, ids, event.seen_at):
            stale.day(revived["ended_at"])
            stale.group(revived["deal_group"])
        await conn.execute(SEEN_BY_SYNC, event.platform, ids, event.seen_at)
    await mark_stale(conn, stale, today)


# The latest full sync of each search whose pages are all in; a listing one of its searches saw
# has ended when that sync started more than the grace period after the listing was last seen.
# Last seen counts the sightings table too: a sighting committed beside the listing's first row
# (two consumers, two transactions) may not have reached the row's last_seen_at.
SWEEP_ENDED = """
WITH latest AS (
    SELECT DISTINCT ON (j.search_key) j.search_key, j.started_at
    FROM trends_sync_jobs j
    WHERE j."full" AND j.status = 'completed' AND j.started_at IS NOT NULL
      AND (SELECT coalesce(sum(p.listings), 0) FROM trends_seen_pages p WHERE p.job_id = j.job_id)
          >= j.listings
    ORDER BY j.search_key, j.started_at DESC
),
candidates AS (
    SELECT t.platform, t.external_id,
           greatest(t.last_seen_at, (
               SELECT max(s.last_seen_at) FROM trends_sightings s
               WHERE s.platform = t.platform AND s.external_id = t.external_id)) AS seen
    FROM trends_listings t
    WHERE t.ended_at IS NULL
      AND t.last_seen_at < (SELECT max(started_at) FROM latest) - $1::interval
)
UPDATE trends_listings t
SET ended_at = c.seen, last_seen_at = c.seen, lifecycle_changed_at = now()
FROM candidates c
WHERE t.platform = c.platform AND t.external_id = c.external_id
  AND EXISTS (
      SELECT 1 FROM trends_sightings s JOIN latest l ON l.search_key = s.search_key
      WHERE s.platform = c.platform AND s.external_id = c.external_id
        AND c.seen < l.started_at - $1::interval
  )
RETURNING t.platform, t.external_id, t.ended_at, t.deal_group
"""

OUTBOX = "trends_outbox"


async def sweep_ended(conn: asyncpg.Connection, grace: timedelta, today: date) -> int:
    """Mark ended the listings that full syncs of their searches no longer see, and queue a
    ``ListingEnded`` for each (the read model is the projector's to change); returns how many."""
    ended = await conn.fetch(SWEEP_ENDED, grace)
    stale = Stale()
    for row in ended:
        stale.day(row["ended_at"])
        stale.group(row["deal_group"])
    await mark_unscored(conn, [(row["platform"], row["external_id"]) for row in ended])
    await mark_stale(conn, stale, today)
    await outbox.add(
        conn,
        OUTBOX,
        (
            (
                listing_ended(row["platform"]),
                ListingEnded(
                    platform=row["platform"],
                    external_id=row["external_id"],
                    ended_at=row["ended_at"],
                ),
                ended_msg_id(row["platform"], row["external_id"], row["ended_at"]),
            )
            for row in ended
        ),
    )
    return len(ended)


# --- what is stale ----------------------------------------------------------------------------

MARK_DAYS = """
INSERT INTO trends_dirty_days (day)
SELECT generate_series($1::date, $2::date, interval '1 day')::date
ON CONFLICT (day) DO UPDATE SET version = trends_dirty_days.version + 1
"""

MARK_GROUPS = """
INSERT INTO trends_dirty_deal_groups (deal_group)
SELECT DISTINCT unnest($1::text[])
ON CONFLICT (deal_group) DO UPDATE SET version = trends_dirty_deal_groups.version + 1
"""


async def mark_stale(conn: asyncpg.Connection, stale: Stale, today: date) -> None:
    """A change on day D shows in every day's row from D to today (a listing stays active)."""
    if stale.since is not None:
        first = max(stale.since, oldest_tracked_day(today))
        if first <= today:
            await conn.execute(MARK_DAYS, first, today)
    if stale.deal_groups:
        await conn.execute(MARK_GROUPS, sorted(stale.deal_groups))


async def stale_days(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT day, version FROM trends_dirty_days ORDER BY day")


async def clear_stale_day(conn: asyncpg.Connection, day: date, version: int) -> None:
    # A mark made while the day was being recomputed has a newer version and stays.
    await conn.execute(
        "DELETE FROM trends_dirty_days WHERE day = $1 AND version = $2", day, version
    )


async def stale_deal_groups(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT deal_group, version FROM trends_dirty_deal_groups")


async def clear_stale_deal_groups(conn: asyncpg.Connection, marks: Iterable) -> None:
    marks = list(marks)
    await conn.execute(
        "DELETE FROM trends_dirty_deal_groups WHERE (deal_group, version) IN"
        " (SELECT * FROM unnest($1::text[], $2::bigint[]))",
        [m["deal_group"] for m in marks],
        [m["version"] for m in marks],
    )


# --- daily trend rows -------------------------------------------------------------------------


def _engagement_json() -> str:
    parts = []
    for metric in ENGAGEMENT_METRICS:
        value = f"(engagement ->> '{metric}')::numeric"
        parts.append(
            f"'{metric}', CASE WHEN count({value}) > 0 THEN jsonb_build_object("
            f"'avg', round(avg({value}), 2), 'sample_count', count({value})) END"
        )
    return f"jsonb_strip_nulls(jsonb_build_object({', '.join(parts)}))"


def _quartile(index: int, column: str) -> str:
    return f"round(({column})[{index}]::numeric, 2)"


# A listing sold by the day's end counts on the market that day and as ended (as any listing that
# ends that day; the days on market run up to its sale), but not in the prices or engagement: its
# last price is what it sold at, not an ask.
_SOLD_BY_DAY_END = "(t.sold AND t.ended_at < $2)"

# When a listing entered the market (domain.listings.market_entry): listed, else first seen,
# never after its first sighting (least() skips a null listed_at).
_ENTERED = "least(t.listed_at, t.first_seen_at)"
# Observed by the day's end: before its first sighting a listing counts in the volume (listings
# on the market, new, ended) but not in the prices or engagement, which were not seen yet.
_OBSERVED = "(t.first_seen_at < $2)"

# $1: the day's start, $2: the next day's start, $3: the day. A listing counts on a day when it
# entered the market before the day ended and had not ended before the day began (one sold on its
# first sight was never on the market, and counts on no day), and is new on the day it entered;
# its price is the last one observed before the day ended (none before its first sighting).
RECOMPUTE_DAY = f"""
WITH active AS (
    SELECT t.platform, t.brand, t.lot, t.size_bucket,
           CASE WHEN {_SOLD_BY_DAY_END} OR NOT {_OBSERVED} THEN '{{}}'::jsonb
                ELSE t.engagement END AS engagement,
           {_ENTERED} >= $1 AS is_new,
           t.ended_at < $2 AS has_ended,
           CASE WHEN t.ended_at < $2 THEN extract(
               epoch FROM t.ended_at - least(t.listed_at, t.first_seen_at)) / 86400 END
               AS days_on_market,
           CASE WHEN {_SOLD_BY_DAY_END} THEN NULL
                WHEN t.price_since < $2 THEN t.price ELSE h.price END AS price,
           CASE WHEN {_SOLD_BY_DAY_END} THEN NULL
                WHEN t.price_since < $2 THEN t.currency ELSE h.currency END AS currency,
           CASE WHEN {_SOLD_BY_DAY_END} THEN NULL
                WHEN t.price_since < $2 THEN t.price_usd ELSE h.price_usd END AS price_usd
    FROM trends_listings t
    LEFT JOIN LATERAL (
        SELECT p.price, p.currency, p.price_usd FROM trends_prices p
        WHERE t.price_since >= $2 AND {_OBSERVED} AND p.platform = t.platform
          AND p.external_id = t.external_id AND p.observed_at < $2
        ORDER BY p.observed_at DESC LIMIT 1
    ) h ON true
    WHERE {_ENTERED} < $2 AND (t.ended_at IS NULL OR t.ended_at >= $1)
      AND NOT (t.sold AND t.ended_at <= t.first_seen_at)
),
facets AS (
    SELECT a.*, f.category, f.key
    FROM active a
    CROSS JOIN LATERAL (VALUES ('all', 'all'), ('brand', a.brand), ('lot', a.lot),
                               ('size', a.size_bucket)) AS f (category, key)
    WHERE f.key IS NOT NULL
),
figures AS (
    SELECT CASE WHEN grouping(platform) = 1 THEN 'all' ELSE platform END AS platform,
           category, key,
           count(*) AS listing_count,
           count(*) FILTER (WHERE is_new) AS new_count,
           count(*) FILTER (WHERE has_ended) AS ended_count,
           count(price_usd) AS sample_count,
           round(avg(price_usd), 2) AS avg_price_usd,
           percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY price_usd::float8)
               AS quartiles,
           min(price_usd) AS min_price_usd,
           max(price_usd) AS max_price_usd,
           round(avg(days_on_market), 2) AS avg_days_on_market,
           {_engagement_json()} AS engagement
    FROM facets
    GROUP BY GROUPING SETS ((platform, category, key), (category, key))
),
currency_figures AS (
    SELECT CASE WHEN grouping(platform) = 1 THEN 'all' ELSE platform END AS platform,
           category, key, currency::text AS currency,
           count(*) AS sample_count,
           round(avg(price), 2) AS avg,
           percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY price::float8) AS q,
           min(price) AS min,
           max(price) AS max
    FROM facets
    WHERE price IS NOT NULL AND currency IS NOT NULL
    GROUP BY GROUPING SETS ((platform, category, key, currency), (category, key, currency))
),
computed AS (
    SELECT f.*, coalesce(c.currency_stats, '{{}}'::jsonb) AS currency_stats
    FROM figures f
    LEFT JOIN (
        SELECT platform, category, key,
               jsonb_object_agg(currency, jsonb_build_object(
                   'sample_count', sample_count, 'avg', avg, 'median', {_quartile(2, "q")},
                   'p25', {_quartile(1, "q")}, 'p75', {_quartile(3, "q")},
                   'min', min, 'max', max)) AS currency_stats
        FROM currency_figures GROUP BY platform, category, key
    ) c USING (platform, category, key)
),
upserted AS (
    INSERT INTO marketplace_trends AS m (
        period, period_start, platform, category, key, listing_count, new_count, ended_count,
        sample_count, avg_price_usd, median_price_usd, p25_price_usd, p75_price_usd,
        min_price_usd, max_price_usd, currency_stats, engagement, avg_days_on_market
    )
    SELECT 'day', $3, platform, category, key, listing_count, new_count, ended_count,
           sample_count, avg_price_usd, {_quartile(2, "quartiles")}, {_quartile(1, "quartiles")},
           {_quartile(3, "quartiles")}, min_price_usd, max_price_usd, currency_stats,
           engagement, avg_days_on_market
    FROM computed
    ON CONFLICT (period, period_start, platform, category, key) DO UPDATE SET
        listing_count = excluded.listing_count, new_count = excluded.new_count,
        ended_count = excluded.ended_count, sample_count = excluded.sample_count,
        avg_price_usd = excluded.avg_price_usd, median_price_usd = excluded.median_price_usd,
        p25_price_usd = excluded.p25_price_usd, p75_price_usd = excluded.p75_price_usd,
        min_price_usd = excluded.min_price_usd, max_price_usd = excluded.max_price_usd,
        currency_stats = excluded.currency_stats, engagement = excluded.engagement,
        avg_days_on_market = excluded.avg_days_on_market, computed_at = now()
    WHERE (m.listing_count, m.new_count, m.ended_count, m.sample_count, m.avg_price_usd,
           m.median_price_usd, m.p25_price_usd, m.p75_price_usd, m.min_price_usd,
           m.max_price_usd, m.currency_stats, m.engagement, m.avg_days_on_market)
          IS DISTINCT FROM
          (excluded.listing_count, excluded.new_count, excluded.ended_count,
           excluded.sample_count, excluded.avg_price_usd, excluded.median_price_usd,
           excluded.p25_price_usd, excluded.p75_price_usd, excluded.min_price_usd,
           excluded.max_price_usd, excluded.currency_stats, excluded.engagement,
           excluded.avg_days_on_market)
    RETURNING 1
)
DELETE FROM marketplace_trends m
WHERE m.period = 'day' AND m.period_start = $3
  AND NOT EXISTS (
      SELECT 1 FROM computed c
      WHERE c.platform = m.platform AND c.category = m.category AND c.key = m.key
  )
"""


async def recompute_day(conn: asyncpg.Connection, day: date) -> None:
    """Recompute every trend row of one day from the listing state, in one statement (so from one
    snapshot); rows of groups that no longer have listings that day are removed."""
    await conn.execute(RECOMPUTE_DAY, day_start(day), day_start(day + timedelta(days=1)), day)


# --- deal scores ------------------------------------------------------------------------------

# The listings a deal group's scores are computed among: live, priced above zero.
DEAL_CANDIDATES = """
SELECT platform, external_id, deal_group, price_usd, brand, lot, condition, flaws, era, big_e,
       selvedge, made_in, size_bucket
FROM trends_listings
WHERE deal_group IS NOT NULL AND ended_at IS NULL AND price_usd > 0 {groups}
"""

_DEAL_UPDATE = """
ON CONFLICT (platform, external_id) DO UPDATE SET
    deal_score = excluded.deal_score, comparables = excluded.comparables,
    comparable_median_usd = excluded.comparable_median_usd,
    comparable_group = excluded.comparable_group, reason = excluded.reason, computed_at = now()
WHERE (d.deal_score, d.comparables, d.comparable_median_usd, d.comparable_group, d.reason)
      IS DISTINCT FROM (excluded.deal_score, excluded.comparables,
                        excluded.comparable_median_usd, excluded.comparable_group, excluded.reason)
"""

# Computed deals in; a listing that changed since it was read (ended, repriced, another lot: a
# concurrent batch marked its group stale again) is left to that batch and the next refresh.
STORE_DEALS = (
    """
INSERT INTO marketplace_listing_deals AS d (
    platform, external_id, deal_score, comparables, comparable_median_usd, comparable_group, reason
)
SELECT x.platform, x.external_id, x.deal_score, x.comparables, x.comparable_median_usd,
       x.comparable_group, x.reason
FROM unnest($1::text[], $2::text[], $3::numeric[], $4::integer[], $5::numeric[], $6::jsonb[],
            $7::text[], $8::numeric[])
     AS x(platform, external_id, deal_score, comparables, comparable_median_usd,
          comparable_group, reason, price_usd)
JOIN trends_listings t ON t.platform = x.platform AND t.external_id = x.external_id
WHERE t.ended_at IS NULL AND t.deal_group = $9 AND t.price_usd = x.price_usd
"""
    + _DEAL_UPDATE
)

# Listings that have no deal score, and why.
UNSCORED_DEALS = (
    """
INSERT INTO marketplace_listing_deals AS d (
    platform, external_id, deal_score, comparables, comparable_median_usd, comparable_group, reason
)
SELECT t.platform, t.external_id, NULL::numeric, 0, NULL::numeric, NULL::jsonb,
       CASE WHEN t.ended_at IS NOT NULL THEN 'ended'
            WHEN t.deal_group IS NULL THEN 'no_lot'
            ELSE 'no_price' END
FROM trends_listings t
WHERE (t.ended_at IS NOT NULL OR t.deal_group IS NULL OR t.price_usd IS NULL OR t.price_usd <= 0)
      {selection}
"""
    + _DEAL_UPDATE
)


def deal_candidate(row) -> DealCandidate:
    return DealCandidate(
        platform=row["platform"],
        external_id=row["external_id"],
        price_usd=row["price_usd"],
        brand=row["brand"],
        lot=row["lot"],
        condition=row["condition"],
        flaws=tuple(row["flaws"] or ()),
        era=row["era"],
        big_e=row["big_e"],
        selvedge=row["selvedge"],
        made_in=row["made_in"],
        size=row["size_bucket"],
    )


async def recompute_deals(
    conn: asyncpg.Connection, min_comparables: int, groups: Sequence[str] | None = None
) -> None:
    """Score every live listing of these deal groups (of all groups when None, and then every
    unscorable listing's reason too), and their trend scores, which weigh the deal score in."""
    if groups is None:
        rows = await conn.fetch(DEAL_CANDIDATES.format(groups=""))
    elif groups:
        rows = await conn.fetch(
            DEAL_CANDIDATES.format(groups="AND deal_group = ANY($1::text[])"), list(groups)
        )
    else:
        return
    by_group: dict[str, list] = {}
    for row in rows:
        by_group.setdefault(row["deal_group"], []).append(row)
    for group, members in sorted(by_group.items()):
        deals = score_deals((deal_candidate(r) for r in members), min_comparables)
        values = [
            (
                r["platform"],
                r["external_id"],
                deal.score,
                deal.comparables,
                deal.median_usd,
                deal.group,
                deal.reason,
                r["price_usd"],
            )
            for r in members
            for deal in (deals[(r["platform"], r["external_id"])],)
        ]
        for chunk in range(0, len(values), DEAL_WRITE_ROWS):
            await conn.execute(
                STORE_DEALS, *columns(values[chunk : chunk + DEAL_WRITE_ROWS]), group
            )
    # The reasons of the unscorable listings (all, or those of these groups: ended or unpriced
    # since a concurrent refresh read them).
    if groups is None:
        await conn.execute(UNSCORED_DEALS.format(selection=""))
    else:
        await conn.execute(
            UNSCORED_DEALS.format(selection="AND t.deal_group = ANY($1::text[])"), list(groups)
        )
    await score_deal_groups(conn, groups)


DEAL_WRITE_ROWS = 5000


# --- insights, clean-up, rollup bookkeeping ---------------------------------------------------


async def group_days(conn: asyncpg.Connection, first: date, last: date) -> list[GroupDay]:
    rows = await conn.fetch(
        """SELECT category, key, period_start, listing_count, new_count, sample_count,
                  median_price_usd
           FROM marketplace_trends
           WHERE period = 'day' AND platform = 'all' AND category IN ('brand', 'lot')
             AND period_start BETWEEN $1 AND $2""",
        first,
        last,
    )
    return [
        GroupDay(
            category=r["category"],
            key=r["key"],
            day=r["period_start"],
            listing_count=r["listing_count"],
            new_count=r["new_count"],
            sample_count=r["sample_count"],
            median_price_usd=r["median_price_usd"],
        )
        for r in rows
    ]


MARKET_ROW = """
    WHERE period = 'day' AND period_start = $1 AND platform = 'all' AND category = 'all'
      AND key = 'all'
"""


async def market_row(conn: asyncpg.Connection, day: date) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT listing_count, new_count, ended_count, sample_count, avg_price_usd,"
        " median_price_usd, min_price_usd, max_price_usd, insights FROM marketplace_trends"
        + MARKET_ROW,
        day,
    )


async def store_insights(conn: asyncpg.Connection, day: date, insights: dict) -> None:
    await conn.execute(
        "UPDATE marketplace_trends SET insights = $2" + MARKET_ROW + " AND insights <> $2",
        day,
        insights,
    )


async def clean_up_sync_jobs(conn: asyncpg.Connection, older_than: datetime) -> int:
    """Delete our record of sync jobs last updated before ``older_than`` (the read model's job
    history is the projector's to clean)."""
    return await conn.fetchval(
        """WITH gone AS (DELETE FROM trends_sync_jobs WHERE occurred_at < $1 RETURNING job_id),
                pages AS (DELETE FROM trends_seen_pages WHERE job_id IN (SELECT job_id FROM gone))
           SELECT count(*) FROM gone""",
        older_than,
    )


async def record_rollup(conn: asyncpg.Connection, day: date) -> None:
    await conn.execute(
        "INSERT INTO trends_rollups (day, finished_at) VALUES ($1, now())"
        " ON CONFLICT (day) DO UPDATE SET finished_at = excluded.finished_at",
        day,
    )


async def rolled_up(conn: asyncpg.Connection, day: date) -> bool:
    return bool(await conn.fetchval("SELECT 1 FROM trends_rollups WHERE day = $1", day))


# --- trend scores -----------------------------------------------------------------------------

# trend_score = 100 x the weighted sum of four parts, each 0-1 (the API documents the same):
# engagement  e / (e + r): the listing's watchers + favorites + score + comments + bids against r,
#             its platform's average (the latest daily market row's); the average scores 0.5;
# recency     halves every RECENCY_HALF_LIFE_DAYS since it was listed (or first seen); 0 ended;
# deal        0.5 at the comparables' median, 1 at 50% below it, 0 at 50% above; 0.5 unscored;
# momentum    g / (g + 1) for g = (new listings of its lot, else brand, in the last 7 days + 1)
#             / (in the 7 days before + 1): 0.5 steady, toward 1 rising; 0.5 unknown.
TREND_WEIGHTS = {"engagement": 0.35, "recency": 0.25, "deal": 0.25, "momentum": 0.15}
RECENCY_HALF_LIFE_DAYS = 7
RECENCY_MAX_DAYS = 3650  # recency is 0.000 (rounded) long before
MOMENTUM_WINDOW_DAYS = 7
# The platform average assumed before the first daily market row exists.
DEFAULT_ENGAGEMENT_REFERENCE = 5.0
# Scores older than this are refreshed a batch at a time beside each deal recompute, so recency
# and momentum move between the daily full recompute.
SCORE_REFRESH_AFTER = timedelta(hours=1)
SCORE_REFRESH_BATCH = 2000

_INTEREST = " + ".join(
    f"coalesce((t.engagement ->> '{metric}')::float8, 0)" for metric in ENGAGEMENT_METRICS
)
_REFERENCE = " + ".join(
    f"coalesce((engagement -> '{metric}' ->> 'avg')::float8, 0)" for metric in ENGAGEMENT_METRICS
)
SCORE_LISTINGS = f"""
WITH today AS (SELECT (now() AT TIME ZONE 'UTC')::date AS day),
targets AS (
    SELECT t.platform, t.external_id, t.ended_at,
           least(coalesce(t.listed_at, t.first_seen_at), t.first_seen_at) AS since,
           greatest(0, {_INTEREST}) AS interest,
           CASE WHEN t.lot IS NOT NULL THEN 'lot' ELSE 'brand' END AS momentum_category,
           coalesce(t.lot, t.brand) AS momentum_key
    FROM trends_listings t
    WHERE {{selection}}
),
reference AS (
    SELECT DISTINCT ON (platform) platform, {_REFERENCE} AS interest
    FROM marketplace_trends, today
    WHERE period = 'day' AND category = 'all' AND key = 'all'
      AND platform IN ('ebay', 'etsy', 'reddit') AND period_start >= today.day - 7
    ORDER BY platform, period_start DESC
),
momentum AS (
    SELECT m.category, m.key,
           (coalesce(sum(m.new_count) FILTER (
                WHERE m.period_start > today.day - {MOMENTUM_WINDOW_DAYS}), 0) + 1)::float8
           / (coalesce(sum(m.new_count) FILTER (
                WHERE m.period_start <= today.day - {MOMENTUM_WINDOW_DAYS}), 0) + 1) AS growth
    FROM marketplace_trends m, today
    WHERE m.period = 'day' AND m.platform = 'all' AND m.category IN ('brand', 'lot')
      AND m.period_start > today.day - {2 * MOMENTUM_WINDOW_DAYS}
      AND (m.category, m.key) IN (SELECT momentum_category, momentum_key FROM targets)
    GROUP BY m.category, m.key
),
factors AS (
    SELECT tg.platform, tg.external_id,
           tg.interest / (tg.interest + coalesce(nullif(r.interest, 0), $1)) AS engagement,
           -- float8: extract() is numeric, and a numeric power() was a third of this statement;
           -- the age stops at RECENCY_MAX_DAYS (0.5^(days / 7) underflows float8 after about
           -- 20 years: a listing time of 1970 failed the whole batch)
           CASE WHEN tg.ended_at IS NOT NULL THEN 0
                ELSE power(0.5::float8, least({RECENCY_MAX_DAYS}, greatest(0, extract(
                    epoch FROM now() - tg.since)::float8 / 86400)) / {RECENCY_HALF_LIFE_DAYS})
                END
               AS recency,
           -- (greatest and least skip nulls: an unscored listing is tested for first)
           CASE WHEN d.deal_score IS NULL THEN 0.5
                ELSE least(1, greatest(0, (d.deal_score::float8 + 50) / 100)) END AS deal,
           coalesce(m.growth / (m.growth + 1), 0.5) AS momentum
    FROM targets tg
    LEFT JOIN reference r ON r.platform = tg.platform
    LEFT JOIN marketplace_listing_deals d
           ON d.platform = tg.platform AND d.external_id = tg.external_id
    LEFT JOIN momentum m ON m.category = tg.momentum_category AND m.key = tg.momentum_key
)
INSERT INTO marketplace_listing_trend_scores AS s (
    platform, external_id, trend_score, factors, computed_at
)
SELECT platform, external_id,
       round((100 * ({TREND_WEIGHTS["engagement"]} * engagement
                     + {TREND_WEIGHTS["recency"]} * recency
                     + {TREND_WEIGHTS["deal"]} * deal
                     + {TREND_WEIGHTS["momentum"]} * momentum))::numeric, 1),
       jsonb_build_object('engagement', round(engagement::numeric, 3),
                          'recency', round(recency::numeric, 3),
                          'deal', round(deal::numeric, 3),
                          'momentum', round(momentum::numeric, 3)),
       now()
FROM factors
ON CONFLICT (platform, external_id) DO UPDATE SET
    trend_score = excluded.trend_score, factors = excluded.factors,
    computed_at = excluded.computed_at
"""


async def score_listings(conn: asyncpg.Connection, keys: Sequence[tuple[str, str]]) -> None:
    """(Re)score these listings, in the caller's transaction."""
    if keys:
        await conn.execute(
            SCORE_LISTINGS.format(
                selection="(t.platform, t.external_id) IN"
                " (SELECT * FROM unnest($2::text[], $3::text[]))"
            ),
            DEFAULT_ENGAGEMENT_REFERENCE,
            [platform for platform, _ in keys],
            [external_id for _, external_id in keys],
        )


async def score_deal_groups(conn: asyncpg.Connection, groups: Sequence[str] | None) -> None:
    """Rescore the listings of these deal groups (their deal scores moved) and the stalest
    scores; every listing when ``groups`` is None."""
    if groups is None:
        await conn.execute(SCORE_LISTINGS.format(selection="true"), DEFAULT_ENGAGEMENT_REFERENCE)
        return
    await conn.execute(
        SCORE_LISTINGS.format(
            selection="t.deal_group = ANY($2::text[]) OR (t.platform, t.external_id) IN ("
            " SELECT platform, external_id FROM marketplace_listing_trend_scores"
            " WHERE computed_at < now() - $3::interval ORDER BY computed_at LIMIT $4)"
        ),
        DEFAULT_ENGAGEMENT_REFERENCE,
        list(groups),
        SCORE_REFRESH_AFTER,
        SCORE_REFRESH_BATCH,
    )
