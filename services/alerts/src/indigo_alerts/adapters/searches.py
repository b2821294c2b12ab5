"""Reading the administration data the API writes: saved searches and their channels. The alerts
service never writes these tables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg
from indigo_shared.sealed import Sealer

from indigo_alerts.domain.searches import SavedSearch, criteria_from, triggers_from

SEARCH_COLUMNS = """
    id, name, keywords, filters, triggers, delivery, notify_existing, active, updated_at, deleted_at
"""


async def live_searches(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches WHERE deleted_at IS NULL"
    )


async def search_versions(conn: asyncpg.Connection, since: datetime) -> list[asyncpg.Record]:
    """The id and version of every search changed after ``since`` (deleted ones too): cheap to
    read every second; the full rows are read for those whose version is new."""
    return await conn.fetch(
        "SELECT id, updated_at FROM marketplace_saved_searches WHERE updated_at > $1", since
    )


async def searches_by_ids(conn: asyncpg.Connection, ids: list[uuid.UUID]) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches WHERE id = ANY($1::uuid[])", ids
    )


async def search_record(conn: asyncpg.Connection, search_id: uuid.UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches WHERE id = $1", search_id
    )


def saved_search(row, terms=()) -> SavedSearch:
    return SavedSearch(
        id=row["id"],
        name=row["name"],
        criteria=criteria_from(row["keywords"], row["filters"] or {}, terms),
        triggers=triggers_from(row["triggers"] or {}),
        delivery=row["delivery"],
        notify_existing=row["notify_existing"],
        active=row["active"] and row["deleted_at"] is None,
        version=row["updated_at"],
    )


@dataclass(frozen=True)
class Channel:
    id: uuid.UUID
    saved_search_id: uuid.UUID
    kind: str  # webhook | apprise
    target: str  # the URL, unsealed: never logged (an Apprise URL holds tokens)
    display: str  # the URL with its secrets starred
    secrets: tuple[str, ...]  # signing secrets, the current first (webhooks)


CHANNEL_COLUMNS = """
    c.id, c.saved_search_id, c.kind, c.target_sealed, c.target_display, c.secret_sealed,
    c.previous_secret_sealed, c.previous_secret_until
"""


def _channel(row, sealer: Sealer, now: datetime) -> Channel:
    secrets = []
    if row["secret_sealed"] is not None:
        secrets.append(sealer.open(row["secret_sealed"]))
    if row["previous_secret_sealed"] is not None and (row["previous_secret_until"] or now) > now:
        secrets.append(sealer.open(row["previous_secret_sealed"]))
    return Channel(
        id=row["id"],
        saved_search_id=row["saved_search_id"],
        kind=row["kind"],
        target=sealer.open(row["target_sealed"]),
        display=row["target_display"],
        secrets=tuple(secrets),
    )


async def channels_of(
    conn: asyncpg.Connection, search_id: uuid.UUID, sealer: Sealer, now: datetime
) -> list[Channel]:
    rows = await conn.fetch(
        f"SELECT {CHANNEL_COLUMNS} FROM marketplace_alert_channels c WHERE saved_search_id = $1"
        " ORDER BY created_at, id",
        search_id,
    )
    return [_channel(row, sealer, now) for row in rows]


async def channel(
    conn: asyncpg.Connection, channel_id: uuid.UUID, sealer: Sealer, now: datetime
) -> Channel | None:
    row = await conn.fetchrow(
        f"SELECT {CHANNEL_COLUMNS} FROM marketplace_alert_channels c WHERE id = $1", channel_id
    )
    return None if row is None else _channel(row, sealer, now)


async def channels_with_health(
    conn: asyncpg.Connection, channel_ids: list[uuid.UUID], sealer: Sealer, now: datetime
) -> dict[uuid.UUID, tuple[Channel, asyncpg.Record]]:
    """Channels with their health (alerts_channel_state, the alerts service's own), by id."""
    rows = await conn.fetch(
        f"SELECT {CHANNEL_COLUMNS}, coalesce(h.status, 'active') AS status, h.reason"
        " FROM marketplace_alert_channels c LEFT JOIN alerts_channel_state h"
        " ON h.channel_id = c.id WHERE c.id = ANY($1::uuid[])",
        channel_ids,
    )
    return {row["id"]: (_channel(row, sealer, now), row) for row in rows}


async def searches_by_id(conn: asyncpg.Connection, search_ids: list[uuid.UUID]) -> dict:
    rows = await conn.fetch(
        f"SELECT {SEARCH_COLUMNS} FROM marketplace_saved_searches WHERE id = ANY($1::uuid[])",
        search_ids,
    )
    return {row["id"]: row for row in rows}


async def channel_ids(conn: asyncpg.Connection, search_ids: list[uuid.UUID]) -> dict:
    """Each search's channel ids (none for a search without channels)."""
    rows = await conn.fetch(
        "SELECT saved_search_id, array_agg(id ORDER BY created_at, id) AS ids"
        " FROM marketplace_alert_channels WHERE saved_search_id = ANY($1::uuid[]) GROUP BY 1",
        search_ids,
    )
    return {row["saved_search_id"]: list(row["ids"]) for row in rows}
