"""Analysis jobs: re-enrich one listing through the LLM.

``POST /analyze/{listing_id}`` records a pending job and queues an ``AnalysisRequested`` (with the
listing as the read model holds it) on ``analysis.requested``; the enricher answers with a
``ListingEnriched`` and the job's statuses on ``analysis.status``, which the api-projector
records. The API never calls the LLM itself. ``GET /analyze/jobs/{job_id}`` is the job to poll.

The API answers 503 when no LLM is configured: it reads the same ``OPENAI_API_KEY`` /
``OPENAI_BASE_URL`` as the enricher (only whether one is set, never the key's value).
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, Literal

import asyncpg
from fastapi import APIRouter, Depends, HTTPException, Request, status
from indigo_shared.events import AnalysisRequested, AnalysisStatusChanged, Listing
from indigo_shared.nats import publish_event
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import ANALYSIS_REQUESTED, ANALYSIS_STATUS
from pydantic import BaseModel, Field, SecretStr

from indigo_api.dependencies import Connection, JetStream

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


def _llm_configured(request: Request) -> bool:
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
_INSERT_PENDING = """
INSERT INTO marketplace_analysis_jobs (
    id, listing_id, platform, external_id, status, requested_at, updated_at
) VALUES ($1, $2, $3, $4, 'pending', $5, $5)
"""
_GET_LISTING = """
SELECT id, platform, external_id, url, title, description, price, currency, price_usd,
       shipping_cost, condition, brand, size, image_urls, seller_username, location, listed_at,
       ends_at, buying_format, engagement, trend_score, ai_tags, raw_data, content_hash,
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
    responses={
        404: {"description": "no such listing"},
        503: {"description": "no LLM is configured, or the job could not be queued"},
    },
)
async def analyze_listing(
    listing_id: uuid.UUID,
    conn: Connection,
    js: JetStream,
    llm_configured: bool = Depends(_llm_configured),
) -> AnalysisJobOut:
    """Re-enrich one listing through the LLM (the fields the rules are unsure of, a summary and
    tags). Answers at once with the job; poll `poll_url` until `completed` or `failed`."""
    if not llm_configured:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "no LLM is configured: set OPENAI_API_KEY or OPENAI_BASE_URL",
        )
    row = await conn.fetchrow(_GET_LISTING, listing_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"listing {listing_id} not found")
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
    # The row and the request stand or fall together: no pending job nobody will run.
    async with conn.transaction():
        await conn.execute(
            _INSERT_PENDING,
            request.job_id,
            listing_id,
            listing.platform,
            listing.external_id,
            request.requested_at,
        )
        try:
            await publish_event(
                js, ANALYSIS_REQUESTED, request, msg_id=f"analysis:{request.job_id}"
            )
        except Exception as exc:  # noqa: BLE001 - NATS down or slow: say so, keep nothing
            log.warning("could not queue analysis of %s: %s", listing_id, exc)
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE, "the analysis could not be queued; try again"
            ) from exc
    try:
        await publish_event(
            js, ANALYSIS_STATUS, pending, msg_id=f"analysis:{request.job_id}:pending"
        )
    except Exception as exc:  # noqa: BLE001 - the row already says pending; the log is a nicety
        log.warning("could not publish the pending status of %s: %s", request.job_id, exc)
    return job_out(await conn.fetchrow(_GET_JOB, request.job_id))


@router.get(
    "/analyze/jobs/{job_id}",
    response_model=AnalysisJobOut,
    responses={404: {"description": "no such job"}},
)
async def analysis_job(job_id: uuid.UUID, conn: Connection) -> AnalysisJobOut:
    """An analysis job: `pending`, `running`, then `completed` (with the attributes and the
    enrichment: summary, tags, tokens and cost) or `failed` (with `error`)."""
    record = await conn.fetchrow(_GET_JOB, job_id)
    if record is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"analysis job {job_id} not found")
    return job_out(record)
