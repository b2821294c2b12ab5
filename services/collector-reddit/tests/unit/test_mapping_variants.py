"""Reddit posts and comments as the real API sends them, turned into sales: a recorded post's
and comment's ``data`` (every field Reddit sends, when the recordings are there) with the title
and text of a sale, then the variants real responses bring: link and image posts, removed and
deleted content, a comment without a body, galleries with failed media, HTML entities and
unicode, other currencies, numbers in other shapes. The expectation is what a user would want:
the listing with the field empty, a rejection naming the field when the thing is unusable, never
a crash or a silently wrong value."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from indigo_collector_reddit.domain.mapping import (
    MalformedThing,
    comment_listings,
    parse_comments_page,
    post_listings,
)

RECORDED = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "recorded" / "reddit"
CREATED = 1_795_000_000
MISSING = object()
SALE = {"title": "[WTS][US-CA] Levi's 501 1980s W32 L30", "selftext": "Asking $85 shipped."}


def recorded_data(file: str, pick) -> dict:
    path = RECORDED / file
    if not path.is_file():
        pytest.skip(f"recorded Reddit responses not available ({path} is absent)")
    for interaction in json.loads(path.read_text(encoding="utf-8"))["interactions"]:
        try:
            body = json.loads(interaction["response"]["body"].get("string", ""))
        except ValueError:
            continue
        if (data := pick(body)) is not None:
            return copy.deepcopy(data)
    pytest.skip(f"no such thing in {file}")


@pytest.fixture(params=["recorded", "minimal"])
def post(request) -> dict:
    if request.param == "minimal":
        base = {"id": "abc123", "author": "seller", "permalink": "/r/rawdenim/comments/abc123/x/",
                "score": 5, "num_comments": 2, "upvote_ratio": 1.0}  # fmt: skip
    else:
        base = recorded_data(
            "asyncpraw__TestSubredditListings.test_new.json",
            lambda body: (
                body["data"]["children"][0]["data"]
                if isinstance(body, dict) and body.get("kind") == "Listing"
                else None
            ),
        )
    return {**base, **SALE, "created_utc": float(CREATED)}


@pytest.fixture(params=["recorded", "minimal"])
def comment(request) -> dict:
    if request.param == "minimal":
        base = {"id": "c1", "author": "u1", "link_id": "t3_thread1", "replies": "",
                "permalink": "/r/rawdenim/comments/thread1/x/c1/", "score": 2}  # fmt: skip
    else:
        base = recorded_data(
            "praw__TestSubmission.test_comments.json",
            lambda body: body[1]["data"]["children"][0]["data"] if isinstance(body, list) else None,
        )
    return {**base, "body": "Lee Riders W30, $40 shipped", "parent_id": "t3_thread1"}


def variant(thing: dict, **fields) -> dict:
    """``thing`` with ``fields`` set, those given as MISSING left out."""
    item = {**copy.deepcopy(thing), **fields}
    return {name: value for name, value in item.items() if value is not MISSING}


def only(listings: list):
    assert len(listings) == 1, listings
    return listings[0]


def test_a_recorded_post_made_a_sale_maps_every_field(post):
    listing = only(post_listings(post))
    assert (listing.price, listing.currency, listing.location) == (Decimal("85"), "USD", "US")
    assert listing.listed_at == datetime.fromtimestamp(CREATED, UTC)
    assert listing.raw_data == post


@pytest.mark.parametrize(
    "fields",
    [
        {"selftext": "", "is_self": False, "url": "https://www.ebay.com/itm/1",
         "title": "[WTS] Levi's 501 W32 $85"},
        {"selftext": None, "is_self": False, "post_hint": "link", "title": "[WTS] Levi's 501 $85"},
        {"selftext": MISSING, "title": "[WTS] Levi's 501 W32 $85"},
    ],
    ids=["link post", "null selftext", "no selftext"],
)  # fmt: skip
def test_a_link_post_is_read_from_its_title(post, fields):
    listing = only(post_listings(variant(post, **fields)))
    assert listing.price == Decimal("85")
    assert listing.image_urls == []


def test_an_image_post_keeps_its_image(post):
    raw = variant(post, selftext="", is_self=False, post_hint="image",
                  url="https://i.redd.it/abc.jpg", title="[WTS] Levi's 501 W32 $85")  # fmt: skip
    assert only(post_listings(raw)).image_urls == ["https://i.redd.it/abc.jpg"]


@pytest.mark.parametrize(
    "fields",
    [
        {"selftext": "[removed]", "removed_by_category": "moderator"},
        {"selftext": "[deleted]", "author": "[deleted]", "removed_by_category": "deleted"},
        {"removed_by_category": "automod_filtered"},
        {"selftext": "[removed]"},
    ],
)
def test_removed_or_deleted_posts_are_not_listings(post, fields):
    assert post_listings(variant(post, **fields)) == []


@pytest.mark.parametrize("author", ["[deleted]", None, MISSING])
def test_a_post_whose_author_is_gone_has_no_seller(post, author):
    assert only(post_listings(variant(post, author=author))).seller_username is None


@pytest.mark.parametrize("title", [MISSING, None, "", "   "])
def test_a_post_without_a_title_is_refused_naming_it(post, title):
    with pytest.raises(MalformedThing, match="title"):
        post_listings(variant(post, title=title))


def test_html_entities_and_unicode_in_titles_are_read_once(post):
    raw = variant(post, title="[WTS] Levi&#39;s 501 &quot;Big E&quot; &amp; Lee — Größe 32 👖 $85",
                  selftext="")  # fmt: skip
    listing = only(post_listings(raw))
    assert listing.title.startswith('Levi\'s 501 "Big E" & Lee — Größe 32 👖')
    assert listing.price == Decimal("85")
    # Escaped by Reddit (no raw_json): the entity the seller typed is kept as typed.
    assert "&#39;" in only(post_listings(variant(raw, title="[WTS] Levi&amp;#39;s $85"))).title


@pytest.mark.parametrize(
    ("title", "selftext", "price", "currency"),
    [
        ("[WTS][UK] Levi's 501 W32", "£60 posted", Decimal("60"), "GBP"),
        ("[WTS][EU-DE] Lee W30", "Price: 50€ + shipping", Decimal("50"), "EUR"),
        ("[WTS][CAN] Levi's 505 W34", "$70 CAD shipped", Decimal("70"), "CAD"),
        ("[WTS][JP] Evisu W32", "¥12,000", Decimal("12000"), "JPY"),
        ("[WTS][AU] Nudie W31", "A$120 shipped", Decimal("120"), "AUD"),
        ("[WTS][SE] Levi's 501 W32", "450 kr", Decimal("450"), "SEK"),
        ("[WTS][DK] Lee W30", "Price: 1.200 kr.", Decimal("1200"), "DKK"),
        # "kr" without a Scandinavian location: which crown is unknown, never dollars
        ("[WTS] Levi's 501 W32", "Price: 1.200 kr", Decimal("1200"), None),
    ],
)
def test_other_currencies_keep_their_unit(post, title, selftext, price, currency):
    listing = only(post_listings(variant(post, title=title, selftext=selftext)))
    assert (listing.price, listing.currency) == (price, currency)
    assert listing.price_usd != price  # never the foreign amount read as dollars


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (float(CREATED), datetime.fromtimestamp(CREATED, UTC)),
        (CREATED, datetime.fromtimestamp(CREATED, UTC)),
        (str(CREATED), datetime.fromtimestamp(CREATED, UTC)),
        (CREATED * 1000, datetime.fromtimestamp(CREATED, UTC)),  # milliseconds
        (None, None),
        (MISSING, None),
        ("yesterday", None),
        (1e300, None),
        (-1, None),
    ],
)
def test_creation_times_in_other_shapes_never_crash(post, created, expected):
    assert only(post_listings(variant(post, created_utc=created))).listed_at == expected


def test_counts_in_other_shapes_are_kept_or_left_empty(post):
    raw = variant(post, score=5.0, num_comments=None, upvote_ratio="0.9")
    engagement = only(post_listings(raw)).engagement
    assert (engagement.score, engagement.comments, engagement.upvote_ratio) == (5, None, None)
    for ratio in (float("nan"), float("inf")):
        assert (
            only(post_listings(variant(post, upvote_ratio=ratio))).engagement.upvote_ratio is None
        )


def test_a_gallery_with_failed_or_odd_media_keeps_the_good_images(post):
    raw = variant(
        post,
        is_gallery=True,
        gallery_data={"items": [{"media_id": "m1"}, {"media_id": "m2"}, {"media_id": ["x"]}, None]},
        media_metadata={"m1": {"status": "valid", "s": {"u": "https://preview.redd.it/m1.jpg?width=640&amp;s=ab"}},
                        "m2": {"status": "failed"}},
        preview={"images": [{"source": None}, "x"]},
    )  # fmt: skip
    assert only(post_listings(raw)).image_urls == ["https://preview.redd.it/m1.jpg?width=640&s=ab"]


@pytest.mark.parametrize(
    "fields", [{"gallery_data": None, "media_metadata": None, "preview": None}]
)
def test_null_media_fields_leave_no_images(post, fields):
    assert only(post_listings(variant(post, **fields))).image_urls == []


def test_a_recorded_comment_made_a_sale(comment):
    listing = only(comment_listings(comment, in_bst_thread=True))
    assert (listing.price, listing.currency) == (Decimal("40"), "USD")


@pytest.mark.parametrize("body", [MISSING, None, 12])
def test_a_comment_without_a_body_is_refused_naming_it(comment, body):
    with pytest.raises(MalformedThing, match="without body"):
        comment_listings(variant(comment, body=body), in_bst_thread=True)


def test_a_comment_without_a_body_outside_a_sale_thread_is_just_skipped(comment):
    assert comment_listings(variant(comment, body=MISSING), in_bst_thread=False) == []
    reply = variant(comment, body=MISSING, parent_id="t1_other")
    assert comment_listings(reply, in_bst_thread=True) == []


@pytest.mark.parametrize(
    "fields",
    [{"body": "[deleted]", "author": "[deleted]"}, {"body": "[removed]"}, {"body": "  [removed] "}],
)
def test_deleted_or_removed_comments_are_not_listings(comment, fields):
    assert comment_listings(variant(comment, **fields), in_bst_thread=True) == []


@pytest.mark.parametrize(
    "replies", ["", None, MISSING, {"kind": "Listing", "data": {"children": []}}]
)
def test_comment_replies_in_any_shape(comment, replies):
    listing = only(comment_listings(variant(comment, replies=replies), in_bst_thread=True))
    assert listing.engagement.comments == 0


def test_a_comments_page_keeps_its_sales_around_a_bodiless_comment(comment):
    thread = {"id": "thread1", "title": "Monthly Buy/Sell/Trade thread", "selftext": "",
              "link_flair_text": "BST", "author": "AutoModerator"}  # fmt: skip
    page = [
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": thread}]}},
        {"kind": "Listing", "data": {"children": [
            {"kind": "t1", "data": variant(comment, id="c0", body=MISSING)},
            {"kind": "t1", "data": comment},
            {"kind": "more", "data": {"count": 3, "children": ["a", "b", "c"]}},
        ]}},
    ]  # fmt: skip
    parsed = parse_comments_page(page)
    assert [listing.price for listing in parsed.listings] == [Decimal("40")]
    assert [error.item_id for error in parsed.errors] == ["c0"]
    assert "body" in parsed.errors[0].reason
