"""Turn each ``ListingCollected`` into a ``ListingEnriched``; run analysis jobs.

The rules always run. With an LLM configured, the fields they left empty or unsure (plus a
summary and tags) are asked of it through :class:`~indigo_enricher.llm_service.LlmService`, and
its answer, validated, completes the rules' extraction.

The runtime settles each message (:mod:`indigo_shared.consumer`): acknowledged once its events
are published; an LLM that cannot answer now (429, timeout) is waited out, uncounted, honouring its
Retry-After; a message that keeps failing, or can never succeed, is parked on ``dlq.enricher``.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from indigo_shared.events import (
    AnalysisRequested,
    AnalysisStatusChanged,
    Attributes,
    Enrichment,
    Listing,
    ListingCollected,
    ListingEnriched,
    utcnow,
)
from indigo_shared.nats import Publisher, event_bytes
from indigo_shared.streams import ANALYSIS_STATUS, enriched_msg_id, listing_enriched

from indigo_enricher.domain.extraction import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.llm import PROMPT_VERSION, merge, prompt_listing, validate_answer
from indigo_enricher.domain.models import ListingText
from indigo_enricher.llm_service import LlmService

log = logging.getLogger(__name__)

NO_LLM = "no LLM is configured for the enricher (set OPENAI_API_KEY or OPENAI_BASE_URL)"


def listing_text(listing: Listing) -> ListingText:
    return ListingText(
        title=listing.title,
        description=listing.description,
        platform=listing.platform,
        platform_fields=platform_fields(listing),
    )


def platform_fields(listing: Listing) -> dict:
    """Evidence the platform states outright, beside the text (condition, Etsy's when_made, ...)."""
    fields = {
        "condition": listing.condition,
        "location": listing.location,
        "brand": listing.brand,
        "size": listing.size,
    }
    if when_made := listing.raw_data.get("when_made"):
        fields["when_made"] = when_made
    return {k: v for k, v in fields.items() if v is not None}


class Enricher:
    """Rules, then (when there is one) the LLM for what they could not settle."""

    def __init__(
        self, llm: LlmService | None = None, *, model: str | None = None, threshold: float = 0.7
    ) -> None:
        self.llm = llm
        self.model = model
        self.threshold = threshold

    @property
    def version(self) -> str:
        """Part of the enriched event's id: a new extractor, prompt or model is no duplicate."""
        if self.llm is None:
            return EXTRACTOR_VERSION
        return f"{EXTRACTOR_VERSION}+{PROMPT_VERSION}+{self.model}"

    async def enrich(
        self, listing: Listing, *, collected_at: datetime, sync_job_id: uuid.UUID | None
    ) -> ListingEnriched:
        """Raises :class:`LlmUnavailable` when the LLM should be asked again later."""
        text = listing_text(listing)
        extraction = extract(text)
        enrichment = Enrichment(
            method="rules",
            extractor_version=EXTRACTOR_VERSION,
            confidence=extraction.confidence,
        )
        attributes = Attributes(**extraction.attributes.model_dump())
        if self.llm is not None:
            asked = prompt_listing(
                text, extraction, model=self.model or "", threshold=self.threshold
            )
            result = await self.llm.answer(asked, payer=f"{listing.platform}:{listing.external_id}")
            common = dict(
                model=self.model,
                prompt_version=PROMPT_VERSION,
                extractor_version=EXTRACTOR_VERSION,
                tokens_used=result.tokens_used,
                cost_usd=result.cost_usd,
                llm_cached=result.cached,
            )
            if result.answer is None:
                enrichment = Enrichment(
                    method="rules",
                    confidence=extraction.confidence,
                    llm_error=result.error,
                    **common,
                )
            else:
                findings = validate_answer(result.answer, asked, extraction.attributes.brand)
                merged = merge(extraction, findings)
                attributes = Attributes(**merged.attributes.model_dump())
                enrichment = Enrichment(
                    method=merged.method,
                    confidence=merged.confidence,
                    summary=merged.summary,
                    tags=merged.ai_tags,
                    llm_rejected=findings.rejected,
                    **common,
                )
                if merged.ai_tags:
                    listing = listing.model_copy(update={"ai_tags": merged.ai_tags})
        return ListingEnriched(
            collected_at=collected_at,
            sync_job_id=sync_job_id,
            listing=listing,
            attributes=attributes,
            enrichment=enrichment,
        )


# ============================================================================================
# Collected listings
# ============================================================================================


def enriched_message(enriched: ListingEnriched, version: str) -> tuple[str, bytes, str]:
    """The event's subject, body and ``Nats-Msg-Id`` (the same listing version, extractor and
    model always give the same id: a redelivery or replay is stored once)."""
    listing = enriched.listing
    return (
        listing_enriched(listing.platform),
        event_bytes(enriched),
        enriched_msg_id(listing.platform, listing.external_id, listing.content_hash, version),
    )


async def publish_enriched(publisher: Publisher, enriched: ListingEnriched, version: str) -> None:
    subject, data, msg_id = enriched_message(enriched, version)
    await publisher.publish(subject, data, msg_id=msg_id)


async def handle_listing_collected(
    publisher: Publisher, enricher: Enricher, event: ListingCollected
) -> ListingEnriched:
    enriched = await enricher.enrich(
        event.listing, collected_at=event.collected_at, sync_job_id=event.sync_job_id
    )
    await publish_enriched(publisher, enriched, enricher.version)
    return enriched


async def handle_listings_collected(
    publisher: Publisher, enricher: Enricher, events: list[ListingCollected]
) -> list[ListingEnriched]:
    """A batch by the rules alone: each enriched in turn, then all published at once."""
    enriched = [
        await enricher.enrich(e.listing, collected_at=e.collected_at, sync_job_id=e.sync_job_id)
        for e in events
    ]
    await publisher.publish_many([enriched_message(e, enricher.version) for e in enriched])
    return enriched


# ============================================================================================
# Analysis jobs (POST /api/marketplace/analyze/{listing_id})
# ============================================================================================


def analysis_status(request: AnalysisRequested, status: str, **fields) -> AnalysisStatusChanged:
    return AnalysisStatusChanged(
        job_id=request.job_id,
        listing_id=request.listing_id,
        platform=request.listing.platform,
        external_id=request.listing.external_id,
        status=status,
        requested_at=request.requested_at,
        **fields,
    )


async def publish_analysis_status(publisher: Publisher, status: AnalysisStatusChanged) -> None:
    # One event per job and status: a redelivered request does not repeat "running".
    await publisher.publish_event(
        ANALYSIS_STATUS, status, msg_id=f"analysis:{status.job_id}:{status.status}"
    )


async def handle_analysis_requested(
    publisher: Publisher, enricher: Enricher, request: AnalysisRequested
) -> AnalysisStatusChanged:
    """Re-enrich the listing through the LLM; publish its ``ListingEnriched`` and the job's
    statuses. A job whose LLM gives nothing usable fails with the reason."""
    if enricher.llm is None:
        failed = analysis_status(request, "failed", error=NO_LLM, finished_at=utcnow())
        await publish_analysis_status(publisher, failed)
        return failed
    started = utcnow()
    await publish_analysis_status(
        publisher, analysis_status(request, "running", started_at=started)
    )
    enriched = await enricher.enrich(
        request.listing, collected_at=request.collected_at, sync_job_id=request.sync_job_id
    )
    enrichment = enriched.enrichment
    if enrichment.method == "rules":
        error = enrichment.llm_error or (
            "the LLM's answer added nothing that passed validation"
            + (
                f" (rejected: {', '.join(enrichment.llm_rejected)})"
                if enrichment.llm_rejected
                else ""
            )
        )
        done = analysis_status(
            request, "failed", error=error, started_at=started, finished_at=utcnow()
        )
    else:
        await publish_enriched(publisher, enriched, f"{enricher.version}:analysis:{request.job_id}")
        done = analysis_status(
            request,
            "completed",
            attributes=enriched.attributes,
            enrichment=enrichment,
            started_at=started,
            finished_at=utcnow(),
        )
    await publish_analysis_status(publisher, done)
    return done


async def report_analysis_failure(publisher: Publisher, data: bytes, error: str) -> None:
    """The job of a request about to be parked fails with the reason (if it can be read)."""
    try:
        request = AnalysisRequested.model_validate_json(data)
    except ValueError:
        return
    await publish_analysis_status(
        publisher, analysis_status(request, "failed", error=error, finished_at=utcnow())
    )
