"""Etsy's error bodies: ``{"error": "<message>"}`` (the spec's ErrorSchema), whatever the status."""

from __future__ import annotations

from aiohttp import web


class EtsyApiError(Exception):
    """A request Etsy would refuse; ``response()`` is what it answers."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self, headers: dict[str, str] | None = None) -> web.Response:
        return etsy_error(self.status, self.message, headers)


def etsy_error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers)
