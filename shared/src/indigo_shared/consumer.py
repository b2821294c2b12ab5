"""The one durable pull consumer every service uses, and the one delivery function.

A service declares a :class:`Subscription`: a stream and subject, its delivery policy, how to decode
a message, and one of ``handle`` (one message at a time, up to ``concurrency`` at once: the
collectors, the enricher while it asks an LLM), ``handle_many`` (a batch in one call: the
enricher's rules, which publish a batch at once) or ``apply`` (a batch in one PostgreSQL
transaction: the projector, trends). :meth:`Consumer.deliver` then settles every message as
:mod:`indigo_shared.delivery` describes.

Why nats-py rather than FastStream's pull loops: FastStream 0.7.8's batch loop loses a gathered
batch when nats-py ends a fetch with a bare ``asyncio.TimeoutError``, its ``max_workers`` queue
buffers messages without heartbeating them, and neither lets a handler hold a message through an
outage without it being counted as a failure. This loop fetches only what it has room for,
heartbeats what it holds, stops fetching while it waits an outage out, and checks the delivery
count before any work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nats import errors as nats_errors
from nats.aio.msg import Msg
from nats.js.errors import ServiceUnavailableError

from indigo_shared.delivery import REPLAY_FOR_HEADER, DeliveryPolicy, park
from indigo_shared.failures import ServiceStopping, Unavailable, describe, is_permanent
from indigo_shared.metrics import ConsumerMetrics

if TYPE_CHECKING:
    from indigo_shared.service import Service

log = logging.getLogger(__name__)

Decode = Callable[[Msg], Any]  # the message's event; None to acknowledge and skip it
Handle = Callable[[Any, Msg], Awaitable[object]]
HandleMany = Callable[[list], Awaitable[object]]  # a batch of events, in one call
Apply = Callable[[Any, list], Awaitable[object]]  # (connection, events), inside a transaction
OnParked = Callable[[Msg, str], Awaitable[object]]


@dataclass
class Subscription:
    stream: str
    subject: str
    policy: DeliveryPolicy
    decode: Decode
    handle: Handle | None = None
    handle_many: HandleMany | None = None
    apply: Apply | None = None
    concurrency: int = 1  # messages (handle) or batches (handle_many, apply) in hand at once
    batch_size: int = 1
    fetch_timeout: float = 1.0
    # Runs before a message is parked (to end its job with the reason, say); its failure is logged
    # and the message is parked all the same.
    on_parked: OnParked | None = None

    def __post_init__(self) -> None:
        if [self.handle, self.handle_many, self.apply].count(None) != 2:
            raise ValueError("a subscription has exactly one of handle, handle_many and apply")

    @property
    def batched(self) -> bool:
        """Whether the work takes a fetched batch whole (else one message at a time)."""
        return self.handle is None


def gave_up(delivered: int) -> str:
    return (
        f"gave up after {delivered - 1} deliveries that were never settled "
        "(the service stopped or crashed while working on it)"
    )


class Consumer:
    def __init__(self, service: Service, subscription: Subscription) -> None:
        self.service = service
        self.sub = subscription
        self.policy = subscription.policy
        self.heartbeat_interval = max(0.2, self.policy.ack_wait / 3)
        self.handled = 0  # messages handed to the work (a redelivery counts again)
        self.waiting_out: str | None = None  # the outage this consumer is waiting out, if any
        self._in_flight: dict[asyncio.Task, list[tuple[Msg, float]]] = {}
        self._slot_freed = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self.metrics = ConsumerMetrics(subscription.stream, self.policy.consumer)

    @property
    def name(self) -> str:
        return self.policy.consumer

    @property
    def in_flight(self) -> int:
        return sum(len(msgs) for msgs in self._in_flight.values())

    async def start(self) -> None:
        subscription = await self.service.js.pull_subscribe(
            self.sub.subject,
            durable=self.policy.consumer,
            stream=self.sub.stream,
            config=self.policy.consumer_config(self.sub.subject),
        )
        self._tasks = [
            asyncio.create_task(self._consume(subscription), name=f"consume {self.name}"),
            asyncio.create_task(self._heartbeat(), name=f"heartbeat {self.name}"),
        ]

    async def stop(self, grace: float) -> None:
        """Stop fetching, let the work in hand finish for up to ``grace`` seconds, then cancel the
        rest (unacknowledged, it is redelivered after ``ack_wait``)."""
        self._slot_freed.set()
        consume, heartbeat = self._tasks or (None, None)
        if consume is not None:
            consume.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await consume
        if self._in_flight:
            _, late = await asyncio.wait(list(self._in_flight), timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        if heartbeat is not None:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat

    # --- fetching -----------------------------------------------------------------------------

    async def _consume(self, subscription) -> None:
        stopping = self.service.stopping
        failures = 0
        while not stopping.is_set():
            # While a message waits an outage out, fetching more would only pile them up.
            free = 0 if self.waiting_out else self.sub.concurrency - len(self._in_flight)
            if free <= 0:
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            size = self.sub.batch_size if self.sub.batched else min(free, self.sub.batch_size)
            try:
                messages = await subscription.fetch(size, timeout=self.sub.fetch_timeout)
                failures = 0
            except (TimeoutError, nats_errors.TimeoutError):
                continue
            except nats_errors.ConnectionClosedError:
                return  # the service sees the closed connection and stops
            except (ServiceUnavailableError, nats_errors.Error, OSError) as exc:
                failures += 1
                delay = self.policy.outage_delay(failures)
                log.warning("fetch on %s failed, again in %ss: %s", self.name, delay, describe(exc))
                await self.service.sleep(delay)
                continue
            self.handled += len(messages)
            self.metrics.batch(len(messages))
            batches = [messages] if self.sub.batched else [[m] for m in messages]
            now = time.monotonic()
            for batch in batches:
                task = asyncio.create_task(self.deliver(batch))
                self._in_flight[task] = [(m, now) for m in batch]
                task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._in_flight.pop(task, None)
        self._slot_freed.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("delivery on %s failed: %s", self.name, describe(task.exception()))

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            now = time.monotonic()
            for held in list(self._in_flight.values()):
                for msg, since in held:
                    if now - since >= self.heartbeat_interval:
                        try:
                            await msg.in_progress()
                        except Exception as exc:  # noqa: BLE001 - the next beat tries again
                            log.debug("in_progress failed: %s", describe(exc))

    # --- delivering ---------------------------------------------------------------------------

    async def deliver(self, messages: list[Msg]) -> None:
        """Settle every message: skip, park, or work on it (see :meth:`_attempt`)."""
        ready: list[tuple[Msg, Any]] = []
        for msg in messages:
            target = (msg.headers or {}).get(REPLAY_FOR_HEADER)
            if target and target != self.name:
                await self._ack(msg)  # a replay meant for another consumer
                continue
            delivered = msg.metadata.num_delivered
            if delivered > self.policy.max_deliver:
                await self._park(msg, gave_up(delivered))
                continue
            try:
                event = self.sub.decode(msg)
            except Exception as exc:  # noqa: BLE001 - an undecodable message never succeeds
                await self._park(msg, describe(exc))
                continue
            if event is None:
                await self._ack(msg)
            else:
                ready.append((msg, event))
        if ready:
            await self._attempt(ready)

    async def _attempt(self, items: list[tuple[Msg, Any]]) -> None:
        """Work on ``items`` until it succeeds, the message is found at fault, or the service
        stops. An outage is waited out here and never counted; a batch that fails otherwise is
        tried one message at a time, so only the guilty one is retried or parked."""
        outage_attempts = 0
        started = time.monotonic()
        while True:
            try:
                await self._work(items)
            except ServiceStopping:
                return
            except Exception as exc:  # noqa: BLE001 - every failure is settled here
                reason = None if is_permanent(exc) else await self._outage(exc)
                if reason is not None:
                    if self.service.stopping.is_set():
                        return
                    await self._wait_out(reason, outage_attempts, exc)
                    outage_attempts += 1
                    continue
                self._end_outage()
                if len(items) > 1:
                    log.warning(
                        "batch of %s on %s failed (%s); one at a time",
                        len(items),
                        self.name,
                        describe(exc),
                    )
                    for item in items:
                        await self._attempt([item])
                    return
                await self._fail(items[0][0], exc, started)
                return
            self._end_outage()
            for msg, _ in items:
                await self._ack(msg)
                self.metrics.processed(time.monotonic() - started)
            return

    async def _work(self, items: list[tuple[Msg, Any]]) -> None:
        if self.sub.apply is not None:
            async with self.service.pool.acquire() as conn, conn.transaction():
                await self.sub.apply(conn, [event for _, event in items])
        elif self.sub.handle_many is not None:
            await self.sub.handle_many([event for _, event in items])
        else:
            (msg, event), *_ = items
            await self.sub.handle(event, msg)

    async def _outage(self, exc: BaseException) -> str | None:
        """Why the work could not be done now, when a dependency is at fault; None otherwise."""
        if isinstance(exc, Unavailable):
            return describe(exc)
        return await self.service.probe()

    async def _wait_out(self, reason: str, attempt: int, exc: BaseException) -> None:
        if self.waiting_out is None:
            log.warning("%s waits for an outage to end: %s", self.name, reason)
        self.waiting_out = reason
        delay = self.policy.outage_delay(attempt)
        if isinstance(exc, Unavailable) and exc.retry_after:
            delay = max(delay, exc.retry_after)
        await self.service.sleep(delay)

    def _end_outage(self) -> None:
        if self.waiting_out is not None:
            log.info("%s resumes: the outage is over", self.name)
            self.waiting_out = None
            self._slot_freed.set()

    async def _fail(self, msg: Msg, exc: BaseException, started: float) -> None:
        delivered = msg.metadata.num_delivered
        if is_permanent(exc) or delivered >= self.policy.max_deliver:
            await self._park(msg, describe(exc), started)
            return
        self.metrics.failed(time.monotonic() - started)
        delay = self.policy.delay(delivered)
        log.warning(
            "%s #%s failed (delivery %s of %s), retrying in %ss: %s",
            msg.subject,
            msg.metadata.sequence.stream,
            delivered,
            self.policy.max_deliver,
            delay,
            describe(exc),
            extra={"consumer": self.name, "subject": msg.subject},
        )
        with contextlib.suppress(Exception):
            await msg.nak(delay=delay)

    async def _park(self, msg: Msg, error: str, started: float | None = None) -> None:
        self.metrics.parked(time.monotonic() - started if started else 0.0)
        if self.sub.on_parked is not None:
            try:
                await self.sub.on_parked(msg, error)
            except Exception as exc:  # noqa: BLE001 - parking must still happen
                log.warning("could not report the parked message: %s", describe(exc))
        try:
            await park(self.service.publisher, msg, self.name, error)
        except ServiceStopping:
            return  # unacknowledged: parked on its next delivery

    async def _ack(self, msg: Msg) -> None:
        try:
            await msg.ack()
        except Exception as exc:  # noqa: BLE001 - redelivered, and every effect is idempotent
            log.warning("ack on %s failed: %s", self.name, describe(exc))
