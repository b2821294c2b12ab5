from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.testing import RunningSandbox, running_sandbox

# The read-only kit beside the repository: recorded eBay responses and the Browse API spec.
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
START = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def shared_json(relative: str) -> Any:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return json.loads(path.read_text())


class EbayClient:
    """Talks to the sandbox the way a collector talks to api.ebay.com."""

    def __init__(self, session: aiohttp.ClientSession, ebay_url: str) -> None:
        self.session = session
        self.ebay_url = ebay_url
        self.access_token: str | None = None

    async def request_token(
        self,
        client_id: str = "indigo-sandbox-client",
        secret: str = "indigo-sandbox-secret",
        grant_type: str = "client_credentials",
    ) -> tuple[int, dict[str, Any]]:
        async with self.session.post(
            f"{self.ebay_url}/identity/v1/oauth2/token",
            headers={"Authorization": aiohttp.encode_basic_auth(client_id, secret)},
            data={"grant_type": grant_type, "scope": "https://api.ebay.com/oauth/api_scope"},
        ) as response:
            return response.status, await response.json()

    async def authorize(self) -> None:
        status, body = await self.request_token()
        assert status == 200, body
        self.access_token = body["access_token"]

    async def get(
        self, path: str, headers: dict[str, str] | None = None, **params: str
    ) -> tuple[int, dict[str, Any], Mapping[str, str]]:
        headers = {"Authorization": f"Bearer {self.access_token}", **(headers or {})}
        async with self.session.get(
            f"{self.ebay_url}{path}", params=params, headers=headers
        ) as response:
            return response.status, await response.json(), response.headers

    async def search(self, **params: str) -> tuple[int, dict[str, Any]]:
        status, body, _ = await self.get("/buy/browse/v1/item_summary/search", **params)
        return status, body

    async def item(self, item_id: str) -> tuple[int, dict[str, Any]]:
        status, body, _ = await self.get(f"/buy/browse/v1/item/{item_id}")
        return status, body


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest_asyncio.fixture
async def sandbox(clock: ManualClock) -> AsyncIterator[RunningSandbox]:
    """A fresh sandbox with a small catalogue, on the test's clock."""
    async with running_sandbox(ebay=EbaySandboxConfig(catalogue_size=200), clock=clock) as running:
        yield running


@pytest_asyncio.fixture
async def ebay(sandbox: RunningSandbox) -> AsyncIterator[EbayClient]:
    async with aiohttp.ClientSession() as session:
        client = EbayClient(session, sandbox.ebay_url)
        await client.authorize()
        yield client


@pytest_asyncio.fixture(scope="module")
async def catalogue_ebay() -> AsyncIterator[EbayClient]:
    """A client of one full-size sandbox, frozen in time, shared by a module's read-only tests."""
    async with (
        running_sandbox(clock=ManualClock(START)) as running,
        aiohttp.ClientSession() as session,
    ):
        client = EbayClient(session, running.ebay_url)
        await client.authorize()
        yield client


SPEC_FILE = "specs/ebay_buy_browse_v1_oas3__KevinN2025-ebay_thinkpad_browseAPI.json"
JSON_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


def spec_violations(value: Any, schema_name: str) -> list[str]:
    """Where ``value`` uses a field the Browse API spec's schema does not define, or a value of
    another type than it declares."""
    schemas = shared_json(SPEC_FILE)["components"]["schemas"]

    def check(value: Any, schema: dict[str, Any], where: str) -> list[str]:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
        if "properties" in schema:
            if not isinstance(value, dict):
                return [f"{where}: {value!r} is not an object"]
            return [
                problem
                for key, item in value.items()
                for problem in (
                    check(item, schema["properties"][key], f"{where}.{key}")
                    if key in schema["properties"]
                    else [f"{where}.{key}: not in the spec"]
                )
            ]
        if schema.get("type") == "array":
            if not isinstance(value, list):
                return [f"{where}: {value!r} is not an array"]
            return [p for i, item in enumerate(value) for p in check(item, schema["items"], where)]
        expected = JSON_TYPES[schema["type"]]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return [f"{where}: {value!r} is not a {schema['type']}"]
        return []

    return check(value, schemas[schema_name], schema_name)


def json_type_differences(ours: Any, recorded: Any, where: str = "") -> list[str]:
    """Where a field both have holds another JSON type in ours than in the recording."""
    if isinstance(ours, dict) and isinstance(recorded, dict):
        return [
            problem
            for key in ours.keys() & recorded.keys()
            for problem in json_type_differences(ours[key], recorded[key], f"{where}.{key}")
        ]
    if isinstance(ours, list) and isinstance(recorded, list):
        return [
            problem
            for item in ours
            for example in recorded[:1]
            for problem in json_type_differences(item, example, f"{where}[]")
        ]
    if type(ours) is not type(recorded):
        return [f"{where}: {type(ours).__name__}, recorded {type(recorded).__name__}"]
    return []
