"""Apply batches of events to PostgreSQL; acknowledge only what is committed.

A batch is written in one transaction. When that fails, each message is retried alone, so one bad
message is parked (after its retries) while the rest commit and are acknowledged. The projector
and the trends service both keep their tables this way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import asyncpg
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from pydantic import BaseModel

from indigo_shared.delivery import DeliveryPolicy, describe, process, settle_failure

log = logging.getLogger(__name__)

E = TypeVar("E", bound=BaseModel)
Apply = Callable[[asyncpg.Connection, list], Awaitable[None]]
# Turns a message into its event; None for a subject the consumer does not handle (acknowledged).
Decode = Callable[[Msg], object | None]


def decoding(event_type: type[E]) -> Callable[[Msg], E]:
    return lambda msg: event_type.model_validate_json(msg.data)


async def apply_batch(
    js: JetStreamContext,
    pool: asyncpg.Pool,
    messages: Sequence[Msg],
    decode: Decode,
    apply: Apply,
    policy: DeliveryPolicy,
) -> int:
    """Apply a batch in stream order; returns how many messages were committed and acknowledged."""
    decoded: list[tuple[Msg, object]] = []
    for msg in messages:
        try:
            event = decode(msg)
        except Exception as exc:  # noqa: BLE001 - an undecodable event is parked at once
            await settle_failure(js, msg, policy, exc)
            continue
        if event is None:
            await msg.ack()
        else:
            decoded.append((msg, event))
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


async def _apply_one(pool: asyncpg.Pool, apply: Apply, event: object) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await apply(conn, [event])
