"""SQL that projects events into the read model. Every statement is idempotent: the same event
applied twice leaves the same row, and an older event never overwrites a newer one."""

from __future__ import annotations

import json

import asyncpg
from indigo_shared.db import columns, in_rounds
from indigo_shared.events import (
    ListingEnded,
    ListingEnriched,
    ListingsSeen,
    SyncCounts,
    SyncStatusChanged,
    listing_id,
)
from indigo_shared.money import to_usd
from indigo_shared.sales import is_sold, sold_since

#: The columns of :func:`listing_row`, in its order.
LISTING_COLUMNS = (
    "id", "platform", "external_id", "url", "title", "description", "price", "currency",
    "price_usd", "shipping_cost", "condition", "brand", "size", "image_urls", "seller_username",
    "location", "buying_format", "listed_at", "ends_at", "engagement", "trend_score", "ai_tags",
    "raw_data", "content_hash", "model", "waist", "inseam", "measured_waist", "measured_inseam",
    "era", "wash", "made_in", "selvedge", "attr_condition", "attributes", "enrichment",
    "sync_job_id", "collected_at", "enriched_at",
)  # fmt: skip
#: asyncpg's COPY is binary, and the pools' JSON codec is text: these travel as JSON text.
_JSON_COLUMNS = frozenset({"engagement", "raw_data", "attributes", "enrichment"})
_JSON_INDEXES = tuple(i for i, c in enumerate(LISTING_COLUMNS) if c in _JSON_COLUMNS)
#: What a batch stages: the rows, and when each listing's newest version was sold (or null).
_STAGED_COLUMNS = (*LISTING_COLUMNS, "ended_at")

#: The listing's text that its full-text document (``search_vector``) is made of.
_SEARCH_TEXT = ("title", "brand", "model", "description")


def _search_vector(row: str) -> str:
    return f"listing_search_vector({', '.join(f'{row}.{c}' for c in _SEARCH_TEXT)})"


_SAME_TEXT = " AND ".join(f"l.{c} IS NOT DISTINCT FROM excluded.{c}" for c in _SEARCH_TEXT)

# A batch is copied into a temporary table (rolled back with the transaction on any error), then
# upserted by one statement: a third cheaper than an upsert per row (COPY parses and plans
# nothing per row). The newest version of each listing wins, first seen when its oldest was: as
# the versions applied one by one in order leave it.
# A sold newest version ends the listing at its sale (the staged ``ended_at``, worked out by
# :func:`sale_endings` from the stored row, locked, and the batch); a newer version that is not
# sold brings a sold listing back (null); otherwise ``ended_at`` is the lifecycle's (trends').
# The full-text document is parsed only for a listing whose text is new or changed (parsing is
# most of a row's cost): a listing already stored with this text comes with none, and keeps its
# own. The update compares with the stored row itself, so a version written meanwhile by another
# replica is never left with a document of other words.
STAGE_LISTINGS = (
    "CREATE TEMP TABLE projected_listings AS SELECT "
    + ", ".join(f"{c}::text AS {c}" if c in _JSON_COLUMNS else c for c in _STAGED_COLUMNS)
    + " FROM marketplace_listings WITH NO DATA"
)
UPSERT_STAGED_LISTINGS = f"""
INSERT INTO marketplace_listings AS l (
    {", ".join(_STAGED_COLUMNS)}, first_seen_at, last_seen_at, search_vector
)
SELECT DISTINCT ON (platform, external_id)
    {", ".join(f"{c}::jsonb" if c in _JSON_COLUMNS else c for c in _STAGED_COLUMNS)},
    min(collected_at) OVER (PARTITION BY platform, external_id), collected_at,
    CASE WHEN EXISTS (
        SELECT 1 FROM marketplace_listings s
        WHERE s.platform = p.platform AND s.external_id = p.external_id
          AND {" AND ".join(f"s.{c} IS NOT DISTINCT FROM p.{c}" for c in _SEARCH_TEXT)}
    ) THEN NULL ELSE {_search_vector("p")} END
FROM projected_listings p
ORDER BY platform, external_id, collected_at DESC
ON CONFLICT (platform, external_id) DO UPDATE SET
    {", ".join(f"{c} = excluded.{c}" for c in LISTING_COLUMNS[3:])},
    first_seen_at = least(l.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(l.last_seen_at, excluded.last_seen_at),
    ended_at = CASE WHEN excluded.buying_format = 'sold' OR l.buying_format = 'sold'
                    THEN excluded.ended_at ELSE l.ended_at END,
    updated_at = CASE WHEN l.content_hash = excluded.content_hash
                       AND l.enrichment = excluded.enrichment THEN l.updated_at ELSE now() END,
    search_vector = CASE WHEN {_SAME_TEXT} THEN l.search_vector
                         ELSE coalesce(excluded.search_vector, {_search_vector("excluded")}) END
WHERE excluded.collected_at >= l.collected_at
"""


# The stored state a batch's sales are worked out from, locked until the batch commits (so a
# replica applying another version of the listing waits for this one). Sorted: no deadlock.
STORED_SALES = """
SELECT platform, external_id, buying_format, ended_at, collected_at FROM marketplace_listings
WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
ORDER BY platform, external_id
FOR UPDATE
"""

_PLATFORM, _EXTERNAL_ID = LISTING_COLUMNS.index("platform"), LISTING_COLUMNS.index("external_id")
_BUYING_FORMAT = LISTING_COLUMNS.index("buying_format")
_COLLECTED_AT = LISTING_COLUMNS.index("collected_at")


async def sale_endings(conn: asyncpg.Connection, rows: list[tuple]) -> dict:
    """When each listing of these :func:`listing_row` rows was sold, if its newest version is
    (:func:`indigo_shared.sales.sold_since`); None for the others."""
    versions: dict[tuple[str, str], list] = {}
    for row in rows:
        versions.setdefault((row[_PLATFORM], row[_EXTERNAL_ID]), []).append(
            (row[_COLLECTED_AT], is_sold(row[_BUYING_FORMAT]))
        )
    keys = sorted(versions)
    stored = {
        (r["platform"], r["external_id"]): r
        for r in await conn.fetch(STORED_SALES, [k[0] for k in keys], [k[1] for k in keys])
    }
    endings = {}
    for key, found in versions.items():
        old = stored.get(key)
        endings[key] = sold_since(
            found,
            stored_sold=old is not None and is_sold(old["buying_format"]),
            stored_ended_at=old["ended_at"] if old is not None else None,
            stored_collected_at=old["collected_at"] if old is not None else None,
        )
    return endings


async def upsert_listings(conn: asyncpg.Connection, rows: list[tuple]) -> None:
    """Upsert :func:`listing_row` rows, in the caller's transaction."""
    endings = await sale_endings(conn, rows)
    copied = [[*row, endings[row[_PLATFORM], row[_EXTERNAL_ID]]] for row in rows]
    for row in copied:
        for i in _JSON_INDEXES:
            if row[i] is not None:
                row[i] = json.dumps(row[i])
    await conn.execute(STAGE_LISTINGS)
    await conn.copy_records_to_table("projected_listings", records=copied, columns=_STAGED_COLUMNS)
    await conn.execute(UPSERT_STAGED_LISTINGS)
    await conn.execute("DROP TABLE projected_listings")  # a second batch in this transaction


# A price is recorded when it differs from the last one seen at or before this observation. One
# statement per round of distinct listings (``in_rounds``).
RECORD_PRICES = """
INSERT INTO marketplace_price_history (listing_id, observed_at, price, currency, price_usd)
SELECT k.* FROM unnest($1::uuid[], $2::timestamptz[], $3::numeric[], $4::text[], $5::numeric[])
     AS k(listing_id, observed_at, price, currency, price_usd)
WHERE (
    SELECT h.price FROM marketplace_price_history h
    WHERE h.listing_id = k.listing_id AND h.observed_at <= k.observed_at
    ORDER BY h.observed_at DESC LIMIT 1
) IS DISTINCT FROM k.price
ON CONFLICT (listing_id, observed_at) DO NOTHING
"""


def listing_row(event: ListingEnriched, fx) -> tuple:
    listing, attrs = event.listing, event.attributes
    price_usd = listing.price_usd or to_usd(listing.price, listing.currency, fx)
    return (
        listing_id(listing.platform, listing.external_id),
        listing.platform,
        listing.external_id,
        listing.url,
        listing.title,
        listing.description,
        listing.price,
        listing.currency,
        price_usd,
        listing.shipping_cost,
        listing.condition,
        attrs.brand or listing.brand,
        listing.size,
        listing.image_urls,
        listing.seller_username,
        listing.location,
        listing.buying_format,
        listing.listed_at,
        listing.ends_at,
        listing.engagement.model_dump(exclude_none=True),
        listing.trend_score,
        listing.ai_tags,
        listing.raw_data,
        listing.content_hash,
        attrs.model,
        attrs.waist,
        attrs.inseam,
        attrs.measured_waist,
        attrs.measured_inseam,
        attrs.era,
        attrs.wash,
        attrs.made_in,
        attrs.selvedge,
        attrs.condition,
        attrs.model_dump(mode="json"),
        event.enrichment.model_dump(mode="json"),
        event.sync_job_id,
        event.collected_at,
        event.enriched_at,
    )


# The words search corrects typos against: those of titles, brands and lots, as full-text search
# stems them.
RECORD_SEARCH_TERMS = """
INSERT INTO marketplace_search_terms (term)
SELECT DISTINCT t.lexeme FROM unnest($1::text[]) AS doc, unnest(to_tsvector('english', doc)) AS t
ON CONFLICT DO NOTHING
"""


async def project_listings(conn: asyncpg.Connection, events: list[ListingEnriched], fx) -> None:
    """Upsert listings and record price changes, in the caller's transaction, oldest first."""
    events = sorted(events, key=lambda e: e.collected_at)
    rows = [listing_row(e, fx) for e in events]
    await upsert_listings(conn, rows)
    prices = [(r[0], r[37], r[6], r[7], r[8]) for r in rows]
    for batch in in_rounds(prices, key=lambda price: price[0]):
        await conn.execute(RECORD_PRICES, *columns(batch))
    await conn.execute(
        RECORD_SEARCH_TERMS, [" ".join(filter(None, (r[4], r[11], r[24]))) for r in rows]
    )
    await conn.execute(APPLY_PENDING_ENDINGS, [r[1] for r in rows], [r[2] for r in rows])


# A sync saw these listings (changed or not): they are still on the market at that time, and
# one that had ended is back (as the trends service decides too); a sold one stays sold (only a
# version that is not sold brings it back).
_REVIVED = "ended_at < $3 AND buying_format IS DISTINCT FROM 'sold'"
RECORD_SEEN = f"""
UPDATE marketplace_listings SET
    last_seen_at = $3,
    ended_at = CASE WHEN {_REVIVED} THEN NULL ELSE ended_at END,
    updated_at = CASE WHEN {_REVIVED} THEN now() ELSE updated_at END
WHERE platform = $1 AND external_id = ANY($2::text[]) AND last_seen_at < $3
"""

# The trends service found these listings gone; a sighting after ``ended_at`` keeps one live,
# and a sold listing keeps its sale as its end.
RECORD_ENDED = """
UPDATE marketplace_listings SET ended_at = $3, updated_at = now()
WHERE platform = $1 AND external_id = $2 AND last_seen_at <= $3
  AND ended_at IS DISTINCT FROM $3 AND buying_format IS DISTINCT FROM 'sold'
"""

# An ending that came before its listing's row waits here until the row is projected.
HOLD_ENDED = """
INSERT INTO marketplace_pending_endings (platform, external_id, ended_at)
SELECT $1, $2, $3
WHERE NOT EXISTS (SELECT 1 FROM marketplace_listings WHERE platform = $1 AND external_id = $2)
ON CONFLICT (platform, external_id) DO UPDATE SET ended_at = greatest(
    marketplace_pending_endings.ended_at, excluded.ended_at)
"""

APPLY_PENDING_ENDINGS = """
WITH due AS (
    DELETE FROM marketplace_pending_endings p
    USING unnest($1::text[], $2::text[]) AS k(platform, external_id)
    WHERE p.platform = k.platform AND p.external_id = k.external_id
    RETURNING p.platform, p.external_id, p.ended_at
)
UPDATE marketplace_listings l SET ended_at = due.ended_at, updated_at = now()
FROM due
WHERE l.platform = due.platform AND l.external_id = due.external_id
  AND l.last_seen_at <= due.ended_at AND l.buying_format IS DISTINCT FROM 'sold'
"""


async def project_endings(conn: asyncpg.Connection, events: list[ListingEnded]) -> None:
    rows = [(e.platform, e.external_id, e.ended_at) for e in events]
    await conn.executemany(RECORD_ENDED, rows)
    await conn.executemany(HOLD_ENDED, rows)


async def project_seen(conn: asyncpg.Connection, events: list[ListingsSeen]) -> None:
    """Move ``last_seen_at`` forward; a listing not projected yet gets its times from its own
    event, and an older sighting never moves it back."""
    await conn.executemany(RECORD_SEEN, [(e.platform, e.external_ids, e.seen_at) for e in events])


# Final statuses (completed, failed, cancelled) rank 2 in the SQL below too (its ELSE): a late
# "running" never overwrites a cancelled job.
STATUS_RANK = {
    "pending": 0,
    "running": 1,
    "stalled": 1,
    "completed": 2,
    "failed": 2,
    "cancelled": 2,
}

UPSERT_SYNC_JOB = """
INSERT INTO marketplace_sync_jobs AS j (
    id, platform, status, keywords, "limit", fetched, published, unchanged, errors, error,
    requested_at, started_at, finished_at, updated_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
ON CONFLICT (id) DO UPDATE SET
    status = excluded.status, keywords = coalesce(excluded.keywords, j.keywords),
    "limit" = coalesce(excluded."limit", j."limit"),
    fetched = CASE WHEN $15 THEN excluded.fetched ELSE j.fetched END,
    published = CASE WHEN $15 THEN excluded.published ELSE j.published END,
    unchanged = CASE WHEN $15 THEN excluded.unchanged ELSE j.unchanged END,
    errors = CASE WHEN $15 THEN excluded.errors ELSE j.errors END,
    error = excluded.error, requested_at = coalesce(j.requested_at, excluded.requested_at),
    started_at = coalesce(excluded.started_at, j.started_at),
    finished_at = coalesce(excluded.finished_at, j.finished_at), updated_at = excluded.updated_at
WHERE (CASE excluded.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)
    > (CASE j.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 WHEN 'stalled' THEN 1 ELSE 2 END)
   OR (excluded.status = j.status AND excluded.updated_at >= j.updated_at)
   -- a stalled job whose collector speaks again is running again
   OR (j.status = 'stalled' AND excluded.status = 'running' AND excluded.updated_at >= j.updated_at)
"""

# Running jobs that no status has reached since ``$1``: their collector stopped reporting. The
# row keeps its ``updated_at``, so any later status from a collector wins over this one.
MARK_STALLED = """
UPDATE marketplace_sync_jobs SET status = 'stalled',
    error = 'no status from its collector since ' || to_char(updated_at AT TIME ZONE 'UTC',
            'YYYY-MM-DD HH24:MI:SS') || ' UTC: the collector stopped or cannot reach NATS; '
            'the request is redelivered to a running collector'
WHERE status = 'running' AND updated_at < $1
RETURNING id
"""


async def mark_stalled_jobs(conn: asyncpg.Connection, silent_since) -> list:
    return [row["id"] for row in await conn.fetch(MARK_STALLED, silent_since)]


async def delete_old_sync_jobs(conn: asyncpg.Connection, older_than) -> int:
    return await conn.fetchval(
        "WITH gone AS (DELETE FROM marketplace_sync_jobs WHERE updated_at < $1 RETURNING 1)"
        " SELECT count(*) FROM gone",
        older_than,
    )


def sync_job_row(event: SyncStatusChanged) -> tuple:
    c = event.counts
    return (
        event.job_id,
        event.platform,
        event.status,
        event.keywords,
        event.limit,
        c.fetched,
        c.published,
        c.unchanged,
        c.errors,
        event.error,
        event.requested_at,
        event.started_at,
        event.finished_at,
        event.occurred_at,
        # A report without counts (a job failed when its request was parked) keeps those known.
        event.status != "failed" or c != SyncCounts(),
    )


async def project_sync_jobs(conn: asyncpg.Connection, events: list[SyncStatusChanged]) -> None:
    await conn.executemany(UPSERT_SYNC_JOB, [sync_job_row(e) for e in events])
