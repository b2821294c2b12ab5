"""How the API answers what goes wrong: every answer is a documented 4xx, or a 503 naming the
dependency that is down. None is a 500 unless the code itself is wrong.

- Validation errors (422) name the field and echo at most a short prefix of the input (a 1 MB
  body is never echoed back; a non-finite number is echoed as text, so the answer always renders).
  ``loc`` is the field's path as a client builds its form from it: the names pydantic gives the
  branches of a union ("constrained-float", "function-after[...]") are left out, and a union's
  errors become the one that explains the input (the range's "min is greater than max", not
  "should be a number" from the branch the input was never meant for). No regex is quoted.
- PostgreSQL or NATS unreachable: 503 with ``Retry-After`` and which one it is.
- A body over ``INDIGO_API_MAX_BODY_BYTES`` is refused with 413 before it is parsed.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from collections.abc import Iterable
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from indigo_shared.failures import DATABASE_UNREACHABLE
from nats import errors as nats_errors
from nats.js.errors import ServiceUnavailableError
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException
from starlette.routing import Match

log = logging.getLogger(__name__)

ECHO_PREFIX = 80  # characters of a bad input a validation error repeats
# FastAPI answers a body it cannot decode (invalid UTF-8) with a bare 400 and this text.
_UNPARSABLE_BODY = "There was an error parsing the body"


class ErrorOut(BaseModel):
    detail: str


class ValidationErrorOut(BaseModel):
    loc: list[str | int] = Field(description='where: ["query", "min_price"], ["body", "limit"]')
    msg: str
    type: str
    input: Any = Field(default=None, description="the value refused (a short prefix of it)")
    ctx: dict[str, Any] | None = None


class ValidationErrorsOut(BaseModel):
    detail: list[ValidationErrorOut]


class Unavailable(Exception):
    """A dependency (PostgreSQL, NATS) cannot be reached: the request may succeed later."""

    def __init__(self, dependency: str, retry_after: int = 5) -> None:
        super().__init__(dependency)
        self.dependency = dependency
        self.retry_after = retry_after


# What a lost or refused PostgreSQL connection raises, in asyncpg and below it.
DATABASE_DOWN: tuple[type[BaseException], ...] = (
    *DATABASE_UNREACHABLE,
    asyncpg.CannotConnectNowError,
    asyncpg.OperatorInterventionError,
    asyncpg.TooManyConnectionsError,
    asyncpg.QueryCanceledError,
)
# What NATS unreachable (or too slow to answer) raises; an error about the request itself (a
# stream or consumer not found, a bad request) is not among them.
NATS_DOWN: tuple[type[BaseException], ...] = (
    nats_errors.ConnectionClosedError,
    nats_errors.ConnectionReconnectingError,
    nats_errors.ConnectionDrainingError,
    nats_errors.NoServersError,
    nats_errors.StaleConnectionError,
    nats_errors.NoRespondersError,
    nats_errors.OutboundBufferLimitError,
    nats_errors.TimeoutError,
    ServiceUnavailableError,
    OSError,
    asyncio.TimeoutError,
)


def unavailable_response(exc: Unavailable) -> JSONResponse:
    return JSONResponse(
        {"detail": f"{exc.dependency} is unavailable; try again in {exc.retry_after} s"},
        status_code=503,
        headers={"Retry-After": str(exc.retry_after)},
    )


def _short(value: Any) -> Any:
    """A bad input as a validation error may repeat it: JSON-safe and at most a short prefix."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, allow_nan=False, ensure_ascii=False)
        except (TypeError, ValueError):  # Decimal, datetime, a non-finite number inside
            text = str(value)
        else:
            if len(text) <= ECHO_PREFIX and _encodable(text):
                return value
    text = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate becomes "?"
    return text if len(text) <= ECHO_PREFIX else text[:ECHO_PREFIX] + "…"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: What pydantic puts in ``loc`` for a branch of a union or a validator step, never a field name
#: of this API (fields are snake_case words; a model's class name is capitalized).
_BRANCH = re.compile(
    r"(?:function-(?:after|before|wrap|plain)|json-or-python|lax-or-strict|is-instance|chain|"
    r"literal|tagged-union|union|nullable|default|list|dict|set|tuple|frozenset)\[.*\]|"
    r"constrained-\w+|int|float|str|bool|decimal|bytes|none|model-fields|[A-Z]\w*"
)


def _field_errors(errors: Iterable[dict]) -> list[dict]:
    """The errors with union branches taken out of ``loc``: of one union's errors, those about
    the value (a bound, a validator's message) when there are any, else one naming every type the
    field takes ("Input should be a valid number or an object")."""
    out: list[dict] = []
    unions: dict[tuple, list[dict]] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "extra_forbidden":  # its last place is the client's own key
            out.append(error)
            continue
        branch = next(
            (i for i, p in enumerate(loc) if isinstance(p, str) and _BRANCH.fullmatch(p)), None
        )
        if branch is None:
            out.append(error)
            continue
        field = loc[:branch]
        if field not in unions:
            unions[field] = []
            out.append({"union": field})  # its place among the errors
        rest = tuple(p for p in loc[branch:] if not (isinstance(p, str) and _BRANCH.fullmatch(p)))
        unions[field].append({**error, "loc": field + rest})
    resolved: list[dict] = []
    for error in out:
        if "union" not in error:
            resolved.append(error)
            continue
        group = unions[error["union"]]
        about_value = [e for e in group if not str(e.get("type", "")).endswith("_type")]
        if about_value:
            resolved.extend(about_value)
            continue
        kinds = [_TYPE_WORDS.sub("", str(e.get("msg", ""))) for e in group]
        resolved.append(
            {
                **group[0],
                "loc": error["union"],
                "msg": "Input should be " + " or ".join(dict.fromkeys(kinds)),
            }
        )
    return resolved


_TYPE_WORDS = re.compile(r"^Input should be |(?: or instance of \w+)$")


def _message(error: dict) -> str:
    if error.get("type") == "string_pattern_mismatch":
        return "text is not in the form the schema states"  # not the regex itself
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")  # pydantic's words before a validator's own


def validation_errors(errors: Iterable[dict]) -> list[dict]:
    clean = []
    for error in _field_errors(errors):
        item = {
            "type": str(error.get("type", "value_error")),
            "loc": [p if isinstance(p, int) else _short(str(p)) for p in error.get("loc", ())],
            "msg": _short(_message(error)),
            "input": _short(error.get("input")),
        }
        if error.get("ctx") and error.get("type") != "string_pattern_mismatch":
            item["ctx"] = {str(key): _short(value) for key, value in error["ctx"].items()}
        clean.append(item)
    return clean


def invalid(location: str, field: str, value: Any, message: str) -> RequestValidationError:
    """A 422 naming ``field`` (in ``query``, ``path`` or ``body``)."""
    return RequestValidationError(
        [{"type": "value_error", "loc": (location, field), "input": value, "msg": message}]
    )


def relocated(exc: ValidationError, *loc: str) -> RequestValidationError:
    """A model's validation errors as a 422, each under ``loc`` (``"query"``, or ``"body",
    "criteria"`` for a part of the body validated on its own)."""
    return RequestValidationError([{**e, "loc": (*loc, *e["loc"])} for e in exc.errors()])


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def unprocessable(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_errors(exc.errors())}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
            errors = [{"type": "json_invalid", "loc": ("body",), "msg": "body is not UTF-8 JSON"}]
            return JSONResponse({"detail": validation_errors(errors)}, status_code=422)
        headers = exc.headers
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(request))}
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(Unavailable)
    async def unavailable(request: Request, exc: Unavailable) -> JSONResponse:
        log.warning("%s %s: %s unavailable", request.method, request.url.path, exc.dependency)
        return unavailable_response(exc)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves on this path. Starlette's 405 names only the first route
    the path matched, and a path served by several routes (GET, PUT, DELETE) has more."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if getattr(route, "methods", None):
            match, _ = route.matches(request.scope)
            if match in (Match.FULL, Match.PARTIAL):
                methods |= route.methods
    return sorted(methods)


def _error(description: str, *, retry_after: bool = False) -> dict:
    response: dict = {"model": ErrorOut, "description": description}
    if retry_after:
        response["headers"] = {
            "Retry-After": {
                "description": "seconds to wait before trying again",
                "schema": {"type": "integer"},
            }
        }
    return response


INVALID = {
    422: {
        "model": ValidationErrorsOut,
        "description": "a parameter or the body is invalid: each error names its field in loc",
    }
}
NOT_FOUND = {404: _error("no such resource")}
UNAVAILABLE = {503: _error("PostgreSQL or NATS is unreachable", retry_after=True)}
TOO_LARGE = {413: _error("the body is larger than INDIGO_API_MAX_BODY_BYTES")}
QUEUE_FULL = {
    429: _error(
        "too many syncs of the platform are waiting, or the API key's rate limit is reached",
        retry_after=True,
    )
}
CONFLICT = {409: _error("the job has ended already")}
