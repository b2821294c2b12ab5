"""The sandbox server: one sub-application per marketplace, each under its own prefix."""

from __future__ import annotations

from aiohttp import web

from indigo_sandbox.clock import Clock, system_clock
from indigo_sandbox.ebay import EbaySandboxConfig, create_ebay_app
from indigo_sandbox.etsy import EtsySandboxConfig, create_etsy_app
from indigo_sandbox.reddit import RedditSandboxConfig, create_reddit_app

EBAY_PREFIX = "/ebay"
ETSY_PREFIX = "/etsy"
REDDIT_PREFIX = "/reddit"


def create_app(
    *,
    ebay: EbaySandboxConfig | None = None,
    etsy: EtsySandboxConfig | None = None,
    reddit: RedditSandboxConfig | None = None,
    clock: Clock | None = None,
) -> web.Application:
    """``clock``: where the catalogues and token expiry read the time (``system_clock`` unset)."""
    clock = clock or system_clock
    app = web.Application()
    app.router.add_get("/healthz", _healthz)
    app.add_subapp(EBAY_PREFIX, create_ebay_app(ebay or EbaySandboxConfig(), clock))
    app.add_subapp(ETSY_PREFIX, create_etsy_app(etsy or EtsySandboxConfig(), clock))
    app.add_subapp(REDDIT_PREFIX, create_reddit_app(reddit or RedditSandboxConfig(), clock))
    return app


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "marketplaces": ["ebay", "etsy", "reddit"]})
