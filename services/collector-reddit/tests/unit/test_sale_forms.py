"""The sale parser on buy/sell/trade posts and comments as people write them on Reddit.

Each case is a title and body in the forms collected from denim, fashion and hardware BST
subreddits (r/rawdenim, r/VintageFashion, r/hardwareswap-style tags), with the listings a reader
would expect: (price, currency, shipping cost, buying format) per item, or none at all.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from indigo_collector_reddit.domain.mapping import comment_listings, post_listings

FREE = Decimal(0)
UNKNOWN = None


def post(title: str, body: str = "", *, flair: str | None = None, **fields) -> dict:
    return {
        "id": "1abcdef",
        "name": "t3_1abcdef",
        "title": title,
        "selftext": body,
        "link_flair_text": flair,
        "author": "denimseller",
        "subreddit": "rawdenim",
        "permalink": "/r/rawdenim/comments/1abcdef/a_post/",
        "url": "https://www.reddit.com/r/rawdenim/comments/1abcdef/a_post/",
        "created_utc": 1795000000.0,
        "score": 12,
        "num_comments": 4,
        "upvote_ratio": 0.93,
        **fields,
    }


def comment(body: str, *, parent_id: str = "t3_1bst000", **fields) -> dict:
    return {
        "id": "kx1y2z3",
        "name": "t1_kx1y2z3",
        "body": body,
        "author": "seller42",
        "parent_id": parent_id,
        "link_id": "t3_1bst000",
        "permalink": "/r/rawdenim/comments/1bst000/weekly_bst/kx1y2z3/",
        "created_utc": 1795000100.0,
        "score": 3,
        "replies": "",
        **fields,
    }


def terms(listings) -> list[tuple]:
    return [
        (
            listing.price,
            listing.currency,
            listing.shipping_cost,
            listing.buying_format,
        )
        for listing in listings
    ]


def d(value: str) -> Decimal:
    return Decimal(value)


POSTS = [
    # (case, title, body, expected [(price, currency, shipping, buying_format)])
    ("shipped in title",
     "[WTS][US-CA] Levi's 501 1990s 32x30 - $45 shipped", "",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("euro incl. shipping",
     "[WTS][EU] Levi's 501 Big E 60s W32 L32 - €120 incl. shipping", "",
     [(d("120"), "EUR", FREE, "fixed_price")]),
    ("pound plus shipping",
     "[WTS][UK] LVC 1947 501 W32 L34 - £150 + shipping", "",
     [(d("150"), "GBP", UNKNOWN, "fixed_price")]),
    ("comma thousands and OBO",
     "[WTS][USA-NY] 1950s Levi's 501XX hidden rivets 33x32 $1,250 OBO", "",
     [(d("1250"), "USD", None, "fixed_price+best_offer")]),
    ("want to buy",
     "[WTB][US] LVC 1955 501 33x32", "Budget up to $200 shipped, paypal ready", []),
    ("have item want paypal: selling",
     "[US-NY] [H] Levi's 501XX 1955 LVC 32x34 [W] PayPal",
     "Worn twice, no fades. $200 shipped CONUS.",
     [(d("200"), "USD", FREE, "fixed_price")]),
    ("have paypal want item: buying",
     "[US-TX] [H] PayPal [W] Levi's 501 Big E 32x32", "Paying up to $600", []),
    ("trade without price",
     "[WTT] Momotaro 0705 size 33 for Iron Heart 634S 33", "Both raw, soaked once.",
     [(None, None, None, "trade")]),
    ("several items, one line each",
     "[WTS][US-OR] Denim cleanout",
     "- Levi's 501 STF 32x32 $45\n- Lee 101Z 33x32 $60\n- Wrangler 13MWZ 34x34 $35\n\n"
     "All prices shipped CONUS.",
     [(d("45"), "USD", FREE, "fixed_price"), (d("60"), "USD", FREE, "fixed_price"),
      (d("35"), "USD", FREE, "fixed_price")]),
    ("range: the low end",
     "[WTS][US] 90s Levi's 550s, several sizes $45-60", "Sizes 32 to 36, DM for pics",
     [(d("45"), "USD", None, "fixed_price")]),
    ("spaced range with two symbols",
     "[WTS] Vintage Wrangler 936DEN", "$45 - $60 depending on size",
     [(d("45"), "USD", None, "fixed_price")]),
    ("euro sign after the number",
     "[WTS][EU-DE] Evisu 2000 Gull W34", "Preis 95€, Versand inklusive (shipping incl. EU)",
     [(d("95"), "EUR", FREE, "fixed_price")]),
    ("Canadian dollars from the tag",
     "[WTS][CAN-ON] Naked & Famous Weird Guy 32 - $80 shipped", "",
     [(d("80"), "CAD", FREE, "fixed_price")]),
    ("Australian dollars from the tag",
     "[WTS][AUS] Nudie Grim Tim W31 L32 $120", "",
     [(d("120"), "AUD", None, "fixed_price")]),
    ("lone CA tag is no location",
     "[WTS][CA] Levi's 505 orange tab 34x30 $75", "",
     [(d("75"), "USD", None, "fixed_price")]),
    ("price each",
     "[WTS][US-OH] Deadstock 90s Levi's 501 (3 pairs)", "32x32, 33x32, 34x30, $45/ea shipped",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("retail is not the price",
     "[WTS] Iron Heart 634S 34x34", "Retail $345, asking $220 shipped. Worn 3 months.",
     [(d("220"), "USD", FREE, "fixed_price")]),
    ("paid is not the price",
     "[WTS][US-WA] Pure Blue Japan XX-019 32", "Paid $300 last year, selling for $180 + $12 shipping",
     [(d("180"), "USD", d("12"), "fixed_price")]),
    ("price drop struck through",
     "[WTS][US] Levi's 1966 LVC 501 33x34", "Price drop: ~~$160~~ $140 shipped",
     [(d("140"), "USD", FREE, "fixed_price")]),
    ("sold item struck through among others",
     "[WTS][US-IL] Vintage denim lot",
     "~~Lee 101Z 33x32 $60~~ SOLD\n\nLevi's 517 orange tab 32x30 $55\n\nWrangler 13MWZ 31x34 $30",
     [(d("60"), "USD", None, "sold"), (d("55"), "USD", None, "fixed_price"),
      (d("30"), "USD", None, "fixed_price")]),
    ("discussion with a price",
     "Is $150 too much for 1960s Levi's 501s?", "Saw a pair at a flea market, 32x30.", []),
    ("thrift haul",
     "Found these 80s 501s for $6 at Goodwill!", "Made in USA, 33x32, couldn't believe it", []),
    ("sale without a price",
     "[WTS][US-GA] Levi's 505 orange tab 34x30", "Great fades. PM me with offers.",
     [(None, None, None, None)]),
    ("shipping cost added",
     "[WTS][US-FL] 90s Levi's 550 36x30", "$35 + $8 shipping",
     [(d("35"), "USD", d("8"), "fixed_price")]),
    ("bare number before shipped",
     "[WTS][US-MI] Levi's 501 32x32 40 shipped", "",
     [(d("40"), "USD", FREE, "fixed_price")]),
    ("bare number, euro from the tag",
     "[WTS][EU] Evisu 2000 W34", "Asking 120 shipped within the EU",
     [(d("120"), "EUR", FREE, "fixed_price")]),
    ("for sale tag",
     "[FS] Vintage Lee Riders 80s size 12 $38", "",
     [(d("38"), "USD", None, "fixed_price")]),
    ("leading WTS without brackets",
     "WTS: Levi's Silver Tab baggy 34x32 - $50 obo", "",
     [(d("50"), "USD", None, "fixed_price+best_offer")]),
    ("sell or trade",
     "[WTS/WTT][US-NJ] Samurai S710XX 33", "$200 shipped or trade for a 34 in anything similar",
     [(d("200"), "USD", FREE, "fixed_price+trade")]),
    ("sold tag",
     "[SOLD] Levi's 501 Big E 32x31", "Thanks r/rawdenim. Went for $450.",
     [(d("450"), "USD", None, "sold")]),
    ("alternative bundle price",
     "[WTS][US] Levi's 501 32x32 and 505 33x32", "$45 each shipped or $80 for both",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("markdown table",
     "[WTS][US-CO] Raw denim cleanout",
     "| Item | Size | Price |\n|---|---|---|\n| APC Petit Standard | 30 | $90 shipped |\n"
     "| Naked & Famous Super Guy | 31 | $70 shipped |",
     [(d("90"), "USD", FREE, "fixed_price"), (d("70"), "USD", FREE, "fixed_price")]),
    ("price label under a heading",
     "[WTS][US-PA] Two pairs",
     "**Levi's 501 1993 USA 32x30**\n\nLight wash, great fades.\nPrice: $65 shipped\n\n"
     "**Lee 101B 1970s 31x30**\n\nSelvedge. Price: $140 shipped",
     [(d("65"), "USD", FREE, "fixed_price"), (d("140"), "USD", FREE, "fixed_price")]),
    ("Brazilian real is not dollars",
     "[WTS] Calça Levi's 501 vintage 42", "R$ 150 com frete",
     [(None, None, None, None)]),
    ("yen with thousands",
     "[WTS][JP] Big John M3 W33", "¥12,000 + shipping",
     [(d("12000"), "JPY", UNKNOWN, "fixed_price")]),
    ("european thousands with a dot",
     "[WTS][EU-NL] Levi's 501XX 1950s W33", "€1.250 incl. verzending (incl. shipping)",
     [(d("1250"), "EUR", FREE, "fixed_price")]),
    ("decimal comma",
     "[WTS][EU-FR] Levi's 505 W30", "Prix 45,50 € + shipping",
     [(d("45.50"), "EUR", UNKNOWN, "fixed_price")]),
    ("currency code after the amount",
     "[WTS] Lee 101Z 34x32", "Price: 45 USD shipped",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("C$ prefix",
     "[WTS][CAN] Levi's 501 CT 33x32", "C$80 shipped within Canada",
     [(d("80"), "CAD", FREE, "fixed_price")]),
    ("sizes and lot numbers are not prices",
     "[WTS][US] Levi's 501 1995 USA 33x32 W33 L32", "Measures 16\" flat, 31\" inseam",
     [(None, None, None, None)]),
    ("firm is not an offer",
     "[WTS][US] Wrangler 13MWZ 32x34", "$45 firm, shipped",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("posted means shipping included",
     "[WTS][UK] Levi's 501 made in UK W32", "£45 posted",
     [(d("45"), "GBP", FREE, "fixed_price")]),
    ("surcharge abroad is not an item",
     "[WTS][US-MA] Momotaro 0306 32", "$150 shipped CONUS, +$15 to Canada",
     [(d("150"), "USD", FREE, "fixed_price")]),
    ("two items on one line",
     "[WTS][US] Levi's 501 pair", "501 32x32 $45, 505 33x32 $40, both shipped",
     [(d("45"), "USD", FREE, "fixed_price"), (d("40"), "USD", FREE, "fixed_price")]),
    ("have item want item and paypal",
     "[H] Levi's 501 STF 32x32 [W] Lee 101Z 32, PayPal", "$50 shipped or trade",
     [(d("50"), "USD", FREE, "fixed_price+trade")]),
    ("removed post",
     "[WTS][US] Levi's 501 33x32 $45", "[removed]", []),
    ("k after a currency is thousands",
     "[WTS][US] Levi's 501XX 1947 33x32 $1.2k", "Hidden rivets, leather patch intact.",
     [(d("1200"), "USD", UNKNOWN, "fixed_price")]),
    ("k that makes a price beyond any pair is no price",
     "[WTS][US] Levi's 501XX 1947 33x32", "$150k, museum piece.",
     [(None, None, None, None)]),
    ("a bare k is not a price",
     "[WTS][US] Levi's 501XX 1947 33x32", "Asking 1.2k, hidden rivets.",
     [(None, None, None, None)]),
    ("each, or a bundle price",
     "[WTS][US-AZ] 90s Levi's 550s, 3 pairs", "$45 ea or 3 for $120, shipped",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("offers welcome across the post",
     "[WTS][US-NC] Denim lot",
     "Levi's 550 36x30 $30\nLevi's 560 34x30 $28\n\nOpen to offers, + shipping",
     [(d("30"), "USD", UNKNOWN, "fixed_price+best_offer"),
      (d("28"), "USD", UNKNOWN, "fixed_price+best_offer")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [pytest.param(title, body, expected, id=case) for case, title, body, expected in POSTS],
)
def test_post_forms(title, body, expected):
    assert terms(post_listings(post(title, body))) == expected


@pytest.mark.parametrize(
    ("flair", "expected"),
    [("Selling", "fixed_price"), ("Sold", "sold"), ("WTB", None), ("Discussion", None)],
)
def test_flair_declares_what_an_untagged_post_is(flair, expected):
    listings = post_listings(post("Lee 101Z 33x32 and a Storm Rider", "101Z is $70", flair=flair))
    assert [listing.buying_format for listing in listings] == ([expected] if expected else [])


def test_there_are_at_least_forty_forms():
    assert len(POSTS) + len(COMMENTS) >= 40


def test_several_items_get_ids_in_order_and_their_own_titles():
    listings = post_listings(
        post("[WTS][US-OR] Denim cleanout", "- Levi's 501 STF 32x32 $45\n- Lee 101Z 33x32 $60")
    )
    assert [listing.external_id for listing in listings] == ["1abcdef:1", "1abcdef:2"]
    assert [listing.title for listing in listings] == ["Levi's 501 STF 32x32", "Lee 101Z 33x32"]
    assert all(listing.location == "US" for listing in listings)


def test_a_single_item_is_named_by_the_title_without_tags():
    (listing,) = post_listings(post("[WTS][US-CA] Levi's 501 1990s 32x30 - $45 shipped"))
    assert listing.external_id == "1abcdef:1"
    assert listing.title == "Levi's 501 1990s 32x30 - $45 shipped"
    assert listing.url == "https://www.reddit.com/r/rawdenim/comments/1abcdef/a_post/"
    assert listing.seller_username == "denimseller"
    assert listing.engagement.score == 12 and listing.engagement.comments == 4
    assert listing.engagement.upvote_ratio == 0.93
    assert listing.price_usd == Decimal("45.00")
    assert listing.listed_at is not None and listing.listed_at.year == 2026


def test_raw_data_is_the_post_untouched():
    data = post("[WTS][UK] LVC 1947 501 W32 - £150 + shipping", flair=None)
    (listing,) = post_listings(data)
    assert listing.raw_data == data and listing.raw_data is not None


COMMENTS = [
    ("tagged sale comment",
     "WTS: Levi's 501 33x32 $45 shipped CONUS",
     [(d("45"), "USD", FREE, "fixed_price")]),
    ("untagged priced comment",
     "[US-TX] Lee 101Z 32x31, worn a year, $55 shipped. Pics: https://i.imgur.com/abc123.jpg",
     [(d("55"), "USD", FREE, "fixed_price")]),
    ("PM'd", "PM'd", []),
    ("offer in a question", "Would you take $40 for the 501s?", []),
    ("want to buy comment", "WTB: LVC 1947 501 33x32, up to $150 shipped", []),
    ("question with a price", "Is $150 fair for a pair of 1966 LVCs?", []),
    ("comment with two items",
     "[WTS][EU]\n\n* Edwin 505 W31 - €70\n* Evisu 2001 W32 - €110\n\nshipping incl. in the EU",
     [(d("70"), "EUR", FREE, "fixed_price"), (d("110"), "EUR", FREE, "fixed_price")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "expected"),
    [pytest.param(body, expected, id=case) for case, body, expected in COMMENTS],
)
def test_top_level_comment_forms_in_a_bst_thread(body, expected):
    listings = comment_listings(comment(body), in_bst_thread=True)
    assert terms(listings) == expected


def test_comments_outside_bst_threads_and_replies_are_not_listings():
    sale = "WTS: Levi's 501 33x32 $45 shipped CONUS"
    assert comment_listings(comment(sale), in_bst_thread=False) == []
    assert comment_listings(comment(sale, parent_id="t1_kx0"), in_bst_thread=True) == []


def test_a_comment_listing_keeps_its_comment():
    data = comment("[US-TX] Lee 101Z 32x31 $55 shipped. https://i.imgur.com/abc123.jpg")
    (listing,) = comment_listings(data, in_bst_thread=True)
    assert listing.external_id == "kx1y2z3:1"
    assert listing.location == "US"
    assert listing.image_urls == ["https://i.imgur.com/abc123.jpg"]
    assert listing.url == "https://www.reddit.com/r/rawdenim/comments/1bst000/weekly_bst/kx1y2z3/"
    assert listing.raw_data == data
