"""Query parameters as typed models that forbid unknown names: ``?platfrom=ebay`` is a 422 naming
``platfrom``, never a silently unfiltered answer. The names, defaults and bounds are the seed's.

Text refuses NUL and unpaired surrogates; numbers are finite and bounded; each parameter's
OpenAPI schema says exactly what is accepted (so a generated valid request is accepted). What one
parameter cannot say alone (``min_price`` above ``max_price``) is checked by the route, answering
a 422 that names the field.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import Depends, Request
from indigo_shared.bounds import DEAL_SCORE_MAX, DEAL_SCORE_MIN
from indigo_shared.events import Condition, Platform, Wash
from indigo_shared.text import check_text
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from indigo_api.errors import invalid, relocated

# No NUL; a lone surrogate cannot reach a query string (it is not UTF-8), only a JSON body.
TEXT_PATTERN = "^[^\\u0000]*$"


def Text(
    max_length: int,
    *,
    min_length: int = 0,
    pattern: re.Pattern | None = None,
    message: str = "",
    **schema,
):
    """A text parameter: at most ``max_length`` characters, no NUL, no unpaired surrogate, and
    matching ``pattern`` when given (checked with Python's ``re``, as the schema states it). An
    empty filter (``?brand=``, as forms send unset fields) filters nothing."""

    def check(value: str) -> str | None:
        check_text(value)
        if not value and not min_length:
            return None
        if pattern is not None and not pattern.match(value):
            raise ValueError(message or f"must match {pattern.pattern}")
        return value

    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(check),
        WithJsonSchema(
            {
                "type": "string",
                "minLength": min_length,
                "maxLength": max_length,
                # Empty means unset (when allowed), so the schema admits it beside the pattern.
                "pattern": TEXT_PATTERN
                if pattern is None
                else (pattern.pattern if min_length else f"^$|{pattern.pattern}"),
                **schema,
            }
        ),
    ]


def Number(ge: float, le: float, **schema):
    """A finite float within [ge, le] (``NaN``, ``Infinity``, ``1e400`` are 422)."""
    return Annotated[
        float,
        Field(ge=ge, le=le, allow_inf_nan=False),
        WithJsonSchema({"type": "number", "minimum": ge, "maximum": le, **schema}),
    ]


def Money(**schema):
    return Annotated[
        Decimal,
        Field(ge=0, le=1_000_000, allow_inf_nan=False),
        WithJsonSchema(
            {"type": "number", "minimum": 0, "maximum": 1_000_000, "description": "USD", **schema}
        ),
    ]


def Count(ge: int, le: int, **schema):
    return Annotated[
        int,
        Field(ge=ge, le=le),
        WithJsonSchema({"type": "integer", "minimum": ge, "maximum": le, **schema}),
    ]


SIZE = re.compile(r"^\s*(\d{2}(?:\.\d)?)\s*(?:[xX/]\s*(\d{2}(?:\.\d)?))?\s*$")
ERA = re.compile(r"^\s*(?:(\d{4})s|'?(\d{2})s|(y2k|Y2K))\s*$")
CURSOR = re.compile(r"^[A-Za-z0-9_-]+$")
ListingSort = Literal["created_at", "price", "trend_score", "deal_score"]
SortOrder = Literal["asc", "desc"]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(Params):
    """An endpoint without query parameters still refuses unknown ones."""


class ListingsParams(Params):
    keywords: (
        Text(
            200,
            min_length=1,
            examples=["levis 501 selvedge"],
            description="words every listing must hold, read as /listings/search reads them "
            "(stems, other spellings, typos); combines with every other filter",
        )
        | None
    ) = None
    platform: Platform | None = None
    brand: Text(100, examples=["Levi's"]) | None = None
    min_price: Money(examples=[50]) | None = None
    max_price: Money(examples=[150]) | None = None
    size: (
        Text(
            20,
            pattern=SIZE,
            message="size must be a waist (32) or waist x inseam (32x30), in inches",
            examples=["32x30"],
            description="tag waist, or waist x inseam, in inches",
        )
        | None
    ) = None
    condition: Condition | None = Field(
        default=None, description="normalized condition (the listing's `condition`)"
    )
    lot: Text(30, examples=["501"], description="lot number or model") | None = None
    model: Text(30, description="the same as lot") | None = None
    waist: Number(20, 60, description="tag waist, inches") | None = None
    inseam: Number(20, 44, description="tag inseam, inches") | None = None
    era: (
        Text(
            10,
            pattern=ERA,
            message="era must be a decade such as 1990s, 90s or Y2K",
            examples=["1990s"],
            description="1990s, 90s, Y2K",
        )
        | None
    ) = None
    wash: Wash | None = None
    made_in: Text(50, examples=["USA"]) | None = None
    selvedge: bool | None = None
    status: Literal["active", "ended"] | None = Field(
        default=None,
        description="active: still seen by syncs and not sold; ended: a full sync no longer sees "
        "it, or it was seen sold (`buying_format` `sold`)",
    )
    min_deal_score: (
        Number(
            DEAL_SCORE_MIN,
            DEAL_SCORE_MAX,
            description="a deal score of at least this: percent below comparable listings' "
            f"median, {DEAL_SCORE_MIN}..{DEAL_SCORE_MAX} (listings without a score never match)",
        )
        | None
    ) = None
    sort_by: ListingSort = "created_at"
    sort: ListingSort | None = Field(default=None, description="the same as sort_by (older name)")
    sort_order: SortOrder = "desc"
    limit: Count(1, 200) = 50
    offset: Count(0, 1_000_000) = 0
    cursor: (
        Text(400, min_length=1, pattern=CURSOR, description="a page's `next`: the page after it")
        | None
    ) = None


class SearchParams(Params):
    platform: Platform | None = None
    limit: Count(1, 200) = 50
    offset: Count(0, 5000) = 0


TrendPlatform = Literal["all", "ebay", "etsy", "reddit"]
Days = Count(1, 90, description="the window: today and the days before")


class TrendsParams(Params):
    platform: TrendPlatform = "all"
    category: Literal["brand", "lot", "size", "all"] = Field(
        default="brand",
        description='rows per brand, per lot ("Levi\'s 501"), per waist bucket, or market',
    )
    key: Text(100, examples=["Levi's"], description="one brand, lot...") | None = None
    days: Days = 7
    limit: Count(1, 200) = 50
    offset: Count(0, 100_000) = 0


class BrandTrendsParams(Params):
    platform: TrendPlatform = "all"
    days: Days = 7
    limit: Count(1, 50) = 10
    offset: Count(0, 10_000) = 0


class SummaryParams(Params):
    platform: TrendPlatform = "all"
    days: Days = 7


SyncStatusName = Literal["pending", "running", "completed", "failed", "cancelled"]


class SyncJobsParams(Params):
    platform: Platform | None = None
    status: SyncStatusName | None = None
    limit: Count(1, 100) = 20
    offset: Count(0, 100_000) = 0


Keywords = Text(200, min_length=1, examples=["levis 501"], description="words to find")


def parse_era(era: str) -> str:
    """A decade as the enricher writes it: "1990s" (also from "90s"); "Y2K" is "2000s"."""
    full, short, y2k = ERA.match(era).groups()
    if y2k:
        return "2000s"
    if short:
        return f"{'20' if int(short) < 30 else '19'}{short}s"
    return f"{full}s"


def parse_size(size: str) -> tuple[float, float | None]:
    waist, inseam = SIZE.match(size).groups()
    return float(waist), float(inseam) if inseam else None


# --- as route dependencies ----------------------------------------------------------------------
# FastAPI can read a query model itself, but it re-inspects every field's annotation on every
# request (about a millisecond for ListingsParams, more than a cached answer costs). These read
# the query string straight into the model, and document each field as FastAPI would.


def query_parameters(model: type[Params]) -> list[dict]:
    """The OpenAPI query parameters of ``model``'s fields."""
    schema = model.model_json_schema()
    assert "$defs" not in schema, f"{model.__name__}: inline every parameter's schema"
    parameters = []
    for name, field_schema in schema["properties"].items():
        description = field_schema.get("description")
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in schema.get("required", ()),
                "schema": field_schema,
                **({"description": description} if description else {}),
            }
        )
    return parameters


def from_query(model: type[Params]):
    """A dependency giving the request's query string as ``model`` (422 naming what is wrong)."""

    async def parse(request: Request) -> Params:
        query = request.query_params
        values = {}
        for key in query.keys():
            given = list(dict.fromkeys(query.getlist(key)))
            if len(given) > 1:
                # "?waist=32&waist=34" is no "either": each filter takes one value, and keeping
                # the last would answer another question than the one asked.
                raise invalid(
                    "query", key, given, f"{key} is given {len(given)} times; give one value"
                )
            values[key] = given[0]
        try:
            return model.model_validate(values)
        except ValidationError as exc:
            raise relocated(exc, "query") from None

    return Depends(parse)


def documented(*models: type[Params]) -> dict:
    """``openapi_extra`` of a route whose query parameters come from ``models``."""
    return {"parameters": [p for model in models for p in query_parameters(model)]}
