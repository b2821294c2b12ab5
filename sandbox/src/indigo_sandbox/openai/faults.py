"""Faults a test asks the OpenAI sandbox to produce, for the next matching requests.

``POST /_sandbox/faults`` with a JSON object:

- ``{"kind": "rate_limit", "retry_after": 1}``: 429 with ``Retry-After`` and OpenAI's error body.
- ``{"kind": "server_error"}``: 500.
- ``{"kind": "slow", "delay": 2.5}``: the answer comes ``delay`` seconds late (a client with a
  shorter timeout sees a timeout).
- ``{"kind": "malformed"}``: 200, but the message content is cut-off JSON.
- ``{"kind": "refusal"}``: 200 with ``message.refusal`` set and no content.
- ``{"kind": "truncated"}``: 200 with ``finish_reason: "length"`` and cut-off content.

Each takes ``count`` (default 1) and ``match``: a substring of the request's user message (a
listing's title, say); without it the fault hits the next request, whatever it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

KINDS = ("rate_limit", "server_error", "slow", "malformed", "refusal", "truncated")


class InvalidFault(ValueError):
    pass


@dataclass
class Fault:
    kind: str
    count: int = 1
    match: str | None = None
    retry_after: int = 1
    delay: float = 1.0

    def applies_to(self, user_text: str) -> bool:
        return self.match is None or self.match.lower() in user_text.lower()


def parse_fault(data: Any) -> Fault:
    if not isinstance(data, Mapping):
        raise InvalidFault("the body must be a JSON object")
    unknown = set(data) - {"kind", "count", "match", "retry_after", "delay"}
    if unknown:
        raise InvalidFault(f"unknown fields: {', '.join(sorted(unknown))}")
    if data.get("kind") not in KINDS:
        raise InvalidFault(f"kind must be one of {', '.join(KINDS)}")
    match = data.get("match")
    if match is not None and (not isinstance(match, str) or not match):
        raise InvalidFault("match must be a non-empty string")
    count = _number(data, "count", 1, whole=True)
    if count < 1:
        raise InvalidFault("count must be at least 1")
    return Fault(
        kind=data["kind"],
        count=count,
        match=match,
        retry_after=_number(data, "retry_after", 1, whole=True),
        delay=_number(data, "delay", 1.0, whole=False),
    )


def _number(data: Mapping[str, Any], name: str, default: float, *, whole: bool) -> Any:
    value = data.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        raise InvalidFault(f"{name} must be {'a whole number' if whole else 'a number'}")
    if value < 0:
        raise InvalidFault(f"{name} must not be negative")
    return value


class FaultQueue:
    """Faults in the order posted; a request takes the first one that applies to it."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        self._faults.append(fault)

    def clear(self) -> None:
        self._faults.clear()

    def take(self, user_text: str) -> Fault | None:
        for fault in self._faults:
            if fault.applies_to(user_text):
                fault.count -= 1
                if fault.count == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def pending(self) -> list[dict[str, Any]]:
        return [asdict(fault) for fault in self._faults]
