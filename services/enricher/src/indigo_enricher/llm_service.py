"""Asks the LLM about listings: several per request, never twice for the same text, within the
rate limits, and with every token accounted to a listing.

Each message handler calls :meth:`LlmService.answer` for its listing and awaits the result. The
service looks in the cache first; a miss joins a batch that is sent when it holds
``batch_size`` listings or after ``batch_wait`` seconds, with at most ``concurrency`` requests in
flight. Two listings with the same text wait for one answer.

Outcomes, per listing:

- an answer (fresh or cached): the handler validates and merges it;
- no usable answer (refusal, malformed or truncated JSON, a request the API rejects): a batch
  of several is split and each listing asked alone, so one bad listing does not cost the
  others their answer; alone, the listing falls back to the rules with the reason recorded.
  Refusals are cached (asking again would be refused again and paid again);
- :class:`LlmUnavailable` (429, timeout, outage): raised to every waiting handler, whose
  message is then retried later with a delay, the service pausing for a 429's Retry-After.

Costs: a request's prompt tokens are shared by the listings in proportion to their part of the
prompt, its completion tokens in proportion to their part of the answer; the tokens of a batch
that had to be split are carried into each listing's own request.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal, Protocol

from indigo_shared.metrics import record_llm_request

from indigo_enricher.adapters.answer_cache import CachedAnswer
from indigo_enricher.adapters.openai_chat import (
    ChatAnswer,
    LlmFailed,
    LlmNoAnswer,
    LlmUnavailable,
)
from indigo_enricher.domain.llm import (
    OUTPUT_TOKENS_PER_LISTING,
    PromptListing,
    answers_by_id,
    build_messages,
    cost_usd,
    estimate_prompt_tokens,
    split_tokens,
)
from indigo_enricher.rate_limit import RateLimiter

log = logging.getLogger(__name__)


class Chat(Protocol):
    async def answer(
        self, messages: Sequence[dict[str, str]], *, max_output_tokens: int
    ) -> ChatAnswer: ...


class Cache(Protocol):
    async def get(self, key: str) -> CachedAnswer | None: ...

    async def put(self, entries: Sequence[tuple[str, CachedAnswer]]) -> None: ...


@dataclass(frozen=True)
class LlmResult:
    """One listing's outcome. ``answer``: the model's item (to validate), or None with
    ``error``. ``tokens_used`` / ``cost_usd``: what this listing's answer cost it (0 when another
    listing paid for the same text); ``cached``: it came from the cache."""

    answer: dict[str, Any] | None
    error: str | None
    tokens_used: int
    cost_usd: Decimal
    cached: bool


@dataclass(frozen=True)
class _Paid:
    outcome: Literal["answered", "refused", "failed"]
    answer: dict[str, Any] | None
    error: str | None
    payer: str
    prompt_tokens: int
    completion_tokens: int
    cost: Decimal
    cached: bool = False

    def for_listing(self, payer: str) -> LlmResult:
        if payer != self.payer:
            return LlmResult(self.answer, self.error, 0, Decimal(0), cached=True)
        return LlmResult(
            self.answer,
            self.error,
            self.prompt_tokens + self.completion_tokens,
            self.cost,
            cached=self.cached,
        )


def _from_cache(entry: CachedAnswer) -> _Paid:
    refused = entry.outcome == "refused"
    return _Paid(
        outcome=entry.outcome,
        answer=None if refused else entry.answer,
        error=f"refused: {entry.refusal}" if refused else None,
        payer=entry.paid_by,
        prompt_tokens=entry.prompt_tokens,
        completion_tokens=entry.completion_tokens,
        cost=entry.cost_usd,
        cached=True,
    )


@dataclass(frozen=True)
class _Entry:
    listing: PromptListing
    payer: str
    future: asyncio.Future
    carried_prompt: int = 0  # tokens of an earlier request for this listing that gave nothing
    carried_completion: int = 0


class LlmService:
    def __init__(
        self,
        chat: Chat,
        cache: Cache,
        limiter: RateLimiter,
        *,
        batch_size: int,
        batch_wait: float,
        concurrency: int,
        input_price_per_1k: Decimal,
        output_price_per_1k: Decimal,
    ) -> None:
        self._chat = chat
        self._cache = cache
        self._limiter = limiter
        self._batch_size = batch_size
        self._batch_wait = batch_wait
        self._slots = asyncio.Semaphore(concurrency)
        self._prices = (input_price_per_1k, output_price_per_1k)
        self._pending: list[_Entry] = []
        self._inflight: dict[str, asyncio.Future] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task] = set()

    async def answer(self, listing: PromptListing, payer: str) -> LlmResult:
        """The LLM's answer for ``listing``; ``payer`` names the listing asking
        (``<platform>:<external_id>``). Raises :class:`LlmUnavailable` to retry later."""
        cached = await self._cache.get(listing.key)
        if cached is not None:
            return _from_cache(cached).for_listing(payer)
        shared = self._inflight.get(listing.key)
        if shared is None:
            shared = asyncio.get_running_loop().create_future()
            # Retrieve an exception nobody awaits any more (its handlers were cancelled).
            shared.add_done_callback(lambda f: f.cancelled() or f.exception())
            self._inflight[listing.key] = shared
            self._enqueue(_Entry(listing, payer, shared))
        paid: _Paid = await asyncio.shield(shared)
        return paid.for_listing(payer)

    async def close(self) -> None:
        """Stop: requests in flight are cancelled (their messages come back after ack_wait)."""
        if self._timer is not None:
            self._timer.cancel()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        error = LlmUnavailable("the enricher is stopping")
        for entry in self._pending:
            self._settle(entry, exception=error)
        self._pending.clear()

    # ------------------------------------------------------------------------------ batching

    def _enqueue(self, entry: _Entry) -> None:
        self._pending.append(entry)
        if len(self._pending) >= self._batch_size:
            self._flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._batch_wait, self._flush)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        while self._pending:
            batch = self._pending[: self._batch_size]
            del self._pending[: self._batch_size]
            self._spawn(batch)

    def _spawn(self, entries: list[_Entry]) -> None:
        task = asyncio.create_task(self._send(entries))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ------------------------------------------------------------------------------- sending

    async def _send(self, entries: list[_Entry]) -> None:
        try:
            await self._ask(entries)
        except asyncio.CancelledError:
            for entry in entries:  # their handlers must not wait forever
                self._settle(entry, exception=LlmUnavailable("the enricher is stopping"))
            raise

    async def _ask(self, entries: list[_Entry]) -> None:
        messages = build_messages([entry.listing for entry in entries])
        max_output = OUTPUT_TOKENS_PER_LISTING * len(entries)
        estimate = estimate_prompt_tokens(messages) + max_output
        reply: ChatAnswer | None = None
        no_answer: LlmNoAnswer | None = None
        try:
            async with self._slots:
                await self._limiter.acquire(estimate)
                sent_at = time.monotonic()
                try:
                    reply = await self._chat.answer(messages, max_output_tokens=max_output)
                    self._limiter.settle(estimate, reply.prompt_tokens + reply.completion_tokens)
                    self._record("ok", sent_at, reply.prompt_tokens, reply.completion_tokens)
                except LlmNoAnswer as exc:
                    self._limiter.settle(estimate, exc.prompt_tokens + exc.completion_tokens)
                    self._record(exc.kind, sent_at, exc.prompt_tokens, exc.completion_tokens)
                    no_answer = exc
                except LlmUnavailable as exc:
                    self._record("unavailable", sent_at)
                    if exc.retry_after:
                        self._limiter.pause(exc.retry_after)
                    raise
        except Exception as exc:  # noqa: BLE001 - every waiting handler gets it and retries
            if not isinstance(exc, LlmUnavailable | LlmFailed):
                log.exception("LLM request for %s listings failed", len(entries))
            for entry in entries:
                self._settle(entry, exception=exc)
            return
        if no_answer is not None:
            await self._without_answer(entries, messages, no_answer)
        else:
            assert reply is not None
            await self._with_answer(entries, messages, reply)

    def _record(
        self, outcome: str, sent_at: float, prompt_tokens: int = 0, completion_tokens: int = 0
    ) -> None:
        # A test double of the chat may have no model name.
        model = getattr(self._chat, "model", None) or "unknown"
        record_llm_request(
            model,
            outcome,
            seconds=time.monotonic() - sent_at,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost_usd=cost_usd(prompt_tokens, completion_tokens, *self._prices),
        )

    async def _with_answer(
        self, entries: list[_Entry], messages: list[dict[str, str]], reply: ChatAnswer
    ) -> None:
        items = answers_by_id(reply.batch, len(entries))
        prompts = split_tokens(reply.prompt_tokens, _prompt_weights(messages))
        completions = split_tokens(
            reply.completion_tokens, [len(json.dumps(item)) if item else 1 for item in items]
        )
        to_cache: list[tuple[str, CachedAnswer]] = []
        results: list[tuple[_Entry, _Paid]] = []
        for entry, item, prompt, completion in zip(
            entries, items, prompts, completions, strict=True
        ):
            prompt += entry.carried_prompt
            completion += entry.carried_completion
            if item is None and len(entries) > 1:
                # The model skipped this one: ask about it alone.
                self._spawn([replace(entry, carried_prompt=prompt, carried_completion=completion)])
                continue
            paid = self._paid(entry, item, prompt, completion)
            if item is not None:
                to_cache.append((entry.listing.key, self._cached(paid)))
            results.append((entry, paid))
        await self._remember(to_cache)
        for entry, paid in results:
            self._settle(entry, paid)

    async def _without_answer(
        self, entries: list[_Entry], messages: list[dict[str, str]], failure: LlmNoAnswer
    ) -> None:
        prompts = split_tokens(failure.prompt_tokens, _prompt_weights(messages))
        completions = split_tokens(failure.completion_tokens, [1] * len(entries))
        if len(entries) > 1:
            log.info("batch of %s got no answer (%s); asking each alone", len(entries), failure)
            for entry, prompt, completion in zip(entries, prompts, completions, strict=True):
                self._spawn(
                    [
                        replace(
                            entry,
                            carried_prompt=entry.carried_prompt + prompt,
                            carried_completion=entry.carried_completion + completion,
                        )
                    ]
                )
            return
        [entry] = entries
        prompt = prompts[0] + entry.carried_prompt
        completion = completions[0] + entry.carried_completion
        refused = failure.kind == "refused"
        log.warning("no LLM answer for %s: %s", entry.payer, failure)
        paid = _Paid(
            outcome="refused" if refused else "failed",
            answer=None,
            error=str(failure)[:500],
            payer=entry.payer,
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost=cost_usd(prompt, completion, *self._prices),
        )
        if refused:
            await self._remember([(entry.listing.key, self._cached(paid, refusal=failure.detail))])
        self._settle(entry, paid)

    def _paid(
        self, entry: _Entry, item: dict[str, Any] | None, prompt: int, completion: int
    ) -> _Paid:
        return _Paid(
            outcome="answered" if item is not None else "failed",
            answer=item,
            error=None if item is not None else "malformed: the answer has no item for it",
            payer=entry.payer,
            prompt_tokens=prompt,
            completion_tokens=completion,
            cost=cost_usd(prompt, completion, *self._prices),
        )

    @staticmethod
    def _cached(paid: _Paid, refusal: str | None = None) -> CachedAnswer:
        return CachedAnswer(
            outcome="refused" if refusal is not None else "answered",
            answer=paid.answer or {},
            refusal=refusal,
            paid_by=paid.payer,
            prompt_tokens=paid.prompt_tokens,
            completion_tokens=paid.completion_tokens,
            cost_usd=paid.cost,
        )

    async def _remember(self, entries: list[tuple[str, CachedAnswer]]) -> None:
        try:
            await self._cache.put(entries)
        except Exception:  # noqa: BLE001 - the answer is in hand; losing its cache row only risks paying again
            log.exception("could not cache %s LLM answers", len(entries))

    def _settle(
        self, entry: _Entry, paid: _Paid | None = None, *, exception: BaseException | None = None
    ) -> None:
        if self._inflight.get(entry.listing.key) is entry.future:
            del self._inflight[entry.listing.key]
        if entry.future.done():
            return
        if exception is not None:
            entry.future.set_exception(exception)
        else:
            entry.future.set_result(paid)


def _prompt_weights(messages: list[dict[str, str]]) -> list[int]:
    """Each listing's share of the prompt: the length of its item in the user message."""
    listings = json.loads(messages[-1]["content"])["listings"]
    return [len(json.dumps(item, ensure_ascii=False)) for item in listings]
