"""eBay's error bodies.

The REST APIs answer ``{"errors": [{errorId, domain, category, message, longMessage, parameters}]}``
(the spec's Error type); the OAuth service answers ``{"error": ..., "error_description": ...}``.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web


class EbayApiError(Exception):
    """A request eBay would refuse; ``response()`` is what it answers."""

    def __init__(
        self,
        status: int,
        error_id: int,
        message: str,
        *,
        domain: str = "API_BROWSE",
        category: str = "REQUEST",
        long_message: str | None = None,
        parameters: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = ebay_error(
            error_id,
            message,
            domain=domain,
            category=category,
            long_message=long_message,
            parameters=parameters,
        )

    def response(self) -> web.Response:
        return errors_response(self.status, self.error)


def ebay_error(
    error_id: int,
    message: str,
    *,
    domain: str = "API_BROWSE",
    category: str = "REQUEST",
    long_message: str | None = None,
    parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "errorId": error_id,
        "domain": domain,
        "category": category,
        "message": message,
        "longMessage": long_message or message,
    }
    if parameters:
        error["parameters"] = [{"name": name, "value": value} for name, value in parameters.items()]
    return error


def errors_response(
    status: int, *errors: dict[str, Any], headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response({"errors": list(errors)}, status=status, headers=headers)


def invalid_access_token() -> web.Response:
    return errors_response(
        401,
        ebay_error(
            1001,
            "Invalid access token",
            domain="OAuth",
            long_message=(
                "Invalid access token. Check the value of the Authorization HTTP request header."
            ),
        ),
    )


def oauth_error(status: int, error: str, description: str) -> web.Response:
    headers = {"WWW-Authenticate": "Basic"} if status == 401 else None
    return web.json_response(
        {"error": error, "error_description": description}, status=status, headers=headers
    )
