from __future__ import annotations

import pytest
import pytest_asyncio
from indigo_enricher.settings import EnricherSettings
from indigo_sandbox.openai import running_openai_sandbox


@pytest_asyncio.fixture
async def llm():
    """The OpenAI-compatible sandbox on a free port (real HTTP)."""
    async with running_openai_sandbox() as server:
        yield server


@pytest.fixture
def llm_settings(nats_url, database_url, llm):
    """Enricher settings pointed at the sandbox LLM; keyword arguments override any field."""

    def make(**overrides) -> EnricherSettings:
        fields = dict(
            nats_url=nats_url,
            database_url=database_url,
            openai_base_url=llm.base_url,
            openai_api_key=llm.api_key,
            openai_batch_wait_seconds=0.05,
            openai_timeout_seconds=5,
            max_deliver=3,
            ack_wait_seconds=10,
        )
        return EnricherSettings(**(fields | overrides))

    return make
