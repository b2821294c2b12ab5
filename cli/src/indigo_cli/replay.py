"""``indigo replay``: export and import events as JSON lines, rewind a consumer, rebuild the read model.

The JetStream log is the system's memory: any durable consumer can be moved back to a sequence or a
time and will see those events again (its handlers are idempotent), and any range can be exported
to a file and loaded into another system, e.g. a developer's laptop.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from datetime import UTC, datetime

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from indigo_shared.streams import (
    API_PROJECTOR,
    API_PROJECTOR_ANALYSIS,
    API_PROJECTOR_LIFECYCLE,
    API_PROJECTOR_SEEN,
    LISTINGS,
    SYNC_EVENTS,
)
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

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


def _nats_url() -> str:
    try:
        return IndigoSettings().require_nats_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc


def _start(from_seq: int | None, since: datetime | None) -> dict:
    if from_seq:
        return dict(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=from_seq)
    if since:
        when = since if since.tzinfo else since.replace(tzinfo=UTC)
        return dict(deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=when.isoformat())
    return dict(deliver_policy=DeliverPolicy.ALL)


@click.group()
def replay() -> None:
    """Replay the event log: export/import JSON lines, rewind a consumer, rebuild the read model."""


@replay.command("export")
@click.option("--stream", default=LISTINGS, show_default=True)
@click.option("--subject", default=None, help="filter, e.g. 'listings.enriched.*'")
@click.option("--from-seq", type=click.IntRange(1), default=None)
@click.option("--to-seq", type=click.IntRange(1), default=None)
@click.option("--since", type=click.DateTime(), default=None, help="UTC unless an offset is given")
@click.option("--output", "-o", type=click.File("w"), default="-")
def export_events(stream, subject, from_seq, to_seq, since, output) -> None:
    """Write a range of a stream as JSON lines (subject, sequence, time, headers, data)."""
    count = asyncio.run(_export(stream, subject, from_seq, to_seq, since, output))
    click.echo(f"exported {count} events from {stream}", err=True)


async def _export(stream, subject, from_seq, to_seq, since, output) -> int:
    nc = await indigo_nats.connect(_nats_url(), "indigo-replay")
    js = nc.jetstream()
    try:
        last = (await js.stream_info(stream)).state.last_seq
    except NotFoundError:
        await nc.close()
        raise click.ClickException(f"no stream {stream}") from None
    end = min(to_seq or last, last)
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE,
        filter_subject=subject,
        inactive_threshold=30,
        **_start(from_seq, since),
    )
    sub = await js.pull_subscribe(subject or ">", stream=stream, config=config)
    count = 0
    try:
        while end:
            try:
                messages = await sub.fetch(500, timeout=1)
            except TimeoutError:
                break  # nothing left in the range
            for msg in messages:
                seq = msg.metadata.sequence.stream
                if seq > end:
                    return count
                output.write(json.dumps(_line(msg)) + "\n")
                count += 1
            if messages[-1].metadata.sequence.stream >= end:
                break
    finally:
        await nc.close()
    return count


def _line(msg) -> dict:
    line = {
        "subject": msg.subject,
        "stream_seq": msg.metadata.sequence.stream,
        "time": msg.metadata.timestamp.isoformat(),
        "headers": dict(msg.headers or {}),
    }
    try:
        line["data"] = json.loads(msg.data)
    except ValueError:
        line["data_base64"] = base64.b64encode(msg.data).decode()
    return line


@replay.command("import")
@click.argument("file", type=click.File("r"), default="-")
def import_events(file) -> None:
    """Publish exported JSON lines to their subjects. Ids are kept, so importing twice adds nothing."""
    published, duplicates, bad = asyncio.run(_import(file))
    click.echo(f"published {published}, duplicates dropped {duplicates}, bad lines {bad}", err=True)
    sys.exit(1 if bad else 0)


async def _import(file) -> tuple[int, int, int]:
    nc = await indigo_nats.connect(_nats_url(), "indigo-replay")
    js = nc.jetstream()
    await indigo_nats.ensure_streams(js, IndigoSettings().stream_settings())
    published = duplicates = bad = 0
    try:
        for number, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                subject = line["subject"]
                data = (
                    base64.b64decode(line["data_base64"])
                    if "data_base64" in line
                    else json.dumps(line["data"]).encode()
                )
                headers = {
                    k: v
                    for k, v in (line.get("headers") or {}).items()
                    if k == "Nats-Msg-Id" or not k.startswith("Nats-")
                }
            except (ValueError, KeyError, TypeError) as exc:
                click.echo(f"indigo replay import: line {number}: {exc!r}", err=True)
                bad += 1
                continue
            ack = await js.publish(subject, data, headers=headers or None)
            duplicates += bool(ack.duplicate)
            published += not ack.duplicate
    finally:
        await nc.close()
    return published, duplicates, bad


@replay.command("consumer")
@click.argument("durable")
@click.option("--stream", default=LISTINGS, show_default=True)
@click.option("--from-seq", type=click.IntRange(1), default=None)
@click.option("--since", type=click.DateTime(), default=None)
def rewind_consumer(durable, stream, from_seq, since) -> None:
    """Re-deliver a stream range to a durable consumer (e.g. `enricher` to re-enrich).

    The consumer is re-created under the same name and settings with a new start point; running
    replicas keep fetching from it by name.
    """
    asyncio.run(_rewind(durable, stream, from_seq, since))
    start = (
        f"sequence {from_seq}"
        if from_seq
        else (f"{since:%Y-%m-%d %H:%M}" if since else "the start")
    )
    click.echo(f"{stream}/{durable} re-delivers from {start}")


async def _rewind(durable, stream, from_seq, since) -> None:
    nc = await indigo_nats.connect(_nats_url(), "indigo-replay")
    js = nc.jetstream()
    try:
        try:
            old = (await js.consumer_info(stream, durable)).config
        except NotFoundError:
            raise click.ClickException(f"no consumer {durable} on {stream}") from None
        await js.delete_consumer(stream, durable)
        config = ConsumerConfig(
            durable_name=durable,
            filter_subject=old.filter_subject,
            ack_policy=old.ack_policy,
            ack_wait=old.ack_wait,
            max_deliver=old.max_deliver,
            max_ack_pending=old.max_ack_pending,
            **_start(from_seq, since),
        )
        await js.add_consumer(stream, config)
    finally:
        await nc.close()


@replay.command("rebuild")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def rebuild(yes: bool) -> None:
    """Empty the API's read model and project it again from the whole log."""
    if not yes:
        click.confirm(
            "Delete the listings and sync-job rows and rebuild them from NATS?", abort=True
        )
    asyncio.run(_rebuild())
    click.echo("read model emptied; the api-projector is re-reading LISTINGS and SYNC_EVENTS")


async def _rebuild() -> None:
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
    for stream, durable in PROJECTOR_CONSUMERS:
        try:
            await _rewind(durable, stream, None, None)
        except click.ClickException:
            pass  # the projector has never run: it will start from the beginning anyway
