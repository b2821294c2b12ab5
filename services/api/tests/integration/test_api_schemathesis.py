"""Schemathesis over every operation of the running API (a real uvicorn server with PostgreSQL and
NATS behind it, listings projected), every check: valid requests are accepted, invalid ones
refused with a documented 4xx, no answer is a 5xx, every answer matches the OpenAPI document.

What one parameter's schema cannot say (``min_price`` above ``max_price``, a cursor only the API
issues, conditions only eBay filters by) the API refuses with a 422 naming the field; the hooks
below keep those few combinations out of the *valid* requests only, so they are never taken for
valid data wrongly refused. ``INDIGO_SCHEMATHESIS_EXAMPLES`` sets the examples per operation.

Requests carry an admin API key, so the mutating operations are exercised for real; schemathesis
also sends them without it and with a wrong one (its auth checks), which must be the documented
401. 403 and 429 are documented too.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from indigo_api.main import create_app
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.db import connect
from indigo_shared.events import Attributes
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from schemathesis.config import SchemathesisConfig

from ..conftest import api_client, create_api_key

pytestmark = pytest.mark.integration

EXAMPLES = int(os.environ.get("INDIGO_SCHEMATHESIS_EXAMPLES", "60"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerThread:
    """uvicorn serving the app on its own event loop, in a thread."""

    def __init__(self, app) -> None:
        self.port = _free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(15)


async def _seed(settings, jetstream) -> None:
    catalogue = [
        ("v1|1|0", "ebay", "Levi's", "501", 32, 30, "good"),
        ("v1|2|0", "ebay", "Lee", "101Z", 34, 32, "fair"),
        ("55", "etsy", "Wrangler", "13MWZ", 30, 30, None),
        ("t3_z", "reddit", "Levi's", "505", 31, None, "excellent"),
    ]
    async with create_projector(settings):
        for external_id, platform, brand, lot, waist, inseam, condition in catalogue:
            listing = sample_listing(external_id, platform=platform, price=Decimal("75"))
            attributes = Attributes(
                brand=brand, model=lot, waist=waist, inseam=inseam, condition=condition
            )
            await publish_event(
                jetstream,
                listing_enriched(platform),
                sample_enriched(listing, attributes=attributes),
            )

        async def projected():
            async with api_client(settings) as client:
                body = (await client.get("/api/marketplace/listings")).json()
                return body["total"] == len(catalogue)

        await eventually(projected)


@pytest.fixture
async def seeded(api_settings, jetstream):
    await _seed(api_settings, jetstream)
    return api_settings


@pytest.fixture
async def api_key(seeded) -> str:
    return await create_api_key(seeded, "admin", name="schemathesis")


@pytest.fixture
def api_url(seeded):
    # Triggers need not wait for a projector here; read-your-writes is tested on its own.
    settings = seeded.model_copy(update={"read_your_writes_seconds": 0})
    KEYWORDS.database_url = settings.require_database_url()
    app = create_app(settings)
    app.state.llm_configured = True  # /analyze answers 202 or 404, not "no LLM" (503)
    with ServerThread(app) as base_url:
        yield base_url


# The document the running server serves is this one (building the app does no I/O); the test
# below checks that too.
DOCUMENT = create_app(
    ApiSettings(nats_url="nats://unused", database_url="postgresql://unused")
).openapi()
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=SchemathesisConfig.from_dict(
        {"generation": {"max-examples": EXAMPLES}, "checks": {"enabled": True}}
    ),
)


def refused_combination(case) -> bool:
    """Values each valid alone that the API refuses together (or a cursor it never issued)."""
    query, body = case.query or {}, case.body if isinstance(case.body, dict) else {}
    for params in (query, body):
        low, high = _number(params.get("min_price")), _number(params.get("max_price"))
        if low is not None and high is not None and low > high:
            return True
    if query.get("size") not in (None, "") and (
        query.get("waist") is not None or query.get("inseam") is not None
    ):
        return True
    lot, model = query.get("lot"), query.get("model")
    if lot and model and str(lot).upper() != str(model).upper():
        return True
    if query.get("sort") is not None and query.get("sort_by") not in (None, query.get("sort")):
        return True
    if query.get("cursor") is not None:
        return True
    if case.path.startswith("/api/marketplace/saved-searches") and _refused_saved_search(
        case, body
    ):
        return True
    return bool(body.get("conditions")) and body.get("platform", "all") != "ebay"


def _refused_saved_search(case, body: dict) -> bool:
    """The saved-search rules no schema states (each a 422 naming its field)."""
    # A channel's URL is checked where it points (a scheme its type takes, a host that resolves
    # to public addresses, an Apprise service Apprise knows).
    if body.get("channels") or case.path.endswith("/channels"):
        return True
    criteria = body.get("criteria")
    if isinstance(criteria, dict):
        # "At least one criterion": null and [] mean "no such criterion".
        if not any(value not in (None, []) for value in criteria.values()):
            return True
        if _inverted(criteria, "min_price_usd", "max_price_usd"):
            return True
        for size in ("waist", "inseam"):
            if isinstance(criteria.get(size), dict) and _inverted(criteria[size], "min", "max"):
                return True
        # Keywords holding no word full-text search reads (stop words, punctuation): what
        # PostgreSQL's parser and dictionaries make of them, so PostgreSQL is asked.
        keywords = criteria.get("keywords")
        if isinstance(keywords, str) and not KEYWORDS.searchable(keywords):
            return True
    triggers = body.get("triggers")
    # "At least one trigger": new is on unless turned off.
    return isinstance(triggers, dict) and not (
        triggers.get("new", True) or triggers.get("price_drop") or triggers.get("back_on_market")
    )


def _inverted(values: dict, low: str, high: str) -> bool:
    low_value, high_value = _number(values.get(low)), _number(values.get(high))
    return low_value is not None and high_value is not None and low_value > high_value


class KeywordReader:
    """Whether PostgreSQL's English full-text search reads a word in some keywords; asked on its
    own thread and event loop (the hooks run outside any loop of the tests')."""

    def __init__(self) -> None:
        self.database_url: str | None = None
        self.answers: dict[str, bool] = {}

    def searchable(self, keywords: str) -> bool:
        if self.database_url is None:
            # Collecting the tests, before any database: only the document's examples are
            # filtered then, and their keywords are words.
            return True
        if keywords not in self.answers:
            with ThreadPoolExecutor(1) as thread:
                self.answers[keywords] = thread.submit(asyncio.run, self._ask(keywords)).result()
        return self.answers[keywords]

    async def _ask(self, keywords: str) -> bool:
        conn = await connect(self.database_url)
        try:
            return await conn.fetchval(
                "SELECT to_tsvector('english', $1) <> ''::tsvector", keywords
            )
        finally:
            await conn.close()


KEYWORDS = KeywordReader()


@schemathesis.hook
def filter_case(context, case):
    """Keep refused combinations out of the valid requests only: as invalid ones they stay."""
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        return True
    return not refused_combination(case)


@schemathesis.hook
def before_add_examples(context, examples):
    examples[:] = [case for case in examples if not refused_combination(case)]


def _number(value):
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


@schema.parametrize()
# One server per operation, shared by its generated requests (as a client's would be).
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_every_operation_under_every_check(case, api_url, api_key):
    case.call_and_validate(base_url=api_url, headers={"Authorization": f"Bearer {api_key}"})


def test_the_server_serves_the_document_tested(api_url):
    import httpx

    assert httpx.get(f"{api_url}/openapi.json").json() == DOCUMENT
