"""A Reddit sync never counts as full: absence from recent pages does not mean a post ended."""

from __future__ import annotations

from indigo_collector_reddit.handlers import ReadingPlan, fetch_pages
from indigo_shared.events import SyncRequested


class OneQuietSubreddit:
    """A reader whose only subreddit has one discussion post and nothing more."""

    post = {
        "kind": "t3",
        "data": {
            "id": "q1",
            "name": "t3_q1",
            "title": "How do I date Levi's?",
            "selftext": "",
            "subreddit": "rawdenim",
            "author": "a",
            "score": 1,
            "num_comments": 0,
            "created_utc": 1764000000,
            "permalink": "/r/rawdenim/comments/q1/x/",
        },
    }

    async def hot(self, subreddit):
        return {"kind": "Listing", "data": {"after": None, "children": [self.post]}}

    async def new(self, subreddit, after=None):
        return {"kind": "Listing", "data": {"after": None, "children": []}}

    async def search(self, subreddit, keywords, after=None):
        return {"kind": "Listing", "data": {"after": None, "children": []}}


async def test_every_reddit_page_says_more_may_exist():
    plan = ReadingPlan(subreddits=["rawdenim"])
    request = SyncRequested(platform="reddit", limit=50)
    pages = [page async for page in fetch_pages(OneQuietSubreddit(), request, plan, fx={})]
    assert pages and all(page.more_available for page in pages)
