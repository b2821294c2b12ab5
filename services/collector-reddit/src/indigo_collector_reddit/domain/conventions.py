"""The conventions of buy/sell/trade (BST) posts: title tags, location tags, thread titles.

- Intent tags, bracketed or leading: ``[WTS]`` / ``[FS]`` / ``[Selling]`` / ``WTS:`` (selling),
  ``[WTT]`` / ``[FT]`` (trading), ``[WTB]`` / ``[LF]`` / ``[ISO]`` (buying), combined as
  ``[WTS/WTT]``; ``[SOLD]`` / ``[CLOSED]`` close a post. ``[H] ... [W] ...``: what the poster has
  and wants; money (PayPal, cash, Venmo, ``$``) on the want side is a sale, on the have side a
  purchase, on neither a trade.
- Location tags: ``[US-CA]`` / ``[USA-NY]`` / ``[CONUS]`` (US), ``[CAN]`` / ``[CAN-ON]`` /
  ``[CA-ON]`` (Canada), ``[UK]``, ``[EU]``, ``[EU-DE]``, ``[DE]``, ``[AUS]``, ... A lone ``[CA]``
  is California as often as Canada: it gives no location. Unbracketed, a ``Location: UK`` field
  or a bare upper-case ``US-NY`` / ``CAN-ON`` tag says the same.
- Link flair says the same on subreddits that use it (``Selling``, ``WTB``, ``Sold``).
- An untagged title that starts ``Selling ...`` / ``Price drop - ...`` and states a price is a
  sale ("Selling my Iron Heart 634S 33 - $180 shipped"); "Selling advice", "Selling on Grailed"
  or a question is not.
- The price and its terms on the want side (``[W] PayPal $180 shipped``) want no item: a sale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Intent(Enum):
    SELL = "sell"
    TRADE = "trade"
    SELL_OR_TRADE = "sell_or_trade"
    BUY = "buy"
    NONE = "none"  # a discussion, a question, a haul: not a listing

    @property
    def offers_items(self) -> bool:
        return self in (Intent.SELL, Intent.TRADE, Intent.SELL_OR_TRADE)


# ISO 3166 country (or "EU") -> the currency its sellers price in.
LOCATION_CURRENCY = {
    "US": "USD", "CA": "CAD", "GB": "GBP", "EU": "EUR", "DE": "EUR", "FR": "EUR", "NL": "EUR",
    "IT": "EUR", "ES": "EUR", "IE": "EUR", "AT": "EUR", "BE": "EUR", "FI": "EUR", "PT": "EUR",
    "AU": "AUD", "NZ": "NZD", "JP": "JPY", "SE": "SEK", "DK": "DKK", "NO": "NOK", "CH": "CHF",
    "HK": "HKD", "SG": "SGD", "MX": "MXN", "PL": "PLN",
}  # fmt: skip
_COUNTRY_TAGS = {
    "US": "US", "USA": "US", "CONUS": "US", "CAN": "CA", "CDN": "CA", "CANADA": "CA",
    "UK": "GB", "GB": "GB", "ENG": "GB", "SCO": "GB", "EU": "EU", "EUR": "EU", "EUROPE": "EU",
    "DE": "DE", "GER": "DE", "FR": "FR", "NL": "NL", "IT": "IT", "ES": "ES", "IE": "IE",
    "AT": "AT", "BE": "BE", "FI": "FI", "PT": "PT", "AU": "AU", "AUS": "AU", "NZ": "NZ",
    "JP": "JP", "JPN": "JP", "SE": "SE", "SWE": "SE", "DK": "DK", "NO": "NO", "CH": "CH",
    "HK": "HK", "SG": "SG", "MX": "MX", "PL": "PL",
}  # fmt: skip
_SELL = {"wts", "fs", "for sale", "selling", "sale", "sell", "price drop", "pricedrop", "drop"}
_TRADE = {"wtt", "ft", "for trade", "trade", "trading", "swap"}
_BUY = {"wtb", "lf", "iso", "buying", "looking for", "wanted", "want to buy", "in search of"}
_CLOSED = {"sold", "closed", "complete", "completed", "sold out", "all sold"}
_SELL_FLAIRS = _SELL | {"wts", "for sale", "available", "selling - open"}
# ":sold:" is a flair emoji's code; what a flair decorates its word with is no word.
_FLAIR_EMOJI = re.compile(r":[a-z0-9_\-]+:")
_FLAIR_NOISE = re.compile(r"[^\w\s/,|&+\-–:()\[\]]")
_FLAIR_SPLIT = re.compile(r"[/,|&+\-–:()\[\]]| or ")
_SQUARE_BRACKET = re.compile(r"\[([^\[\]]{1,40})\]")
_BRACKET = re.compile(r"[\[(]([^\[\]()]{1,40})[\])]")
_LEADING_WORD_TAG = re.compile(
    r"^\s*(?P<tag>wts|wtb|wtt|fs|ft|lf|iso|for\s+sale|selling|wanted|want\s+to\s+buy|price\s+drop)"
    r"\s*[:\-–|/]",
    re.IGNORECASE,
)
_LEADING_ACRONYM = re.compile(r"^\s*(?:wts|wtt|wtb)\b(?=\s+\S)\s*", re.IGNORECASE)
# "Selling my Iron Heart 634S 33 - $180 shipped": untagged, but a sale when it states a price.
_LEADING_SALE = re.compile(
    r"^\W*(?:selling|for\s+sale|price\s+drop)\b(?!\s+(?:advice|tips?|help|questions?|guide|"
    r"experiences?|fees|on|to|in|at|vs|prices?|thread|post|etiquette)\b)\W*\w",
    re.IGNORECASE,
)
_STATED_PRICE = re.compile(
    r"[$€£¥]\s?\d|\d\s?[$€£¥]|\b\d+\s?(?:usd|eur|gbp|cad|aud)\b", re.IGNORECASE
)
_UNBRACKETED_LOCATION = re.compile(
    r"(?i:\blocation\s*[:\-]\s*)(?P<tag>[A-Za-z]{2,7}(?:-[A-Za-z]{2,3})?)\b|"
    r"(?<![\w-])(?P<tag2>(?:US|USA|CAN|CA|EU|UK|AUS)-[A-Z]{2,3})(?![\w-])"
)
_HAVE_WANT = re.compile(r"\[\s*H\s*\](?P<have>.*?)\[\s*W\s*\](?P<want>.*)", re.IGNORECASE | re.S)
_WANT_HAVE = re.compile(r"\[\s*W\s*\](?P<want>.*?)\[\s*H\s*\](?P<have>.*)", re.IGNORECASE | re.S)
_MONEY_WORDS = re.compile(
    r"\$|€|£|\b(?:paypal|pp|cash|venmo|zelle|money|cash\s*app|cashapp|g&s|f&f|local\s+cash|"
    r"bank\s+transfer|wise|revolut|offers?)\b",
    re.IGNORECASE,
)
_PRICE_TERMS = re.compile(
    r"\b\d[\d.,]*k?\b|\b(?:shipped|shipping|ship|obo|ono|firm|conus|plus|fees?|each|ea|only|"
    r"or|and|gs|ff|friends|family|goods|services|usd|cad|eur|gbp|aud|net|incl\w*|obo)\b",
    re.IGNORECASE,
)
_BST_THREAD = re.compile(
    r"\b(?:b/?s/?t|buy\W{0,3}(?:and\W+)?sell\W{0,3}(?:and\W+|or\W+|&\W*)?(?:trade|swap)|"
    r"buy\W{0,3}(?:and\W+)?sell|sell\W{0,3}(?:and\W+|&\W*)?(?:trade|swap)|buy\W{0,3}(?:and\W+)?swap|"
    r"market\s*place|selling\s+thread|sales?\s+thread|swap\s+thread|trading\s+post|"
    r"for\s+sale\s+thread)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TitleTags:
    intent: Intent
    closed: bool  # [SOLD], [CLOSED]
    location: str | None  # ISO 3166 alpha-2, or "EU"
    have: str | None  # the [H] side, when the title has one

    @property
    def currency(self) -> str | None:
        return LOCATION_CURRENCY.get(self.location or "")


def read_tags(title: str, flair: str | None = None) -> TitleTags:
    """The intent, state and location a post's title (and flair) declare."""
    tokens = _tag_tokens(title)
    flairs = _flair_tokens(flair)
    have_want = _HAVE_WANT.search(title) or _WANT_HAVE.search(title)
    sells = bool(tokens & _SELL) or bool(flairs & _SELL_FLAIRS)
    if _LEADING_SALE.match(title) and _STATED_PRICE.search(title) and "?" not in title:
        sells = True
    trades = bool(tokens & _TRADE) or bool(flairs & _TRADE)
    buys = bool(tokens & _BUY) or bool(flairs & _BUY)
    have = None
    if have_want:
        have, want = have_want["have"].strip(), have_want["want"].strip()
        money_wanted, money_had = bool(_MONEY_WORDS.search(want)), bool(_MONEY_WORDS.search(have))
        if money_had and not money_wanted:
            buys = True
        else:
            sells = sells or money_wanted
            trades = trades or not money_wanted or bool(_without_money(want))
    closed = bool(tokens & _CLOSED) or bool(flairs & _CLOSED)
    if buys and not (sells or trades):
        intent = Intent.BUY
    elif sells and trades:
        intent = Intent.SELL_OR_TRADE
    elif sells:
        intent = Intent.SELL
    elif trades:
        intent = Intent.TRADE
    else:
        intent = Intent.SELL if closed else Intent.NONE  # [SOLD]: a sale that has ended
    return TitleTags(intent=intent, closed=closed, location=_location(title), have=have)


def is_bst_thread(title: str, flair: str | None = None) -> bool:
    """A thread whose comments are the market: "Weekly Buy/Sell/Trade Thread", "BST", ..."""
    if read_tags(title).intent is not Intent.NONE:
        return False  # a sale post that mentions BST is a sale post
    return bool(_BST_THREAD.search(title) or _BST_THREAD.search(flair or ""))


def strip_tags(title: str, *, brackets: re.Pattern = _BRACKET) -> str:
    """A title without its intent and location tags: what is offered, as the seller named it."""
    original = title.strip()
    have_want = _HAVE_WANT.search(title)
    if have_want:
        title = title[: have_want.start()] + have_want["have"]
    else:
        want_have = _WANT_HAVE.search(title)
        if want_have:
            title = title[: want_have.start()] + want_have["have"]

    def drop(match: re.Match) -> str:
        return " " if _is_tag(match.group(1)) else match.group(0)

    title = brackets.sub(drop, title)
    title = _LEADING_WORD_TAG.sub("", title)
    title = _LEADING_ACRONYM.sub("", title)  # "**WTS [US-NY]** Iron Heart ...": no colon after
    stripped = re.sub(r"\s+", " ", title).strip(" -|:/,")
    return stripped or original


def strip_bracket_tags(text: str) -> str:
    """:func:`strip_tags` for an item's own text: parenthesised words stay ("Levi's 501 (USA)" is
    made in the USA, not a location tag); an empty result stays empty."""
    if not text.strip():
        return ""
    stripped = strip_tags(text, brackets=_SQUARE_BRACKET)
    return "" if stripped == text.strip() and _only_tags(text) else stripped


def _only_tags(text: str) -> bool:
    return all(_is_tag(match.group(1)) for match in _SQUARE_BRACKET.finditer(text)) and not (
        _SQUARE_BRACKET.sub("", text).strip(" -|:/,")
    )


def _flair_tokens(flair: str | None) -> set[str]:
    """A flair as written and its parts: "Selling - US", "Sold!", ":sold: Sold", "WTS | EU",
    "Selling/Trading" say what their words say; "Selling advice" is no part of a sale."""
    text = _FLAIR_EMOJI.sub(" ", (flair or "").lower())
    text = re.sub(r"\s+", " ", _FLAIR_NOISE.sub(" ", text)).strip()
    parts = {part.strip() for part in _FLAIR_SPLIT.split(text) if part.strip()}
    return {text, *parts} - {""}


def _tag_tokens(title: str) -> set[str]:
    tokens: set[str] = set()
    for match in _BRACKET.finditer(title):
        content = match.group(1).strip().lower()
        tokens.add(content)
        tokens.update(part.strip() for part in re.split(r"[/,|&+]| or ", content) if part.strip())
    leading = _LEADING_WORD_TAG.match(title)
    if leading:
        tokens.add(re.sub(r"\s+", " ", leading["tag"].lower()))
    return tokens


def _is_tag(content: str) -> bool:
    text = content.strip().lower()
    parts = [part.strip() for part in re.split(r"[/,|&+]| or ", text) if part.strip()]
    known = _SELL | _TRADE | _BUY | _CLOSED | {"h", "w"}
    return bool(parts) and all(part in known or _country(part) for part in parts)


def _location(text: str) -> str | None:
    for match in _BRACKET.finditer(text):
        for part in re.split(r"[/,|]", match.group(1)):
            if country := _country(part.strip()):
                return country
    # "Location: US-CA", "**WTS** | **US-NY** | ...": a labelled or bare region tag
    for match in _UNBRACKETED_LOCATION.finditer(text):
        if country := _country(match["tag"] or match["tag2"]):
            return country
    return None


def _country(tag: str) -> str | None:
    """``US-CA`` -> US, ``CAN-ON`` / ``CA-ON`` -> CA, ``UK`` -> GB, ``EU-DE`` -> DE, ``CA`` -> None."""
    tag = tag.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,7}(?:[- ][A-Z]{2,3})?", tag):
        return None
    parts = re.split(r"[- ]", tag)
    head = parts[0]
    region = parts[1] if len(parts) > 1 else None
    if head == "CA":
        return "CA" if region else None  # [CA-ON] is Canada; a lone [CA] may be California
    if head == "EU" and region and region in _COUNTRY_TAGS:
        return _COUNTRY_TAGS[region]
    return _COUNTRY_TAGS.get(head)


def _without_money(text: str) -> str:
    """The want without money and its terms: "PayPal $180 shipped" wants nothing else."""
    text = _PRICE_TERMS.sub(" ", _MONEY_WORDS.sub(" ", text))
    return re.sub(r"[\W_]+", " ", text).strip()
