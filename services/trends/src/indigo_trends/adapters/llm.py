"""An LLM-written market summary, from any OpenAI-compatible endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass

from openai import AsyncOpenAI

from indigo_trends.settings import TrendsSettings

PROMPT_VERSION = "market-summary-1"
INSTRUCTIONS = (
    "You are a vintage denim market analyst writing for resellers and buyers. From the figures "
    "given as JSON (USD prices, listing counts, and rule-based insights), write a market summary "
    "of at most 120 words: what moved, what is rising, anything unusual. Use only the figures "
    "given; name brands and lots as written; no advice to buy or sell."
)


@dataclass(frozen=True)
class Summary:
    text: str
    model: str
    tokens_used: int | None


class MarketSummarizer:
    def __init__(self, client: AsyncOpenAI, model: str) -> None:
        self.client = client
        self.model = model

    async def summarize(self, facts: dict) -> Summary:
        response = await self.client.chat.completions.create(
            model=self.model,
            temperature=0,
            messages=[
                {"role": "system", "content": INSTRUCTIONS},
                {"role": "user", "content": json.dumps(facts, sort_keys=True)},
            ],
        )
        text = (response.choices[0].message.content or "").strip()
        if not text:
            raise ValueError("the model answered with no text")
        usage = response.usage
        return Summary(
            text=text, model=response.model or self.model, tokens_used=usage and usage.total_tokens
        )

    async def close(self) -> None:
        await self.client.close()


def create_summarizer(settings: TrendsSettings) -> MarketSummarizer | None:
    """A summarizer when an LLM is configured (``OPENAI_API_KEY`` or ``OPENAI_BASE_URL``), else None."""
    if not settings.llm_configured:
        return None
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    client = AsyncOpenAI(
        # A local OpenAI-compatible server may want no key, but the client insists on one.
        api_key=key or "not-needed",
        base_url=settings.openai_base_url,
        timeout=settings.llm_timeout_seconds,
        max_retries=2,
    )
    return MarketSummarizer(client, settings.openai_model)
