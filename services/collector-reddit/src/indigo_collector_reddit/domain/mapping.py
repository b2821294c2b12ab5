"""Reddit things (``t3`` posts, ``t1`` comments) -> ``Listing``: what is for sale, and for how much.

Decisions a reader needs before the code (the price rules are in :mod:`.sale` and :mod:`.prices`):

- **Which posts are listings**: those whose title or flair declares a sale or trade (``[WTS]``,
  ``[WTT]``, ``[FS]``, ``[SOLD]``, ``[H] ... [W] PayPal``; see :mod:`.conventions`). Want-to-buy
  posts (``[WTB]``, ``[H] PayPal [W] ...``), discussions, hauls and deals are not, whatever prices
  they mention ("found these for $6"); neither are removed or deleted posts.
- **Which comments are listings**: top-level comments of a buy/sell/trade thread (a thread titled
  or flaired "Buy/Sell/Trade", "BST", "Marketplace", ...) that declare a sale, or that give an
  asking price in a line that is not a question, unless the comment is a buyer's bid ("I'd do
  $120 max") or a remark ("great deal at $150", "on sale at Self Edge for $279") that says
  nothing of how it sells. Replies ("PM'd", "is this still available?", offers such as "would
  you take $40?") and want-to-buy comments are not.
- **One listing per priced item**: ``external_id`` is ``<reddit id>:<n>``, n = 1, 2, ... in the
  order the items are written, also for a post with a single item, so that a post edited to add
  items keeps its first listing's id. A sale that states no price is one listing with price null.
- **buying_format**: ``fixed_price`` (``+best_offer`` for OBO), ``+trade`` when trades are welcome
  (the tags, or the text: "$70 or trade", "open to trades"),
  ``trade`` for a trade without a price, ``sold`` for an item struck through or marked sold.
- **Fields**: the title is the item's own text (the post title without its tags for a single
  item); the description is the item's paragraph (the whole text for a single item); location is
  the country of the ``[US-CA]``-style tag (ISO 3166, or ``EU``); engagement is score, comments
  and upvote ratio; ``url`` the permalink; images the gallery, preview and linked images;
  ``raw_data`` the post's or comment's ``data`` exactly as received.
- **Crossposts** (empty ``selftext``, ``crosspost_parent_list``) are read from the original: its
  text, its pictures and its author as the seller; a crosspost of a removed sale is none.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from indigo_shared.events import Engagement, Listing
from indigo_shared.money import DEFAULT_USD_RATES, to_usd
from indigo_shared.parsing import NotAResponse, ParsedPage, SkippedItem
from pydantic import ValidationError

from indigo_collector_reddit.domain.conventions import (
    Intent,
    is_bst_thread,
    read_tags,
)
from indigo_collector_reddit.domain.sale import (
    SaleItem,
    offers_a_trade,
    reads_as_a_sale,
    sale_items,
    states_an_offer,
)
from indigo_collector_reddit.domain.text import plain_lines, unescape

log = logging.getLogger(__name__)

REDDIT = "https://www.reddit.com"
_GONE = ("[removed]", "[deleted]")
_CHATTER = re.compile(
    r"^\W*(?:pm'?d|pm\s+sent|sent\s+(?:a\s+|you\s+a\s+)?(?:pm|dm|chat|message)|chat\s+sent|"
    r"dm'?d|messaged|interested|dibs|bump|replied|is\s+(?:this|the|it|that)\b|"
    r"are\s+(?:these|they|the|those)\b|would\s+you\s+(?:take|do|accept)|will\s+you\s+(?:take|do)|"
    r"any\s+chance|what'?s\s+the|how\s+much|do\s+you)",
    re.IGNORECASE,
)
_IMAGE_LINK = re.compile(
    r"https?://(?:i\.redd\.it|i\.imgur\.com|preview\.redd\.it)/[^\s)\]]+?\.(?:jpe?g|png|webp|gif)"
    r"(?:\?[^\s)\]]*)?",
    re.IGNORECASE,
)
_MAX_EPOCH_SECONDS = 10**11
_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|webp|gif)(?:\?|$)", re.IGNORECASE)


class MalformedThing(ValueError):
    """A post or comment that cannot be read; the message says why, in one line."""


def post_listings(
    post: dict, *, fx: Mapping[str, Decimal] | None = DEFAULT_USD_RATES
) -> list[Listing]:
    """The listings of one post's ``data``: none unless it is a sale or trade (module doc)."""
    post_id = _required_text(post, "id")
    title = unescape(_required_text(post, "title"))
    selftext = _post_text(post)
    if selftext is None:
        return []
    # A crosspost carries no text of its own: the sale (text, pictures, seller) is the original's.
    original = _crossposted(post) if not selftext.strip() else None
    seller = _text(post.get("author"))
    flair = _text(post.get("link_flair_text"))
    if original is not None:
        selftext = _post_text(original)
        if selftext is None:
            return []  # the original sale was taken down
        seller = _text(original.get("author"))
        flair = flair or _text(original.get("link_flair_text"))
    tags = read_tags(title, flair)
    if not tags.intent.offers_items:
        return []
    items = sale_items(title, selftext, location_currency=tags.currency, closed=tags.closed)
    intent = _with_trade(tags.intent, f"{title}\n{selftext}")
    images = _post_images(post)
    if original is not None:
        images = list(dict.fromkeys(images + _post_images(original)))
    engagement = Engagement(
        score=_int(post.get("score")),
        comments=_int(post.get("num_comments")),
        upvote_ratio=_float(post.get("upvote_ratio")),
    )
    return [
        _listing(
            post,
            f"{post_id}:{n}",
            item,
            intent=intent,
            location=tags.location,
            engagement=engagement,
            images=images,
            fx=fx,
            seller=seller,
        )
        for n, item in enumerate(items, start=1)
    ]


def comment_listings(
    comment: dict,
    *,
    in_bst_thread: bool,
    fx: Mapping[str, Decimal] | None = DEFAULT_USD_RATES,
) -> list[Listing]:
    """The listings of one comment's ``data`` (module doc); replies give none."""
    comment_id = _required_text(comment, "id")
    parent = comment.get("parent_id")
    if not in_bst_thread or not (isinstance(parent, str) and parent.startswith("t3_")):
        return []  # not read whatever its body: a comment we skip is not an error of the sync
    body = comment.get("body")
    if not isinstance(body, str):
        raise MalformedThing(f"comment {comment_id}: without body")
    if body.strip() in _GONE or _CHATTER.match(unescape(body)):
        return []
    lines = plain_lines(body)
    if not lines:
        return []
    tags = read_tags(lines[0].text)
    if tags.intent is Intent.BUY:
        return []
    if not tags.intent.offers_items and not any(states_an_offer(line.text) for line in lines):
        return []  # no declared sale, no asking price: a question or a remark
    if not tags.intent.offers_items and not reads_as_a_sale(unescape(body)):
        return []  # a price in a remark or a bid: "great deal at $150", "I'd do $120 max"
    items = sale_items(None, body, location_currency=tags.currency, closed=tags.closed)
    engagement = Engagement(score=_int(comment.get("score")), comments=_reply_count(comment))
    intent = _with_trade(tags.intent if tags.intent.offers_items else Intent.SELL, body)
    return [
        _listing(
            comment,
            f"{comment_id}:{n}",
            item,
            intent=intent,
            location=tags.location,
            engagement=engagement,
            images=_linked_images(body),
            fx=fx,
            seller=_text(comment.get("author")),
        )
        for n, item in enumerate(items, start=1)
    ]


def parse_listing(
    body: dict, *, fx: Mapping[str, Decimal] | None = DEFAULT_USD_RATES
) -> ParsedPage:
    """The listings of a ``Listing`` of posts (``/new``, ``/search``) or of comments (whose
    threads are known by their ``link_title``). Raises :class:`NotAResponse` for a malformed
    ``Listing``."""
    listings: list[Listing] = []
    errors: list[SkippedItem] = []
    for index, kind, data in _children(body, "Listing"):
        try:
            if kind == "t3":
                listings.extend(post_listings(data, fx=fx))
            elif kind == "t1":
                thread = _text(data.get("link_title")) or ""
                listings.extend(
                    comment_listings(data, in_bst_thread=is_bst_thread(unescape(thread)), fx=fx)
                )
            elif kind != "more":
                raise MalformedThing(f"a {kind or 'kindless'} thing, not a post or comment")
        except MalformedThing as exc:
            errors.append(SkippedItem(index, _thing_id(data), str(exc)))
    return ParsedPage(listings, errors)


def parse_comments_page(
    body: list, *, fx: Mapping[str, Decimal] | None = DEFAULT_USD_RATES
) -> ParsedPage:
    """The listings of a comments page ``[post Listing, comment Listing]``: the post's own, and
    its top-level comments' when the post is a buy/sell/trade thread."""
    if not (isinstance(body, list) and len(body) == 2):
        raise NotAResponse("not a Reddit comments page (a two-element array of Listings)")
    listings: list[Listing] = []
    errors: list[SkippedItem] = []
    bst = False
    for index, kind, data in _children(body[0], "the post Listing"):
        if kind != "t3":
            errors.append(SkippedItem(index, _thing_id(data), f"a {kind} thing, not a post"))
            continue
        try:
            listings.extend(post_listings(data, fx=fx))
            bst = bst or is_bst_thread(
                unescape(_required_text(data, "title")), _text(data.get("link_flair_text"))
            )
        except MalformedThing as exc:
            errors.append(SkippedItem(index, _thing_id(data), str(exc)))
    for index, comment in enumerate(_comment_tree(body[1])):
        try:
            listings.extend(comment_listings(comment, in_bst_thread=bst, fx=fx))
        except MalformedThing as exc:
            errors.append(SkippedItem(index, _thing_id(comment), str(exc)))
    return ParsedPage(listings, errors)


def is_bst_post(post: dict) -> bool:
    """Whether a post's comments are worth reading: a buy/sell/trade thread."""
    title = post.get("title")
    return isinstance(title, str) and is_bst_thread(
        unescape(title), _text(post.get("link_flair_text"))
    )


def parse_response(text: str) -> list[Listing]:
    """``indigo parse reddit``: the listings in a Reddit ``Listing`` or comments page body.

    Raises :class:`NotAResponse` with a one-line reason for anything else.
    """
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise NotAResponse(_not_json(text, exc)) from None
    if isinstance(body, list):
        page = parse_comments_page(body)
    elif isinstance(body, dict):
        if body.get("kind") != "Listing":
            raise NotAResponse(_what_it_is(body))
        page = parse_listing(body)
    else:
        raise NotAResponse(f"a JSON {type(body).__name__}, not a Reddit Listing or comments page")
    # A page beside whose unreadable things stands anything else ("more" stubs, replies) is
    # still a Reddit page: refused only when every one of its things was unreadable.
    every_thing_failed = bool(page.errors) and len(page.errors) == _thing_count(body)
    return page.listings_or_refusal(
        "things", "a readable post or comment", log, refuse=every_thing_failed and not page.listings
    )


def _listing(
    thing: dict,
    external_id: str,
    item: SaleItem,
    *,
    intent: Intent,
    location: str | None,
    engagement: Engagement,
    images: list[str],
    fx: Mapping[str, Decimal] | None,
    seller: str | None,
) -> Listing:
    permalink = _text(thing.get("permalink"))
    try:
        listing = Listing(
            platform="reddit",
            external_id=external_id,
            url=REDDIT + permalink if permalink and permalink.startswith("/") else permalink,
            title=item.title or external_id,
            description=item.description,
            price=item.price,
            currency=item.currency,
            price_usd=to_usd(item.price, item.currency, fx) if fx else None,
            shipping_cost=item.shipping_cost,
            image_urls=images,
            seller_username=seller if seller != "[deleted]" else None,
            location=location,
            listed_at=_created(thing),
            buying_format=_buying_format(item, intent),
            engagement=engagement,
            raw_data=thing,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise MalformedThing(f"{external_id}: {field}: {first['msg']}") from exc
    return listing.with_content_hash()


def _with_trade(intent: Intent, text: str) -> Intent:
    """A sale whose text also offers a trade ("$70 or trade") is a sale or trade."""
    if intent is Intent.SELL and offers_a_trade(unescape(text)):
        return Intent.SELL_OR_TRADE
    return intent


def _buying_format(item: SaleItem, intent: Intent) -> str | None:
    if item.sold:
        return "sold"
    parts = []
    if item.price is not None:
        parts.append("fixed_price")
        if item.best_offer:
            parts.append("best_offer")
    if intent in (Intent.TRADE, Intent.SELL_OR_TRADE):
        parts.append("trade")
    return "+".join(parts) or None


def _children(listing: Any, what: str) -> Iterator[tuple[int, str | None, dict]]:
    if not isinstance(listing, dict) or listing.get("kind") != "Listing":
        raise NotAResponse(f"{what} is not a Reddit Listing")
    data = listing.get("data")
    children = data.get("children") if isinstance(data, dict) else None
    if not isinstance(children, list):
        raise NotAResponse(f"{what} has no data.children list: not a Reddit Listing")
    for index, child in enumerate(children):
        if not isinstance(child, dict) or not isinstance(child.get("data"), dict):
            yield index, None, {}
            continue
        kind = child.get("kind")
        yield index, kind if isinstance(kind, str) else None, child["data"]


def _comment_tree(listing: Any) -> Iterator[dict]:
    """Every comment of a comment Listing, depth first (``more`` stubs skipped)."""
    for _, kind, data in _children(listing, "the comment Listing"):
        if kind != "t1":
            continue
        yield data
        replies = data.get("replies")
        if isinstance(replies, dict):  # "" when there are none
            yield from _comment_tree(replies)


def _reply_count(comment: dict) -> int:
    replies = comment.get("replies")
    if not isinstance(replies, dict):
        return 0
    count = 0
    for child in (replies.get("data") or {}).get("children") or []:
        if not isinstance(child, dict) or not isinstance(child.get("data"), dict):
            continue
        if child.get("kind") == "t1":
            count += 1 + _reply_count(child["data"])
        elif child.get("kind") == "more":
            count += _int(child["data"].get("count")) or 0
    return count


def _thing_count(body: Any) -> int:
    listings = body if isinstance(body, list) else [body]
    return sum(
        len((listing.get("data") or {}).get("children") or [])
        for listing in listings
        if isinstance(listing, dict)
    )


def _not_json(text: str, error: ValueError) -> str:
    if not text.strip():
        return "an empty body, not JSON"
    if text.lstrip().startswith("<"):
        title = re.search(r"<title>\s*([^<]{1,80}?)\s*</title>", text, re.IGNORECASE)
        return f"an HTML page{f' ({title[1]!r})' if title else ''}, not a JSON response"
    return f"not JSON ({error})"


def _what_it_is(body: dict) -> str:
    if "interactions" in body:
        return "a recorded cassette of HTTP interactions, not a Reddit response body"
    if "access_token" in body:
        return "an OAuth token response, not a Reddit Listing or comments page"
    if "error" in body or ("message" in body and "reason" in body):
        parts = [str(body[key]) for key in ("error", "message", "reason") if body.get(key)]
        return f"a Reddit error response ({': '.join(parts)})"
    if isinstance(body.get("json"), dict):
        return "a Reddit API action response (json.data), not a Listing or comments page"
    kind = body.get("kind")
    if isinstance(kind, str):
        return f"a Reddit {kind} object, not a Listing or comments page"
    return "a JSON object without kind Listing: not a Reddit Listing or comments page"


def _post_text(post: dict) -> str | None:
    """A post's text ("" for none); None when the post was taken down."""
    text = post.get("selftext") if isinstance(post.get("selftext"), str) else ""
    if text.strip() in _GONE or post.get("removed_by_category"):
        return None
    return text


def _crossposted(post: dict) -> dict | None:
    """The original post's ``data`` of a crosspost (``crosspost_parent_list``), if Reddit sent it."""
    parents = post.get("crosspost_parent_list")
    if isinstance(parents, list) and parents and isinstance(parents[0], dict):
        return parents[0]
    return None


def _post_images(post: dict) -> list[str]:
    urls: list[str] = []
    metadata = post.get("media_metadata") if isinstance(post.get("media_metadata"), dict) else {}
    gallery = post.get("gallery_data") if isinstance(post.get("gallery_data"), dict) else {}
    # A gallery in its order; else the pictures inlined in a text post (media_metadata alone).
    media_ids = [entry.get("media_id") for entry in _dicts(gallery.get("items"))]
    if not gallery:
        media_ids = [
            media_id
            for media_id, media in metadata.items()
            if isinstance(media, dict) and media.get("e") in ("Image", "AnimatedImage")
        ]
    for media_id in media_ids:
        media = metadata.get(media_id) if isinstance(media_id, str) else None
        source = media.get("s") if isinstance(media, dict) else None
        if isinstance(source, dict):
            urls.append(_text(source.get("u")) or _text(source.get("gif")) or "")
    preview = post.get("preview") if isinstance(post.get("preview"), dict) else {}
    for image in preview.get("images") or []:
        source = image.get("source") if isinstance(image, dict) else None
        if isinstance(source, dict):
            urls.append(_text(source.get("url")) or "")
    link = _text(post.get("url_overridden_by_dest")) or _text(post.get("url")) or ""
    if post.get("post_hint") == "image" or _IMAGE_PATH.search(link):
        urls.append(link)
    urls.extend(_linked_images(post.get("selftext") or ""))
    return list(dict.fromkeys(unescape(url) for url in urls if url))


def _dicts(value: Any) -> list[dict]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def _linked_images(text: Any) -> list[str]:
    return _IMAGE_LINK.findall(text) if isinstance(text, str) else []


def _created(thing: dict) -> datetime | None:
    """``created_utc`` (epoch seconds, a float) as a UTC datetime; None when absent or unreadable."""
    created = thing.get("created_utc")
    if isinstance(created, str):  # some mirrors and proxies send numbers as text
        try:
            created = float(created)
        except ValueError:
            return None
    if isinstance(created, bool) or not isinstance(created, int | float) or not created > 0:
        return None
    if created >= _MAX_EPOCH_SECONDS:  # beyond the year 5138: milliseconds
        created /= 1000
    try:
        return datetime.fromtimestamp(created, UTC)
    except (OverflowError, OSError, ValueError):  # beyond the years a datetime can hold
        return None


def _thing_id(data: Any) -> str | None:
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def _required_text(thing: dict, field: str) -> str:
    value = thing.get(field)
    if isinstance(value, str) and value.strip():
        return value
    raise MalformedThing(f"a thing without {field}")


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    """A JSON integer, or a whole float (``5.0``, as some clients re-encode counts)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    # NaN and infinity are no ratio, and JSON (the event, jsonb) cannot carry them.
    return float(value) if math.isfinite(value) else None
