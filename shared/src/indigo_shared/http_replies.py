"""A marketplace API's answer read whole, and the transport failures worth another attempt.

The eBay and Etsy clients read each body inside the request, so that the connection goes back to
the pool at once, and decide what the status means afterwards; how each marketplace explains a
failure in its body stays with its client."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiohttp

#: A connection refused or dropped, a body cut short, a timeout: the request may succeed again.
TRANSPORT_FAILURES = (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, TimeoutError)

_EXCERPT = 200


@dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes

    def json(self) -> Any:
        """The body parsed, or ``None`` when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def json_object(self, what: str, unexpected: type[Exception]) -> dict:
        """The body as a JSON object; ``unexpected`` naming ``what`` and the status otherwise."""
        body = self.json()
        if not isinstance(body, dict):
            raise unexpected(f"{what}: HTTP {self.status} body is not a JSON object")
        return body

    def excerpt(self) -> str:
        """The start of the body as text, for an error message when it explains nothing else."""
        return self.body.decode("utf-8", errors="replace").strip()[:_EXCERPT] or "no error message"
