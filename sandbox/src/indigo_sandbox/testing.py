"""The sandbox for other packages' tests.

Start it with ``async with running_sandbox() as sandbox:`` (``ebay=EbaySandboxConfig(seed=7)``,
``clock=ManualClock(...)`` as wanted), point the collector at ``sandbox.ebay_url`` with the default
client id and secret, and steer it with ``await sandbox.inject_fault({"kind": "rate_limit",
"count": 2, "retry_after": 1, "path": "search"})``; ``await sandbox.stats()`` then says what the
collector did: ``{"requests": {"search": {"200": 3, "429": 2}}, "tokens_issued": 1, ...}``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from indigo_sandbox.app import EBAY_PREFIX, ETSY_PREFIX, REDDIT_PREFIX, create_app
from indigo_sandbox.clock import Clock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig


@dataclass(frozen=True)
class RunningSandbox:
    base_url: str  # http://127.0.0.1:<port>
    ebay_url: str  # base_url + "/ebay": the EBAY_API_BASE to give a collector
    _session: aiohttp.ClientSession

    @property
    def etsy_url(self) -> str:
        """base_url + "/etsy": the ETSY_API_BASE to give a collector."""
        return f"{self.base_url}{ETSY_PREFIX}"

    @property
    def reddit_url(self) -> str:
        """base_url + "/reddit": both REDDIT_OAUTH_URL and REDDIT_URL to give a collector."""
        return f"{self.base_url}{REDDIT_PREFIX}"

    async def inject_fault(self, fault: Mapping[str, Any], *, marketplace: str = "ebay") -> None:
        """Post a fault as :mod:`indigo_sandbox.faults` describes it:
        ``{"kind": "slow", "delay": 2.5, "path": "search"}``. ``ValueError`` if it is refused."""
        await self._control("POST", marketplace, "faults", json=dict(fault))

    async def clear_faults(self, *, marketplace: str = "ebay") -> None:
        await self._control("DELETE", marketplace, "faults")

    async def stats(self, *, marketplace: str = "ebay") -> dict[str, Any]:
        """``{"requests": {"search": {"200": 3}}, "tokens_issued": 1, "faults_pending": []}``"""
        return await self._control("GET", marketplace, "stats")

    async def _control(self, method: str, marketplace: str, name: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}/{marketplace}/_sandbox/{name}"
        async with self._session.request(method, url, **kwargs) as response:
            body = await response.json()
            if response.status != 200:
                raise ValueError(body.get("error", body))
            return body


@asynccontextmanager
async def running_sandbox(
    *,
    ebay: EbaySandboxConfig | None = None,
    etsy: EtsySandboxConfig | None = None,
    reddit: RedditSandboxConfig | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[RunningSandbox]:
    """Serve :func:`indigo_sandbox.create_app` (same arguments) on a free port of 127.0.0.1."""
    runner = web.AppRunner(create_app(ebay=ebay, etsy=etsy, reddit=reddit, clock=clock))
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        base_url = f"http://{host}:{port}"
        async with aiohttp.ClientSession() as session:
            yield RunningSandbox(
                base_url=base_url, ebay_url=f"{base_url}{EBAY_PREFIX}", _session=session
            )
    finally:
        await runner.cleanup()
