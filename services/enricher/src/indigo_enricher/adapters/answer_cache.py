"""The LLM answer cache in PostgreSQL (table ``enrichment_llm_cache``), keyed by
:func:`indigo_enricher.domain.llm.cache_key`: the same listing text is never paid for twice,
across replicas and restarts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import asyncpg

Outcome = Literal["answered", "refused"]


@dataclass(frozen=True)
class CachedAnswer:
    outcome: Outcome
    answer: dict[str, Any]  # the model's item as received ({} for a refusal)
    refusal: str | None
    paid_by: str  # "<platform>:<external_id>" of the listing whose request paid for it
    prompt_tokens: int
    completion_tokens: int
    cost_usd: Decimal


_GET = """
SELECT outcome, answer, refusal, paid_by, prompt_tokens, completion_tokens, cost_usd
FROM enrichment_llm_cache WHERE cache_key = $1
"""
# The first answer stays: a second one for the same key (two replicas racing) changes nothing.
_PUT = """
INSERT INTO enrichment_llm_cache (
    cache_key, prompt_version, model, outcome, answer, refusal, paid_by, prompt_tokens,
    completion_tokens, cost_usd
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
ON CONFLICT (cache_key) DO NOTHING
"""


class AnswerCache:
    def __init__(self, pool: asyncpg.Pool, *, prompt_version: str, model: str) -> None:
        self._pool = pool
        self._prompt_version = prompt_version
        self._model = model

    async def get(self, key: str) -> CachedAnswer | None:
        row = await self._pool.fetchrow(_GET, key)
        return CachedAnswer(**dict(row)) if row else None

    async def put(self, entries: Sequence[tuple[str, CachedAnswer]]) -> None:
        if not entries:
            return
        await self._pool.executemany(
            _PUT,
            [
                (
                    key,
                    self._prompt_version,
                    self._model,
                    entry.outcome,
                    entry.answer,
                    entry.refusal,
                    entry.paid_by,
                    entry.prompt_tokens,
                    entry.completion_tokens,
                    entry.cost_usd,
                )
                for key, entry in entries
            ],
        )
