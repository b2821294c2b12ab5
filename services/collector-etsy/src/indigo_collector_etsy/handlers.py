"""Handle ``SyncRequested`` for Etsy: search active listings, publish what it finds."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from decimal import Decimal

from indigo_shared.collecting import FetchedPage, Fetcher, PartialResult, run_sync
from indigo_shared.events import SyncRequested, SyncStatusChanged
from indigo_shared.nats import Publisher

from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_collector_etsy.adapters.errors import EtsyQuotaExhausted
from indigo_collector_etsy.domain.mapping import parse_listings

log = logging.getLogger(__name__)


async def fetch_pages(
    client: EtsyClient, request: SyncRequested, *, page_size: int, fx: Mapping[str, Decimal]
) -> AsyncIterator[FetchedPage]:
    """The request's listings, newest first, a page at a time. A daily quota that runs out ends
    the sync with what was fetched so far (:class:`PartialResult`), not as a failure."""
    if request.filters.conditions:
        # Etsy listings state no condition (vintage is described in the text): nothing to filter.
        log.warning(
            "sync %s: Etsy has no condition filter; ignoring %s",
            request.job_id,
            ", ".join(request.filters.conditions),
        )
    try:
        async for items in client.search(
            request.keywords,
            limit_total=request.limit,
            page_size=min(page_size, request.limit),
            min_price=request.filters.min_price,
            max_price=request.filters.max_price,
            sort_on="created",
            sort_order="desc",
        ):
            parsed = parse_listings(items, fx=fx)
            yield FetchedPage.of(parsed)
    except EtsyQuotaExhausted as exc:
        raise PartialResult(str(exc)) from exc


async def handle_sync_requested(
    publisher: Publisher, request: SyncRequested, fetch: Fetcher
) -> SyncStatusChanged:
    """One Etsy sync job: its pages, published, with the job's status as it goes."""
    return await run_sync(publisher, request, fetch(request))
