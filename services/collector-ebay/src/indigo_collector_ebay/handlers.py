"""Handle ``SyncRequested`` for eBay: search the Browse API, publish what it finds."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from decimal import Decimal

from indigo_shared.collecting import FetchedPage, Fetcher, PartialResult, run_sync
from indigo_shared.events import SyncRequested, SyncStatusChanged
from indigo_shared.nats import Publisher

from indigo_collector_ebay.adapters.client import BrowseClient, SearchFilters
from indigo_collector_ebay.adapters.errors import EbayCallBudgetSpent
from indigo_collector_ebay.domain.mapping import parse_search_response

# The currency eBay expects price filters in, by marketplace.
MARKETPLACE_CURRENCY = {
    "EBAY_US": "USD",
    "EBAY_GB": "GBP",
    "EBAY_DE": "EUR",
    "EBAY_FR": "EUR",
    "EBAY_IT": "EUR",
    "EBAY_ES": "EUR",
    "EBAY_NL": "EUR",
    "EBAY_AT": "EUR",
    "EBAY_IE": "EUR",
    "EBAY_CA": "CAD",
    "EBAY_AU": "AUD",
}


def search_filters(request: SyncRequested, marketplace_id: str = "EBAY_US") -> SearchFilters:
    return SearchFilters.from_request(
        min_price=request.filters.min_price,
        max_price=request.filters.max_price,
        conditions=request.filters.conditions,
        currency=MARKETPLACE_CURRENCY.get(marketplace_id, "USD"),
        # Auctions are half the vintage market's price signal; eBay hides them unless asked.
        buying_options=("FIXED_PRICE", "AUCTION"),
    )


async def fetch_pages(
    client: BrowseClient, request: SyncRequested, *, page_size: int, fx: Mapping[str, Decimal]
) -> AsyncIterator[FetchedPage]:
    """The search's pages, newest first. A spent daily call budget ends the sync with what was
    fetched so far (:class:`PartialResult`), not as a failure."""
    try:
        async for body in client.search(
            request.keywords,
            limit_total=request.limit,
            page_size=min(page_size, request.limit),
            filters=search_filters(request, client.marketplace_id),
            sort="newlyListed",
        ):
            result = parse_search_response(body, fx=fx)
            yield FetchedPage.of(result)
    except EbayCallBudgetSpent as exc:
        raise PartialResult(str(exc)) from exc


async def handle_sync_requested(
    publisher: Publisher, request: SyncRequested, fetch: Fetcher
) -> SyncStatusChanged:
    """One eBay sync job: its pages, published, with the job's status as it goes."""
    return await run_sync(publisher, request, fetch(request))
