"""Faults a test asks a marketplace sandbox to produce: rate limits, server errors, slow answers.

A test posts a fault as JSON to ``/<marketplace>/_sandbox/faults``; the next matching requests get
it, ``count`` times. Kinds:

- ``{"kind": "rate_limit", "count": 2, "retry_after": 1}``: 429 with a ``Retry-After`` of 1 s.
- ``{"kind": "server_error", "count": 1}``: 500.
- ``{"kind": "slow", "count": 1, "delay": 2.5}``: the answer comes 2.5 s (real time) late.
- marketplace actions that happen at once, such as eBay's ``{"kind": "expire_tokens"}``.

``"path"`` scopes a queued fault to one endpoint by its route name (``"search"``, ``"token"``);
without it the fault hits whichever endpoint is called next.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from aiohttp import web

QUEUED_KINDS = ("rate_limit", "server_error", "slow")


class InvalidFault(ValueError):
    pass


@dataclass
class Fault:
    kind: str
    count: int = 1
    path: str | None = None
    retry_after: int = 1
    delay: float = 1.0

    def matches(self, endpoint: str) -> bool:
        return self.path is None or self.path == endpoint


def parse_fault(data: Any, *, endpoints: Collection[str], actions: Collection[str]) -> Fault:
    """The fault a control request describes; ``InvalidFault`` says what is wrong with it."""
    if not isinstance(data, Mapping):
        raise InvalidFault("the body must be a JSON object")
    unknown = set(data) - {"kind", "count", "path", "retry_after", "delay"}
    if unknown:
        raise InvalidFault(f"unknown fields: {', '.join(sorted(unknown))}")
    kind = data.get("kind")
    if kind not in (*QUEUED_KINDS, *actions):
        raise InvalidFault(f"kind must be one of {', '.join((*QUEUED_KINDS, *actions))}")
    path = data.get("path")
    if path is not None and path not in endpoints:
        raise InvalidFault(f"path must be one of {', '.join(endpoints)}")
    count = number_field(data, "count", 1, whole=True)
    if count < 1:
        raise InvalidFault("count must be at least 1")
    return Fault(
        kind=kind,
        count=count,
        path=path,
        retry_after=number_field(
            data, "retry_after", 1, whole=True
        ),  # Retry-After is whole seconds
        delay=number_field(data, "delay", 1.0, whole=False),
    )


def number_field(data: Mapping[str, Any], field: str, default: float, *, whole: bool) -> Any:
    value = data.get(field, default)
    # bool is an int to Python but never a sensible count or delay.
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise InvalidFault(f"{field} must be {'a whole number' if whole else 'a number'}")
    if value < 0:
        raise InvalidFault(f"{field} must not be negative")
    return value


class QueuedFault(Protocol):
    count: int

    def matches(self, key: str) -> bool: ...


class FaultQueue:
    """Queued faults in the order they were posted; each request takes the first that matches
    its key (an endpoint's name here, a prompt's text in the OpenAI sandbox)."""

    def __init__(self) -> None:
        self._faults: list[Any] = []

    def add(self, fault: QueuedFault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, key: str) -> Any | None:
        for fault in self._faults:
            if fault.matches(key):
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        return [asdict(fault) for fault in self._faults]


class FaultResponses(Protocol):
    """How one marketplace words a rate limit and a server error (bodies and headers differ)."""

    def rate_limited(self, endpoint: str, retry_after: int) -> web.Response: ...

    def server_error(self, endpoint: str) -> web.Response: ...
