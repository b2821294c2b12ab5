"""A service as its own process, as `indigo dev` and Kubernetes run it: health over HTTP, and
SIGTERM stops it promptly, even while it is waiting out an outage."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time

import httpx
import pytest
from indigo_shared.testing import eventually

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_a_projector_process_reports_health_and_stops_on_sigterm_within_10_s(
    nats_url, database_url
):
    port = free_port()
    env = os.environ | {
        "NATS_URL": nats_url,
        "DATABASE_URL": database_url,
        "INDIGO_HTTP_PORT": str(port),
        "INDIGO_HTTP_HOST": "127.0.0.1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "indigo_cli.main", "run", "api-projector"),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=2) as http:

            async def ready():
                try:
                    return (await http.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(ready, timeout=30)
            health = await http.get("/healthz")
            assert health.json() == {"status": "alive", "service": "api-projector"}
            assert "python_info" in (await http.get("/metrics")).text
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 15)
        assert code == 0 and time.monotonic() - started < 10
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
