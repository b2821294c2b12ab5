"""Deliveries, their attempts (the delivery log), channel health and digests: written by the
alerts service only.

A delivery is claimed before it is sent (``claimed_until``, with ``FOR UPDATE SKIP LOCKED``), so
replicas never send the same one at once; one whose sender died is claimed again when its claim
runs out, and sent with the same ``webhook-id`` (receivers deduplicate on it).

Lock order: a transaction that writes both locks its delivery rows before its channel's health
row (``alerts_channel_state``), never the other way round. What touches many deliveries of a
channel (holding them when it is paused, cancelling them when it is disabled) runs in a
statement of its own after the channel's change is committed, and skips the deliveries another
transaction has locked or a sender has claimed: their own attempt's record settles them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

DELIVERY_NAMESPACE = uuid.UUID("8a6c1d2e-93b4-4f1a-a0de-5b7c2e4f6a90")
#: NOTIFY channel: a commit queued deliveries that are due (wakes the dispatchers).
DELIVERIES_CHANNEL = "alerts_deliveries"


def delivery_id(*parts: object) -> uuid.UUID:
    """The id of one message to one channel (a match's, a digest's): the same however often the
    message that asks for it is handled."""
    return uuid.uuid5(DELIVERY_NAMESPACE, ":".join(map(str, parts)))


@dataclass(frozen=True)
class NewDelivery:
    id: uuid.UUID
    saved_search_id: uuid.UUID
    channel_id: uuid.UUID
    kind: str
    body: str
    match_id: uuid.UUID | None = None
    digest_period: datetime | None = None


INSERT_DELIVERIES = """
INSERT INTO alerts_deliveries (
    id, saved_search_id, channel_id, kind, match_id, digest_period, body, status, next_attempt_at
)
SELECT d.id, d.saved_search_id, d.channel_id, d.kind, d.match_id, d.digest_period, d.body,
       CASE WHEN s.status = 'paused' THEN 'held'
            WHEN s.status = 'disabled' THEN 'cancelled' ELSE 'pending' END,
       $8
FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[],
            $7::text[]) AS d(id, saved_search_id, channel_id, kind, match_id, digest_period, body)
LEFT JOIN alerts_channel_state s ON s.channel_id = d.channel_id
ON CONFLICT (id) DO NOTHING
RETURNING id, status
"""


async def add_deliveries(
    conn: asyncpg.Connection, deliveries: Sequence[NewDelivery], now: datetime
) -> int:
    """Queue deliveries (held for a paused channel); returns how many are due now."""
    if not deliveries:
        return 0
    rows = await conn.fetch(
        INSERT_DELIVERIES,
        [d.id for d in deliveries],
        [d.saved_search_id for d in deliveries],
        [d.channel_id for d in deliveries],
        [d.kind for d in deliveries],
        [d.match_id for d in deliveries],
        [d.digest_period for d in deliveries],
        [d.body for d in deliveries],
        now,
    )
    due = sum(row["status"] == "pending" for row in rows)
    if due:
        await conn.execute("SELECT pg_notify($1, '')", DELIVERIES_CHANNEL)
    return due


CLAIM_DUE = """
UPDATE alerts_deliveries d SET claimed_until = $2 + $3::interval, updated_at = $2
WHERE d.id IN (
    SELECT id FROM alerts_deliveries
    WHERE status = 'pending' AND next_attempt_at <= $2
      AND (claimed_until IS NULL OR claimed_until < $2)
    ORDER BY next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
)
RETURNING d.id, d.saved_search_id, d.channel_id, d.kind, d.body, d.attempts,
          d.schedule_position, d.created_at
"""


async def claim_due(
    conn: asyncpg.Connection, limit: int, now: datetime, lease: timedelta
) -> list[asyncpg.Record]:
    return await conn.fetch(CLAIM_DUE, limit, now, lease)


async def claim_one(
    conn: asyncpg.Connection, delivery: uuid.UUID, now: datetime, lease: timedelta
) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """UPDATE alerts_deliveries SET claimed_until = $2 + $3::interval, updated_at = $2
           WHERE id = $1 AND (claimed_until IS NULL OR claimed_until < $2)
           RETURNING id, saved_search_id, channel_id, kind, body, attempts, schedule_position,
                     created_at""",
        delivery,
        now,
        lease,
    )


@dataclass(frozen=True)
class Attempt:
    started_at: datetime
    latency_ms: int
    outcome: str  # delivered | retry | gone | refused | error
    status_code: int | None = None
    error: str | None = None


async def record_attempt(
    conn: asyncpg.Connection,
    delivery: uuid.UUID,
    attempt: Attempt,
    *,
    status: str,
    next_attempt_at: datetime | None,
    schedule_position: int,
) -> int:
    """Log one attempt and move the delivery to ``status``; returns the attempt's number."""
    number = await conn.fetchval(
        """UPDATE alerts_deliveries SET attempts = attempts + 1, status = $2,
               next_attempt_at = $3, schedule_position = $4, claimed_until = NULL,
               last_status_code = $5, last_error = $6, updated_at = now(),
               delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
           WHERE id = $1 RETURNING attempts""",
        delivery,
        status,
        next_attempt_at,
        schedule_position,
        attempt.status_code,
        attempt.error,
    )
    await conn.execute(
        """INSERT INTO alerts_delivery_attempts
               (delivery_id, attempt, started_at, latency_ms, status_code, outcome, error)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING""",
        delivery,
        number,
        attempt.started_at,
        attempt.latency_ms,
        attempt.status_code,
        attempt.outcome,
        attempt.error,
    )
    return number


RECORD_DELIVERED = """
WITH sent AS (
    SELECT * FROM unnest($1::uuid[], $2::integer[], $3::timestamptz[], $4::integer[],
                         $5::boolean[]) AS s(id, status_code, started_at, latency_ms, healthy)
), locked AS (
    -- The deliveries' rows in one order (by id) before any is written, then the channels' rows
    -- (by id): two such statements, or one beside an attempt's record, never wait in a circle.
    SELECT a.id FROM alerts_deliveries a WHERE a.id IN (SELECT id FROM sent)
    ORDER BY a.id FOR UPDATE
), d AS (
    UPDATE alerts_deliveries a SET attempts = a.attempts + 1, status = 'delivered',
        next_attempt_at = NULL, claimed_until = NULL, last_status_code = sent.status_code,
        last_error = NULL, updated_at = now(), delivered_at = now()
    FROM sent WHERE a.id = sent.id AND a.id IN (SELECT id FROM locked)
    RETURNING a.id, a.attempts, a.channel_id, sent.status_code, sent.started_at, sent.latency_ms,
              sent.healthy
), logged AS (
    INSERT INTO alerts_delivery_attempts
        (delivery_id, attempt, started_at, latency_ms, status_code, outcome)
    SELECT id, attempts, started_at, latency_ms, status_code, 'delivered' FROM d
    ON CONFLICT DO NOTHING
)
INSERT INTO alerts_channel_state AS s (channel_id, last_success_at)
SELECT DISTINCT channel_id, now() FROM d WHERE healthy ORDER BY channel_id
ON CONFLICT (channel_id) DO UPDATE SET consecutive_failures = 0, failing_since = NULL,
    last_success_at = now()
"""


@dataclass(frozen=True)
class Delivered:
    delivery_id: uuid.UUID
    attempt: Attempt
    healthy: bool  # false for a test: it says nothing of the channel


async def record_delivered(conn: asyncpg.Connection, delivered: Sequence[Delivered]) -> None:
    """Deliveries that went through, in one statement (the common case, kept cheap): each
    attempt logged and, where ``healthy``, its channel's failures reset."""
    await conn.execute(
        RECORD_DELIVERED,
        [d.delivery_id for d in delivered],
        [d.attempt.status_code for d in delivered],
        [d.attempt.started_at for d in delivered],
        [d.attempt.latency_ms for d in delivered],
        [d.healthy for d in delivered],
    )


async def settle(conn: asyncpg.Connection, delivery: uuid.UUID, status: str, error: str) -> None:
    """End a delivery without an attempt (its channel or search is gone, or paused: held)."""
    await conn.execute(
        "UPDATE alerts_deliveries SET status = $2, last_error = $3, claimed_until = NULL,"
        " updated_at = now() WHERE id = $1",
        delivery,
        status,
        error,
    )


async def hold(conn: asyncpg.Connection, delivery: uuid.UUID, reason: str | None) -> bool:
    """Hold a claimed delivery whose channel was seen paused, if it still is (a resume on another
    replica may be newer than what this one read); else release the claim. True when held."""
    held = await conn.fetchval(
        """UPDATE alerts_deliveries d SET status = 'held', last_error = $2, claimed_until = NULL,
               updated_at = now()
           WHERE id = $1 AND EXISTS (SELECT 1 FROM alerts_channel_state s
                                     WHERE s.channel_id = d.channel_id AND s.status = 'paused')
           RETURNING 1""",
        delivery,
        reason,
    )
    if held is None:
        await conn.execute(
            "UPDATE alerts_deliveries SET claimed_until = NULL WHERE id = $1", delivery
        )
    return held is not None


# --- channel health -------------------------------------------------------------------------------


async def channel_status(conn: asyncpg.Connection, channel_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT status, reason, consecutive_failures, failing_since FROM alerts_channel_state"
        " WHERE channel_id = $1",
        channel_id,
    )


async def channel_succeeded(conn: asyncpg.Connection, channel_id: uuid.UUID) -> None:
    await conn.execute(
        """INSERT INTO alerts_channel_state (channel_id, last_success_at) VALUES ($1, now())
           ON CONFLICT (channel_id) DO UPDATE SET consecutive_failures = 0,
               failing_since = NULL, last_success_at = now()""",
        channel_id,
    )


@dataclass(frozen=True)
class Health:
    """A channel's health as a failed attempt left it (its row locked until the commit)."""

    status: str  # active | paused | disabled
    consecutive_failures: int
    failing_since: datetime


async def channel_failed(conn: asyncpg.Connection, channel_id: uuid.UUID, now: datetime) -> Health:
    """Count a failed attempt (after its delivery's row is written: the lock order). The row
    stays locked until the transaction ends, so the caller's decision to pause is the only one
    made on this count. An attempt that ends after its channel was paused or disabled (it was
    sent before) is not counted: the pause's reason keeps its number."""
    row = await conn.fetchrow(
        """INSERT INTO alerts_channel_state AS s
               (channel_id, consecutive_failures, failing_since, last_failure_at)
           VALUES ($1, 1, $2, $2)
           ON CONFLICT (channel_id) DO UPDATE SET
               consecutive_failures = s.consecutive_failures
                   + CASE WHEN s.status = 'active' THEN 1 ELSE 0 END,
               failing_since = coalesce(s.failing_since, $2),
               last_failure_at = $2
           RETURNING status, consecutive_failures, failing_since""",
        channel_id,
        now,
    )
    return Health(row["status"], row["consecutive_failures"], row["failing_since"])


async def stop_channel(
    conn: asyncpg.Connection, channel_id: uuid.UUID, status: str, reason: str
) -> bool:
    """Pause (deliveries held until resumed) or disable (cancelled) a channel: its health row
    only; true when this changed it. Its deliveries follow in :func:`settle_channel`, after the
    commit. Disabling wins over a pause; an already stopped channel keeps its first reason."""
    row = await conn.fetchrow(
        """INSERT INTO alerts_channel_state AS s (channel_id, status, reason) VALUES ($1, $2, $3)
           ON CONFLICT (channel_id) DO UPDATE SET status = $2, reason = $3, changed_at = now()
               WHERE s.status = 'active' OR (s.status = 'paused' AND $2 = 'disabled')
           RETURNING 1""",
        channel_id,
        status,
        reason,
    )
    return row is not None


async def settle_channel(
    conn: asyncpg.Connection, channel_id: uuid.UUID, status: str, reason: str, now: datetime
) -> int:
    """The open deliveries of a channel just paused (``held``) or disabled (``cancelled``), in a
    statement of its own: those claimed by a sender or locked by another transaction are
    skipped (the record of their attempt, or their next claim, settles them)."""
    return await conn.fetchval(
        """WITH open AS (
               SELECT id FROM alerts_deliveries
               WHERE channel_id = $1 AND status IN ('pending', 'held')
                 AND (claimed_until IS NULL OR claimed_until < $4)
               ORDER BY id FOR UPDATE SKIP LOCKED
           ), settled AS (
               UPDATE alerts_deliveries d SET status = $2,
                   last_error = coalesce(d.last_error, $3), updated_at = now()
               FROM open WHERE d.id = open.id AND d.status <> $2 RETURNING 1)
           SELECT count(*) FROM settled""",
        channel_id,
        status,
        reason,
        now,
    )


async def hold_if_stopped(
    conn: asyncpg.Connection, delivery: uuid.UUID, channel_status: str, reason: str | None
) -> None:
    """A delivery whose failed attempt finds its channel paused is held (disabled: cancelled)."""
    if channel_status == "active":
        return
    await conn.execute(
        "UPDATE alerts_deliveries SET status = $2, last_error = coalesce($3, last_error),"
        " updated_at = now() WHERE id = $1 AND status = 'pending'",
        delivery,
        "held" if channel_status == "paused" else "cancelled",
        reason,
    )


async def resume_channel(
    conn: asyncpg.Connection, channel_id: uuid.UUID, now: datetime, interval: float
) -> int:
    """Make a paused channel active again, with a fresh failure window, and its held deliveries
    due one every ``interval`` seconds from ``now``, oldest first, each where it was in its
    retry schedule; returns how many. (The deliveries' rows first, then the channel's.)"""
    count = await conn.fetchval(
        """WITH locked AS (
               SELECT id, created_at FROM alerts_deliveries
               WHERE channel_id = $1 AND status = 'held' ORDER BY id FOR UPDATE
           ), held AS (
               SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS place FROM locked
           ), released AS (
               UPDATE alerts_deliveries d SET status = 'pending',
                   next_attempt_at = $2::timestamptz + held.place * $3::float8 * interval '1 second',
                   claimed_until = NULL, updated_at = now()
               FROM held WHERE d.id = held.id RETURNING 1)
           SELECT count(*) FROM released""",
        channel_id,
        now,
        interval,
    )
    await conn.execute(
        """UPDATE alerts_channel_state SET status = 'active', reason = NULL,
               consecutive_failures = 0, failing_since = NULL, changed_at = now()
           WHERE channel_id = $1 AND status = 'paused'""",
        channel_id,
    )
    return count


async def retry_failed(
    conn: asyncpg.Connection,
    search_id: uuid.UUID,
    channel_id: uuid.UUID | None,
    now: datetime,
    interval: float,
) -> int:
    """Failed deliveries of a search (or one of its channels) tried again from the schedule's
    start, one every ``interval`` seconds per channel, oldest first; those of a paused channel
    are held, of a disabled one left failed."""
    return await conn.fetchval(
        """WITH failed AS (
               SELECT d.id,
                   row_number() OVER (PARTITION BY d.channel_id ORDER BY d.created_at, d.id) - 1
                       AS place
               FROM alerts_deliveries d
               WHERE d.saved_search_id = $1 AND d.status = 'failed' AND d.kind <> 'test'
                 AND ($2::uuid IS NULL OR d.channel_id = $2)
                 AND NOT EXISTS (SELECT 1 FROM alerts_channel_state s
                                 WHERE s.channel_id = d.channel_id AND s.status = 'disabled')
           ), retried AS (
               UPDATE alerts_deliveries d SET
                   status = CASE WHEN EXISTS (
                       SELECT 1 FROM alerts_channel_state s
                       WHERE s.channel_id = d.channel_id AND s.status = 'paused')
                       THEN 'held' ELSE 'pending' END,
                   next_attempt_at = $3::timestamptz + failed.place * $4::float8 * interval '1 second',
                   schedule_position = 0, updated_at = now()
               FROM failed WHERE d.id = failed.id
               RETURNING 1)
           SELECT count(*) FROM retried""",
        search_id,
        channel_id,
        now,
        interval,
    )


async def cancel_open(conn: asyncpg.Connection, search_id: uuid.UUID, reason: str) -> None:
    await conn.execute(
        "UPDATE alerts_deliveries SET status = 'cancelled', last_error = $2, updated_at = now()"
        " WHERE saved_search_id = $1 AND status IN ('pending', 'held')",
        search_id,
        reason,
    )


# --- digests ----------------------------------------------------------------------------------

DUE_DIGESTS = """
SELECT m.saved_search_id, m.digest_period, m.delivery, count(*) AS matches
FROM alerts_matches m
WHERE m.notify AND m.digest_period IS NOT NULL
  AND m.digest_period >= $1 AND m.digest_period < $2
  AND NOT EXISTS (SELECT 1 FROM alerts_digests d
                  WHERE d.saved_search_id = m.saved_search_id AND d.period_start = m.digest_period)
GROUP BY 1, 2, 3
"""


async def due_digests(
    conn: asyncpg.Connection, oldest: datetime, ended_before: datetime
) -> list[asyncpg.Record]:
    """(search, period) pairs with alerting matches and no digest yet, among periods that
    started in [oldest, ended_before) (the caller keeps only those that have ended)."""
    return await conn.fetch(DUE_DIGESTS, oldest, ended_before)


async def claim_digest(
    conn: asyncpg.Connection, search_id: uuid.UUID, period: datetime, delivery: str, matches: int
) -> bool:
    row = await conn.fetchrow(
        "INSERT INTO alerts_digests (saved_search_id, period_start, delivery, matches)"
        " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1",
        search_id,
        period,
        delivery,
        matches,
    )
    return row is not None


async def digest_matches(
    conn: asyncpg.Connection, search_id: uuid.UUID, period: datetime, limit: int
) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM alerts_matches WHERE saved_search_id = $1 AND digest_period = $2"
        " AND notify ORDER BY matched_at, id LIMIT $3",
        search_id,
        period,
        limit,
    )
