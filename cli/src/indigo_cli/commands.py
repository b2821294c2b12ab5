"""``indigo migrate``, ``indigo sync`` and ``indigo run``."""

from __future__ import annotations

import asyncio
import json
import sys

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.db import migrate as apply_migrations
from indigo_shared.events import (
    FINAL_SYNC_STATUSES,
    PLATFORMS,
    SyncRequested,
    SyncStatusChanged,
)
from indigo_shared.secret_keys import check_production
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from indigo_shared.sync_requests import SyncSearch, request_sync
from pydantic import ValidationError

from indigo_cli.plugins import discover


def _settings() -> IndigoSettings:
    return IndigoSettings()


@click.command()
def migrate() -> None:
    """Create the database if needed and apply pending migrations."""
    try:
        url = _settings().require_database_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        output = apply_migrations(url)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(output.strip() or "database is up to date")


@click.command()
@click.argument("platform", type=click.Choice([*PLATFORMS, "all"]))
@click.option("--keywords", default="vintage jeans", show_default=True)
@click.option("--limit", type=int, default=200, show_default=True, help="1 to 10,000")
@click.option("--min-price", default=None, help="in the marketplace's currency")
@click.option("--max-price", default=None)
@click.option(
    "--condition", "conditions", multiple=True, help="repeatable, eBay only: new, used, ..."
)
@click.option("--wait/--no-wait", default=False, help="follow the job until it ends")
def sync(platform, keywords, limit, min_price, max_price, conditions, wait) -> None:
    """Ask the collectors to sync a marketplace now (prints one job id per platform). An
    identical request still waiting for a collector is not queued twice: its job is printed."""
    try:
        search = SyncSearch(
            platform=platform,
            keywords=keywords,
            limit=limit,
            min_price=min_price,
            max_price=max_price,
            conditions=list(conditions),
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{_option(e['loc'])}: {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()
        )
        raise click.UsageError(problems) from exc
    try:
        url = _settings().require_nats_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    ok = asyncio.run(_request_syncs(url, search.requests("cli"), wait))
    sys.exit(0 if ok else 1)


def _option(loc: tuple) -> str:
    name = str(loc[0]) if loc else "request"
    return "--condition" if name == "conditions" else "--" + name.replace("_", "-")


async def _request_syncs(url: str, requests: list[SyncRequested], wait: bool) -> bool:
    nc = await indigo_nats.connect(url, "indigo-cli")
    js = nc.jetstream()
    await indigo_nats.ensure_streams(js)
    finished: dict[str, asyncio.Future] = {}

    async def on_status(msg) -> None:
        event = SyncStatusChanged.model_validate_json(msg.data)
        key = str(event.job_id)
        if key in finished:
            click.echo(
                json.dumps(
                    {
                        "job_id": key,
                        "platform": event.platform,
                        "status": event.status,
                        **event.counts.model_dump(),
                        "error": event.error,
                    }
                )
            )
            if event.status in FINAL_SYNC_STATUSES and not finished[key].done():
                finished[key].set_result(event.status)

    if wait:
        await nc.subscribe("sync.status.*", cb=on_status)
    for request in requests:
        ticket = await request_sync(js, request)
        finished[str(ticket.job_id)] = asyncio.get_running_loop().create_future()
        click.echo(
            json.dumps(
                {
                    "job_id": str(ticket.job_id),
                    "platform": request.platform,
                    "status": "pending",
                    "coalesced": ticket.coalesced,
                }
            )
        )
    ok = True
    if wait:
        statuses = await asyncio.gather(*finished.values())
        ok = all(status == "completed" for status in statuses)
    await nc.drain()
    return ok


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("service")
def run(service: str) -> None:
    """Run one service in the foreground (what `indigo dev` and a Kubernetes pod do)."""
    services = discover("indigo.services")
    if service not in services:
        raise click.UsageError(f"unknown service {service!r}; one of: {', '.join(services)}")
    check_production(_settings())  # every service needs the server secret in production
    try:
        services[service].load()()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
