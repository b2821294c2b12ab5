"""``indigo alerts tail``: print saved-search matches as they are published."""

from __future__ import annotations

import asyncio
import contextlib

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.db import create_pool
from indigo_shared.events import AlertMatched
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from indigo_shared.streams import ALERT_MATCHED, ALERTS
from nats.js.api import DeliverPolicy


@click.group()
def alerts() -> None:
    """Saved-search alerts."""


@alerts.command()
@click.option("--search", "search_id", default=None, help="only this saved search's matches")
@click.option("--all", "from_start", is_flag=True, help="from the oldest match kept, not from now")
@click.option("--json", "as_json", is_flag=True, help="one AlertMatched JSON object per line")
@click.option("--limit", type=click.IntRange(1), default=None, help="stop after this many")
def tail(search_id, from_start, as_json, limit) -> None:
    """Print matches live: time, trigger, price, listing title and search name."""
    settings = IndigoSettings()
    try:
        nats_url = settings.require_nats_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        database_url = settings.require_database_url()
    except MissingEndpoint:
        database_url = None  # the bare event is printed
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_tail(nats_url, database_url, search_id, from_start, as_json, limit))


async def _details(pool, event: AlertMatched) -> dict:
    if pool is None or event.match_id is None:
        return {}
    with contextlib.suppress(Exception):
        row = await pool.fetchrow(
            "SELECT m.listing ->> 'title' AS title, m.listing ->> 'url' AS url, s.name"
            " FROM alerts_matches m LEFT JOIN marketplace_saved_searches s"
            " ON s.id = m.saved_search_id WHERE m.id = $1",
            event.match_id,
        )
        return dict(row) if row else {}
    return {}


def line(event: AlertMatched, details: dict) -> str:
    price = "no price" if event.price is None else f"{event.price} {event.currency or ''}".strip()
    if event.price_usd is not None and event.currency != "USD":
        price += f" (${event.price_usd})"
    title = details.get("title") or f"{event.platform}:{event.external_id}"
    search = details.get("name") or str(event.saved_search_id)
    text = (
        f"{event.matched_at:%Y-%m-%d %H:%M:%S} {event.trigger or 'match':<14} {price:<22} "
        f"{title}  [{search}]"
    )
    return text + (f"  {details['url']}" if details.get("url") else "")


async def _tail(nats_url, database_url, search_id, from_start, as_json, limit) -> None:
    nc = await indigo_nats.connect(nats_url, "indigo-alerts-tail")
    pool = None
    if database_url and not as_json:
        with contextlib.suppress(Exception):
            pool = await create_pool(database_url, min_size=1, max_size=2)
    js = nc.jetstream()
    await indigo_nats.ensure_streams(js)
    shown = 0
    done = asyncio.Event()

    async def on_message(msg) -> None:
        nonlocal shown
        event = AlertMatched.model_validate_json(msg.data)
        if search_id and str(event.saved_search_id) != search_id:
            return
        if done.is_set():
            return
        text = event.model_dump_json() if as_json else line(event, await _details(pool, event))
        click.echo(text)
        shown += 1
        if limit and shown >= limit:
            done.set()

    policy = DeliverPolicy.ALL if from_start else DeliverPolicy.NEW
    sub = await js.subscribe(
        ALERT_MATCHED, stream=ALERTS, cb=on_message, ordered_consumer=True, deliver_policy=policy
    )
    try:
        await done.wait()
    finally:
        await sub.unsubscribe()
        if pool is not None:
            await pool.close()
        await nc.close()
