"""An aiohttp client for the Etsy Open API v3: active listings, listing batches, single listings.

- Every request carries ``x-api-key: <keystring>:<shared secret>`` (Etsy refuses the keystring
  alone since February 2026). Neither is ever logged or put in an error message.
- Requests are paced to Etsy's rate-limit headers (:mod:`.rate_limits`).
- A 429 is waited out for its ``retry-after`` when that is at most ``max_retry_after`` seconds; a
  longer one, or one that says ``x-remaining-today: 0``, means the daily quota is spent:
  :class:`EtsyQuotaExhausted`, at once. 5xx, connection errors and timeouts are retried
  ``max_retries`` times with exponential backoff and jitter, then :class:`EtsyTransientError`.
  401 and 403 are :class:`EtsyAuthError`, any other 4xx :class:`EtsyRequestError`, with Etsy's
  ``error`` message.
- Each answer is counted by status (``indigo_marketplace_calls_total``) and its
  ``x-remaining-today`` / ``x-limit-per-day`` published as the daily quota left.
- Searching pages through ``/listings/active`` (``limit`` <= 100, ``offset`` <= 12,000) and fetches
  each page's images and shops with one ``/listings/batch`` call (``includes=Images,Shop``), not
  one call per listing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import aiohttp
from indigo_shared.http_replies import TRANSPORT_FAILURES, HttpReply
from indigo_shared.metrics import record_marketplace_call, record_quota
from indigo_shared.retrying import RetryPolicy, TransientFailure, retry_after_seconds

from indigo_collector_etsy.adapters.errors import (
    EtsyAuthError,
    EtsyQuotaExhausted,
    EtsyRequestError,
    EtsyTransientError,
    EtsyUnexpectedResponse,
)
from indigo_collector_etsy.adapters.rate_limits import RateLimitPacer, header_count

ACTIVE_PATH = "/v3/application/listings/active"
BATCH_PATH = "/v3/application/listings/batch"
LISTING_PATH = "/v3/application/listings/"
MAX_PAGE_SIZE = 100
MAX_OFFSET = 12_000
MAX_BATCH = 100
SORTS = ("created", "price", "updated", "score")
SORT_ORDERS = ("asc", "desc")
# What a collected listing needs beside the ShopListing: its pictures and its shop's name.
LISTING_INCLUDES = ("Images", "Shop")


def _etsy_error(reply: HttpReply) -> str:
    """Etsy's explanation of a failure: the ``error`` of its ``{"error": ...}`` body."""
    body = reply.json()
    if isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"]:
        return body["error"]
    return reply.excerpt()


class EtsyClient:
    """The Open API calls Indigo needs, over an ``aiohttp`` session the caller owns and closes."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        keystring: str,
        shared_secret: str,
        max_retries: int = 5,
        max_retry_after: float = 60.0,
        request_timeout: float = 30.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._headers = {"x-api-key": f"{keystring}:{shared_secret}", "Accept": "application/json"}
        self._max_retry_after = max_retry_after
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._retries = RetryPolicy(max_retries, backoff_base, backoff_cap, sleep)
        self._pacer = RateLimitPacer(clock=clock, sleep=sleep)

    def __repr__(self) -> str:
        return f"EtsyClient(base_url={self._base_url!r})"

    async def find_active(
        self,
        keywords: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        offset: int = 0,
        min_price: Decimal | None = None,
        max_price: Decimal | None = None,
        sort_on: str = "created",
        sort_order: str = "desc",
    ) -> dict:
        """One page of ``findAllListingsActive`` (``ShopListings``), as Etsy sent it.

        Prices are in USD. Raises ``ValueError`` for a page Etsy would refuse: ``limit`` outside
        1..100, ``offset`` outside 0..12,000, an unknown sort.
        """
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be 1..{MAX_PAGE_SIZE}, not {limit}")
        if not 0 <= offset <= MAX_OFFSET:
            raise ValueError(f"offset must be 0..{MAX_OFFSET}, not {offset}")
        if sort_on not in SORTS or sort_order not in SORT_ORDERS:
            raise ValueError(f"sort_on must be one of {SORTS}, sort_order one of {SORT_ORDERS}")
        params = {
            "keywords": keywords,
            "limit": str(limit),
            "offset": str(offset),
            "sort_on": sort_on,
            "sort_order": sort_order,
        }
        if min_price is not None:
            params["min_price"] = format(min_price, "f")
        if max_price is not None:
            params["max_price"] = format(max_price, "f")
        return await self._get_json(ACTIVE_PATH, params)

    async def get_listings(
        self, listing_ids: Sequence[int], *, includes: Sequence[str] = LISTING_INCLUDES
    ) -> dict:
        """``getListingsByListingIds`` (``ShopListingsWithAssociations``) for up to 100 ids; Etsy
        leaves out listings that are no longer active."""
        if not 1 <= len(listing_ids) <= MAX_BATCH:
            raise ValueError(f"between 1 and {MAX_BATCH} listing ids, not {len(listing_ids)}")
        params = {"listing_ids": ",".join(str(listing_id) for listing_id in listing_ids)}
        if includes:
            params["includes"] = ",".join(includes)
        return await self._get_json(BATCH_PATH, params)

    async def get_listing(
        self, listing_id: int, *, includes: Sequence[str] = LISTING_INCLUDES
    ) -> dict:
        """``getListing`` (``ShopListingWithAssociations``)."""
        params = {"includes": ",".join(includes)} if includes else None
        return await self._get_json(f"{LISTING_PATH}{int(listing_id)}", params)

    async def search(
        self,
        keywords: str,
        *,
        limit_total: int,
        page_size: int = MAX_PAGE_SIZE,
        min_price: Decimal | None = None,
        max_price: Decimal | None = None,
        sort_on: str = "created",
        sort_order: str = "desc",
    ) -> AsyncIterator[list[Any]]:
        """The search's listings a page at a time, each with its images and shop, until
        ``limit_total`` listings, the last page, or Etsy's 12,000 offset.

        Each page is the ``results`` of a ``/listings/active`` page in order, every listing
        replaced by its ``ShopListingWithAssociations`` from the batch call (kept as it was when
        the batch left it out: it sold in between). A listing that moves to a later page while
        paging (new listings push older ones down) is yielded once.
        """
        if limit_total < 1:
            raise ValueError(f"limit_total must be at least 1, not {limit_total}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}, not {page_size}")
        offset = yielded = 0
        seen: set[int] = set()
        while yielded < limit_total and offset <= MAX_OFFSET:
            limit = min(page_size, limit_total - yielded)
            page = await self.find_active(
                keywords,
                limit=limit,
                offset=offset,
                min_price=min_price,
                max_price=max_price,
                sort_on=sort_on,
                sort_order=sort_order,
            )
            results = page.get("results")
            if not isinstance(results, list):
                raise EtsyUnexpectedResponse("Etsy findAllListingsActive: results is not a list")
            fresh = []
            for item in results:
                listing_id = _listing_id(item)
                if listing_id is None or listing_id not in seen:
                    fresh.append(item)
                    if listing_id is not None:
                        seen.add(listing_id)
            fresh = fresh[: limit_total - yielded]
            if fresh:
                yield await self._with_associations(fresh)
            yielded += len(fresh)
            offset += limit
            count = page.get("count")
            if len(results) < limit or (isinstance(count, int) and offset >= count):
                return

    async def _with_associations(self, items: list[Any]) -> list[Any]:
        ids = list(dict.fromkeys(i for i in map(_listing_id, items) if i is not None))
        if not ids:
            return items
        batch = await self.get_listings(ids)
        found = batch.get("results")
        if not isinstance(found, list):
            raise EtsyUnexpectedResponse("Etsy getListingsByListingIds: results is not a list")
        by_id = {_listing_id(listing): listing for listing in found if _listing_id(listing)}
        return [by_id.get(_listing_id(item), item) for item in items]

    async def _get_json(self, path: str, params: dict[str, str] | None = None) -> dict:
        what = f"GET {path}"
        reply = await self._send(self._base_url + path, what=what, params=params)
        if reply.status in (401, 403):
            raise EtsyAuthError(
                f"Etsy refused the API key (HTTP {reply.status}): {_etsy_error(reply)}; "
                "check ETSY_API_KEY / ETSY_SHARED_SECRET"
            )
        if reply.status >= 400:
            raise EtsyRequestError(reply.status, f"Etsy {what}: {_etsy_error(reply)}")
        return reply.json_object(f"Etsy {what}", EtsyUnexpectedResponse)

    async def _send(self, url: str, *, what: str, params: dict[str, str] | None) -> HttpReply:
        """The reply to the first attempt that is not a transient failure."""

        async def attempt() -> HttpReply:
            await self._pacer.wait_turn()
            try:
                async with self._session.get(
                    url, params=params, headers=self._headers, timeout=self._timeout
                ) as response:
                    body = await response.read()
                    self._pacer.observe(response.headers)
                    _record_answer(response.status, response.headers)
                    if response.status != 429 and response.status < 500:
                        return HttpReply(response.status, body)
                    retry_after = retry_after_seconds(response.headers.get("retry-after"))
                    if response.status == 429:
                        self._raise_if_day_spent(response.headers, retry_after, what)
                    raise TransientFailure(f"HTTP {response.status}", retry_after)
            except TRANSPORT_FAILURES as exc:
                record_marketplace_call("etsy", None)
                raise TransientFailure(f"{type(exc).__name__} {exc}".strip()) from None

        return await self._retries.run(attempt, what=f"Etsy {what}", give_up=EtsyTransientError)

    def _raise_if_day_spent(
        self, headers: Mapping[str, str], retry_after: float | None, what: str
    ) -> None:
        """A 429 for the daily quota (nothing left today, or a wait longer than we would sit out)
        ends the work at hand; one for the per-second limit is waited out."""
        remaining_today = header_count(headers, "x-remaining-today")
        if remaining_today == 0 or (
            retry_after is not None and retry_after > self._max_retry_after
        ):
            self._pacer.day_spent()
            wait = f"; Etsy says retry after {retry_after:.0f} s" if retry_after is not None else ""
            raise EtsyQuotaExhausted(f"Etsy {what}: the daily quota is spent{wait}", retry_after)


def _record_answer(status: int, headers: Mapping[str, str]) -> None:
    record_marketplace_call("etsy", status)
    remaining = header_count(headers, "x-remaining-today")
    if remaining is not None:
        record_quota("etsy", "daily", remaining, header_count(headers, "x-limit-per-day"))


def _listing_id(item: Any) -> int | None:
    if isinstance(item, dict):
        value = item.get("listing_id")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None
