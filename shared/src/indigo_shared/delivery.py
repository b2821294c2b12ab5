"""Delivery semantics shared by every consumer.

A message is acknowledged only after its effect is committed. A failure is nacked with a growing
delay; a message that has failed ``max_deliver`` times, or that can never succeed (it does not parse
as its event), is parked on ``dlq.<consumer>`` with the error and taken off the consumer, so one bad
message never blocks the others and is never silently lost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError

from indigo_shared.streams import dead_letter

log = logging.getLogger(__name__)

ERROR_HEADER = "Indigo-Error"
SUBJECT_HEADER = "Indigo-Original-Subject"
STREAM_HEADER = "Indigo-Original-Stream"
SEQUENCE_HEADER = "Indigo-Original-Sequence"
DELIVERIES_HEADER = "Indigo-Deliveries"


class PermanentError(Exception):
    """An input that no retry can fix: parked at once instead of retried."""


@dataclass(frozen=True)
class DeliveryPolicy:
    consumer: str
    max_deliver: int = 5
    backoff: tuple[float, ...] = field(default=(1.0, 5.0, 15.0, 60.0))
    ack_wait: float = 60.0

    def delay(self, delivered: int) -> float:
        return self.backoff[min(delivered, len(self.backoff)) - 1]

    def consumer_config(self, filter_subject: str) -> ConsumerConfig:
        # The server's bound sits above ours: a process that dies during the last attempt still
        # gets the message back once more, so the park step is never skipped.
        return ConsumerConfig(
            durable_name=self.consumer,
            filter_subject=filter_subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self.ack_wait,
            max_deliver=self.max_deliver + 2,
            max_ack_pending=10_000,
        )


def is_permanent(exc: BaseException) -> bool:
    return isinstance(exc, (PermanentError, ValidationError, UnicodeDecodeError))


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:2000]


async def park(js: JetStreamContext, msg: Msg, policy: DeliveryPolicy, error: str) -> None:
    """Copy ``msg`` to the dead-letter stream with why it failed, then take it off the consumer."""
    meta = msg.metadata
    headers = {
        ERROR_HEADER: error,
        SUBJECT_HEADER: msg.subject,
        STREAM_HEADER: meta.stream,
        SEQUENCE_HEADER: str(meta.sequence.stream),
        DELIVERIES_HEADER: str(meta.num_delivered),
        # Parking the same message twice (a crash between publish and term) keeps one copy.
        "Nats-Msg-Id": f"{policy.consumer}:{meta.stream}:{meta.sequence.stream}",
    }
    await js.publish(dead_letter(policy.consumer), msg.data, headers=headers)
    await msg.term()
    log.error(
        "parked %s #%s on %s after %s deliveries: %s",
        msg.subject,
        meta.sequence.stream,
        dead_letter(policy.consumer),
        meta.num_delivered,
        error,
    )


async def settle_failure(
    js: JetStreamContext, msg: Msg, policy: DeliveryPolicy, exc: BaseException
) -> None:
    delivered = msg.metadata.num_delivered
    if is_permanent(exc) or delivered >= policy.max_deliver:
        await park(js, msg, policy, describe(exc))
    else:
        delay = policy.delay(delivered)
        log.warning(
            "%s #%s failed (delivery %s of %s), retrying in %ss: %s",
            msg.subject,
            msg.metadata.sequence.stream,
            delivered,
            policy.max_deliver,
            delay,
            describe(exc),
        )
        await msg.nak(delay=delay)


async def process(
    js: JetStreamContext, msg: Msg, policy: DeliveryPolicy, work: Callable[[], Awaitable[object]]
) -> bool:
    """Run ``work`` for one message; ack on success, otherwise retry later or park. True if done."""
    try:
        await work()
    except Exception as exc:  # noqa: BLE001 - every failure is settled, none escapes the consumer
        await settle_failure(js, msg, policy, exc)
        return False
    await msg.ack()
    return True
