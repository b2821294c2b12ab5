"""What the replay commands share: the NATS connection, and a range of a stream."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import click
from indigo_shared import nats as indigo_nats
from indigo_shared.settings import IndigoSettings, MissingEndpoint
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy


def nats_url() -> str:
    try:
        return IndigoSettings().require_nats_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.asynccontextmanager
async def jetstream() -> AsyncIterator[JetStreamContext]:
    nc = await indigo_nats.connect(nats_url(), "indigo-replay")
    try:
        yield nc.jetstream()
    finally:
        await nc.close()


class Moment(click.ParamType):
    """An ISO 8601 time (``2026-12-01``, ``2026-12-01T08:30``, ``...T08:30:00.25+01:00``, ``Z``),
    UTC unless it gives an offset: what ``indigo replay export`` prints as ``time`` fits."""

    name = "time"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            return utc(datetime.fromisoformat(str(value).strip()))
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time, e.g. 2026-12-01T08:30:00", param, ctx)


MOMENT = Moment()


def utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Range:
    """Messages of ``stream`` matching ``subject``, from a sequence or a time (inclusive) to a
    sequence (inclusive) or a time (exclusive); open ends run to the stream's ends."""

    stream: str
    subject: str | None = None
    from_seq: int | None = None
    to_seq: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", utc(self.since))
        object.__setattr__(self, "until", utc(self.until))
        if self.from_seq and self.to_seq and self.to_seq < self.from_seq:
            raise click.BadParameter("--to-seq comes before --from-seq")
        if self.since and self.until and self.until <= self.since:
            raise click.BadParameter("--until must be after --since")

    def start(self) -> dict:
        """Deliver-policy options of a consumer that begins at the range's start."""
        if self.from_seq:
            return dict(deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=self.from_seq)
        if self.since:
            return dict(
                deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=self.since.isoformat()
            )
        return dict(deliver_policy=DeliverPolicy.ALL)

    def _after_end(self) -> dict | None:
        if self.to_seq:
            return dict(
                deliver_policy=DeliverPolicy.BY_START_SEQUENCE, opt_start_seq=self.to_seq + 1
            )
        if self.until:
            return dict(
                deliver_policy=DeliverPolicy.BY_START_TIME, opt_start_time=self.until.isoformat()
            )
        return None

    def contains(self, sequence: int, timestamp: datetime, last_seq: int) -> bool:
        """Whether a message read from the start belongs to the range (else the range is over)."""
        if sequence > last_seq or (self.to_seq and sequence > self.to_seq):
            return False
        return not (self.until and timestamp >= self.until)

    async def count(self, js: JetStreamContext) -> tuple[int, int]:
        """(messages in the range now, the stream's last sequence), without reading a message:
        the pending count of a consumer at the start minus that of one just past the end."""
        last_seq = (await js.stream_info(self.stream)).state.last_seq
        at_start = await self._pending_from(js, self.start())
        after_end = self._after_end()
        past = await self._pending_from(js, after_end) if after_end else 0
        return max(0, at_start - past), last_seq

    async def _pending_from(self, js: JetStreamContext, start: dict) -> int:
        config = ConsumerConfig(
            ack_policy=AckPolicy.NONE,
            filter_subject=self.subject,
            inactive_threshold=30,
            **start,
        )
        info = await js.add_consumer(self.stream, config)
        try:
            return info.num_pending
        finally:
            await js.delete_consumer(self.stream, info.name)

    def describe(self) -> str:
        start = (
            f"sequence {self.from_seq}"
            if self.from_seq
            else (f"{self.since:%Y-%m-%d %H:%M:%S} UTC" if self.since else "the start")
        )
        end = (
            f"sequence {self.to_seq}"
            if self.to_seq
            else (f"{self.until:%Y-%m-%d %H:%M:%S} UTC" if self.until else "the end")
        )
        return f"{self.stream} ({self.subject or 'every subject'}) from {start} to {end}"
