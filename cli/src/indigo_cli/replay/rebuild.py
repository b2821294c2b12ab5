"""``indigo replay rebuild``: empty the read model and let the api-projector project it again.

The projector's durables are re-created at the start of their streams (the read model is rebuilt
from everything, so moving them is the point here); a progress bar then follows the projector
through the log until it has caught up.
"""

from __future__ import annotations

import asyncio
import sys
import time

import click
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from indigo_shared.streams import (
    API_PROJECTOR,
    API_PROJECTOR_ANALYSIS,
    API_PROJECTOR_LIFECYCLE,
    API_PROJECTOR_SEEN,
    LISTINGS,
    SYNC_EVENTS,
)
from nats.js import JetStreamContext
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from indigo_cli.replay.common import jetstream

# Tables the api-projector fills from LISTINGS and SYNC_EVENTS: the read model a rebuild redoes.
READ_MODEL_TABLES = (
    "marketplace_price_history",
    "marketplace_listings",
    "marketplace_sync_jobs",
    "marketplace_analysis_jobs",
    "marketplace_pending_endings",
)
# (stream, durable) pairs the api-projector reads them from.
PROJECTOR_CONSUMERS = (
    (LISTINGS, API_PROJECTOR),
    (SYNC_EVENTS, API_PROJECTOR),
    (SYNC_EVENTS, API_PROJECTOR_ANALYSIS),
    (SYNC_EVENTS, API_PROJECTOR_SEEN),
    (SYNC_EVENTS, API_PROJECTOR_LIFECYCLE),
)
# No progress for this long means no projector is running.
STALLED_AFTER_SECONDS = 30.0


@click.command("rebuild")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
@click.option("--wait/--no-wait", default=True, show_default=True, help="follow the projector")
def rebuild(yes: bool, wait: bool) -> None:
    """Empty the API's read model and project it again from the whole log."""
    if not yes:
        click.confirm(
            "Delete the listings and sync-job rows and rebuild them from NATS?", abort=True
        )
    asyncio.run(_rebuild(wait))


async def _rebuild(wait: bool) -> None:
    import asyncpg

    try:
        database_url = IndigoSettings().require_database_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(f"TRUNCATE {', '.join(READ_MODEL_TABLES)}")
    finally:
        await conn.close()
    async with jetstream() as js:
        for stream, durable in PROJECTOR_CONSUMERS:
            await rewind(js, stream, durable)
        click.echo("read model emptied; the api-projector is re-reading LISTINGS and SYNC_EVENTS")
        if wait:
            await _follow(js)


async def rewind(js: JetStreamContext, stream: str, durable: str) -> bool:
    """Re-create a durable under its name and settings at the start of its stream; False if it
    does not exist (a projector that never ran starts from the beginning anyway)."""
    try:
        old = (await js.consumer_info(stream, durable)).config
    except NotFoundError:
        return False
    await js.delete_consumer(stream, durable)
    config = ConsumerConfig(
        durable_name=durable,
        filter_subject=old.filter_subject,
        ack_policy=old.ack_policy,
        ack_wait=old.ack_wait,
        max_deliver=old.max_deliver,
        max_ack_pending=old.max_ack_pending,
        deliver_policy=DeliverPolicy.ALL,
    )
    await js.add_consumer(stream, config)
    return True


async def _outstanding(js: JetStreamContext) -> int:
    left = 0
    for stream, durable in PROJECTOR_CONSUMERS:
        try:
            info = await js.consumer_info(stream, durable)
        except NotFoundError:
            continue
        left += (info.num_pending or 0) + (info.num_ack_pending or 0)
    return left


async def _follow(js: JetStreamContext, interval: float = 0.5) -> None:
    total = await _outstanding(js)
    if total == 0:
        click.echo("the read model is up to date")
        return
    done = 0
    progressed_at = time.monotonic()
    with click.progressbar(length=total, label="projecting", file=sys.stderr, show_pos=True) as bar:
        while done < total:
            await asyncio.sleep(interval)
            now_done = total - min(total, await _outstanding(js))
            if now_done > done:
                bar.update(now_done - done)
                done, progressed_at = now_done, time.monotonic()
            elif time.monotonic() - progressed_at > STALLED_AFTER_SECONDS:
                click.echo(
                    f"\nno progress for {STALLED_AFTER_SECONDS:.0f} s: is the api-projector "
                    f"running? The read model fills when it starts ({total - done:,} events left).",
                    err=True,
                )
                return
    click.echo("the read model is rebuilt")
