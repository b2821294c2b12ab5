"""``indigo dev``: the whole system on one machine, each service in its own process.

NATS and PostgreSQL are the ones named by ``NATS_URL`` / ``DATABASE_URL``, or embedded servers whose
data lives under ``.indigo/`` so a second run keeps it. A marketplace without credentials is
served by the sandbox, and its collector is pointed there. The server secret
(``INDIGO_SECRET_KEY``) is generated under ``.indigo/secret-key`` on first start when unset, and a
development API key with every scope is kept in ``.indigo/api-key`` (a new one when it is no
longer valid) and printed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
from dotenv import dotenv_values
from indigo_shared import nats as indigo_nats
from indigo_shared.db import connect, migrate
from indigo_shared.embedded import EmbeddedNats, EmbeddedPostgres
from indigo_shared.secret_keys import check_production, development_secret
from indigo_shared.settings import IndigoSettings, endpoints_file, state_dir

from indigo_cli.initial_syncs import InitialSyncs
from indigo_cli.plugins import discover

# Ctrl-C: the services get this long to stop after SIGTERM (their unacknowledged messages come
# back to the next run), then the sandbox they call, then NATS and PostgreSQL.
SERVICE_STOP_SECONDS = 2.5


@dataclass(frozen=True)
class SandboxWiring:
    """How a marketplace's collector is pointed at the sandbox when it has no credentials."""

    marketplace: str
    credential: str  # the variable whose presence means real credentials are configured
    platform: str
    base_variable: str
    settings: Callable[[str], dict[str, str]]  # sandbox root URL -> the collector's variables


SANDBOX_WIRING = (
    SandboxWiring(
        "eBay",
        "EBAY_CLIENT_ID",
        "ebay",
        "EBAY_API_BASE",
        lambda root: {
            "EBAY_API_BASE": f"{root}/ebay",
            "EBAY_CLIENT_ID": "indigo-sandbox-client",
            "EBAY_CLIENT_SECRET": "indigo-sandbox-secret",
        },
    ),
    SandboxWiring(
        "Etsy",
        "ETSY_API_KEY",
        "etsy",
        "ETSY_API_BASE",
        lambda root: {
            "ETSY_API_BASE": f"{root}/etsy",
            "ETSY_API_KEY": "indigo-sandbox-etsy-key",
            "ETSY_SHARED_SECRET": "indigo-sandbox-etsy-secret",
        },
    ),
    SandboxWiring(
        "Reddit",
        "REDDIT_CLIENT_ID",
        "reddit",
        "REDDIT_OAUTH_URL",
        lambda root: {
            "REDDIT_OAUTH_URL": f"{root}/reddit",
            "REDDIT_URL": f"{root}/reddit",
            "REDDIT_CLIENT_ID": "indigo-sandbox-reddit-id",
            "REDDIT_CLIENT_SECRET": "indigo-sandbox-reddit-secret",
        },
    ),
)


def configured(variable: str) -> bool:
    """Set in the environment or in ``.env``, as the services' settings would read it."""
    return bool(os.environ.get(variable) or dotenv_values(".env").get(variable))


COLOURS = ("cyan", "green", "yellow", "magenta", "blue", "bright_cyan", "bright_green")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Child:
    name: str
    argv: list[str]
    colour: str
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)
    own_env: dict[str, str] = field(default_factory=dict)  # on top of the common environment

    def start(self, env: dict[str, str]) -> None:
        env = env | self.own_env
        # Its own session: Ctrl-C reaches only `indigo dev`, which stops the children in order.
        # Its own port for /healthz, /readyz and /metrics (own_env): the services share this
        # machine.
        self.process = subprocess.Popen(
            self.argv,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            bufsize=1,
            text=True,
            errors="replace",
        )
        threading.Thread(target=self._relay, args=(self.process,), daemon=True).start()

    def _relay(self, process: subprocess.Popen) -> None:
        prefix = click.style(f"{self.name:>16} |", fg=self.colour)
        for line in process.stdout:
            click.echo(f"{prefix} {line.rstrip()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if not self.process:
            return
        try:
            self.process.wait(max(0.0, timeout))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def stop_in_order(children: list[Child]) -> None:
    """The services first, all at once and within SERVICE_STOP_SECONDS; then the sandbox, so
    no collector is left retrying against a marketplace that has gone."""
    services = [child for child in children if child.name != "sandbox"]
    sandboxes = [child for child in children if child.name == "sandbox"]
    for group, grace in ((services, SERVICE_STOP_SECONDS), (sandboxes, 1.0)):
        for child in group:
            child.stop()
        deadline = time.monotonic() + grace
        for child in group:
            child.wait(deadline - time.monotonic())


def _wait_http(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


@click.command()
@click.option("--api-port", type=int, envvar="INDIGO_API_PORT", default=8000, show_default=True)
@click.option(
    "--sandbox-port", type=int, envvar="INDIGO_SANDBOX_PORT", default=0, help="0: a free port"
)
@click.option(
    "--enrichers",
    type=click.IntRange(min=1),
    envvar="INDIGO_DEV_ENRICHERS",
    default=min(2, os.cpu_count() or 1),
    show_default="one a core, at most 2",
    help="enricher processes (CPU-bound: a backlog is enriched on every core)",
)
def dev(api_port: int, sandbox_port: int, enrichers: int) -> None:
    """Start everything: NATS, PostgreSQL, migrations, sandbox, every service, the API."""
    if port_in_use(api_port):
        raise click.ClickException(
            f"port {api_port} is taken: stop what runs there or set INDIGO_API_PORT"
        )
    settings = IndigoSettings()
    check_production(settings)
    home = state_dir()
    (home / "run").mkdir(parents=True, exist_ok=True)
    embedded: list = []
    children: list[Child] = []
    watcher: InitialSyncs | None = None
    try:
        env = _start_infrastructure(settings, home, embedded)
        python = sys.executable
        if not configured("INDIGO_SECRET_KEY"):
            env["INDIGO_SECRET_KEY"] = development_secret(create=True)
        api_key = _development_key(python, env, home / "api-key")
        # Real credentials (in the environment, or stored with `indigo credentials set`) mean
        # the real API; the others are pointed at the sandbox.
        stored = asyncio.run(_stored_credentials(env["DATABASE_URL"]))
        sandboxed = [
            w for w in SANDBOX_WIRING if not configured(w.credential) and w.platform not in stored
        ]
        if sandboxed:
            port = sandbox_port or free_port()
            sandbox = Child(
                "sandbox",
                [python, "-m", "indigo_cli.main", "sandbox", "--port", str(port)],
                COLOURS[0],
            )
            sandbox.start(env)
            children.append(sandbox)
            if not _wait_http(f"http://127.0.0.1:{port}/healthz", 20):
                raise click.ClickException("the sandbox did not come up")
            root = f"http://127.0.0.1:{port}"
            for wiring in sandboxed:
                env.update(wiring.settings(root))
        env["INDIGO_API_PORT"] = str(api_port)
        # The Market page fills within seconds of the first sync rather than after a minute
        # (the production default): a refresh recomputes only the days that changed.
        env.setdefault("INDIGO_TRENDS_REFRESH_SECONDS", "10")
        _alerts_demo(env, api_port, children, api_key)
        services = discover("indigo.services")
        watcher = InitialSyncs(
            env["NATS_URL"],
            [name.removeprefix("collector-") for name in services if name.startswith("collector-")],
            lambda line: click.echo(
                click.style(
                    f"\n{line}. http://127.0.0.1:{api_port}/api/marketplace/listings\n",
                    fg="green",
                    bold=True,
                )  # fmt: skip
            ),
        )
        watcher.start()
        health: list[tuple[str, str]] = []
        for i, name in enumerate(services, start=1):
            # Replicas share the service's durable consumers; only the enricher needs more.
            for replica in range(enrichers if name == "enricher" else 1):
                label = name if replica == 0 else f"{name}-{replica + 1}"
                child = Child(
                    label, [python, "-m", "indigo_cli.main", "run", name], COLOURS[i % len(COLOURS)]
                )
                if name != "api":  # the API serves its health on its own port
                    port = free_port()
                    child.own_env["INDIGO_HTTP_PORT"] = str(port)
                    health.append((label, f"http://127.0.0.1:{port}/readyz"))
                child.start(env)
                children.append(child)
        _announce(env, api_port, embedded, health, api_key, home / "api-key")
        _supervise(children, env)
    except KeyboardInterrupt:
        pass
    finally:
        click.echo("stopping…")
        if watcher:
            watcher.stop()
        stop_in_order(children)
        for server in reversed(embedded):
            server.stop()
        endpoints_file().unlink(missing_ok=True)
        click.echo("stopped")


DEMO_SEARCH = "Demo: Levi's 501 under $150 (make run)"


def _alerts_demo(env: dict[str, str], api_port: int, children: list[Child], api_key: str) -> None:
    """Alerts flowing in `make run`: a receiver that prints the webhooks it gets, and a saved search
    for new 501s whose webhook points at it. The search is made once and kept (its id, and what a
    person changed in it, survive a restart); each start moves its webhook to this run's receiver,
    whose port is new each time."""
    env.setdefault("INDIGO_ALERTS_ALLOW_PRIVATE_TARGETS", "true")  # the receiver is on loopback
    port = free_port()
    receiver = Child(
        "alerts-webhook",
        [sys.executable, "-m", "indigo_alerts.demo", "--port", str(port)],
        "bright_magenta",
    )
    receiver.start(env)
    children.append(receiver)
    api = f"http://127.0.0.1:{api_port}/api/marketplace/saved-searches"
    webhook = {"type": "webhook", "url": f"http://127.0.0.1:{port}/indigo"}

    def call(method: str, url: str, body: dict | None = None) -> dict | None:
        request = urllib.request.Request(
            url,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            # Saved-search writes need a key; the reads take it too.
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {api_key}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text else None

    def save_search() -> None:
        if not _wait_http(f"http://127.0.0.1:{api_port}/healthz", 60):
            return
        try:
            found = [
                s for s in call("GET", f"{api}?limit=200")["items"] if s["name"] == DEMO_SEARCH
            ]
            if not found:
                call(
                    "POST",
                    api,
                    {
                        "name": DEMO_SEARCH,
                        "criteria": {"lots": ["501"], "max_price_usd": 150},
                        "triggers": {"new": True, "price_drop": {"percent": 5}},
                        "channels": [webhook],
                    },
                )
            else:
                search = found[0]
                for channel in search["channels"]:  # an earlier run's receiver, gone now
                    if channel["type"] == "webhook" and "//127.0.0.1:" in channel["target"]:
                        call("DELETE", f"{api}/{search['id']}/channels/{channel['id']}")
                call("POST", f"{api}/{search['id']}/channels", webhook)
            click.echo(f"  demo saved search: new 501s under $150 -> http://127.0.0.1:{port}")
        except OSError as exc:
            click.echo(f"  (the demo saved search could not be made: {exc})")

    threading.Thread(target=save_search, daemon=True).start()


def _start_infrastructure(settings: IndigoSettings, home: Path, embedded: list) -> dict[str, str]:
    env = dict(os.environ)
    nats_url, monitor = settings.nats_url, None
    if not nats_url:
        server = EmbeddedNats(home / "nats")
        nats_url = server.start()
        embedded.append(server)
        monitor = server.monitor_url
    database_url = settings.database_url
    if not database_url:
        server = EmbeddedPostgres(home / "postgres")
        database_url = server.start()
        embedded.append(server)
    click.echo("applying migrations…")
    migrate(database_url)
    asyncio.run(_declare_streams(nats_url, settings))
    env.update(NATS_URL=nats_url, DATABASE_URL=database_url)
    endpoints = {"nats_url": nats_url, "database_url": database_url}
    if monitor:
        endpoints["nats_monitor_url"] = monitor
    endpoints_file().write_text(json.dumps(endpoints, indent=2))
    return env


async def _stored_credentials(database_url: str) -> set[str]:
    """The platforms with credentials stored in the database (only their names are read)."""
    conn = await connect(database_url)
    try:
        return {
            r["platform"] for r in await conn.fetch("SELECT platform FROM marketplace_credentials")
        }
    finally:
        await conn.close()


async def _declare_streams(url: str, settings: IndigoSettings) -> None:
    nc = await indigo_nats.connect(url, "indigo-dev")
    await indigo_nats.ensure_streams(nc.jetstream(), settings.stream_settings())
    await nc.drain()


def _development_key(python: str, env: dict[str, str], file: Path) -> str:
    """The development API key kept in ``file`` (`indigo apikey dev-key`, in the API package)."""
    result = subprocess.run(
        [python, "-m", "indigo_cli.main", "apikey", "dev-key", str(file)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"no development API key: {result.stderr.strip()}")
    return result.stdout.strip()


def _announce(
    env: dict[str, str],
    api_port: int,
    embedded: list,
    health: list[tuple[str, str]],
    api_key: str,
    api_key_file: Path,
) -> None:
    monitor = next((s.monitor_url for s in embedded if isinstance(s, EmbeddedNats)), None)
    lines = [
        ("Dashboard", f"http://127.0.0.1:{api_port}/"),
        ("API", f"http://127.0.0.1:{api_port}/api/marketplace/listings"),
        ("API docs", f"http://127.0.0.1:{api_port}/docs"),
        ("API key", f"{api_key}  (in {api_key_file}; every scope)"),
        ("NATS", env["NATS_URL"]),
        ("NATS monitoring", monitor or "(external server)"),
        ("PostgreSQL", env["DATABASE_URL"]),
        *((w.marketplace, env.get(w.base_variable, "(its real API)")) for w in SANDBOX_WIRING),
        ("data", str(state_dir())),
        *((f"{name} health", url) for name, url in health),
    ]
    click.echo(click.style("\nIndigo is starting; an initial sync runs now.", bold=True))
    for label, value in lines:
        click.echo(f"  {label:<16} {value}")
    click.echo(
        f"\n  Trigger a sync with it:\n  curl -X POST http://127.0.0.1:{api_port}/api/marketplace"
        f'/sync/trigger -H "Authorization: Bearer $(cat {api_key_file})" -H \'Content-Type: '
        'application/json\' -d \'{"platform": "ebay", "keywords": "levis 501"}\''
    )
    click.echo("  Ctrl-C stops everything.\n")


def _supervise(children: list[Child], env: dict[str, str]) -> None:
    """Restart a service that dies, unless it keeps dying (5 times in a minute)."""
    # A plain flag: Event.set() in a signal handler can deadlock on the lock the interrupted
    # Event.wait() holds.
    signalled: list[int] = []
    # Explicit for SIGINT too: a shell that starts us in the background ignores Ctrl-C for us.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda number, _frame: signalled.append(number))
    while not signalled:
        time.sleep(0.2)
        for child in children:
            if child.process and child.process.poll() is not None:
                now = time.monotonic()
                child.restarts = [t for t in child.restarts if now - t < 60] + [now]
                if len(child.restarts) > 5:
                    raise click.ClickException(f"{child.name} keeps exiting; giving up")
                click.echo(
                    click.style(
                        f"{child.name} exited with {child.process.returncode}; restarting", fg="red"
                    )
                )
                child.start(env)
