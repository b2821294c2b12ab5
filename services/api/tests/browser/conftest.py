"""Fixtures of the browser tests: one running Indigo per module (sandbox data synced through the
real services), Debian's Chromium driven by Playwright, and a page that records every console
error and failed request, so that each test can say none happened.

Playwright cannot download its own browsers here: it drives the `chromium` package
(`apt-get install chromium`; `.ci/run` installs it). Without it these tests skip, saying so.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio
from indigo_shared.embedded import create_database
from indigo_shared.testing import _drop_database, fresh_streams, with_database

from .system import System, running_system, seed

CHROMIUM = os.environ.get("INDIGO_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots of every page, for a person to look at (git-ignored).
ARTIFACTS = Path(os.environ.get("INDIGO_BROWSER_ARTIFACTS", "test-artifacts/browser"))
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Without these, Chromium phones home (component updates, safe browsing, field trials) at start:
# requests to the internet this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    "--no-pings",
]


def pytest_collection_modifyitems(items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.integration)
            item.add_marker(pytest.mark.timeout(300))


@pytest.fixture(scope="session")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: `apt-get install chromium` (or set INDIGO_CHROMIUM)"
        )
    return CHROMIUM


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def system(chromium, nats_server_url, postgres_server_url, database_template):
    """A database and streams of this module's own, every service, and the sandbox's listings."""
    name = f"indigo_browser_{uuid.uuid4().hex[:10]}"
    await create_database(postgres_server_url, name, template=database_template)
    await fresh_streams(nats_server_url)
    try:
        async with running_system(
            nats_server_url, with_database(postgres_server_url, name)
        ) as running:
            await seed(running, nats_server_url)
            yield running
    finally:
        await _drop_database(postgres_server_url, name)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser(chromium):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


def _photo() -> bytes:
    """A small PNG (a denim-blue square) standing in for the marketplaces' photo CDNs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    width = height = 8
    rows = b"".join(b"\x00" + bytes((43, 76, 126)) * width for _ in range(height))
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 2, 0, 0, 0))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PHOTO = _photo()


@dataclass
class Watched:
    """A page with what went wrong on it: console errors, uncaught exceptions, failed requests
    (refused, aborted, or answered 4xx/5xx), and any request that left the machine."""

    page: object
    origin: str
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert not self.errors, f"console errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"

    async def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - a test's folder, once
        path = ARTIFACTS / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        # A long page is also kept as its first two screens, legible at a glance.
        viewport = self.page.viewport_size
        if (
            await self.page.evaluate("document.documentElement.scrollHeight")
            > 3 * viewport["height"]
        ):
            top = {"x": 0, "y": 0, "width": viewport["width"], "height": 2 * viewport["height"]}
            await self.page.screenshot(
                path=str(ARTIFACTS / f"{name}-top.png"), full_page=True, clip=top
            )
        return path


async def open_page(browser, system: System, viewport=DESKTOP) -> Watched:
    context = await browser.new_context(viewport=viewport, locale="en-US", timezone_id="UTC")
    page = await context.new_page()
    page.set_default_timeout(20_000)
    watched = Watched(page=page, origin=system.url)

    async def outside(route):
        # Listing photos live on the marketplaces' CDNs (i.ebayimg.com, i.etsystatic.com...),
        # which this machine cannot reach: a generated photo stands in for them. Anything else
        # bound off the machine is a bug of the dashboard.
        request = route.request
        if request.resource_type == "image":
            watched.photos.append(request.url)
            await route.fulfill(status=200, content_type="image/png", body=PHOTO)
        else:
            watched.failed.append(f"off-machine {request.resource_type} {request.url}")
            await route.abort()

    await context.route(
        lambda url: urlsplit(url).hostname not in ("127.0.0.1", "localhost"), outside
    )
    page.on(
        "console",
        lambda message: watched.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))
    page.on(
        "requestfailed",
        lambda request: watched.failed.append(f"{request.url}: {request.failure}"),
    )

    def answered(response):
        if response.status >= 400:
            watched.failed.append(f"{response.request.method} {response.url}: {response.status}")

    page.on("response", answered)
    return watched


@pytest_asyncio.fixture(loop_scope="session")
async def desktop(browser, system):
    watched = await open_page(browser, system)
    yield watched
    await watched.page.context.close()


@pytest_asyncio.fixture(loop_scope="session")
async def phone(browser, system):
    watched = await open_page(browser, system, viewport=PHONE)
    yield watched
    await watched.page.context.close()
