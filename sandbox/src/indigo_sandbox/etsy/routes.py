"""The Etsy sandbox as an aiohttp application, mounted at ``/etsy`` so that
``ETSY_API_BASE=http://host:port/etsy`` stands in for ``https://openapi.etsy.com``.

- ``GET /v3/application/openapi-ping``: ``{"application_id": ...}`` for a valid key.
- ``GET /v3/application/listings/active``: findAllListingsActive (see
  :mod:`indigo_sandbox.etsy.search`), ``ShopListings``.
- ``GET /v3/application/listings/batch``: getListingsByListingIds with ``includes``,
  ``ShopListingsWithAssociations``; ids of listings no longer active are left out.
- ``GET /v3/application/listings/{listing_id}``: getListing, 404 once the listing has sold.
- ``/_sandbox/faults``, ``/_sandbox/stats``: fault injection and request counts for tests; the
  action ``{"kind": "spend_quota"}`` uses up the rest of the day's quota at once.

Every call needs ``x-api-key: <keystring>:<shared secret>``: none at all is 401, a keystring
without its secret (refused since February 2026) or a wrong pair is 403, each with Etsy's
``{"error": ...}``. Then the rate limits apply (:mod:`indigo_sandbox.etsy.limits`). The route names
``ping``, ``active``, ``batch`` and ``listing`` are what a fault's ``path`` names.
"""

from __future__ import annotations

import zlib

from aiohttp import web

from indigo_sandbox.clock import Clock, utc_now
from indigo_sandbox.control import Handler, SandboxControl
from indigo_sandbox.etsy.catalogue import Catalogue, Snapshot
from indigo_sandbox.etsy.config import EtsySandboxConfig
from indigo_sandbox.etsy.errors import EtsyApiError, etsy_error
from indigo_sandbox.etsy.faults import EtsyFaultResponses
from indigo_sandbox.etsy.limits import RateLimiter
from indigo_sandbox.etsy.render import listing_with_associations, shop_listing
from indigo_sandbox.etsy.search import (
    parse_active_search,
    parse_currency,
    parse_includes,
    parse_listing_ids,
    run_active_search,
)

API_ROOT = "/v3/application"
PING_PATH = f"{API_ROOT}/openapi-ping"
ACTIVE_PATH = f"{API_ROOT}/listings/active"
BATCH_PATH = f"{API_ROOT}/listings/batch"
LISTING_PATH = f"{API_ROOT}/listings/{{listing_id}}"
ENDPOINTS = ("ping", "active", "batch", "listing")


def create_etsy_app(config: EtsySandboxConfig, clock: Clock) -> web.Application:
    api = EtsyApi(config, clock)
    app = web.Application()
    app.router.add_get(PING_PATH, api.ping, name="ping")
    # The fixed paths first: "active" and "batch" are not listing ids.
    app.router.add_get(ACTIVE_PATH, api.find_active, name="active")
    app.router.add_get(BATCH_PATH, api.get_batch, name="batch")
    app.router.add_get(LISTING_PATH, api.get_listing, name="listing")
    SandboxControl(
        endpoints=ENDPOINTS,
        responses=EtsyFaultResponses(),
        actions={"spend_quota": api.spend_quota},
        extra_stats=lambda: {"remaining_today": api.limits.remaining_today(config.keystring)},
    ).install(app)
    # Inside the control middleware, so refused keys and rate limits are counted in the stats.
    app.middlewares.append(api.gate)
    app.on_startup.append(api.build_catalogue)
    return app


class EtsyApi:
    def __init__(self, config: EtsySandboxConfig, clock: Clock) -> None:
        self.config = config
        self.clock = clock
        self.limits = RateLimiter(
            per_second=config.limit_per_second,
            per_day=config.limit_per_day,
            remaining_this_second_header=config.remaining_this_second_header,
        )
        self.catalogue = Catalogue(
            seed=config.seed,
            size=config.catalogue_size,
            step_seconds=config.catalogue_step_seconds,
        )
        # A stable application id for the keystring, as openapi-ping reports it.
        self.application_id = 100_000 + zlib.crc32(config.keystring.encode()) % 900_000

    async def build_catalogue(self, app: web.Application) -> None:
        """Build the first snapshot before the first search waits for it."""
        self.catalogue.at(utc_now(self.clock))

    def spend_quota(self) -> None:
        self.limits.spend_today(self.config.keystring)

    @web.middleware
    async def gate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The API key, then the rate limits; their headers go on every answer to a valid key."""
        if request.match_info.route.name not in ENDPOINTS:
            return await handler(request)
        refusal = self._refuse_key(request.headers.get("x-api-key", "").strip())
        if refusal is not None:
            return refusal
        admission = self.limits.admit(self.config.keystring)
        if not admission.allowed:
            return etsy_error(429, admission.reason or "Too many requests.", admission.headers)
        response = await handler(request)
        response.headers.update(admission.headers)
        return response

    def _refuse_key(self, api_key: str) -> web.Response | None:
        if not api_key:
            return etsy_error(401, "Missing x-api-key header.")
        keystring, colon, secret = api_key.partition(":")
        if not colon:
            return etsy_error(403, "Shared secret is required in x-api-key header.")
        if keystring != self.config.keystring or secret != self.config.shared_secret:
            return etsy_error(403, "Invalid API key")
        return None

    async def ping(self, request: web.Request) -> web.Response:
        return web.json_response({"application_id": self.application_id})

    async def find_active(self, request: web.Request) -> web.Response:
        try:
            search = parse_active_search(request.query)
        except EtsyApiError as error:
            return error.response()
        snapshot = self._snapshot()
        found = run_active_search(snapshot.listings, search)
        page = found[search.offset : search.offset + search.limit]
        return web.json_response(
            {
                "count": len(found),
                "results": [
                    shop_listing(live, now=snapshot.at, currency=search.currency) for live in page
                ],
            }
        )

    async def get_batch(self, request: web.Request) -> web.Response:
        try:
            listing_ids = parse_listing_ids(request.query)
            includes = parse_includes(request.query)
            currency = parse_currency(request.query)
        except EtsyApiError as error:
            return error.response()
        snapshot = self._snapshot()
        results = [
            listing_with_associations(
                snapshot.by_listing_id[listing_id],
                now=snapshot.at,
                currency=currency,
                includes=includes,
            )
            for listing_id in listing_ids
            if listing_id in snapshot.by_listing_id
        ]
        return web.json_response({"count": len(results), "results": results})

    async def get_listing(self, request: web.Request) -> web.Response:
        raw_id = request.match_info["listing_id"]
        try:
            if not raw_id.isdigit() or int(raw_id) < 1:
                raise EtsyApiError(400, f"listing_id must be a positive integer, got '{raw_id}'.")
            includes = parse_includes(request.query)
            currency = parse_currency(request.query)
        except EtsyApiError as error:
            return error.response()
        snapshot = self._snapshot()
        live = snapshot.by_listing_id.get(int(raw_id))
        if live is None:
            return etsy_error(404, f"Could not find a listing with listing_id = {raw_id}.")
        return web.json_response(
            listing_with_associations(live, now=snapshot.at, currency=currency, includes=includes)
        )

    def _snapshot(self) -> Snapshot:
        return self.catalogue.at(utc_now(self.clock))
