"""Who may change things: API keys as FastAPI dependencies, with per-key rate limits.

A route (or a whole router) that changes something requires a scope::

    @router.post("/sync/trigger", dependencies=[RequireScope("sync")], responses=AUTH)
    router = APIRouter(dependencies=[RequireScope("alerts")], responses=AUTH)

- No ``Authorization: Bearer <key>``, a key that is unknown, revoked or expired: 401 with
  ``WWW-Authenticate: Bearer`` (RFC 6750: ``error="invalid_token"`` when one was given).
- A valid key without the scope: 403 (``error="insufficient_scope"``). ``admin`` has every scope.
- Requests that change something (not GET/HEAD) count against the key's rate limit
  (``INDIGO_API_RATE_LIMIT``, e.g. ``30/minute;300/hour``, moving windows kept by the ``limits``
  library in this process): beyond it, 429 with ``Retry-After``.
- ``INDIGO_API_READS_REQUIRE_KEY``: GET endpoints need a key with ``read`` too (health and
  metrics stay open for probes).

Verified keys are cached in memory while ``marketplace_api_keys`` has not changed: a trigger
NOTIFYs the read model's channel on every insert, revocation or expiry change, so a revoked key
is refused at once; with the notice connection down every request looks the key up. A key's use
is recorded at most once a minute.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from indigo_shared.secret_keys import SecretKeys
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from indigo_api import api_keys
from indigo_api.api_keys import ApiKey, Scope
from indigo_api.errors import ErrorOut
from indigo_api.read_model import ReadModel

log = logging.getLogger(__name__)

API_KEYS = api_keys.TABLE
REALM = 'Bearer realm="indigo"'
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_EVERY_SECONDS = 60.0
CACHE_SECONDS = 60.0
CACHE_ENTRIES = 4096

bearer = HTTPBearer(
    scheme_name="ApiKey",
    description="An Indigo API key: `Authorization: Bearer indigo_…`. Create one with `indigo "
    "apikey create --name NAME --scope sync`; `make run` prints a development key (also in "
    "`.indigo/api-key`). Scopes: read, sync, analyze, alerts, admin (admin has them all).",
    auto_error=False,
)


def _refusal(status: int, detail: str, challenge: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail, headers={"WWW-Authenticate": challenge})


def unauthorized(detail: str, *, presented: bool) -> HTTPException:
    challenge = REALM
    if presented:
        challenge += f', error="invalid_token", error_description="{detail}"'
    return _refusal(401, detail, challenge)


@dataclass
class _Verified:
    key: ApiKey | None
    generation: tuple[int, ...]
    at: float


class Gatekeeper:
    """Verifies keys (cached, see the module doc) and counts their mutating requests."""

    def __init__(self, read_model: ReadModel, keys: SecretKeys, rate_limit: str) -> None:
        self.read_model = read_model
        self.keys = keys
        self.limits: list[RateLimitItem] = parse_many(rate_limit)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self._verified: OrderedDict[str, _Verified] = OrderedDict()
        self._touched: dict[str, float] = {}

    async def verify(self, presented: str) -> ApiKey:
        key = await self._lookup(presented)
        if key is None:
            raise unauthorized("invalid API key", presented=True)
        if key.revoked_at is not None:
            raise unauthorized("this API key has been revoked", presented=True)
        if key.expired(datetime.now(UTC)):
            raise unauthorized("this API key has expired", presented=True)
        await self._touch(key)
        return key

    async def _lookup(self, presented: str) -> ApiKey | None:
        if not api_keys.KEY_PATTERN.match(presented):
            return None
        digest = self.keys.api_key_hash(presented)
        generation = self.read_model.generations((API_KEYS,))
        cached = self._verified.get(digest)
        now = time.monotonic()
        if (
            cached is not None
            and self.read_model.listening
            and cached.generation == generation
            and now - cached.at < CACHE_SECONDS
        ):
            self._verified.move_to_end(digest)
            return cached.key
        async with self.read_model.connection() as conn:
            key = await api_keys.find(conn, self.keys, presented)
        self._verified[digest] = _Verified(key, generation, now)
        while len(self._verified) > CACHE_ENTRIES:
            self._verified.popitem(last=False)
        return key

    async def _touch(self, key: ApiKey) -> None:
        now = time.monotonic()
        if now - self._touched.get(key.public_id, -math.inf) < TOUCH_EVERY_SECONDS:
            return
        async with self.read_model.connection() as conn:
            await api_keys.touch(conn, key.id, TOUCH_EVERY_SECONDS)
        self._touched[key.public_id] = now

    async def count(self, key: ApiKey) -> None:
        """One mutating request of ``key``; 429 once a window is full."""
        for limit in self.limits:
            if not await self.limiter.hit(limit, key.public_id):
                reset_at, _ = await self.limiter.get_window_stats(limit, key.public_id)
                wait = max(1, math.ceil(reset_at - time.time()))
                raise HTTPException(
                    status_code=429,
                    detail=f"rate limit of this API key reached ({limit}); retry in {wait} s",
                    headers={"Retry-After": str(wait)},
                )


async def _gatekeeper(request: Request) -> Gatekeeper:
    return request.app.state.gatekeeper


async def authenticate(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    gatekeeper: Gatekeeper,
) -> ApiKey:
    if credentials is None:
        header = request.headers.get("authorization")
        detail = (
            "an API key is required: Authorization: Bearer <key>"
            if not header
            else "the Authorization header must be: Bearer <key>"
        )
        raise unauthorized(detail, presented=bool(header))
    return await gatekeeper.verify(credentials.credentials)


def RequireScope(scope: Scope):  # noqa: N802 - reads as a declaration: RequireScope("sync")
    """A dependency admitting a key with ``scope`` (or ``admin``); a request that changes
    something also counts against the key's rate limit."""

    async def require(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
        gatekeeper: Annotated[Gatekeeper, Depends(_gatekeeper)],
    ) -> ApiKey:
        key = await authenticate(request, credentials, gatekeeper)
        if not key.allows(scope):
            raise _refusal(
                403,
                f"this API key lacks the {scope!r} scope (it has: {', '.join(key.scopes)})",
                f'{REALM}, error="insufficient_scope", scope="{scope}"',
            )
        if request.method not in SAFE_METHODS:
            await gatekeeper.count(key)
        log.debug(
            "%s %s by API key %s (%s)", request.method, request.url.path, key.public_id, key.name
        )
        return key

    require.__name__ = f"require_{scope}_scope"
    return Security(require, scopes=[scope])


async def _reads(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    gatekeeper: Annotated[Gatekeeper, Depends(_gatekeeper)],
) -> None:
    """``INDIGO_API_READS_REQUIRE_KEY``: a read needs a key with ``read``. Requests that change
    something have their own scope to show."""
    if request.method in SAFE_METHODS:
        key = await authenticate(request, credentials, gatekeeper)
        if not key.allows("read"):
            raise _refusal(
                403,
                f"this API key lacks the 'read' scope (it has: {', '.join(key.scopes)})",
                f'{REALM}, error="insufficient_scope", scope="read"',
            )


#: Added to every API router when INDIGO_API_READS_REQUIRE_KEY is set.
ReadsRequireKey = Security(_reads, scopes=["read"])


def _error(description: str, *, retry_after: bool = False, challenge: bool = False) -> dict:
    response: dict = {"model": ErrorOut, "description": description, "headers": {}}
    if challenge:
        response["headers"]["WWW-Authenticate"] = {
            "description": "Bearer, with the error (RFC 6750)",
            "schema": {"type": "string"},
        }
    if retry_after:
        response["headers"]["Retry-After"] = {
            "description": "seconds to wait before trying again",
            "schema": {"type": "integer"},
        }
    return response


UNAUTHORIZED = {
    401: _error("no API key, or one unknown, revoked or expired", challenge=True),
}
FORBIDDEN = {403: _error("the API key lacks the scope this needs", challenge=True)}
RATE_LIMITED = {
    429: _error("the API key's rate limit is reached (INDIGO_API_RATE_LIMIT)", retry_after=True)
}
#: What a route guarded by RequireScope may answer besides its own statuses.
AUTH = UNAUTHORIZED | FORBIDDEN | RATE_LIMITED
READ_AUTH = UNAUTHORIZED | FORBIDDEN
