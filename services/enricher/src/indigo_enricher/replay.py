"""Re-enrichment of a range of the log (``indigo replay consumer enricher --since ...``).

The enricher is built as the service builds it (rules, and the LLM when ``OPENAI_*`` is
configured, so a replay never replaces LLM answers by rules-only ones) and each replayed
``ListingCollected`` is enriched and published as the live consumer would. The enriched event's
id carries the extractor and prompt versions: replaying with the version already published is
dropped as a duplicate within the stream's window, a new version is published.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from indigo_shared.events import ListingCollected
from indigo_shared.nats import Publisher
from indigo_shared.replaying import Handler, Replayer
from indigo_shared.streams import ALL_COLLECTED, LISTINGS
from nats.js import JetStreamContext

from indigo_enricher.bootstrap import open_enricher
from indigo_enricher.handlers import handle_listing_collected
from indigo_enricher.settings import EnricherSettings


@asynccontextmanager
async def _open_handler(js: JetStreamContext) -> AsyncIterator[Handler]:
    publisher = Publisher(js._nc, stopping=asyncio.Event())
    async with open_enricher(EnricherSettings()) as enricher:
        yield lambda data: handle_listing_collected(
            publisher, enricher, ListingCollected.model_validate_json(data)
        )


def replayer() -> Replayer:
    return Replayer(stream=LISTINGS, subject=ALL_COLLECTED, open=_open_handler)
