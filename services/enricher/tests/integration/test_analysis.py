"""``POST /api/marketplace/analyze/{listing_id}`` end to end: the API queues the job on NATS, the
enricher asks the (sandbox) LLM, the projector records the result and the job's status."""

from __future__ import annotations

import contextlib
import uuid
from contextlib import asynccontextmanager

import httpx
import pytest
from indigo_api import api_keys
from indigo_api.main import create_app as create_api
from indigo_api.projector.main import create_app as create_projector
from indigo_api.projector.repository import listing_id
from indigo_api.settings import ApiSettings
from indigo_enricher.main import create_app as create_enricher
from indigo_enricher.settings import EnricherSettings
from indigo_shared.nats import publish_event
from indigo_shared.secret_keys import require_secret_keys
from indigo_shared.streams import listing_enriched
from indigo_shared.testing import eventually, sample_enriched, sample_listing

pytestmark = pytest.mark.integration

API = "/api/marketplace"


@asynccontextmanager
async def indigo(enricher: EnricherSettings):
    """The API, the projector and the enricher in-process, and a client for the API (with a key
    that may ask for analyses)."""
    api_settings = ApiSettings(
        nats_url=enricher.nats_url,
        database_url=enricher.database_url,
        projector_batch_timeout=0.2,
        max_deliver=2,
    )
    api = create_api(api_settings)
    key = await api_keys.create_in(
        enricher.database_url,
        require_secret_keys(api_settings),
        name="analysis tests",
        scopes=["analyze"],
    )
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(create_enricher(enricher))
        await stack.enter_async_context(create_projector(api_settings))
        await stack.enter_async_context(api.router.lifespan_context(api))
        yield await stack.enter_async_context(
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=api),
                base_url="http://indigo.test",
                headers={"Authorization": f"Bearer {key.key}"},
            )
        )


async def a_listing_in_the_read_model(js, client, external_id: str = "v1|7|0", **changes) -> str:
    """A listing enriched by the rules alone (before any LLM), projected; returns its id."""
    listing = sample_listing(external_id, **changes)
    await publish_event(js, listing_enriched("ebay"), sample_enriched(listing))
    listing_uuid = str(listing_id("ebay", external_id))

    async def projected():
        return (await client.get(f"{API}/listings/{listing_uuid}")).status_code == 200

    await eventually(projected)
    return listing_uuid


async def finished(client, job: dict) -> dict:
    async def done():
        current = (await client.get(job["poll_url"])).json()
        return current if current["status"] in ("completed", "failed") else None

    return await eventually(done)


@pytest.fixture
def llm_on(monkeypatch, llm):
    # The API only checks that an LLM is configured; it never calls it.
    monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)


async def test_analysis_re_enriches_a_listing_through_the_llm(
    llm_on, llm_settings, jetstream, llm
) -> None:
    await llm.script_answer(
        "Great vintage condition",
        {"gender": "men", "summary": "Levi's 501, 33x32, 1990s, made in USA.", "tags": ["501"]},
    )
    async with indigo(llm_settings()) as client:
        listing = await a_listing_in_the_read_model(jetstream, client)
        response = await client.post(f"{API}/analyze/{listing}")
        assert response.status_code == 202, response.text
        job = response.json()
        assert job["status"] in ("pending", "running") and job["listing_id"] == listing
        assert job["poll_url"] == f"{API}/analyze/jobs/{job['job_id']}"
        done = await finished(client, job)
        assert done["status"] == "completed", done
        assert done["error"] is None and done["finished_at"] >= done["requested_at"]
        enrichment = done["enrichment"]
        assert enrichment["method"] == "rules+llm"
        assert enrichment["summary"] == "Levi's 501, 33x32, 1990s, made in USA."
        assert enrichment["tokens_used"] > 0 and float(enrichment["cost_usd"]) > 0
        assert done["attributes"]["gender"] == "men"  # the title does not say: the LLM did

        # The listing itself carries the new enrichment (through ListingEnriched).
        async def re_enriched():
            detail = (await client.get(f"{API}/listings/{listing}")).json()
            return detail if detail["attributes"].get("gender") == "men" else None

        detail = await eventually(re_enriched)
        assert detail["ai_tags"] == ["501"]
    [request] = await llm.requests()
    assert "Great vintage condition" in request["body"]["messages"][1]["content"]


async def test_unknown_listing_and_unknown_job_are_404(llm_on, llm_settings, jetstream) -> None:
    async with indigo(llm_settings()) as client:
        missing = uuid.uuid4()
        response = await client.post(f"{API}/analyze/{missing}")
        assert response.status_code == 404 and str(missing) in response.json()["detail"]
        assert (await client.get(f"{API}/analyze/jobs/{uuid.uuid4()}")).status_code == 404
        assert (await client.post(f"{API}/analyze/not-a-uuid")).status_code == 422


async def test_without_an_llm_the_api_says_503(monkeypatch, nats_url, database_url, jetstream):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    rules_only = EnricherSettings(nats_url=nats_url, database_url=database_url)
    async with indigo(rules_only) as client:
        listing = await a_listing_in_the_read_model(jetstream, client)
        response = await client.post(f"{API}/analyze/{listing}")
        assert response.status_code == 503
        assert "OPENAI_API_KEY" in response.json()["detail"]


async def test_an_enricher_without_llm_fails_the_job_clearly(
    llm_on, nats_url, database_url, jetstream
) -> None:
    rules_only = EnricherSettings(
        nats_url=nats_url, database_url=database_url, openai_api_key=None, openai_base_url=None
    )
    async with indigo(rules_only) as client:
        listing = await a_listing_in_the_read_model(jetstream, client)
        job = (await client.post(f"{API}/analyze/{listing}")).json()
        done = await finished(client, job)
    assert done["status"] == "failed"
    assert "no LLM is configured for the enricher" in done["error"]


async def test_a_refusal_fails_the_job_with_the_reason(
    llm_on, llm_settings, jetstream, llm
) -> None:
    await llm.inject_fault({"kind": "refusal", "count": 5})
    async with indigo(llm_settings()) as client:
        listing = await a_listing_in_the_read_model(jetstream, client)
        job = (await client.post(f"{API}/analyze/{listing}")).json()
        done = await finished(client, job)
    assert done["status"] == "failed" and done["error"].startswith("refused:")


async def test_an_llm_that_stays_down_fails_the_job_and_parks_the_request(
    llm_on, llm_settings, jetstream, llm
) -> None:
    await llm.inject_fault({"kind": "server_error", "count": 10})
    async with indigo(llm_settings(max_deliver=2)) as client:
        listing = await a_listing_in_the_read_model(jetstream, client)
        job = (await client.post(f"{API}/analyze/{listing}")).json()
        done = await finished(client, job)
    assert done["status"] == "failed" and "500" in done["error"]
    dead = await jetstream.get_last_msg("DLQ", "dlq.enricher")
    assert dead.headers["Indigo-Original-Subject"] == "analysis.requested"
