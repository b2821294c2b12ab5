"""``indigo migrate``, ``indigo sync`` and ``indigo run``."""

from __future__ import annotations

import asyncio
import json
import sys
from decimal import Decimal

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.db import migrate as apply_migrations
from indigo_shared.events import PLATFORMS, SyncFilters, SyncRequested, SyncStatusChanged
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from indigo_shared.streams import sync_requested, sync_status

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
@click.option("--limit", type=click.IntRange(1, 10_000), default=200, show_default=True)
@click.option("--min-price", type=Decimal, default=None)
@click.option("--max-price", type=Decimal, default=None)
@click.option("--condition", "conditions", multiple=True, help="repeatable: new, used, ...")
@click.option("--wait/--no-wait", default=False, help="follow the job until it ends")
def sync(platform, keywords, limit, min_price, max_price, conditions, wait) -> None:
    """Ask the collectors to sync a marketplace now (prints one job id per platform)."""
    platforms = list(PLATFORMS) if platform == "all" else [platform]
    filters = SyncFilters(min_price=min_price, max_price=max_price, conditions=list(conditions))
    requests = [
        SyncRequested(platform=p, keywords=keywords, limit=limit, filters=filters, trigger="cli")
        for p in platforms
    ]
    try:
        url = _settings().require_nats_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    ok = asyncio.run(_request_syncs(url, requests, wait))
    sys.exit(0 if ok else 1)


async def _request_syncs(url: str, requests: list[SyncRequested], wait: bool) -> bool:
    nc = await indigo_nats.connect(url, "indigo-cli")
    js = nc.jetstream()
    await indigo_nats.ensure_streams(js)
    finished: dict[str, asyncio.Future] = {
        str(r.job_id): asyncio.get_running_loop().create_future() for r in requests
    }

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
            if event.status in ("completed", "failed") and not finished[key].done():
                finished[key].set_result(event.status)

    if wait:
        await nc.subscribe("sync.status.*", cb=on_status)
    for request in requests:
        await indigo_nats.publish_event(js, sync_requested(request.platform), request)
        pending = SyncStatusChanged(
            job_id=request.job_id,
            platform=request.platform,
            status="pending",
            keywords=request.keywords,
            limit=request.limit,
            requested_at=request.requested_at,
        )
        await indigo_nats.publish_event(js, sync_status(request.platform), pending)
        click.echo(
            json.dumps(
                {"job_id": str(request.job_id), "platform": request.platform, "status": "pending"}
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
    try:
        services[service].load()()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
