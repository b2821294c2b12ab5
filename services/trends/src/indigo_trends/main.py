"""The trends service: market figures from enriched listings, listing lifecycle, deal scores.

Two durable consumers named ``trends`` feed its own tables: one on ``listings.enriched.*``
(LISTINGS), one on ``sync.>`` (SYNC_EVENTS: which listings each sync saw, and which syncs were
full). Writes mark trend days and deal groups stale; background jobs bring them up to date:

- refresh (every ``INDIGO_TRENDS_REFRESH_SECONDS``): recompute stale days' trend rows and stale
  deal groups' scores;
- sweep (every ``INDIGO_TRENDS_SWEEP_SECONDS``): mark ended the listings that full syncs of their
  searches no longer see and publish ``ListingEnded`` for each (through the outbox; the projector
  changes the read model);
- rollup (daily at ``INDIGO_TRENDS_ROLLUP_AT`` UTC, and at start-up when yesterday's is missing):
  yesterday's rows in full, every deal score, the day's insights, the clean-up of old sync jobs it keeps.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, date, datetime, timedelta

from indigo_shared import outbox
from indigo_shared.consumer import Subscription
from indigo_shared.events import utcnow
from indigo_shared.failures import describe
from indigo_shared.service import Service, run_service
from indigo_shared.streams import ALL_ENRICHED, LISTINGS, SYNC_EVENTS, TRENDS

from indigo_trends.adapters import repository
from indigo_trends.adapters.llm import PROMPT_VERSION, MarketSummarizer, create_summarizer
from indigo_trends.domain.insights import market_insights
from indigo_trends.domain.listings import trend_listing
from indigo_trends.handlers import decode_enriched, decode_sync_event
from indigo_trends.settings import TrendsSettings

log = logging.getLogger(__name__)

# Status and seen events of every platform, in stream order, so a job's pages come before its
# final status.
SYNC_SUBJECTS = "sync.>"
INSIGHT_WINDOW_DAYS = 7
ROLLUP_LOCK = 0x7472656E6473  # "trends": one rollup at a time across replicas


class TrendsService(Service):
    name = TRENDS
    uses_database = True

    def __init__(
        self, settings: TrendsSettings, *, summarizer: MarketSummarizer | None = None
    ) -> None:
        super().__init__(settings)
        self.settings: TrendsSettings = settings
        self.summarizer = summarizer

    async def setup(self) -> None:
        settings = self.settings
        policy = settings.delivery_policy(TRENDS)
        options = dict(
            policy=policy,
            batch_size=settings.trends_batch_size,
            fetch_timeout=settings.trends_batch_timeout,
        )
        self.consume(
            Subscription(
                stream=LISTINGS,
                subject=ALL_ENRICHED,
                decode=decode_enriched,
                apply=self._apply_listings,
                **options,
            )
        )
        self.consume(
            Subscription(
                stream=SYNC_EVENTS,
                subject=SYNC_SUBJECTS,
                decode=decode_sync_event,
                apply=self._apply_sync_events,
                **options,
            )
        )
        self.every(settings.refresh_seconds, self.refresh, "refresh")
        self.every(settings.sweep_seconds, self.sweep, "sweep")
        self.every(settings.outbox_relay_seconds, self.relay, "outbox relay")
        if settings.rollup_at is not None:
            self.spawn(self._daily_rollups(), "rollup")

    async def teardown(self) -> None:
        if self.summarizer:
            await self.summarizer.close()

    # --- consumers ----------------------------------------------------------------------------

    async def _apply_listings(self, conn, events) -> None:
        fx = self.settings.fx_rates
        listings = [trend_listing(event, fx) for event in events]
        await repository.apply_listings(conn, listings, self.today())

    async def _apply_sync_events(self, conn, events) -> None:
        await repository.apply_sync_events(conn, events, self.today())

    # --- jobs ---------------------------------------------------------------------------------

    @staticmethod
    def today() -> date:
        return utcnow().date()

    async def refresh(self) -> None:
        """Recompute the stale trend days and deal groups."""
        today = self.today()
        async with self.pool.acquire() as conn:
            for mark in await repository.stale_days(conn):
                if repository.oldest_tracked_day(today) <= mark["day"] <= today:
                    await repository.recompute_day(conn, mark["day"])
                await repository.clear_stale_day(conn, mark["day"], mark["version"])
            groups = await repository.stale_deal_groups(conn)
            if groups:
                async with conn.transaction():
                    await repository.recompute_deals(
                        conn,
                        self.settings.deal_min_comparables,
                        [g["deal_group"] for g in groups],
                    )
                    await repository.clear_stale_deal_groups(conn, groups)

    async def sweep(self) -> int:
        """Mark ended what full syncs no longer see, and publish their ``ListingEnded``; returns
        how many listings ended."""
        grace = timedelta(hours=self.settings.ended_after_hours)
        async with self.pool.acquire() as conn, conn.transaction():
            ended = await repository.sweep_ended(conn, grace, self.today())
        if ended:
            log.info("%s listings ended", ended)
            await self.relay()
        return ended

    async def relay(self) -> int:
        """Publish the events the outbox holds."""
        return await outbox.relay(self.pool, self.publisher, repository.OUTBOX)

    async def rollup(self, day: date) -> None:
        """The daily rollup of ``day``: its trend rows in full, every deal score, its insights and
        the sync-job clean-up. Running it again gives the same rows."""
        async with self.pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", ROLLUP_LOCK)
            try:
                await repository.recompute_day(conn, day)
                async with conn.transaction():
                    await repository.recompute_deals(conn, self.settings.deal_min_comparables)
                await self._write_insights(conn, day)
                keep = timedelta(days=self.settings.sync_jobs_keep_days)
                deleted = await repository.clean_up_sync_jobs(conn, utcnow() - keep)
                await repository.record_rollup(conn, day)
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", ROLLUP_LOCK)
        log.info("rolled up %s (%s old sync jobs deleted)", day, deleted)

    async def _write_insights(self, conn, day: date) -> None:
        market = await repository.market_row(conn, day)
        if market is None:  # no listing was on the market that day
            return
        rows = await repository.group_days(
            conn, day - timedelta(days=2 * INSIGHT_WINDOW_DAYS - 1), day
        )
        insights = market_insights(rows, day, INSIGHT_WINDOW_DAYS)
        summary = await self._summary(day, market, insights)
        if summary:
            insights["summary"] = summary
        await repository.store_insights(conn, day, insights)

    async def _summary(self, day: date, market, insights: dict) -> dict | None:
        """An LLM summary of the day, or None without an LLM. The same figures reuse the summary
        already written, so a second rollup neither pays again nor changes the row."""
        if self.summarizer is None:
            return None
        figures = {
            name: float(market[name]) if market[name] is not None else None
            for name in ("listing_count", "new_count", "ended_count", "median_price_usd")
        }
        facts = {"day": day.isoformat(), "market": figures, "insights": insights}
        digest = hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()
        previous = (market["insights"] or {}).get("summary")
        if previous and previous.get("inputs_sha256") == digest:
            return previous
        try:
            summary = await self.summarizer.summarize(facts)
        except Exception as exc:  # noqa: BLE001 - the rule-based insights stand on their own
            log.warning("no market summary for %s: %s", day, describe(exc))
            return None
        return {
            "text": summary.text,
            "model": summary.model,
            "prompt_version": PROMPT_VERSION,
            "tokens_used": summary.tokens_used,
            "inputs_sha256": digest,
        }

    # --- schedule -----------------------------------------------------------------------------

    async def _daily_rollups(self) -> None:
        """Roll up yesterday once its rollup time has passed (at start-up too, if it was missed),
        then sleep until the next rollup time."""
        at = self.settings.rollup_at
        while True:
            now = utcnow()
            yesterday = now.date() - timedelta(days=1)
            try:
                if now.time() >= at:
                    async with self.pool.acquire() as conn:
                        done = await repository.rolled_up(conn, yesterday)
                    if not done:
                        await self.rollup(yesterday)
            except Exception as exc:  # noqa: BLE001 - tried again at the next rollup time
                log.warning("rollup of %s failed: %s", yesterday, describe(exc))
            await self.sleep(max(1.0, (next_time(now, at) - now).total_seconds()))


def next_time(now: datetime, at) -> datetime:
    """The first moment after ``now`` (UTC) whose time of day is ``at``."""
    candidate = datetime.combine(now.date(), at, UTC)
    return candidate if candidate > now else candidate + timedelta(days=1)


def create_app(settings: TrendsSettings) -> TrendsService:
    return TrendsService(settings, summarizer=create_summarizer(settings))


def run() -> None:
    run_service(create_app(TrendsSettings()))
