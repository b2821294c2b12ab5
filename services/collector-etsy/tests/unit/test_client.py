"""EtsyClient against a small in-process Etsy: the key, pacing to the rate-limit headers, 429s,
a spent daily quota, retries, paging with batches."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer
from indigo_collector_etsy.adapters.client import EtsyClient
from indigo_collector_etsy.adapters.errors import (
    EtsyAuthError,
    EtsyQuotaExhausted,
    EtsyRequestError,
    EtsyTransientError,
)

KEYSTRING = "etsy-app-keystring"
SHARED_SECRET = "etsy-shared-secret-7c1e"

Reply = Callable[[], Awaitable[web.StreamResponse]]


def status(code: int, body: dict | None = None, **headers: str) -> Reply:
    async def reply() -> web.StreamResponse:
        return web.json_response(body or {"error": f"HTTP {code}"}, status=code, headers=headers)

    return reply


def slow(seconds: float) -> Reply:
    async def reply() -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return web.json_response({"count": 0, "results": []})

    return reply


def shop_listing(listing_id: int) -> dict:
    return {
        "listing_id": listing_id,
        "title": f"Vintage Levi&#39;s 501 #{listing_id}",
        "price": {"amount": 4500, "divisor": 100, "currency_code": "GBP"},
        "num_favorers": 3,
    }


class FakeEtsy:
    """The three listing calls, as far as the client relies on them.

    Listings 1..``total`` are active, newest (highest id) first. Tests script failures by appending
    replies to ``replies`` (each served once, before the normal behaviour resumes) and set the
    rate-limit headers every normal answer carries in ``limit_headers``.
    """

    def __init__(self) -> None:
        self.total = 250
        self.sold: set[int] = set()  # left out of batch answers
        self.new_since_first_page = 0  # listings added after the first page, pushing others down
        self.requests: list[web.Request] = []
        self.replies: list[Reply] = []
        self.limit_headers = {
            "x-limit-per-second": "10",
            "x-remaining-this-second": "9",
            "x-limit-per-day": "10000",
            "x-remaining-today": "9000",
        }

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v3/application/listings/active", self.active)
        app.router.add_get("/v3/application/listings/batch", self.batch)
        app.router.add_get("/v3/application/listings/{listing_id}", self.listing)
        return app

    @property
    def paths(self) -> list[str]:
        return [request.path.rsplit("/", 1)[1] for request in self.requests]

    async def _refusal(self, request: web.Request) -> web.StreamResponse | None:
        self.requests.append(request)
        if self.replies:
            return await self.replies.pop(0)()
        if request.headers.get("x-api-key") != f"{KEYSTRING}:{SHARED_SECRET}":
            return web.json_response({"error": "Invalid API key"}, status=403)
        return None

    async def active(self, request: web.Request) -> web.StreamResponse:
        if refusal := await self._refusal(request):
            return refusal
        limit, offset = int(request.query["limit"]), int(request.query["offset"])
        if offset:
            offset -= self.new_since_first_page
        ids = range(self.total - offset, max(0, self.total - offset - limit), -1)
        body = {"count": self.total, "results": [shop_listing(n) for n in ids]}
        return web.json_response(body, headers=self.limit_headers)

    async def batch(self, request: web.Request) -> web.StreamResponse:
        if refusal := await self._refusal(request):
            return refusal
        ids = [int(n) for n in request.query["listing_ids"].split(",")]
        results = [
            {
                **shop_listing(n),
                "images": [{"rank": 1, "url_fullxfull": f"https://i.etsystatic.com/{n}.jpg"}],
                "shop": {"shop_name": "IndigoFinds", "shop_location_country_iso": "GB"},
            }
            for n in ids
            if n not in self.sold
        ]
        return web.json_response(
            {"count": len(results), "results": results}, headers=self.limit_headers
        )

    async def listing(self, request: web.Request) -> web.StreamResponse:
        if refusal := await self._refusal(request):
            return refusal
        return web.json_response(
            shop_listing(int(request.match_info["listing_id"])), headers=self.limit_headers
        )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture
async def etsy():
    fake = FakeEtsy()
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
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def waits() -> list[float]:
    """What the client slept, in order; sleeping moves the fake clock, so no test waits."""
    return []


@pytest.fixture
def make_client(session, etsy, waits, clock):
    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 3))
        clock.now += seconds

    def make(**options) -> EtsyClient:
        settings = {
            "base_url": etsy.base_url,
            "keystring": KEYSTRING,
            "shared_secret": SHARED_SECRET,
            "clock": clock,
            "sleep": sleep,
            **options,
        }
        return EtsyClient(session, **settings)

    return make


async def test_every_request_carries_the_keystring_and_shared_secret(etsy, make_client):
    await make_client().get_listing(7)
    await make_client().find_active("levis", limit=5)
    assert [r.headers["x-api-key"] for r in etsy.requests] == [f"{KEYSTRING}:{SHARED_SECRET}"] * 2


async def test_a_refused_key_is_an_auth_error_at_once_without_the_secret(etsy, make_client, waits):
    client = make_client(shared_secret="wrong")
    with pytest.raises(EtsyAuthError, match="Invalid API key; check ETSY_API_KEY") as raised:
        await client.find_active("levis")
    assert waits == [] and len(etsy.requests) == 1
    assert "wrong" not in str(raised.value) and "wrong" not in repr(client)
    assert SHARED_SECRET not in repr(make_client())


async def test_other_client_errors_are_request_errors_with_etsys_message(etsy, make_client):
    etsy.replies.append(status(400, {"error": "limit must be between 1 and 100, got 0."}))
    with pytest.raises(EtsyRequestError, match="HTTP 400: .*limit must be between 1 and 100"):
        await make_client().find_active("levis")


async def test_requests_are_spaced_to_the_per_second_limit(etsy, make_client, waits):
    etsy.limit_headers["x-limit-per-second"] = "4"
    client = make_client()
    for listing_id in range(4):
        await client.get_listing(listing_id + 1)
    # No wait before the first request; then a quarter of a second between requests, and 5% more.
    assert waits == [0.263, 0.263, 0.263]


@pytest.mark.parametrize("header", ["x-remaining-this-second", "x-remaining-this-secon"])
async def test_nothing_left_this_second_waits_for_the_next(etsy, make_client, waits, header):
    etsy.limit_headers = {"x-limit-per-second": "1000", header: "0"}
    client = make_client()
    await client.get_listing(1)
    await client.get_listing(2)
    assert waits == [1.0]


async def test_a_429_is_waited_out_for_its_retry_after(etsy, make_client, waits):
    etsy.replies.append(status(429, {"error": "Too many requests"}, **{"retry-after": "2"}))
    listing = await make_client().get_listing(3)
    assert listing["listing_id"] == 3 and waits == [2.0]


async def test_a_429_for_the_day_ends_the_work_at_once(etsy, make_client, waits):
    etsy.replies.append(
        status(
            429, {"error": "Too many requests"}, **{"retry-after": "1", "x-remaining-today": "0"}
        )
    )
    client = make_client()
    with pytest.raises(EtsyQuotaExhausted, match="daily quota is spent"):
        await client.find_active("levis")
    # Etsy said so a moment ago: the next call does not spend a request finding out again.
    with pytest.raises(EtsyQuotaExhausted):
        await client.get_listing(1)
    assert len(etsy.requests) == 1 and waits == []


async def test_a_retry_after_longer_than_we_would_wait_means_the_day_is_spent(etsy, make_client):
    etsy.replies.append(status(429, {"error": "Too many requests"}, **{"retry-after": "5400"}))
    with pytest.raises(EtsyQuotaExhausted, match="retry after 5400 s") as raised:
        await make_client(max_retry_after=60).get_listing(1)
    assert raised.value.retry_after == 5400


async def test_an_answer_that_leaves_nothing_today_stops_the_next_request(etsy, make_client, clock):
    etsy.limit_headers["x-remaining-today"] = "0"
    client = make_client()
    await client.get_listing(1)
    with pytest.raises(EtsyQuotaExhausted):
        await client.get_listing(2)
    assert len(etsy.requests) == 1
    # Minutes later the sliding window may have freed some quota: one request finds out.
    clock.now += 301
    etsy.limit_headers["x-remaining-today"] = "40"
    assert (await client.get_listing(2))["listing_id"] == 2
    assert (await client.get_listing(3))["listing_id"] == 3


async def test_server_errors_and_timeouts_are_retried_with_backoff(etsy, make_client, waits):
    etsy.replies += [status(500), slow(1.0), status(503)]
    listing = await make_client(request_timeout=0.2, backoff_base=1.0).get_listing(4)
    assert listing["listing_id"] == 4 and len(etsy.requests) == 4
    assert len(waits) == 3
    for attempt, wait in enumerate(waits):
        assert 2**attempt / 2 <= wait <= 2**attempt  # equal jitter


async def test_the_client_gives_up_after_max_retries(etsy, make_client, waits):
    etsy.replies += [status(502)] * 10
    with pytest.raises(EtsyTransientError, match="after 4 attempts: HTTP 502"):
        await make_client(max_retries=3).get_listing(1)
    assert len(etsy.requests) == 4 and len(waits) == 3


async def test_pages_the_etsy_would_refuse_are_refused_before_asking(etsy, make_client):
    client = make_client()
    with pytest.raises(ValueError, match="limit must be 1..100"):
        await client.find_active("levis", limit=101)
    with pytest.raises(ValueError, match="offset must be 0..12000"):
        await client.find_active("levis", offset=12_001)
    with pytest.raises(ValueError, match="between 1 and 100 listing ids"):
        await client.get_listings(list(range(1, 102)))
    assert etsy.requests == []


async def test_search_pages_and_fetches_each_pages_images_and_shops_in_one_batch(etsy, make_client):
    client = make_client()
    pages = [
        page
        async for page in client.search(
            "levis 501", limit_total=230, min_price=Decimal("20"), max_price=Decimal("99.5")
        )
    ]
    assert [len(page) for page in pages] == [100, 100, 30]
    assert etsy.paths == ["active", "batch"] * 3
    actives = [r.query for r in etsy.requests if r.path.endswith("active")]
    assert [(q["limit"], q["offset"]) for q in actives] == [
        ("100", "0"),
        ("100", "100"),
        ("30", "200"),
    ]
    assert actives[0]["keywords"] == "levis 501" and actives[0]["sort_on"] == "created"
    assert (actives[0]["min_price"], actives[0]["max_price"]) == ("20", "99.5")
    batches = [r.query for r in etsy.requests if r.path.endswith("batch")]
    assert batches[0]["includes"] == "Images,Shop"
    assert batches[0]["listing_ids"] == ",".join(str(n) for n in range(250, 150, -1))
    assert all(item["shop"]["shop_name"] == "IndigoFinds" for page in pages for item in page)


async def test_search_stops_at_the_last_page_and_keeps_listings_sold_in_between(etsy, make_client):
    etsy.total, etsy.sold = 150, {149}
    pages = [page async for page in make_client().search("levis", limit_total=1000)]
    items = [item for page in pages for item in page]
    assert len(items) == 150 and etsy.paths == ["active", "batch"] * 2
    sold = next(item for item in items if item["listing_id"] == 149)
    assert "shop" not in sold and sold["title"] == "Vintage Levi&#39;s 501 #149"


async def test_a_listing_pushed_onto_the_next_page_is_yielded_once(etsy, make_client):
    etsy.new_since_first_page = 5
    pages = [page async for page in make_client().search("levis", limit_total=150, page_size=50)]
    ids = [item["listing_id"] for page in pages for item in page]
    assert len(ids) == len(set(ids)) == 150
