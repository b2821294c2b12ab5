"""Prices as buy/sell/trade posts write them, found in one line of text.

What counts as an amount of money:

- a currency symbol or code before or after the number: ``$45``, ``US$45``, ``C$80``, ``€120``,
  ``120€``, ``£150``, ``¥12,000``, ``45 USD``, ``EUR 45``, ``45 euros``; ``R$`` and other symbols
  glued to letters are not dollars (that is another currency, left alone);
- a bare number only where sellers put an asking price: ``asking 45``, ``price: 45``, ``@ 45``,
  ``45 shipped``, ``45 obo``, ``45 + shipping``, ``selling for 45`` / ``let them go for 45`` when
  the price ends the phrase (never a size such as ``33x32``, ``W32``, a year, a lot number or a
  duration: ``selling for 2 years``);
- thousands written ``1,250`` or ``1.250``, decimals ``45.50`` or ``45,50``; ``$1.2k`` is 1,200
  after a currency (a bare ``1.2k`` is not read).

Each amount gets a role from the words around it: an asking price (``ask``), a shipping cost
(``shipping $10``, ``+ $10 shipping``), or a reference that is not the asking price (``retail
$300``, ``paid $200``, ``was $60``, ``sold for``, ``up to $150``, ``would you take $40``, ``$10
off``, ``+$15 to Canada``, ``sold my 634S last week for $200``, ``can add $20 cash on my end``);
``or sell for $200`` and ``I'd let them go for $150`` are asks, ``these sell for $300`` is not.
An ask also learns what follows it: ``shipped`` / ``incl. shipping`` /
``posted`` / ``w/ shipping`` / ``shipping is free`` / ``inkl. Versand`` and its kin (shipping
included), ``+ shipping`` (extra, cost unknown unless given), ``OBO``, and
``each`` / ``/ea``. A range ``$45-60`` keeps both ends; the asking price is its low end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

Role = Literal["ask", "shipping", "reference"]
DOLLAR = "$"  # a plain dollar sign: USD unless the location says CAD, AUD or NZD
# "kr" is the Swedish, Norwegian and Danish crown alike: only the location says which. Read as a
# bare number it became USD (450 kr -> $450); without a Scandinavian location it stays unknown.
KRONA = "kr"
_KRONA_CURRENCIES = ("SEK", "NOK", "DKK")

MAX_AMOUNT = Decimal(100_000)
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
)
# Not followed by more digits, nor by "k": a bare "1.2k" or "2 k" may be anything.
_AMOUNT = _NUMBER + r"(?![\d]|[.,]\d|\s?[kK]\b)"
# After a currency symbol or code, "k" glued to the number is thousands: "$1.2k", "€2K".
_AMOUNT_OR_THOUSANDS = (
    r"(?P<amount>" + _NUMBER + r")(?:(?P<thousands>[kK])\b|(?![\d]|[.,]\d|\s[kK]\b))"
)
_CODES = "USD|CAD|AUD|NZD|EUR|GBP|JPY|CHF|SEK|NOK|DKK|HKD|SGD|MXN|PLN"
_PREFIX_SYMBOLS = {
    "us$": "USD", "usd$": "USD", "c$": "CAD", "ca$": "CAD", "cad$": "CAD", "cdn$": "CAD",
    "a$": "AUD", "au$": "AUD", "aud$": "AUD", "nz$": "NZD", "nzd$": "NZD", "hk$": "HKD",
    "s$": "SGD", "mx$": "MXN", "jp¥": "JPY", "$": DOLLAR, "€": "EUR", "£": "GBP", "¥": "JPY",
}  # fmt: skip
_WORDS = {"euro": "EUR", "euros": "EUR", "eur": "EUR", "dollar": DOLLAR, "dollars": DOLLAR,
          "bucks": DOLLAR, "pounds": "GBP", "quid": "GBP", "yen": "JPY", "kr": KRONA,
          "zł": "PLN"}  # fmt: skip
_SUFFIX_SYMBOLS = {"$": DOLLAR, "€": "EUR", "£": "GBP", "¥": "JPY"}

_PREFIXED = re.compile(
    r"(?<![A-Za-z0-9$€£¥])"
    r"(?P<cur>(?:US|USD|CAD|CDN|CA|C|AUD|AU|A|NZD|NZ|HK|S|MX)\$|JP¥|[$€£¥]|(?:" + _CODES + r")\b)"
    r"\s?" + _AMOUNT_OR_THOUSANDS + r"(?:\s?(?P<code>" + _CODES + r")\b)?",
    re.IGNORECASE,
)
_SUFFIXED = re.compile(
    r"(?<![\w$€£¥.,])(?P<amount>" + _AMOUNT + r")"
    r"(?:(?P<sym>\s?[$€£¥])|\s?(?P<word>"
    + _CODES
    + r"|euros?|dollars?|bucks|pounds|quid|yen|kr|zł)\b)",
    re.IGNORECASE,
)
# A bare number where an asking price goes: after "asking" / "price:" / "@", or before a word
# that only follows prices. Never glued to a size or measurement.
_NOT_A_MEASURE = (
    r"(?!\s*(?:x|×|\"|”|''|in\b|inch|cm\b|mm\b|oz\b|%|s\b|'s\b|w\b|l\b|/\d|-\d|waist|inseam|"
    r"years?\b|yrs?\b|months?\b|mos?\b|weeks?\b|wks?\b|days?\b|times\b|wears?\b))"
)
_BARE_AFTER_WORD = re.compile(
    r"(?:\b(?:asking(?:\s+price)?|price(?:d\s+at)?|ask)\s*(?:is|:|-|=)?\s*|@\s*)"
    r"(?P<amount>" + _AMOUNT + r")" + _NOT_A_MEASURE,
    re.IGNORECASE,
)
# "selling for 180", "I'd let them go for 150 shipped": only where a price ends the phrase (not
# "selling for 2 friends").
_BARE_AFTER_SELLING = re.compile(
    r"(?:\bselling\s+(?:(?:it|them|these|this|the\s+pair)\s+)?for\s+|"
    r"\blet\s+(?:\w+\s+){0,2}go\s+for\s+)"
    r"(?P<amount>" + _AMOUNT + r")"
    r"(?=\s*(?:$|[,.;!)]|shipped|obo\b|ono\b|firm\b|\+|plus\b|or\b|each\b|ea\b|net\b|local\b))",
    re.IGNORECASE,
)
_BARE_BEFORE_WORD = re.compile(
    r"(?<![\w$€£¥.,/×'’-])(?P<amount>" + _AMOUNT + r")"
    r"(?=\s*,?\s*(?:shipped|obo\b|o\.b\.o|ono\b|firm\b|plus\s+ship|\+\s*(?:ship|s/h|postage|p&p)|"
    r"incl\w*\s+(?:ship|post)|posted\b|pp\b|paypal\b|each\b|ea\b|/ea\b))",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(
    r"\s?(?:-|–|—|to)\s?(?:(?:US\$|C\$|A\$|[$€£¥])\s?)?(?P<high>" + _AMOUNT + r")"
    r"(?:\s?[$€£¥])?" + _NOT_A_MEASURE,
    re.IGNORECASE,
)
# "45-60€": the low end of a range whose symbol comes last, written tight against it.
_RANGE_BEFORE = re.compile(r"(?<![\w.,×/])(?P<low>" + _AMOUNT + r")[$€£¥]?(?:-|–|—)$")
_REFERENCE_BEFORE = re.compile(
    r"\b(?:retail(?:s|ed)?|msrp|rrp|paid|(?:bought|purchased|copped|picked\s+(?:\w+\s+)?up)(?:\s+\w+){0,6}\s+(?:for|at)|originally|orig|was|"
    r"were|valued?|worth|spent|cost(?:s|\s+me)?|sold(?:\s+\w+){0,6}\s+(?:for|at)|sells\s+for|(?:they|these|those|usually|typically|normally|often|generally|new)\s+sell\s+for|"
    r"going\s+for|goes\s+for|go\s+for|reg|regular(?:ly)?(?:\s+price)?|list(?:ed)?\s+(?:at|for)|"
    r"list\s+price|up\s*to|under|below|less\s+than|max(?:imum)?|budget|around|about|approx|"
    r"offer(?:ed|ing)?|take|accept|comps?|new\s+for|got\s+(?:it|them|these)\s+for)"
    r"[\s:=~-]*(?:at|for|is|of|it|them|me)?[\s:=~-]*$",
    re.IGNORECASE,
)
_REPAIR_BEFORE = re.compile(
    r"\b(?:repair\w*|hemm(?:ed|ing)|hem|alter(?:ed|ations?)|tailor\w*|chain\s*stitch\w*|"
    r"darn\w*|restitch\w*)\b[^.()$€£]{0,40}\(\s*$",
    re.IGNORECASE,
)
_ADDED_BEFORE = re.compile(r"\b(?:add|adding|throw\s+in|top\s+up|plus)\s*$", re.IGNORECASE)
_ADDED_AFTER = re.compile(
    r"^\s*(?:cash\s+)?(?:on\s+(?:my|your|their|his|her)\s+(?:end|side)|to\s+(?:even|balance)\b)",
    re.IGNORECASE,
)
_LET_GO = re.compile(r"\blet\s+(?:\w+\s+){0,2}go\s+for\s*$", re.IGNORECASE)
# Shipping in the languages of the European BST posts: Versand, Porto, frakt, envío, ...
_FOREIGN_SHIPPING = r"versand|porto|frakt|env[ií]o|livraison|fdp|spedizione|verzending|wysy[łl]ka"
# "shipping $8 per pair or $12 for both": the second amount is shipping too.
_OR_ANOTHER = re.compile(r"^[^.;!?$€£¥]{0,24}\b(?:or|and)\s*$|^\s*/\s*$", re.IGNORECASE)
_SHIPPING_BEFORE = re.compile(
    r"\b(?:shipping|ship|s/h|s&h|postage|p&p|delivery|" + _FOREIGN_SHIPPING + r")"
    r"\s*(?:is|costs?|cost\s+is|:|=|of|-)?\s*"
    r"(?:about|around|~)?\s*$|"
    # "Will ship anywhere in the US for $10"
    r"\bship(?:s|ping)?\s+(?:\w+\s+){0,5}?for\s*(?:about|around|~)?\s*$",
    re.IGNORECASE,
)
_REFERENCE_AFTER = re.compile(
    r"^\s*(?:off\b|%|/\s*(?:hr|hour|mo|month)\b|a\s+month|per\s+month)", re.I
)
_SHIPPING_AFTER = re.compile(
    r"^\s*(?:for\s+)?(?:shipping|ship|s/h|s&h|postage|p&p|delivery|" + _FOREIGN_SHIPPING + r")\b"
    r"(?!\s*(?:is\s+)?(?:incl|included|inc\b|paid|free|not\s+incl\w*|extra|additional|separate|"
    r"excluded))",
    re.IGNORECASE,
)
_INCLUDED = re.compile(
    r"^\W{0,3}(?:[\w/&.]+\W+){0,3}?(?:shipped|ship(?:ping)?\s+(?:is\s+)?incl\w*|"
    r"incl\w*\.?\s+(?:of\s+)?(?:shipping|ship|s/h|postage|p&p|delivery|post)|"
    r"inc\.?\s+(?:(?:uk|us|eu|domestic|conus|intl)\s+)?(?:p&p|postage|shipping|ship)|"
    r"(?:shipping|postage|delivery)\s+(?:is\s+)?(?:included|incl\w*|paid)|"
    r"free\s+(?:shipping|postage|delivery)|ships?\s+free|delivered|posted|"
    r"(?:shipping|postage)\s+(?:is\s+)?(?:free|on\s+me)|(?:shipping|postage)\s*[:=]\s*\$?0(?:\.00)?|"
    r"(?:i'?ll|i\s+will|i)\s+(?:cover|pay(?:\s+for)?)\s+(?:the\s+)?(?:shipping|postage)|"
    r"(?:i'?ll\s+|will\s+)?ship\s+(?:it\s+|them\s+)?(?:for\s+)?free|"
    r"(?:w/|with)\s*(?:shipping|ship|postage|delivery)(?!\s*(?:extra|additional|on\s+top))|"
    r"(?:inkl|inkl\w*|incl\w*)\.?\s+(?:versand|porto|frakt|verzending|port)|"
    r"(?:versand|porto|frakt|envío|envio|livraison|port|fdp|spedizione|verzending)\s+"
    r"(?:inkl\w*|incl\w*|ingår|inklusive|incluido|incluidos?|inclus[ae]?|compris|inclusa|"
    r"gratis|gratuit))\b",
    re.IGNORECASE,
)
# "Price: $120 | Size: 31/32 | Shipping: included": a labelled field further along the line.
_LABELLED_INCLUDED = re.compile(
    r"\b(?:shipping|postage)\s*[:=]\s*(?:included|incl\w*\.?|free|paid)(?!\s+not)", re.IGNORECASE
)
_EXTRA = re.compile(
    r"^\W{0,3}(?:[\w/&.]+\W+){0,2}?(?:\+\s*(?:actual\s+|calculated\s+)?(?:shipping|ship|s/h|s&h|"
    r"postage|p&p|delivery|"
    + _FOREIGN_SHIPPING
    + r")|plus\s+(?:actual\s+)?(?:shipping|ship|postage|s/h)|"
    r"(?:shipping|postage)\s+(?:is\s+)?(?:extra|not\s+included|additional|separate))",
    re.IGNORECASE,
)
BEST_OFFER = re.compile(
    r"\b(?:obo|o\.b\.o|or\s+best\s+offer|or\s+best\b|ono|or\s+nearest\s+offer|neg(?:otiable)?|"
    r"(?<!not\s)open\s+to\s+(?:reasonable\s+)?offers|best\s+offer|"
    r"(?:reasonable\s+)?offers?\s+(?:welcome|considered|accepted)|make\s+(?:me\s+)?an?\s+offer)\b",
    re.IGNORECASE,
)
_EACH = re.compile(
    r"^\s*(?:/\s*(?:ea|each|pair|pr|pc|piece)\b|(?:ea|each|apiece|a\s+piece|per\s+pair|a\s+pair)\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_CLAUSE_END = re.compile(r"[.;!?|\n]\s")


@dataclass(frozen=True)
class Mention:
    """An amount of money in a line. ``currency``: an ISO code, :data:`DOLLAR` for a plain ``$``,
    or None for a bare number (both settled by :func:`resolve_currency`)."""

    start: int
    end: int
    amount: Decimal
    currency: str | None
    role: Role
    high: Decimal | None = None  # the top of a range
    shipping_included: bool | None = None  # True: "shipped"; False: "+ shipping"; None: unsaid
    shipping_cost: Decimal | None = None  # "+ $10 shipping"
    best_offer: bool = False
    each: bool = False


def resolve_currency(currency: str | None, location_currency: str | None) -> str | None:
    """A plain ``$`` is the location's dollar (CAD, AUD, NZD) and otherwise USD; a bare number
    is in the location's currency, and otherwise USD (the subreddits' own default); ``kr`` is the
    location's crown, and unknown (None) elsewhere."""
    if currency == KRONA:
        return location_currency if location_currency in _KRONA_CURRENCIES else None
    if currency == DOLLAR:
        return location_currency if location_currency in ("CAD", "AUD", "NZD") else "USD"
    if currency is None:
        return location_currency or "USD"
    return currency


def find_prices(text: str, *, breaks: tuple[int, ...] = ()) -> list[Mention]:
    """Every amount of money in ``text``, in order, each with its role and terms.

    ``breaks``: positions where a new clause starts although no punctuation says so (the end of
    struck-through text: "~~$30 + shipping~~ $26" is two prices, not a shipping cost)."""
    found = _amounts(text)
    mentions: list[Mention] = []
    labelled_shipping = False  # the previous amount followed a shipping word
    for index, (start, end, amount, currency, high) in enumerate(found):
        next_start = found[index + 1][0] if index + 1 < len(found) else len(text)
        previous_end = found[index - 1][1] if index else 0
        previous_end = max([previous_end, *(b for b in breaks if b <= start)])
        before = _clause_before(text, previous_end, start)
        after = text[end:next_start]
        role = _role(text, start, before, after)
        if role == "ask" and labelled_shipping and _OR_ANOTHER.search(text[previous_end:start]):
            role = "shipping"
        labelled_shipping = role == "shipping" and bool(
            _SHIPPING_BEFORE.search(before) or (labelled_shipping and _OR_ANOTHER.search(before))
        )
        mentions.append(
            Mention(
                start=start,
                end=end,
                amount=amount,
                currency=currency,
                role=role,
                high=high,
            )
        )
    return _with_terms(text, mentions)


def _amounts(text: str) -> list[tuple[int, int, Decimal, str | None, Decimal | None]]:
    spans: list[tuple[int, int, Decimal, str | None, Decimal | None]] = []

    def taken(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e, *_ in spans)

    for match in _PREFIXED.finditer(text):
        amount = _decimal(match["amount"], thousands=match["thousands"] is not None)
        if amount is None or taken(match.start(), match.end()):
            continue
        symbol = match["cur"].replace(" ", "").lower()
        currency = (match["code"] or "").upper() or _PREFIX_SYMBOLS.get(symbol) or symbol.upper()
        spans.append(
            _with_range(text, match.start(), match.end(), amount, currency, suffixed=False)
        )
    for match in _SUFFIXED.finditer(text):
        amount = _decimal(match["amount"])
        if amount is None or taken(match.start(), match.end()):
            continue
        if match["sym"]:
            currency = _SUFFIX_SYMBOLS[match["sym"].strip()]
        else:
            word = match["word"].lower()
            currency = _WORDS.get(word) or word.upper()
        spans.append(_with_range(text, match.start(), match.end(), amount, currency, suffixed=True))
    for pattern in (_BARE_AFTER_WORD, _BARE_AFTER_SELLING, _BARE_BEFORE_WORD):
        for match in pattern.finditer(text):
            start, end = match.span("amount")
            amount = _decimal(match["amount"])
            if amount is None or _YEAR.fullmatch(match["amount"]) or taken(start, end):
                continue
            spans.append(_with_range(text, start, end, amount, None, suffixed=False))
    spans.sort()
    return spans


def _with_range(
    text: str, start: int, end: int, amount: Decimal, currency: str | None, *, suffixed: bool
) -> tuple[int, int, Decimal, str | None, Decimal | None]:
    """Widen a match to a range it belongs to: ``$45-60``, ``$45 to $60``, ``45-60€``."""
    after = _RANGE_AFTER.match(text, end)
    if after and (high := _decimal(after["high"])) is not None and high > amount:
        return start, after.end(), amount, currency, high
    before = _RANGE_BEFORE.search(text[max(0, start - 16) : start]) if suffixed else None
    if before and (low := _decimal(before["low"])) is not None and low < amount:
        return start - (len(before[0])), end, low, currency, amount
    return start, end, amount, currency, None


def _decimal(text: str, *, thousands: bool = False) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?", text):
        text = text.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?", text):
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if thousands:
        amount = (amount * 1000).to_integral_value()  # at most two decimals: a whole number
    return amount if 0 < amount <= MAX_AMOUNT else None


def _clause_before(text: str, previous_end: int, start: int) -> str:
    """The words before an amount, back to the previous amount or the clause's start."""
    before = text[previous_end:start]
    boundaries = list(_CLAUSE_END.finditer(before))
    if boundaries:
        before = before[boundaries[-1].end() :]
    return before[-48:]


def _role(text: str, start: int, before: str, after: str) -> Role:
    if _LET_GO.search(before):
        return "ask"  # "I'd let them go for $150": what the seller asks
    if _REFERENCE_AFTER.match(after) or _REFERENCE_BEFORE.search(before):
        return "reference"
    if _SHIPPING_BEFORE.search(before) or _SHIPPING_AFTER.match(after):
        return "shipping"
    if _REPAIR_BEFORE.search(before):
        return "reference"  # "repairs at the crotch ($40 at Denim Therapy)": what a repair cost
    if _ADDED_BEFORE.search(before) or _ADDED_AFTER.match(after):
        return "reference"  # "can add $20 cash on my end": money added to a trade
    if before.rstrip().endswith("+"):
        return "reference"  # "+$15 to Canada": a surcharge, not what the item costs
    return "ask"


def _with_terms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Attach to each ask what follows it, up to the next ask: shipping, offers, "each"."""
    result: list[Mention] = []
    for index, mention in enumerate(mentions):
        if mention.role != "ask":
            result.append(mention)
            continue
        next_ask = next(
            (m.start for m in mentions[index + 1 :] if m.role == "ask"),
            len(text),
        )
        window = text[mention.end : next_ask]
        shipping_costs = [
            m.amount for m in mentions[index + 1 :] if m.role == "shipping" and m.start < next_ask
        ]
        included: bool | None = None
        if _INCLUDED.match(window) or _LABELLED_INCLUDED.search(window[:80]):
            included = True
        elif shipping_costs or _EXTRA.match(window):
            included = False
        result.append(
            Mention(
                start=mention.start,
                end=mention.end,
                amount=mention.amount,
                currency=mention.currency,
                role="ask",
                high=mention.high,
                shipping_included=included,
                shipping_cost=shipping_costs[0] if shipping_costs and not included else None,
                best_offer=bool(BEST_OFFER.search(window[:60])),
                each=bool(_EACH.match(window)),
            )
        )
    return result
