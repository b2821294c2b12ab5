"""The control side of a marketplace sandbox: fault injection and request counts.

``SandboxControl(...).install(app)`` adds to a marketplace sub-application a middleware that
applies queued faults and counts requests per endpoint (route name) and status, and the routes
``POST /_sandbox/faults`` (add a fault, see :mod:`indigo_sandbox.faults`),
``DELETE /_sandbox/faults`` (clear them) and ``GET /_sandbox/stats``. Requests to routes without
an endpoint name, such as these control routes, are neither faulted nor counted.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

from aiohttp import web

from indigo_sandbox.faults import FaultQueue, FaultResponses, InvalidFault, parse_fault

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RequestStats:
    def __init__(self) -> None:
        self._counts: Counter[tuple[str, int]] = Counter()

    def record(self, endpoint: str, status: int) -> None:
        self._counts[endpoint, status] += 1

    def as_json(self) -> dict[str, dict[str, int]]:
        """``{"search": {"200": 3, "429": 2}, "token": {"200": 1}}``"""
        by_endpoint: dict[str, dict[str, int]] = {}
        for (endpoint, status), count in sorted(self._counts.items()):
            by_endpoint.setdefault(endpoint, {})[str(status)] = count
        return by_endpoint


class SandboxControl:
    def __init__(
        self,
        *,
        endpoints: Collection[str],
        responses: FaultResponses,
        actions: Mapping[str, Callable[[], None]],
        extra_stats: Callable[[], dict[str, Any]],
    ) -> None:
        """``endpoints``: the route names that can be faulted and are counted; ``actions``: fault
        kinds that act at once when posted; ``extra_stats``: marketplace figures for the stats."""
        self.faults = FaultQueue()
        self.stats = RequestStats()
        self._endpoints = tuple(endpoints)
        self._responses = responses
        self._actions = actions
        self._extra_stats = extra_stats

    def install(self, app: web.Application) -> None:
        app.middlewares.append(self._middleware)
        app.router.add_post("/_sandbox/faults", self._add_fault)
        app.router.add_delete("/_sandbox/faults", self._clear_faults)
        app.router.add_get("/_sandbox/stats", self._get_stats)

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        endpoint = request.match_info.route.name
        if endpoint not in self._endpoints:
            return await handler(request)
        fault = self.faults.take(endpoint)
        if fault is not None and fault.kind == "slow":
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.kind == "rate_limit":
            response = self._responses.rate_limited(endpoint, fault.retry_after)
        elif fault is not None and fault.kind == "server_error":
            response = self._responses.server_error(endpoint)
        else:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                self.stats.record(endpoint, exc.status)
                raise
        self.stats.record(endpoint, response.status)
        return response

    async def _add_fault(self, request: web.Request) -> web.Response:
        try:
            fault = parse_fault(
                await request.json(), endpoints=self._endpoints, actions=self._actions
            )
        except (InvalidFault, json.JSONDecodeError) as exc:
            return web.json_response({"error": f"invalid fault: {exc}"}, status=400)
        if fault.kind in self._actions:
            self._actions[fault.kind]()
        else:
            self.faults.add(fault)
        return web.json_response({"pending": self.faults.pending()})

    async def _clear_faults(self, request: web.Request) -> web.Response:
        self.faults.clear()
        return web.json_response({"pending": []})

    async def _get_stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "requests": self.stats.as_json(),
                **self._extra_stats(),
                "faults_pending": self.faults.pending(),
            }
        )
