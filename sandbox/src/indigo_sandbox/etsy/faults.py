"""How Etsy answers when it is overloaded or failing (for the fault injection of
:mod:`indigo_sandbox.faults`).

An injected fault stands for a failure in front of the quota accounting (a load balancer's 429 or
an outage), so its answer carries ``retry-after`` but not the key's rate-limit headers.
"""

from __future__ import annotations

from aiohttp import web

from indigo_sandbox.etsy.errors import etsy_error


class EtsyFaultResponses:
    def rate_limited(self, endpoint: str, retry_after: int) -> web.Response:
        return etsy_error(
            429,
            "Too many requests. Please wait and try again.",
            {"retry-after": str(retry_after)},
        )

    def server_error(self, endpoint: str) -> web.Response:
        return etsy_error(500, "The server encountered an internal error. Please try again later.")
