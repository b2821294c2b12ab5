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
from dataclasses import dataclass
from typing import Any

from indigo_sandbox.faults import FaultQueue, InvalidFault, number_field

__all__ = ["KINDS", "Fault", "FaultQueue", "InvalidFault", "parse_fault"]

KINDS = ("rate_limit", "server_error", "slow", "malformed", "refusal", "truncated")


@dataclass
class Fault:
    kind: str
    count: int = 1
    match: str | None = None
    retry_after: int = 1
    delay: float = 1.0

    def matches(self, user_text: str) -> bool:
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
    count = number_field(data, "count", 1, whole=True)
    if count < 1:
        raise InvalidFault("count must be at least 1")
    return Fault(
        kind=data["kind"],
        count=count,
        match=match,
        retry_after=number_field(data, "retry_after", 1, whole=True),
        delay=number_field(data, "delay", 1.0, whole=False),
    )
