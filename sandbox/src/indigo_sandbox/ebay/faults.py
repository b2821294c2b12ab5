"""How eBay answers when it is overloaded or failing (for the fault injection of
:mod:`indigo_sandbox.faults`)."""

from __future__ import annotations

from aiohttp import web

from indigo_sandbox.ebay.errors import ebay_error, errors_response

INTERNAL_ERROR = (
    "There was a problem with an eBay internal system or process. Contact eBay developer support "
    "for assistance."
)
# errorIds from the Browse API spec's 500 responses; 10001 for the OAuth service's.
INTERNAL_ERROR_IDS = {"search": 12000, "item": 11000}


class EbayFaultResponses:
    def rate_limited(self, endpoint: str, retry_after: int) -> web.Response:
        return errors_response(
            429,
            ebay_error(
                2001,
                "Too many requests. The request limit has been reached for the resource.",
                domain="ACCESS",
            ),
            headers={"Retry-After": str(retry_after)},
        )

    def server_error(self, endpoint: str) -> web.Response:
        return errors_response(
            500,
            ebay_error(
                INTERNAL_ERROR_IDS.get(endpoint, 10001),
                INTERNAL_ERROR,
                domain="API_BROWSE" if endpoint in INTERNAL_ERROR_IDS else "OAuth",
                category="APPLICATION",
            ),
        )
