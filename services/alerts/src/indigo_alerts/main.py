"""The alerts service: saved searches matched against every enriched listing, alerts delivered.

Consumers (replicas share each durable):

- ``alerts`` on ``listings.enriched.*`` (LISTINGS): matching, in batches, one transaction each,
  with the matches' ``AlertMatched`` in the outbox (``alerts_outbox``), relayed to ALERTS as soon
  as the transaction commits (PostgreSQL NOTIFY wakes the relay; it also polls every second).
- ``alerts-seen`` on ``sync.seen.*`` and ``alerts-lifecycle`` on ``lifecycle.ended.*``
  (SYNC_EVENTS): which listings left the market and which came back.
- ``alerts-delivery`` on ``alerts.matched`` (ALERTS): deliveries queued, sent by the dispatcher.

Jobs: saved searches reloaded when changed (every ``INDIGO_ALERTS_REFRESH_SECONDS``; a new one gets
its current matches recorded), typo corrections refreshed, deal scores re-matched, digests made.
The API's commands (test alert, retry failed, resume channel) arrive by NATS request/reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import datetime, timedelta

import asyncpg
from indigo_shared import outbox
from indigo_shared.consumer import Subscription
from indigo_shared.events import (
    AlertMatched,
    AlertsCommandAnswered,
    AlertsCommandRequested,
    ListingEnded,
    ListingEnriched,
    ListingsSeen,
    utcnow,
)
from indigo_shared.failures import describe
from indigo_shared.sealed import Sealer
from indigo_shared.service import Service, run_service
from indigo_shared.streams import (
    ALERT_MATCHED,
    ALERTS,
    ALERTS_COMMANDS,
    ALERTS_COMMANDS_QUEUE,
    ALERTS_CONSUMER,
    ALERTS_DELIVERY,
    ALERTS_LIFECYCLE,
    ALERTS_SEEN,
    ALL_ENRICHED,
    ALL_LISTINGS_SEEN,
    LISTINGS,
    SYNC_EVENTS,
    listing_ended,
)
from prometheus_client import Gauge

from indigo_alerts.adapters import matches as match_store
from indigo_alerts.adapters import searches as admin
from indigo_alerts.adapters.deliveries import DELIVERIES_CHANNEL
from indigo_alerts.adapters.senders import Senders
from indigo_alerts.adapters.terms import keyword_groups
from indigo_alerts.delivering import Dispatcher
from indigo_alerts.domain.matching import SearchIndex
from indigo_alerts.domain.searches import SavedSearch
from indigo_alerts.handlers import Matcher
from indigo_alerts.settings import AlertsSettings

log = logging.getLogger(__name__)

ACTIVE_SEARCHES = Gauge("indigo_alerts_active_searches", "active saved searches indexed")
#: Changes are re-read this far back: a transaction that committed late has an older updated_at.
REFRESH_OVERLAP = timedelta(seconds=30)


def decoding(event_type):
    return lambda msg: event_type.model_validate_json(msg.data)


class AlertsService(Service):
    name = ALERTS_CONSUMER
    uses_database = True
    # Consumers, the dispatcher's sends (INDIGO_ALERTS_DELIVERY_CONCURRENCY) and the jobs share it.
    pool_max_size = 20

    def __init__(self, settings: AlertsSettings, *, clock=utcnow) -> None:
        super().__init__(settings)
        self.settings: AlertsSettings = settings
        self.clock = clock
        self.index = SearchIndex()
        self.matcher = Matcher(self.index, settings.fx_rates, self._now)
        self.dispatcher: Dispatcher | None = None
        self.senders: Senders | None = None
        self._searches_seen_until: datetime | None = None
        self._versions: dict = {}  # search id -> the updated_at last applied
        self._corrected: set = set()  # searches with a word taken for a typo
        self._backfilled: dict = {}
        self._deals_since: datetime | None = None
        self._outbox_ready = asyncio.Event()
        self._commands = None
        self._command_tasks: set[asyncio.Task] = set()
        self._listener = None

    def _now(self) -> datetime:
        return self.clock()

    async def setup(self) -> None:
        settings = self.settings
        self.senders = Senders(
            timeout=settings.delivery_timeout_seconds,
            allow_private=settings.alerts_allow_private_targets,
        )
        self.dispatcher = Dispatcher(
            self.pool, self.senders, Sealer.from_settings(settings), settings, self._now
        )
        async with self.pool.acquire() as conn:
            self._backfilled = await match_store.backfilled_versions(conn)
        # The searches are in the index before the first listing is matched.
        await self.refresh_searches()
        self._deals_since = self._now() - timedelta(seconds=max(settings.deals_seconds, 60))
        batches = dict(
            batch_size=settings.alerts_batch_size, fetch_timeout=settings.alerts_batch_timeout
        )
        feeds = (
            (ALERTS_CONSUMER, LISTINGS, ALL_ENRICHED, ListingEnriched, self.matcher.apply_enriched),
            (ALERTS_SEEN, SYNC_EVENTS, ALL_LISTINGS_SEEN, ListingsSeen, self.matcher.apply_seen),
            (
                ALERTS_LIFECYCLE,
                SYNC_EVENTS,
                listing_ended("*"),
                ListingEnded,
                self.matcher.apply_ended,
            ),
        )
        for durable, stream, subject, event_type, apply in feeds:
            self.consume(
                Subscription(
                    stream=stream,
                    subject=subject,
                    policy=settings.delivery_policy(durable),
                    decode=decoding(event_type),
                    apply=apply,
                    **batches,
                )
            )
        self.consume(
            Subscription(
                stream=ALERTS,
                subject=ALERT_MATCHED,
                policy=settings.delivery_policy(ALERTS_DELIVERY),
                decode=decoding(AlertMatched),
                apply=self.dispatcher.apply_matched,
                batch_size=settings.delivery_batch_size,
                fetch_timeout=settings.alerts_batch_timeout,
            )
        )
        self.every(settings.refresh_seconds, self.refresh_searches, "saved searches")
        self.every(settings.terms_refresh_seconds, self.refresh_terms, "typo corrections")
        self.every(settings.deals_seconds, self.rematch_deals, "deal scores")
        self.every(settings.digest_check_seconds, self.dispatcher.make_digests, "digests")
        self.spawn(self._relay_loop(), "outbox relay")
        self.spawn(self.dispatcher.run(self.stopping), "dispatcher")
        self._commands = await self.connection.subscribe(
            ALERTS_COMMANDS, queue=ALERTS_COMMANDS_QUEUE, cb=self._on_command
        )

    async def teardown(self) -> None:
        if self._commands is not None:
            with contextlib.suppress(Exception):
                await self._commands.unsubscribe()
        for task in list(self._command_tasks):
            task.cancel()
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._listener.close(), 2)
        if self.dispatcher is not None:
            await self.dispatcher.stop()
        if self.senders is not None:
            await self.senders.close()

    # --- saved searches ---------------------------------------------------------------------------

    async def refresh_searches(self) -> int:
        """Bring the index up to date with the saved searches; returns how many changed."""
        since = self._searches_seen_until
        async with self.pool.acquire() as conn:
            if since is None:
                rows = await admin.live_searches(conn)
            else:
                # Re-read a while back (a transaction that committed late has an older
                # updated_at), but only the versions; the rows of those that changed.
                versions = await admin.search_versions(conn, since - REFRESH_OVERLAP)
                new = [r["id"] for r in versions if r["updated_at"] != self._versions.get(r["id"])]
                rows = await admin.searches_by_ids(conn, new) if new else []
            worded = [r for r in rows if r["keywords"]]
            groups = dict(
                zip(
                    (r["id"] for r in worded),
                    await keyword_groups(conn, [r["keywords"] for r in worded]),
                    strict=True,
                )
            )
        changed = []
        for row in rows:
            terms, corrected = groups.get(row["id"], ((), False))
            search = admin.saved_search(row, terms)
            if search.active:
                self.index.put(search)
                changed.append(search)
            else:
                self.index.remove(search.id)
            (self._corrected.add if corrected else self._corrected.discard)(search.id)
            seen = row["updated_at"]
            self._versions[search.id] = seen
            self._searches_seen_until = max(self._searches_seen_until or seen, seen)
        ACTIVE_SEARCHES.set(len(self.index))
        for search in changed:
            await self._record_existing(search)
        return len(rows)

    async def _record_existing(self, search: SavedSearch) -> None:
        done = self._backfilled.get(search.id)
        if done is not None and done >= search.version:
            return
        try:
            await self.matcher.record_existing(self.pool, search)
            await self._wake_relay()
        except Exception as exc:  # noqa: BLE001 - tried again at the next refresh
            log.warning("recording the matches of search %s failed: %s", search.id, describe(exc))
            return
        self._backfilled[search.id] = search.version

    async def refresh_terms(self) -> None:
        """Keywords with a word taken for a typo are matched to listings' words again: the words
        listings use grow, and the API's search corrects against the words of now."""
        searches = [s for s in self.index.searches() if s.id in self._corrected]
        if not searches:
            return
        async with self.pool.acquire() as conn:
            groups = await keyword_groups(conn, [s.criteria.keywords for s in searches])
        for search, (terms, corrected) in zip(searches, groups, strict=True):
            if terms != search.criteria.terms:
                self.index.put(replace(search, criteria=replace(search.criteria, terms=terms)))
            if not corrected:
                self._corrected.discard(search.id)

    async def rematch_deals(self) -> int:
        if not any(s.criteria.min_deal_score is not None for s in self.index.searches()):
            self._deals_since = self._now() - REFRESH_OVERLAP
            return 0
        since = self._deals_since
        async with self.pool.acquire() as conn, conn.transaction():
            rows = await match_store.changed_deals(conn, since - REFRESH_OVERLAP)
            recorded = await self.matcher.rematch_deals(conn, rows)
        if rows:
            self._deals_since = max(since, max(r["computed_at"] for r in rows))
        if recorded:
            await self._wake_relay()
        return recorded

    # --- the outbox -------------------------------------------------------------------------------

    async def _wake_relay(self) -> None:
        self._outbox_ready.set()

    async def _relay_loop(self) -> None:
        """Relay the outbox when a commit says it has rows, and every second anyway. One
        connection LISTENs for the commits that matter here (NOTIFY is delivered on commit):
        outbox rows (relay now) and due deliveries (wake the dispatcher)."""
        listener = None
        while not self.stopping.is_set():
            if listener is None:
                listener = await self._listen()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._outbox_ready.wait(), 1.0)
            self._outbox_ready.clear()
            try:
                await outbox.relay(self.pool, self.publisher, match_store.OUTBOX)
            except Exception as exc:  # noqa: BLE001 - the next round tries again
                log.warning("outbox relay failed: %s", describe(exc))
                if listener is not None and listener.is_closed():
                    listener = None

    async def _listen(self):
        try:
            conn = await asyncpg.connect(
                self.settings.require_database_url().replace(
                    "postgres+asyncpg://", "postgresql://", 1
                )
            )
            await conn.add_listener(match_store.OUTBOX_CHANNEL, lambda *_: self._outbox_ready.set())
            await conn.add_listener(DELIVERIES_CHANNEL, lambda *_: self.dispatcher.kick())
        except Exception as exc:  # noqa: BLE001 - polling still relays; tried again next round
            log.warning("cannot LISTEN for commits (polling meanwhile): %s", describe(exc))
            return None
        self._listener = conn
        return conn

    # --- commands ---------------------------------------------------------------------------------

    async def _on_command(self, msg) -> None:
        # A test waits on receivers: answer each command in its own task, so none waits on another.
        task = asyncio.create_task(self._answer(msg))
        self._command_tasks.add(task)
        task.add_done_callback(self._command_tasks.discard)

    async def _answer(self, msg) -> None:
        try:
            request = AlertsCommandRequested.model_validate_json(msg.data)
            answer = await self.dispatcher.command(request)
        except Exception as exc:  # noqa: BLE001 - the API is told, not left waiting
            log.warning("alerts command failed: %s", describe(exc))
            answer = AlertsCommandAnswered(ok=False, error=describe(exc), failed=True)
        with contextlib.suppress(Exception):
            await msg.respond(answer.model_dump_json().encode())


def create_app(settings: AlertsSettings, *, clock=utcnow) -> AlertsService:
    return AlertsService(settings, clock=clock)


def run() -> None:
    run_service(create_app(AlertsSettings()))
