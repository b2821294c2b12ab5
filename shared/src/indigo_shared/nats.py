"""NATS and JetStream helpers: connecting, declaring streams, publishing events with their ids."""

from __future__ import annotations

import asyncio
import logging

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import PubAck, StreamConfig
from nats.js.errors import BadRequestError, NotFoundError
from pydantic import BaseModel

from indigo_shared.streams import StreamSettings, stream_configs

log = logging.getLogger(__name__)

CONNECT_OPTIONS = dict(max_reconnect_attempts=-1, reconnect_time_wait=1, connect_timeout=5)


async def connect(url: str, name: str) -> Client:
    return await nats.connect(url, name=name, **CONNECT_OPTIONS)


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


async def publish_event(
    js: JetStreamContext,
    subject: str,
    event: BaseModel,
    *,
    msg_id: str | None = None,
    timeout: float = 10.0,
) -> PubAck:
    headers = {"Nats-Msg-Id": msg_id} if msg_id else None
    return await js.publish(subject, event_bytes(event), headers=headers, timeout=timeout)
