"""Turn each ``ListingCollected`` into a ``ListingEnriched``."""

from __future__ import annotations

from indigo_shared.events import Attributes, Enrichment, ListingCollected, ListingEnriched
from indigo_shared.nats import publish_event
from indigo_shared.streams import enriched_msg_id, listing_enriched

from indigo_enricher.domain.extraction import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.models import ListingText


def enrich(event: ListingCollected) -> ListingEnriched:
    listing = event.listing
    extraction = extract(
        ListingText(
            title=listing.title,
            description=listing.description,
            platform=listing.platform,
            platform_fields=_platform_fields(event),
        )
    )
    return ListingEnriched(
        collected_at=event.collected_at,
        sync_job_id=event.sync_job_id,
        listing=listing,
        attributes=Attributes(**extraction.attributes.model_dump()),
        enrichment=Enrichment(
            method="rules",
            extractor_version=EXTRACTOR_VERSION,
            confidence=extraction.confidence,
        ),
    )


def _platform_fields(event: ListingCollected) -> dict:
    """Evidence the platform states outright, beside the text (condition, Etsy's when_made, ...)."""
    listing = event.listing
    fields = {
        "condition": listing.condition,
        "location": listing.location,
        "brand": listing.brand,
        "size": listing.size,
    }
    if when_made := listing.raw_data.get("when_made"):
        fields["when_made"] = when_made
    return {k: v for k, v in fields.items() if v is not None}


async def handle_listing_collected(js, data: bytes) -> ListingEnriched:
    enriched = enrich(ListingCollected.model_validate_json(data))
    listing = enriched.listing
    await publish_event(
        js,
        listing_enriched(listing.platform),
        enriched,
        msg_id=enriched_msg_id(
            listing.platform, listing.external_id, listing.content_hash, EXTRACTOR_VERSION
        ),
    )
    return enriched
