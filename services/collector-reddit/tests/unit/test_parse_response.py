"""``parse_response`` (``indigo parse reddit``): a Listing or a comments page in, listings out;
anything else refused with a one-line reason."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from indigo_cli.main import cli
from indigo_collector_reddit.domain.mapping import parse_response
from indigo_shared.parsing import NotAResponse


def t3(post_id: str, title: str, selftext: str = "", **fields) -> dict:
    return {
        "kind": "t3",
        "data": {
            "id": post_id,
            "name": f"t3_{post_id}",
            "title": title,
            "selftext": selftext,
            "author": "seller",
            "permalink": f"/r/rawdenim/comments/{post_id}/x/",
            "created_utc": 1795000000.0,
            "score": 5,
            "num_comments": 2,
            "upvote_ratio": 1.0,
            **fields,
        },
    }


def t1(comment_id: str, body: str, parent: str, replies: dict | str = "") -> dict:
    return {
        "kind": "t1",
        "data": {
            "id": comment_id,
            "name": f"t1_{comment_id}",
            "body": body,
            "author": f"user_{comment_id}",
            "parent_id": parent,
            "link_id": "t3_thread1",
            "permalink": f"/r/rawdenim/comments/thread1/x/{comment_id}/",
            "created_utc": 1795000100.0,
            "score": 2,
            "replies": replies,
        },
    }


def listing(*children: dict, after: str | None = None) -> dict:
    return {"kind": "Listing", "data": {"after": after, "dist": len(children), "modhash": None,
                                        "children": list(children), "before": None}}  # fmt: skip


def test_a_listing_of_posts_gives_the_sales_only():
    body = listing(
        t3("aaa1", "[WTS][US] Levi's 501 32x32 $45 shipped"),
        t3("aaa2", "Fade check: my 501s after a year"),
        t3("aaa3", "[WTB] LVC 1947 33x32", "up to $150"),
        after="t3_aaa3",
    )
    (listing_,) = parse_response(json.dumps(body))
    assert listing_.external_id == "aaa1:1" and listing_.price == Decimal("45")


def test_escaped_text_without_raw_json_reads_the_same():
    body = listing(
        t3("aaa1", "[WTS][US] Levi's 501 &amp; Lee 101Z", "501 32x32 $45 &amp; 101Z 33x32 $60")
    )
    listings = parse_response(json.dumps(body))
    assert [listing_.price for listing_ in listings] == [Decimal("45"), Decimal("60")]
    assert "&amp;" not in listings[0].title


def test_a_comments_page_of_a_bst_thread_gives_its_top_level_sales():
    thread = t3("thread1", "Weekly Buy/Sell/Trade Thread - November 23, 2026", "Rules...")
    sale = t1(
        "c1",
        "WTS: [US-CA] Levi's 501 33x32 $45 shipped",
        "t3_thread1",
        replies=listing(t1("c2", "PM'd", "t1_c1"), t1("c3", "Would you take $40?", "t1_c1")),
    )
    want = t1("c4", "WTB: LVC 1955 501 33x32, up to $200", "t3_thread1")
    stub = {"kind": "more", "data": {"count": 3, "name": "t1_c5", "id": "c5",
                                     "parent_id": "t3_thread1", "depth": 0,
                                     "children": ["c5", "c6", "c7"]}}  # fmt: skip
    page = [listing(thread), listing(sale, want, stub)]
    (listing_,) = parse_response(json.dumps(page))
    assert listing_.external_id == "c1:1" and listing_.price == Decimal("45")
    assert listing_.location == "US" and listing_.shipping_cost == Decimal("0")
    assert listing_.engagement.comments == 2 and listing_.seller_username == "user_c1"
    assert listing_.raw_data == sale["data"]


def test_comments_of_an_ordinary_post_are_not_listings():
    post = t3("post1", "What era are these 501s?")
    page = [listing(post), listing(t1("c1", "Selling mine: Levi's 501 $60", "t3_post1"))]
    assert parse_response(json.dumps(page)) == []


def test_a_comment_stream_listing_knows_threads_by_link_title():
    comment = t1("c1", "[UK] Levi's 501 W32 £45 posted", "t3_thread1")
    comment["data"]["link_title"] = "Monthly BST thread"
    (listing_,) = parse_response(json.dumps(listing(comment)))
    assert (listing_.price, listing_.currency) == (Decimal("45"), "GBP")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "an empty body, not JSON"),
        ("<!doctype html><html><head><title>Too Many Requests</title>", "an HTML page"),
        ("{not json", "not JSON"),
        ("42", "a JSON int"),
        ('{"kind": "t3", "data": {}}', "a Reddit t3 object"),
        ('{"error": 401}', "a Reddit error response (401)"),
        ('{"message": "Not Found", "error": 404}', "a Reddit error response (404: Not Found)"),
        ('{"access_token": "x", "token_type": "bearer"}', "an OAuth token response"),
        ('{"interactions": []}', "a recorded cassette"),
        ('{"kind": "Listing", "data": {}}', "no data.children list"),
        ('[{"kind": "Listing", "data": {"children": []}}]', "two-element array"),
        (
            '{"kind": "Listing", "data": {"children": [{"kind": "t5", "data": {"id": "x"}}]}}',
            "none of the 1 things",
        ),
    ],  # fmt: skip
)
def test_anything_else_is_refused_with_a_one_line_reason(text, reason):
    with pytest.raises(NotAResponse) as refused:
        parse_response(text)
    assert reason in str(refused.value) and "\n" not in str(refused.value)


def test_a_malformed_post_is_skipped_not_fatal():
    body = listing({"kind": "t3", "data": {"id": "bad"}}, t3("ok1", "[WTS] Lee 101Z $60"))
    assert [listing_.external_id for listing_ in parse_response(json.dumps(body))] == ["ok1:1"]


def test_indigo_parse_reddit_prints_listings_or_exits_2(tmp_path):
    page = tmp_path / "new.json"
    page.write_text(json.dumps(listing(t3("aaa1", "[WTS][EU] Evisu W32 €120 incl. shipping"))))
    printed = CliRunner().invoke(cli, ["parse", "reddit", str(page)])
    assert printed.exit_code == 0, printed.output
    (line,) = printed.output.splitlines()
    assert json.loads(line)["price"] == "120" and json.loads(line)["currency"] == "EUR"

    token = tmp_path / "token.json"
    token.write_text('{"access_token": "x", "token_type": "bearer", "expires_in": 86400}')
    refused = CliRunner().invoke(cli, ["parse", "reddit", str(token)])
    assert refused.exit_code == 2
    assert "OAuth token response" in refused.output and len(refused.output.splitlines()) == 1
