"""A service as its own process, as `indigo dev` and Kubernetes run it: health over HTTP, and
SIGTERM stops it promptly, even while it is waiting out an outage."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from indigo_shared.testing import eventually

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


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
    process = subprocess.Popen(
        [sys.executable, "-m", "indigo_cli.main", "run", "api-projector"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        async def ready():
            try:
                return get(f"http://127.0.0.1:{port}/readyz")[0] == 200
            except OSError:
                return False

        await eventually(ready, timeout=30)
        assert get(f"http://127.0.0.1:{port}/healthz") == (
            200,
            {"status": "alive", "service": "api-projector"},
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
            assert b"python_info" in response.read()
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(process.wait, 15)
        assert code == 0 and time.monotonic() - started < 10
    finally:
        if process.poll() is None:
            process.kill()
