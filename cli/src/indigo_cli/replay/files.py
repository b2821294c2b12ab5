"""``indigo replay export`` / ``import``: a range of a stream as JSON lines, and back."""

from __future__ import annotations

import asyncio
import base64
import json
import sys

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import LISTINGS
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.errors import NotFoundError

from indigo_cli.replay.common import MOMENT, Range, jetstream


@click.command("export")
@click.option("--stream", default=LISTINGS, show_default=True)
@click.option("--subject", default=None, help="filter, e.g. 'listings.enriched.*'")
@click.option("--from-seq", type=click.IntRange(1), default=None)
@click.option("--to-seq", type=click.IntRange(1), default=None)
@click.option("--since", type=MOMENT, default=None, help="ISO time, UTC unless an offset is given")
@click.option("--until", type=MOMENT, default=None, help="exclusive; ISO time like --since")
@click.option("--output", "-o", type=click.File("w"), default="-")
def export_events(stream, subject, from_seq, to_seq, since, until, output) -> None:
    """Write a range of a stream as JSON lines (subject, sequence, time, headers, data)."""
    selected = Range(stream, subject, from_seq, to_seq, since, until)
    count = asyncio.run(_export(selected, output))
    click.echo(f"exported {count} events from {stream}", err=True)


async def _export(selected: Range, output) -> int:
    async with jetstream() as js:
        try:
            last = (await js.stream_info(selected.stream)).state.last_seq
        except NotFoundError:
            raise click.ClickException(f"no stream {selected.stream}") from None
        config = ConsumerConfig(
            ack_policy=AckPolicy.NONE,
            filter_subject=selected.subject,
            inactive_threshold=30,
            **selected.start(),
        )
        sub = await js.pull_subscribe(
            selected.subject or ">", stream=selected.stream, config=config
        )
        count = 0
        while last:
            try:
                messages = await sub.fetch(500, timeout=1)
            except TimeoutError:
                break  # nothing left in the range
            for msg in messages:
                meta = msg.metadata
                if not selected.contains(meta.sequence.stream, meta.timestamp, last):
                    return count
                output.write(json.dumps(_line(msg)) + "\n")
                count += 1
            if messages[-1].metadata.sequence.stream >= last:
                break
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


@click.command("import")
@click.argument("file", type=click.File("r"), default="-")
def import_events(file) -> None:
    """Publish exported JSON lines to their subjects. Ids are kept, so importing twice adds nothing."""
    published, duplicates, bad = asyncio.run(_import(file))
    click.echo(f"published {published}, duplicates dropped {duplicates}, bad lines {bad}", err=True)
    sys.exit(1 if bad else 0)


async def _import(file) -> tuple[int, int, int]:
    published = duplicates = bad = 0
    async with jetstream() as js:
        await indigo_nats.ensure_streams(js, IndigoSettings().stream_settings())
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
    return published, duplicates, bad
