"""Analysis jobs: re-enrich one listing through the LLM.

``POST /analyze/{listing_id}`` queues an ``AnalysisRequested`` (with the listing as the read model
holds it) on ``analysis.requested`` and publishes the job's ``pending`` status; the enricher
answers with a ``ListingEnriched`` and the job's statuses on ``analysis.status``. The api-projector
records every status (the API writes no table); the trigger waits a moment for the pending row
so that polling finds it at once. The API never calls the LLM itself. ``GET
/analyze/jobs/{job_id}`` is the job to poll.

The API answers 503 when no LLM is configured: it reads the same ``OPENAI_API_KEY`` /
``OPENAI_BASE_URL`` as the enricher (only whether one is set, never the key's value).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import asyncpg
from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import JSONResponse
from indigo_shared.events import AnalysisRequested, AnalysisStatusChanged, Listing
from indigo_shared.nats import publish_event
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import ANALYSIS_REQUESTED, ANALYSIS_STATUS
from pydantic import BaseModel, Field, SecretStr

from indigo_api.dependencies import Db, Nats, Settings, json_bytes, render
from indigo_api.errors import NOT_FOUND, ErrorOut
from indigo_api.params import NoParams, documented, from_query
from indigo_api.security import AUTH, RequireScope

log = logging.getLogger(__name__)
router = APIRouter(tags=["analysis"])
PREFIX = "/api/marketplace"


class LlmSwitch(IndigoSettings):
    """Whether an LLM is configured (the enricher uses it when either is set)."""

    openai_api_key: SecretStr | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")

    @property
    def configured(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None


async def _llm_configured(request: Request) -> bool:
    state = request.app.state
    if getattr(state, "llm_configured", None) is None:
        state.llm_configured = LlmSwitch().configured
    return state.llm_configured


class AnalysisJobOut(BaseModel):
    job_id: uuid.UUID
    listing_id: uuid.UUID
    platform: str
    external_id: str
    status: Literal["pending", "running", "completed", "failed"]
    error: str | None = None
    attributes: dict[str, Any] | None = Field(
        default=None, description="the listing's attributes after the analysis (completed)"
    )
    enrichment: dict[str, Any] | None = Field(
        default=None,
        description="method, model, prompt_version, confidence, summary, tokens_used, cost_usd",
    )
    requested_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    poll_url: str


_JOB_COLUMNS = """
    id AS job_id, listing_id, platform, external_id, status, error, attributes, enrichment,
    requested_at, started_at, finished_at
"""
_GET_JOB = f"SELECT {_JOB_COLUMNS} FROM marketplace_analysis_jobs WHERE id = $1"
_GET_LISTING = """
SELECT id, platform, external_id, url, title, description, price, currency, price_usd,
       shipping_cost, condition, brand, size, image_urls, seller_username, location, listed_at,
       ends_at, buying_format, engagement, ai_tags, raw_data, content_hash,
       attributes, collected_at, sync_job_id
FROM marketplace_listings WHERE id = $1
"""


def job_out(record: asyncpg.Record) -> AnalysisJobOut:
    data = dict(record)
    return AnalysisJobOut(**data, poll_url=f"{PREFIX}/analyze/jobs/{data['job_id']}")


def listing_from_row(row: asyncpg.Record) -> Listing:
    """The listing as collected, rebuilt from its read-model row. The ``brand`` column holds the
    enriched brand when there is one, so the platform's own brand is passed on only when the
    attributes have none (an earlier extraction must not count as the platform's evidence)."""
    data = dict(row)
    attributes = data.pop("attributes") or {}
    if attributes.get("brand"):
        data["brand"] = None
    for name in ("id", "collected_at", "sync_job_id"):
        data.pop(name)
    return Listing.model_validate(data)


@router.post(
    "/analyze/{listing_id}",
    response_model=AnalysisJobOut,
    status_code=status.HTTP_202_ACCEPTED,
    dependencies=[RequireScope("analyze")],
    responses={
        **NOT_FOUND,
        **AUTH,
        503: {
            "model": ErrorOut,
            "description": "no LLM is configured, or PostgreSQL or NATS is unreachable",
        },
    },
    openapi_extra=documented(NoParams),
)
async def analyze_listing(
    listing_id: uuid.UUID,
    _: Annotated[NoParams, from_query(NoParams)],
    db: Db,
    bus: Nats,
    settings: Settings,
    llm_configured: bool = Depends(_llm_configured),
):
    """Re-enrich one listing through the LLM (the fields the rules are unsure of, a summary and
    tags). Answers at once with the job; poll `poll_url` until `completed` or `failed`. Needs an
    API key with the `analyze` scope (an analysis spends LLM tokens)."""
    if not llm_configured:
        return JSONResponse(
            {"detail": "no LLM is configured: set OPENAI_API_KEY or OPENAI_BASE_URL"},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    async with db.connection() as conn:
        row = await conn.fetchrow(_GET_LISTING, listing_id)
    if row is None:
        return json_bytes(render(ErrorOut(detail=f"listing {listing_id} not found")), 404)
    listing = listing_from_row(row)
    request = AnalysisRequested(
        listing_id=listing_id,
        collected_at=row["collected_at"],
        sync_job_id=row["sync_job_id"],
        listing=listing,
    )
    pending = AnalysisStatusChanged(
        job_id=request.job_id,
        listing_id=listing_id,
        platform=listing.platform,
        external_id=listing.external_id,
        status="pending",
        requested_at=request.requested_at,
        occurred_at=request.requested_at,
    )
    # The request first: a pending status nobody will run is worse than a job whose pending
    # status is late (the enricher's running status records it anyway).
    async with bus.jetstream() as js:
        await publish_event(js, ANALYSIS_REQUESTED, request, msg_id=f"analysis:{request.job_id}")
        await publish_event(
            js, ANALYSIS_STATUS, pending, msg_id=f"analysis:{request.job_id}:pending"
        )

    async def recorded(conn) -> asyncpg.Record | None:
        return await conn.fetchrow(_GET_JOB, request.job_id)

    record = await db.eventually(recorded, settings.read_your_writes_seconds)
    if record is not None:
        return json_bytes(render(job_out(record)), 202)
    fields = pending.model_dump(include={"job_id", "listing_id", "platform", "external_id"})
    job = AnalysisJobOut(
        **fields,
        status="pending",
        requested_at=request.requested_at,
        poll_url=f"{PREFIX}/analyze/jobs/{request.job_id}",
    )
    return json_bytes(render(job), 202)


@router.get(
    "/analyze/jobs/{job_id}",
    response_model=AnalysisJobOut,
    responses=NOT_FOUND,
    openapi_extra=documented(NoParams),
)
async def analysis_job(job_id: uuid.UUID, _: Annotated[NoParams, from_query(NoParams)], db: Db):
    """An analysis job: `pending`, `running`, then `completed` (with the attributes and the
    enrichment: summary, tags, tokens and cost) or `failed` (with `error`)."""
    async with db.connection() as conn:
        record = await conn.fetchrow(_GET_JOB, job_id)
    if record is None:
        return json_bytes(render(ErrorOut(detail=f"analysis job {job_id} not found")), 404)
    return json_bytes(render(job_out(record)))
