"""The parser reads the Reddit sandbox's sale posts and thread comments as their writers meant
them: the sandbox keeps every price it writes, in all its forms (symbols before and after, bare
numbers, ranges, tables, "Price:" lines, price drops struck through, sold items, shipping terms,
OBO), so each listing can be checked against it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from indigo_collector_reddit.domain.mapping import comment_listings, post_listings
from indigo_sandbox.reddit.board import SUBREDDITS, Board
from indigo_sandbox.reddit.render import comment_thing, post_thing

START = datetime(2026, 11, 29, 12, tzinfo=UTC)


def expected_post(post, at: float) -> list[tuple]:
    sale = post.sale
    all_sold = all(when and when <= at for when in post.sold_at)
    flaired_sold = all_sold and (post.subreddit.sale_flairs or len(sale.offers) == 1)
    expected = []
    for index, offer in enumerate(sale.offers):
        dropped = post.drop_at[index] and post.drop_at[index] <= at and offer.drop_to is not None
        price = offer.drop_to if dropped else offer.price
        sold = bool(post.sold_at[index] and post.sold_at[index] <= at) or flaired_sold
        if sale.intent == "trade":  # no price; done once the post says so
            price, sold = None, flaired_sold
        expected.append(_terms(price, sale.style, sold))
    return expected


def _terms(price, style, sold) -> tuple:
    if price is None:
        return (None, None, None, sold)
    return (price, style.currency, style.shipping_truth, sold)


def found(listings) -> list[tuple]:
    return [
        (item.price, item.currency, item.shipping_cost, item.buying_format == "sold")
        for item in listings
    ]


@pytest.mark.parametrize(("seed", "days_later"), [(1, 0), (2, 4)])
def test_every_sale_post_reads_as_written(seed: int, days_later: int) -> None:
    board = Board(seed=seed, history_days=14)
    now = START + timedelta(days=days_later)
    at = now.timestamp()
    sales = others = 0
    for subreddit in SUBREDDITS:
        for post in board.posts(subreddit, now):
            listings = post_listings(post_thing(post, at, num_comments=0)["data"])
            if post.sale is None:
                assert listings == [], post.title
                others += 1
            else:
                assert found(listings) == expected_post(post, at), post.title
                sales += 1
    assert sales > 150 and others > 1000


def test_every_thread_comment_reads_as_written() -> None:
    board = Board(seed=1, history_days=14)
    at = START.timestamp()
    read = 0
    for subreddit in SUBREDDITS:
        for post in board.posts(subreddit, START):
            if post.kind != "market":
                continue
            for comment in board.comments(post, START):
                data = comment_thing(comment, post, at, replies="")["data"]
                expected = []
                if comment.depth == 0 and comment.offers:
                    expected = [
                        _terms(offer.price, comment.style, bool(sold and sold <= at))
                        for offer, sold in zip(comment.offers, comment.sold_at, strict=True)
                    ]
                assert found(comment_listings(data, in_bst_thread=True)) == expected, data["body"]
                read += 1
    assert read > 500
