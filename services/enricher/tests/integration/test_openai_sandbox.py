"""The OpenAI-compatible sandbox checks requests as the API does and answers in its format
(through the real ``openai`` client, over HTTP; no NATS or PostgreSQL needed)."""

from __future__ import annotations

import json

import openai
import pytest
from indigo_enricher.adapters.openai_chat import LlmNoAnswer, LlmUnavailable, OpenAIChat
from indigo_enricher.domain import ListingText, extract
from indigo_enricher.domain.llm import BatchAnswer, build_messages, prompt_listing


def messages(*titles: str) -> list[dict[str, str]]:
    listings = []
    for title in titles:
        text = ListingText(title=title)
        listings.append(prompt_listing(text, extract(text), model="gpt-4o-mini", threshold=0.7))
    return build_messages(listings)


def client(llm, **options) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(
        base_url=llm.base_url, api_key=options.pop("api_key", llm.api_key), max_retries=0, **options
    )


async def test_answers_indigo_prompts_in_the_api_format(llm) -> None:
    completion = await client(llm).chat.completions.parse(
        model="gpt-4o-mini",
        messages=messages("Vintage 80s Levi's jeans 32x30 acid wash", "Jeans"),
        response_format=BatchAnswer,
    )
    assert completion.object == "chat.completion" and completion.choices[0].finish_reason == "stop"
    first, second = completion.choices[0].message.parsed.listings
    assert (first.id, second.id) == ("0", "1")
    # Only fields asked are answered: the rules were sure of the brand, not of the condition.
    assert first.brand is None and first.summary.startswith("1980s Levi's")
    assert (
        completion.usage.total_tokens
        == (completion.usage.prompt_tokens + completion.usage.completion_tokens)
        > 0
    )


async def test_refuses_what_openai_would_refuse(llm) -> None:
    good = dict(model="gpt-4o-mini", messages=messages("Jeans"), response_format=BatchAnswer)
    with pytest.raises(openai.AuthenticationError):
        await client(llm, api_key="sk-wrong").chat.completions.parse(**good)
    with pytest.raises(openai.NotFoundError, match="gpt-9"):
        await client(llm).chat.completions.parse(**(good | {"model": "gpt-9"}))
    with pytest.raises(openai.BadRequestError, match="temprature"):
        await client(llm).chat.completions.parse(**good, extra_body={"temprature": 0})
    loose_schema = {
        "type": "json_schema",
        "json_schema": {
            "name": "Loose",
            "strict": True,
            "schema": {"type": "object", "properties": {"listings": {"type": "array"}}},
        },
    }
    with pytest.raises(openai.BadRequestError, match="additionalProperties"):
        await client(llm).chat.completions.create(
            model="gpt-4o-mini", messages=messages("Jeans"), response_format=loose_schema
        )
    with pytest.raises(openai.BadRequestError, match="enrichment prompt"):
        await client(llm).chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "Tell me a joke"}]
        )
    assert [r["status"] for r in await llm.requests()] == [401, 404, 400, 400, 400]


async def test_faults_reach_the_client_as_the_real_api_would_send_them(llm) -> None:
    chat = OpenAIChat(model="gpt-4o-mini", api_key=llm.api_key, base_url=llm.base_url, timeout=1)
    await llm.inject_fault({"kind": "rate_limit", "retry_after": 7, "match": "Wrangler"})
    answer = await chat.answer(messages("Lee jeans"), max_output_tokens=400)  # not for this one
    assert [item.id for item in answer.batch.listings] == ["0"] and answer.prompt_tokens > 0
    with pytest.raises(LlmUnavailable) as limited:
        await chat.answer(messages("Wrangler jeans"), max_output_tokens=400)
    assert limited.value.retry_after == 7
    await llm.inject_fault({"kind": "refusal"})
    with pytest.raises(LlmNoAnswer) as refused:
        await chat.answer(messages("Jeans"), max_output_tokens=400)
    assert refused.value.kind == "refused" and refused.value.prompt_tokens > 0
    await llm.inject_fault({"kind": "truncated"})
    with pytest.raises(LlmNoAnswer) as truncated:
        await chat.answer(messages("Jeans"), max_output_tokens=400)
    assert truncated.value.kind == "truncated"
    await llm.inject_fault({"kind": "slow", "delay": 2})
    with pytest.raises(LlmUnavailable, match="timed out"):
        await chat.answer(messages("Jeans"), max_output_tokens=400)
    await chat.close()


async def test_a_malformed_answer_is_reported_with_its_cost(llm) -> None:
    chat = OpenAIChat(model="gpt-4o-mini", api_key=llm.api_key, base_url=llm.base_url, timeout=5)
    await llm.inject_fault({"kind": "malformed"})
    with pytest.raises(LlmNoAnswer) as malformed:
        await chat.answer(messages("Jeans"), max_output_tokens=400)
    assert malformed.value.kind == "malformed" and malformed.value.completion_tokens > 0
    [request] = await llm.requests()
    assert request["fault"] == "malformed" and request["body"]["max_completion_tokens"] == 400
    json.loads(request["body"]["messages"][1]["content"])  # Indigo's prompt, as sent
    await chat.close()


async def test_bad_faults_and_scripts_are_refused(llm) -> None:
    with pytest.raises(ValueError, match="kind"):
        await llm.inject_fault({"kind": "meltdown"})
    with pytest.raises(ValueError, match="count"):
        await llm.inject_fault({"kind": "slow", "count": 0})
    with pytest.raises(ValueError):
        await llm.script_answer("", {"era": "1970s"})
    assert (await llm.stats())["faults_pending"] == []
