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
import re
import socket
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from indigo_api.main import create_app
from indigo_api.projector.main import create_app as create_projector
from indigo_api.settings import ApiSettings
from indigo_shared.db import connect
from indigo_shared.events import Attributes
from indigo_shared.nats import publish_event
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import ServerError
from schemathesis.core.parameters import ParameterLocation

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


@dataclass
class SavedSearchIds:
    """A saved search (and its channels) that exists, for the operations on one to act on."""

    search_id: str | None = None
    channel_ids: tuple[str, ...] = ()


SAVED = SavedSearchIds()


@pytest.fixture
async def saved_search(seeded) -> SavedSearchIds:
    settings = seeded.model_copy(update={"alerts_allow_private_targets": True})
    async with api_client(settings) as client:
        response = await client.post(
            "/api/marketplace/saved-searches",
            json={
                "name": "schemathesis",
                "criteria": {"keywords": "levis 501", "platforms": ["ebay"]},
                "channels": [
                    {"type": "webhook", "url": "http://127.0.0.1:9/hook"},
                    {"type": "apprise", "url": "json://127.0.0.1:9/"},
                ],
            },
        )
        assert response.status_code == 201, response.text
    created = response.json()
    SAVED.search_id = created["id"]
    SAVED.channel_ids = tuple(c["id"] for c in created["channels"])
    return SAVED


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the generated ids are a saved search (and channel) that exists: random ones only ever
    reach the 404. Ids that are not UUIDs (invalid requests) stay as generated."""
    if SAVED.search_id is None or not {"search_id", "channel_id"} & (path_parameters or {}).keys():
        return st.just(path_parameters)

    def known(real: bool, channel: int) -> dict:
        ids = dict(path_parameters)
        if real and _is_uuid(ids.get("search_id")):
            ids["search_id"] = SAVED.search_id
            if _is_uuid(ids.get("channel_id")):
                ids["channel_id"] = SAVED.channel_ids[channel]
        return ids

    return st.builds(known, st.booleans(), st.integers(0, len(SAVED.channel_ids) - 1))


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return value is not None


# The operations the API asks of the alerts service over NATS. None runs here (its NATS callbacks
# would need an event loop running beside the test's, as the API's server has), so they answer
# their documented 503; tests/integration/test_alerts_*.py run them against the alerts service.
ASKS_ALERTS = re.compile(
    r"^/api/marketplace/saved-searches/\{search_id\}/"
    r"(test|deliveries/retry|channels/\{channel_id\}/resume)$"
)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure but the 503 "the alerts service is not running" of those operations."""
    return not (
        isinstance(failure, ServerError)
        and response.status_code == 503
        and ASKS_ALERTS.match(case.path)
        and "alerts service" in response.text
    )


@pytest.fixture
def api_url(seeded, saved_search):
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


def invalid_part_never_sent(case) -> bool:
    """A negative case whose every invalid part stays behind, so that a 2xx is the right answer:
    a query parameter without a value (the HTTP client leaves it out), and the Authorization
    header left out (every request here carries the key; schemathesis's auth checks send it
    missing and wrong on their own)."""
    negative = {loc for loc, info in case.meta.components.items() if info.mode.is_negative}
    lost = set()
    if any(value is None for value in (case.query or {}).values()):
        lost.add(ParameterLocation.QUERY)
    if not case.headers:  # no header of its own: the only one sent is the key's
        lost.add(ParameterLocation.HEADER)
    return bool(negative) and negative <= lost


@schemathesis.hook
def filter_case(context, case):
    """Keep refused combinations out of the valid requests only: as invalid ones they stay."""
    meta = case.meta
    if meta is not None and not meta.generation.mode.is_positive:
        return not invalid_part_never_sent(case)
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
