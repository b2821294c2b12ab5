"""Handle ``SyncRequested`` for Reddit: read the subreddits, publish the sales they hold.

A sync reads, for each subreddit (once, whatever the case of its name), the first page of ``hot``
(where the stickied buy/sell/trade threads are); then the comments of those threads (a weekly
thread is a subreddit's market); then pages of a search for the request's keywords and of ``new``,
in turns across subreddits (a buy/sell/trade thread found there is read too). It stops at the
request's ``limit`` listings, or when every listing is read (at most ``ceil(limit / 100)`` pages
each: Reddit lists a thousand posts at most anyway).

A subreddit that does not exist (or is private) is skipped with a warning; the job fails only
when none could be read. ``min_price`` / ``max_price`` filters are in USD and keep only listings
with a price inside them; Reddit has no condition field, so condition filters do not apply.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indigo_shared.collecting import FetchedPage, Fetcher, run_sync
from indigo_shared.events import Listing, SyncFilters, SyncRequested, SyncStatusChanged
from indigo_shared.nats import Publisher

from indigo_collector_reddit.adapters.reddit import MAX_PAGE_SIZE, RedditNotFound, RedditReader
from indigo_collector_reddit.domain.mapping import is_bst_post, parse_comments_page, parse_listing

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadingPlan:
    subreddits: Sequence[str]
    comment_limit: int = 500
    more_comments: int = 8


def unique_subreddits(names: Sequence[str]) -> list[str]:
    """The names once each, compared as Reddit does (case-insensitively), in the given order."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(name.lower(), name)
    return list(first.values())


async def fetch_pages(
    reader: RedditReader,
    request: SyncRequested,
    plan: ReadingPlan,
    *,
    fx: Mapping[str, Decimal],
) -> AsyncIterator[FetchedPage]:
    wanted = request.limit
    yielded = 0
    seen_posts: set[str] = set()
    threads: list[str] = []
    read_threads: set[str] = set()
    subreddits = unique_subreddits(plan.subreddits)
    readable: list[str] = []

    def take(listings: list[Listing], errors: int, posts: Sequence[dict] = ()) -> FetchedPage:
        """A page of what was read, cut to the request's limit; note the threads found."""
        nonlocal yielded
        threads.extend(p["id"] for p in posts if is_bst_post(p) and p["id"] not in threads)
        listings = _within(listings, request.filters)[: wanted - yielded]
        yielded += len(listings)
        # Never a full sync: `new` and search show recent posts only, so a post missing from them
        # has aged out, not ended. Reddit listings end when their seller marks them sold.
        return FetchedPage(listings=listings, errors=errors, more_available=True)

    def posts_page(body: dict) -> FetchedPage:
        posts = _new_posts(body, seen_posts)
        page = parse_listing(_only(body, posts), fx=fx)
        return take(page.listings, len(page.errors), posts)

    for subreddit in subreddits:
        try:
            body = await reader.hot(subreddit)
        except RedditNotFound as exc:
            log.warning("r/%s skipped: %s", subreddit, exc)
            continue
        readable.append(subreddit)
        yield posts_page(body)
        if yielded >= wanted:
            return
    if not readable:
        raise RedditNotFound(f"none of the subreddits could be read: {', '.join(subreddits)}")
    async for page in _thread_pages(reader, threads, read_threads, plan, take, fx):
        yield page
        if yielded >= wanted:
            return

    max_pages = max(1, math.ceil(wanted / MAX_PAGE_SIZE))
    cursors: dict[tuple[str, str], str | None] = {
        (subreddit, kind): None for subreddit in readable for kind in ("search", "new")
    }
    pages_read = dict.fromkeys(cursors, 0)
    while cursors and yielded < wanted:
        for key in list(cursors):
            subreddit, kind = key
            if kind == "search":
                body = await reader.search(subreddit, request.keywords, after=cursors[key])
            else:
                body = await reader.new(subreddit, after=cursors[key])
            pages_read[key] += 1
            yield posts_page(body)
            if yielded >= wanted:
                return
            after = (body.get("data") or {}).get("after")
            if not after or pages_read[key] >= max_pages:
                del cursors[key]
            else:
                cursors[key] = after
    async for page in _thread_pages(reader, threads, read_threads, plan, take, fx):
        yield page
        if yielded >= wanted:
            return


async def _thread_pages(
    reader: RedditReader,
    threads: list[str],
    read_threads: set[str],
    plan: ReadingPlan,
    take: Callable[[list[Listing], int], FetchedPage],
    fx: Mapping[str, Decimal],
) -> AsyncIterator[FetchedPage]:
    for thread_id in [thread for thread in threads if thread not in read_threads]:
        read_threads.add(thread_id)
        try:
            body = await reader.comments(
                thread_id, limit=plan.comment_limit, more_limit=plan.more_comments
            )
        except RedditNotFound as exc:
            log.warning("thread %s skipped: %s", thread_id, exc)
            continue
        page = parse_comments_page(body, fx=fx)
        # The thread post itself was read with its subreddit's posts.
        comments = [
            listing
            for listing in page.listings
            if not listing.external_id.startswith(f"{thread_id}:")
        ]
        yield take(comments, len(page.errors))


def _new_posts(body: dict, seen: set[str]) -> list[dict]:
    """The posts of a listing page not read before in this sync (search and new overlap)."""
    posts = []
    for child in (body.get("data") or {}).get("children") or []:
        data = child.get("data") if isinstance(child, dict) else None
        if not isinstance(data, dict):
            continue
        post_id = data.get("id")
        if child.get("kind") == "t3" and isinstance(post_id, str) and post_id not in seen:
            seen.add(post_id)
            posts.append(data)
    return posts


def _only(body: dict, posts: list[dict]) -> dict:
    return {"kind": "Listing", "data": {**(body.get("data") or {}), "children": [
        {"kind": "t3", "data": post} for post in posts
    ]}}  # fmt: skip


def _within(listings: list[Listing], filters: SyncFilters) -> list[Listing]:
    low, high = filters.min_price, filters.max_price
    if low is None and high is None:
        return listings
    return [
        listing
        for listing in listings
        if listing.price_usd is not None
        and (low is None or listing.price_usd >= low)
        and (high is None or listing.price_usd <= high)
    ]


async def handle_sync_requested(
    publisher: Publisher, request: SyncRequested, fetch: Fetcher
) -> SyncStatusChanged:
    """One Reddit sync job: its pages, published, with the job's status as it goes."""
    return await run_sync(publisher, request, fetch(request))
