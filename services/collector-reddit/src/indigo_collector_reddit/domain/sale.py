"""The items a sale post or comment offers, each with its price and terms.

How a text becomes items (decisions a reader needs before the code):

- Every line with an asking price is an item; a line with several asking prices is several items
  when item words stand between them (``501 32x32 $45, 505 33x32 $40``), and one item with
  alternative prices when only filler does (``$45 shipped or $80 for both``, ``~~$60~~ $50``):
  then the first price not struck through is its price, or the one an arrow points to (``$180 ->
  $160``). Where it ships is filler too (``50€ shipped in France, 60€ EU``).
- One price said to be each item's after a list of named models (``Iron Heart 634S 33, PBJ XX-005
  32 - $180 shipped each``) is one item per model at that price; sizes of one model (``32x32,
  33x32, $45/ea``) or words that name no model stay one item.
- A price for several items together on a line naming no item of its own (``or $300 for both``,
  ``Both: $210``, ``Total: $53``) is no item when other items are priced.
- An edit that reprices without naming an item (``EDIT 2: $180``, ``Price drop: $165``) is the
  newer price of a post's one item (its shipping terms kept unless it states others); among
  several items it prices none.
- Several priced items in the body give one item each; otherwise several in the title do;
  otherwise one item priced by the body (editable, so newer than the title) or else the title.
  A sale with no asking price anywhere is one item with no price: never a made-up one.
- Ranges (``$45-60``) are priced at their low end: what the cheapest of them goes for, and a
  number the seller wrote.
- Shipping: ``shipped`` / ``incl. shipping`` / ``posted`` / ``free shipping`` is a shipping cost
  of 0; ``+ $10 shipping`` is 10; ``+ shipping`` is unknown (null). A line without a price that
  says so ("all prices shipped", "Both shipped", "Shipped CONUS.", "Shipping within Canada
  included", a "Price (shipped)" column, "+ shipping", "shipping $8") sets it for every item that
  does not say otherwise; "OBO" / "open to offers" likewise.
- Sold: an item struck through, or marked ``SOLD``, or every item of a post marked ``[SOLD]`` /
  flaired Sold, is kept and flagged sold (its last price stays known). A price-less line naming
  what sold ("EDIT: Samurai sold", "Oni 622 - SOLD", "Sold: the Oni") flags the items it names,
  and only them.
- A sale's text that also offers a trade ("$70 or trade", "trades welcome"; not "no trades")
  makes it a sale or trade (:func:`offers_a_trade`).
- An item's title is its line without the price terms and square-bracket tags; a line that is
  only a price ("Price: $45 shipped") takes its title from a bold or ``#`` heading just above
  it, else the first line of its paragraph. A comment's single item is named by its ``Item:``
  field or its first line naming something (not "Location: US-CA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from indigo_collector_reddit.domain.conventions import strip_bracket_tags, strip_tags
from indigo_collector_reddit.domain.prices import (
    BEST_OFFER,
    Mention,
    find_prices,
    resolve_currency,
)
from indigo_collector_reddit.domain.text import Line, plain_lines

MAX_TITLE_LENGTH = 300
_FILLER = frozenset(
    "or and for both all each ea shipped ship shipping local pickup pick up obo ono firm plus now "
    "the a an only lot bundle net paypal pp gs ff g s f conus us usa intl international "
    "worldwide to in via with incl included including inc postage posted delivered tracked price "
    "prices asking ask drop dropped new was offers offer best neg negotiable pair pairs per total "
    "takes take it them if you fees fee is are at of off cash venmo zelle free extra sold "
    "pending apiece piece pc pcs nearest canada eu uk abroad elsewhere otherwise also just then "
    "than will would can do usd cad eur gbp aud euro euros dollars bucks quid shipping: price: "
    "or: obo: firm: fs wts wtt "
    # where it ships to: "50€ shipped in France, 60€ EU" is one item with two prices
    "within mainland domestic domestically overseas internationally europe european america "
    "states lower 48 australia aus japan germany france italy spain netherlands sweden ireland "
    "anywhere everywhere world else".split()
)
# A price for several items together ("or $300 for both shipped", "all 3 for $100", "$250 for the
# lot"): on a line naming no item of its own, among other priced items, an alternative, not one.
_BUNDLE = re.compile(
    r"\b(?:for\s+(?:both|all|the\s+(?:lot|pair|set|bundle))|(?:both|all(?:\s+\d+)?|the\s+lot|"
    r"bundle|together)\s+for|bundle|as\s+a\s+(?:lot|bundle|set)|\d+\s+for\s+[$€£¥]?\d|"
    # "Both: $210", "All 3 - $300", "Lot: $250"
    r"^\W*(?:both|all(?:\s+(?:\d+|two|three|four|five))?|the\s+lot|lot|together|everything|"
    r"total|grand\s+total)"
    r"\s*[:=\-–])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
_SOLD = re.compile(
    r"\b(?:sold|s\s*o\s*l\s*d)\b(?!\s+(?:for|at|out|to|by|me|it|them|on|in)\b)", re.I
)
_QUALIFIERS = re.compile(
    r"(?:\b(?:shipped|incl\w*\.?\s+(?:of\s+)?(?:shipping|ship|postage|p&p|delivery)|"
    r"(?:shipping|postage)\s+(?:is\s+)?(?:included|incl\w*|extra)|free\s+shipping|posted|"
    r"obo|o\.b\.o|ono|or\s+best\s+offer|firm|each|ea|apiece|conus|net)\b|"
    r"\+\s*(?:shipping|ship|s/h|postage|p&p)\b|/\s*ea\b|\bplus\s+shipping\b)",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^\s*(?:price|asking|ask|cost|pp|paypal|(?:edit|update)\s*\d*)\s*[:=\-]?\s*", re.IGNORECASE
)
_POST_INCLUDED = re.compile(
    r"\b(?:(?:all\s+)?prices?\s+(?:are\s+|is\s+)?(?:include|including|incl\w*\.?)\s+"
    r"(?:shipping|postage)|(?:all\s+)?prices?\s+(?:are\s+)?(?:shipped|delivered|posted)|"
    r"(?:shipping|postage)\s+(?:is\s+)?incl(?:uded\b|\.|\b)|free\s+shipping\b|ships?\s+free\b|"
    r"(?:shipping|postage)\s*[:\-–]\s*(?:included|incl\w*|free|paid)\b|"
    r"\b(?:everything|all\s+(?:items|pairs|listings)|both|all)\s+(?:is\s+|are\s+)?"
    r"(?:shipped|delivered|posted)\b(?!\s+(?:via|by|with|from|within\s+\d|in\s+\d|on\b|out\b))|"
    # "Price (shipped)" heading a table's price column
    r"\bprices?\s*\(\s*(?:shipped|delivered|posted|incl\w*\.?\s+(?:shipping|postage))\s*\)|"
    # "Shipping within Canada included": a place between, never a "not"
    r"(?:shipping|postage)\s*(?:is\s+|:\s*|-\s*)?(?:free|on\s+me|\$0(?:\.00)?)(?![\d.])|"
    r"\b(?:i'?ll|i\s+will|i)\s+(?:cover|pay(?:\s+for)?)\s+(?:the\s+)?(?:shipping|postage)\b|"
    r"\b(?:i'?ll\s+|will\s+)?ship\s+(?:it\s+|them\s+|everything\s+)?(?:for\s+)?free\b|"
    r"(?:shipping|postage)(?:\s+(?:within|in|to|across)(?:\s+(?!not\b|is\b)[A-Za-z.]+){1,2})\s+"
    r"(?:is\s+)?incl(?:uded\b|\.|\b))",
    re.IGNORECASE,
)
# A line that is only "shipped" for the items above it: "shipped", "Both shipped", "All shipped
# CONUS.", "Shipped in the US". Not how or when it ships ("Shipped via USPS", "shipped within 2
# days"), nor a line that says more.
_SHIPPED_LINE = re.compile(
    r"^\W*(?:(?:all|both|everything|all\s+items|all\s+pairs|each|(?:all\s+)?prices?)\s+"
    r"(?:are\s+|is\s+)?)?(?:shipped|posted|delivered)"
    r"(?:\s+(?:to\s+|in\s+|within\s+)?(?:the\s+)?(?:conus|us|usa|u\.s\.|lower\s+48|canada|uk|eu|"
    r"europe|australia|domestic(?:ally)?|worldwide))?\W*$",
    re.IGNORECASE,
)
_POST_EXTRA = re.compile(
    r"(?:(?:\+|\bplus)\s*(?:shipping|postage)\b|\bshipping\s+(?:is\s+)?(?:extra|not\s+included|"
    r"additional)\b|\bbuyer\s+pays\s+shipping\b|\bprices?\s+(?:do\s+not|don'?t)\s+include\s+"
    r"shipping\b)",
    re.IGNORECASE,
)
# An item line that names no price on purpose: "PM for price", "Price: PM", "make an offer".
_UNPRICED = re.compile(
    r"\b(?:(?:pm|dm|message|msg|ask)\s+(?:me\s+)?for\s+(?:the\s+)?(?:price|pricing)|"
    r"price\s*[:=]\s*(?:pm|dm|ask|tbd|offers?)\b|make\s+(?:me\s+)?an?\s+offer|"
    r"taking\s+offers)",
    re.IGNORECASE,
)
_ARROW = re.compile(r"-+>|→|⇒|=+>|>>|➡|⟶")
_TRADE_OFFER = re.compile(
    r"(?:[/|]\s*(?:trades?|wtt)\b)|\b(?:or\s+(?:a\s+)?trade|or\s+trades?\s+for|open\s+to\s+(?:\w+\s+)?(?:trades?|swaps?)|"
    r"trades?\s+(?:are\s+)?(?:welcome|considered|accepted|ok|okay)|"
    r"(?:will|would|happy\s+to|willing\s+to|down\s+to)\s+(?:consider\s+)?(?:a\s+)?trad(?:e|es|ing)|"
    r"(?:will|would)\s+consider\s+(?:\w+\s+)?trades?|interested\s+in\s+trades?|"
    r"also\s+(?:up\s+for|open\s+to)\s+trades?)\b",
    re.IGNORECASE,
)
_NO_TRADE = re.compile(
    r"\b(?:no\s+trades?|not\s+(?:\w+\s+){0,3}trad(?:e|es|ing)|trades?\s*:\s*(?:none|no)\b|"
    r"no\s+(?:\w+\s+)?trades)",
    re.IGNORECASE,
)
_DROP = (
    r"(?:(?:price\s+)?(?:drop(?:ped)?|reduced|lowered|cut)(?:\s+(?:to|again))?|new\s+price|now\b)"
)
_UPDATE = re.compile(
    r"^\W*(?:(?:edit|update|upd)\s*\d*\s*[:\-–]?\s*(?:"
    + _DROP
    + r")?|"
    + _DROP
    + r")\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_UPDATE_TAIL = re.compile(
    r"\b(?:(?:last|final)\s+(?:drop|price|call|chance|one)|again|firm)\b", re.IGNORECASE
)
_BID = re.compile(
    r"\b(?:i'?d\s+(?:do|pay|take|offer|give)|i\s+would\s+(?:do|pay|take|offer|give)|"
    r"would\s+(?:do|pay|take|offer)|i\s+(?:can|could)\s+(?:do|pay|offer)|"
    r"i'?ll\s+(?:do|pay|take|offer|give)|max\b|budget|willing\s+to\s+pay|"
    r"paying\s+(?:up\s+to\s+)?[$€£¥\d]|if\s+you\s+still\s+have|mine\s+(?:sold|went)|"
    r"scam\w*|congrat\w*)",
    re.IGNORECASE,
)
_REMARK = re.compile(
    r"\b(?:fair\s+(?:price|deal)|(?:great|good|nice|solid|killer|sick|insane|crazy)\s+"
    r"(?:deal|price|pickup|pick\s+up|find|grab|score|cop)|steal|on\s+sale|heads\s+up|"
    r"reminder|tip|psa|seems?\s+(?:high|low|fair|steep|cheap)|is\s+(?:a\s+)?(?:fair|good|great|"
    r"too\s+much|too\s+high|high|low|reasonable))\b",
    re.IGNORECASE,
)
_SELLS = re.compile(
    r"\b(?:shipped|obo|ono|firm|timestamps?|pics?|dm|pm|message\s+me|paypal|g&s|venmo|zelle|"
    r"local\s+pick\s*up|for\s+sale|selling|asking)\b|\+\s*ship",
    re.IGNORECASE,
)
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s+\S|\*\*[^*]+\*\*\s*$|__[^_]+__\s*$)")
_ITEM_FIELD = re.compile(r"^\W*(?:item|items|selling|model)\s*:\s*(?P<item>\S.*)$", re.IGNORECASE)
_LOCATION_FIELD = re.compile(r"\blocation\s*[:\-]\s*[\w-]+", re.IGNORECASE)
_MAX_NAMED = 12  # a longer list before one "each" price is no plain list of pairs
_EACH_NEAR = re.compile(r"\b(?:each|ea|apiece|a\s+piece)\b|/\s*ea\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;.!?(]|\bor\b", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;]|\s(?:and|&|\+)\s|\s/\s)\s*", re.IGNORECASE)
_SIZE_WORDS = frozenset(
    "size sizes sz tagged tag waist inseam rise nwt nwot dswt used worn".split()
)
_SIZE_TOKEN = re.compile(
    r"^(?:[wl]\d{2}|\d{2}x\d{2}|\d+x|x\d+|\d+(?:cm|mm|in|oz)|(?:19|20)\d\d|\d{2}s|"
    r"\d{1,2}(?:\.5)?[dew]|[xs]{0,3}[sml]|xx?l)$",
    re.IGNORECASE,
)
_SOLD_EDIT = re.compile(
    r"^\W*(?:(?:edit|update)\s*\d*\s*[:\-–]?\s*)?(?:"
    r"(?P<what1>[^:]{2,60}?)\s*[-–:]?\s*(?:is\s+|are\s+|has\s+been\s+|have\s+been\s+|now\s+)?"
    r"(?:sold|gone)|(?:sold|gone)\s*[:\-–]\s*(?P<what2>.{2,60}?))\W*$",
    re.IGNORECASE,
)
_NOT_SOLD = re.compile(r"\b(?:not|never|almost|nearly|un|isn'?t|aren'?t|yet|if)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!;])\s+")
_BARE_URL = re.compile(r"\(?\bhttps?://\S+", re.IGNORECASE)
_ALL = re.compile(r"\b(?:both|all|each|everything)\b", re.IGNORECASE)
_POST_CLOSED = re.compile(
    r"^\W*(?:edit\W+)?(?:all\s+)?(?:sold|closed)\b[\W\w]{0,30}$", re.IGNORECASE
)


@dataclass(frozen=True)
class SaleItem:
    title: str
    description: str | None
    price: Decimal | None
    currency: str | None
    shipping_cost: Decimal | None
    best_offer: bool
    sold: bool


@dataclass(frozen=True)
class _Priced:
    """An item found in a line: its text, its price mention and whether it is sold."""

    line: Line
    text: str
    ask: Mention | None  # None: an item whose price is asked for ("PM for price")
    sold: bool


@dataclass(frozen=True)
class _Terms:
    """What a post says once for all its items."""

    shipping_included: bool = False
    shipping_extra: bool = False
    shipping_cost: Decimal | None = None
    best_offer: bool = False
    closed: bool = False


def sale_items(
    title: str | None,
    body: str,
    *,
    location_currency: str | None,
    closed: bool = False,
) -> list[SaleItem]:
    """The items of a sale: one per priced item, or a single unpriced one (see module doc).

    ``title``: the post's title (None for a comment, whose first line stands in for it).
    """
    lines = plain_lines(body)
    body_items = [item for line in lines for item in _line_items(line)]
    title_line = plain_lines(title)[0] if title and plain_lines(title) else None
    title_items = _line_items(title_line) if title_line else []
    heading = strip_tags(title) if title else _first_line_title(lines)
    sold_names = _sold_names(lines)
    # "Sold: the Oni" sells the Oni, not every item of the post.
    named = [n for n in sold_names if any(_names(n, p.text) for p in body_items + title_items)]
    terms = _post_terms(lines, closed, named_sold=named)
    if title_line is not None and BEST_OFFER.search(title_line.text):
        terms = replace(terms, best_offer=True)  # "[WTS] Iron Heart 634S 33 OBO", priced below

    def item(priced: _Priced | None, item_title: str, description: str | None) -> SaleItem:
        found = _sale_item(priced, item_title, description, terms, location_currency)
        if not found.sold and any(_names(name, found.title) for name in sold_names):
            found = replace(found, sold=True)  # "EDIT: Samurai sold"
        return found

    full_text = "\n".join(line.text for line in lines) or None
    updates = [p for p in body_items if _is_update(p)]
    if updates:
        # "EDIT 2: $180" / "Price drop: $165": a new price for the one item, not another item.
        body_items = [p for p in body_items if p not in updates]
        if len(body_items) <= 1:
            base = (body_items or [p for p in title_items if p.ask] or [None])[0]
            latest = updates[-1]
            if base is not None and base.ask and latest.ask.shipping_included is None:
                said = base.ask
                latest = replace(
                    latest,
                    ask=replace(
                        latest.ask,
                        shipping_included=said.shipping_included,
                        shipping_cost=said.shipping_cost,
                    ),
                )
            return [item(latest, heading, full_text)]
    if len(body_items) >= 2:
        body_items = [
            p for p in body_items if _has_item_words(p.text) or not _BUNDLE.search(p.line.text)
        ] or body_items
    if len(body_items) >= 2:
        return [
            item(p, _item_title(p, lines, heading), _item_description(p, lines, body_items))
            for p in body_items
        ]
    if len(title_items) >= 2:
        return [item(p, _item_title(p, [], heading), p.text or None) for p in title_items]
    priced = [p for p in body_items if p.ask] or [p for p in title_items if p.ask]
    chosen = priced[0] if priced else (body_items[0] if body_items else None)
    return [item(chosen, heading, full_text)]


def _is_update(priced: _Priced) -> bool:
    """An edit that reprices the item and names none: "EDIT 2: $180", "Price drop: $130"."""
    return (
        priced.ask is not None
        and _UPDATE.match(priced.line.text) is not None
        and not _has_item_words(_UPDATE_TAIL.sub(" ", _UPDATE.sub("", priced.text)))
    )


def _sold_names(lines: list[Line]) -> list[set[str]]:
    """What price-less lines say is sold: "EDIT: Samurai sold", "Oni 622 - SOLD", "Sold: the
    Momotaro", each name as its words (several: "Oni and Samurai sold")."""
    names = []
    for line in lines:
        if any(m.role == "ask" for m in find_prices(line.text, breaks=line.breaks)):
            continue
        # "EDIT: Oni sold, Samurai still available": each clause says its own
        for clause in re.split(r"[,;.]\s+|\s+but\s+", line.text):
            match = _SOLD_EDIT.match(clause)
            if match is None or _NOT_SOLD.search(clause):
                continue
            for part in re.split(r",|\band\b|&|\+|/", match["what1"] or match["what2"] or ""):
                words = _name_words(part)
                if words and len(words) <= 6:
                    names.append(words)
    return names


def _name_words(text: str) -> set[str]:
    return {
        word
        for word in (m.group(0).lower().strip("'’") for m in _WORD.finditer(text))
        if word not in _FILLER
        and word not in {"edit", "update", "my", "pair", "jeans"}
        and not (word.isdigit() and len(word) < 2)
    }


def _names(name: set[str], title: str) -> bool:
    """Whether the words of a name all name the item titled so: "samurai" in "Samurai S710XX"."""
    return name <= _name_words(title)


def offers_a_trade(text: str) -> bool:
    """Whether a sale's text also offers a trade: "$70 or trade", "open to trades", "trades
    welcome"; never "no trades" / "not looking for trades"."""
    return bool(_TRADE_OFFER.search(text)) and not _NO_TRADE.search(text)


def reads_as_a_sale(text: str) -> bool:
    """Whether an untagged comment with an asking price may be an offer to sell: never a buyer's
    bid ("I'd do $120 max", "would do $140 shipped if you still have them"), and a remark ("great
    deal at $150", "Self Edge has it on sale for $279") only when it also says how it sells
    ("steal at $40 shipped, DM me")."""
    if _BID.search(text):
        return False
    return not _REMARK.search(text) or bool(_SELLS.search(text))


def states_an_offer(line: str) -> bool:
    """Whether a line offers something: an asking price or "PM for price", outside a question."""
    if "?" in line:
        return False
    return bool(_UNPRICED.search(line)) or any(m.role == "ask" for m in find_prices(line))


def _sale_item(
    priced: _Priced | None,
    title: str,
    description: str | None,
    terms: _Terms,
    location_currency: str | None,
) -> SaleItem:
    title = _clip(title)
    if priced is None or priced.ask is None:
        sold = terms.closed or (priced is not None and priced.sold)
        return SaleItem(title, description, None, None, None, terms.best_offer, sold)
    ask = priced.ask
    if ask.shipping_included:
        shipping = Decimal(0)
    elif ask.shipping_cost is not None:
        shipping = ask.shipping_cost
    elif ask.shipping_included is False:
        shipping = None
    elif terms.shipping_included:
        shipping = Decimal(0)
    else:
        shipping = None if terms.shipping_extra else terms.shipping_cost
    return SaleItem(
        title=title,
        description=description,
        price=ask.amount,
        currency=resolve_currency(ask.currency, location_currency),
        shipping_cost=shipping,
        best_offer=ask.best_offer or terms.best_offer,
        sold=priced.sold or terms.closed,
    )


def _post_terms(
    lines: list[Line], closed: bool, named_sold: list[set[str]] | None = None
) -> _Terms:
    included = extra = best_offer = False
    cost: Decimal | None = None
    for line in lines:
        mentions = find_prices(line.text, breaks=line.breaks)
        if any(m.role == "ask" for m in mentions) or _UNPRICED.search(line.text):
            continue
        included = (
            included
            or bool(_POST_INCLUDED.search(line.text))
            or any(_SHIPPED_LINE.match(part) for part in _SENTENCE_END.split(line.text))
        )
        extra = extra or bool(_POST_EXTRA.search(line.text))
        best_offer = best_offer or bool(BEST_OFFER.search(line.text))
        shipping = [m.amount for m in mentions if m.role == "shipping"]
        if shipping and cost is None:
            cost = shipping[0]
        if len(line.text) <= 40 and _POST_CLOSED.match(line.text):
            closed = closed or not any(n in (named_sold or []) for n in _sold_names([line]))
    return _Terms(
        shipping_included=included and not extra,
        shipping_extra=extra and not included,
        shipping_cost=cost,
        best_offer=best_offer,
        closed=closed,
    )


def _line_items(line: Line) -> list[_Priced]:
    """The items of one line: its asking prices, grouped (see module doc)."""
    mentions = find_prices(line.text, breaks=line.breaks)
    asks = [m for m in mentions if m.role == "ask"]
    if not asks:
        unpriced = _UNPRICED.search(line.text)
        if unpriced is None:
            return []
        text = _without_price_terms(
            line.text[: unpriced.start()] + line.text[unpriced.end() :], [], 0
        )
        if not _has_item_words(text) and not _LABEL.match(line.text):
            return []  # "PM me for prices" alone says how to buy, not what; "Price: PM" does
        sold = line.wholly_struck or bool(_SOLD.search(line.text))
        return [_Priced(line=line, text=text, ask=None, sold=sold)]
    # Amounts that are not asks (shipping, retail) are no item words: blank them out.
    blanked = line.text
    for mention in mentions:
        if mention.role != "ask":
            blanked = (
                blanked[: mention.start]
                + " " * (mention.end - mention.start)
                + blanked[mention.end :]
            )
    groups: list[list[Mention]] = [[asks[0]]]
    starts = [0]
    for ask in asks[1:]:
        previous = groups[-1][-1]
        between = blanked[previous.end : ask.start]
        item_start = _first_item_word(between)
        if item_start is None:
            groups[-1].append(ask)
        else:
            groups.append([ask])
            starts.append(previous.end + item_start)
    shared_terms = _shared_terms(line.text, groups)
    items = []
    for index, group in enumerate(groups):
        start = starts[index]
        end = starts[index + 1] if index + 1 < len(starts) else len(line.text)
        segment = line.text[start:end]
        unstruck = [m for m in group if not line.is_struck(m.start, m.end)]
        ask = unstruck[0] if unstruck else group[-1]
        for old, new in zip(group, group[1:], strict=False):
            if old is ask and _ARROW.search(line.text[old.end : new.start]):
                ask = new  # "price drop $180 -> $160": the price it goes to
        if ask.shipping_included is None:
            # "$45 ea or 3 for $120, shipped": the last alternative's terms speak for all.
            said = [m for m in group if m.shipping_included is not None]
            if said:
                ask = replace(
                    ask,
                    shipping_included=said[-1].shipping_included,
                    shipping_cost=said[-1].shipping_cost,
                )
        if shared_terms is not None and ask.shipping_included is None:
            ask = replace(ask, shipping_included=shared_terms.shipping_included)
        struck_text = line.wholly_struck or all(
            line.is_struck(i, i + 1) for i in range(start, end) if line.text[i].isalnum()
        )
        sold = not unstruck or struck_text or bool(_SOLD.search(segment))
        text = _without_price_terms(segment, [m for m in mentions if start <= m.start < end], start)
        items.append(_Priced(line=line, text=text, ask=ask, sold=sold))
    if len(items) == 1 and _priced_each(line.text, groups[0]):
        # "Iron Heart 634S 33, PBJ XX-005 32 - $180 shipped each": one price, each named item.
        (only,) = items
        named = _named_items(line.text[: groups[0][0].start])
        if 2 <= len(named) <= _MAX_NAMED:
            return [replace(only, text=name) for name in named]
    return items


def _priced_each(text: str, group: list[Mention]) -> bool:
    """Whether a line's one price is said to be each item's: "$150 each shipped", "$45/ea"."""
    return any(
        mention.each or _EACH_NEAR.search(_CLAUSE.split(text[mention.end : mention.end + 30])[0])
        for mention in group
    )


def _named_items(text: str) -> list[str]:
    """The items a list before an "each" price names, when each names a model: "Lee 101Z,
    Wrangler 11MWZ, Levi's 501 - all 32" (three), never sizes ("32x32, 33x32": one item in
    several sizes) nor words that name no model ("worn twice, soaked once")."""
    parts = _LIST_SEPARATOR.split(strip_bracket_tags(text))
    named: list[str] = []
    for part in parts:
        if _names_a_model(part):
            named.append(part)
        elif named:
            named[-1] = f"{named[-1]}, {part}"  # "Levi's 501 - all 32": the size goes with it
        elif part.strip(" -–—|:;,/"):
            return []  # something unnamed before the first model: not a plain list
    return [_without_price_terms(name, [], 0) for name in named]


def _names_a_model(text: str) -> bool:
    words = [m.group(0).strip("'’") for m in _WORD.finditer(text)]
    named = any(
        sum(c.isalpha() for c in word) >= 2
        and word.lower() not in _FILLER
        and word.lower() not in _SIZE_WORDS
        and not _SIZE_TOKEN.match(word)
        for word in words
    )
    model = any(
        any(c.isdigit() for c in word)
        and (any(c.isalpha() for c in word) or len(word) >= 3)
        and len(word) >= 3
        and not _SIZE_TOKEN.match(word)
        for word in words
    )
    lettered_model = any(
        any(c.isdigit() for c in word)
        and any(c.isalpha() for c in word)
        and len(word) >= 3
        and not _SIZE_TOKEN.match(word)
        for word in words
    )
    return model and (named or lettered_model)


def _shared_terms(text: str, groups: list[list[Mention]]) -> Mention | None:
    """The last item's terms when the line says they hold for all: "..., both shipped"."""
    last = groups[-1][-1]
    if len(groups) > 1 and _ALL.search(text[last.end :]):
        return last
    return None


def _first_item_word(text: str) -> int | None:
    for match in _WORD.finditer(text):
        word = match.group(0).lower().strip("'’")
        if word in _FILLER:
            continue
        if word.isdigit() and len(word) < 2:
            continue
        return match.start()
    return None


def _without_price_terms(segment: str, mentions: list[Mention], offset: int) -> str:
    text = segment
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        text = text[: mention.start - offset] + " " + text[mention.end - offset :]
    text = _QUALIFIERS.sub(" ", text)
    text = _SOLD.sub(" ", text)
    text = _LABEL.sub("", text)
    text = re.sub(r"\(\s*(?:was|retail|paid|msrp|rrp|orig\w*)?\s*\)|\[\s*\]", " ", text, flags=re.I)
    text = re.sub(r"\s+", " ", text).strip(" -–—|:;,/+@=~*")
    text = re.sub(r"\s*\.{2,}\s*$|\s*(?:[-–—|]\s*)+(?:both|all)$", "", text, flags=re.I)
    return strip_bracket_tags(text)  # "[WTS][US-MA] Iron Heart 634S 36": the item, not its tags


def _has_item_words(text: str) -> bool:
    return _first_item_word(text) is not None


def _item_title(priced: _Priced, lines: list[Line], heading: str) -> str:
    if _has_item_words(priced.text):
        return priced.text
    # "- Asking: $190" under a bold "**Oni 546 32**" or "## Oni 546 32" heading just above
    above = [line for line in lines if line.block >= priced.line.block - 1]
    above = above[: next((i for i, line in enumerate(above) if line is priced.line), 0)]
    for line in reversed(above):
        if _HEADING_LINE.match(line.raw) and not _line_items(line):
            if title := _without_price_terms(line.text, [], 0):
                return title
    # "Price: $45 shipped" in a paragraph: the paragraph's first line names the item.
    block = [line for line in lines if line.block == priced.line.block]
    for line in block:
        if line is not priced.line and not _line_items(line):
            return _without_price_terms(line.text, [], 0) or heading
    return heading


def _item_description(priced: _Priced, lines: list[Line], items: list[_Priced]) -> str:
    block = [line for line in lines if line.block == priced.line.block]
    items_in_block = [item for item in items if item.line.block == priced.line.block]
    if len(items_in_block) == 1:
        return "\n".join(line.text for line in block)
    return priced.line.text


def _first_line_title(lines: list[Line]) -> str:
    """A comment's name for its one item: an "Item: ..." field, else its first line that names
    something besides where it is ("Location: US-CA" names nothing)."""
    for line in lines:
        if field := _ITEM_FIELD.match(line.text):
            return strip_tags(field["item"])
    for line in lines:
        text = strip_tags(_LOCATION_FIELD.sub(" ", line.text))
        if _has_item_words(_LOCATION_FIELD.sub(" ", strip_bracket_tags(line.text))):
            return text
    return strip_tags(lines[0].text) if lines else ""


def _clip(title: str) -> str:
    # A bare link to the pictures ("... $180 shipped https://imgur.com/a/x") names nothing.
    title = _BARE_URL.sub(" ", title).strip(" -–|,:") or title
    title = re.sub(r"\s{2,}", " ", title).strip()
    return title if len(title) <= MAX_TITLE_LENGTH else title[: MAX_TITLE_LENGTH - 1] + "…"
