"""Apply batches of events to PostgreSQL; acknowledge only what is committed.

A batch is written in one transaction. When that fails, each message is retried alone, so one bad
message is parked (after its retries) while the rest of the batch commits and is acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import asyncpg
from indigo_shared.delivery import DeliveryPolicy, describe, process, settle_failure
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from pydantic import BaseModel

log = logging.getLogger(__name__)

E = TypeVar("E", bound=BaseModel)
Apply = Callable[[asyncpg.Connection, list[E]], Awaitable[None]]


async def project_batch(
    js: JetStreamContext,
    pool: asyncpg.Pool,
    messages: Sequence[Msg],
    event_type: type[E],
    apply: Apply,
    policy: DeliveryPolicy,
) -> int:
    """Project a batch; returns how many messages were committed and acknowledged."""
    decoded: list[tuple[Msg, E]] = []
    for msg in messages:
        try:
            decoded.append((msg, event_type.model_validate_json(msg.data)))
        except Exception as exc:  # noqa: BLE001 - an undecodable event is parked at once
            await settle_failure(js, msg, policy, exc)
    if not decoded:
        return 0
    try:
        async with pool.acquire() as conn, conn.transaction():
            await apply(conn, [event for _, event in decoded])
    except Exception as exc:  # noqa: BLE001 - fall back to one message at a time
        log.warning("batch of %s failed (%s); applying one by one", len(decoded), describe(exc))
        done = 0
        for msg, event in decoded:
            done += await process(js, msg, policy, lambda e=event: _apply_one(pool, apply, e))
        return done
    for msg, _ in decoded:
        await msg.ack()
    return len(decoded)


async def _apply_one(pool: asyncpg.Pool, apply: Apply, event: BaseModel) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await apply(conn, [event])
