"""Matching: what the alerts service does with each listing event.

- ``ListingEnriched`` (a batch, one transaction): the newest version of each listing is matched
  against the searches filed under its values (:class:`SearchIndex`); each match that means an
  alert (:func:`decide`) is recorded once with its outbox row.
- ``ListingsSeen``: a listing seen after it ended is back on the market (not a sold one).
- ``ListingEnded``: it left the market (trends decided).
- A sold version (``buying_format`` ``sold``) ends the listing at its sale and alerts nobody; a
  newer version not sold (relisted) is back on the market.
- A new search (or a new version of one): its current matches are recorded, alerting only with
  ``notify_existing``.
- A deal score that changed may make a listing match a ``min_deal_score`` search.

Every path is idempotent: an event handled twice, or replayed, finds its matches recorded.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime

import asyncpg
import prometheus_client
from indigo_shared.events import ListingEnded, ListingEnriched, ListingsSeen
from indigo_shared.sales import is_sold, sold_since

from indigo_alerts.adapters import matches as store
from indigo_alerts.adapters.terms import listing_lexemes
from indigo_alerts.domain.digests import period_start
from indigo_alerts.domain.listings import (
    ListingFeatures,
    features_from_row,
    features_of,
    is_back,
    snapshot,
    with_deal_score,
)
from indigo_alerts.domain.matching import SearchIndex, matches, reasons
from indigo_alerts.domain.searches import SavedSearch
from indigo_alerts.domain.triggers import Decision, decide, match_id

log = logging.getLogger(__name__)

MATCHES = prometheus_client.Counter(
    "indigo_alerts_matches", "matches recorded", ["trigger", "notify"]
)
LISTINGS_MATCHED = prometheus_client.Counter(
    "indigo_alerts_listings_matched", "listing versions matched"
)


class Matcher:
    def __init__(self, index: SearchIndex, fx, clock: Callable[[], datetime]) -> None:
        self.index = index
        self.fx = fx
        self.clock = clock

    def _match(
        self,
        search: SavedSearch,
        features: ListingFeatures,
        listing_json: str,
        decision: Decision,
        now: datetime,
    ) -> store.NewMatch:
        return store.NewMatch(
            id=match_id(search.id, features.listing_id, decision.trigger, features.price),
            saved_search_id=search.id,
            features=features,
            trigger=decision.trigger,
            previous_price=decision.previous_price,
            notify=decision.notify,
            delivery=search.delivery,
            digest_period=period_start(search.delivery, now),
            reasons={"reason": decision.reason, "criteria": reasons(search.criteria, features)},
            listing_json=listing_json,
            matched_at=now,
        )

    async def _decide_all(
        self,
        conn: asyncpg.Connection,
        candidates: Iterable[tuple[ListingFeatures, dict, bool, list[SavedSearch]]],
        *,
        existing: bool = False,
    ) -> list[store.NewMatch]:
        """Record what each (listing, its matching searches) means; returns the new matches."""
        candidates = list(candidates)
        pairs = [(s.id, f.listing_id) for f, _, _, found in candidates for s in found]
        priors = await store.prior_matches(conn, pairs)
        now = self.clock()
        new = []
        for features, listing, returning, found in candidates:
            listing_json = None
            for search in found:
                prior = priors.get((search.id, features.listing_id))
                if existing and prior is not None:
                    continue
                decision = decide(search, features, prior, returning=returning, existing=existing)
                if decision is not None:
                    if listing_json is None:
                        listing_json = json.dumps(with_deal_score(listing, features.deal_score))
                    new.append(self._match(search, features, listing_json, decision, now))
        recorded = await store.record_matches(conn, new)
        for (trigger, notify), count in Counter((m.trigger, m.notify) for m in recorded).items():
            MATCHES.labels(trigger, str(notify).lower()).inc(count)
        return recorded

    # --- consumers ----------------------------------------------------------------------------

    async def apply_enriched(self, conn: asyncpg.Connection, events: list[ListingEnriched]) -> None:
        newest: dict[tuple[str, str], ListingEnriched] = {}
        seen: dict[tuple[str, str], list] = {}  # each listing's versions: (collected_at, sold)
        for event in sorted(events, key=lambda e: e.collected_at):
            key = event.listing.platform, event.listing.external_id
            newest[key] = event
            seen.setdefault(key, []).append(
                (event.collected_at, is_sold(event.listing.buying_format))
            )
        states = await store.listing_states(conn, list(newest))
        # An event older than the version already matched changes nothing (a replay, say).
        fresh = [
            (key, event)
            for key, event in newest.items()
            if key not in states or event.collected_at >= states[key]["collected_at"]
        ]
        if not fresh:
            return
        lexemes = await listing_lexemes(
            conn,
            [
                (
                    e.listing.title,
                    e.attributes.brand or e.listing.brand,
                    e.attributes.model,
                    e.listing.description,
                )
                for _, e in fresh
            ],
        )
        scores = await store.deal_scores(conn, [key for key, _ in fresh])
        versions, candidates = [], []
        for (key, event), words in zip(fresh, lexemes, strict=True):
            features = features_of(event, self.fx, words, scores.get(key))
            listing = snapshot(event, features)
            state = states.get(key)
            sold = is_sold(event.listing.buying_format)
            sold_at = sold_since(
                seen[key],
                stored_sold=state is not None and state["sold"],
                stored_ended_at=state["ended_at"] if state is not None else None,
                stored_collected_at=state["collected_at"] if state is not None else None,
            )
            versions.append(
                store.ListingVersion(features, listing, event.collected_at, sold, sold_at)
            )
            if sold:
                continue  # sold: off the market, never a new match nor a price drop
            ended_at = state["ended_at"] if state is not None else None
            # A relisted one (its stored version sold) is back like one seen after its end.
            returning = is_back(ended_at, event.collected_at)
            if ended_at is not None and not returning:
                continue  # off the market: nothing to alert about
            candidates.append((features, listing, returning, self.index.matching(features)))
        LISTINGS_MATCHED.inc(len(candidates))
        await store.store_listings(conn, versions)
        await self._decide_all(conn, candidates)

    async def apply_seen(self, conn: asyncpg.Connection, events: list[ListingsSeen]) -> None:
        for event in sorted(events, key=lambda e: e.seen_at):
            back = await store.record_seen(conn, event.platform, event.external_ids, event.seen_at)
            if back:
                scores = await store.deal_scores(
                    conn, [(r["platform"], r["external_id"]) for r in back]
                )
                candidates = []
                for row in back:
                    score = scores.get((row["platform"], row["external_id"]))
                    features = features_from_row(row).with_deal_score(
                        None if score is None else float(score)
                    )
                    candidates.append(
                        (features, row["listing"], True, self.index.matching(features))
                    )
                await self._decide_all(conn, candidates)

    async def apply_ended(self, conn: asyncpg.Connection, events: list[ListingEnded]) -> None:
        await store.record_ended(conn, [(e.platform, e.external_id, e.ended_at) for e in events])

    # --- searches and deal scores ------------------------------------------------------------------

    async def record_existing(self, pool: asyncpg.Pool, search: SavedSearch) -> int | None:
        """Record the current matches of a new search (or of a new version of one), once across
        replicas; returns how many, or None when another run has done it."""
        async with pool.acquire() as conn, conn.transaction():
            if not await store.claim_backfill(conn, search.id, search.version):
                return None
            recorded = 0
            async for rows in store.live_listings(conn):
                candidates = []
                for row in rows:
                    features = features_from_row(row)
                    if matches(search.criteria, features):
                        candidates.append((features, row["listing"], False, [search]))
                recorded += len(await self._decide_all(conn, candidates, existing=True))
            await store.finish_backfill(conn, search.id, recorded)
        log.info("search %s: %s existing matches recorded", search.id, recorded)
        return recorded

    async def rematch_deals(self, conn: asyncpg.Connection, rows) -> int:
        """Listings whose deal score changed, against the searches with a minimum deal score."""
        candidates = []
        for row in rows:
            features = features_from_row(row)
            found = [
                s for s in self.index.matching(features) if s.criteria.min_deal_score is not None
            ]
            if found:
                candidates.append((features, row["listing"], False, found))
        return len(await self._decide_all(conn, candidates)) if candidates else 0
