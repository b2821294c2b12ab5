"""The OpenAI sandbox for tests: a real HTTP server on a free port of 127.0.0.1.

``async with running_openai_sandbox() as llm:`` then point the client at ``llm.base_url`` with
``llm.api_key``; script the model with ``await llm.script_answer("Levi's 501", {"era": "1970s"})``,
queue faults with ``await llm.inject_fault({"kind": "rate_limit", "retry_after": 1})`` and read
what it was sent with ``await llm.requests()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from indigo_sandbox.openai.config import OpenAISandboxConfig
from indigo_sandbox.openai.routes import create_openai_app


@dataclass(frozen=True)
class RunningOpenAISandbox:
    root_url: str  # http://127.0.0.1:<port>
    base_url: str  # root_url + "/v1": the OPENAI_BASE_URL to give a client
    api_key: str | None
    _session: aiohttp.ClientSession

    async def inject_fault(self, fault: Mapping[str, Any]) -> None:
        """A fault as :mod:`indigo_sandbox.openai.faults` describes it; ``ValueError`` if refused."""
        await self._control("POST", "faults", json=dict(fault))

    async def clear_faults(self) -> None:
        await self._control("DELETE", "faults")

    async def script_answer(self, match: str, answer: Mapping[str, Any]) -> None:
        """For listings whose text holds ``match``, answer these values (asked or not)."""
        await self._control("POST", "answers", json={"match": match, "answer": dict(answer)})

    async def requests(self) -> list[dict[str, Any]]:
        """Every completion request received, in order: ``{"body", "status", "fault",
        "usage"}`` (``status`` null while it is being answered, ``usage`` null unless 200)."""
        return await self._control("GET", "requests")

    async def stats(self) -> dict[str, Any]:
        return await self._control("GET", "stats")

    async def _control(self, method: str, name: str, **kwargs: Any) -> Any:
        async with self._session.request(
            method, f"{self.root_url}/_sandbox/{name}", **kwargs
        ) as response:
            body = await response.json()
            if response.status != 200:
                raise ValueError(body.get("error", body))
            return body


@asynccontextmanager
async def running_openai_sandbox(
    config: OpenAISandboxConfig | None = None,
) -> AsyncIterator[RunningOpenAISandbox]:
    config = config or OpenAISandboxConfig()
    # A short shutdown: a test that made the server answer slowly need not wait for it at exit.
    runner = web.AppRunner(create_openai_app(config), shutdown_timeout=1)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        root = f"http://{host}:{port}"
        async with aiohttp.ClientSession() as session:
            yield RunningOpenAISandbox(
                root_url=root, base_url=f"{root}/v1", api_key=config.api_key, _session=session
            )
    finally:
        await runner.cleanup()
