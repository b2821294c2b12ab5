"""The alerts service's own tables for matching: its view of each listing, the matches, the
record of which searches' existing matches are in, and the outbox of ``AlertMatched`` events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg
from indigo_shared import outbox
from indigo_shared.events import AlertMatched
from indigo_shared.streams import ALERT_MATCHED

from indigo_alerts.domain.listings import ListingFeatures
from indigo_alerts.domain.triggers import PriorMatch

OUTBOX = "alerts_outbox"
#: The channel on which a commit with new outbox rows wakes the relay (NOTIFY is sent on commit).
OUTBOX_CHANNEL = "alerts_outbox"

LISTING_STATES = """
SELECT platform, external_id, collected_at, last_seen_at, ended_at, sold FROM alerts_listings
WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
ORDER BY platform, external_id
FOR UPDATE
"""


async def listing_states(conn: asyncpg.Connection, keys: Sequence[tuple[str, str]]) -> dict:
    """The stored state of these listings, locked for the caller's transaction (replicas working
    on two versions of one listing take turns)."""
    if not keys:
        return {}
    rows = await conn.fetch(LISTING_STATES, [k[0] for k in keys], [k[1] for k in keys])
    return {(r["platform"], r["external_id"]): r for r in rows}


# A sold version ends the listing at its sale (``sold_at``, from indigo_shared.sales: the
# stored row is locked by ``listing_states``); a version that is not sold brings a sold listing
# back (relisted), and any version seen after an ending brings back one that was not sold.
UPSERT_LISTING = """
INSERT INTO alerts_listings AS a (
    platform, external_id, listing_id, price, currency, price_usd, features, lexemes, listing,
    collected_at, last_seen_at, sold, ended_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)
ON CONFLICT (platform, external_id) DO UPDATE SET
    price = excluded.price, currency = excluded.currency, price_usd = excluded.price_usd,
    features = excluded.features, lexemes = excluded.lexemes, listing = excluded.listing,
    collected_at = excluded.collected_at,
    last_seen_at = greatest(a.last_seen_at, excluded.collected_at),
    sold = excluded.sold,
    ended_at = CASE WHEN excluded.sold OR a.sold THEN excluded.ended_at
                    WHEN a.ended_at < excluded.collected_at THEN NULL ELSE a.ended_at END
WHERE excluded.collected_at >= a.collected_at
"""


@dataclass(frozen=True)
class ListingVersion:
    features: ListingFeatures
    listing: dict[str, Any]  # the snapshot alerts carry
    collected_at: datetime
    sold: bool = False
    sold_at: datetime | None = None  # when its sale began, if this version is sold


async def store_listings(conn: asyncpg.Connection, versions: Iterable[ListingVersion]) -> None:
    await conn.executemany(
        UPSERT_LISTING,
        [
            (
                v.features.platform,
                v.features.external_id,
                v.features.listing_id,
                v.features.price,
                v.features.currency,
                v.features.price_usd,
                v.features.stored(),
                sorted(v.features.lexemes),
                v.listing,
                v.collected_at,
                v.sold,
                v.sold_at,
            )
            for v in versions
        ],
    )


async def deal_scores(conn: asyncpg.Connection, keys: Sequence[tuple[str, str]]) -> dict:
    """Deal scores trends has computed for these listings (read from its table)."""
    if not keys:
        return {}
    rows = await conn.fetch(
        "SELECT platform, external_id, deal_score FROM marketplace_listing_deals"
        " WHERE (platform, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))",
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    return {(r["platform"], r["external_id"]): r["deal_score"] for r in rows}


# --- lifecycle ----------------------------------------------------------------------------------

# A sighting moves last_seen_at on; one after the listing's end brings it back (returned here),
# unless it is sold: a sync still sees a sold post, and only a version not sold is back.
RECORD_SEEN = """
WITH seen AS (
    SELECT a.platform, a.external_id, a.ended_at, a.sold FROM alerts_listings a
    WHERE a.platform = $1 AND a.external_id = ANY($2::text[]) AND a.last_seen_at < $3
    FOR UPDATE
), updated AS (
    UPDATE alerts_listings a SET last_seen_at = $3,
        ended_at = CASE WHEN a.ended_at < $3 AND NOT a.sold THEN NULL ELSE a.ended_at END
    FROM seen WHERE a.platform = seen.platform AND a.external_id = seen.external_id
)
SELECT a.platform, a.external_id, a.listing_id, a.price, a.currency, a.price_usd, a.features,
       a.lexemes, a.listing
FROM alerts_listings a JOIN seen USING (platform, external_id)
WHERE seen.ended_at < $3 AND NOT seen.sold
"""


async def record_seen(
    conn: asyncpg.Connection, platform: str, external_ids: list[str], seen_at: datetime
) -> list[asyncpg.Record]:
    """Record a sighting; returns the listings it brought back to the market."""
    return await conn.fetch(RECORD_SEEN, platform, external_ids, seen_at)


async def record_ended(conn: asyncpg.Connection, rows: Iterable[tuple[str, str, datetime]]) -> None:
    """``ListingEnded``: ended at its last sighting, unless seen since; a sold listing keeps its
    sale as its end."""
    await conn.executemany(
        "UPDATE alerts_listings SET ended_at = $3"
        " WHERE platform = $1 AND external_id = $2 AND last_seen_at <= $3"
        " AND ended_at IS DISTINCT FROM $3 AND NOT sold",
        list(rows),
    )


# --- matches ------------------------------------------------------------------------------------

PRIOR_MATCHES = """
SELECT DISTINCT ON (m.saved_search_id, m.listing_id)
       m.saved_search_id, m.listing_id, m.price, m.currency, m.price_usd
FROM alerts_matches m
JOIN unnest($1::uuid[], $2::uuid[]) AS p(saved_search_id, listing_id)
  ON m.saved_search_id = p.saved_search_id AND m.listing_id = p.listing_id
ORDER BY m.saved_search_id, m.listing_id, m.matched_at DESC, m.id
"""


async def prior_matches(
    conn: asyncpg.Connection, pairs: Sequence[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], PriorMatch]:
    """The latest match of each (search, listing) pair that has one."""
    if not pairs:
        return {}
    rows = await conn.fetch(PRIOR_MATCHES, [p[0] for p in pairs], [p[1] for p in pairs])
    return {
        (r["saved_search_id"], r["listing_id"]): PriorMatch(
            r["price"], r["currency"], r["price_usd"]
        )
        for r in rows
    }


@dataclass(frozen=True)
class NewMatch:
    id: uuid.UUID
    saved_search_id: uuid.UUID
    features: ListingFeatures
    trigger: str
    previous_price: Decimal | None
    notify: bool
    delivery: str
    digest_period: datetime | None
    reasons: dict[str, Any]
    listing_json: str  # the snapshot alerts carry, encoded once for all the listing's matches
    matched_at: datetime


INSERT_MATCHES = """
INSERT INTO alerts_matches (
    id, saved_search_id, listing_id, platform, external_id, trigger, price, currency, price_usd,
    previous_price, notify, delivery, digest_period, reasons, listing, matched_at
)
SELECT id, saved_search_id, listing_id, platform, external_id, trigger, price, currency,
       price_usd, previous_price, notify, delivery, digest_period, reasons::jsonb, listing::jsonb,
       matched_at
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
            $7::numeric[], $8::text[], $9::numeric[], $10::numeric[], $11::boolean[],
            $12::text[], $13::timestamptz[], $14::text[], $15::text[], $16::timestamptz[])
     AS m(id, saved_search_id, listing_id, platform, external_id, trigger, price, currency,
          price_usd, previous_price, notify, delivery, digest_period, reasons, listing, matched_at)
ON CONFLICT DO NOTHING
RETURNING id
"""


async def record_matches(conn: asyncpg.Connection, matches: Sequence[NewMatch]) -> list[NewMatch]:
    """Insert the matches not recorded yet, and queue an ``AlertMatched`` for each new one that
    alerts, in the caller's transaction. Returns the new ones."""
    if not matches:
        return []
    unique = list({m.id: m for m in matches}.values())
    columns = (
        [m.id for m in unique],
        [m.saved_search_id for m in unique],
        [m.features.listing_id for m in unique],
        [m.features.platform for m in unique],
        [m.features.external_id for m in unique],
        [m.trigger for m in unique],
        [m.features.price for m in unique],
        [m.features.currency for m in unique],
        [m.features.price_usd for m in unique],
        [m.previous_price for m in unique],
        [m.notify for m in unique],
        [m.delivery for m in unique],
        [m.digest_period for m in unique],
        [json.dumps(m.reasons) for m in unique],
        [m.listing_json for m in unique],
        [m.matched_at for m in unique],
    )
    inserted = {row["id"] for row in await conn.fetch(INSERT_MATCHES, *columns)}
    new = [m for m in unique if m.id in inserted]
    events = [(ALERT_MATCHED, alert_matched(m), str(m.id)) for m in new if m.notify]
    if events:
        await outbox.add(conn, OUTBOX, events)
        await conn.execute("SELECT pg_notify($1, '')", OUTBOX_CHANNEL)
    return new


def alert_matched(match: NewMatch) -> AlertMatched:
    f = match.features
    # Built from values already checked (a validated event, ids made here), every field given:
    # validating them again, and pydantic's default factories, were a tenth of the matching time.
    return AlertMatched.model_construct(
        event_id=match.id,  # one event per match: the same event again on any replay
        schema_version=1,
        saved_search_id=match.saved_search_id,
        platform=f.platform,
        external_id=f.external_id,
        matched_at=match.matched_at,
        match_id=match.id,
        listing_id=f.listing_id,
        trigger=match.trigger,
        price=f.price,
        currency=f.currency,
        price_usd=f.price_usd,
    )


async def match_record(conn: asyncpg.Connection, match_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM alerts_matches WHERE id = $1", match_id)


# --- a new search's existing matches --------------------------------------------------------------


async def claim_backfill(conn: asyncpg.Connection, search_id: uuid.UUID, version: datetime) -> bool:
    """Take on recording the current matches of this version of a search; False when it is done
    (or being done by another replica, whose transaction holds the row)."""
    row = await conn.fetchrow(
        """INSERT INTO alerts_search_state AS s (saved_search_id, backfilled_version)
           VALUES ($1, $2)
           ON CONFLICT (saved_search_id) DO UPDATE SET backfilled_version = excluded.backfilled_version,
               backfilled_at = now()
           WHERE s.backfilled_version < excluded.backfilled_version
           RETURNING saved_search_id""",
        search_id,
        version,
    )
    return row is not None


async def finish_backfill(conn: asyncpg.Connection, search_id: uuid.UUID, matches: int) -> None:
    await conn.execute(
        "UPDATE alerts_search_state SET existing_matches = $2 WHERE saved_search_id = $1",
        search_id,
        matches,
    )


async def backfilled_versions(conn: asyncpg.Connection) -> dict[uuid.UUID, datetime]:
    rows = await conn.fetch("SELECT saved_search_id, backfilled_version FROM alerts_search_state")
    return {r["saved_search_id"]: r["backfilled_version"] for r in rows}


LIVE_LISTINGS = """
SELECT a.platform, a.external_id, a.listing_id, a.price, a.currency, a.price_usd, a.features,
       a.lexemes, a.listing, d.deal_score
FROM alerts_listings a
LEFT JOIN marketplace_listing_deals d
       ON d.platform = a.platform AND d.external_id = a.external_id
WHERE a.ended_at IS NULL AND (a.platform, a.external_id) > ($1, $2)
ORDER BY a.platform, a.external_id
LIMIT $3
"""


async def live_listings(conn: asyncpg.Connection, *, chunk: int = 2000):
    """Every listing still on the market, in chunks (keyset pages)."""
    after = ("", "")
    while True:
        rows = await conn.fetch(LIVE_LISTINGS, *after, chunk)
        if not rows:
            return
        yield rows
        after = (rows[-1]["platform"], rows[-1]["external_id"])


CHANGED_DEALS = """
SELECT a.platform, a.external_id, a.listing_id, a.price, a.currency, a.price_usd, a.features,
       a.lexemes, a.listing, d.deal_score, d.computed_at
FROM marketplace_listing_deals d
JOIN alerts_listings a ON a.platform = d.platform AND a.external_id = d.external_id
WHERE d.computed_at > $1 AND d.deal_score IS NOT NULL AND a.ended_at IS NULL
ORDER BY d.computed_at
LIMIT $2
"""


async def changed_deals(conn: asyncpg.Connection, since: datetime, limit: int = 5000):
    return await conn.fetch(CHANGED_DEALS, since, limit)
