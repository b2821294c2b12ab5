"""SQL of ``/saved-searches``. The API writes the administration tables (searches, channels) and
only reads what the alerts service writes (matches, deliveries, channel health)."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

SEARCH_COLUMNS = """
    s.id, s.name, s.keywords, s.filters, s.triggers, s.delivery, s.notify_existing, s.active,
    s.created_at, s.updated_at,
    (SELECT count(*) FROM alerts_matches m WHERE m.saved_search_id = s.id) AS matches,
    (SELECT max(m.matched_at) FROM alerts_matches m WHERE m.saved_search_id = s.id)
        AS last_matched_at,
    coalesce((SELECT st.backfilled_version >= s.updated_at FROM alerts_search_state st
              WHERE st.saved_search_id = s.id), false) AS existing_matches_recorded
"""


async def insert_search(conn: asyncpg.Connection, search_id: uuid.UUID, fields: dict) -> None:
    await conn.execute(
        """INSERT INTO marketplace_saved_searches
               (id, name, keywords, filters, triggers, delivery, notify_existing, active)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
        search_id,
        fields["name"],
        fields["keywords"],
        fields["filters"],
        fields["triggers"],
        fields["delivery"],
        fields["notify_existing"],
        fields["active"],
    )


UPDATABLE = ("name", "keywords", "filters", "triggers", "delivery", "notify_existing", "active")


async def update_search(conn: asyncpg.Connection, search_id: uuid.UUID, fields: dict) -> bool:
    """Change the given fields; updated_at moves on, which is how the alerts service hears."""
    names = [n for n in UPDATABLE if n in fields]
    sets = ", ".join(f"{n} = ${i}" for i, n in enumerate(names, start=2))
    status = await conn.execute(
        f"UPDATE marketplace_saved_searches SET {sets}, updated_at = now()"
        " WHERE id = $1 AND deleted_at IS NULL",
        search_id,
        *(fields[n] for n in names),
    )
    return status != "UPDATE 0"


async def delete_search(conn: asyncpg.Connection, search_id: uuid.UUID) -> bool:
    status = await conn.execute(
        "UPDATE marketplace_saved_searches SET deleted_at = now(), updated_at = now(),"
        " active = false WHERE id = $1 AND deleted_at IS NULL",
        search_id,
    )
    return status != "UPDATE 0"


async def get_search(conn: asyncpg.Connection, search_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches s"
        " WHERE s.id = $1 AND s.deleted_at IS NULL",
        search_id,
    )


async def list_searches(
    conn: asyncpg.Connection, *, active: bool | None, limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    where = "s.deleted_at IS NULL" + ("" if active is None else " AND s.active = $3")
    args = [limit, offset] + ([] if active is None else [active])
    rows = await conn.fetch(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches s WHERE {where}"
        " ORDER BY s.created_at DESC, s.id LIMIT $1 OFFSET $2",
        *args,
    )
    total = await conn.fetchval(
        f"SELECT count(*) FROM marketplace_saved_searches s WHERE {where.replace('$3', '$1')}",
        *args[2:],
    )
    return rows, total


# --- channels -------------------------------------------------------------------------------------

CHANNEL_COLUMNS = """
    c.id, c.saved_search_id, c.kind AS type, c.target_display AS target, c.created_at,
    CASE WHEN c.previous_secret_until > now() THEN c.previous_secret_until END
        AS previous_secret_valid_until,
    coalesce(h.status, 'active') AS status, h.reason AS status_reason,
    coalesce(h.consecutive_failures, 0) AS consecutive_failures, h.last_success_at,
    h.last_failure_at
"""


async def insert_channel(
    conn: asyncpg.Connection,
    channel_id: uuid.UUID,
    search_id: uuid.UUID,
    kind: str,
    target_sealed: bytes,
    display: str,
    secret_sealed: bytes | None,
) -> None:
    await conn.execute(
        # clock_timestamp(), not now(): channels added in one transaction keep their order.
        """INSERT INTO marketplace_alert_channels
               (id, saved_search_id, kind, target_sealed, target_display, secret_sealed,
                created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp(), clock_timestamp())""",
        channel_id,
        search_id,
        kind,
        target_sealed,
        display,
        secret_sealed,
    )


async def channels(conn: asyncpg.Connection, search_ids: list[uuid.UUID]) -> dict:
    rows = await conn.fetch(
        f"SELECT {CHANNEL_COLUMNS} FROM marketplace_alert_channels c"
        " LEFT JOIN alerts_channel_state h ON h.channel_id = c.id"
        " WHERE c.saved_search_id = ANY($1::uuid[]) ORDER BY c.created_at, c.id",
        search_ids,
    )
    found: dict[uuid.UUID, list] = {i: [] for i in search_ids}
    for row in rows:
        found[row["saved_search_id"]].append(row)
    return found


async def channel_kind(
    conn: asyncpg.Connection, search_id: uuid.UUID, channel_id: uuid.UUID
) -> str | None:
    return await conn.fetchval(
        "SELECT kind FROM marketplace_alert_channels WHERE id = $1 AND saved_search_id = $2",
        channel_id,
        search_id,
    )


async def delete_channel(
    conn: asyncpg.Connection, search_id: uuid.UUID, channel_id: uuid.UUID
) -> bool:
    status = await conn.execute(
        "DELETE FROM marketplace_alert_channels WHERE id = $1 AND saved_search_id = $2",
        channel_id,
        search_id,
    )
    return status != "DELETE 0"


async def rotate_secret(
    conn: asyncpg.Connection, channel_id: uuid.UUID, secret_sealed: bytes, previous_until: datetime
) -> None:
    await conn.execute(
        """UPDATE marketplace_alert_channels SET previous_secret_sealed = secret_sealed,
               previous_secret_until = $3, secret_sealed = $2, updated_at = now()
           WHERE id = $1""",
        channel_id,
        secret_sealed,
        previous_until,
    )


# --- what the alerts service wrote ------------------------------------------------------------------


async def matches(
    conn: asyncpg.Connection, search_id: uuid.UUID, *, trigger: str | None, limit: int, offset: int
) -> tuple[list[asyncpg.Record], int]:
    where = "saved_search_id = $1" + (" AND trigger = $4" if trigger else "")
    args = [search_id, limit, offset] + ([trigger] if trigger else [])
    rows = await conn.fetch(
        "SELECT id, trigger, notify AS notified, delivery, listing, price, currency, price_usd,"
        " previous_price, reasons AS why, matched_at FROM alerts_matches"
        f" WHERE {where} ORDER BY matched_at DESC, id LIMIT $2 OFFSET $3",
        *args,
    )
    total = await conn.fetchval(
        f"SELECT count(*) FROM alerts_matches WHERE {where.replace('$4', '$2')}",
        search_id,
        *args[3:],
    )
    return rows, total


async def deliveries(
    conn: asyncpg.Connection, search_id: uuid.UUID, *, status: str | None, limit: int, offset: int
) -> tuple[list[dict], int]:
    where = "saved_search_id = $1" + (" AND status = $4" if status else "")
    args = [search_id, limit, offset] + ([status] if status else [])
    rows = await conn.fetch(
        "SELECT id, channel_id, kind, match_id, digest_period, status, attempts, next_attempt_at,"
        " last_status_code, last_error, created_at, delivered_at FROM alerts_deliveries"
        f" WHERE {where} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3",
        *args,
    )
    total = await conn.fetchval(
        f"SELECT count(*) FROM alerts_deliveries WHERE {where.replace('$4', '$2')}",
        search_id,
        *args[3:],
    )
    attempts = await conn.fetch(
        "SELECT delivery_id, attempt, started_at, latency_ms, status_code, outcome, error"
        " FROM alerts_delivery_attempts WHERE delivery_id = ANY($1::uuid[])"
        " ORDER BY delivery_id, attempt",
        [r["id"] for r in rows],
    )
    log: dict[uuid.UUID, list] = {r["id"]: [] for r in rows}
    for attempt in attempts:
        log[attempt["delivery_id"]].append(dict(attempt))
    return [dict(r) | {"log": log[r["id"]]} for r in rows], total
