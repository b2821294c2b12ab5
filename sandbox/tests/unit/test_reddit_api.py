"""The Reddit sandbox over HTTP: OAuth, listings, search, comment pages, limits and faults, in the
shapes of the real responses recorded in ../shared/data/recorded/reddit."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig
from indigo_sandbox.testing import RunningSandbox, running_sandbox

from .conftest import START, shared_json

ID, SECRET = "indigo-sandbox-reddit-id", "indigo-sandbox-reddit-secret"
# The other marketplaces' catalogues kept small: these tests do not read them.
SMALL = dict(ebay=EbaySandboxConfig(catalogue_size=50), etsy=EtsySandboxConfig(catalogue_size=50))


class RedditClient:
    """Talks to the sandbox as PRAW talks to www.reddit.com and oauth.reddit.com."""

    def __init__(self, session: aiohttp.ClientSession, reddit_url: str) -> None:
        self.session = session
        self.url = reddit_url
        self.token: str | None = None

    async def request_token(
        self, client_id: str = ID, secret: str = SECRET, grant_type: str = "client_credentials"
    ) -> tuple[int, dict[str, Any]]:
        async with self.session.post(
            f"{self.url}/api/v1/access_token",
            headers={"Authorization": aiohttp.encode_basic_auth(client_id, secret)},
            data={"grant_type": grant_type},
        ) as response:
            return response.status, await response.json()

    async def authorize(self) -> None:
        status, body = await self.request_token()
        assert status == 200, body
        self.token = body["access_token"]

    async def get(self, path: str, *, raw_json: bool = True, **params: str):
        if raw_json:
            params["raw_json"] = "1"
        async with self.session.get(
            f"{self.url}/{path}",
            params=params,
            headers={"Authorization": f"bearer {self.token}"},
            allow_redirects=False,
        ) as response:
            text = await response.text()
            body = json.loads(text) if text and "json" in response.content_type else text
            return response.status, body, response.headers


@pytest_asyncio.fixture
async def clock() -> ManualClock:
    return ManualClock(START)


@pytest_asyncio.fixture
async def sandbox(clock: ManualClock) -> AsyncIterator[RunningSandbox]:
    config = RedditSandboxConfig(rate_limit_requests=30, rate_limit_window_seconds=600)
    async with running_sandbox(reddit=config, clock=clock, **SMALL) as running:
        yield running


@pytest_asyncio.fixture
async def reddit(sandbox: RunningSandbox) -> AsyncIterator[RedditClient]:
    async with aiohttp.ClientSession() as session:
        client = RedditClient(session, sandbox.reddit_url)
        await client.authorize()
        yield client


def recorded_bodies(name: str) -> list[Any]:
    cassette = shared_json(f"recorded/reddit/{name}")
    return [
        json.loads(interaction["response"]["body"]["string"])
        for interaction in cassette["interactions"]
        if interaction["response"]["status"]["code"] == 200
    ]


def type_differences(ours: Any, recorded: Any, where: str = "") -> list[str]:
    """Where a field both have holds another JSON type in ours than in the recording (null in
    either is allowed: Reddit leaves many fields null on some posts)."""
    if ours is None or recorded is None:
        return []
    if isinstance(ours, dict) and isinstance(recorded, dict):
        return [
            problem
            for key in ours.keys() & recorded.keys() - {"replies", "edited"}
            for problem in type_differences(ours[key], recorded[key], f"{where}.{key}")
        ]
    if isinstance(ours, bool) != isinstance(recorded, bool):
        return [f"{where}: {type(ours).__name__}, recorded {type(recorded).__name__}"]
    if isinstance(ours, int | float) and isinstance(recorded, int | float):
        return []
    if type(ours) is not type(recorded) and not (
        isinstance(ours, list) and isinstance(recorded, list)
    ):
        return [f"{where}: {type(ours).__name__}, recorded {type(recorded).__name__}"]
    return []


async def test_token_answers_as_reddit_does(sandbox: RunningSandbox) -> None:
    recorded = recorded_bodies("praw__TestSubreddit.test_search.json")[0]
    async with aiohttp.ClientSession() as session:
        client = RedditClient(session, sandbox.reddit_url)
        status, body = await client.request_token()
        refused, refusal = await client.request_token(secret="wrong")
        other_grant, unsupported = await client.request_token(grant_type="password")
    assert status == 200 and body.keys() == recorded.keys()
    assert body["token_type"] == "bearer" and body["expires_in"] == 86400
    assert (refused, refusal) == (401, {"message": "Unauthorized", "error": 401})
    # Reddit answers an unsupported grant with 200 and an error field.
    assert (other_grant, unsupported) == (200, {"error": "unsupported_grant_type"})


async def test_a_bad_or_expired_token_gets_401(sandbox, reddit: RedditClient, clock) -> None:
    status, _, _ = await reddit.get("r/rawdenim/new")
    assert status == 200
    reddit.token = "not-a-token"
    status, body, headers = await reddit.get("r/rawdenim/new")
    assert (status, body) == (401, {"message": "Unauthorized", "error": 401})
    assert 'error="invalid_token"' in headers["www-authenticate"]
    await reddit.authorize()
    clock.advance(seconds=86400)
    status, _, _ = await reddit.get("r/rawdenim/new")
    assert status == 401


async def test_new_is_a_listing_of_posts_in_reddits_shape(reddit: RedditClient) -> None:
    status, body, headers = await reddit.get("r/rawdenim/new", limit="100")
    assert status == 200 and body["kind"] == "Listing"
    posts = [child["data"] for child in body["data"]["children"]]
    assert len(posts) == 100 and {c["kind"] for c in body["data"]["children"]} == {"t3"}
    assert [p["created_utc"] for p in posts] == sorted(
        (p["created_utc"] for p in posts), reverse=True
    )
    assert all(p["created_utc"] <= START.timestamp() for p in posts)
    assert body["data"]["after"] == f"t3_{posts[-1]['id']}" and body["data"]["dist"] == 100
    recorded = recorded_bodies("praw__TestSubmission.test_hide_multiple_in_batches.json")[1]
    example = recorded["data"]["children"][0]["data"]
    assert not type_differences(posts[0], example)
    assert len(set(example) - set(posts[0])) < 10, set(example) - set(posts[0])
    # As Reddit writes them: remaining a float string, used and reset whole numbers.
    assert headers["x-ratelimit-remaining"] == "29.0" and headers["x-ratelimit-used"] == "1"
    assert 0 < int(headers["x-ratelimit-reset"]) <= 600


async def test_pages_follow_after_without_overlap(reddit: RedditClient) -> None:
    _, first, _ = await reddit.get("r/rawdenim/new", limit="25")
    _, second, _ = await reddit.get("r/rawdenim/new", limit="25", after=first["data"]["after"])
    first_ids = {c["data"]["id"] for c in first["data"]["children"]}
    second_ids = {c["data"]["id"] for c in second["data"]["children"]}
    assert len(second_ids) == 25 and not first_ids & second_ids
    _, capped, _ = await reddit.get("r/rawdenim/new", limit="500")
    assert len(capped["data"]["children"]) == 100


async def test_subreddit_names_ignore_case_and_unknown_ones_redirect(reddit: RedditClient):
    _, lower, _ = await reddit.get("r/vintagefashion/new", limit="5")
    _, upper, _ = await reddit.get("r/VintageFashion/new", limit="5")
    assert lower == upper and lower["data"]["children"][0]["data"]["subreddit"] == "VintageFashion"
    status, _, headers = await reddit.get("r/nosuchsubreddit/new")
    assert status == 302 and "/subreddits/search" in headers["Location"]


async def test_search_matches_words_in_one_subreddit_or_all(reddit: RedditClient) -> None:
    _, found, _ = await reddit.get(
        "r/rawdenim/search", q="levis", restrict_sr="true", sort="new", t="all", limit="100"
    )
    posts = [child["data"] for child in found["data"]["children"]]
    assert posts and all(p["subreddit"] == "rawdenim" for p in posts)
    assert all(
        "levis" in (p["title"] + p["selftext"]).lower().replace("'", "").replace("’", "")
        for p in posts
    )
    assert "facets" in found["data"]
    _, everywhere, _ = await reddit.get("r/all/search", q="levis", sort="new", limit="100")
    subreddits = {child["data"]["subreddit"] for child in everywhere["data"]["children"]}
    assert len(subreddits) > 1
    _, last_hour, _ = await reddit.get(
        "r/rawdenim/search", q="levis", restrict_sr="1", t="hour", limit="100"
    )
    assert len(last_hour["data"]["children"]) < len(posts)


async def test_hot_puts_the_weeks_market_thread_first(reddit: RedditClient) -> None:
    _, hot, _ = await reddit.get("r/rawdenim/hot", limit="10")
    thread = hot["data"]["children"][0]["data"]
    assert thread["stickied"] and "Buy/Sell/Trade" in thread["title"]
    assert sum(child["data"]["stickied"] for child in hot["data"]["children"]) == 1


async def comments_page(reddit: RedditClient, **params: str) -> tuple[dict, list]:
    _, hot, _ = await reddit.get("r/rawdenim/hot", limit="1")
    thread = hot["data"]["children"][0]["data"]
    status, page, _ = await reddit.get(f"comments/{thread['id']}", **params)
    assert status == 200
    return thread, page


async def test_a_comments_page_is_the_post_and_its_comment_tree(reddit: RedditClient) -> None:
    thread, page = await comments_page(reddit, limit="500")
    assert isinstance(page, list) and len(page) == 2
    assert [listing["kind"] for listing in page] == ["Listing", "Listing"]
    assert page[0]["data"]["children"][0]["data"]["id"] == thread["id"]
    top = [child["data"] for child in page[1]["data"]["children"]]
    assert top and all(c["parent_id"] == f"t3_{thread['id']}" for c in top)
    assert any(c["replies"] == "" for c in top), "no replies is an empty string"
    nested = [c for c in top if c["replies"]]
    assert nested and nested[0]["replies"]["kind"] == "Listing"
    reply = nested[0]["replies"]["data"]["children"][0]["data"]
    assert reply["parent_id"] == f"t1_{nested[0]['id']}" and reply["depth"] == 1
    recorded = recorded_bodies("asyncpraw__TestSubreddit.test_sticky.json")[-1]
    assert not type_differences(top[0], recorded[1]["data"]["children"][0]["data"])
    _, with_subreddit, _ = await reddit.get(f"r/rawdenim/comments/{thread['id']}/some_slug/")
    assert with_subreddit[0] == page[0]


async def test_comments_past_the_limit_become_more_stubs(reddit: RedditClient) -> None:
    thread, page = await comments_page(reddit, limit="10", sort="new")
    children = page[1]["data"]["children"]
    stub = children[-1]
    assert stub["kind"] == "more" and stub["data"]["parent_id"] == f"t3_{thread['id']}"
    assert stub["data"]["count"] == len(stub["data"]["children"]) > 0
    wanted = stub["data"]["children"][:5]
    status, more, _ = await reddit.get(
        "api/morechildren", link_id=f"t3_{thread['id']}", children=",".join(wanted), api_type="json"
    )
    things = more["json"]["data"]["things"]
    assert status == 200 and sorted(t["data"]["id"] for t in things) == sorted(wanted)
    assert [t["data"]["depth"] for t in things] == sorted(t["data"]["depth"] for t in things)
    assert all(t["data"]["replies"] == "" for t in things)
    _, shallow = await comments_page(reddit, depth="1")
    deep_stubs = [
        c["data"]
        for top in shallow[1]["data"]["children"]
        if top["kind"] == "t1" and top["data"]["replies"]
        for c in top["data"]["replies"]["data"]["children"]
    ]
    assert deep_stubs and all(s["count"] == 0 and s["id"] == "_" for s in deep_stubs)


async def test_text_is_escaped_unless_raw_json(reddit: RedditClient) -> None:
    _, raw, _ = await reddit.get("r/frugalmalefashion/new", limit="100")
    _, escaped, _ = await reddit.get("r/frugalmalefashion/new", raw_json=False, limit="100")
    titles = [(a["data"]["title"], b["data"]["title"])
              for a, b in zip(raw["data"]["children"], escaped["data"]["children"], strict=True)]  # fmt: skip
    with_ampersand = [(r, e) for r, e in titles if "&" in r]
    assert with_ampersand or titles
    assert all(e == r.replace("&", "&amp;") for r, e in with_ampersand)


async def test_unknown_post_is_404(reddit: RedditClient) -> None:
    status, body, _ = await reddit.get("comments/zzzzzzz")
    assert (status, body) == (404, {"message": "Not Found", "error": 404})


async def test_spent_budget_gets_reddits_html_429_until_the_window_resets(sandbox, reddit, clock):
    for _ in range(30):
        status, _, headers = await reddit.get("r/rawdenim/new", limit="1")
    assert status == 200 and headers["x-ratelimit-remaining"] == "0.0"
    status, body, headers = await reddit.get("r/rawdenim/new", limit="1")
    assert status == 429 and "text/html" in headers["Content-Type"]
    assert "Too Many Requests" in body and int(headers["retry-after"]) > 0
    clock.advance(seconds=int(headers["x-ratelimit-reset"]))
    status, _, headers = await reddit.get("r/rawdenim/new", limit="1")
    assert status == 200 and headers["x-ratelimit-used"] == "1"


async def test_faults_answer_as_reddit_fails(sandbox: RunningSandbox, reddit: RedditClient):
    await sandbox.inject_fault(
        {"kind": "rate_limit", "count": 1, "retry_after": 3, "path": "search"}, marketplace="reddit"
    )
    await sandbox.inject_fault({"kind": "server_error", "path": "new"}, marketplace="reddit")
    status, body, headers = await reddit.get("r/rawdenim/search", q="levis")
    assert status == 429 and headers["retry-after"] == "3" and "please wait 3 second" in body
    status, body, _ = await reddit.get("r/rawdenim/new")
    assert (status, body) == (500, {"message": "Internal Server Error", "error": 500})
    await sandbox.inject_fault({"kind": "expire_tokens"}, marketplace="reddit")
    status, _, _ = await reddit.get("r/rawdenim/new")
    assert status == 401
    stats = await sandbox.stats(marketplace="reddit")
    assert stats["requests"]["search"] == {"429": 1}
    assert stats["requests"]["new"] == {"401": 1, "500": 1} and stats["tokens_issued"] == 1


async def test_the_same_seed_and_time_give_the_same_answers(clock: ManualClock) -> None:
    async def snapshot() -> Any:
        async with (
            running_sandbox(reddit=RedditSandboxConfig(seed=5), clock=clock, **SMALL) as running,
            aiohttp.ClientSession() as session,
        ):
            client = RedditClient(session, running.reddit_url)
            await client.authorize()
            _, body, _ = await client.get("r/rawdenim/new", limit="50")
            return body

    assert await snapshot() == await snapshot()


async def test_the_subreddit_moves_on_with_time(reddit: RedditClient, clock: ManualClock) -> None:
    _, before, _ = await reddit.get("r/ThriftStoreHauls/new", limit="10")
    clock.advance(seconds=timedelta(hours=3).total_seconds())
    _, after, _ = await reddit.get("r/ThriftStoreHauls/new", limit="10")
    old_ids = {child["data"]["id"] for child in before["data"]["children"]}
    newest = after["data"]["children"][0]["data"]
    assert newest["id"] not in old_ids and newest["created_utc"] > START.timestamp()


@pytest.mark.parametrize("path", ["r/rawdenim/new", "comments/1abcdef", "api/morechildren"])
async def test_every_api_call_needs_a_token(sandbox: RunningSandbox, path: str) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{sandbox.reddit_url}/{path}") as response:
            assert response.status == 401
