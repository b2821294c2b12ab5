"""The Reddit sandbox's subreddits: what people post there, and how posts change with time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from indigo_sandbox.reddit.board import SUBREDDITS, Board

from .conftest import START


@pytest.fixture(scope="module")
def board() -> Board:
    return Board(seed=1, history_days=14)


@pytest.fixture(scope="module")
def posts(board: Board):
    return [post for subreddit in SUBREDDITS for post in board.posts(subreddit, START)]


def titles(posts, kind: str) -> list[str]:
    return [post.title for post in posts if post.kind == kind]


def test_sale_posts_follow_buy_sell_trade_conventions(posts) -> None:
    sales = titles(posts, "sale")
    text = "\n".join(sales)
    for convention in ("[WTS]", "[WTS/WTT]", "[WTT]", "[FS]", "WTS:", "[H]", "[W] PayPal"):
        assert convention in text, convention
    tags = set(re.findall(r"\[((?:US|USA|CAN|CA|UK|EU|AUS|CONUS)[A-Z-]*)\]", text))
    assert {"US-CA", "UK", "EU", "CAN", "AUS"} & tags and len(tags) >= 8
    bodies = "\n".join(post.body for post in posts if post.kind == "sale")
    for form in (" shipped", " + shipping", " OBO", "€", "£", "Price: ", "| Price |", "- "):
        assert form in bodies + text, form
    assert re.search(r"\$\d+-\d+", bodies), "price ranges"


def test_the_other_posts_are_not_sales(posts) -> None:
    assert any(title.startswith("[WTB]") or "[H] PayPal" in title for title in titles(posts, "wtb"))
    assert any(re.search(r"\$\d", title) for title in titles(posts, "haul")), "hauls name prices"
    assert any("(reg $" in title for title in titles(posts, "deal"))
    assert titles(posts, "discussion") and titles(posts, "sold_report")


def test_each_subreddit_has_its_own_mix(board: Board) -> None:
    kinds = {sub.name: {post.kind for post in board.posts(sub, START)} for sub in SUBREDDITS}
    assert kinds["malefashionadvice"] == {"discussion"}
    assert "sale" in kinds["rawdenim"] and "market" in kinds["rawdenim"]
    assert "sale" not in kinds["ThriftStoreHauls"]
    assert board.subreddit("VINTAGEFASHION") is board.subreddit("vintagefashion")
    assert board.subreddit("nosuchsubreddit") is None


def test_market_threads_hold_sales_wants_and_replies(board: Board) -> None:
    subreddit = board.subreddit("rawdenim")
    thread = next(
        post for post in board.posts(subreddit, START) if post.stickied(START.timestamp())
    )
    comments = board.comments(thread, START)
    top = [c for c in comments if c.depth == 0]
    replies = [c for c in comments if c.depth > 0]
    assert len(top) > 20 and replies
    assert sum(bool(c.offers) for c in top) > len(top) / 3
    assert any(c.text.startswith("WTB") for c in top)
    assert any(c.text in ("PM'd", "PM sent", "Interested, PM'd") for c in replies)
    assert all(c.created <= START.timestamp() for c in comments)
    ids = {c.id for c in comments}
    assert all(c.parent_id[3:] in ids for c in replies), "replies come after their parents"


def test_sellers_edit_posts_as_items_sell_and_prices_drop(board: Board) -> None:
    later = START + timedelta(days=10)
    at = later.timestamp()
    changed = [
        post
        for sub in SUBREDDITS
        for post in board.posts(sub, START)
        if post.sale and any(when and START.timestamp() < when <= at for when in post.sold_at)
    ]
    assert changed
    post = changed[0]
    before, after = post.at(START.timestamp()), post.at(at)
    assert before.selftext != after.selftext and after.edited
    assert "~~" in after.selftext or "SOLD" in after.selftext or after.flair == "Sold"
    drops = [p for sub in SUBREDDITS for p in board.posts(sub, later) if p.sale and any(p.drop_at)]
    dropped = next(p for p in drops if any(w and w <= at for w in p.drop_at))
    assert re.search(r"~~[^~]*\d[^~]*~~ \S*\d", dropped.at(at).selftext), "old price struck"


def test_nothing_is_shown_before_it_happens(board: Board) -> None:
    subreddit = board.subreddit("ThriftStoreHauls")
    earlier = START - timedelta(hours=6)
    newest_then = board.posts(subreddit, earlier)[0]
    assert newest_then.created <= earlier.timestamp()
    assert board.post(newest_then.id, earlier) is newest_then
    newest_now = board.posts(subreddit, START)[0]
    assert board.post(newest_now.id, earlier) is None


def test_the_same_seed_gives_the_same_subreddits() -> None:
    first, second = Board(seed=3, history_days=2), Board(seed=3, history_days=2)
    other = Board(seed=4, history_days=2)
    rawdenim = first.subreddit("rawdenim")
    assert [p.title for p in first.posts(rawdenim, START)] == [
        p.title for p in second.posts(rawdenim, START)
    ]
    assert [p.title for p in first.posts(rawdenim, START)] != [
        p.title for p in other.posts(rawdenim, START)
    ]
