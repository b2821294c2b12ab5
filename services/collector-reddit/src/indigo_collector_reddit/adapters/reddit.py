"""Reddit through PRAW: application-only OAuth, subreddit listings, comment pages, as raw JSON.

- PRAW does the HTTP: the client-credentials token (refreshed when it expires or a call answers
  401), pacing by the ``x-ratelimit-*`` headers, and its own retries of 5xx answers. It is pointed
  at the real Reddit or the sandbox only through its ``oauth_url`` / ``reddit_url`` settings.
- Calls go through ``Reddit.request``, which returns Reddit's JSON as sent, not PRAW's models:
  those rename and wrap fields (``author`` becomes a ``Redditor``), and a listing's ``raw_data``
  must be the post or comment exactly as received.
- PRAW blocks: every call runs in a worker thread (``asyncio.to_thread``), one at a time (a
  ``praw.Reddit`` is not thread-safe). 429s (PRAW raises ``TooManyRequests``, and a plain
  ``ResponseException`` for a 429 from the token endpoint), server errors and broken connections
  are retried here, waiting ``retry-after`` when Reddit says it, else backing off exponentially
  with jitter; after ``max_retries`` they raise :class:`RedditUnavailable`.
- A comment page's ``more`` stubs at the top level hide top-level comments, which are what a
  buy/sell/trade thread sells: up to ``more_limit`` of them (largest first) are expanded through
  ``/api/morechildren``, as PRAW's ``replace_more(limit=...)`` would, and the comments they held
  are appended to the page's comment ``Listing`` as Reddit sent them (each with its
  ``parent_id``). Nested stubs hide only replies and are left alone.
- The application token can be shared by every replica (:mod:`indigo_shared.oauth_tokens`):
  :class:`SharedTokenAuthorizer` is PRAW's read-only authorizer with its ``refresh`` asking the
  shared cache, which requests a token the way prawcore does only when none is stored or it is
  due for renewal. PRAW has no public hook for an authorizer: :class:`_SharedTokenReddit`
  overrides the one method where ``praw.Reddit`` builds its read-only session.
- Every HTTP exchange PRAW makes passes through :class:`MeteredRequestor`, which counts it by
  status (``indigo_marketplace_calls_total``) and publishes what ``x-ratelimit-remaining`` says is
  left of the current window (``indigo_marketplace_quota_remaining{quota="window"}``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import praw
import prawcore
from indigo_shared.metrics import record_marketplace_call, record_quota
from indigo_shared.oauth_tokens import Grant, LocalTokens
from indigo_shared.retrying import RetryPolicy, TransientFailure, retry_after_seconds

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_MORE_CHILDREN = 100  # ids per /api/morechildren call


class RedditError(Exception):
    """A Reddit call that failed; the message says which and why, without secrets."""


class RedditAuthError(RedditError):
    """Reddit refused the application's credentials."""


class RedditNotFound(RedditError):
    """A subreddit or post that does not exist (or is private, banned, quarantined)."""


class RedditUnavailable(RedditError):
    """Reddit kept failing (429, 5xx, network) through every retry."""


class MeteredRequestor(prawcore.Requestor):
    """PRAW's HTTP requestor, counting each exchange and the rate-limit window it reports."""

    def request(self, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().request(*args, **kwargs)
        except prawcore.RequestException:
            record_marketplace_call("reddit", None)
            raise
        record_marketplace_call("reddit", response.status_code)
        remaining = _header_number(response.headers, "x-ratelimit-remaining")
        if remaining is not None:
            used = _header_number(response.headers, "x-ratelimit-used")
            record_quota(
                "reddit", "window", remaining, remaining + used if used is not None else None
            )
        return response


def _header_number(headers: Any, name: str) -> float | None:
    try:
        return float(headers[name])
    except (KeyError, TypeError, ValueError):
        return None


# How long PRAW trusts the token it was handed before asking the cache again (an in-memory
# answer while the shared token is fresh): the cache, not PRAW, decides when to renew it.
ASK_AGAIN_SECONDS = 60
TOKEN_WAIT_SECONDS = 300  # a refresh waits this long at most for the shared cache


class SharedTokenAuthorizer(prawcore.ReadOnlyAuthorizer):
    """PRAW's app-only authorizer whose token comes from ``tokens`` (shared or local).

    prawcore calls :meth:`refresh` from the worker thread a request runs in; the cache lives on
    the event loop, so the call is handed to it and waited for. When Reddit answers 401, prawcore
    clears the token and refreshes: the cleared token is the refused one, dropped for all.
    """

    def __init__(
        self,
        authenticator: prawcore.TrustedAuthenticator,
        *,
        tokens: LocalTokens,
        credential: str,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self._refused: str | None = None
        super().__init__(authenticator=authenticator)
        self._tokens = tokens
        self._credential = credential
        self._loop = loop

    def _clear_access_token(self) -> None:
        if getattr(self, "access_token", None):
            self._refused = self.access_token
        super()._clear_access_token()

    def refresh(self) -> None:
        refused, self._refused = self._refused, None
        # Bounded: a loop that has stopped (the service stopping) must not hold the thread.
        future = asyncio.run_coroutine_threadsafe(self._token(refused), self._loop)
        value = future.result(timeout=TOKEN_WAIT_SECONDS)
        self.access_token = value
        self.scopes = {"*"}
        self._expiration_timestamp_ns = time.monotonic_ns() + ASK_AGAIN_SECONDS * 10**9

    async def _token(self, refused: str | None) -> str:
        if refused:
            await self._tokens.refused(refused)
        return await self._tokens.token(self._credential, self._fetch)

    async def _fetch(self) -> Grant:
        return await asyncio.to_thread(self._request_token_now)

    def _request_token_now(self) -> Grant:
        """The client-credentials grant, as prawcore's own authorizers request it."""
        authenticator = self._authenticator
        url = authenticator.requestor.reddit_url + prawcore.const.ACCESS_TOKEN_PATH
        response = authenticator._post(url=url, grant_type="client_credentials")
        payload = response.json()
        if "error" in payload:
            raise prawcore.OAuthException(
                response, payload["error"], payload.get("error_description")
            )
        return Grant(payload["access_token"], float(payload["expires_in"]))


class _SharedTokenReddit(praw.Reddit):
    def __init__(self, *, authorizer: Callable[[Any], prawcore.auth.BaseAuthorizer], **kwargs):
        self._make_authorizer = authorizer
        super().__init__(**kwargs)

    def _prepare_trusted_prawcore(self, requestor: prawcore.Requestor) -> None:
        authenticator = prawcore.TrustedAuthenticator(
            client_id=self.config.client_id,
            client_secret=self.config.client_secret,
            redirect_uri=self.config.redirect_uri,
            requestor=requestor,
        )
        self._core = self._read_only_core = prawcore.session(
            authorizer=self._make_authorizer(authenticator), window_size=self.config.window_size
        )


def connect(
    *,
    client_id: str,
    client_secret: str,
    user_agent: str,
    oauth_url: str,
    reddit_url: str,
    timeout: float = 30,
    tokens: LocalTokens | None = None,
    credential: str = "environment",
) -> praw.Reddit:
    """A read-only ``praw.Reddit`` (application-only OAuth) for these hosts, its token kept by
    ``tokens`` (module doc). Call it on the event loop that will run the reader.

    PRAW joins API paths to ``oauth_url`` with ``urljoin`` and appends ``/api/v1/access_token``
    to ``reddit_url``: so a base with a path (the sandbox's ``http://127.0.0.1:8900/reddit``)
    needs a trailing slash on the first and none on the second, which is added or removed here.
    """
    loop = asyncio.get_running_loop()
    tokens = tokens or LocalTokens()
    return _SharedTokenReddit(
        authorizer=lambda authenticator: SharedTokenAuthorizer(
            authenticator, tokens=tokens, credential=credential, loop=loop
        ),
        client_id=client_id,
        client_secret=client_secret,
        user_agent=user_agent,
        oauth_url=oauth_url.rstrip("/") + "/",
        reddit_url=reddit_url.rstrip("/"),
        timeout=int(timeout),
        check_for_updates=False,
        check_for_async=False,
        requestor_class=MeteredRequestor,
    )


class RedditReader:
    """The Reddit calls the collector makes, as coroutines returning Reddit's JSON."""

    def __init__(
        self,
        reddit: praw.Reddit,
        *,
        max_retries: int = 5,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self._reddit = reddit
        self._retries = RetryPolicy(max_retries, backoff_base, backoff_cap, sleep)
        self._lock = asyncio.Lock()

    async def new(
        self, subreddit: str, *, limit: int = MAX_PAGE_SIZE, after: str | None = None
    ) -> dict:
        """One page of ``/r/<subreddit>/new``: a ``Listing`` of posts, newest first."""
        return await self._listing(f"r/{subreddit}/new", _page_params(limit, after))

    async def hot(self, subreddit: str, *, limit: int = 10) -> dict:
        """The first page of ``/r/<subreddit>/hot``, where stickied threads come first."""
        return await self._listing(f"r/{subreddit}/hot", _page_params(limit, None))

    async def search(
        self,
        subreddit: str,
        query: str,
        *,
        limit: int = MAX_PAGE_SIZE,
        after: str | None = None,
        sort: str = "new",
        time_filter: str = "all",
    ) -> dict:
        """One page of a search restricted to the subreddit (the parameters PRAW's
        ``Subreddit.search`` sends)."""
        params = {
            **_page_params(limit, after),
            "q": query,
            "restrict_sr": "true",
            "sort": sort,
            "t": time_filter,
            "syntax": "lucene",
        }
        return await self._listing(f"r/{subreddit}/search", params)

    async def comments(
        self, post_id: str, *, limit: int = 500, sort: str = "new", more_limit: int = 8
    ) -> list:
        """A post's comments page ``[post Listing, comment Listing]``, with up to ``more_limit``
        top-level ``more`` stubs expanded (module doc)."""
        page = await self._call(
            f"GET comments/{post_id}",
            "GET",
            f"comments/{post_id}",
            params={"limit": str(limit), "sort": sort},
        )
        if not (isinstance(page, list) and len(page) == 2 and isinstance(page[1], dict)):
            raise RedditError(f"GET comments/{post_id}: not a comments page")
        await self._expand_top_level(post_id, page[1], more_limit, sort)
        return page

    async def _expand_top_level(
        self, post_id: str, comments: dict, more_limit: int, sort: str
    ) -> None:
        children = (comments.get("data") or {}).get("children")
        if not isinstance(children, list):
            return
        expanded: set[str] = set()
        while len(expanded) < more_limit:
            stubs = [
                child["data"]
                for child in children
                if isinstance(child, dict)
                and child.get("kind") == "more"
                and isinstance(child.get("data"), dict)
                and child["data"].get("parent_id") == f"t3_{post_id}"
                and isinstance(child["data"].get("children"), list)
                and child["data"]["children"]
                and str(child["data"].get("id")) not in expanded
            ]
            if not stubs:
                return
            stub = max(stubs, key=lambda data: data.get("count") or 0)
            expanded.add(str(stub.get("id")))
            ids = [str(child_id) for child_id in stub["children"][:MAX_MORE_CHILDREN]]
            children.extend(await self.more_children(post_id, ids, sort=sort))

    async def more_children(self, post_id: str, ids: list[str], *, sort: str = "new") -> list[dict]:
        """The comments a ``more`` stub held, flat, as ``/api/morechildren`` returns them."""
        body = await self._call(
            "POST api/morechildren",
            "POST",
            "api/morechildren",
            data={"children": ",".join(ids), "link_id": f"t3_{post_id}", "sort": sort},
        )
        things = ((body or {}).get("json") or {}).get("data", {}).get("things")
        if not isinstance(things, list):
            raise RedditError("POST api/morechildren: no json.data.things in the answer")
        return things

    async def _listing(self, path: str, params: dict[str, str]) -> dict:
        body = await self._call(f"GET {path}", "GET", path, params=params)
        if not (isinstance(body, dict) and body.get("kind") == "Listing"):
            raise RedditError(f"GET {path}: the answer is not a Listing")
        return body

    async def _call(self, what: str, method: str, path: str, **kwargs: Any) -> Any:
        async def attempt() -> Any:
            try:
                async with self._lock:
                    return await asyncio.to_thread(
                        self._reddit.request, method=method, path=path, **kwargs
                    )
            except prawcore.Redirect as exc:
                # Reddit sends a request for a missing subreddit to its subreddit search.
                raise RedditNotFound(
                    f"{what}: no such subreddit (redirected to {exc.path})"
                ) from None
            except (prawcore.NotFound, prawcore.Forbidden) as exc:
                raise RedditNotFound(f"{what}: HTTP {exc.response.status_code}") from None
            except prawcore.OAuthException as exc:
                raise RedditAuthError(
                    f"{what}: Reddit refused the token request: {exc.error}"
                ) from None
            except prawcore.InvalidToken:
                # PRAW already fetched a new token and retried: one more round may still race an
                # expiry, so it counts as a transient failure.
                raise TransientFailure("a valid token was refused (401)") from None
            except prawcore.TooManyRequests as exc:
                raise TransientFailure("rate limited (429)", _retry_after(exc.response)) from None
            except prawcore.ServerError as exc:
                raise TransientFailure(f"HTTP {exc.response.status_code}") from None
            except prawcore.ResponseException as exc:
                status = exc.response.status_code
                if status == 429:  # the token endpoint's 429 is a plain ResponseException
                    raise TransientFailure(
                        "rate limited (429)", _retry_after(exc.response)
                    ) from None
                if status == 401 and exc.response.url.endswith("/api/v1/access_token"):
                    raise RedditAuthError(
                        f"{what}: Reddit refused the client id and secret (HTTP 401)"
                    ) from None
                if status >= 500:
                    raise TransientFailure(f"HTTP {status}") from None
                raise RedditError(f"{what}: HTTP {status}") from None
            except prawcore.RequestException as exc:
                raise TransientFailure(f"no answer ({exc.original_exception!r})") from None

        return await self._retries.run(attempt, what=what, give_up=RedditUnavailable)


def _retry_after(response: Any) -> float | None:
    """Reddit's ``retry-after``; a zero (sent while the window resets) leaves it to the
    backoff, so that a rate-limited client never retries at once."""
    seconds = retry_after_seconds(
        response.headers.get("retry-after") if response is not None else None
    )
    return seconds or None


def _page_params(limit: int, after: str | None) -> dict[str, str]:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit must be 1..{MAX_PAGE_SIZE}, not {limit}")
    params = {"limit": str(limit)}
    if after:
        params["after"] = after
    return params
