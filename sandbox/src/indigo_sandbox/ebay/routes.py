"""The eBay sandbox as an aiohttp application, mounted at ``/ebay`` so that
``EBAY_API_BASE=http://host:port/ebay`` stands in for ``https://api.ebay.com``.

- ``POST /identity/v1/oauth2/token``: the client-credentials grant (HTTP Basic client id:secret).
- ``GET /buy/browse/v1/item_summary/search``: search (see :mod:`indigo_sandbox.ebay.search`).
- ``GET /buy/browse/v1/item/{item_id}``: getItem, 404 once the listing has ended.
- ``/_sandbox/faults``, ``/_sandbox/stats``: fault injection and request counts for tests.

The route names ``token``, ``search`` and ``item`` are what a fault's ``path`` names.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aiohttp import web
from yarl import URL

from indigo_sandbox.clock import Clock, utc_now
from indigo_sandbox.control import SandboxControl
from indigo_sandbox.ebay.catalogue import Catalogue, Snapshot
from indigo_sandbox.ebay.config import EbaySandboxConfig
from indigo_sandbox.ebay.errors import EbayApiError, invalid_access_token, oauth_error
from indigo_sandbox.ebay.faults import EbayFaultResponses
from indigo_sandbox.ebay.render import BROWSE_ROOT, item_detail, item_summary
from indigo_sandbox.ebay.search import MAX_RESULTS, parse_search, run_search
from indigo_sandbox.ebay.tokens import TokenStore

TOKEN_PATH = "/identity/v1/oauth2/token"
SEARCH_PATH = f"{BROWSE_ROOT}/item_summary/search"
ITEM_PATH = f"{BROWSE_ROOT}/item/{{item_id}}"
SCOPE_ROOT = "https://api.ebay.com/oauth/api_scope"
# The buyer's currency on each marketplace; eBay takes a missing or unknown one as EBAY_US.
MARKETPLACE_CURRENCIES = {
    "EBAY_US": "USD", "EBAY_MOTORS_US": "USD", "EBAY_GB": "GBP", "EBAY_CA": "CAD",
    "EBAY_AU": "AUD", "EBAY_DE": "EUR", "EBAY_FR": "EUR", "EBAY_IT": "EUR", "EBAY_ES": "EUR",
    "EBAY_AT": "EUR", "EBAY_BE": "EUR", "EBAY_IE": "EUR", "EBAY_NL": "EUR",
}  # fmt: skip


def create_ebay_app(config: EbaySandboxConfig, clock: Clock) -> web.Application:
    api = EbayApi(config, clock)
    app = web.Application()
    app.router.add_post(TOKEN_PATH, api.issue_token, name="token")
    app.router.add_get(SEARCH_PATH, api.search, name="search")
    app.router.add_get(ITEM_PATH, api.get_item, name="item")
    SandboxControl(
        endpoints=("token", "search", "item"),
        responses=EbayFaultResponses(),
        actions={"expire_tokens": api.tokens.expire_all},
        extra_stats=lambda: {"tokens_issued": api.tokens.issued},
    ).install(app)
    app.on_startup.append(api.build_catalogue)
    return app


class EbayApi:
    def __init__(self, config: EbaySandboxConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.tokens = TokenStore(lifetime_seconds=config.token_lifetime_seconds, clock=clock)
        self.catalogue = Catalogue(
            seed=config.seed,
            size=config.catalogue_size,
            step_seconds=config.catalogue_step_seconds,
        )

    async def build_catalogue(self, app: web.Application) -> None:
        """Build the first snapshot (a few hundred ms) before the first search waits for it."""
        self.catalogue.at(utc_now(self.clock))

    async def issue_token(self, request: web.Request) -> web.Response:
        client = _basic_credentials(request.headers.get("Authorization", ""))
        if client != (self.config.client_id, self.config.client_secret):
            return oauth_error(401, "invalid_client", "client authentication failed")
        form = await request.post()
        grant_type = form.get("grant_type")
        if not grant_type:
            return oauth_error(
                400, "invalid_request", "request is missing a required parameter or malformed."
            )
        if grant_type != "client_credentials":
            return oauth_error(
                400,
                "unsupported_grant_type",
                "grant type in request is not supported by the authorization server",
            )
        if any(not scope.startswith(SCOPE_ROOT) for scope in str(form.get("scope", "")).split()):
            return oauth_error(
                400,
                "invalid_scope",
                "The requested scope is invalid, unknown, malformed, or exceeds the scope granted "
                "to the client",
            )
        return web.json_response(
            {
                "access_token": self.tokens.issue(),
                "expires_in": self.tokens.lifetime_seconds,
                "token_type": "Application Access Token",
            }
        )

    async def search(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return invalid_access_token()
        currency = _buyer_currency(request)
        try:
            query = parse_search(request.query, currency=currency)
        except EbayApiError as error:
            return error.response()
        found = run_search(self._snapshot().listings, query, currency=currency)
        api_base = _api_base(request)
        page = found[query.offset : query.offset + query.limit]
        body: dict[str, Any] = {
            "href": _page_url(request, api_base, query.offset, query.limit),
            "total": len(found),
        }
        if query.offset + query.limit < min(len(found), MAX_RESULTS):
            body["next"] = _page_url(request, api_base, query.offset + query.limit, query.limit)
        if query.offset > 0:
            body["prev"] = _page_url(request, api_base, query.offset - query.limit, query.limit)
        body["limit"] = query.limit
        body["offset"] = query.offset
        if page:  # eBay leaves itemSummaries out, rather than empty, when nothing matches
            body["itemSummaries"] = [
                item_summary(live, api_base=api_base, currency=currency) for live in page
            ]
        if query.warnings:
            body["warnings"] = list(query.warnings)
        return web.json_response(body)

    async def get_item(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return invalid_access_token()
        item_id = request.match_info["item_id"]
        snapshot = self._snapshot()
        live = snapshot.by_item_id.get(item_id)
        if live is None:
            return EbayApiError(
                404, 11001, "The specified item ID was not found.", parameters={"itemId": item_id}
            ).response()
        return web.json_response(
            item_detail(
                live,
                api_base=_api_base(request),
                currency=_buyer_currency(request),
                now=snapshot.at,
            )
        )

    def _authorized(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self.tokens.is_valid(token.strip())

    def _snapshot(self) -> Snapshot:
        return self.catalogue.at(utc_now(self.clock))


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


def _buyer_currency(request: web.Request) -> str:
    marketplace = request.headers.get("X-EBAY-C-MARKETPLACE-ID", "EBAY_US").strip().upper()
    return MARKETPLACE_CURRENCIES.get(marketplace, "USD")


def _api_base(request: web.Request) -> str:
    """``http://127.0.0.1:8900/ebay``: where the client reached this API, for the links we give."""
    mount = request.path.partition(BROWSE_ROOT)[0]
    return f"{request.url.origin()}{mount}"


def _page_url(request: web.Request, api_base: str, offset: int, limit: int) -> str:
    query = [(k, v) for k, v in request.query.items() if k not in ("limit", "offset")]
    query += [("limit", str(limit)), ("offset", str(offset))]
    return str(URL(f"{api_base}{SEARCH_PATH}").with_query(query))
