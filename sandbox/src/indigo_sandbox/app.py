"""The sandbox server: one sub-application per marketplace, each under its own prefix."""

from __future__ import annotations

from aiohttp import web

from indigo_sandbox.clock import Clock, system_clock
from indigo_sandbox.ebay import EbaySandboxConfig, create_ebay_app

EBAY_PREFIX = "/ebay"


def create_app(
    *, ebay: EbaySandboxConfig | None = None, clock: Clock | None = None
) -> web.Application:
    """``clock``: where the catalogues and token expiry read the time (``system_clock`` unset)."""
    clock = clock or system_clock
    app = web.Application()
    app.router.add_get("/healthz", _healthz)
    app.add_subapp(EBAY_PREFIX, create_ebay_app(ebay or EbaySandboxConfig(), clock))
    return app


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "marketplaces": ["ebay"]})
