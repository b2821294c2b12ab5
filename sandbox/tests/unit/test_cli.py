"""``indigo sandbox`` serves until interrupted, and stops cleanly."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys

import aiohttp
import pytest

from .conftest import EbayClient


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
async def test_serves_until_stopped(stop: signal.Signals) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from indigo_sandbox.cli import sandbox; sandbox()",
        "--port",
        str(port),
        "--seed",
        "3",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        banner = await asyncio.wait_for(process.stdout.readline(), timeout=20)
        assert banner.decode().strip() == f"eBay: http://127.0.0.1:{port}/ebay"
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
            ebay = EbayClient(session, f"http://127.0.0.1:{port}/ebay")
            await ebay.authorize()
            assert (await ebay.search(q="levis 501"))[0] == 200
        process.send_signal(stop)
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
