"""The sandbox for other packages' tests::

async with running_sandbox(ebay=EbaySandboxConfig(seed=7), clock=clock) as sandbox:
    settings = EbaySettings(api_base=sandbox.ebay_url)  # client id/secret: the defaults
    await sandbox.inject_fault("rate_limit", count=2, retry_after=1, path="search")
    ...
    assert (await sandbox.stats())["requests"]["search"]["429"] == 2
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from indigo_sandbox.app import EBAY_PREFIX, create_app
from indigo_sandbox.clock import Clock
from indigo_sandbox.ebay import EbaySandboxConfig


@dataclass(frozen=True)
class RunningSandbox:
    base_url: str  # http://127.0.0.1:<port>
    ebay_url: str  # base_url + "/ebay": the EBAY_API_BASE to give a collector
    _session: aiohttp.ClientSession

    async def inject_fault(self, kind: str, *, marketplace: str = "ebay", **fields: Any) -> None:
        """Queue a fault: ``inject_fault("slow", delay=2.5, path="search")``; the fields are
        those of :mod:`indigo_sandbox.faults`."""
        await self._control("POST", marketplace, "faults", json={"kind": kind, **fields})

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
    *, ebay: EbaySandboxConfig | None = None, clock: Clock | None = None
) -> AsyncIterator[RunningSandbox]:
    """Serve :func:`indigo_sandbox.create_app` (same arguments) on a free port of 127.0.0.1."""
    runner = web.AppRunner(create_app(ebay=ebay, clock=clock))
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
