"""A durable pull consumer that hands its handler whole batches, for consumers that write in bulk.

FastStream 0.7.8's batch loop keeps fetching until its batch is full or its timeout passes, but
nats-py can end a fetch with a bare ``asyncio.TimeoutError``, which that loop does not catch: the
task restarts and the messages already gathered wait out their ack deadline. This loop takes
whatever one fetch returns and treats both timeouts as "nothing yet".
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.js import JetStreamContext
from nats.js.errors import ServiceUnavailableError

from indigo_shared.delivery import DeliveryPolicy, describe

log = logging.getLogger(__name__)

BatchHandler = Callable[[list[Msg]], Awaitable[object]]


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
