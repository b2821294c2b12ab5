"""Batching, caching, splitting and cost accounting of LLM requests, with a scripted chat."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal

import pytest
from indigo_enricher.adapters.answer_cache import CachedAnswer
from indigo_enricher.adapters.openai_chat import ChatAnswer, LlmNoAnswer, LlmUnavailable
from indigo_enricher.domain import ListingText, extract
from indigo_enricher.domain.llm import BatchAnswer, prompt_listing
from indigo_enricher.llm_service import LlmService
from indigo_enricher.rate_limit import RateLimiter

PRICES = dict(input_price_per_1k=Decimal("0.15"), output_price_per_1k=Decimal("0.6"))


def item(item_id: str, **values) -> dict:
    fields = dict.fromkeys(
        ["brand", "model", "waist", "inseam", "measured_waist", "measured_inseam", "era", "wash"]
        + ["made_in", "selvedge", "condition", "flaws", "style", "gender", "summary", "tags"]
    )
    return {"id": item_id, **fields, **values}


class ScriptedChat:
    """Answers each listing with an era; refuses, breaks or fails as a listing's title asks."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    async def answer(self, messages, *, max_output_tokens: int) -> ChatAnswer:
        listings = json.loads(messages[-1]["content"])["listings"]
        titles = [listing["title"] for listing in listings]
        self.batches.append(titles)
        await asyncio.sleep(0)
        if any("REFUSE" in t for t in titles):
            raise LlmNoAnswer(
                "refused", "I can't help with that", prompt_tokens=90, completion_tokens=10
            )
        if any("BREAK" in t for t in titles):
            raise LlmNoAnswer("malformed", "Invalid JSON", prompt_tokens=60, completion_tokens=30)
        if any("BUSY" in t for t in titles):
            raise LlmUnavailable("rate limited", retry_after=3)
        items = [
            item(listing["id"], era="1980s", summary=listing["title"])
            for listing in listings
            if "SKIP" not in listing["title"] or len(listings) == 1
        ]
        batch = BatchAnswer.model_validate({"listings": items})
        return ChatAnswer(
            batch, prompt_tokens=100 * len(listings), completion_tokens=20 * len(listings)
        )


class MemoryCache:
    def __init__(self) -> None:
        self.entries: dict[str, CachedAnswer] = {}

    async def get(self, key: str) -> CachedAnswer | None:
        return self.entries.get(key)

    async def put(self, entries) -> None:
        for key, entry in entries:
            self.entries.setdefault(key, entry)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def chat() -> ScriptedChat:
    return ScriptedChat()


@pytest.fixture
def cache() -> MemoryCache:
    return MemoryCache()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(chat, cache, clock) -> LlmService:
    limiter = RateLimiter(1000, 1_000_000, clock=clock, sleep=clock.sleep)
    return LlmService(chat, cache, limiter, batch_size=3, batch_wait=0.01, concurrency=2, **PRICES)


def asked(title: str):
    text = ListingText(title=title)
    return prompt_listing(text, extract(text), model="m", threshold=0.7)


async def test_listings_are_batched_and_every_token_is_accounted(service, chat) -> None:
    titles = [f"Vintage jeans number {n}" for n in range(7)]
    results = await asyncio.gather(
        *(service.answer(asked(t), payer=f"ebay:{n}") for n, t in enumerate(titles))
    )
    assert sorted(len(batch) for batch in chat.batches) == [1, 3, 3]
    assert [r.answer["summary"] for r in results] == titles  # each got its own item
    assert sum(r.tokens_used for r in results) == 7 * 120
    assert (
        sum(r.cost_usd for r in results)
        == Decimal("7") * (Decimal("100") * Decimal("0.15") + Decimal("20") * Decimal("0.6")) / 1000
    )
    assert not any(r.cached for r in results)


async def test_the_same_text_is_paid_once(service, chat, cache) -> None:
    first, twin = await asyncio.gather(
        service.answer(asked("Levi's jeans"), payer="ebay:1"),
        service.answer(asked("Levi's jeans"), payer="etsy:9"),  # cross-posted, same words
    )
    assert len(chat.batches) == 1 and chat.batches[0] == ["Levi's jeans"]
    assert first.tokens_used == 120 and not first.cached
    assert (twin.tokens_used, twin.cost_usd, twin.cached) == (0, Decimal(0), True)
    assert twin.answer == first.answer

    # Later: the payer re-synced keeps its recorded cost (summing listings sums the spend),
    # another listing with that text costs nothing; neither asks the LLM again.
    again = await service.answer(asked("Levi's jeans"), payer="ebay:1")
    other = await service.answer(asked("Levi's jeans"), payer="reddit:3")
    assert len(chat.batches) == 1
    assert (again.tokens_used, again.cost_usd, again.cached) == (120, first.cost_usd, True)
    assert (other.tokens_used, other.cached) == (0, True)
    assert list(cache.entries.values())[0].paid_by == "ebay:1"


async def test_a_refusal_costs_the_others_nothing_and_is_remembered(service, chat, cache) -> None:
    titles = ["Good jeans one", "REFUSE these", "Good jeans two"]
    results = await asyncio.gather(
        *(service.answer(asked(t), payer=f"ebay:{n}") for n, t in enumerate(titles))
    )
    # The batch was refused, then each listing asked alone.
    assert chat.batches[0] == titles and sorted(map(tuple, chat.batches[1:])) == [
        (t,) for t in sorted(titles)
    ]
    good_one, refused, good_two = results
    assert good_one.answer["era"] == "1980s" and good_two.answer["era"] == "1980s"
    assert refused.answer is None and refused.error.startswith("refused:")
    # The refused batch's 100 tokens are carried into the listings' own costs.
    assert sum(r.tokens_used for r in results) == 100 + 120 + 100 + 120
    assert sorted(e.outcome for e in cache.entries.values()) == ["answered", "answered", "refused"]
    again = await service.answer(asked("REFUSE these"), payer="ebay:1")
    assert again.error.startswith("refused:") and len(chat.batches) == 4


async def test_a_malformed_answer_falls_back_without_caching(service, chat, cache) -> None:
    result = await service.answer(asked("BREAK the json"), payer="ebay:1")
    assert result.answer is None and result.error.startswith("malformed:")
    assert result.tokens_used == 90
    assert cache.entries == {}


async def test_a_listing_the_model_skipped_is_asked_alone(service, chat) -> None:
    results = await asyncio.gather(
        service.answer(asked("Jeans a"), payer="ebay:1"),
        service.answer(asked("SKIP me"), payer="ebay:2"),
    )
    assert chat.batches == [["Jeans a", "SKIP me"], ["SKIP me"]]
    assert all(r.answer is not None for r in results)


async def test_unavailable_llm_raises_to_every_waiter_and_pauses(service, chat, clock) -> None:
    outcomes = await asyncio.gather(
        service.answer(asked("BUSY one"), payer="ebay:1"),
        service.answer(asked("Jeans two"), payer="ebay:2"),
        return_exceptions=True,
    )
    assert all(isinstance(o, LlmUnavailable) for o in outcomes)
    assert outcomes[0].retry_after == 3
    before = clock.now
    await service.answer(asked("Jeans three"), payer="ebay:3")  # waits out the Retry-After
    assert clock.now - before >= 3


async def test_close_releases_waiting_handlers(chat, cache, clock) -> None:
    limiter = RateLimiter(1000, 1_000_000, clock=clock, sleep=clock.sleep)
    slow = LlmService(chat, cache, limiter, batch_size=10, batch_wait=60, concurrency=1, **PRICES)
    waiting = asyncio.create_task(slow.answer(asked("Jeans"), payer="ebay:1"))
    await asyncio.sleep(0.01)
    await slow.close()
    with pytest.raises(LlmUnavailable):
        await waiting


async def test_llm_requests_tokens_and_cost_are_counted_in_the_metrics(chat, cache, clock) -> None:
    from prometheus_client import REGISTRY

    chat.model = "metrics-test-model"
    limiter = RateLimiter(1000, 1_000_000, clock=clock, sleep=clock.sleep)
    service = LlmService(
        chat, cache, limiter, batch_size=3, batch_wait=0.01, concurrency=2, **PRICES
    )

    def sample(name: str, **labels) -> float:
        return REGISTRY.get_sample_value(name, {"model": "metrics-test-model", **labels}) or 0.0

    await asyncio.gather(
        *(service.answer(asked(f"Jeans {n}"), payer=f"ebay:{n}") for n in range(3))
    )
    await service.answer(asked("REFUSE these jeans"), payer="ebay:9")
    with pytest.raises(LlmUnavailable):
        await service.answer(asked("BUSY jeans"), payer="ebay:10")
    await service.close()

    assert sample("indigo_llm_requests_total", outcome="ok") == 1
    assert sample("indigo_llm_requests_total", outcome="refused") == 1
    assert sample("indigo_llm_requests_total", outcome="unavailable") == 1
    assert sample("indigo_llm_tokens_total", kind="prompt") == 300 + 90
    assert sample("indigo_llm_tokens_total", kind="completion") == 60 + 10
    expected = (Decimal(390) * Decimal("0.15") + Decimal(70) * Decimal("0.6")) / 1000
    assert sample("indigo_llm_cost_usd_total") == pytest.approx(float(expected))
    assert sample("indigo_llm_request_seconds_count") == 3
