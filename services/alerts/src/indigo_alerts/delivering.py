"""Delivery: from an ``AlertMatched`` (or a digest period's end) to each of the search's channels.

Handling ``AlertMatched`` only queues one delivery per channel (its id derived from the match and
the channel, so a redelivered event queues nothing new) and wakes the dispatcher. The dispatcher
claims due deliveries, sends them (up to ``INDIGO_ALERTS_DELIVERY_CONCURRENCY`` at once) and logs
every attempt. A failure is retried on the schedule, never sooner than the receiver's
``Retry-After``; 410 Gone disables the channel; repeated failures pause it with the reason, its
deliveries held until it is resumed. The retries live in PostgreSQL, not in NATS: they span hours.
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
from indigo_shared.failures import describe
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
                async with self.pool.acquire() as conn:
                    if channel is None:
                        await log_store.settle(
                            conn, row["id"], "cancelled", "the channel was removed"
                        )
                    else:
                        held = "held" if status == "paused" else "cancelled"
                        await log_store.settle(conn, row["id"], held, reason)
                return None
            result = await self.senders.send(
                channel, str(row["id"]), row["body"], json.loads(row["body"])
            )
            await self._record(row, result)
            return result

    async def _record(self, row, result: SendResult) -> None:
        ATTEMPTS.labels(row["kind"], result.outcome).inc()
        LATENCY.observe(result.latency_ms / 1000)
        attempt = log_store.Attempt(
            result.started_at, result.latency_ms, result.outcome, result.status_code, result.error
        )
        now = self.clock()
        position = row["schedule_position"]
        if result.outcome == "delivered":
            await self._delivered.record(
                log_store.Delivered(row["id"], attempt, healthy=row["kind"] != "test")
            )
            return
        async with self.pool.acquire() as conn, conn.transaction():
            # A test is one attempt and says nothing of the channel; a 410 ends the channel.
            if row["kind"] == "test" or result.outcome == "gone":
                await log_store.record_attempt(
                    conn,
                    row["id"],
                    attempt,
                    status="failed",
                    next_attempt_at=None,
                    schedule_position=position,
                )
                if row["kind"] == "test":
                    return
                self._forget(row["channel_id"])
                await log_store.stop_channel(
                    conn,
                    row["channel_id"],
                    "disabled",
                    "disabled: the receiver answered 410 Gone (it no longer wants these alerts)",
                )
                log.warning("channel %s disabled: 410 Gone", row["channel_id"])
                return
            delay = next_delay(
                position, self.settings.retry_schedule_seconds, asked=result.retry_after
            )
            await log_store.record_attempt(
                conn,
                row["id"],
                attempt,
                status="pending" if delay is not None else "failed",
                next_attempt_at=None if delay is None else now + timedelta(seconds=delay),
                schedule_position=position + 1,
            )
            failures = await log_store.channel_failed(conn, row["channel_id"])
            if failures >= self.settings.pause_after_failures:
                reason = (
                    f"paused after {failures} consecutive failed attempts; last: {result.error}"
                )
                self._forget(row["channel_id"])
                await log_store.stop_channel(conn, row["channel_id"], "paused", reason)
                log.warning("channel %s %s", row["channel_id"], reason)

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
        async with self.pool.acquire() as conn, conn.transaction():
            if request.command == "retry":
                count = await log_store.retry_failed(conn, search["id"], request.channel_id, now)
            else:
                count = 0
                for channel in channels:
                    self._forget(channel.id)
                    count += await log_store.resume_channel(conn, channel.id, now)
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
