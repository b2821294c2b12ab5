"""The Reddit sandbox's subreddits: deterministic posts and comments that change with time.

Each subreddit posts at its own rate: time is cut into slots of ``86400 / posts_per_day`` seconds
and slot k holds one post, made at a time within the slot, all of it following from (seed,
subreddit, k). Subreddits with a market hold a weekly buy/sell/trade thread, started each Monday,
whose top-level comments (sales, wants, questions) and replies arrive through the week. What a
post shows at a time follows from that time alone: its score grows, comments appear, and sellers
edit sale posts and comments as they go: prices drop (``~~$60~~ $50``), items sell (struck
through, ``SOLD``, flair ``Sold``). The same seed and time give the same subreddits, with no
history kept; nothing is shown before it happens.
"""

from __future__ import annotations

import math
import random
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from indigo_sandbox.reddit.writing import (
    DISCUSSION_REPLIES,
    SELLER_REPLIES,
    Offer,
    SalePost,
    SaleStyle,
    buyer_reply,
    deal_post,
    discussion_post,
    haul_post,
    market_comment,
    random_home,
    render_comment_offers,
    render_sale_body,
    sale_post,
    sold_report_post,
    wtb_post,
)

POST_ID_BASE = 36**6  # ids of seven base-36 digits, as Reddit's are in 2026
COMMENT_ID_BASE = 36**7
COMMENTS_PER_POST = 1024
WEEK = 7 * 86400
FIRST_MONDAY = 4 * 86400  # 1970-01-05
PLANS_KEPT = 20_000


@dataclass(frozen=True)
class Subreddit:
    name: str  # as Reddit displays it; names are matched without regard to case
    fullname: str  # "t5_2r8ol"
    subscribers: int
    posts_per_day: float
    kinds: Mapping[str, float]  # what its posts are, by weight
    market_thread: str | None = None  # the weekly thread's title; None: no market thread
    market_comments_per_day: float = 0
    sale_flairs: bool = False  # flairs sale posts "Selling", then "Sold"


SUBREDDITS: tuple[Subreddit, ...] = (
    Subreddit("rawdenim", "t5_2r8ol", 612_000, 24,
              {"sale": .30, "wtb": .08, "trade": .04, "discussion": .58},
              "Weekly Buy/Sell/Trade Thread", 14),
    Subreddit("VintageFashion", "t5_2qh8u", 431_000, 30,
              {"sale": .18, "wtb": .05, "discussion": .57, "haul": .2}, sale_flairs=True),
    Subreddit("ThriftStoreHauls", "t5_2t0a5", 1_905_000, 48, {"haul": .9, "discussion": .1}),
    Subreddit("frugalmalefashion", "t5_2s5hi", 3_620_000, 30, {"deal": .85, "discussion": .15}),
    Subreddit("malefashionadvice", "t5_2r65t", 5_270_000, 36, {"discussion": 1.0}),
    Subreddit("femalefashionadvice", "t5_2r8bl", 1_740_000, 24, {"discussion": 1.0},
              "Weekly Buy/Sell/Swap Thread", 5),
    Subreddit("Flipping", "t5_2r8ji", 598_000, 30,
              {"sold_report": .45, "discussion": .4, "sale": .15}, "Weekly Marketplace Thread", 6),
)  # fmt: skip
USERNAME_PARTS = (("denim", "indigo", "selvedge", "raw", "vintage", "fade", "rivet", "thrift",
                   "bins", "redline", "loomstate", "sanforized", "heddle", "shuttle", "chainstitch"),
                  ("head", "hunter", "guy", "gal", "life", "addict", "nerd", "picker", "finds",
                   "collector", "lover", "fiend", "dad", "kid"))  # fmt: skip


@dataclass(frozen=True)
class PlannedComment:
    """A comment and its future: when its offers sell, if it is a sale."""

    id: str
    author: str
    created: float
    parent_id: str  # "t3_..." top-level, "t1_..." a reply
    depth: int
    text: str
    final_score: int
    offers: tuple[Offer, ...] = ()
    style: SaleStyle | None = None
    sold_at: tuple[float | None, ...] = ()
    is_submitter: bool = False

    def text_at(self, at: float) -> tuple[str, float | None]:
        """The text shown at a time, and when it was last edited (None: never)."""
        sold = frozenset(
            i for i, when in enumerate(self.sold_at) if when is not None and when <= at
        )
        if not sold or self.style is None:
            return self.text, None
        edited = max(when for when in self.sold_at if when is not None and when <= at)
        return render_comment_offers(self.text, self.offers, self.style, sold), edited

    def score_at(self, at: float) -> int:
        return _grown(self.final_score, at - self.created, hours=6)


@dataclass(frozen=True)
class PlannedPost:
    id: str
    number: int  # the id's value
    subreddit: Subreddit
    author: str
    created: float
    kind: str  # sale | wtb | trade | discussion | haul | deal | sold_report | market
    title: str
    body: str  # as first posted
    sale: SalePost | None
    drop_at: tuple[float | None, ...]
    sold_at: tuple[float | None, ...]
    final_score: int
    upvote_ratio: float
    image_ids: tuple[str, ...]
    gallery: bool
    words: frozenset[str] = field(repr=False)

    def stickied(self, at: float) -> bool:
        """A market thread is pinned for its week, until the next one replaces it."""
        return self.kind == "market" and self.created <= at < self.created + WEEK

    def at(self, at: float) -> PostState:
        """What the post shows at a time (its comments excluded)."""
        score = _grown(self.final_score, at - self.created, hours=8)
        if self.sale is None:
            flair = "BST" if self.kind == "market" else None
            return PostState(self.body, flair, score, None)
        dropped = frozenset(i for i, when in enumerate(self.drop_at) if when and when <= at)
        sold = frozenset(i for i, when in enumerate(self.sold_at) if when and when <= at)
        edits = [when for when in (*self.drop_at, *self.sold_at) if when and when <= at]
        body = render_sale_body(self.sale, dropped=dropped, sold=sold)
        all_sold = len(sold) == len(self.sale.offers)
        single = len(self.sale.offers) == 1
        if all_sold and (self.subreddit.sale_flairs or single):
            flair = "Sold"
        else:
            flair = "Selling" if self.subreddit.sale_flairs else None
        return PostState(body, flair, score, max(edits) if edits else None)


@dataclass(frozen=True)
class PostState:
    selftext: str
    flair: str | None
    score: int
    edited: float | None


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while number:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
    return text or "0"


def search_words(text: str) -> frozenset[str]:
    """Words as search matches them: case and apostrophes ignored, so ``levis`` finds Levi's."""
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", text.lower())))


class Board:
    """Every subreddit's posts and comments, planned lazily and kept in a bounded cache."""

    def __init__(self, *, seed: int, history_days: float) -> None:
        self._seed = seed
        self._history = history_days * 86400
        self._by_name = {sub.name.lower(): (index, sub) for index, sub in enumerate(SUBREDDITS)}
        self._posts: OrderedDict[tuple[int, int, bool], PlannedPost] = OrderedDict()
        self._comments: OrderedDict[str, tuple[PlannedComment, ...]] = OrderedDict()

    def subreddit(self, name: str) -> Subreddit | None:
        found = self._by_name.get(name.lower())
        return found[1] if found else None

    def posts(self, subreddit: Subreddit, at: datetime) -> list[PlannedPost]:
        """The subreddit's posts made by ``at`` within the history, newest first."""
        index, _ = self._by_name[subreddit.name.lower()]
        now = at.timestamp()
        slot = 86400 / subreddit.posts_per_day
        posts = []
        for k in range(math.floor(now / slot), math.floor((now - self._history) / slot) - 1, -1):
            post = self._plan(index, k, market=False)
            if now - self._history <= post.created <= now:
                posts.append(post)
        if subreddit.market_thread:
            week = math.floor((now - FIRST_MONDAY) / WEEK)
            for w in range(week, math.floor((now - self._history - FIRST_MONDAY) / WEEK) - 1, -1):
                post = self._plan(index, w, market=True)
                if now - self._history <= post.created <= now:
                    posts.append(post)
        posts.sort(key=lambda post: -post.created)
        return posts

    def post(self, post_id: str, at: datetime) -> PlannedPost | None:
        """The post with this id, if it exists by ``at``."""
        try:
            number = int(post_id, 36) - POST_ID_BASE
        except ValueError:
            return None
        if number < 0:
            return None
        market, index, k = number % 2 == 1, (number // 2) % 8, number // 16
        if index >= len(SUBREDDITS):
            return None
        post = self._plan(index, k, market=market)
        return post if post.created <= at.timestamp() else None

    def comments(self, post: PlannedPost, at: datetime) -> list[PlannedComment]:
        """The post's comments made by ``at``, parents before their replies."""
        plan = self._comments.get(post.id)
        if plan is None:
            plan = self._comments[post.id] = self._plan_comments(post)
            if len(self._comments) > PLANS_KEPT:
                self._comments.popitem(last=False)
        now = at.timestamp()
        return [comment for comment in plan if comment.created <= now]

    def _plan(self, index: int, k: int, *, market: bool) -> PlannedPost:
        key = (index, k, market)
        post = self._posts.get(key)
        if post is None:
            post = self._posts[key] = self._new_post(index, k, market)
            if len(self._posts) > PLANS_KEPT:
                self._posts.popitem(last=False)
        return post

    def _new_post(self, index: int, k: int, market: bool) -> PlannedPost:
        subreddit = SUBREDDITS[index]
        rng = random.Random(f"reddit:{self._seed}:{subreddit.name}:{k}:{market}")
        number = k * 16 + index * 2 + int(market)
        if market:
            created = FIRST_MONDAY + k * WEEK + 6 * 3600
            day = datetime.fromtimestamp(created, UTC)
            title = f"{subreddit.market_thread} - {day:%B} {day.day}, {day.year}"
            body = ("Post what you are selling, buying or trading as a top-level comment. "
                    "Include your location, price and timestamps. Use PayPal G&S, no F&F.")  # fmt: skip
            return self._post(subreddit, number, rng, "AutoModerator", created, "market",
                              title, body)  # fmt: skip
        slot = 86400 / subreddit.posts_per_day
        created = math.floor(k * slot + rng.uniform(0, slot))
        kind = rng.choices(list(subreddit.kinds), weights=list(subreddit.kinds.values()))[0]
        author = _username(rng)
        if kind in ("sale", "trade"):
            location, currency = random_home(rng)
            sale = sale_post(rng, location, currency)
            return self._post(subreddit, number, rng, author, created, "sale", sale.title,
                              render_sale_body(sale, dropped=frozenset(), sold=frozenset()),
                              sale=sale)  # fmt: skip
        if kind == "wtb":
            location, currency = random_home(rng)
            title, body = wtb_post(rng, location, currency)
        else:
            writer = {"discussion": discussion_post, "haul": haul_post, "deal": deal_post,
                      "sold_report": sold_report_post}[kind]  # fmt: skip
            title, body = writer(rng)
        return self._post(subreddit, number, rng, author, created, kind, title, body)

    def _post(
        self,
        subreddit: Subreddit,
        number: int,
        rng: random.Random,
        author: str,
        created: float,
        kind: str,
        title: str,
        body: str,
        *,
        sale: SalePost | None = None,
    ) -> PlannedPost:
        offers = sale.offers if sale else ()
        sold_at = tuple(
            created + rng.expovariate(1 / (3 * 86400)) if rng.random() < 0.7 else None
            for _ in offers
        )
        drop_at = tuple(
            created + rng.uniform(1.5, 6) * 86400
            if offer.drop_to is not None
            and rng.random() < 0.4
            and (sold is None or sold > created + 6 * 86400)
            else None
            for offer, sold in zip(offers, sold_at, strict=True)
        )
        images = kind in ("sale", "haul") and rng.random() < 0.6
        return PlannedPost(
            id=base36(POST_ID_BASE + number),
            number=POST_ID_BASE + number,
            subreddit=subreddit,
            author=author,
            created=created,
            kind=kind,
            title=title,
            body=body,
            sale=sale,
            drop_at=drop_at,
            sold_at=sold_at,
            final_score=max(1, round(math.exp(rng.gauss(math.log(25), 1.1)))),
            upvote_ratio=round(rng.uniform(0.7, 1.0), 2),
            image_ids=tuple(
                base36(rng.getrandbits(62)) for _ in range(rng.randint(2, 6) if images else 0)
            ),
            gallery=images and kind == "sale",
            words=search_words(f"{title} {body}"),
        )

    def _plan_comments(self, post: PlannedPost) -> tuple[PlannedComment, ...]:
        rng = random.Random(f"reddit-comments:{self._seed}:{post.id}")
        comments: list[PlannedComment] = []

        def add(author: str, created: float, parent: PlannedComment | None, text: str,
                **extra) -> PlannedComment | None:  # fmt: skip
            if len(comments) >= COMMENTS_PER_POST:
                return None
            comment = PlannedComment(
                id=base36(COMMENT_ID_BASE + post.number * COMMENTS_PER_POST + len(comments)),
                author=author,
                created=math.floor(created),
                parent_id=f"t1_{parent.id}" if parent else f"t3_{post.id}",
                depth=parent.depth + 1 if parent else 0,
                text=text,
                final_score=max(1, round(math.exp(rng.gauss(1.2, 0.9)))),
                is_submitter=author == post.author,
                **extra,
            )
            comments.append(comment)
            return comment

        if post.kind == "market":
            count = round(post.subreddit.market_comments_per_day * 7 * rng.uniform(0.8, 1.2))
            for created in sorted(post.created + rng.uniform(0, WEEK) for _ in range(count)):
                location, currency = random_home(rng)
                text, offers, style = market_comment(rng, location, currency)
                seller = _username(rng)
                sold_at = tuple(
                    created + rng.expovariate(1 / 86400) if rng.random() < 0.6 else None
                    for _ in offers
                )
                top = add(seller, created, None, text, offers=offers, style=style, sold_at=sold_at)
                if top is not None:
                    self._replies(rng, top, seller, add)
        else:
            count = (
                rng.choice((0, 1, 2, 3, 5, 8, 13))
                if post.kind != "discussion"
                else rng.randint(2, 20)
            )
            for created in sorted(post.created + rng.expovariate(1 / 7200) for _ in range(count)):
                if post.kind == "sale":
                    offer = post.sale.offers[0] if post.sale else None
                    top = add(
                        _username(rng),
                        created,
                        None,
                        buyer_reply(rng, offer, post.sale.style if post.sale else None),
                    )
                    if top is not None and rng.random() < 0.6:
                        add(post.author, created + rng.uniform(300, 7200), top,
                            rng.choice(SELLER_REPLIES))  # fmt: skip
                else:
                    add(_username(rng), created, None, rng.choice(DISCUSSION_REPLIES))
        comments.sort(key=lambda comment: (comment.depth, comment.created))
        return tuple(comments)

    def _replies(self, rng: random.Random, top: PlannedComment, seller: str, add) -> None:
        parent = top
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            buyer = add(_username(rng), parent.created + rng.uniform(600, 86400), parent,
                        buyer_reply(rng, top.offers[0] if top.offers else None, top.style))  # fmt: skip
            if buyer is None or rng.random() < 0.4:
                return
            answer = add(seller, buyer.created + rng.uniform(300, 20000), buyer,
                         rng.choice(SELLER_REPLIES))  # fmt: skip
            if answer is None:
                return
            parent = answer if rng.random() < 0.3 else top


def _grown(final: int, age_seconds: float, *, hours: float) -> int:
    if age_seconds <= 0:
        return 1
    return max(1, round(final * (1 - math.exp(-age_seconds / (hours * 3600)))))


def _username(rng: random.Random) -> str:
    first, second = (rng.choice(parts) for parts in USERNAME_PARTS)
    style = rng.random()
    if style < 0.4:
        return f"{first}{second}{rng.randint(1, 999)}"
    if style < 0.7:
        return f"{first.capitalize()}_{second.capitalize()}"
    return f"{first}_{second}_{rng.randint(10, 99)}"
