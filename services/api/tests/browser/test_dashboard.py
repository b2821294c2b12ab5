"""The dashboard in a real browser (Debian's Chromium through Playwright) against a running Indigo:
the services on real NATS and PostgreSQL, with the sandbox's listings synced through them. What
the page shows is checked against what the API answers."""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from indigo_shared.testing import eventually

from .conftest import DESKTOP, PHONE, open_page
from .system import API, unique_name

PAGES = {
    "listings": "#/listings",
    "market": "#/market",
    "syncs": "#/syncs",
    "alerts": "#/alerts",
    "health": "#/health",
}

# Every control a person can operate has a name a screen reader reads: its label, aria-label or
# text. Returns the ones without.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button, a[href]')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => {
        const named = (el.labels && el.labels.length) || el.getAttribute('aria-label')
            || el.getAttribute('aria-labelledby') || (el.textContent || '').trim() || el.title;
        return !named;
    })
    .map((el) => el.outerHTML.slice(0, 120))"""


async def shown(page) -> None:
    """Wait until the page for the current URL is drawn (the router marks it ready)."""
    await page.wait_for_function(
        "() => document.getElementById('view').dataset.ready === location.hash"
    )


async def visit(watched, fragment: str) -> None:
    await watched.page.goto(f"{watched.origin}/{fragment}")
    await shown(watched.page)


async def search_for(watched, words: str) -> None:
    """Type the words in the listings page's search box and wait for its results."""
    page = watched.page
    await visit(watched, "#/listings")
    await page.fill("input[name=q]", words)
    await page.press("input[name=q]", "Enter")
    await page.wait_for_function(
        "(words) => new URLSearchParams(location.hash.split('?')[1]).get('q') === words",
        arg=words,
    )
    await shown(page)


def hash_params(page) -> dict[str, str]:
    fragment = urlsplit(page.url).fragment
    query = fragment.split("?", 1)[1] if "?" in fragment else ""
    return {k: v[0] for k, v in parse_qs(query).items()}


async def card_ids(page) -> list[str]:
    return await page.eval_on_selector_all(
        "li.card[data-listing-id]", "cards => cards.map((c) => c.dataset.listingId)"
    )


async def results_match(page, system, **params) -> dict:
    """The cards on the page are the API's answer to the same filters, in the same order."""
    api = await system.get("/listings", limit=24, **params)
    assert await card_ids(page) == [i["id"] for i in api["items"]]
    count = await page.text_content(".result-count")
    assert f"{api['total']:,} listing" in count
    return api


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
async def test_every_page_loads_clean_and_is_screenshotted(browser, system, viewport):
    watched = await open_page(browser, system, DESKTOP if viewport == "desktop" else PHONE)
    page = watched.page
    try:
        for name, fragment in PAGES.items():
            await visit(watched, fragment)
            assert await page.locator(".state-error").count() == 0, name
            assert await page.locator(".state-loading").count() == 0, name
            assert await page.evaluate(UNLABELLED) == [], name
            # At phone width nothing is wider than the screen (no sideways scrolling).
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= (DESKTOP if viewport == "desktop" else PHONE)["width"], name
            await watched.screenshot(f"{viewport}-{name}")
            if name == "listings":
                assert await page.locator("li.card").count() == 24
                first = (await card_ids(page))[0]
                await page.click(f"li.card[data-listing-id='{first}'] a")
                await shown(page)
                await page.wait_for_selector(".chart canvas")
                await watched.screenshot(f"{viewport}-listing")
        watched.assert_clean()
        assert watched.photos, "listing photos were asked for"
    finally:
        await page.context.close()


async def test_filters_change_the_url_and_the_results(desktop, system):
    page = desktop.page
    await visit(desktop, "#/listings")
    await results_match(page, system)

    await page.select_option("select[name=platform]", "etsy")
    await page.wait_for_function("() => location.hash.includes('platform=etsy')")
    await shown(page)
    await results_match(page, system, platform="etsy")

    await page.fill("input[name=brand]", "Levi's")
    await page.fill("input[name=min_price]", "30")
    await page.select_option("select[name=sort]", "price")
    await page.wait_for_function("() => location.hash.includes('sort=price')")
    await shown(page)
    params = hash_params(page)
    assert params == {"platform": "etsy", "brand": "Levi's", "min_price": "30", "sort": "price"}
    api = await results_match(page, system, **params)
    prices = [i["price_usd"] for i in api["items"]]
    assert prices == sorted(prices, reverse=True)

    # Every other filter reaches the API under its own name.
    await visit(desktop, "#/listings")
    await page.select_option("select[name=wash]", "medium")
    await shown(page)
    await page.select_option("select[name=era]", "1990s")
    await shown(page)
    await page.fill("input[name=size]", "32")
    await page.press("input[name=size]", "Enter")
    await page.wait_for_function("() => location.hash.includes('size=32')")
    await shown(page)
    params = hash_params(page)
    assert params == {"wash": "medium", "era": "1990s", "size": "32"}
    await results_match(page, system, **params)

    # Pages: Next writes the offset into the URL; Back gives the first page again.
    await visit(desktop, "#/listings?platform=ebay")
    first_page = await card_ids(page)
    await page.click("button[data-focus=next]")
    await page.wait_for_function("() => location.hash.includes('offset=24')")
    await shown(page)
    await results_match(page, system, platform="ebay", offset=24)
    assert "25–48 of" in await page.text_content(".pager-status")
    await page.go_back()
    await shown(page)
    assert await card_ids(page) == first_page

    # A URL opened afresh shows the same view: the state is the URL's.
    await visit(desktop, "#/listings?platform=ebay&status=ended&sort=price&sort_order=asc")
    assert await page.input_value("select[name=status]") == "ended"
    assert await page.input_value("select[name=sort_order]") == "asc"
    await results_match(
        page, system, platform="ebay", status="ended", sort="price", sort_order="asc"
    )
    desktop.assert_clean()


async def test_no_match_shows_an_empty_state(desktop, system):
    page = desktop.page
    await visit(desktop, "#/listings?brand=NoSuchBrandAnywhere")
    assert "No listing matches these filters." in await page.text_content(".state-empty")
    await page.click(".state-empty a")
    await shown(page)
    assert hash_params(page) == {}
    desktop.assert_clean()


async def test_a_refused_value_is_shown_next_to_its_field(desktop, system):
    page = desktop.page
    await visit(desktop, "#/listings")
    await page.fill("input[name=min_price]", "200")
    await page.fill("input[name=max_price]", "20")
    await page.click("button:has-text('Apply filters')")
    await page.wait_for_selector("[data-error-for=min_price]:not([hidden])")
    message = await page.text_content("[data-error-for=min_price]")
    api = await system.client.get(f"{API}/listings", params={"min_price": 200, "max_price": 20})
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"][-1] == "min_price"
    assert api.json()["detail"][0]["msg"] in message
    assert await page.get_attribute("input[name=min_price]", "aria-invalid") == "true"
    # The message is what the field's description reads out.
    described = await page.get_attribute("input[name=min_price]", "aria-describedby")
    assert await page.get_attribute("[data-error-for=min_price]", "id") in described.split()
    assert await page.evaluate("document.activeElement.name") == "min_price"
    await desktop.screenshot("desktop-listings-422")
    assert desktop.errors and all("422" in e for e in desktop.errors)
    assert desktop.failed and all(": 422" in f and "/listings?" in f for f in desktop.failed)


async def test_search_with_a_typo_shows_the_correction(desktop, system):
    page = desktop.page
    await search_for(desktop, "levls 501")
    api = await system.get("/listings/search/levls 501", limit=24)
    assert api["query"]["corrected"] is True
    correction = await page.text_content(".correction")
    assert re.search(r"Showing results for levi\S* 501", correction, re.IGNORECASE), correction
    assert "levls 501" in correction
    assert await card_ids(page) == [i["id"] for i in api["items"]]
    assert f"{api['total']:,} listing" in await page.text_content(".result-count")
    await desktop.screenshot("desktop-search-typo")
    desktop.assert_clean()


async def test_a_listing_chart_has_as_many_points_as_its_price_history(desktop, system):
    page = desktop.page
    # A few listings whose seller cut the price, each drawn and checked against the API.
    for listing_id in system.seeded["price_cuts"][:3]:
        history = await system.get(f"/listings/{listing_id}/history")
        assert history["drops"] >= 1
        await visit(desktop, f"#/listings/{listing_id}")
        chart = page.locator(".chart[data-points]")
        await chart.locator("canvas").wait_for()
        assert await chart.get_attribute("data-points") == str(len(history["price_history"]))
        assert await page.locator("table.figures tbody tr").count() == len(history["price_history"])
        assert await page.locator("table.figures tbody tr.is-drop").count() == history["drops"]
        box = await chart.locator("canvas").bounding_box()
        assert box["width"] > 200 and box["height"] > 100
        # Every attribute the API has is listed, with its confidence where the enrichment gave one.
        detail = await system.get(f"/listings/{listing_id}")
        confidence = detail["enrichment"].get("confidence", {})
        for name in ("model", "era", "wash", "made_in", "condition"):
            row = await page.text_content(f"tr[data-attribute={name}]")
            value = detail["attributes"][name]
            assert (value or "unknown") in row, name
            if value and name in confidence:
                # As the page rounds (half up, like Math.round; Python's round() goes to even).
                assert f"{math.floor(confidence[name] * 100 + 0.5)}%" in row, name
        # The raw payload is drawn on demand.
        assert await page.locator(".raw pre").count() == 0
        await page.click(".raw summary")
        assert detail["external_id"] in await page.text_content(".raw pre")
    await desktop.screenshot("desktop-listing-price-drop")
    desktop.assert_clean()


@pytest.mark.parametrize("category", ["all", "brand", "lot", "size"])
async def test_trends_charts_render_for_each_grouping(desktop, system, category):
    page = desktop.page
    await visit(desktop, f"#/market?category={category}&days=30")
    chart = page.locator(".chart[data-points]")
    await chart.locator("canvas").wait_for()
    key = "all" if category == "all" else await page.input_value("select[name=key]")
    rows = await system.get("/trends", category=category, key=key, days=30, limit=200)
    assert rows["total"] > 1, "days of history to draw"
    assert await chart.get_attribute("data-points") == str(rows["total"])
    assert await page.locator("table.figures tbody tr").count() == rows["total"]
    await desktop.screenshot(f"desktop-market-{category}")
    if category != "all":
        # Another group of the same grouping: its own rows.
        keys = await page.eval_on_selector_all(
            "select[name=key] option", "options => options.map((o) => o.value)"
        )
        if len(keys) > 1:
            await page.select_option("select[name=key]", keys[1])
            await shown(page)
            assert hash_params(page)["key"] == keys[1]
            other = await system.get("/trends", category=category, key=keys[1], days=30, limit=200)
            assert await page.get_attribute(".chart[data-points]", "data-points") == str(
                other["total"]
            )
    desktop.assert_clean()


async def save_api_key(page, key: str) -> None:
    await page.fill("input[name=api_key]", key)
    await page.click("form.api-key button[type=submit]")
    assert await page.evaluate("localStorage.getItem('indigo.apiKey')") == key


async def test_a_sync_triggered_from_the_page_completes_and_its_counts_appear(desktop, system):
    page = desktop.page
    sent: list[dict] = []
    page.on(
        "request",
        lambda request: (
            sent.append(request.headers)
            if request.method == "POST" and request.url.endswith("/sync/trigger")
            else None
        ),
    )
    await visit(desktop, "#/syncs")
    await save_api_key(page, system.api_key)
    await page.select_option("form.trigger select[name=platform]", "etsy")
    await page.fill("form.trigger input[name=keywords]", "levis 501")
    await page.fill("form.trigger input[name=limit]", "30")
    await page.click("form.trigger button[type=submit]")
    await page.wait_for_selector(".trigger-status:has-text('Queued 1 job')")
    assert sent and sent[0].get("authorization") == f"Bearer {system.api_key}"

    jobs = await system.get("/sync-jobs", platform="etsy", limit=20)
    job = next(j for j in jobs["items"] if j["keywords"] == "levis 501")
    row = page.locator(f"tr[data-job-id='{job['job_id']}']")
    await row.wait_for()
    # The table follows the job live, without a reload, until it completes.
    await page.wait_for_selector(
        f"tr[data-job-id='{job['job_id']}'][data-status=completed]", timeout=90_000
    )
    done = await system.get(f"/sync/status/{job['job_id']}")
    assert done["status"] == "completed"
    for name in ("fetched", "published", "unchanged", "errors"):
        text = await row.locator(f"td[data-count={name}]").text_content()
        assert text == f"{done['counts'][name]:,}", name
    assert 0 < done["counts"]["fetched"] <= 30
    await desktop.screenshot("desktop-syncs-completed")
    desktop.assert_clean()


async def test_a_sync_can_be_cancelled_from_the_page(desktop, system):
    if not any(p.endswith("/cancel") for p in await system.paths()):
        pytest.skip("this API has no POST /sync/{job_id}/cancel yet (issue 9)")
    page = desktop.page
    await visit(desktop, "#/syncs")
    await save_api_key(page, system.api_key)
    # A sync slow enough to be caught running: the sandbox answers each page after 3 s.
    await system.sandbox.inject_fault({"kind": "slow", "delay": 3, "path": "search"})
    try:
        await page.select_option("form.trigger select[name=platform]", "ebay")
        await page.fill("form.trigger input[name=keywords]", "selvedge")
        await page.fill("form.trigger input[name=limit]", "1000")
        await page.click("form.trigger button[type=submit]")
        await page.wait_for_selector(".trigger-status:has-text('Queued 1 job')")
        jobs = await system.get("/sync-jobs", platform="ebay", limit=20)
        job = next(j for j in jobs["items"] if j["keywords"] == "selvedge")
        await page.click(f"tr[data-job-id='{job['job_id']}'] button:has-text('Cancel')")
        await page.wait_for_selector(".cancel-status:has-text('Cancel')")
        await page.wait_for_selector(
            f"tr[data-job-id='{job['job_id']}'][data-status=cancelled]", timeout=60_000
        )
        assert (await system.get(f"/sync/status/{job['job_id']}"))["status"] == "cancelled"
    finally:
        await system.sandbox.clear_faults()
    desktop.assert_clean()


async def test_a_saved_search_created_in_the_page_appears_in_the_api(desktop, system):
    if f"{API}/saved-searches" not in await system.paths():
        pytest.skip("this API has no /api/marketplace/saved-searches yet (issue 11)")
    page = desktop.page
    await visit(desktop, "#/alerts")
    await save_api_key(page, system.api_key)  # saved-search writes need the alerts scope
    form = page.locator("form.saved-search-form")
    # A refused value is shown beside its field.
    await form.locator("input[name=name]").fill("refused")
    await form.locator("input[name=min_price_usd]").fill("90")
    await form.locator("input[name=max_price_usd]").fill("10")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("[data-error-for=min_price_usd]:not([hidden])")
    desktop.errors.clear()
    desktop.failed.clear()

    name = unique_name("Lee under $500")
    await form.locator("input[name=name]").fill(name)
    await form.locator("input[name=min_price_usd]").fill("")
    await form.locator("input[name=max_price_usd]").fill("500")
    await form.locator("input[name=brands]").fill("Lee")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector(f".notice:has-text('{name}')")
    saved = (await system.get("/saved-searches", limit=200))["items"]
    search = next(s for s in saved if s["name"] == name)
    assert search["criteria"]["brands"] == ["Lee"]
    assert search["criteria"]["max_price_usd"] == 500
    assert search["triggers"]["new"] is True
    await page.locator(f"tr[data-search-id='{search['id']}']").wait_for()

    # New Lee listings arrive: the search matches them, and its page shows them.
    await system.sync("etsy", "lee jeans", 60)

    async def matched():
        return (await system.get(f"/saved-searches/{search['id']}/matches"))["items"]

    matches = await eventually(matched, timeout=60)
    await page.click(f"tr[data-search-id='{search['id']}'] a")
    await shown(page)
    assert await page.locator("li.card").count() == min(len(matches), 24)
    await desktop.screenshot("desktop-alert-detail")

    # An edit that empties a box clears that criterion, and keeps the others.
    await page.click("button:has-text('Edit')")
    edit = page.locator("form.saved-search-form")
    await edit.locator("input[name=max_price_usd]").fill("")
    await edit.locator("button[type=submit]").click()

    async def edited():
        criteria = (await system.get(f"/saved-searches/{search['id']}"))["criteria"]
        return criteria if criteria["max_price_usd"] is None else None

    assert (await eventually(edited, timeout=20))["brands"] == ["Lee"]

    # Pause from the list: the API says it is paused.
    await visit(desktop, "#/alerts")
    await page.click(f"tr[data-search-id='{search['id']}'] button:has-text('Pause')")
    await page.wait_for_selector(f"tr[data-search-id='{search['id']}'][data-active=false]")
    assert (await system.get(f"/saved-searches/{search['id']}"))["active"] is False
    desktop.assert_clean()


async def test_the_keyboard_alone_reaches_and_runs_a_search(desktop, system):
    page = desktop.page
    await visit(desktop, "#/market")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
    await page.keyboard.press("Tab")  # the Indigo home link
    await page.keyboard.press("Tab")  # Listings
    assert await page.evaluate("document.activeElement.textContent") == "Listings"
    await page.keyboard.press("Enter")
    await page.wait_for_function("() => location.hash === '#/listings'")
    await shown(page)
    # The page took the focus; the next Tab stops are the search box and its button.
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.name") == "q"
    await page.keyboard.type("wrangler")
    await page.keyboard.press("Enter")
    await page.wait_for_function("() => location.hash.includes('q=wrangler')")
    await shown(page)
    api = await system.get("/listings/search/wrangler", limit=24)
    assert await card_ids(page) == [i["id"] for i in api["items"]]
    desktop.assert_clean()


async def test_the_api_down_shows_an_error_state_not_a_blank_page(desktop, system):
    page = desktop.page
    await visit(desktop, "#/listings")
    await system.api.stop()
    try:
        await page.click("a[data-nav=market]")
        await shown(page)
        error = page.locator(".state-error")
        assert "not answering" in await error.text_content()
        await desktop.screenshot("desktop-api-down")
        await page.click("a[data-nav=health]")
        await shown(page)
        assert "not answering" in await page.locator(".state-error").text_content()
    finally:
        await system.api.start()
    # Back up: "Try again" draws the page.
    await page.click(".state-error button:has-text('Try again')")
    await page.wait_for_selector("table.consumers")
    assert desktop.failed and all("ERR_CONNECTION_REFUSED" in f for f in desktop.failed)


async def test_the_api_reference_renders_with_no_request_off_the_machine(desktop, system):
    page = desktop.page
    await page.goto(f"{desktop.origin}/docs")
    operations = page.locator(".swagger-ui .opblock-summary-path")
    await operations.first.wait_for()
    assert await operations.count() > 20  # every operation is listed, not an empty shell
    assert "/api/marketplace/listings" in await page.content()
    desktop.assert_clean()  # an off-machine request (a CDN, a validator) is recorded as failed


async def test_a_search_narrowed_by_filters_shows_the_listings_api_answer(desktop, system):
    page = desktop.page
    await search_for(desktop, "levis")
    ranked = await system.get("/listings/search/levis", limit=24)
    assert await card_ids(page) == [i["id"] for i in ranked["items"]]  # by relevance
    assert await page.input_value("select[name=sort]") == "relevance"

    # A filter narrows the search, as /listings?keywords= does; the order applies too.
    waist = next(w for i in ranked["items"] if (w := i["attributes"]["waist"]) and w == int(w))
    await page.fill("input[name=waist]", str(int(waist)))
    await page.select_option("select[name=sort]", "price")
    await page.wait_for_function("() => location.hash.includes('sort=price')")
    await shown(page)
    params = hash_params(page)
    assert params == {"q": "levis", "waist": str(int(waist)), "sort": "price"}
    api = await results_match(page, system, keywords="levis", waist=int(waist), sort="price")
    assert api["items"] and all(i["attributes"]["waist"] == waist for i in api["items"])
    assert api["total"] < ranked["total"]
    desktop.assert_clean()
