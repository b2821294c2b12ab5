"""BrowseClient against a small in-process eBay: tokens, retries, pagination, filters, no leaks."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from indigo_collector_ebay.adapters.client import BrowseClient
from indigo_collector_ebay.adapters.errors import (
    EbayAuthError,
    EbayRequestError,
    EbayTransientError,
)
from indigo_collector_ebay.adapters.search_filters import CONDITION_IDS, SearchFilters

CLIENT_ID = "indigo-app-id"
CLIENT_SECRET = "SBX-not-a-real-secret-4f2a"
TOKEN_PREFIX = "v^1.1#i^1#test-token-"
RECORDED_OAUTH = (
    Path(__file__).resolve().parents[4].parent
    / "shared"
    / "data"
    / "recorded"
    / "ebay"
    / "ebay_oauth_client_credentials_interactions.json"
)

Reply = Callable[[], Awaitable[web.StreamResponse]]


def status(code: int, body: dict | None = None, **headers: str) -> Reply:
    async def reply() -> web.StreamResponse:
        return web.json_response(body or {}, status=code, headers=headers)

    return reply


def slow(seconds: float) -> Reply:
    async def reply() -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.json_response({})

    return reply


class FakeEbay:
    """The token endpoint and the two Browse calls, as far as the client relies on them.

    Tests script failures by appending replies to ``token_replies`` / ``api_replies``: each is
    served once, before the normal behaviour resumes.
    """

    def __init__(self) -> None:
        self.base_url = ""
        self.total = 1000
        self.always_next = False
        self.token_expires_in = 7200
        self.accept_tokens = True
        self.valid_tokens: set[str] = set()
        self.token_forms: list[dict] = []
        self.api_requests: list[web.Request] = []
        self.token_replies: list[Reply] = []
        self.api_replies: list[Reply] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/identity/v1/oauth2/token", self.token)
        app.router.add_get("/buy/browse/v1/item_summary/search", self.search)
        app.router.add_get("/buy/browse/v1/item/{item_id}", self.item)
        return app

    @property
    def tokens_issued(self) -> int:
        return len(self.token_forms)

    @property
    def offsets(self) -> list[int]:
        return [int(request.query["offset"]) for request in self.api_requests]

    async def token(self, request: web.Request) -> web.StreamResponse:
        if self.token_replies:
            return await self.token_replies.pop(0)()
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return web.json_response(
                {"error": "invalid_client", "error_description": "client authentication failed"},
                status=401,
            )
        self.token_forms.append(dict(await request.post()))
        token = f"{TOKEN_PREFIX}{self.tokens_issued}"
        self.valid_tokens.add(token)
        return web.json_response(
            {
                "access_token": token,
                "expires_in": self.token_expires_in,
                "token_type": "Application Access Token",
            }
        )

    async def _refusal(self, request: web.Request) -> web.StreamResponse | None:
        self.api_requests.append(request)
        if self.api_replies:
            return await self.api_replies.pop(0)()
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not self.accept_tokens or token not in self.valid_tokens:
            return web.json_response(
                {
                    "errors": [
                        {
                            "errorId": 1001,
                            "domain": "OAuth",
                            "category": "REQUEST",
                            "message": "Invalid access token",
                            "longMessage": "Invalid access token. Check the value of the Authorization HTTP "
                            "request header.",
                        }
                    ]
                },
                status=401,
            )
        return None

    async def search(self, request: web.Request) -> web.StreamResponse:
        if refusal := await self._refusal(request):
            return refusal
        limit, offset = int(request.query["limit"]), int(request.query["offset"])
        body = {
            "href": str(request.url),
            "total": self.total,
            "limit": limit,
            "offset": offset,
            "itemSummaries": [
                {"itemId": f"v1|{n}|0", "title": f"Levi's 501 #{n}"}
                for n in range(offset, min(offset + limit, self.total))
            ],
        }
        if self.always_next or offset + limit < self.total:
            body["next"] = f"{self.base_url}/next?offset={offset + limit}"
        return web.json_response(body)

    async def item(self, request: web.Request) -> web.StreamResponse:
        if refusal := await self._refusal(request):
            return refusal
        return web.json_response({"itemId": request.match_info["item_id"], "title": "Lee Riders"})


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture
async def ebay():
    fake = FakeEbay()
    server = TestServer(fake.app())
    await server.start_server()
    fake.base_url = str(server.make_url("")).rstrip("/")
    yield fake
    await server.close()


@pytest_asyncio.fixture
async def session():
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def waits() -> list[float]:
    """What the client would have slept, in order: no test actually waits."""
    return []


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(session, ebay, waits, clock):
    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    def make(**options) -> BrowseClient:
        settings = {
            "base_url": ebay.base_url,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "clock": clock,
            "sleep": record_sleep,
            **options,
        }
        return BrowseClient(session, **settings)

    return make


# --- tokens -------------------------------------------------------------------------------------


async def test_the_token_is_fetched_once_and_reused(ebay, make_client):
    client = make_client()
    for _ in range(3):
        await client.get_item("v1|1|0")

    assert ebay.tokens_issued == 1
    assert ebay.token_forms == [
        {"grant_type": "client_credentials", "scope": "https://api.ebay.com/oauth/api_scope"}
    ]


async def test_the_token_is_renewed_shortly_before_it_expires(ebay, make_client, clock):
    client = make_client()
    await client.get_item("v1|1|0")

    clock.now += 7200 - 301  # 7,200 s token, renewed 300 s early
    await client.get_item("v1|1|0")
    assert ebay.tokens_issued == 1

    clock.now += 1
    await client.get_item("v1|1|0")
    assert ebay.tokens_issued == 2
    assert ebay.api_requests[-1].headers["Authorization"] == f"Bearer {TOKEN_PREFIX}2"


async def test_concurrent_calls_share_one_token_fetch(ebay, make_client):
    client = make_client()
    await asyncio.gather(*(client.get_item(f"v1|{n}|0") for n in range(10)))
    assert ebay.tokens_issued == 1


async def test_a_401_on_an_api_call_gets_a_new_token_and_one_retry(ebay, make_client):
    client = make_client()
    await client.get_item("v1|1|0")
    ebay.valid_tokens.clear()  # revoked behind the client's back

    item = await client.get_item("v1|2|0")

    assert item["itemId"] == "v1|2|0"
    assert ebay.tokens_issued == 2
    assert [r.headers["Authorization"] for r in ebay.api_requests] == [
        f"Bearer {TOKEN_PREFIX}1",
        f"Bearer {TOKEN_PREFIX}1",
        f"Bearer {TOKEN_PREFIX}2",
    ]


async def test_a_fresh_token_refused_too_is_an_auth_error(ebay, make_client):
    ebay.accept_tokens = False
    with pytest.raises(EbayAuthError, match="Invalid access token"):
        await make_client().get_item("v1|1|0")
    assert ebay.tokens_issued == 2 and len(ebay.api_requests) == 2


async def test_bad_credentials_are_an_auth_error_at_once(ebay, make_client, waits):
    client = make_client(client_secret="wrong")
    with pytest.raises(EbayAuthError, match="invalid_client: client authentication failed"):
        await client.search_page("levis 501", limit=50)
    assert waits == [] and ebay.api_requests == []


async def test_the_recorded_token_replies_are_understood(ebay, make_client):
    if not RECORDED_OAUTH.is_file():
        pytest.skip(f"recorded eBay OAuth exchanges not available ({RECORDED_OAUTH} is absent)")
    exchanges = json.loads(RECORDED_OAUTH.read_text(encoding="utf-8"))
    granted = next(e for e in exchanges if e["response"]["status"]["code"] == 200)
    refused = next(e for e in exchanges if e["response"]["status"]["code"] == 401)
    granted_token = granted["response"]["body"]["access_token"]
    ebay.valid_tokens.add(granted_token)
    ebay.token_replies += [
        status(200, granted["response"]["body"]),
        status(401, refused["response"]["body"]),
    ]

    await make_client().get_item("v1|1|0")
    assert ebay.api_requests[0].headers["Authorization"] == f"Bearer {granted_token}"
    with pytest.raises(EbayAuthError, match="client authentication failed"):
        await make_client().get_item("v1|1|0")


# --- retries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [429, 503])
async def test_retry_after_is_honoured(ebay, make_client, waits, code):
    ebay.api_replies.append(
        status(code, {"errors": [{"message": "slow down"}]}, **{"Retry-After": "7"})
    )
    item = await make_client().get_item("v1|1|0")
    assert item["itemId"] == "v1|1|0"
    assert waits == [7.0]


async def test_server_errors_are_retried_with_growing_jittered_backoff(ebay, make_client, waits):
    ebay.api_replies += [status(500), status(502), status(500)]
    item = await make_client(backoff_base=1.0).get_item("v1|1|0")

    assert item["itemId"] == "v1|1|0"
    assert len(ebay.api_requests) == 4
    assert len(waits) == 3
    for attempt, wait in enumerate(waits):
        # Equal jitter: half the exponential delay, plus up to as much again.
        assert 2**attempt / 2 <= wait <= 2**attempt


async def test_backoff_is_capped(ebay, make_client, waits):
    ebay.api_replies += [status(500)] * 4
    await make_client(backoff_base=10.0, backoff_cap=15.0).get_item("v1|1|0")
    assert all(wait <= 15.0 for wait in waits) and waits[-1] >= 7.5


async def test_the_client_gives_up_after_max_retries(ebay, make_client, waits):
    ebay.api_replies += [status(500)] * 10
    with pytest.raises(EbayTransientError, match="after 4 attempts: HTTP 500"):
        await make_client(max_retries=3).get_item("v1|1|0")
    assert len(ebay.api_requests) == 4 and len(waits) == 3


async def test_timeouts_are_retried(ebay, make_client, waits):
    ebay.api_replies.append(slow(2.0))
    item = await make_client(request_timeout=0.2).get_item("v1|1|0")
    assert item["itemId"] == "v1|1|0"
    assert len(waits) == 1


async def test_connection_errors_are_retried_then_reported(session, waits):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    client = BrowseClient(
        session,
        base_url=f"http://127.0.0.1:{port}",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        max_retries=2,
        sleep=record_sleep,
    )
    with pytest.raises(EbayTransientError, match="token request: still failing after 3 attempts"):
        await client.get_item("v1|1|0")
    assert len(waits) == 2


async def test_the_token_endpoint_is_retried_on_server_errors(ebay, make_client, waits):
    ebay.token_replies.append(status(503, **{"Retry-After": "2"}))
    await make_client().get_item("v1|1|0")
    assert waits == [2.0] and ebay.tokens_issued == 1


async def test_a_bad_request_is_reported_with_ebays_message_not_retried(ebay, make_client, waits):
    ebay.api_replies.append(
        status(
            400,
            {
                "errors": [
                    {
                        "errorId": 12023,
                        "domain": "API_BROWSE",
                        "category": "REQUEST",
                        "message": "Invalid filter.",
                        "longMessage": "The filter 'price' needs 'priceCurrency'.",
                    }
                ]
            },
        )
    )
    with pytest.raises(EbayRequestError) as raised:
        await make_client().search_page("levis", limit=50)

    assert raised.value.status == 400 and raised.value.error_id == 12023
    assert "Invalid filter." in str(raised.value) and "needs 'priceCurrency'" in str(raised.value)
    assert waits == [] and len(ebay.api_requests) == 1


async def test_a_missing_item_is_a_404_request_error(ebay, make_client):
    ebay.api_replies.append(
        status(404, {"errors": [{"errorId": 11001, "message": "Item not found."}]})
    )
    with pytest.raises(EbayRequestError, match="Item not found") as raised:
        await make_client().get_item("v1|999|0")
    assert raised.value.status == 404


# --- requests -----------------------------------------------------------------------------------


async def test_api_calls_carry_the_token_marketplace_and_accept_headers(ebay, make_client):
    client = make_client(marketplace_id="EBAY_GB")
    await client.search_page("levis 501", limit=50, sort="newlyListed")

    request = ebay.api_requests[0]
    assert request.headers["Authorization"] == f"Bearer {TOKEN_PREFIX}1"
    assert request.headers["X-EBAY-C-MARKETPLACE-ID"] == "EBAY_GB"
    assert request.headers["Accept"] == "application/json"
    assert dict(request.query) == {
        "q": "levis 501",
        "limit": "50",
        "offset": "0",
        "sort": "newlyListed",
    }


async def test_get_item_escapes_the_item_id(ebay, make_client):
    item = await make_client().get_item("v1|312593647853|0")
    assert item["itemId"] == "v1|312593647853|0"
    assert ebay.api_requests[0].raw_path == "/buy/browse/v1/item/v1%7C312593647853%7C0"


async def test_filters_reach_ebay_in_its_syntax(ebay, make_client):
    filters = SearchFilters(
        min_price=Decimal(10), max_price=Decimal("50.5"), condition_ids=("1000", "3000")
    )
    await make_client().search_page("levis", limit=50, filters=filters)
    assert ebay.api_requests[0].query["filter"] == (
        "price:[10..50.5],priceCurrency:USD,conditionIds:{1000|3000}"
    )


async def test_no_filter_parameter_without_filters(ebay, make_client):
    await make_client().search_page("levis", limit=50, filters=SearchFilters())
    assert "filter" not in ebay.api_requests[0].query


@pytest.mark.parametrize(
    ("filters", "param"),
    [
        (SearchFilters(min_price=Decimal(25)), "price:[25..],priceCurrency:USD"),
        (
            SearchFilters(max_price=Decimal("99.99"), currency="GBP"),
            "price:[..99.99],priceCurrency:GBP",
        ),
        (SearchFilters(condition_ids=("3000",)), "conditionIds:{3000}"),
        (SearchFilters(), None),
    ],
)
def test_filter_param(filters, param):
    assert filters.to_param() == param


def test_filters_from_a_sync_request_understand_condition_names():
    filters = SearchFilters.from_request(
        min_price=Decimal(20), max_price=None, conditions=["New", "pre-owned good", "3000", "7000"]
    )
    assert filters.condition_ids == (*CONDITION_IDS["new"], "3000", "7000")
    assert filters.to_param() == (
        "price:[20..],priceCurrency:USD,conditionIds:{1000|1500|1750|3000|7000}"
    )
    with pytest.raises(ValueError, match="unknown eBay condition 'mint'"):
        SearchFilters.from_request(conditions=["mint"])


# --- pagination ---------------------------------------------------------------------------------


async def collect(client: BrowseClient, **options) -> list[dict]:
    return [page async for page in client.search("levis 501", **options)]


def item_count(pages: list[dict]) -> int:
    return sum(len(page.get("itemSummaries", [])) for page in pages)


async def test_pagination_stops_when_there_is_no_next_page(ebay, make_client):
    ebay.total = 450
    pages = await collect(make_client(), limit_total=5000)
    assert ebay.offsets == [0, 200, 400]
    assert item_count(pages) == 450 and "next" not in pages[-1]


async def test_pagination_stops_at_the_total_even_if_next_is_given(ebay, make_client):
    ebay.total, ebay.always_next = 450, True
    await collect(make_client(), limit_total=5000)
    assert ebay.offsets == [0, 200, 400]


async def test_pagination_stops_at_limit_total(ebay, make_client):
    pages = await collect(make_client(), limit_total=250, page_size=100)
    assert ebay.offsets == [0, 100, 200]
    assert [len(page["itemSummaries"]) for page in pages] == [100, 100, 50]
    assert pages[-1]["itemSummaries"][-1]["itemId"] == "v1|249|0"


async def test_a_small_limit_total_is_one_small_page(ebay, make_client):
    pages = await collect(make_client(), limit_total=30)
    assert [request.query["limit"] for request in ebay.api_requests] == ["30"]
    assert item_count(pages) == 30


async def test_an_empty_result_is_one_page(ebay, make_client):
    ebay.total = 0
    pages = await collect(make_client(), limit_total=100)
    assert len(pages) == 1 and item_count(pages) == 0


@pytest.mark.parametrize("page_size", [200, 30])
async def test_offsets_never_pass_ebays_10000_result_window(ebay, make_client, page_size):
    ebay.total = 50_000
    pages = await collect(make_client(), limit_total=20_000, page_size=page_size)

    limits = {int(request.query["limit"]) for request in ebay.api_requests}
    assert limits == {page_size}
    assert all(offset % page_size == 0 for offset in ebay.offsets)
    assert max(ebay.offsets) + page_size <= 10_000
    assert item_count(pages) == 10_000 - 10_000 % page_size


@pytest.mark.parametrize(
    ("limit", "offset"), [(0, 0), (201, 0), (50, 25), (200, 10_000), (50, -50)]
)
async def test_search_page_refuses_pages_ebay_would_refuse(make_client, limit, offset):
    with pytest.raises(ValueError):
        await make_client().search_page("levis", limit=limit, offset=offset)


# --- secrets ------------------------------------------------------------------------------------


async def test_neither_the_secret_nor_the_token_is_logged(ebay, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client()
    ebay.token_replies.append(status(500))
    ebay.api_replies += [status(429, **{"Retry-After": "1"}), status(500)]
    await client.get_item("v1|1|0")
    ebay.valid_tokens.clear()
    await client.get_item("v1|1|0")
    ebay.accept_tokens = False
    with pytest.raises(EbayAuthError) as refused_token:
        await client.get_item("v1|1|0")
    with pytest.raises(EbayAuthError) as bad_secret:
        await make_client(client_secret=CLIENT_SECRET + "-rotated").get_item("v1|1|0")

    assert caplog.records, "the retries above should have been logged"
    told = caplog.text + str(refused_token.value) + str(bad_secret.value) + repr(client)
    assert CLIENT_SECRET not in told
    assert TOKEN_PREFIX not in told
    assert base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode() not in told


def test_sync_requests_ask_ebay_for_auctions_too():
    from indigo_collector_ebay.handlers import search_filters
    from indigo_shared.events import SyncRequested

    request = SyncRequested(platform="ebay", filters={"max_price": "80", "conditions": ["used"]})
    param = search_filters(request, "EBAY_GB").to_param()
    assert "priceCurrency:GBP" in param and "price:[..80]" in param
    assert "buyingOptions:{FIXED_PRICE|AUCTION}" in param
