"""What a service offers ``indigo replay consumer``: how to redo its work for one message.

A package registers a :class:`Replayer` under the entry-point group ``indigo.replayers``, named
after its durable consumer (``enricher = "indigo_enricher.replay:replayer"``). The command reads
the selected range through a new, versioned durable consumer of its own (the live consumer keeps
its position) and hands each message's data to the handler that ``open`` yields.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

from nats.js import JetStreamContext

Handler = Callable[[bytes], Awaitable[object]]


@dataclass(frozen=True)
class Replayer:
    stream: str
    subject: str  # the live consumer's filter, used when its durable does not exist
    open: Callable[[JetStreamContext], AbstractAsyncContextManager[Handler]]
