"""API throughput from outside, beside the HTTP floor and a bare SQL endpoint, in one run.

    .venv/bin/python bench/api_throughput.py [--listings 100000] [--concurrency 32]
                                             [--seconds 10] [--reuse]

Seeds PostgreSQL (``DATABASE_URL``'s server, else an embedded one; the ``indigo_bench`` database
that bench/query_latency.py uses, kept with ``--reuse``) with vintage-jeans listings, their trend
rows, deal and trend scores, then starts, each as its own uvicorn process on this machine:

- the HTTP floor: a bare Starlette endpoint serving one 50-listing page from memory;
- bare SQL: a bare Starlette + asyncpg endpoint running ``SELECT *`` for the page and an exact
  ``count(*)`` (bench/http_baselines.py);
- the API (``indigo run api``), as deployed; and the API with its response cache off
  (``INDIGO_API_CACHE_SECONDS=0``), which shows what each request costs when it misses;
- the API with ``INDIGO_API_READS_REQUIRE_KEY=true``, each request carrying an API key (made with
  ``indigo apikey create``): what checking a key costs (the verified key is cached in memory; the
  answer comes from the response cache, but after routing and the key check, not before).

A load client in its own process keeps ``--concurrency`` keep-alive connections busy for
``--seconds`` per target (after a warm-up); the targets take turns for ``--rounds`` rounds, and
the medians are printed: requests per second, p50 and p99 latency, and each target's share of the
floor's rate within the same round. Goals (issue 9): the list endpoint at least 0.25 of
the floor, a broad one-word search ("levis") at least 0.10.

The machine has 2 cores shared by the servers, the client and PostgreSQL (and, here, by other
engineers' work): figures move by tens of percent between runs. Compare rows of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import query_latency  # noqa: E402 - the seeding this benchmark shares
from indigo_shared.db import create_pool, migrate  # noqa: E402
from indigo_shared.embedded import create_database  # noqa: E402
from indigo_shared.testing import with_database  # noqa: E402
from indigo_trends.adapters import repository as trends_sql  # noqa: E402

API = "/api/marketplace"
LIST_PATH = f"{API}/listings?limit=50"
SEARCH_PATH = f"{API}/listings/search/levis?limit=50"
GOALS = {"API list": 0.25, "API broad search": 0.10}


# --- the load client (runs in its own process) -------------------------------------------------


async def _worker(host: str, port: int, request: bytes, deadline: float, latencies, errors):
    reader, writer = await asyncio.open_connection(host, port)
    clock = time.perf_counter
    try:
        while clock() < deadline:
            started = clock()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if head[9:12] != b"200":
                errors.append(head[9:12].decode())
            latencies.append(clock() - started)
    finally:
        writer.close()


async def _load(url: str, concurrency: int, seconds: float, warmup: float, key: str) -> dict:
    target = httpx.URL(url)
    path = target.raw_path
    auth = f"Authorization: Bearer {key}\r\n".encode() if key else b""
    request = (
        b"GET "
        + path
        + b" HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n"
        + auth
        + b"\r\n"
    )
    host, port = target.host, target.port
    for _phase, duration in (("warm-up", warmup), ("measure", seconds)):
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        deadline = started + duration
        await asyncio.gather(
            *(_worker(host, port, request, deadline, latencies, errors) for _ in range(concurrency))
        )
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else None,
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99)] if latencies else None,
        "errors": len(errors),
    }


def client_main(url: str, concurrency: int, seconds: float, warmup: float, key: str) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(json.dumps(asyncio.run(_load(url, concurrency, seconds, warmup, key))))


def measure(url: str, args, key: str = "") -> dict:
    """Load ``url`` from a separate process (so the client never shares the server's loop)."""
    output = subprocess.run(
        [sys.executable, __file__, "--client", url, "--concurrency", str(args.concurrency),
         "--seconds", str(args.seconds), "--warmup", str(args.warmup)],
        capture_output=True, text=True, check=True, env={**os.environ, "BENCH_API_KEY": key},
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


# --- servers ----------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict, url: str) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited with {process.returncode}")
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{command} did not answer on {url}")


INDIGO = Path(sys.executable).with_name("indigo")
#: One server secret for the API processes and the key made for them.
SECRET = {"INDIGO_SECRET_KEY": "bench-secret-" + "b" * 40}


def api_server(database_url: str, nats_url: str, *, cache_seconds: float, **extra) -> tuple:
    port = free_port()
    indigo = INDIGO
    env = {
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "INDIGO_API_PORT": str(port),
        "INDIGO_LOG_LEVEL": "WARNING",
        "INDIGO_API_CACHE_SECONDS": str(cache_seconds),
        **SECRET,
        **extra,
    }
    base = f"http://127.0.0.1:{port}"
    return start([str(indigo), "run", "api"], env, f"{base}/healthz"), base


def baseline_server(mode: str, source: str) -> tuple:
    port = free_port()
    command = [sys.executable, str(HERE / "http_baselines.py"), mode, source, str(port)]
    base = f"http://127.0.0.1:{port}"
    return start(command, {}, f"{base}/page"), base


# --- the run ----------------------------------------------------------------------------------


async def prepare(args, admin_url: str) -> str:
    url = with_database(admin_url, query_latency.DATABASE)
    reuse = args.reuse and await query_latency.seeded_already(admin_url, args.listings)
    if not reuse:
        admin = await asyncpg.connect(admin_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{query_latency.DATABASE}" WITH (FORCE)')
        await admin.close()
        await create_database(admin_url, query_latency.DATABASE)
    migrate(url)
    pool = await create_pool(url, max_size=2)
    async with pool.acquire() as conn:
        if reuse:
            print(f"reusing the {args.listings:,} listings of {query_latency.DATABASE}")
        else:
            print(f"seeding {args.listings:,} listings")
            await query_latency.seed(
                conn, args.listings, random.Random(args.seed), datetime.now(UTC)
            )
            await query_latency.compute_trends(conn, 14)
        started = time.perf_counter()
        await trends_sql.score_deal_groups(conn, None)
        scored = await conn.fetchval("SELECT count(*) FROM marketplace_listing_trend_scores")
        print(f"  trend scores of {scored:,} listings in {time.perf_counter() - started:.1f} s")
        await conn.execute("VACUUM ANALYZE")
        matches = await conn.fetchval(
            "SELECT count(*) FROM marketplace_listings WHERE search_vector @@ to_tsquery('levi')"
        )
        print(f'  "levis" matches {matches:,} listings')
    await pool.close()
    return url


def report(rounds: list[dict[str, dict]], paths: dict[str, str], args) -> None:
    """Medians over the rounds; a target's share of the floor is taken within each round (the
    two measured minutes apart on a loaded machine would compare the load, not the servers)."""
    print(
        f"\n{args.listings:,} listings, concurrency {args.concurrency}, {args.rounds} rounds of "
        f"{args.seconds:.0f} s per target (each after a {args.warmup:.0f} s warm-up), medians"
    )
    print(f"{'target':<30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'of floor':>9}  goal")
    for name in paths:
        runs = [r[name] for r in rounds]
        share = statistics.median(r[name]["rps"] / r["HTTP floor"]["rps"] for r in rounds)
        goal = GOALS.get(name)
        verdict = "" if goal is None else f">= {goal:.2f} {'met' if share >= goal else 'NOT met'}"
        errors = sum(r["errors"] for r in runs)
        print(
            f"{name:<30} {statistics.median(r['rps'] for r in runs):>8.0f}"
            f" {statistics.median(r['p50_ms'] for r in runs):>8.1f}"
            f" {statistics.median(r['p99_ms'] for r in runs):>8.1f}"
            f" {share:>9.3f}  {verdict}" + (f"  ({errors} non-200)" if errors else "")
        )
    print("per round (req/s): " + "; ".join(
        f"{name}: " + ", ".join(f"{r[name]['rps']:.0f}" for r in rounds) for name in paths
    ))  # fmt: skip
    print("paths: " + "; ".join(f"{name}: {path}" for name, path in paths.items()))


def api_key(database_url: str) -> str:
    return subprocess.run(
        [str(INDIGO), "apikey", "create", "--name", "bench", "--scope", "read"],
        env={**os.environ, "DATABASE_URL": database_url, **SECRET},
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def run(args, admin_url: str, nats_url: str) -> None:
    database_url = asyncio.run(prepare(args, admin_url))
    processes = []
    try:
        api, api_base = api_server(database_url, nats_url, cache_seconds=2)
        uncached, uncached_base = api_server(database_url, nats_url, cache_seconds=0)
        locked, locked_base = api_server(
            database_url, nats_url, cache_seconds=2, INDIGO_API_READS_REQUIRE_KEY="true"
        )
        processes += [api, uncached, locked]
        key = api_key(database_url)
        page = httpx.get(api_base + LIST_PATH, timeout=30)
        page.raise_for_status()
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
            file.write(page.content)
        floor, floor_base = baseline_server("floor", file.name)
        bare, bare_base = baseline_server("sql", database_url)
        processes += [floor, bare]
        targets = [
            ("HTTP floor", floor_base, "/page"),
            ("bare SQL (SELECT * + count)", bare_base, "/page"),
            ("API list", api_base, LIST_PATH),
            ("API broad search", api_base, SEARCH_PATH),
            ("API list, no cache", uncached_base, LIST_PATH),
            ("API broad search, no cache", uncached_base, SEARCH_PATH),
            ("API list, key required", locked_base, LIST_PATH),
        ]
        rounds = []
        for number in range(1, args.rounds + 1):
            print(f"  round {number} of {args.rounds} ...", flush=True)
            rounds.append(
                {
                    name: measure(base + path, args, key if "key" in name else "")
                    for name, base, path in targets
                }
            )
        report(rounds, {name: path for name, _, path in targets}, args)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=5, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3, help="all targets in turn, this often")
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--client", help=argparse.SUPPRESS)  # the load client's own process
    args = parser.parse_args()
    if args.client:
        client_main(
            args.client, args.concurrency, args.seconds, args.warmup, os.environ["BENCH_API_KEY"]
        )
        return
    if args.listings < 1 or args.concurrency < 1 or args.seconds <= 0:
        sys.exit("--listings, --concurrency and --seconds must be positive")
    with query_latency.bench_servers() as (admin_url, nats_url):
        run(args, admin_url, nats_url)


if __name__ == "__main__":
    main()
