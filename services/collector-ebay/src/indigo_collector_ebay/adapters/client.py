"""An aiohttp client for the eBay Browse API: application token, search pages, single items.

- Authentication is OAuth client credentials (``/identity/v1/oauth2/token``, HTTP Basic with the
  app's id and secret). eBay issues no refresh token, so the token is kept until shortly before
  ``expires_in`` runs out and then fetched anew, by one caller at a time: in this process
  (:class:`~indigo_shared.oauth_tokens.LocalTokens`, the default) or shared by every replica
  through PostgreSQL (:class:`~indigo_shared.oauth_tokens.SharedTokens`). A 401 on an API call
  means the token was revoked or expired early: it is dropped (for every replica) and the call
  retried once with a new one.
- 429, 5xx, connection errors and timeouts are retried ``max_retries`` times with exponential
  backoff and jitter, waiting ``Retry-After`` seconds instead when a 429/503 gives it; then
  :class:`EbayTransientError`. Any other 4xx is :class:`EbayRequestError` with eBay's message, at
  once.
- Neither the client secret nor the token is ever logged or put in an error message.
- With a :class:`~.call_budget.DailyCallBudget`, every Browse call attempt (retries included; not
  token requests) is counted against the day's budget first; a spent budget raises
  :class:`EbayCallBudgetSpent` without calling eBay. Each answer is counted in
  ``indigo_marketplace_calls_total`` by status.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from indigo_shared.http_replies import TRANSPORT_FAILURES, HttpReply
from indigo_shared.metrics import record_marketplace_call
from indigo_shared.oauth_tokens import Grant, LocalTokens
from indigo_shared.retrying import RetryPolicy, TransientFailure, retry_after_seconds

from indigo_collector_ebay.adapters.call_budget import DailyCallBudget
from indigo_collector_ebay.adapters.errors import (
    EbayAuthError,
    EbayRequestError,
    EbayTransientError,
    EbayUnexpectedResponse,
)
from indigo_collector_ebay.adapters.search_filters import SearchFilters

log = logging.getLogger(__name__)

TOKEN_PATH = "/identity/v1/oauth2/token"
SEARCH_PATH = "/buy/browse/v1/item_summary/search"
ITEM_PATH = "/buy/browse/v1/item/"
DEFAULT_SCOPE = "https://api.ebay.com/oauth/api_scope"
MAX_PAGE_SIZE = 200
# A search reaches at most this many items of one result set: offset + limit must stay within it.
MAX_RESULTS = 10_000


def _ebay_error(reply: HttpReply) -> tuple[str, int | None]:
    """eBay's explanation of a failure, and its error id when it gives one."""
    body = reply.json()
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            message, detail = first.get("message"), first.get("longMessage")
            if detail and detail != message:
                message = f"{message} ({detail})" if message else detail
            error_id = first.get("errorId")
            return str(message or "no message"), error_id if isinstance(error_id, int) else None
        if body.get("error"):  # the OAuth endpoint's shape
            return f"{body['error']}: {body.get('error_description') or 'no description'}", None
    return reply.excerpt(), None


class BrowseClient:
    """The Browse API calls Indigo needs, over an ``aiohttp`` session the caller owns and closes."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        marketplace_id: str = "EBAY_US",
        scope: str = DEFAULT_SCOPE,
        max_retries: int = 5,
        request_timeout: float = 30.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        call_budget: DailyCallBudget | None = None,
        tokens: LocalTokens | None = None,
        credential: str = "environment",
    ) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._call_budget = call_budget
        # The Authorization header of token requests, built once (aiohttp.BasicAuth is deprecated).
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self._token_request_headers = {
            "Authorization": f"Basic {basic}",
            "Accept": "application/json",
        }
        self._marketplace_id = marketplace_id
        self._scope = scope
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._retries = RetryPolicy(max_retries, backoff_base, backoff_cap, sleep)
        # Renewed shortly before they expire (indigo_shared.oauth_tokens), by ``clock``.
        self._tokens = tokens or LocalTokens(clock)
        self._credential = credential  # the credentials' fingerprint: whose token it is

    @property
    def marketplace_id(self) -> str:
        return self._marketplace_id

    def __repr__(self) -> str:
        return f"BrowseClient(base_url={self._base_url!r}, marketplace_id={self._marketplace_id!r})"

    async def search_page(
        self,
        keywords: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        offset: int = 0,
        filters: SearchFilters | None = None,
        sort: str | None = None,
    ) -> dict:
        """One page of ``item_summary/search`` (a ``SearchPagedCollection``), as eBay sent it.

        ``sort`` is eBay's: ``price``, ``-price``, ``newlyListed``, ``endingSoonest``; None is best
        match. Raises ``ValueError`` for a page eBay would refuse (``limit`` outside 1..200,
        ``offset`` not a multiple of ``limit``, or past the first 10,000 results).
        """
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be 1..{MAX_PAGE_SIZE}, not {limit}")
        if offset < 0 or offset % limit:
            raise ValueError(
                f"offset must be a non-negative multiple of limit {limit}, not {offset}"
            )
        if offset + limit > MAX_RESULTS:
            raise ValueError(
                f"eBay serves only the first {MAX_RESULTS} results; "
                f"offset {offset} + limit {limit} goes past them"
            )
        params = {"q": keywords, "limit": str(limit), "offset": str(offset)}
        if filters is not None and (filter_param := filters.to_param()):
            params["filter"] = filter_param
        if sort:
            params["sort"] = sort
        return await self._get_json(SEARCH_PATH, params)

    async def search(
        self,
        keywords: str,
        *,
        limit_total: int,
        page_size: int = MAX_PAGE_SIZE,
        filters: SearchFilters | None = None,
        sort: str | None = None,
    ) -> AsyncIterator[dict]:
        """The search's pages in order, until ``limit_total`` items, the last page, or eBay's
        10,000-result window.

        The pages are eBay's bodies, except that the last one's ``itemSummaries`` is cut so that no
        more than ``limit_total`` items are yielded in all.
        """
        if limit_total < 1:
            raise ValueError(f"limit_total must be at least 1, not {limit_total}")
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}, not {page_size}")
        wanted = min(limit_total, MAX_RESULTS)
        page_size = min(page_size, wanted)
        offset = yielded = 0
        while yielded < wanted and offset + page_size <= MAX_RESULTS:
            page = await self.search_page(
                keywords, limit=page_size, offset=offset, filters=filters, sort=sort
            )
            items = page.get("itemSummaries", [])
            if not isinstance(items, list):
                raise EbayUnexpectedResponse("eBay search: itemSummaries is not a list")
            if len(items) > wanted - yielded:
                items = items[: wanted - yielded]
                page = {**page, "itemSummaries": items}
            yield page
            yielded += len(items)
            offset += page_size
            total = page.get("total")
            if not items or not page.get("next") or (isinstance(total, int) and offset >= total):
                return

    async def get_item(self, item_id: str) -> dict:
        """One ``Item`` by its RESTful id (``v1|legacy id|variation id``)."""
        return await self._get_json(ITEM_PATH + quote(item_id, safe=""))

    async def _get_json(self, path: str, params: dict[str, str] | None = None) -> dict:
        what = f"GET {path}"
        token = await self._access_token()
        reply = await self._call_api(path, token, params)
        if reply.status == 401:
            # Revoked, or expired before our clock said so: a fresh token gets one more try.
            await self._forget_token(token)
            reply = await self._call_api(path, await self._access_token(), params)
            if reply.status == 401:
                message, _ = _ebay_error(reply)
                raise EbayAuthError(f"eBay {what}: a freshly issued token was refused: {message}")
        if reply.status >= 400:
            message, error_id = _ebay_error(reply)
            raise EbayRequestError(reply.status, f"eBay {what}: {message}", error_id)
        return reply.json_object(f"eBay {what}", EbayUnexpectedResponse)

    async def _call_api(self, path: str, token: str, params: dict[str, str] | None) -> HttpReply:
        headers = {
            "Authorization": f"Bearer {token}",
            "X-EBAY-C-MARKETPLACE-ID": self._marketplace_id,
            "Accept": "application/json",
        }
        return await self._send(
            "GET",
            self._base_url + path,
            what=f"GET {path}",
            budgeted=True,
            headers=headers,
            params=params,
        )

    async def _access_token(self) -> str:
        return await self._tokens.token(self._credential, self._fetch_token)

    async def _forget_token(self, token: str) -> None:
        # Only the token that failed: a concurrent call may already have fetched its successor.
        await self._tokens.refused(token)

    async def _fetch_token(self) -> Grant:
        reply = await self._send(
            "POST",
            self._base_url + TOKEN_PATH,
            what="token request",
            headers=self._token_request_headers,
            data={"grant_type": "client_credentials", "scope": self._scope},
        )
        if 400 <= reply.status < 500:
            message, _ = _ebay_error(reply)
            raise EbayAuthError(
                f"eBay refused the client credentials (HTTP {reply.status}): "
                f"{message}; check EBAY_CLIENT_ID / EBAY_CLIENT_SECRET"
            )
        body = reply.json_object("eBay token request", EbayUnexpectedResponse)
        token, expires_in = body.get("access_token"), body.get("expires_in")
        if not (isinstance(token, str) and token) or not (
            isinstance(expires_in, int | float) and expires_in > 0
        ):
            raise EbayUnexpectedResponse("eBay token request: no access_token / expires_in")
        log.info("obtained an eBay application token, valid for %s s", expires_in)
        return Grant(token, expires_in)

    async def _send(
        self, method: str, url: str, *, what: str, budgeted: bool = False, **request: Any
    ) -> HttpReply:
        """The reply to the first attempt that is not a transient failure."""

        async def attempt() -> HttpReply:
            if budgeted and self._call_budget is not None:
                await self._call_budget.spend()
            try:
                async with self._session.request(
                    method, url, timeout=self._timeout, **request
                ) as response:
                    body = await response.read()
                    record_marketplace_call("ebay", response.status)
                    if response.status != 429 and response.status < 500:
                        return HttpReply(response.status, body)
                    retry_after = None
                    if response.status in (429, 503):
                        retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                    raise TransientFailure(f"HTTP {response.status}", retry_after)
            except TRANSPORT_FAILURES as exc:
                record_marketplace_call("ebay", None)
                raise TransientFailure(f"{type(exc).__name__} {exc}".strip()) from None

        return await self._retries.run(attempt, what=f"eBay {what}", give_up=EbayTransientError)
