"""An OpenAI-compatible Chat Completions endpoint as an aiohttp application.

``OPENAI_BASE_URL=http://host:port/v1`` (or ``.../openai/v1`` when mounted under a prefix) points
the ``openai`` client at it.

- ``POST /v1/chat/completions``: checks the request as OpenAI does (the bearer key, the model,
  the messages, known parameters only, a ``json_schema`` response format that is strict: every
  object closed and every property required) and answers in the API's format, usage included.
  Its model reads Indigo's enrichment prompt (:mod:`indigo_sandbox.openai.model`).
- ``GET /v1/models``: the models it serves.
- ``/_sandbox/faults`` (POST a fault, DELETE all; :mod:`indigo_sandbox.openai.faults`),
  ``/_sandbox/answers`` (POST ``{"match": ..., "answer": {...}}`` to script the model, DELETE
  all), ``GET /_sandbox/requests`` (every request received, in order: its body, the answer's
  status (null while it is being answered), the fault it got, the usage it was billed),
  ``GET /_sandbox/stats`` (counts per status).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from indigo_sandbox.openai.config import OpenAISandboxConfig
from indigo_sandbox.openai.faults import Fault, FaultQueue, InvalidFault, parse_fault
from indigo_sandbox.openai.model import PromptNotUnderstood, ScriptedAnswer, answer, listings_of

COMPLETIONS_PATH = "/v1/chat/completions"
MODELS_PATH = "/v1/models"
KNOWN_PARAMETERS = frozenset(
    {
        "model", "messages", "response_format", "max_tokens", "max_completion_tokens",
        "temperature", "top_p", "n", "stop", "seed", "user", "metadata", "store", "stream",
        "stream_options", "frequency_penalty", "presence_penalty", "logprobs", "top_logprobs",
        "logit_bias", "tools", "tool_choice", "parallel_tool_calls", "service_tier",
        "reasoning_effort", "modalities", "prediction", "audio", "verbosity", "prompt_cache_key",
        "safety_identifier", "web_search_options",
    }
)  # fmt: skip
ROLES = frozenset({"system", "developer", "user", "assistant", "tool"})
SCHEMA_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
REFUSAL = "I'm sorry, but I can't help with that request."
# Keys answered without a json_schema response format (``json_object`` or plain text).
DEFAULT_KEYS = [
    "id", "brand", "model", "waist", "inseam", "measured_waist", "measured_inseam", "era",
    "wash", "made_in", "selvedge", "condition", "flaws", "style", "gender", "summary", "tags",
]  # fmt: skip


class InvalidRequest(Exception):
    def __init__(self, message: str, *, status: int = 400, param: str | None = None, code=None):
        super().__init__(message)
        self.status, self.param, self.code = status, param, code


def error_response(
    message: str, *, status: int, kind: str, param: str | None = None, code: str | None = None
) -> web.Response:
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return web.json_response(body, status=status)


def create_openai_app(config: OpenAISandboxConfig | None = None) -> web.Application:
    api = OpenAISandbox(config or OpenAISandboxConfig())
    app = web.Application()
    app.router.add_post(COMPLETIONS_PATH, api.complete)
    app.router.add_get(MODELS_PATH, api.list_models)
    app.router.add_post("/_sandbox/faults", api.add_fault)
    app.router.add_delete("/_sandbox/faults", api.clear_faults)
    app.router.add_post("/_sandbox/answers", api.add_answer)
    app.router.add_delete("/_sandbox/answers", api.clear_answers)
    app.router.add_get("/_sandbox/requests", api.get_requests)
    app.router.add_get("/_sandbox/stats", api.get_stats)
    return app


class OpenAISandbox:
    def __init__(self, config: OpenAISandboxConfig) -> None:
        self.config = config
        self.faults = FaultQueue()
        self.scripted: list[ScriptedAnswer] = []
        self.requests: list[dict[str, Any]] = []
        self.statuses: Counter[int] = Counter()
        self._ids = itertools.count(1)

    # ---------------------------------------------------------------------------------- API

    async def complete(self, request: web.Request) -> web.Response:
        record: dict[str, Any] = {"body": None, "status": None, "fault": None, "usage": None}
        self.requests.append(record)
        response = await self._complete(request, record)
        record["status"] = response.status
        self.statuses[response.status] += 1
        return response

    async def _complete(self, request: web.Request, record: dict[str, Any]) -> web.Response:
        if not self._authorized(request):
            return error_response(
                "Incorrect API key provided.",
                status=401,
                kind="invalid_request_error",
                code="invalid_api_key",
            )
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return error_response(
                "We could not parse the JSON body of your request.",
                status=400,
                kind="invalid_request_error",
            )
        record["body"] = body
        try:
            keys = self._check(body)
            listings = listings_of(body["messages"])
        except InvalidRequest as exc:
            return error_response(
                str(exc),
                status=exc.status,
                kind="invalid_request_error",
                param=exc.param,
                code=exc.code,
            )
        except PromptNotUnderstood as exc:
            return error_response(
                f"The sandbox model answers Indigo's enrichment prompt only: {exc}.",
                status=400,
                kind="invalid_request_error",
                param="messages",
            )
        fault = self.faults.take(_user_text(body["messages"]))
        record["fault"] = fault.kind if fault else None
        if fault is not None:
            if fault.kind == "slow":
                await asyncio.sleep(fault.delay)
            elif early := self._fault_response(fault, body["model"]):
                return early
        content = json.dumps(answer(listings, keys, self.scripted))
        finish_reason = "stop"
        refusal = None
        if fault is not None and fault.kind in ("malformed", "truncated"):
            content = content[: max(1, len(content) // 2)]
            finish_reason = "length" if fault.kind == "truncated" else "stop"
        elif fault is not None and fault.kind == "refusal":
            content, refusal = None, REFUSAL
        completion = self._completion(body, content, refusal, finish_reason)
        record["usage"] = completion["usage"]
        return web.json_response(completion)

    def _authorized(self, request: web.Request) -> bool:
        if self.config.api_key is None:
            return True
        return request.headers.get("Authorization") == f"Bearer {self.config.api_key}"

    def _check(self, body: Any) -> list[str]:
        """What OpenAI checks before answering; returns the keys of the answer's items."""
        if not isinstance(body, Mapping):
            raise InvalidRequest("The request body must be a JSON object.")
        unknown = sorted(set(body) - KNOWN_PARAMETERS)
        if unknown:
            raise InvalidRequest(
                f"Unrecognized request argument supplied: {unknown[0]}", param=unknown[0]
            )
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise InvalidRequest("You must provide a model parameter.", param="model")
        if self.config.models is not None and model not in self.config.models:
            raise InvalidRequest(
                f"The model `{model}` does not exist or you do not have access to it.",
                status=404,
                code="model_not_found",
            )
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise InvalidRequest("'messages' must be a non-empty array.", param="messages")
        for index, message in enumerate(messages):
            if not isinstance(message, Mapping) or message.get("role") not in ROLES:
                raise InvalidRequest(
                    f"Invalid value for 'messages[{index}].role'.", param=f"messages[{index}]"
                )
            if not isinstance(message.get("content"), (str, list)):
                raise InvalidRequest(
                    f"Invalid type for 'messages[{index}].content'.",
                    param=f"messages[{index}].content",
                )
        if body.get("stream"):
            raise InvalidRequest("The sandbox does not stream.", param="stream")
        if body.get("n", 1) != 1:
            raise InvalidRequest("The sandbox answers n=1 only.", param="n")
        for name in ("max_tokens", "max_completion_tokens"):
            value = body.get(name)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or value < 1
            ):
                raise InvalidRequest(f"'{name}' must be a positive integer.", param=name)
        return _answer_keys(body.get("response_format"))

    def _fault_response(self, fault: Fault, model: str) -> web.Response | None:
        if fault.kind == "rate_limit":
            response = error_response(
                f"Rate limit reached for {model} on requests per min (RPM): Limit 3, Used 3, "
                f"Requested 1. Please try again in {fault.retry_after}s.",
                status=429,
                kind="requests",
                code="rate_limit_exceeded",
            )
            response.headers["Retry-After"] = str(fault.retry_after)
            response.headers["x-ratelimit-remaining-requests"] = "0"
            response.headers["x-ratelimit-reset-requests"] = f"{fault.retry_after}s"
            return response
        if fault.kind == "server_error":
            return error_response(
                "The server had an error while processing your request. Sorry about that!",
                status=500,
                kind="server_error",
            )
        return None

    def _completion(
        self, body: Mapping[str, Any], content: str | None, refusal: str | None, finish: str
    ) -> dict[str, Any]:
        prompt_tokens = sum(
            4 + len(json.dumps(m.get("content"))) // 4 for m in body["messages"]
        ) + (len(json.dumps(body.get("response_format") or {})) // 4)
        completion_tokens = 1 + len(content or refusal or "") // 4
        return {
            "id": f"chatcmpl-sandbox-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "system_fingerprint": "fp_indigo_sandbox",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": refusal,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": finish,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    async def list_models(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return error_response(
                "Incorrect API key provided.",
                status=401,
                kind="invalid_request_error",
                code="invalid_api_key",
            )
        models = self.config.models or ("gpt-4o-mini",)
        data = [{"id": m, "object": "model", "created": 0, "owned_by": "indigo"} for m in models]
        return web.json_response({"object": "list", "data": data})

    # ------------------------------------------------------------------------------ control

    async def add_fault(self, request: web.Request) -> web.Response:
        try:
            self.faults.add(parse_fault(await request.json()))
        except (InvalidFault, ValueError) as exc:
            return web.json_response({"error": f"invalid fault: {exc}"}, status=400)
        return web.json_response({"pending": self.faults.pending()})

    async def clear_faults(self, request: web.Request) -> web.Response:
        self.faults.clear()
        return web.json_response({"pending": []})

    async def add_answer(self, request: web.Request) -> web.Response:
        try:
            data = await request.json()
        except ValueError:
            data = None
        if (
            not isinstance(data, Mapping)
            or not isinstance(data.get("match"), str)
            or not data["match"]
            or not isinstance(data.get("answer"), Mapping)
        ):
            return web.json_response(
                {"error": 'expected {"match": "<text>", "answer": {...}}'}, status=400
            )
        self.scripted.append(ScriptedAnswer(data["match"], dict(data["answer"])))
        return web.json_response({"scripted": len(self.scripted)})

    async def clear_answers(self, request: web.Request) -> web.Response:
        self.scripted.clear()
        return web.json_response({"scripted": 0})

    async def get_requests(self, request: web.Request) -> web.Response:
        return web.json_response(self.requests)

    async def get_stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "requests": {str(status): n for status, n in sorted(self.statuses.items())},
                "faults_pending": self.faults.pending(),
            }
        )


def _user_text(messages: list[Mapping[str, Any]]) -> str:
    return " ".join(str(m.get("content")) for m in messages if m.get("role") == "user")


def _answer_keys(response_format: Any) -> list[str]:
    if response_format is None:
        return DEFAULT_KEYS
    if not isinstance(response_format, Mapping):
        raise InvalidRequest("'response_format' must be an object.", param="response_format")
    kind = response_format.get("type")
    if kind in ("text", "json_object"):
        return DEFAULT_KEYS
    if kind != "json_schema":
        raise InvalidRequest(
            "'response_format.type' must be text, json_object or json_schema.",
            param="response_format.type",
        )
    spec = response_format.get("json_schema")
    if not isinstance(spec, Mapping) or not isinstance(spec.get("schema"), Mapping):
        raise InvalidRequest(
            "'response_format.json_schema.schema' is required.", param="response_format"
        )
    name = spec.get("name")
    if not isinstance(name, str) or not SCHEMA_NAME.match(name):
        raise InvalidRequest(
            "'response_format.json_schema.name' must match ^[a-zA-Z0-9_-]{1,64}$.",
            param="response_format.json_schema.name",
        )
    schema = spec["schema"]
    if spec.get("strict"):
        problems = strict_schema_problems(schema, schema.get("$defs", {}))
        if problems:
            raise InvalidRequest(
                f"Invalid schema for response_format '{name}': {problems[0]}",
                param="response_format",
                code="invalid_json_schema",
            )
    item = _resolve(
        (schema.get("properties") or {}).get("listings", {}).get("items", {}),
        schema.get("$defs", {}),
    )
    keys = list((item.get("properties") or {}).keys())
    if "id" not in keys:
        raise InvalidRequest(
            'The sandbox model answers a schema {"listings": [{"id": ..., ...}]}.',
            param="response_format",
        )
    return keys


def _resolve(node: Any, defs: Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        name = node["$ref"].removeprefix("#/$defs/")
        return defs.get(name, {})
    return node if isinstance(node, Mapping) else {}


def strict_schema_problems(node: Any, defs: Mapping[str, Any], context: str = "()") -> list[str]:
    """Why OpenAI would refuse ``node`` as a strict schema (empty: it would accept it)."""
    if not isinstance(node, Mapping):
        return []
    if "$ref" in node:
        name = str(node["$ref"]).removeprefix("#/$defs/")
        if name not in defs:
            return [f"In context={context}, reference {node['$ref']} can't be resolved."]
        return []
    problems: list[str] = []
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, Mapping):
        properties = properties if isinstance(properties, Mapping) else {}
        if node.get("additionalProperties") is not False:
            problems.append(
                f"In context={context}, 'additionalProperties' is required to be supplied and "
                "to be false."
            )
        missing = [key for key in properties if key not in (node.get("required") or [])]
        if missing:
            problems.append(
                f"In context={context}, 'required' is required to be supplied and to be an "
                f"array including every key in properties. Missing '{missing[0]}'."
            )
        for key, child in properties.items():
            problems += strict_schema_problems(child, defs, f"{context}, '{key}'")
    if "items" in node:
        problems += strict_schema_problems(node["items"], defs, f"{context}, 'items'")
    for option in node.get("anyOf") or ():
        problems += strict_schema_problems(option, defs, context)
    for name, definition in (node.get("$defs") or {}).items():
        problems += strict_schema_problems(definition, defs, f"('$defs', '{name}')")
    return problems
