"""The Reddit sandbox as an aiohttp application, mounted at ``/reddit`` so that both of PRAW's
hosts point at it: ``reddit_url`` (tokens) and ``oauth_url`` (the API).

- ``POST /api/v1/access_token``: application-only OAuth, ``grant_type=client_credentials`` with
  HTTP Basic client id and secret (401 for wrong credentials; an unsupported grant type is a 200
  with ``{"error": "unsupported_grant_type"}``, as Reddit answers it).
- ``GET /r/<subreddit>/new``, ``/hot`` (stickied threads first), ``/search`` (``q``,
  ``restrict_sr``, ``sort``, ``t``), each with ``limit`` ≤ 100, ``after``, ``before``:
  ``Listing``s of ``t3``; ``/r/all/search`` and
  ``restrict_sr=false`` search every subreddit. An unknown subreddit redirects (302) to subreddit
  search, as Reddit does.
- ``GET /comments/<id>`` and ``/r/<subreddit>/comments/<id>[/<slug>]`` (``sort``, ``limit``,
  ``depth``): ``[post Listing, comment Listing]``; comments past ``limit`` become ``more`` stubs,
  deeper than ``depth`` "continue this thread" stubs.
- ``GET|POST /api/morechildren`` (``link_id``, ``children``): the comments a ``more`` stub held.
- Every API call needs ``Authorization: bearer <token>`` (401 ``{"message": "Unauthorized",
  "error": 401}`` otherwise), spends the client's budget and says what is left in
  ``x-ratelimit-remaining`` / ``-used`` / ``-reset``; past the budget, an HTML 429 with
  ``retry-after``. Text comes HTML-escaped unless ``raw_json=1``.
- ``/_sandbox/faults``, ``/_sandbox/stats``: fault injection (route names ``token``, ``new``,
  ``hot``, ``search``, ``comments``, ``morechildren``; action ``expire_tokens``) and request counts.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import web

from indigo_sandbox.clock import Clock, utc_now
from indigo_sandbox.control import SandboxControl
from indigo_sandbox.reddit.board import (
    SUBREDDITS,
    Board,
    PlannedComment,
    PlannedPost,
    search_words,
)
from indigo_sandbox.reddit.config import RedditSandboxConfig
from indigo_sandbox.reddit.faults import RedditFaultResponses, reddit_error, too_many_requests
from indigo_sandbox.reddit.render import comment_thing, listing, more_thing, post_thing
from indigo_sandbox.reddit.tokens import RateLimiter, TokenStore

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
MAX_LISTED = 1000  # Reddit lists at most about a thousand posts of a subreddit
DEFAULT_COMMENT_LIMIT = 200
MAX_MORE_CHILDREN = 100
TIME_FILTERS = {"hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400,
                "year": 365 * 86400, "all": None}  # fmt: skip
SEARCH_SORTS = ("relevance", "new", "hot", "top", "comments")
COMMENT_SORTS = ("confidence", "top", "new", "old", "controversial", "qa", "best")
_TAIL = r"{tail:(?:/|\.json)?}"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_reddit_app(config: RedditSandboxConfig, clock: Clock) -> web.Application:
    api = RedditApi(config, clock)
    app = web.Application()
    app.router.add_post("/api/v1/access_token", api.issue_token, name="token")
    app.router.add_get(f"/r/{{subreddit}}/new{_TAIL}", api.guarded(api.new), name="new")
    app.router.add_get(f"/r/{{subreddit}}/hot{_TAIL}", api.guarded(api.hot), name="hot")
    app.router.add_get(f"/r/{{subreddit}}/search{_TAIL}", api.guarded(api.search), name="search")
    # /comments/<id>, /comments/<id>/<slug>, /r/<subreddit>/comments/<id>[/<slug>]: one endpoint.
    app.router.add_get(
        r"/{sub:(?:r/[^/]+/)?}comments/{post_id:[0-9a-z]+}{slug:(?:/[^/.]+)?}" + _TAIL,
        api.guarded(api.comments),
        name="comments",
    )
    more = app.router.add_resource(f"/api/morechildren{_TAIL}", name="morechildren")
    more.add_route("GET", api.guarded(api.more_children))
    more.add_route("POST", api.guarded(api.more_children))
    SandboxControl(
        endpoints=("token", "new", "hot", "search", "comments", "morechildren"),
        responses=RedditFaultResponses(),
        actions={"expire_tokens": api.tokens.expire_all},
        extra_stats=lambda: {"tokens_issued": api.tokens.issued},
    ).install(app)
    return app


class RedditApi:
    def __init__(self, config: RedditSandboxConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.tokens = TokenStore(lifetime_seconds=config.token_lifetime_seconds, clock=clock)
        self.budget = RateLimiter(
            requests=config.rate_limit_requests,
            window_seconds=config.rate_limit_window_seconds,
            clock=clock,
        )
        self.board = Board(seed=config.seed, history_days=config.history_days)

    async def issue_token(self, request: web.Request) -> web.Response:
        client = _basic_credentials(request.headers.get("Authorization", ""))
        if client != (self.config.client_id, self.config.client_secret):
            return reddit_error(401, "Unauthorized")
        form = await request.post()
        if form.get("grant_type") != "client_credentials":
            return web.json_response({"error": "unsupported_grant_type"})
        return web.json_response(
            {
                "access_token": self.tokens.issue(),
                "token_type": "bearer",
                "expires_in": self.tokens.lifetime_seconds,
                "scope": str(form.get("scope") or "*"),
            }
        )

    def guarded(self, handler: Callable[[web.Request], Awaitable[Any]]) -> Handler:
        """An API call: authorized, metered, its text escaped unless ``raw_json=1``."""

        async def call(request: web.Request) -> web.StreamResponse:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not self.tokens.is_valid(token.strip()):
                return reddit_error(
                    401,
                    "Unauthorized",
                    headers={"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'},
                )
            budget = self.budget.spend()
            if budget.exceeded:
                return too_many_requests(budget.reset_seconds, budget.headers())
            result = await handler(request)
            if isinstance(result, web.StreamResponse):
                result.headers.update(budget.headers())
                return result
            if request.query.get("raw_json") != "1":
                result = _escaped(result)
            return web.json_response(result, headers=budget.headers())

        return call

    async def new(self, request: web.Request) -> Any:
        found = self._subreddit_posts(request)
        if isinstance(found, web.StreamResponse):
            return found
        return self._page(request, found[:MAX_LISTED])

    async def hot(self, request: web.Request) -> Any:
        found = self._subreddit_posts(request)
        if isinstance(found, web.StreamResponse):
            return found
        now = utc_now(self.clock)
        # Stickied threads first, as Reddit shows them; then by score, decayed with age.
        at = now.timestamp()
        stickied = [post for post in found if post.stickied(at)]
        ranked = [post for post in found if not post.stickied(at)]
        ranked = _sorted_posts(ranked, "hot", frozenset(), now, self.board)
        return self._page(request, (stickied + ranked)[:MAX_LISTED])

    async def search(self, request: web.Request) -> Any:
        name = request.match_info["subreddit"]
        restrict = request.query.get("restrict_sr", "").lower() in ("1", "true", "on", "yes")
        if name.lower() == "all" or not restrict:
            subreddits = list(SUBREDDITS)
        else:
            subreddit = self.board.subreddit(name)
            if subreddit is None:
                return _no_such_subreddit(name)
            subreddits = [subreddit]
        sort = request.query.get("sort", "relevance")
        period = request.query.get("t", "all")
        if sort not in SEARCH_SORTS or period not in TIME_FILTERS:
            return reddit_error(400, "Bad Request")
        words = search_words(request.query.get("q", ""))
        now = utc_now(self.clock)
        since = TIME_FILTERS[period]
        found = []
        for subreddit in subreddits:
            for post in self.board.posts(subreddit, now):
                if since is not None and post.created < now.timestamp() - since:
                    continue
                if words and words <= post.words:
                    found.append(post)
        found = _sorted_posts(found, sort, words, now, self.board)
        return self._page(request, found[:MAX_LISTED], extra={"facets": {}})

    async def comments(self, request: web.Request) -> Any:
        now = utc_now(self.clock)
        post = self.board.post(request.match_info["post_id"], now)
        name = request.match_info["sub"].removeprefix("r/").rstrip("/")
        if post is None or (name and name.lower() != post.subreddit.name.lower()):
            return reddit_error(404, "Not Found")
        sort = request.query.get("sort", "confidence")
        if sort not in COMMENT_SORTS:
            sort = "confidence"
        limit = _int(request.query.get("limit"), DEFAULT_COMMENT_LIMIT, low=1, high=500)
        depth = _int(request.query.get("depth"), None, low=0, high=100)
        visible = self.board.comments(post, now)
        at = now.timestamp()
        tree = _CommentTree(post, visible, at, sort)
        return [
            listing([post_thing(post, at, num_comments=len(visible))], after=None, dist=1),
            listing(tree.render(limit=limit, depth=depth), after=None),
        ]

    async def more_children(self, request: web.Request) -> Any:
        params = dict(request.query)
        if request.method == "POST":
            params.update({key: str(value) for key, value in (await request.post()).items()})
        now = utc_now(self.clock)
        post = self.board.post(params.get("link_id", "").removeprefix("t3_"), now)
        if post is None:
            return {"json": {"errors": [["INVALID_ID", "that is not a valid id", "link_id"]]}}
        wanted = [cid.strip() for cid in params.get("children", "").split(",") if cid.strip()]
        visible = self.board.comments(post, now)
        tree = _CommentTree(post, visible, now.timestamp(), params.get("sort", "confidence"))
        return {"json": {"errors": [], "data": {"things": tree.flat(wanted)}}}

    def _subreddit_posts(self, request: web.Request) -> list[PlannedPost] | web.Response:
        name = request.match_info["subreddit"]
        subreddit = self.board.subreddit(name)
        if subreddit is None:
            return _no_such_subreddit(name)
        return self.board.posts(subreddit, utc_now(self.clock))

    def _page(
        self, request: web.Request, posts: list[PlannedPost], *, extra: dict | None = None
    ) -> Any:
        limit = _int(request.query.get("limit"), DEFAULT_LIMIT, low=1, high=MAX_LIMIT)
        names = [f"t3_{post.id}" for post in posts]
        after, before = request.query.get("after"), request.query.get("before")
        if after:
            start = names.index(after) + 1 if after in names else len(names)
            page = posts[start : start + limit]
        elif before:
            end = names.index(before) if before in names else 0
            page = posts[max(0, end - limit) : end]
        else:
            page = posts[:limit]
        now = utc_now(self.clock)
        at = now.timestamp()
        children = [
            post_thing(post, at, num_comments=len(self.board.comments(post, now))) for post in page
        ]
        last_shown = names.index(f"t3_{page[-1].id}") if page else len(names)
        more = page and last_shown + 1 < len(names)
        first = names.index(f"t3_{page[0].id}") if page else 0
        return listing(
            children,
            after=f"t3_{page[-1].id}" if more else None,
            before=f"t3_{page[0].id}" if page and first > 0 else None,
            dist=len(children),
            extra=extra,
        )


class _CommentTree:
    """A post's visible comments, in the asked order, ready to render with Reddit's stubs."""

    def __init__(
        self, post: PlannedPost, comments: list[PlannedComment], at: float, sort: str
    ) -> None:
        self.post = post
        self.at = at
        self.by_id = {comment.id: comment for comment in comments}
        self.children: dict[str, list[PlannedComment]] = {}
        for comment in comments:
            self.children.setdefault(comment.parent_id, []).append(comment)
        order = _comment_order(sort, at)
        for siblings in self.children.values():
            siblings.sort(key=order)

    def render(self, *, limit: int, depth: int | None) -> list[dict[str, Any]]:
        budget = [limit]
        return self._level(f"t3_{self.post.id}", budget, depth)

    def flat(self, ids: list[str]) -> list[dict[str, Any]]:
        """morechildren: the wanted comments without their replies nested, parents first; a
        ``more`` stub for what is past the first hundred."""
        found = [self.by_id[cid] for cid in ids if cid in self.by_id]
        found.sort(key=lambda comment: (comment.depth, ids.index(comment.id)))
        things = [
            comment_thing(comment, self.post, self.at, replies="")
            for comment in found[:MAX_MORE_CHILDREN]
        ]
        rest = [comment.id for comment in found[MAX_MORE_CHILDREN:]]
        if rest:
            parent = self.by_id[rest[0]]
            things.append(more_thing(rest, count=len(rest), parent_id=parent.parent_id,
                                     depth=parent.depth))  # fmt: skip
        return things

    def _level(self, parent_id: str, budget: list[int], depth: int | None) -> list[dict[str, Any]]:
        siblings = self.children.get(parent_id, [])
        things: list[dict[str, Any]] = []
        for index, comment in enumerate(siblings):
            if depth is not None and comment.depth >= depth:
                # Too deep to show: Reddit links to the thread instead.
                return [more_thing([], count=0, parent_id=parent_id, depth=comment.depth)]
            if budget[0] <= 0:
                hidden = [c.id for c in siblings[index:] for c in self._subtree(c)]
                things.append(
                    more_thing(hidden, count=len(hidden), parent_id=parent_id, depth=comment.depth)
                )
                break
            budget[0] -= 1
            replies = self._level(f"t1_{comment.id}", budget, depth)
            things.append(
                comment_thing(
                    comment,
                    self.post,
                    self.at,
                    replies=listing(replies, after=None) if replies else "",
                )
            )
        return things

    def _subtree(self, comment: PlannedComment) -> list[PlannedComment]:
        found = [comment]
        for child in self.children.get(f"t1_{comment.id}", []):
            found.extend(self._subtree(child))
        return found


def _comment_order(sort: str, at: float) -> Callable[[PlannedComment], Any]:
    if sort == "new":
        return lambda comment: -comment.created
    if sort == "old":
        return lambda comment: comment.created
    return lambda comment: (-comment.score_at(at), comment.created)


def _sorted_posts(
    posts: list[PlannedPost], sort: str, words: frozenset[str], now: datetime, board: Board
) -> list[PlannedPost]:
    at = now.timestamp()
    if sort == "new":
        return sorted(posts, key=lambda post: -post.created)
    if sort == "top":
        return sorted(posts, key=lambda post: (-post.at(at).score, -post.created))
    if sort == "hot":
        return sorted(
            posts,
            key=lambda post: -(math.log10(max(post.at(at).score, 1)) + post.created / 45000),
        )
    if sort == "comments":
        return sorted(posts, key=lambda post: (-len(board.comments(post, now)), -post.created))
    # relevance: posts whose titles hold more of the words first, newer first among equals
    return sorted(posts, key=lambda post: (-len(words & search_words(post.title)), -post.created))


def _no_such_subreddit(name: str) -> web.Response:
    # Reddit sends a request for a subreddit that does not exist to its subreddit search.
    location = f"https://www.reddit.com/subreddits/search.json?q={name}"
    return web.Response(status=302, headers={"Location": location}, content_type="application/json")


def _escaped(value: Any) -> Any:
    """The legacy escaping Reddit applies without ``raw_json=1``: &, < and > as entities."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _int(value: str | None, default: int | None, *, low: int, high: int) -> int | None:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        number = default
    return None if number is None else max(low, min(high, number))


def _basic_credentials(authorization: str) -> tuple[str, str] | None:
    """``Basic base64(id:secret)`` -> ``(id, secret)``; None for anything else."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, colon, secret = (
            base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
        )
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (client_id, secret) if colon else None
