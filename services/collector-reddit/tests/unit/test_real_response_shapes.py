"""Shapes real Reddit responses take that the sandbox does not produce: crossposts (whose text,
pictures and seller are the original post's), pictures inlined in a text post (``media_metadata``
without ``gallery_data``), flairs written with decorations ("Selling - US", ":sold: Sold"), and
the thread furniture (stickied, locked, archived, edited as a float, "more" stubs, deleted
comments deep in a tree) that must neither crash the mapping nor make up a listing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from indigo_collector_reddit.domain.mapping import parse_comments_page, post_listings

POST = {
    "id": "1xpost",
    "name": "t3_1xpost",
    "author": "reposter",
    "subreddit": "VintageDenim",
    "permalink": "/r/VintageDenim/comments/1xpost/wts_levis_501/",
    "created_utc": 1_795_000_000.0,
    "score": 4,
    "num_comments": 0,
    "upvote_ratio": 1.0,
    "edited": False,
    "is_self": False,
    "link_flair_text": None,
    "selftext": "",
    "selftext_html": None,
}
ORIGINAL = {
    "id": "1orig",
    "name": "t3_1orig",
    "author": "denimseller",
    "subreddit": "rawdenim",
    "title": "[WTS][US-NY] Levi's 501 1990s W32 L30",
    "selftext": "Asking $80 shipped CONUS. Pics below.",
    "permalink": "/r/rawdenim/comments/1orig/wts_levis_501/",
    "is_gallery": True,
    "url": "https://www.reddit.com/gallery/1orig",
    "gallery_data": {"items": [{"media_id": "m2", "id": 2}, {"media_id": "m1", "id": 1}]},
    "media_metadata": {
        "m1": {
            "status": "valid",
            "e": "Image",
            "m": "image/jpg",
            "id": "m1",
            "s": {"u": "https://preview.redd.it/m1.jpg?width=1080&amp;s=a", "x": 1080, "y": 1440},
        },
        "m2": {
            "status": "valid",
            "e": "Image",
            "m": "image/jpg",
            "id": "m2",
            "s": {"u": "https://preview.redd.it/m2.jpg?width=1080&amp;s=b", "x": 1080, "y": 1440},
        },
    },  # fmt: skip
}


def crosspost(**original) -> dict:
    return {
        **POST,
        "title": "[WTS][US-NY] Levi's 501 1990s W32 L30",
        "url": "/r/rawdenim/comments/1orig/wts_levis_501/",
        "crosspost_parent": "t3_1orig",
        "crosspost_parent_list": [{**ORIGINAL, **original}],
    }


def test_a_crosspost_is_priced_pictured_and_sold_by_the_original():
    (listing,) = post_listings(crosspost())
    assert listing.external_id == "1xpost:1"
    assert (listing.price, listing.currency, listing.price_usd) == (80, "USD", Decimal("80.00"))
    assert listing.buying_format == "fixed_price"
    assert listing.image_urls == [
        "https://preview.redd.it/m2.jpg?width=1080&s=b",
        "https://preview.redd.it/m1.jpg?width=1080&s=a",
    ]
    assert listing.seller_username == "denimseller"  # who sells, not who crossposted
    assert listing.location == "US"
    assert listing.url == "https://www.reddit.com/r/VintageDenim/comments/1xpost/wts_levis_501/"
    assert listing.raw_data["crosspost_parent"] == "t3_1orig"


@pytest.mark.parametrize(
    "original",
    [
        {"selftext": "[removed]"},
        {"selftext": "[deleted]", "author": "[deleted]"},
        {"removed_by_category": "moderator", "selftext": ""},
    ],
)
def test_a_crosspost_of_a_taken_down_sale_is_no_listing(original):
    assert post_listings(crosspost(**original)) == []


def test_a_crosspost_of_a_deleted_account_has_no_seller():
    (listing,) = post_listings(crosspost(author="[deleted]"))
    assert listing.seller_username is None and listing.price == 80


def test_a_crosspost_takes_the_originals_flair_when_it_has_none():
    post = crosspost(title="Levi's 501 1990s W32 L30", link_flair_text="Sold")
    post["title"] = "Levi's 501 1990s W32 L30"
    (listing,) = post_listings(post)
    assert listing.buying_format == "sold"


def test_a_crosspost_without_the_parent_list_reads_its_own_title():
    post = {k: v for k, v in crosspost().items() if k != "crosspost_parent_list"}
    (listing,) = post_listings(post)
    assert listing.price is None and listing.image_urls == []  # nothing stated, nothing made up
    assert listing.seller_username == "reposter"


def test_pictures_inlined_in_a_text_post_are_its_images():
    post = {
        **POST,
        "title": "[WTS] Lee Riders 101Z W30",
        "is_self": True,
        "selftext": "$40 shipped\n\n[https://preview.redd.it/a1.jpg?width=640](https://preview.redd.it/a1.jpg?width=640)",
        "media_metadata": {
            "a1": {"status": "valid", "e": "Image", "m": "image/jpg",
                   "s": {"u": "https://preview.redd.it/a1.jpg?width=640&amp;s=z", "x": 640, "y": 480}},
            "v1": {"status": "valid", "e": "RedditVideo", "dashUrl": "https://v.redd.it/v1/DASH"},
            "u1": {"status": "unprocessed", "e": "Image"},
        },
    }  # fmt: skip
    (listing,) = post_listings(post)
    assert listing.price == 40
    assert listing.image_urls[0] == "https://preview.redd.it/a1.jpg?width=640&s=z"
    assert not any("v.redd.it" in url for url in listing.image_urls)


@pytest.mark.parametrize(
    ("flair", "expected"),
    [
        ("Selling - US", "fixed_price"),
        ("Selling (EU)", "fixed_price"),
        ("WTS | Domestic", "fixed_price"),
        ("Selling/Trading", "fixed_price+trade"),
        ("Sold!", "sold"),
        (":sold: Sold", "sold"),
        ("✅ Sold", "sold"),
        ("Selling - Closed", "sold"),
        ("Buying - US", None),
        ("Selling advice", None),
        ("Question", None),
    ],
)
def test_flairs_as_subreddits_write_them(flair, expected):
    post = {**POST, "title": "Levi's 501 W32 L30 1990s", "selftext": "Asking $80 shipped",
            "is_self": True, "link_flair_text": flair}  # fmt: skip
    listings = post_listings(post)
    assert [listing.buying_format for listing in listings] == ([expected] if expected else [])


def _listing(children: list) -> dict:
    return {"kind": "Listing", "data": {"after": None, "before": None, "dist": None,
                                        "modhash": None, "children": children}}  # fmt: skip


def _comment(cid: str, body: str, parent: str = "t3_bst1", **fields) -> dict:
    return {
        "kind": "t1",
        "data": {"id": cid, "name": f"t1_{cid}", "body": body, "author": "u_" + cid,
                 "parent_id": parent, "link_id": "t3_bst1", "replies": "", "score": 1,
                 "permalink": f"/r/rawdenim/comments/bst1/weekly/{cid}/", "depth": 0,
                 "created_utc": 1_795_000_100.0, "edited": False, **fields},
    }  # fmt: skip


def test_a_locked_stickied_thread_with_deleted_comments_and_more_stubs():
    thread = {"id": "bst1", "title": "Weekly Buy/Sell/Trade Thread", "selftext": "Rules ...",
              "author": "AutoModerator", "stickied": True, "distinguished": "moderator",
              "locked": True, "archived": True, "over_18": False, "link_flair_text": "BST",
              "permalink": "/r/rawdenim/comments/bst1/weekly/", "created_utc": 1_795_000_000.0}  # fmt: skip
    nested = _comment("c3", "[WTS] a reply is no listing, $50", parent="t1_c2")
    more = {"kind": "more", "data": {"count": 40, "name": "t1_zz", "id": "zz",
                                     "parent_id": "t3_bst1", "depth": 0, "children": ["a", "b"]}}  # fmt: skip
    page = [
        _listing([{"kind": "t3", "data": thread}]),
        _listing([
            _comment("c1", "[WTS][US] Levi's 501 W32 L30 - $60 shipped", edited=1_795_000_500.5),
            _comment("c2", "[deleted]", author="[deleted]", replies=_listing([nested, more])),
            _comment("c4", "[removed]", author="[deleted]"),
            more,
        ]),
    ]  # fmt: skip
    parsed = parse_comments_page(page)
    assert parsed.errors == []
    assert [(lst.external_id, lst.price) for lst in parsed.listings] == [("c1:1", 60)]


def test_bare_picture_links_are_no_part_of_an_items_title():
    page = [
        _listing([{"kind": "t3", "data": {"id": "bst1", "title": "Weekly Buy/Sell/Trade Thread",
                                          "selftext": "", "author": "AutoModerator"}}]),
        _listing([_comment("c5", "WTS Iron Heart 634S 33 $180 shipped https://imgur.com/a/AbC12 "
                                 "https://i.imgur.com/xyz.jpg")]),
    ]  # fmt: skip
    (listing,) = parse_comments_page(page).listings
    assert listing.title == "Iron Heart 634S 33 $180 shipped"
    assert listing.image_urls == ["https://i.imgur.com/xyz.jpg"]
    assert "https://imgur.com/a/AbC12" in listing.description  # the text keeps the link
