"""What Redditors write: sale posts in buy/sell/trade conventions, want-to-buy posts, trades,
discussions, thrift hauls, deals, and the comments under them.

Marketplace text only: :mod:`indigo_sandbox.reddit.board` decides who posts what and when, and
how posts change (price drops, sold items). Every price a sale states is kept beside the text as
an :class:`Offer`, so tests can check what a reader should find.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from indigo_sandbox.denim import Jeans, random_jeans, size_label, write_title
from indigo_sandbox.money import convert, price_point

# (location tag choices, currency, share of sellers)
HOMES: tuple[tuple[tuple[str, ...], str, float], ...] = (
    (("US-CA", "USA-CA", "US-NY", "USA-NY", "US-TX", "US-OR", "US-WA", "US-IL", "US-GA",
      "US-OH", "US-PA", "US-CO", "US-MA", "US-NC", "US", "USA", "CONUS"), "USD", 0.78),
    (("CAN", "CAN-ON", "CAN-BC", "CA-QC"), "CAD", 0.07),
    (("UK", "UK-LDN"), "GBP", 0.06),
    (("EU", "EU-DE", "EU-NL", "EU-FR", "DE"), "EUR", 0.06),
    (("AUS",), "AUD", 0.03),
)  # fmt: skip
SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "GBP": "£", "EUR": "€"}
SHIPPING_COSTS = {"USD": ("8", "10", "12"), "CAD": ("15", "20"), "GBP": ("5", "8"),
                  "EUR": ("8", "12"), "AUD": ("15", "20")}  # fmt: skip
LOT_NAMES = ("Denim cleanout", "Vintage Levi's lot", "Closet purge", "Raw denim sale",
             "Vintage jeans, several sizes", "Moving sale - denim", "Selling my rotation")  # fmt: skip
CLOSINGS = (
    "PayPal G&S only. Timestamps: https://imgur.com/a/{album}",
    "Timestamps and more pics: https://imgur.com/a/{album}",
    "Payment via PayPal. Check my confirmed trades on the BST thread.",
    "Comment before you PM please. Pics: https://imgur.com/a/{album}",
)
CONDITION_NOTES = {
    "deadstock": "Deadstock, tags still on.",
    "excellent": "Barely worn, no flaws.",
    "good": "Normal wear, nice fades.",
    "fair": "Worn, see pics for flaws.",
    "distressed": "Thrashed in the best way, holes and repairs.",
}


@dataclass(frozen=True)
class Offer:
    """One item for sale: its words and what it asks, in the seller's currency."""

    text: str
    price: Decimal | None  # None: the seller names no price
    drop_to: Decimal | None  # the price after the seller cuts it
    range_high: Decimal | None  # "$45-60": the asking price is the low end
    jeans: Jeans


@dataclass(frozen=True)
class SaleStyle:
    """How one seller writes prices."""

    location: str | None  # the tag, "US-CA"; None: no tag
    currency: str
    symbol_after: bool  # "45€"
    shipping: str  # shipped | incl | posted | plus | cost | all_shipped | unsaid
    shipping_cost: Decimal | None
    best_offer: bool
    bare: bool  # "45 shipped", no symbol

    @property
    def shipping_truth(self) -> Decimal | None:
        """The shipping cost a reader should find: 0 when included, None when unknown."""
        if self.shipping in ("shipped", "incl", "posted", "all_shipped"):
            return Decimal(0)
        return self.shipping_cost if self.shipping == "cost" else None


@dataclass(frozen=True)
class SalePost:
    intent: str  # sell | sell_or_trade | trade
    title: str
    intro: str
    offers: tuple[Offer, ...]
    layout: str  # title | lines | table | blocks | have_want
    style: SaleStyle
    closing: str


def random_home(rng: random.Random) -> tuple[str, str]:
    tags, currency, _ = rng.choices(HOMES, weights=[home[2] for home in HOMES])[0]
    return rng.choice(tags), currency


def sale_post(rng: random.Random, location: str, currency: str) -> SalePost:
    count = rng.choices((1, 2, 3, 4, 5), weights=(55, 15, 13, 10, 7))[0]
    style = _style(rng, location, currency, count)
    offers = tuple(_offer(rng, currency, allow_range=count > 1) for _ in range(count))
    intent = rng.choices(("sell", "sell_or_trade", "trade"), weights=(86, 9, 5))[0]
    if intent == "trade":
        offers = tuple(
            Offer(o.text, None, None, None, o.jeans) for o in offers[:1]
        )  # a trade names what it wants instead of a price
        count = 1
    tag = f"[{location}]" if style.location else ""
    if count == 1:
        offer = offers[0]
        layout = "have_want" if intent == "sell" and rng.random() < 0.15 else "title"
        if layout == "have_want":
            title = f"{tag} [H] {offer.text} [W] PayPal".strip()
        elif intent == "trade":
            want = write_title(random_jeans(rng), rng, max_length=40)
            title = f"[WTT]{tag} {offer.text} for {want}"
        else:
            prefix = (
                "[WTS/WTT]"
                if intent == "sell_or_trade"
                else rng.choice(("[WTS]", "[WTS]", "[WTS]", "[FS]", "WTS:"))
            )
            shown = (
                " - " + price_text(offer.price, style, offer.range_high)
                if rng.random() < 0.6
                else ""
            )
            title = f"{prefix}{tag} {offer.text}{shown}".replace(":[", ": [")
            if not shown:
                layout = "blocks"
    else:
        prefix = "[WTS/WTT]" if intent == "sell_or_trade" else "[WTS]"
        title = f"{prefix}{tag} {rng.choice(LOT_NAMES)}"
        layout = rng.choices(("lines", "table", "blocks"), weights=(60, 20, 20))[0]
    intro = rng.choice((
        "Selling a few pairs that don't fit anymore.",
        "Cleaning out the closet, all from a smoke free home.",
        "Measurements in the pics, ask if you need anything else.",
        "Everything is authentic vintage, no reproductions.",
        "",
    ))  # fmt: skip
    closing = rng.choice(CLOSINGS).format(album=_album_id(rng))
    return SalePost(intent, title, intro, offers, layout, style, closing)


def render_sale_body(post: SalePost, *, dropped: frozenset[int], sold: frozenset[int]) -> str:
    """The post's text with the given offers cut in price or sold (the seller edits it)."""
    style = post.style
    paragraphs = [post.intro] if post.intro else []
    if post.layout == "title":
        offer = post.offers[0]
        paragraphs.append(_details(offer))
        if 0 in dropped and offer.drop_to is not None:
            old, new = price_text(offer.price, style), price_text(offer.drop_to, style)
            paragraphs.append(f"EDIT: price drop ~~{old}~~ {new}")
    elif post.layout == "have_want":
        offer = post.offers[0]
        paragraphs.append(_details(offer))
        paragraphs.append(_price_paragraph(offer, 0 in dropped, style))
    elif post.layout == "blocks":
        for index, offer in enumerate(post.offers):
            heading = f"**{offer.text}**"
            # A sold item is struck through whole: its last price, without the older one.
            price = _price_paragraph(offer, index in dropped, style, plain=index in sold)
            block = f"{_details(offer)}\n{price}"
            if index in sold:
                block = f"~~{block.replace(chr(10), '~~' + chr(10) + '~~')}~~ SOLD"
            paragraphs.append(heading + "\n\n" + block if len(post.offers) > 1 else block)
    elif post.layout == "lines":
        lines = []
        for index, offer in enumerate(post.offers):
            price = _current_price(offer, index in dropped, style, plain=index in sold)
            line = f"{offer.text} - {price}"
            lines.append(f"- ~~{line}~~ SOLD" if index in sold else f"- {line}")
        paragraphs.append("\n".join(lines))
    else:  # table
        rows = ["| Item | Size | Price |", "|:--|:--|:--|"]
        for index, offer in enumerate(post.offers):
            price = _current_price(offer, index in dropped, style, plain=index in sold)
            if index in sold:
                price = f"~~{price}~~ SOLD"
            rows.append(f"| {offer.text} | {size_label(offer.jeans)} | {price} |")
        paragraphs.append("\n".join(rows))
    if post.intent == "sell_or_trade":
        paragraphs.append("Also open to trades for raw denim in my size (33).")
    if style.shipping == "all_shipped":
        paragraphs.append(
            _stable_choice(post.title, ("All prices shipped.", "Prices include shipping."))
        )
    elif style.shipping == "plus" and post.layout in ("lines", "table"):
        paragraphs.append("Prices + shipping, calculated at checkout.")
    if style.best_offer and post.layout in ("lines", "table"):
        paragraphs.append("Open to offers.")
    if sold and len(sold) == len(post.offers) and post.layout in ("title", "have_want"):
        paragraphs.append("EDIT: SOLD, thanks everyone!")
    paragraphs.append(post.closing)
    return "\n\n".join(paragraphs)


def _stable_choice(key: str, options: Sequence[str]) -> str:
    """A stable choice without an rng at hand: the same post always words it the same way."""
    return options[sum(map(ord, key)) % len(options)]


def price_text(amount: Decimal | None, style: SaleStyle, high: Decimal | None = None) -> str:
    if amount is None:
        return "PM for price"
    text = _amount_text(amount, style)
    if high is not None and not (style.bare or style.symbol_after):
        text += f"-{_number(high)}"
    return text + _shipping_words(style) + (" OBO" if style.best_offer else "")


def _amount_text(amount: Decimal, style: SaleStyle) -> str:
    number = _number(amount)
    if style.bare:
        return number
    if style.symbol_after:
        return f"{number}{SYMBOLS[style.currency]}"
    return f"{SYMBOLS[style.currency]}{number}"


def wtb_post(rng: random.Random, location: str, currency: str) -> tuple[str, str]:
    jeans = random_jeans(rng)
    budget = price_point(convert(jeans.value_usd * Decimal("1.2"), "USD", currency), currency, rng)
    if rng.random() < 0.3:
        title = f"[{location}] [H] PayPal [W] {write_title(jeans, rng, max_length=50)}"
    else:
        title = f"[WTB][{location}] {write_title(jeans, rng, max_length=60)}"
    body = (
        f"Looking for a pair in {size_label(jeans)}. Budget up to "
        f"{SYMBOLS[currency]}{_number(budget)} shipped, can pay via PayPal. Thanks!"
    )
    return title, body


def discussion_post(rng: random.Random) -> tuple[str, str]:
    jeans = random_jeans(rng)
    name = write_title(jeans, rng, max_length=50)
    value = _number(price_point(jeans.value_usd, "USD", rng))
    return rng.choice((
        (f"Is ${value} a fair price for these? {name}",
         "Saw them at a flea market, seller wouldn't budge. Tag looks right to me."),
        (f"Help dating my {name}", "Care tag is faded. Any idea what decade these are from?"),
        (f"Fade check: {name} after 14 months", "Soaked twice, never washed. Thoughts?"),
        ("Where do you all find vintage jeans in 2026?",
         "Thrift stores near me are picked clean. Paid $80 for my last pair of 501s on eBay."),
        (f"Sizing question: {name}", "Do vintage 501s run small? My tag 33 measures 31."),
        ("WAYWT - vintage denim edition", "Post your fits. Mine: 90s 501s, white tee, boots."),
    ))  # fmt: skip


def haul_post(rng: random.Random) -> tuple[str, str]:
    jeans = random_jeans(rng)
    paid = rng.choice(("4", "5", "6.99", "8", "12", "3.50"))
    name = write_title(jeans, rng, max_length=50)
    return rng.choice((
        (f"Found these {name} for ${paid} at Goodwill!", "Couldn't believe the tag. Made my week."),
        (f"${paid} bins find: {name}", "Dug through three bins for these."),
        (f"Thrift haul: {name} and a flannel", f"Both for ${paid}. Not bad for a Tuesday."),
    ))  # fmt: skip


def deal_post(rng: random.Random) -> tuple[str, str]:
    sale, regular = rng.choice((("39.99", "79.50"), ("29.97", "69.50"), ("49.50", "98"),
                                ("59", "128"), ("24.99", "59.50")))  # fmt: skip
    store = rng.choice(("Levi's.com", "Macy's", "Nordstrom Rack", "Uniqlo", "J.Crew"))
    model = rng.choice(("501 Original Fit", "505 Regular", "550 Relaxed", "Wrangler Cowboy Cut",
                        "Lee 101 Rider"))  # fmt: skip
    return (
        f"[{store}] {model} jeans - ${sale} (reg ${regular})",
        f"Extra 20% off with code DENIM at checkout. Sizes going fast. Regular price ${regular}.",
    )


def sold_report_post(rng: random.Random) -> tuple[str, str]:
    jeans = random_jeans(rng)
    sold = _number(price_point(jeans.value_usd * Decimal("1.5"), "USD", rng))
    name = write_title(jeans, rng, max_length=50)
    return (
        f"Sold {name} for ${sold}, paid $5 at the bins",
        "Listed on eBay and Grailed, sold in two days. Always check the care tag.",
    )


def market_comment(
    rng: random.Random, location: str, currency: str
) -> tuple[str, tuple[Offer, ...], SaleStyle | None]:
    """A top-level comment in a buy/sell/trade thread: a sale (with its offers), a want, or a
    question."""
    kind = rng.choices(("sell", "want", "question"), weights=(62, 23, 15))[0]
    if kind == "want":
        jeans = random_jeans(rng)
        return (
            f"WTB: {write_title(jeans, rng, max_length=50)}, up to "
            f"{SYMBOLS[currency]}{_number(price_point(jeans.value_usd, currency, rng))} shipped",
            (),
            None,
        )
    if kind == "question":
        return rng.choice((
            "Is $150 fair for a pair of 1966 LVCs in a 33?",
            "Anyone have a 501 STF in 32x32? Would pay well.",
            "How do you all ship jeans, poly mailer or box?",
        )), (), None  # fmt: skip
    count = rng.choices((1, 2, 3), weights=(60, 28, 12))[0]
    style = _style(rng, location, currency, count, comment=True)
    offers = tuple(_offer(rng, currency, allow_range=False) for _ in range(count))
    head = rng.choice(("WTS: ", "[WTS] ", "", "Selling: "))
    tag = f"[{location}] " if style.location else ""
    if count == 1:
        text = f"{head}{tag}{offers[0].text}, {price_text(offers[0].price, style)}"
    else:
        lines = [f"* {o.text} - {price_text(o.price, style)}" for o in offers]
        text = f"{head}{tag}".strip() + "\n\n" + "\n".join(lines)
    return text, offers, style


def render_comment_offers(text: str, offers: Sequence[Offer], style: SaleStyle,
                          sold: frozenset[int]) -> str:  # fmt: skip
    """A sale comment with sold offers struck through, as sellers edit them."""
    for index in sorted(sold):
        offer = offers[index]
        priced = f"{offer.text}, {price_text(offer.price, style)}"
        listed = f"{offer.text} - {price_text(offer.price, style)}"
        for written in (priced, listed):
            text = text.replace(written, f"~~{written}~~ SOLD")
    return text


BUYER_REPLIES = ("PM'd", "PM sent", "Sent you a chat!", "Interested, PM'd",
                 "Is this still available?", "What are the measurements?",
                 "Would you take {offer} shipped?", "Dibs if it falls through")  # fmt: skip
SELLER_REPLIES = (
    "Replied!",
    "Still available",
    "Sold, thanks!",
    "Pending",
    "Measurements are in the album.",
)
DISCUSSION_REPLIES = ("Great fades.", "Those look like early 90s to me, check the button stamp.",
                      "I paid $120 for a pair like that last year.", "Tag looks legit.",
                      "Grail status.", "Size up, they shrink.")  # fmt: skip


def buyer_reply(rng: random.Random, offer: Offer | None, style: SaleStyle | None) -> str:
    reply = rng.choice(BUYER_REPLIES)
    if "{offer}" in reply:
        if offer is None or offer.price is None or style is None:
            return "PM'd"
        low = price_point(offer.price * Decimal("0.8"), style.currency, rng)
        reply = reply.format(offer=f"{SYMBOLS[style.currency]}{_number(low)}")
    return reply


def _style(
    rng: random.Random, location: str, currency: str, count: int, *, comment: bool = False
) -> SaleStyle:
    shipping_options = {"shipped": 40, "plus": 15, "cost": 10, "unsaid": 10,
                        "all_shipped": 0 if comment or count == 1 else 20,
                        "incl": 12 if currency in ("EUR", "GBP") else 2,
                        "posted": 15 if currency == "GBP" else 0}  # fmt: skip
    shipping = rng.choices(list(shipping_options), weights=list(shipping_options.values()))[0]
    return SaleStyle(
        location=location if rng.random() < 0.9 or currency != "USD" else None,
        currency=currency,
        symbol_after=currency == "EUR" and rng.random() < 0.5,
        shipping=shipping,
        shipping_cost=Decimal(rng.choice(SHIPPING_COSTS[currency])) if shipping == "cost" else None,
        best_offer=rng.random() < 0.2,
        bare=shipping == "shipped" and currency == "USD" and rng.random() < 0.1,
    )


def _offer(rng: random.Random, currency: str, *, allow_range: bool) -> Offer:
    jeans = random_jeans(rng)
    price = price_point(convert(jeans.value_usd, "USD", currency), currency, rng)
    price = price.to_integral_value() if rng.random() < 0.8 else price
    drop_to = price_point(price * Decimal("0.85"), currency, rng).to_integral_value()
    high = None
    if allow_range and rng.random() < 0.08:
        high = (price * Decimal("1.3")).to_integral_value()
    return Offer(
        text=write_title(jeans, rng, max_length=60),
        price=price if rng.random() > 0.04 else None,
        drop_to=drop_to if drop_to < price else None,
        range_high=high,
        jeans=jeans,
    )


def _details(offer: Offer) -> str:
    jeans = offer.jeans
    measured = f'{jeans.measured_waist:g}" waist, {jeans.measured_inseam:g}" inseam'
    made = f"Made in {jeans.made_in}. " if jeans.made_in else ""
    return f"Tag {size_label(jeans)}, measures {measured}. {made}{CONDITION_NOTES[jeans.condition]}"


def _price_paragraph(offer: Offer, dropped: bool, style: SaleStyle, *, plain: bool = False) -> str:
    return f"Price: {_current_price(offer, dropped, style, plain=plain)}"


def _current_price(offer: Offer, dropped: bool, style: SaleStyle, *, plain: bool = False) -> str:
    """The price as the seller shows it; after a cut, the old one struck through (``plain``:
    the new one alone)."""
    if dropped and offer.drop_to is not None:
        new = price_text(offer.drop_to, style)
        return new if plain else f"~~{_amount_text(offer.price, style)}~~ {new}"
    return price_text(offer.price, style, offer.range_high)


def _shipping_words(style: SaleStyle) -> str:
    return {
        "shipped": " shipped",
        "incl": " incl. shipping",
        "posted": " posted",
        "plus": " + shipping",
        "cost": f" + {SYMBOLS[style.currency]}{style.shipping_cost} shipping",
        "all_shipped": "",
        "unsaid": "",
    }[style.shipping]


def _number(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def _album_id(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                   for _ in range(7))  # fmt: skip
