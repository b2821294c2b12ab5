"""The sale parser scored on a held-out set of BST posts and comments (../data/bst-realworld.jsonl).

The set: 133 things (107 posts, 26 top-level comments or replies in a weekly BST thread) written
the way people write them on r/rawdenim BST threads, r/VintageFashion, r/denim, Grailed-style
and r/FashionRepsBST-style posts and r/malefashionmarket: ``[WTS][US-CA]`` / ``[FS] [EU]`` /
``[WTS/WTT]`` / ``[H] ... [W] PayPal`` / ``[SOLD]`` / flair-only titles, ``$1.2k``, ``150 USD``,
``£80 posted``, ``CAD 200``, ``$60 obo``, ``~~$90~~ $75``, ``$45-60``, ``asking 100``, ``100
shipped CONUS``, ``+ ship``, ``PayPal G&S +fees``, markdown tables with price columns, bullet and
numbered lists, "all prices shipped", imgur timestamps, measurements, retail / paid prices,
bundle prices, "EDIT: sold", WTB posts, questions and chatter (expected: no listing). Each line
holds the listings a careful reader expects, per item: price, currency, shipping cost (0 when
included, null when unknown), buying format, sold, location, and a word the item's title must
hold. 154 items in all. The labels were written by hand before the parser was run on the set.

Before the fixes that came with the set (fcf7eff), of 156 aligned item slots:
price 146 (93.6%), currency 147 (94.2%), shipping 132 (84.6%), buying format 145 (92.9%),
sold 147 (94.2%), location 148 (94.9%); the item count was right for 126 of 133 things; 2
things got a price that is not there (a bundle line "or $300 for both shipped" read as a third
item; "50€ shipped in France, 60€ EU" read as two items); 19 things had some field wrong.
After: 154 slots, price 150 (97.4%), currency 151 (98.1%), shipping 152 (98.7%), format 151
(98.1%), sold 152 (98.7%), location 152 (98.7%), count right for 131 of 133, no invented price,
no invented item, 3 things wrong, left on purpose: a bare "1.1k" (a bare k stays unread, as
"asking 1.2k" in test_sale_forms), "Looking for around $500" in a sale post ("around $X" is a
reference, and reading it as an ask would turn buyers' comments into sales), and a "Bump! Price
drop ... now $160 shipped" comment (a bump repeats a listing already read).

The floors below sit a little under those figures; the invented-price and invented-item checks
are exact. The pattern tests after them pin each class that was fixed, with its negative
neighbours (forms that look alike and must not change); the later ones (bids and remarks in
comments, what was paid, edits that reprice, foreign shipping words, comment templates) came
from probing forms outside the set, which reads the same before and after them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from indigo_collector_reddit.domain.mapping import comment_listings, post_listings

DATA = Path(__file__).resolve().parents[1] / "data" / "bst-realworld.jsonl"
FIELDS = ("price", "currency", "shipping", "format", "sold", "location")
FREE = Decimal(0)


def _rows() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


ROWS = _rows()


def _thing(row: dict) -> dict:
    if row["kind"] == "post":
        return {
            "id": row["id"],
            "name": f"t3_{row['id']}",
            "title": row["title"],
            "selftext": row["body"],
            "link_flair_text": row["flair"],
            "author": "seller",
            "subreddit": row["subreddit"],
            "permalink": f"/r/{row['subreddit']}/comments/{row['id']}/a_post/",
            "created_utc": 1795000000.0,
        }
    return {
        "id": row["id"],
        "name": f"t1_{row['id']}",
        "body": row["body"],
        "author": "seller",
        "parent_id": row["parent_id"],
        "link_id": "t3_1wkbst",
        "permalink": f"/r/rawdenim/comments/1wkbst/weekly_bst/{row['id']}/",
        "created_utc": 1795000100.0,
    }


def _listings(row: dict):
    thing = _thing(row)
    if row["kind"] == "post":
        return post_listings(thing)
    return comment_listings(thing, in_bst_thread=True)


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _got(listing) -> dict:
    return {
        "price": listing.price,
        "currency": listing.currency,
        "shipping": listing.shipping_cost,
        "format": listing.buying_format,
        "sold": listing.buying_format == "sold",
        "location": listing.location,
        "title": listing.title,
    }


def _same(field: str, expected, got) -> bool:
    if field in ("price", "shipping"):
        return _amount(expected) == got
    return expected == got


def score(rows: list[dict]) -> dict:
    """Per-field hits over aligned item slots (max of expected and found, per thing, in order)."""
    result = {field: 0 for field in FIELDS}
    result.update(slots=0, count_right=0, titled=0, invented_price=[], invented_item=[], wrong=[])
    for row in rows:
        expected = row["expected"]
        got = [_got(listing) for listing in _listings(row)]
        result["slots"] += max(len(expected), len(got))
        result["count_right"] += len(expected) == len(got)
        written = {_amount(item["price"]) for item in expected}
        if any(item["price"] is not None and item["price"] not in written for item in got):
            result["invented_price"].append(row["id"])
        if len(got) > len(expected):
            result["invented_item"].append(row["id"])
        wrong = len(expected) != len(got)
        for want, found in zip(expected, got, strict=False):
            for field in FIELDS:
                hit = _same(field, want[field], found[field])
                result[field] += hit
                wrong = wrong or not hit
            result["titled"] += want["item"].lower() in found["title"].lower()
        if wrong:
            result["wrong"].append(row["id"])
    return result


SCORE = score(ROWS)


def test_the_set_is_what_the_docstring_says():
    assert len(ROWS) == 133
    assert sum(row["kind"] == "post" for row in ROWS) == 107
    assert sum(len(row["expected"]) for row in ROWS) == 154
    assert len({row["id"] for row in ROWS}) == len(ROWS)


def test_no_price_is_made_up():
    assert SCORE["invented_price"] == []


def test_no_item_is_made_up():
    assert SCORE["invented_item"] == []


def test_what_is_no_listing_stays_none():
    for row in ROWS:
        if not row["expected"]:
            assert _listings(row) == [], row["id"]


@pytest.mark.parametrize(
    ("field", "floor"),
    [
        ("price", 0.96),
        ("currency", 0.97),
        ("shipping", 0.97),
        ("format", 0.96),
        ("sold", 0.97),
        ("location", 0.97),
        ("titled", 0.97),
    ],
)
def test_field_floors(field, floor):
    assert SCORE[field] / SCORE["slots"] >= floor, (field, SCORE[field], SCORE["slots"])


def test_item_counts_and_wholly_right_things():
    assert SCORE["count_right"] >= 129
    assert len(SCORE["wrong"]) <= 5, SCORE["wrong"]


# --- the classes fixed, each with its negative neighbours -----------------------------------


def post(title: str, body: str = "", flair: str | None = None) -> dict:
    return {
        "id": "1heldout",
        "title": title,
        "selftext": body,
        "link_flair_text": flair,
        "author": "seller",
        "permalink": "/r/rawdenim/comments/1heldout/a_post/",
        "created_utc": 1795000000.0,
    }


def comment(body: str) -> dict:
    return {
        "id": "kheld01",
        "body": body,
        "author": "seller",
        "parent_id": "t3_1wkbst",
        "permalink": "/r/rawdenim/comments/1wkbst/weekly_bst/kheld01/",
    }


def terms(title: str, body: str = "") -> list[tuple]:
    return [
        (listing.price, listing.currency, listing.shipping_cost, listing.buying_format)
        for listing in post_listings(post(title, body))
    ]


def d(value: str) -> Decimal:
    return Decimal(value)


@pytest.mark.parametrize(
    ("body", "price", "shipping"),
    [
        ("$120 w/ shipping", "120", FREE),
        ("$120 with shipping", "120", FREE),
        ("140€ inkl. Versand", "140", FREE),
        ("600 SEK inkl frakt", "600", FREE),
        ("$180. Shipping is free in CONUS.", "180", FREE),
        ("$180\n\nShipping: free", "180", FREE),
        ("$120\n\nshipped", "120", FREE),
        ("$120\n\nBoth shipped", "120", FREE),
        ("$120\n\nShipped CONUS. Trades welcome.", "120", FREE),
        ("$120\n\nShipping within Canada included.", "120", FREE),
        ("$120, shipping: $0", "120", FREE),
        ("$120 and I'll cover shipping", "120", FREE),
        ("$120\n\nI'll ship for free", "120", FREE),
        ("$120\n\nWill ship anywhere in the US for $10", "120", d("10")),
        # neighbours: how or when it ships, or shipping said to be extra, is not "included"
        ("$120\n\nShipped via USPS Priority", "120", None),
        ("$120\n\nShipped within 2 days of payment", "120", None),
        ("$120\n\nShipping within Canada not included", "120", None),
        ("$120 with shipping extra", "120", None),
        ("$120\n\nShips from Ohio", "120", None),
        ("$120, buyer covers shipping", "120", None),
    ],
)
def test_shipping_included_as_people_write_it(body, price, shipping):
    ((found, _, shipping_cost, _),) = terms("[WTS][US-CA] Iron Heart 634S 33", body)
    assert (found, shipping_cost) == (d(price), shipping)


def test_a_price_column_said_to_be_shipped():
    body = "Brand | Model | Price (shipped)\n---|---|---\nGustin | Selvedge | $60\nTellason | Ankara | $85"
    assert [s for *_, s, _ in terms("[WTS][US-TX] Raw denim", body)] == [FREE, FREE]
    plain = "Brand | Model | Price\n---|---|---\nGustin | Selvedge | $60\nTellason | Ankara | $85"
    assert [s for *_, s, _ in terms("[WTS][US-TX] Raw denim", plain)] == [None, None]


@pytest.mark.parametrize(
    ("body", "prices"),
    [
        (
            "SDA - $170\nFullcount - $160\n\nBoth + shipping, or $300 for both shipped",
            ["170", "160"],
        ),
        ("SK: $120\nStanton: $110\nBoth: $210", ["120", "110"]),
        ("Oni 546 - $190\nOni 622 - $180\nAll 3 - $500", ["190", "180"]),
        ("Price: $45\nShipping: $8\nTotal: $53", ["45"]),
        # neighbours: a lone bundle price is the post's price; a named line is an item
        ("Selling as a lot only, $250 for all", ["250"]),
        ("Oni 546 - $190\nOni 622 - $180\nSamurai S710XX - $150", ["190", "180", "150"]),
    ],
)
def test_a_bundle_price_is_no_item(body, prices):
    assert [p for p, *_ in terms("[WTS][US-NC] Japanese denim", body)] == [d(p) for p in prices]


@pytest.mark.parametrize(
    ("text", "prices"),
    [
        ("[WTS] [EU-FR] Nudie Lean Dean W30 - 50€ shipped in France, 60€ EU", ["50"]),
        ("[WTS][US-OR] Big John R009 32 $170 shipped (conus), $190 international", ["170"]),
        # neighbour: item words between the prices are two items
        ("[WTS][US] Levi's 501 pair 501 32x32 $45, Lee 101Z 33x32 $40", ["45", "40"]),
    ],
)
def test_where_it_ships_is_no_item_word(text, prices):
    (listing, *_) = comment_listings(comment(text), in_bst_thread=True)
    found = [p.price for p in comment_listings(comment(text), in_bst_thread=True)]
    assert found == [d(p) for p in prices] and listing.currency in ("EUR", "USD")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "[WTS][US-CA] Iron Heart 634S 33, PBJ XX-005 32 - $180 shipped each",
            ["Iron Heart 634S 33", "PBJ XX-005 32"],
        ),
        (
            "[WTS][US-MN] Samurai S634XX 33 and Samurai S710XX 34, $150 each shipped",
            ["Samurai S634XX 33", "Samurai S710XX 34"],
        ),
        (
            "[WTS][US-CA] Lee 101Z, Wrangler 11MWZ, Levi's 501 - all 32, $50 each",
            ["Lee 101Z", "Wrangler 11MWZ", "Levi's 501 - all 32"],
        ),
        (
            "[WTS][US] Iron Heart 634S-18 33, 634S 34 - $175 ea",
            ["Iron Heart 634S-18 33", "634S 34"],
        ),
        # neighbours: sizes of one model, words naming no model, or no "each": one item
        ("[WTS][US-OH] Levi's 501 32x32, 33x32, 34x30 - $45/ea shipped", 1),
        ("[WTS][US-OH] Levi's 501, worn twice, soaked once, $45 each", 1),
        ("[WTS][US-OH] Levi's 501 32x32 and 505 33x32, $45 each", 1),
        ("[WTS][US-OH] Iron Heart 634S 33, PBJ XX-005 32 - $180 shipped", 1),
        ("[WTS][US-AZ] 2 pairs of vintage 501s - $60 each or both for $100", 1),
    ],
)
def test_one_each_price_after_named_models(title, expected):
    listings = post_listings(post(title))
    if isinstance(expected, int):
        assert len(listings) == expected
    else:
        assert [listing.title for listing in listings] == expected
        assert len({listing.price for listing in listings}) == 1


@pytest.mark.parametrize(
    ("edit", "formats"),
    [
        ("EDIT: Samurai sold", ["sold", "fixed_price"]),
        ("Oni 622 - SOLD", ["fixed_price", "sold"]),
        ("Sold: the Oni", ["fixed_price", "sold"]),
        ("EDIT: Oni and Samurai sold", ["sold", "sold"]),
        ("EDIT: Oni sold, Samurai still available", ["fixed_price", "sold"]),
        # neighbours: the whole post, nothing named, a name of no item, a negation
        ("EDIT: all sold", ["sold", "sold"]),
        ("SOLD - thanks r/rawdenim", ["sold", "sold"]),
        ("Momotaro sold", ["fixed_price", "fixed_price"]),
        ("Not sold yet", ["fixed_price", "fixed_price"]),
    ],
)
def test_a_sold_edit_that_names_an_item(edit, formats):
    body = f"Samurai S5000VX - $220 shipped\nOni 622 - $190 shipped\n\n{edit}"
    found = post_listings(post("[WTS][US-VA] Samurai S5000VX 32, Oni 622 32", body))
    assert [listing.buying_format for listing in found] == formats


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[H] Iron Heart 634S 32 [W] PayPal $180 shipped", "fixed_price"),
        ("[H] Iron Heart 634S 32 [W] PayPal, $180 shipped obo", "fixed_price+best_offer"),
        # neighbours: an item in the want is a trade
        ("[H] Iron Heart 634S 32 [W] PayPal or Oni 546 32, $180 shipped", "fixed_price+trade"),
        ("[H] Iron Heart 634S 32 [W] Lee 101Z 32, PayPal $180", "fixed_price+trade"),
    ],
)
def test_the_price_of_a_have_want_is_not_a_wanted_item(text, expected):
    (listing,) = comment_listings(comment(text), in_bst_thread=True)
    assert listing.buying_format == expected


def test_items_of_a_tagged_line_are_titled_without_the_tags():
    found = post_listings(post("[WTS][US-MA] Iron Heart 634S 36 $200, IH-666S 36 $190"))
    assert [listing.title for listing in found] == ["Iron Heart 634S 36", "IH-666S 36"]
    body = "**WTS [US-NY]** Iron Heart 634S 33 - $180 shipped\n\nRed Wing 875 10D - $160 shipped"
    titles = [listing.title for listing in comment_listings(comment(body), in_bst_thread=True)]
    assert titles[0].startswith("Iron Heart 634S 33") and titles[1] == "Red Wing 875 10D"


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("[WTS][US-CA] Iron Heart 634S 33 (price drop $180 -> $160 shipped)", "",
         [(d("160"), "USD", FREE, "fixed_price")]),
        ("[WTS][US-CA] Iron Heart 634S 33", "$180 → $160", [(d("160"), "USD", None, "fixed_price")]),
        ("[WTS][US-FL] Kapital 32", "Retail $300+, selling for 180",
         [(d("180"), "USD", None, "fixed_price")]),
        ("[WTS/WTT][US-OR] Tanuki Natural 33", "Looking to trade for a 34, or sell for $200 shipped",
         [(d("200"), "USD", FREE, "fixed_price+trade")]),
        ("[WTS][US-CA] IH 634S 33", "I'd let them go for 150 shipped",
         [(d("150"), "USD", FREE, "fixed_price")]),
        ("Selling my Iron Heart 634S 33 - $180 shipped", "", [(d("180"), "USD", FREE, "fixed_price")]),
        ("Price drop - Samurai S710XX 33 $140 shipped", "", [(d("140"), "USD", FREE, "fixed_price")]),
        # neighbours
        ("[WTS][US-CA] Iron Heart 634S 33", "$180 - $200 depending on the pair",
         [(d("180"), "USD", None, "fixed_price")]),
        ("[WTS][US-FL] Kapital 32", "These sell for $300 new. Asking $180",
         [(d("180"), "USD", None, "fixed_price")]),
        ("[WTS][US-FL] Kapital 32", "Selling for 2 years now, no luck. PM me", [(None, None, None, None)]),
        ("[WTT][US-CA] IH 634S 33 for IH 634S 34", "Can add $20 cash on my end",
         [(None, None, None, "trade")]),
        ("Selling advice: my 501s went for $200", "", []),
        ("Selling on Grailed vs here, $20 fees", "", []),
        ("Selling my 634S - is $180 fair?", "", []),
    ],
)  # fmt: skip
def test_asks_people_write_and_their_neighbours(title, body, expected):
    assert terms(title, body) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sold my 634S last week for $200, thanks all",
        "Sold mine here a while back for $150",
        "Anyone know the retail on the IH 634S? Saw one for $300",
        "Great deal at $150!",
        "That's a steal for $150",
        "Heads up: Self Edge has the 634S on sale for $279 right now",
        "Reminder that shipping to Canada is like $40 now, ugh",
        "Selling price seems high, I'd do $120 max",
        "$150 is a fair price for those",
        "Would do $140 shipped if you still have them",
        "Tip: always use G&S, got scammed out of $200 once",
        "Just picked up a 634S for $180 from this sub, love it",
    ],
)
def test_remarks_with_a_price_are_no_listing(text):
    assert comment_listings(comment(text), in_bst_thread=True) == []


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Lee Riders W30, $40 shipped", "40"),
        ("Great condition Oni 546 32, $150", "150"),
        ("Steal at $40 shipped, DM me", "40"),
        ("Paying fees myself, Oni 546 32 $150 shipped", "150"),
        ("Have: IH 634S 33. Want: $180 PayPal or Oni 546 33", "180"),
    ],
)
def test_untagged_offers_next_to_the_remarks_stay_listings(text, price):
    (listing,) = comment_listings(comment(text), in_bst_thread=True)
    assert listing.price == d(price)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("$70 or trade", "fixed_price+trade"),
        ("$150\n\nOpen to trades too!", "fixed_price+trade"),
        ("$150 shipped, trades welcome", "fixed_price+trade"),
        ("$150. Would consider trades for a 34", "fixed_price+trade"),
        # neighbours: trades refused, or a trade in the past
        ("$150. No trades please", "fixed_price"),
        ("$150, not interested in trades", "fixed_price"),
        ("$150 firm, not looking to trade", "fixed_price"),
        ("Traded for these last year, $150", "fixed_price"),
    ],
)
def test_a_sale_that_also_offers_a_trade(body, expected):
    (listing,) = post_listings(post("[WTS][US-CA] Oni 546 32", body))
    assert listing.buying_format == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("[WTS][US-NY] Iron Heart 634S 33 $200", "EDIT 2: $180\nEDIT 3: $165, last drop",
         [(d("165"), "USD", None, "fixed_price")]),
        ("[WTS][US-NY] Iron Heart 634S 33", "$200 shipped\n\nPrice drop: $180",
         [(d("180"), "USD", FREE, "fixed_price")]),
        ("[WTS][US-NY] Iron Heart 634S 33", "$200 shipped\n\nEDIT: dropped to $175 + shipping",
         [(d("175"), "USD", None, "fixed_price")]),
        # neighbours: a repricing among several items names none of them; a named edit is an item;
        # a discount is no price
        ("[WTS][US-NY] Two", "Oni 546 $190\nOni 622 $180\n\nEDIT: price drop $170",
         [(d("190"), "USD", None, "fixed_price"), (d("180"), "USD", None, "fixed_price")]),
        ("[WTS][US-NY] Two", "Oni 546 $190\nEDIT: Oni 622 $180",
         [(d("190"), "USD", None, "fixed_price"), (d("180"), "USD", None, "fixed_price")]),
        ("[WTS][US-NY] Oni 546", "$190 shipped\n\nEDIT: $20 off if you pick up",
         [(d("190"), "USD", FREE, "fixed_price")]),
    ],
)  # fmt: skip
def test_an_edit_that_reprices_the_one_item(title, body, expected):
    assert terms(title, body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Bought these from Self Edge in 2021 for $345. Worn about 300 days. Some repairs at the "
            "crotch ($40 at Denim Therapy).\n\nAsking $200 shipped CONUS.",
            [(d("200"), "USD", FREE, "fixed_price")],
        ),
        ("Picked them up last spring for $250. $180 shipped", [(d("180"), "USD", FREE, "fixed_price")]),
        # neighbours: a price in parentheses is an ask; hemmed jeans still have their price
        ("Hemmed to a 32 inseam, $150 shipped", [(d("150"), "USD", FREE, "fixed_price")]),
        ("Oni 546 32 ($180)\nSamurai S710XX 32 ($150)",
         [(d("180"), "USD", None, "fixed_price"), (d("150"), "USD", None, "fixed_price")]),
    ],
)  # fmt: skip
def test_what_was_paid_is_no_price(body, expected):
    assert terms("[WTS][US-CA] Iron Heart 634S 33", body) == expected


def test_everything_shipped_unless_noted():
    body = (
        "Everything is shipped CONUS unless noted.\n\n- Oni 546 32 - $180\n"
        "- Red Wing 875 10D - $140 (+$10 shipping, heavy)"
    )
    assert [s for *_, s, _ in terms("[WTS][US-NY] Closet cleanout", body)] == [FREE, d("10")]
    body = "Everything is shipped via USPS.\n\n- Oni 546 32 - $180\n- Red Wing 875 10D - $140"
    assert [s for *_, s, _ in terms("[WTS][US-NY] Closet cleanout", body)] == [None, None]


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("[WTS][US-TX] IH 634S 33", "$180 shipping not included", (d("180"), None, "fixed_price")),
        ("[WTS][US-TX] IH 634S 33", "Price - $180\n\nShipping - included", (d("180"), FREE, "fixed_price")),
        ("[WTS][UK] IH 634S 33", "£180 inc. UK P&P, EU buyers add £15", (d("180"), FREE, "fixed_price")),
        ("[WTS][US-TX] IH 634S 33", "$180 or best", (d("180"), None, "fixed_price+best_offer")),
        ("[WTS][US-TX] IH 634S 33", "$180, make an offer", (d("180"), None, "fixed_price+best_offer")),
        ("[WTS][US-TX] IH 634S 33 OBO", "$180 shipped", (d("180"), FREE, "fixed_price+best_offer")),
        ("[WTS][US-TX] IH 634S 33", "$180 / trade", (d("180"), None, "fixed_price+trade")),
        # neighbours
        ("[WTS][US-TX] IH 634S 33", "$180, not open to offers", (d("180"), None, "fixed_price")),
        ("[WTS][US-TX] IH 634S 33", "$180 + $10 shipping", (d("180"), d("10"), "fixed_price")),
        ("[WTS][US-TX] IH 634S 33", "Shipping - $10\n\n$180", (d("180"), d("10"), "fixed_price")),
    ],
)  # fmt: skip
def test_terms_said_in_other_words(title, body, expected):
    ((price, _, shipping, buying_format),) = terms(title, body)
    assert (price, shipping, buying_format) == expected


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("[WTS][EU-DE] Denim lot",
         "| Item | Price |\n|---|---|\n| Edwin 505 W31 | 60€ |\n| Evisu 2000 W32 | 110€ |\n\nVersand: 5€",
         [(d("60"), "EUR", d("5"), "fixed_price"), (d("110"), "EUR", d("5"), "fixed_price")]),
        ("[WTS][US-CA] 3sixteen", "ST-100x 32 $90\nCT-100x 32 $100\n\nshipping $8 per pair or $12 for both",
         [(d("90"), "USD", d("8"), "fixed_price"), (d("100"), "USD", d("8"), "fixed_price")]),
        ("[WTS][US-NY] Acne Studios 1996 jeans",
         "Price: $120 | Size: 31/32 | Condition: 9/10 | Shipping: included",
         [(d("120"), "USD", FREE, "fixed_price")]),
        # neighbours: an alternative after a shipping cost that is not shipping stays a price
        ("[WTS][US-TX] IH 634S 33", "Shipping $10 or free local pickup, $150",
         [(d("150"), "USD", None, "fixed_price")]),
        ("[WTS][US-TX] IH 634S 33", "$150 + $10 shipping or $140 local",
         [(d("150"), "USD", d("10"), "fixed_price")]),
        ("[WTS][EU-DE] Edwin 505 W31", "60€ + Versand", [(d("60"), "EUR", None, "fixed_price")]),
    ],
)  # fmt: skip
def test_shipping_costs_are_no_items(title, body, expected):
    assert terms(title, body) == expected


@pytest.mark.parametrize(
    ("body", "location", "title"),
    [
        (
            "**Location:** US-CA\n\n**Item:** Oni 546 32\n\n**Price:** $190 shipped",
            "US",
            "Oni 546 32",
        ),
        ("Location: UK\nItem: Edwin ED-55 W32\nPrice: £80 posted", "GB", "Edwin ED-55 W32"),
        ("**WTS** | **US-NY** | Iron Heart 634S 33 | $180 shipped", "US", None),
        ("[WTS][US-CA]\n\nOni 546 32, $190 shipped", "US", "Oni 546 32, $190 shipped"),
        # neighbours: a lone CA stays no location; a lowercase "us-made" is no tag
        ("Location: CA\nItem: Oni 546 32\nPrice: $190 shipped", None, "Oni 546 32"),
        ("WTS: us-made Levi's 501 32x32, $45 shipped", None, None),
    ],
)
def test_a_comment_template_names_its_place_and_item(body, location, title):
    (listing,) = comment_listings(comment(body), in_bst_thread=True)
    assert listing.location == location
    assert title is None or listing.title == title


def test_a_priced_bullet_under_a_bold_heading_is_titled_by_it():
    body = (
        "**Oni 546 32**\n\n- Asking: $190\n- Condition: 9/10\n\n"
        "**Samurai 710 32**\n\n- Asking: $150\n- Condition: 8/10"
    )
    titles = [listing.title for listing in post_listings(post("[WTS][US-CA] Two pairs", body))]
    assert titles == ["Oni 546 32", "Samurai 710 32"]
