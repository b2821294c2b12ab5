"""NATS and JetStream helpers: connecting, declaring streams, publishing events with their ids.

Every publish checks the message's size with its headers against the server's max payload first:
the server closes the connection on a message over it, and nats-py (which checks the body alone)
does not reconnect after that.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import nats
from nats import errors as nats_errors
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import PubAck, StreamConfig
from nats.js.errors import (
    BadRequestError,
    NotFoundError,
    ServiceUnavailableError,
    TooManyStalledMsgsError,
)
from pydantic import BaseModel

from indigo_shared.failures import MessageTooLarge, ServiceStopping, describe
from indigo_shared.streams import StreamSettings, stream_configs

log = logging.getLogger(__name__)

CONNECT_OPTIONS = dict(max_reconnect_attempts=-1, reconnect_time_wait=1, connect_timeout=5)
#: NATS's default max payload, used before a connection has said its own.
DEFAULT_MAX_PAYLOAD = 1024 * 1024

#: Failures of a publish that mean "NATS is not reachable right now", not "this message is bad".
NATS_OUTAGE = (
    nats_errors.TimeoutError,
    nats_errors.NoRespondersError,
    nats_errors.OutboundBufferLimitError,
    nats_errors.StaleConnectionError,
    nats_errors.FlushTimeoutError,
    ServiceUnavailableError,
    asyncio.TimeoutError,
    ConnectionError,
)


async def connect(url: str, name: str, **callbacks) -> Client:
    return await nats.connect(url, name=name, **CONNECT_OPTIONS, **callbacks)


async def ensure_streams(js: JetStreamContext, settings: StreamSettings = StreamSettings()) -> None:
    """Create each stream, or bring an existing one to the declared config. Safe to run concurrently."""
    for config in stream_configs(settings):
        await _ensure_stream(js, config)


async def _ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    for _ in range(3):
        try:
            await js.stream_info(config.name)
        except NotFoundError:
            try:
                await js.add_stream(config)
                return
            except BadRequestError as exc:  # another service created it first
                if exc.err_code != 10058:  # stream name already in use
                    raise
                continue
        try:
            await js.update_stream(config)
        except BadRequestError as exc:
            # Retention cannot change on a live stream; keep the one there and say so.
            log.warning("stream %s kept as it is: %s", config.name, exc.description)
        return
    await asyncio.sleep(0)


def event_bytes(event: BaseModel) -> bytes:
    return event.model_dump_json().encode()


def headers_size(headers: dict[str, str] | None) -> int:
    """Bytes the headers take on the wire (``NATS/1.0`` block), as the server counts them."""
    if not headers:
        return 0
    lines = sum(len(k.encode()) + len(str(v).encode()) + 4 for k, v in headers.items())
    return len(b"NATS/1.0\r\n") + lines + 2


def fits(max_payload: int, body: bytes, headers: dict[str, str] | None = None) -> bool:
    return len(body) + headers_size(headers) <= max_payload


def default_msg_id(event: BaseModel) -> str | None:
    """An event's own id as its ``Nats-Msg-Id``: publishing the same event again (a retry after
    a timeout whose first attempt did reach the stream) stores it once."""
    event_id = getattr(event, "event_id", None)
    return f"event:{event_id}" if event_id is not None else None


def _headers(msg_id: str | None, headers: dict[str, str] | None) -> dict[str, str] | None:
    merged = dict(headers or {})
    if msg_id:
        merged["Nats-Msg-Id"] = msg_id
    return merged or None


async def publish_event(
    js: JetStreamContext,
    subject: str,
    event: BaseModel,
    *,
    msg_id: str | None = None,
    timeout: float = 10.0,
    max_payload: int = DEFAULT_MAX_PAYLOAD,
) -> PubAck:
    """Publish once (for callers that report a failure to their own caller, such as the API)."""
    data = event_bytes(event)
    headers = _headers(msg_id or default_msg_id(event), None)
    if not fits(max_payload, data, headers):
        raise MessageTooLarge(f"{type(event).__name__} of {len(data)} bytes exceeds max payload")
    return await js.publish(subject, data, headers=headers, timeout=timeout)


#: Messages in flight at once in :meth:`Publisher.publish_many` (nats-py allows 4,000 pending).
ASYNC_PUBLISH_CHUNK = 1000


class Publisher:
    """A service's publisher: every publish is size-checked, and one that fails because NATS is
    unreachable is retried (with the same ``Nats-Msg-Id``, so a first attempt that did land is not
    stored twice) until it succeeds or the service stops (:class:`ServiceStopping`)."""

    def __init__(
        self,
        connection: Client,
        *,
        stopping: asyncio.Event,
        on_outage: Callable[[str | None], Awaitable[None] | None] | None = None,
        backoff: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0),
        timeout: float = 10.0,
    ) -> None:
        self.connection = connection
        self.js = connection.jetstream()
        self.stopping = stopping
        self.on_outage = on_outage
        self.backoff = backoff
        self.timeout = timeout

    @property
    def max_payload(self) -> int:
        return self.connection.max_payload or DEFAULT_MAX_PAYLOAD

    async def publish(
        self,
        subject: str,
        data: bytes,
        *,
        headers: dict[str, str] | None = None,
        msg_id: str | None = None,
    ) -> PubAck:
        headers = _headers(msg_id, headers)
        self._check_size(subject, data, headers)
        attempt = 0
        while True:
            if self.stopping.is_set() and attempt:
                raise ServiceStopping(f"stopped while waiting for NATS to publish on {subject}")
            try:
                ack = await self.js.publish(subject, data, headers=headers, timeout=self.timeout)
            except NATS_OUTAGE as exc:
                delay = self.backoff[min(attempt, len(self.backoff) - 1)]
                if attempt == 0:
                    log.warning("NATS unreachable, publish on %s waits: %s", subject, describe(exc))
                await self._outage(f"NATS: {describe(exc)}")
                attempt += 1
                try:
                    await asyncio.wait_for(self.stopping.wait(), delay)
                except TimeoutError:
                    pass
                continue
            if attempt:
                await self._outage(None)
            return ack

    def _check_size(self, subject: str, data: bytes, headers: dict[str, str] | None) -> None:
        if not fits(self.max_payload, data, headers):
            raise MessageTooLarge(
                f"a {len(data)}-byte message on {subject} exceeds the max payload "
                f"({self.max_payload} bytes with headers)"
            )

    async def publish_many(self, messages: Sequence[tuple[str, bytes, str | None]]) -> None:
        """Publish ``(subject, data, msg_id)`` messages, all in flight at once (JetStream's async
        publish: one reply subscription, no request per message); any whose ack does not come,
        for an outage or a timeout, goes again through :meth:`publish`, with its same msg id.
        Every size is checked before any message is sent."""
        prepared = [
            (subject, data, msg_id, _headers(msg_id, None)) for subject, data, msg_id in messages
        ]
        for subject, data, _, headers in prepared:
            self._check_size(subject, data, headers)
        for start in range(0, len(prepared), ASYNC_PUBLISH_CHUNK):
            await self._publish_chunk(prepared[start : start + ASYNC_PUBLISH_CHUNK])

    async def _publish_chunk(self, chunk: list[tuple[str, bytes, str | None, dict | None]]) -> None:
        pending: list[tuple[tuple[str, bytes, str | None, dict | None], asyncio.Future]] = []
        try:
            for message in chunk:
                subject, data, _, headers = message
                # No stall timeout: a chunk stays under nats-py's limit of pending publishes, and
                # a timeout would make a task per message.
                future = await self.js.publish_async(subject, data, headers=headers)
                pending.append((message, future))
        except (*NATS_OUTAGE, TooManyStalledMsgsError):
            pass  # what was not sent goes one by one below, waiting the outage out
        if pending:
            await asyncio.wait([f for _, f in pending], timeout=self.timeout)
        retry = []
        for message, future in pending:
            if not future.done():
                future.cancel()
            if future.cancelled() or future.exception() is not None:
                retry.append(message)
        for subject, data, msg_id, _ in retry + chunk[len(pending) :]:
            await self.publish(subject, data, msg_id=msg_id)

    async def publish_event(
        self, subject: str, event: BaseModel, *, msg_id: str | None = None
    ) -> PubAck:
        return await self.publish(
            subject, event_bytes(event), msg_id=msg_id or default_msg_id(event)
        )

    async def _outage(self, reason: str | None) -> None:
        if self.on_outage is not None:
            result = self.on_outage(reason)
            if asyncio.iscoroutine(result):
                await result
