"""Delivery semantics shared by every consumer: what a failure means and where a message goes.

- A message is acknowledged only after its effect is committed.
- An outage of what the service depends on (PostgreSQL, NATS, an LLM endpoint) is not the
  message's fault: the consumer holds the message, waits the outage out and tries again, and the
  attempt is never counted toward parking (see :class:`indigo_shared.consumer.Consumer`).
- A message that itself fails is nacked with a growing delay and parked on ``dlq.<consumer>``
  after ``max_deliver`` deliveries; one that can never succeed (it does not decode, a value is out
  of range, its text is invalid) is parked at once. The delivery count is checked *before* the
  work, so a message whose handler crashes the process every time is parked too.
- Nothing is too big to park: a message that cannot be copied whole is parked by reference
  (stream, sequence, subject, error) and stays readable in its own stream.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from indigo_shared.failures import (
    MAX_ERROR_LENGTH,
    MessageTooLarge,
    PermanentError,
    ServiceStopping,
    Unavailable,
    describe,
    is_permanent,
)
from indigo_shared.nats import Publisher, fits
from indigo_shared.streams import dead_letter

__all__ = [
    "DeliveryPolicy",
    "PermanentError",
    "ServiceStopping",
    "Unavailable",
    "describe",
    "is_permanent",
    "park",
]

log = logging.getLogger(__name__)

ERROR_HEADER = "Indigo-Error"
SUBJECT_HEADER = "Indigo-Original-Subject"
STREAM_HEADER = "Indigo-Original-Stream"
SEQUENCE_HEADER = "Indigo-Original-Sequence"
DELIVERIES_HEADER = "Indigo-Deliveries"
CONSUMER_HEADER = "Indigo-Consumer"
# "true" when the body was left out because the message with its headers would not fit: the
# original is read from its stream by sequence.
BY_REFERENCE_HEADER = "Indigo-Parked-By-Reference"
# Set by ``indigo dlq replay``: the message is meant for this durable only; others acknowledge it.
REPLAY_FOR_HEADER = "Indigo-Replay-For"


@dataclass(frozen=True)
class DeliveryPolicy:
    consumer: str
    max_deliver: int = 5
    backoff: tuple[float, ...] = field(default=(1.0, 5.0, 15.0, 60.0))
    ack_wait: float = 60.0
    # How long to wait between attempts while a dependency is down; the last step repeats.
    outage_backoff: tuple[float, ...] = field(default=(0.5, 1.0, 2.0, 5.0, 10.0, 30.0))

    def delay(self, delivered: int) -> float:
        return self.backoff[min(delivered, len(self.backoff)) - 1]

    def outage_delay(self, attempt: int) -> float:
        return self.outage_backoff[min(attempt, len(self.outage_backoff) - 1)]

    def consumer_config(self, filter_subject: str) -> ConsumerConfig:
        # The server's bound sits above ours: a delivery past ours is parked before any work, so a
        # process that dies on every attempt still gets its message parked.
        return ConsumerConfig(
            durable_name=self.consumer,
            filter_subject=filter_subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self.ack_wait,
            max_deliver=self.max_deliver + 2,
            max_ack_pending=10_000,
        )


def park_headers(msg: Msg, consumer: str, error: str) -> dict[str, str]:
    meta = msg.metadata
    return {
        ERROR_HEADER: error[:MAX_ERROR_LENGTH],
        SUBJECT_HEADER: msg.subject,
        STREAM_HEADER: meta.stream,
        SEQUENCE_HEADER: str(meta.sequence.stream),
        DELIVERIES_HEADER: str(meta.num_delivered),
        CONSUMER_HEADER: consumer,
        # Parking the same message twice (a crash between publish and term) keeps one copy.
        "Nats-Msg-Id": f"{consumer}:{meta.stream}:{meta.sequence.stream}",
    }


async def park(publisher: Publisher, msg: Msg, consumer: str, error: str) -> None:
    """Copy ``msg`` to the dead-letter stream with why it failed, then take it off the consumer.
    A message too large to copy with its headers is parked by reference."""
    headers = park_headers(msg, consumer, error)
    body = msg.data
    if not fits(publisher.max_payload, body, headers):
        headers[BY_REFERENCE_HEADER] = "true"
        body = b""
    try:
        await publisher.publish(dead_letter(consumer), body, headers=headers)
    except MessageTooLarge:  # an error text that long cannot happen (capped), but never loop
        headers[ERROR_HEADER] = error[:200]
        await publisher.publish(dead_letter(consumer), b"", headers=headers)
    await msg.term()
    meta = msg.metadata
    log.error(
        "parked %s #%s on %s after %s deliveries%s: %s",
        msg.subject,
        meta.sequence.stream,
        dead_letter(consumer),
        meta.num_delivered,
        " (by reference)" if body == b"" and msg.data else "",
        error,
        extra={"consumer": consumer, "subject": msg.subject},
    )
