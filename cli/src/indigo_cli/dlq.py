"""``indigo dlq``: see, replay and purge the messages consumers parked on the dead-letter stream.

``replay`` and ``purge`` show what they would do unless given ``--yes``.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import click
from indigo_shared import dead_letters
from indigo_shared import nats as indigo_nats
from indigo_shared.dead_letters import DeadLetter

from indigo_cli.replay.common import nats_url


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def filters(function):
    options = (
        click.option("--consumer", "-c", default=None, help="durable consumer, e.g. enricher"),
        click.option("--error", default=None, help="only errors containing this text"),
        click.option("--since", type=click.DateTime(), default=None, help="parked at or after"),
        click.option("--until", type=click.DateTime(), default=None, help="parked at or before"),
    )
    for option in reversed(options):
        function = option(function)
    return function


async def _select(js, consumer, error, since, until) -> list[DeadLetter]:
    since, until = _utc(since), _utc(until)
    return [
        letter
        async for letter in dead_letters.read(js, consumer)
        if letter.matches(error=error, since=since, until=until)
    ]


async def _with_jetstream(work):
    nc = await indigo_nats.connect(nats_url(), "indigo-dlq")
    try:
        return await work(nc.jetstream())
    finally:
        await nc.close()


def _line(letter: DeadLetter) -> str:
    ref = " (by reference)" if letter.by_reference else ""
    return (
        f"#{letter.seq}  {letter.parked_at:%Y-%m-%d %H:%M:%S}  {letter.consumer:<22} "
        f"{letter.subject} ({letter.stream} #{letter.stream_seq}, {letter.deliveries} deliveries)"
        f"{ref}\n      {letter.error[:200]}"
    )


@click.group()
def dlq() -> None:
    """Dead letters: what consumers parked, and why."""


@dlq.command("list")
@filters
@click.option("--json", "as_json", is_flag=True, help="one JSON object per dead letter")
def list_letters(consumer, error, since, until, as_json) -> None:
    """List dead letters (oldest first) and a count per consumer."""

    async def work(js):
        return await _select(js, consumer, error, since, until)

    letters = asyncio.run(_with_jetstream(work))
    per_consumer: dict[str, int] = {}
    for letter in letters:
        per_consumer[letter.consumer] = per_consumer.get(letter.consumer, 0) + 1
        if as_json:
            click.echo(json.dumps(_as_dict(letter)))
        else:
            click.echo(_line(letter))
    if not as_json:
        summary = ", ".join(f"{c}: {n}" for c, n in sorted(per_consumer.items())) or "none"
        click.echo(f"{len(letters)} dead letters ({summary})")


def _as_dict(letter: DeadLetter) -> dict:
    return {
        "seq": letter.seq,
        "parked_at": letter.parked_at.isoformat(),
        "consumer": letter.consumer,
        "error": letter.error,
        "subject": letter.subject,
        "stream": letter.stream,
        "stream_seq": letter.stream_seq,
        "deliveries": letter.deliveries,
        "by_reference": letter.by_reference,
    }


@dlq.command("show")
@click.argument("seq", type=click.IntRange(1))
def show(seq: int) -> None:
    """One dead letter with its message (read from its own stream if parked by reference)."""

    async def work(js):
        for letter in [x async for x in dead_letters.read(js)]:
            if letter.seq == seq:
                try:
                    body = await dead_letters.original(js, letter)
                except LookupError as exc:
                    return letter, str(exc)
                return letter, body
        return None, None

    letter, body = asyncio.run(_with_jetstream(work))
    if letter is None:
        raise click.ClickException(f"no dead letter #{seq}")
    click.echo(json.dumps(_as_dict(letter), indent=2))
    if isinstance(body, str):
        click.echo(body, err=True)
        return
    try:
        click.echo(json.dumps(json.loads(body), indent=2, ensure_ascii=False))
    except ValueError:
        click.echo(body.decode("utf-8", "replace"))


@dlq.command("replay")
@filters
@click.option(
    "--rate",
    type=click.FloatRange(0),
    default=200,
    show_default=True,
    help="messages a second (0: as fast as possible), so live work is not starved",
)
@click.option("--yes", is_flag=True, help="replay them (without it: only show what would be)")
def replay(consumer, error, since, until, rate, yes) -> None:
    """Send dead letters back to the consumer that parked them (dry run unless --yes)."""

    async def work(js):
        letters = await _select(js, consumer, error, since, until)
        if not yes:
            return letters, None
        total = len(letters)

        def progress(done: int, letter: DeadLetter) -> None:
            if done == total or done % 100 == 0:
                click.echo(f"replayed {done}/{total}", err=True)

        return letters, await dead_letters.replay(js, letters, rate=rate, progress=progress)

    letters, result = asyncio.run(_with_jetstream(work))
    if result is None:
        for letter in letters:
            click.echo(_line(letter))
        seconds = len(letters) / rate if rate else 0
        click.echo(
            f"dry run: {len(letters)} dead letters would be replayed (about {seconds:.0f} s); "
            "add --yes to replay them"
        )
        return
    done, problems = result
    for problem in problems:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(f"replayed {done} dead letters")


@dlq.command("purge")
@filters
@click.option("--yes", is_flag=True, help="delete them (without it: only show what would be)")
def purge(consumer, error, since, until, yes) -> None:
    """Delete dead letters for good (dry run unless --yes)."""

    async def work(js):
        letters = await _select(js, consumer, error, since, until)
        return letters, (await dead_letters.purge(js, letters) if yes else None)

    letters, deleted = asyncio.run(_with_jetstream(work))
    if deleted is None:
        click.echo(f"dry run: {len(letters)} dead letters would be deleted; add --yes to do it")
    else:
        click.echo(f"deleted {deleted} dead letters")
