"""``indigo replay consumer <durable>``: redo a consumer's work for a range of its stream.

A dry run by default: it says how many messages the range holds and how long replaying them would
take, and changes nothing. With ``--apply`` the range is read through a new durable consumer
named ``<durable>-replay-<UTC time>`` (the live consumer keeps its position and its replicas go
on undisturbed), each message is handed to the service's own handler (its ``indigo.replayers``
entry point, e.g. the enricher re-enriches and publishes), at most ``--rate`` messages a second so
that the live consumers keep their share of NATS, PostgreSQL and the LLM; a progress bar shows
how far it is. The replay consumer is deleted at the end (or expires an hour after an interrupted
replay).
"""

from __future__ import annotations

import asyncio
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

import click
from indigo_shared.delivery import describe, is_permanent
from indigo_shared.replaying import Handler, Replayer
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig
from nats.js.errors import NotFoundError

from indigo_cli.plugins import discover
from indigo_cli.replay.common import MOMENT, Range, jetstream

ATTEMPTS = 3
RETRY_DELAYS = (0.5, 2.0)
# An interrupted replay's consumer goes away by itself after this long unused.
ABANDONED_AFTER_SECONDS = 3600


def replay_name(durable: str, now: datetime | None = None) -> str:
    return f"{durable}-replay-{(now or datetime.now(UTC)):%Y%m%dT%H%M%S}"


@dataclass
class Outcome:
    done: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)  # (sequence, error)
    seconds: float = 0.0


@click.command("consumer")
@click.argument("durable")
@click.option("--subject", default=None, help="narrower filter, e.g. 'listings.collected.ebay'")
@click.option("--from-seq", type=click.IntRange(1), default=None)
@click.option("--to-seq", type=click.IntRange(1), default=None)
@click.option("--since", type=MOMENT, default=None, help="ISO time, UTC unless an offset is given")
@click.option("--until", type=MOMENT, default=None, help="exclusive; ISO time like --since")
@click.option(
    "--rate",
    type=click.FloatRange(min=0.1),
    default=200.0,
    show_default=True,
    help="messages a second at most, so live consumers are not starved",
)
@click.option("--concurrency", type=click.IntRange(1, 256), default=8, show_default=True)
@click.option("--apply", is_flag=True, help="replay; without it, only say what would be replayed")
def replay_consumer(durable, subject, from_seq, to_seq, since, until, rate, concurrency, apply):
    """Redo DURABLE's work (e.g. `enricher`: re-enrich) for a range, through a new consumer.

    Without --apply this is a dry run: nothing is created, read or published.
    """
    replayers = discover("indigo.replayers")
    if durable not in replayers:
        known = ", ".join(replayers) or "none installed"
        raise click.ClickException(f"no replayer for {durable!r} (replayable: {known})")
    replayer: Replayer = replayers[durable].load()()
    asyncio.run(_replay(durable, replayer, subject, (from_seq, to_seq, since, until), rate,
                        concurrency, apply))  # fmt: skip


async def _replay(durable, replayer, subject, bounds, rate, concurrency, apply) -> None:
    async with jetstream() as js:
        try:
            live = await js.consumer_info(replayer.stream, durable)
            live_filter = live.config.filter_subject
        except NotFoundError:
            live_filter = replayer.subject
        selected = Range(replayer.stream, subject or live_filter, *bounds)
        try:
            total, last_seq = await selected.count(js)
        except NotFoundError:
            raise click.ClickException(f"no stream {replayer.stream}") from None
        name = replay_name(durable)
        click.echo(
            f"{'replaying' if apply else 'would replay'} {total:,} messages of "
            f"{selected.describe()} with {durable}'s handler, into a new consumer {name} "
            f"(the live consumer {durable} keeps its position); at most {rate:g} messages/s: "
            f"about {_duration(total / rate)}",
            err=True,
        )
        if not apply:
            click.echo("dry run: nothing was changed; add --apply to replay", err=True)
            return
        if total == 0:
            return
        outcome = await _run(js, replayer, selected, name, total, last_seq, rate, concurrency)
    click.echo(
        f"replayed {outcome.done:,} messages in {_duration(outcome.seconds)}"
        f" ({outcome.done / max(outcome.seconds, 1e-9):,.0f}/s); failed {len(outcome.failed)}",
        err=True,
    )
    for sequence, error in outcome.failed[:10]:
        click.echo(f"  #{sequence}: {error}", err=True)
    if outcome.failed:
        sys.exit(1)


async def _run(
    js: JetStreamContext,
    replayer: Replayer,
    selected: Range,
    name: str,
    total: int,
    last_seq: int,
    rate: float,
    concurrency: int,
) -> Outcome:
    config = ConsumerConfig(
        durable_name=name,
        filter_subject=selected.subject,
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=120,
        max_ack_pending=concurrency * 4,
        inactive_threshold=ABANDONED_AFTER_SECONDS,
        **selected.start(),
    )
    await js.add_consumer(selected.stream, config)
    outcome = Outcome()
    started = time.monotonic()
    try:
        subscription = await js.pull_subscribe_bind(name, stream=selected.stream)
        with click.progressbar(
            length=total, label=f"replaying {name}", file=sys.stderr, show_pos=True
        ) as bar:
            async with replayer.open(js) as handle:
                await _consume(subscription, handle, selected, last_seq, total, rate,
                               concurrency, outcome, bar)  # fmt: skip
    finally:
        outcome.seconds = time.monotonic() - started
        try:
            await js.delete_consumer(selected.stream, name)
        except NotFoundError:
            pass
    return outcome


async def _consume(
    subscription, handle, selected, last_seq, total, rate, concurrency, outcome, bar
):
    in_flight: set[asyncio.Task] = set()
    spacing = 1.0 / rate
    next_start = time.monotonic()
    taken = 0
    while taken < total:
        free = concurrency - len(in_flight)
        if free <= 0:
            await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            continue
        try:
            messages = await subscription.fetch(min(free, total - taken), timeout=1)
        except TimeoutError:
            if (await subscription.consumer_info()).num_pending == 0:
                break  # the range held fewer messages than counted (some expired since)
            continue
        for msg in messages:
            meta = msg.metadata
            if not selected.contains(meta.sequence.stream, meta.timestamp, last_seq):
                taken = total  # past the range's end: stop fetching
                break
            taken += 1
            wait = next_start - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            next_start = max(next_start, time.monotonic() - spacing) + spacing
            task = asyncio.create_task(_one(msg, handle, outcome, bar))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
    if in_flight:
        await asyncio.gather(*in_flight)


async def _one(msg: Msg, handle: Handler, outcome: Outcome, bar) -> None:
    for attempt in range(ATTEMPTS):
        try:
            await handle(msg.data)
        except Exception as exc:  # noqa: BLE001 - retried, then reported with its sequence
            if attempt + 1 < ATTEMPTS and not is_permanent(exc):
                await asyncio.sleep(RETRY_DELAYS[attempt])
                continue
            outcome.failed.append((msg.metadata.sequence.stream, describe(exc)))
        else:
            outcome.done += 1
        break
    await msg.ack()
    bar.update(1)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s" if seconds >= 1 else f"{seconds:.1f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
