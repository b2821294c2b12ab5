"""The LLM behind the ``openai`` client: one structured-output request per batch of listings.

Any OpenAI-compatible endpoint works (``OPENAI_BASE_URL``). The client never retries on its own
(``max_retries=0``): a retry is the message's redelivery, with a delay, so a rate limit or an
outage holds no worker. Each failure is sorted into one of two kinds:

- :class:`LlmUnavailable`: try again later (429, timeout, connection error, 5xx, and the
  configuration errors 401/403/404, which a fixed configuration cures);
- :class:`LlmNoAnswer`: the request was answered but gives these listings nothing usable (a
  refusal, content filter, malformed or truncated JSON, a 400/422 rejecting this content). The
  tokens it cost come with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openai
from indigo_shared.failures import Unavailable
from pydantic import ValidationError

from indigo_enricher.domain.llm import BatchAnswer


class LlmUnavailable(Unavailable):
    """The LLM could not answer now (rate limited, timed out, unreachable): the message waits,
    uncounted, as for any outage; ``retry_after``: seconds it asked us to wait, if it said."""


class LlmFailed(Exception):
    """The LLM failed on this request (a 500, a conflict): retried as a failure of the message,
    which is parked if it keeps failing."""


#: Answers that say the endpoint cannot serve anyone now (overloaded, down, or configured wrong:
#: key, access, model), as opposed to failing on this request: waited out, never counted.
UNAVAILABLE_STATUSES = frozenset({401, 403, 404, 502, 503, 504})


class LlmNoAnswer(Exception):
    """An answer with nothing usable: ``kind`` is refused, malformed, truncated or rejected."""

    def __init__(
        self, kind: str, detail: str, *, prompt_tokens: int = 0, completion_tokens: int = 0
    ) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens


@dataclass(frozen=True)
class ChatAnswer:
    batch: BatchAnswer
    prompt_tokens: int
    completion_tokens: int


def _usage(data: Any) -> tuple[int, int]:
    usage = getattr(data, "usage", None) if not isinstance(data, dict) else data.get("usage")
    if usage is None:
        return 0, 0
    if isinstance(usage, dict):
        return int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
    return int(usage.prompt_tokens or 0), int(usage.completion_tokens or 0)


def retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds; an HTTP date is ignored)."""
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name) if headers is not None else None
        try:
            seconds = float(value) * scale
        except (TypeError, ValueError):
            continue
        if 0 <= seconds <= 3600:
            return seconds
    return None


class OpenAIChat:
    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout: float,
    ) -> None:
        self.model = model
        self._client = openai.AsyncOpenAI(
            # A local endpoint may want no key; the client insists on one.
            api_key=api_key or "no-key",
            base_url=base_url,
            timeout=timeout,
            max_retries=0,
        )

    async def close(self) -> None:
        await self._client.close()

    async def answer(
        self, messages: Sequence[dict[str, str]], *, max_output_tokens: int
    ) -> ChatAnswer:
        try:
            raw = await self._client.chat.completions.with_raw_response.parse(
                model=self.model,
                messages=list(messages),
                response_format=BatchAnswer,
                max_completion_tokens=max_output_tokens,
            )
        except openai.RateLimitError as exc:
            raise LlmUnavailable(
                f"rate limited: {_message(exc)}", retry_after=retry_after(exc.response.headers)
            ) from exc
        except openai.APITimeoutError as exc:
            raise LlmUnavailable("timed out") from exc
        except openai.APIConnectionError as exc:
            raise LlmUnavailable(f"connection failed: {exc}") from exc
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            raise LlmNoAnswer("rejected", f"{exc.status_code} {_message(exc)}") from exc
        except openai.APIStatusError as exc:
            detail = f"{exc.status_code} {_message(exc)}"
            if exc.status_code in UNAVAILABLE_STATUSES:
                raise LlmUnavailable(detail, retry_after=retry_after(exc.response.headers)) from exc
            raise LlmFailed(detail) from exc
        try:
            completion = raw.parse()
        except openai.LengthFinishReasonError as exc:
            raise LlmNoAnswer(
                "truncated", "the answer hit the output limit", **_tokens(exc.completion)
            ) from exc
        except openai.ContentFilterFinishReasonError as exc:
            raise LlmNoAnswer("refused", "content filter", **_tokens(_json(raw))) from exc
        except (ValidationError, ValueError) as exc:
            raise LlmNoAnswer("malformed", _first_error(exc), **_tokens(_json(raw))) from exc
        prompt_tokens, completion_tokens = _usage(completion)
        message = completion.choices[0].message if completion.choices else None
        if message is not None and message.refusal:
            raise LlmNoAnswer(
                "refused",
                " ".join(message.refusal.split())[:300],
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        if message is None or message.parsed is None:
            raise LlmNoAnswer(
                "malformed",
                "the answer has no content",
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
            )
        return ChatAnswer(message.parsed, prompt_tokens, completion_tokens)


def _json(raw) -> Any:
    try:
        return raw.http_response.json()
    except ValueError:
        return None


def _tokens(data: Any) -> dict[str, int]:
    prompt_tokens, completion_tokens = _usage(data)
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens}


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return " ".join(error["message"].split())[:300]
    return " ".join(str(exc).split())[:300]


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error.get("loc", ()))
        return f"{error.get('msg', 'invalid')}{f' at {where}' if where else ''}"[:300]
    return " ".join(str(exc).split())[:300]
