"""Durable pull consumers written on nats-py: :class:`BatchConsumer` hands its handler whole
batches (for consumers that write in bulk: the projector, trends); :class:`ConcurrentConsumer`
works on many single messages at once (the enricher).

Why not FastStream's pull loops: FastStream 0.7.8's batch loop keeps fetching until its batch is
full or its timeout passes, but nats-py can end a fetch with a bare ``asyncio.TimeoutError``, which
that loop does not catch: the task restarts and the messages already gathered wait out their ack
deadline. These loops take whatever one fetch returns and treat both timeouts as "nothing yet".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.js import JetStreamContext
from nats.js.errors import ServiceUnavailableError

from indigo_shared.delivery import DeliveryPolicy, describe

log = logging.getLogger(__name__)

BatchHandler = Callable[[list[Msg]], Awaitable[object]]
Handler = Callable[[Msg], Awaitable[object]]


async def bind(js: JetStreamContext, stream: str, subject: str, policy: DeliveryPolicy):
    """A pull subscription on the policy's durable consumer, created with its config if new."""
    return await js.pull_subscribe(
        subject, durable=policy.consumer, stream=stream, config=policy.consumer_config(subject)
    )


class BatchConsumer:
    def __init__(
        self,
        js: JetStreamContext,
        *,
        stream: str,
        subject: str,
        policy: DeliveryPolicy,
        handler: BatchHandler,
        batch_size: int = 200,
        max_wait: float = 0.5,
    ) -> None:
        self.js = js
        self.stream = stream
        self.subject = subject
        self.policy = policy
        self.handler = handler
        self.batch_size = batch_size
        self.max_wait = max_wait
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        subscription = await self.js.pull_subscribe(
            self.subject,
            durable=self.policy.consumer,
            stream=self.stream,
            config=self.policy.consumer_config(self.subject),
        )
        self._task = asyncio.create_task(
            self._consume(subscription), name=f"consume {self.subject}"
        )

    async def stop(self) -> None:
        """Finish the batch in hand, then stop fetching."""
        self._stopping.set()
        if self._task:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _consume(self, subscription) -> None:
        while not self._stopping.is_set():
            try:
                messages = await subscription.fetch(self.batch_size, timeout=self.max_wait)
            except (TimeoutError, ConnectionClosedError, ServiceUnavailableError):
                continue
            except Exception as exc:  # noqa: BLE001 - a fetch hiccup must not end the consumer
                log.warning("fetch on %s failed: %s", self.subject, describe(exc))
                await asyncio.sleep(1)
                continue
            try:
                await self.handler(messages)
            except Exception:  # noqa: BLE001 - unacked messages come back after ack_wait
                log.exception("batch handler for %s failed", self.subject)


class ConcurrentConsumer:
    """A durable pull consumer that works on up to ``concurrency`` messages at once.

    It fetches only as many messages as it has free slots, so no message waits unheard in a local
    buffer while its ack deadline runs, and it heartbeats (``in_progress``) every message held
    longer than ``heartbeat_interval``, so a listing waiting on the rate limiter or an LLM call is
    not redelivered to another replica. Replicas share the durable consumer: the server hands each
    message to one of them.

    (FastStream's pull loop waits for a whole fetched batch before fetching again, and its
    ``max_workers`` queue buffers messages it does not heartbeat; hence this loop.)
    """

    def __init__(
        self,
        js: JetStreamContext,
        *,
        stream: str,
        subject: str,
        policy: DeliveryPolicy,
        handler: Handler,
        concurrency: int,
        fetch_size: int,
        heartbeat_interval: float,
        fetch_timeout: float = 1.0,
    ) -> None:
        """``handler`` settles each message itself (ack, nak, park); an exception escaping it
        is logged and the message comes back after ``ack_wait``."""
        self.js = js
        self.stream = stream
        self.subject = subject
        self.policy = policy
        self.handler = handler
        self.concurrency = concurrency
        self.fetch_size = fetch_size
        self.heartbeat_interval = heartbeat_interval
        self.fetch_timeout = fetch_timeout
        self.handled = 0  # messages handed to the handler (a redelivery counts again)
        self._in_flight: dict[asyncio.Task, tuple[Msg, float]] = {}
        self._slot_freed = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def start(self) -> None:
        subscription = await bind(self.js, self.stream, self.subject, self.policy)
        self._tasks = [
            asyncio.create_task(self._consume(subscription), name=f"consume {self.subject}"),
            asyncio.create_task(self._heartbeat(), name=f"heartbeat {self.subject}"),
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Stop fetching, let the messages in hand finish for up to ``grace`` seconds, then
        cancel the rest (unacknowledged, they are redelivered after ``ack_wait``)."""
        self._stopping.set()
        self._slot_freed.set()
        consume, heartbeat = self._tasks or (None, None)
        if consume is not None:
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

    async def _consume(self, subscription) -> None:
        while not self._stopping.is_set():
            free = self.concurrency - len(self._in_flight)
            if free <= 0:
                self._slot_freed.clear()
                await self._slot_freed.wait()
                continue
            try:
                messages = await subscription.fetch(
                    min(free, self.fetch_size), timeout=self.fetch_timeout
                )
            except (TimeoutError, ConnectionClosedError, ServiceUnavailableError):
                continue
            except Exception as exc:  # noqa: BLE001 - a fetch hiccup must not end the consumer
                log.warning("fetch on %s failed: %s", self.subject, describe(exc))
                await asyncio.sleep(1)
                continue
            self.handled += len(messages)
            for msg in messages:
                task = asyncio.create_task(self._run(msg))
                self._in_flight[task] = (msg, time.monotonic())
                task.add_done_callback(self._done)

    async def _run(self, msg: Msg) -> None:
        try:
            await self.handler(msg)
        except Exception:  # noqa: BLE001 - unsettled, the message comes back after ack_wait
            log.exception("handler for %s failed", self.subject)

    def _done(self, task: asyncio.Task) -> None:
        self._in_flight.pop(task, None)
        self._slot_freed.set()

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_interval)
            now = time.monotonic()
            for msg, started in list(self._in_flight.values()):
                if now - started >= self.heartbeat_interval:
                    try:
                        await msg.in_progress()
                    except Exception as exc:  # noqa: BLE001 - the next beat tries again
                        log.debug("in_progress failed: %s", describe(exc))
