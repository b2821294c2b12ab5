"""Delivery: from an ``AlertMatched`` (or a digest period's end) to each of the search's channels.

Handling ``AlertMatched`` only queues one delivery per channel (its id derived from the match and
the channel, so a redelivered event queues nothing new) and wakes the dispatcher. The dispatcher
claims due deliveries, sends them (up to ``INDIGO_ALERTS_DELIVERY_CONCURRENCY`` at once) and logs
every attempt. A failure is retried on the schedule, never sooner than the receiver's
``Retry-After``; 410 Gone disables the channel. A channel whose every attempt has failed for
``INDIGO_ALERTS_PAUSE_AFTER_FAILING_SECONDS`` (and at least ``INDIGO_ALERTS_PAUSE_AFTER_FAILURES``
attempts in a row) is paused with the reason, its deliveries held until it is resumed; a resume
sends them again one every ``INDIGO_ALERTS_RESUME_INTERVAL_SECONDS``, each where it was in its
schedule, and gives the channel a fresh failure window. The retries live in PostgreSQL, not in
NATS: they span hours. A database error while an attempt is recorded (a deadlock, a lost
connection) is retried; it never counts against the delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

import asyncpg
from indigo_shared.events import (
    AlertMatched,
    AlertsAttemptReported,
    AlertsCommandAnswered,
    AlertsCommandRequested,
)
from indigo_shared.failures import DATABASE_UNREACHABLE, describe
from indigo_shared.sealed import Sealer
from prometheus_client import Counter, Histogram

from indigo_alerts.adapters import deliveries as log_store
from indigo_alerts.adapters import searches as admin
from indigo_alerts.adapters.senders import Senders, SendResult
from indigo_alerts.domain.digests import period_end
from indigo_alerts.domain.payloads import (
    DIGEST_LIMIT,
    digest_body,
    encode,
    match_body,
    test_body,
)
from indigo_alerts.domain.retries import next_delay
from indigo_alerts.settings import AlertsSettings

log = logging.getLogger(__name__)

ATTEMPTS = Counter("indigo_alerts_delivery_attempts", "delivery attempts", ["kind", "outcome"])
LATENCY = Histogram(
    "indigo_alerts_delivery_seconds",
    "time a receiver took to answer",
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
#: Seconds a channel read for a delivery is kept for the next ones.
CHANNEL_TTL = 2.0
#: How long a claimed delivery stays claimed beyond the send timeout (then another may take it).
LEASE_MARGIN = timedelta(seconds=30)
#: How long an attempt's record is retried through database errors (within the lease margin:
#: past it, the delivery is claimed and sent again, under the same webhook-id).
RECORD_PATIENCE = 20.0
#: PostgreSQL errors that another try of the same transaction may not meet.
TRANSIENT_DB_ERRORS = (
    asyncpg.TransactionRollbackError,  # deadlock detected, serialization failure
    *DATABASE_UNREACHABLE,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
)


async def retrying_db(what: str, work: Callable, patience: float = RECORD_PATIENCE):
    """``await work()`` again after a transient database error, with a growing pause, for up to
    ``patience`` seconds; then the last error is raised."""
    deadline = time.monotonic() + patience
    pause = 0.05
    while True:
        try:
            return await work()
        except TRANSIENT_DB_ERRORS as exc:
            if time.monotonic() + pause > deadline:
                raise
            log.info("%s: %s; trying again", what, describe(exc))
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)


def span(seconds: float) -> str:
    """A duration as people say it, in its largest unit: 45 s, 1.5 min, 24 h, 2 d."""
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{round(seconds / size, 1):g} {unit}"
    return f"{round(seconds, 1):g} s"


class DeliveredLog:
    """Deliveries that went through, recorded together: each sender waits for its own record,
    and the ones that finish while a write is on go in the next one. At hundreds of webhooks a
    second, a statement each was the dispatcher's largest cost. A write that fails fails its
    senders' records (their deliveries stay claimed, and are sent again once the lease ends)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self._waiting: list[tuple[log_store.Delivered, asyncio.Future]] = []
        self._writer: asyncio.Task | None = None

    async def record(self, delivered: log_store.Delivered) -> None:
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((delivered, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        await future

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                async with self.pool.acquire() as conn:
                    await log_store.record_delivered(conn, [d for d, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each sender hears of it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)


class Dispatcher:
    def __init__(
        self,
        pool: asyncpg.Pool,
        senders: Senders,
        sealer: Sealer,
        settings: AlertsSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self.pool = pool
        self.senders = senders
        self.sealer = sealer
        self.settings = settings
        self.clock = clock
        self.lease = timedelta(seconds=settings.delivery_timeout_seconds) + LEASE_MARGIN
        self._wake = asyncio.Event()
        self._slots = asyncio.Semaphore(settings.delivery_concurrency)
        self._sending: set[asyncio.Task] = set()
        self._channels: dict = {}  # channel id -> (monotonic time read, Channel, health)
        self._delivered = DeliveredLog(pool)

    def kick(self) -> None:
        self._wake.set()

    # --- queueing ---------------------------------------------------------------------------------

    async def apply_matched(self, conn: asyncpg.Connection, events: list[AlertMatched]) -> None:
        """Queue the deliveries of a batch of matches, in the consumer's transaction (digest
        searches wait for their period's end). The commit wakes the dispatchers (NOTIFY)."""
        events = [e for e in events if e.match_id is not None]  # older ones: nothing to deliver
        channels = await admin.channel_ids(conn, list({e.saved_search_id for e in events}))
        # Only the matches of searches with a channel are read (with their listing snapshot).
        ids = [e.match_id for e in events if channels.get(e.saved_search_id)]
        if not ids:
            return
        matches = await conn.fetch(
            "SELECT * FROM alerts_matches WHERE id = ANY($1::uuid[])"
            " AND notify AND delivery = 'instant'",
            ids,
        )
        searches = await admin.searches_by_id(conn, list({m["saved_search_id"] for m in matches}))
        deliveries = []
        for match in matches:
            search = searches.get(match["saved_search_id"])
            if search is None or search["deleted_at"] is not None:
                continue
            body = encode(match_body(dict(match), dict(search)))
            deliveries += [
                log_store.NewDelivery(
                    id=log_store.delivery_id("match", match["id"], channel),
                    saved_search_id=search["id"],
                    channel_id=channel,
                    kind="match",
                    body=body,
                    match_id=match["id"],
                )
                for channel in channels.get(search["id"], [])
            ]
        await log_store.add_deliveries(conn, deliveries, self.clock())

    async def make_digests(self) -> int:
        """Queue the digest of every period that has ended; returns how many digests."""
        now = self.clock()
        oldest = now - timedelta(days=self.settings.digest_lookback_days)
        made = 0
        async with self.pool.acquire() as conn:
            due = await log_store.due_digests(conn, oldest, now)
            for row in due:
                delivery, start = row["delivery"], row["digest_period"]
                end = period_end(delivery, start)
                if end > now:
                    continue
                async with conn.transaction():
                    search_id = row["saved_search_id"]
                    if not await log_store.claim_digest(
                        conn, search_id, start, delivery, row["matches"]
                    ):
                        continue
                    search = await admin.search_record(conn, search_id)
                    if search is None or search["deleted_at"] is not None:
                        continue
                    matches = await log_store.digest_matches(conn, search_id, start, DIGEST_LIMIT)
                    body = encode(
                        digest_body(
                            dict(search),
                            delivery,
                            start,
                            end,
                            [dict(m) for m in matches],
                            row["matches"],
                        )
                    )
                    channels = (await admin.channel_ids(conn, [search_id])).get(search_id, [])
                    await log_store.add_deliveries(
                        conn,
                        [
                            log_store.NewDelivery(
                                id=log_store.delivery_id("digest", search_id, start, channel),
                                saved_search_id=search_id,
                                channel_id=channel,
                                kind="digest",
                                body=body,
                                digest_period=start,
                            )
                            for channel in channels
                        ],
                        now,
                    )
                    made += 1
        if made:
            self.kick()
        return made

    # --- sending ----------------------------------------------------------------------------------

    async def run(self, stopping: asyncio.Event) -> None:
        """Send due deliveries until the service stops; wakes when kicked, else every second."""
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 1.0)
            self._wake.clear()
            try:
                await self._send_due()
            except Exception as exc:  # noqa: BLE001 - PostgreSQL away: the next round tries
                log.warning("claiming deliveries failed: %s", describe(exc))

    async def _send_due(self) -> None:
        while True:
            free = self.settings.delivery_concurrency - len(self._sending)
            if free <= 0:
                return
            now = self.clock()
            async with self.pool.acquire() as conn:
                claimed = await log_store.claim_due(conn, free, now, self.lease)
                await self._load_channels(conn, [r["channel_id"] for r in claimed], now)
            for row in claimed:
                task = asyncio.create_task(self._deliver(row))
                self._sending.add(task)
                task.add_done_callback(self._sent)
            if len(claimed) < free:
                return

    async def _load_channels(self, conn, channel_ids: list, now: datetime) -> None:
        """Channels (unsealed) and their health, kept for ``CHANNEL_TTL``: a burst of alerts to
        one channel reads it once. A change made here drops it from the cache at once; one made
        by another replica is seen within the TTL."""
        fresh = time.monotonic() - CHANNEL_TTL
        wanted = [i for i in set(channel_ids) if self._channels.get(i, (0,))[0] < fresh]
        if wanted:
            found = await admin.channels_with_health(conn, wanted, self.sealer, now)
            for channel_id in wanted:
                channel, health = found.get(channel_id, (None, None))
                self._channels[channel_id] = (
                    time.monotonic(),
                    channel,
                    None if health is None else (health["status"], health["reason"]),
                )

    def _forget(self, channel_id) -> None:
        self._channels.pop(channel_id, None)

    def _sent(self, task: asyncio.Task) -> None:
        self._sending.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("delivery failed unexpectedly: %s", describe(task.exception()))
        self._wake.set()  # a slot is free: more may be due

    async def stop(self) -> None:
        for task in list(self._sending):
            task.cancel()
        await asyncio.gather(*self._sending, return_exceptions=True)

    async def _deliver(self, row) -> SendResult | None:
        """Send one claimed delivery and record the attempt."""
        async with self._slots:
            _, channel, health = self._channels.get(row["channel_id"], (0, None, None))
            status, reason = health or ("active", None)
            if channel is None or status != "active":
                if channel is None:
                    settled, why = "cancelled", "the channel was removed"
                else:
                    settled, why = ("held" if status == "paused" else "cancelled"), reason

                async def settle() -> bool:
                    async with self.pool.acquire() as conn:
                        if settled == "held":
                            return await log_store.hold(conn, row["id"], why)
                        await log_store.settle(conn, row["id"], settled, why)
                        return True

                if not await retrying_db("settling a delivery", settle):
                    self._forget(row["channel_id"])  # resumed since it was read: read it again
                return None
            result = await self.senders.send(
                channel, str(row["id"]), row["body"], json.loads(row["body"])
            )
            await self._record(row, result)
            return result

    async def _record(self, row, result: SendResult) -> None:
        """Record an attempt: through a deadlock or a lost connection it is tried again (the
        rolled-back try counted nothing); if the database stays away, the delivery stays claimed
        and is sent again once its claim runs out."""
        ATTEMPTS.labels(row["kind"], result.outcome).inc()
        LATENCY.observe(result.latency_ms / 1000)
        attempt = log_store.Attempt(
            result.started_at, result.latency_ms, result.outcome, result.status_code, result.error
        )
        if result.outcome == "delivered":
            delivered = log_store.Delivered(row["id"], attempt, healthy=row["kind"] != "test")
            await retrying_db("recording a delivery", lambda: self._delivered.record(delivered))
            return
        # The retry's delay is drawn once: a try of the transaction again keeps it.
        delay = next_delay(
            row["schedule_position"], self.settings.retry_schedule_seconds, asked=result.retry_after
        )
        stopped = await retrying_db(
            "recording a failed attempt", lambda: self._record_failure(row, attempt, delay)
        )
        if stopped is not None:
            status, reason = stopped
            self._forget(row["channel_id"])
            settled = await retrying_db(
                "settling a stopped channel's deliveries",
                lambda: self._settle_channel(row["channel_id"], status, reason),
            )
            log.warning(
                "channel %s %s (%d deliveries %s)",
                row["channel_id"],
                reason,
                settled,
                "held" if status == "paused" else "cancelled",
            )

    async def _record_failure(
        self, row, attempt: log_store.Attempt, delay: float | None
    ) -> tuple[str, str] | None:
        """One transaction: the attempt (the delivery's row), then the channel's health (its
        row), in that order in every transaction. Returns (status, reason) when this attempt
        stopped the channel."""
        now = self.clock()
        position = row["schedule_position"]
        channel_id = row["channel_id"]
        async with self.pool.acquire() as conn, conn.transaction():
            # A test is one attempt and says nothing of the channel; a 410 ends the channel.
            if row["kind"] == "test" or attempt.outcome == "gone":
                await log_store.record_attempt(
                    conn,
                    row["id"],
                    attempt,
                    status="failed",
                    next_attempt_at=None,
                    schedule_position=position,
                )
                if row["kind"] == "test":
                    return None
                reason = (
                    "disabled: the receiver answered 410 Gone (it no longer wants these alerts)"
                )
                if await log_store.stop_channel(conn, channel_id, "disabled", reason):
                    return "disabled", reason
                return None
            await log_store.record_attempt(
                conn,
                row["id"],
                attempt,
                status="pending" if delay is not None else "failed",
                next_attempt_at=None if delay is None else now + timedelta(seconds=delay),
                schedule_position=position + 1,
            )
            health = await log_store.channel_failed(conn, channel_id, now)
            if health.status != "active":
                # Sent before the pause was known: held with the others (or cancelled).
                await log_store.hold_if_stopped(conn, row["id"], health.status, None)
                return None
            failing = (now - health.failing_since).total_seconds()
            if (
                health.consecutive_failures < self.settings.pause_after_failures
                or failing < self.settings.pause_after_failing_seconds
            ):
                return None
            reason = (
                f"paused: every attempt failed for {span(round(failing))}"
                f" ({health.consecutive_failures} in a row since"
                f" {health.failing_since:%Y-%m-%d %H:%M:%S} UTC, none delivered);"
                f" last: {attempt.error}"
            )
            await log_store.stop_channel(conn, channel_id, "paused", reason)
            await log_store.hold_if_stopped(conn, row["id"], "paused", reason)
            return "paused", reason

    async def _settle_channel(self, channel_id, status: str, reason: str) -> int:
        async with self.pool.acquire() as conn:
            return await log_store.settle_channel(
                conn,
                channel_id,
                "held" if status == "paused" else "cancelled",
                reason,
                self.clock(),
            )

    # --- commands from the API ------------------------------------------------------------------------

    async def command(self, request: AlertsCommandRequested) -> AlertsCommandAnswered:
        now = self.clock()
        async with self.pool.acquire() as conn:
            search = await admin.search_record(conn, request.saved_search_id)
            if search is None or search["deleted_at"] is not None:
                return AlertsCommandAnswered(ok=False, error="no such saved search")
            channels = await admin.channels_of(conn, search["id"], self.sealer, now)
        if request.channel_id is not None:
            channels = [c for c in channels if c.id == request.channel_id]
            if not channels:
                return AlertsCommandAnswered(ok=False, error="no such channel on this search")
        if request.command == "test":
            return await self._test(dict(search), channels)
        interval = self.settings.resume_interval_seconds
        async with self.pool.acquire() as conn, conn.transaction():
            if request.command == "retry":
                count = await log_store.retry_failed(
                    conn, search["id"], request.channel_id, now, interval
                )
            else:
                count = 0
                for channel in channels:
                    self._forget(channel.id)
                    count += await log_store.resume_channel(conn, channel.id, now, interval)
        self.kick()
        return AlertsCommandAnswered(ok=True, count=count)

    async def _test(self, search: dict, channels: list[admin.Channel]) -> AlertsCommandAnswered:
        body = encode(test_body(search, self.clock()))
        ids = {channel.id: uuid.uuid4() for channel in channels}
        async with self.pool.acquire() as conn:
            await log_store.add_deliveries(
                conn,
                [
                    log_store.NewDelivery(ids[c.id], search["id"], c.id, "test", body)
                    for c in channels
                ],
                # Not due: sent here, now, rather than by the dispatcher.
                self.clock() + timedelta(days=3650),
            )
            claimed = [
                await log_store.claim_one(conn, ids[c.id], self.clock(), self.lease)
                for c in channels
            ]

        async def send(channel: admin.Channel, row) -> AlertsAttemptReported:
            result = await self.senders.send(channel, str(row["id"]), body, json.loads(body))
            await self._record(row, result)
            return AlertsAttemptReported(
                channel_id=channel.id,
                delivery_id=row["id"],
                outcome=result.outcome,
                status_code=result.status_code,
                latency_ms=result.latency_ms,
                error=result.error,
            )

        attempts = await asyncio.gather(
            *(send(c, row) for c, row in zip(channels, claimed, strict=True) if row is not None)
        )
        return AlertsCommandAnswered(ok=True, count=len(attempts), attempts=list(attempts))
