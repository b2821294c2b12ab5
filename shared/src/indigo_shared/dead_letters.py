"""The dead-letter stream as a tool: read, replay and purge what the consumers parked.

A dead letter is a copy of the message (or, when it was too large to copy, a reference to it in
its own stream) with headers saying which consumer parked it, why, and where it came from.
Replaying publishes the original to its original subject addressed to that consumer alone
(``Indigo-Replay-For``: the others acknowledge and skip it) and then deletes the dead letter.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime

from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from indigo_shared.delivery import (
    BY_REFERENCE_HEADER,
    CONSUMER_HEADER,
    DELIVERIES_HEADER,
    ERROR_HEADER,
    REPLAY_FOR_HEADER,
    SEQUENCE_HEADER,
    STREAM_HEADER,
    SUBJECT_HEADER,
)
from indigo_shared.streams import DLQ, dead_letter


@dataclass(frozen=True)
class DeadLetter:
    seq: int  # in the DLQ stream
    parked_at: datetime
    consumer: str
    error: str
    subject: str  # the original's
    stream: str
    stream_seq: int
    deliveries: int
    by_reference: bool
    data: bytes

    def matches(self, *, error: str | None, since: datetime | None, until: datetime | None):
        return (
            (error is None or error.lower() in self.error.lower())
            and (since is None or self.parked_at >= since)
            and (until is None or self.parked_at <= until)
        )


def _dead_letter(msg) -> DeadLetter:
    headers = msg.headers or {}
    consumer = headers.get(CONSUMER_HEADER) or msg.subject.removeprefix("dlq.")
    return DeadLetter(
        seq=msg.metadata.sequence.stream,
        parked_at=msg.metadata.timestamp,
        consumer=consumer,
        error=headers.get(ERROR_HEADER, ""),
        subject=headers.get(SUBJECT_HEADER, ""),
        stream=headers.get(STREAM_HEADER, ""),
        stream_seq=int(headers.get(SEQUENCE_HEADER) or 0),
        deliveries=int(headers.get(DELIVERIES_HEADER) or 0),
        by_reference=headers.get(BY_REFERENCE_HEADER) == "true",
        data=msg.data,
    )


async def read(
    js: JetStreamContext, consumer: str | None = None, *, batch: int = 500
) -> AsyncIterator[DeadLetter]:
    """Every dead letter (of one consumer, or all), oldest first, as the stream holds them now."""
    subject = dead_letter(consumer) if consumer else "dlq.>"
    try:
        info = await js.stream_info(DLQ)
    except NotFoundError:
        return
    if info.state.messages == 0:
        return
    last = info.state.last_seq
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=subject,
        inactive_threshold=30,
    )
    sub = await js.pull_subscribe(subject, stream=DLQ, config=config)
    try:
        while True:
            try:
                messages = await sub.fetch(batch, timeout=1)
            except TimeoutError:
                return
            for msg in messages:
                if msg.metadata.sequence.stream > last:
                    return
                yield _dead_letter(msg)
            if messages[-1].metadata.sequence.stream >= last:
                return
    finally:
        await sub.unsubscribe()


async def counts(js: JetStreamContext) -> dict[str, int]:
    """Dead letters per consumer."""
    try:
        info = await js.stream_info(DLQ, subjects_filter="dlq.>")
    except NotFoundError:
        return {}
    return {
        subject.removeprefix("dlq."): count
        for subject, count in (info.state.subjects or {}).items()
    }


async def original(js: JetStreamContext, letter: DeadLetter) -> bytes:
    """The parked message's body (from its own stream when it was parked by reference)."""
    if not letter.by_reference:
        return letter.data
    try:
        raw = await js.get_msg(letter.stream, letter.stream_seq)
    except NotFoundError:
        raise LookupError(
            f"dead letter {letter.seq}: {letter.stream} #{letter.stream_seq} is no longer stored"
        ) from None
    return raw.data or b""


async def replay(
    js: JetStreamContext,
    letters: list[DeadLetter],
    *,
    rate: float = 200.0,
    progress: Callable[[int, DeadLetter], None] | None = None,
) -> tuple[int, list[str]]:
    """Republish each dead letter to its original subject for its consumer alone, at most
    ``rate`` a second, deleting each once published. Returns (replayed, problems)."""
    done, problems = 0, []
    for letter in letters:
        try:
            body = await original(js, letter)
        except LookupError as exc:
            problems.append(str(exc))
            continue
        headers = {
            REPLAY_FOR_HEADER: letter.consumer,
            # A replay repeated before the dead letter is deleted is stored once.
            "Nats-Msg-Id": f"replay:{letter.consumer}:{letter.seq}",
        }
        await js.publish(letter.subject, body, headers=headers, timeout=10)
        await js.delete_msg(DLQ, letter.seq)
        done += 1
        if progress:
            progress(done, letter)
        if rate > 0:
            await asyncio.sleep(1 / rate)
    return done, problems


async def purge(js: JetStreamContext, letters: list[DeadLetter]) -> int:
    for letter in letters:
        await js.delete_msg(DLQ, letter.seq)
    return len(letters)
