"""The transactional outbox: an event is written to the service's outbox table in the same
transaction as the state it follows from, and a relay publishes it afterwards. A crash between the
two publishes it later; a row published twice is stored once (its ``Nats-Msg-Id``).

An outbox table has the columns ``id bigserial, subject text, msg_id text, payload bytea``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import asyncpg
from pydantic import BaseModel

from indigo_shared.nats import Publisher, event_bytes

log = logging.getLogger(__name__)


async def add(
    conn: asyncpg.Connection, table: str, entries: Iterable[tuple[str, BaseModel, str]]
) -> None:
    """Queue ``(subject, event, msg_id)`` entries, in the caller's transaction."""
    entries = list(entries)
    if entries:
        # One statement for the lot: a batch of matches queues hundreds of events.
        await conn.execute(
            f"INSERT INTO {table} (subject, msg_id, payload)"
            " SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])",
            [subject for subject, _, _ in entries],
            [msg_id for _, _, msg_id in entries],
            [event_bytes(event) for _, event, _ in entries],
        )


async def relay(pool: asyncpg.Pool, publisher: Publisher, table: str, *, batch: int = 500) -> int:
    """Publish what the outbox holds, oldest first, deleting each row once the stream has it.
    Returns how many were published."""
    sent = 0
    while True:
        async with pool.acquire() as conn:
            rows = await conn.fetch(
                f"SELECT id, subject, msg_id, payload FROM {table} ORDER BY id LIMIT $1", batch
            )
            if not rows:
                return sent
            # All in flight at once on one connection, so the stream stores them in id order (a
            # publish retried after an outage may land later; each keeps its Nats-Msg-Id).
            await publisher.publish_many(
                [(r["subject"], bytes(r["payload"]), r["msg_id"]) for r in rows]
            )
            await conn.execute(
                f"DELETE FROM {table} WHERE id = ANY($1::bigint[])", [r["id"] for r in rows]
            )
        sent += len(rows)
        if len(rows) < batch:
            return sent
