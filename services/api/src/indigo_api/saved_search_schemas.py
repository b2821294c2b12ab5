"""Request and response bodies of ``/saved-searches`` (separate from the wire events and from the
alerts service's domain; the stored JSON of ``filters`` and ``triggers`` is their contract)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from indigo_shared.bounds import DEAL_SCORE_MAX, DEAL_SCORE_MIN
from indigo_shared.events import Condition, Platform, Wash
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from indigo_api.schemas import Money

Delivery = Literal["instant", "hourly", "daily"]
MAX_PRICE = Decimal(100_000_000)


def _char_class(chars: str) -> str:
    """The characters as the body of a regex class, runs as ranges, each written ``\\uXXXX`` (so
    Python's ``re``, pydantic's Rust regex and ECMAScript read it alike)."""
    points, parts = sorted(map(ord, chars)), []
    start = previous = points[0]
    for point in [*points[1:], None]:
        if point is not None and point == previous + 1:
            previous = point
            continue
        parts.append(f"\\u{start:04x}" + (f"-\\u{previous:04x}" if previous > start else ""))
        if point is not None:
            start = previous = point
    return "".join(parts)


#: What ``str.strip`` removes (``str.isspace``), spelled out: ``\\s`` differs between engines.
SPACE = _char_class("".join(c for c in map(chr, range(0x110000)) if c.isspace()))
#: Text PostgreSQL can store (no NUL) holding something besides whitespace.
NOT_BLANK = f"^[^\\u0000]*[^\\u0000{SPACE}][^\\u0000]*$"
NO_NUL = "^[^\\u0000]*$"
#: A decade: 1990s (1870s to 2090s), 90s or '90s, or Y2K; case and surrounding spaces aside.
ERA = (
    f"^[{SPACE}]*(?:((?:18|19|20)[0-9]0)|'?([0-9]0))[sS][{SPACE}]*$"
    f"|^[{SPACE}]*([yY]2[kK])[{SPACE}]*$"
)
ERA_RE = re.compile(ERA)


def decade(era: str) -> str:
    """A decade as the enricher writes it: "1990s" (also from "90s"); "Y2K" is "2000s"."""
    full, short, y2k = ERA_RE.match(era).groups()
    if y2k:
        return "2000s"
    if short:
        return f"{'20' if int(short) < 30 else '19'}{short}s"
    return f"{full}s"


def Matching(pattern: str, message: str) -> tuple:  # noqa: N802 - part of a type
    """``pattern`` stated in the schema and checked with ``message`` as the 422's words (pydantic's
    own would quote the regex to the person who typed the text)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(message)
        return value

    return Field(json_schema_extra={"pattern": pattern}), AfterValidator(check)


NOT_BLANK_TEXT = Matching(NOT_BLANK, "must hold more than spaces, and no NUL character")
NO_NUL_TEXT = Matching(NO_NUL, "must not hold a NUL character")


def TrimmedText(max_length: int):  # noqa: N802 - a type: TrimmedText(100)
    """Text a person typed: at most ``max_length`` characters as sent, not only whitespace, no
    NUL; kept without the whitespace around it (the limit is on what was sent, as the schema
    says, so no longer text is accepted for the spaces around it)."""
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length),
        *NOT_BLANK_TEXT,
        AfterValidator(str.strip),
    ]


Name = TrimmedText(100)
Word = TrimmedText(60)
Era = Annotated[
    str,
    Field(max_length=20, examples=["1990s", "90s", "Y2K"]),
    *Matching(ERA, "must be a decade such as 1990s, 90s or Y2K"),
    AfterValidator(decade),
]


def _json_number_as_decimal(value: object) -> object:
    """A JSON number as the Decimal it reads as (0.1 is 0.1, not the float's binary value);
    anything else is left for the strict Decimal check to refuse (no "12" strings, no true)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def Usd(*, above_zero: bool = False, **schema):  # noqa: N802 - a type: Usd()
    """US dollars, a JSON number from 0 (or above 0) to ``MAX_PRICE``."""
    low = {"gt": 0} if above_zero else {"ge": 0}
    return Annotated[
        Decimal,
        BeforeValidator(_json_number_as_decimal),
        Field(**low, le=MAX_PRICE, allow_inf_nan=False),
        WithJsonSchema(
            {
                "type": "number",
                ("exclusiveMinimum" if above_zero else "minimum"): 0,
                "maximum": int(MAX_PRICE),
                **schema,
            }
        ),
    ]


def _refuse_null(value: object) -> object:
    if value is None:
        raise ValueError("leave the field out instead of sending null")
    return value


#: An optional field that is left out when unwanted, never null (the 422 names the field).
NotNull = BeforeValidator(_refuse_null)


def _absent_not_null(schema: dict) -> None:
    """The document says what ``NotNull`` checks: no null option and no null default."""
    for prop in schema.get("properties", {}).values():
        options = prop.get("anyOf", [])
        if {"type": "null"} in options:
            kept = [option for option in options if option != {"type": "null"}]
            del prop["anyOf"]
            prop.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
            prop.pop("default", None)


def _at_least_one_property(schema: dict) -> None:
    _absent_not_null(schema)
    schema["minProperties"] = 1


def _exactly_one_of(schema: dict) -> None:
    """A number or a range object can never both be valid: ``oneOf`` says so."""
    if "anyOf" in schema:
        schema["oneOf"] = schema.pop("anyOf")


class _Body(BaseModel):
    # Strict: a JSON body's types are what the schema says (no "12" for 12, no 1 for true).
    model_config = ConfigDict(extra="forbid", strict=True)


Inch = Annotated[float, Field(ge=10, le=70, allow_inf_nan=False)]


class InchRange(_Body):
    """Inches from ``min`` to ``max`` (both included); either may be left out, not both."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_at_least_one_property)

    min: Annotated[Inch | None, NotNull] = None
    max: Annotated[Inch | None, NotNull] = None

    @model_validator(mode="after")
    def _ordered(self):
        # Not statable in the schema (it relates two values): the test's hook names it.
        if not self.model_fields_set:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


#: Tag inches: exactly this size, or a range.
Inches = Annotated[Inch | InchRange, Field(json_schema_extra=_exactly_one_of)]
#: Lists mean "any of"; a value given twice counts once (the stored list has it once).
AnyOf = partial(Field, default_factory=list)


class CriteriaIn(_Body):
    """What a listing must be to match; every criterion given must hold, lists mean "any of".
    Null, an empty list or leaving it out: no such criterion. At least one criterion."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "keywords": "levis 501 selvedge",
                    "platforms": ["ebay", "etsy"],
                    "max_price_usd": 250,
                    "waist": {"min": 32, "max": 33},
                    "inseam": 32,
                    "eras": ["1980s"],
                }
            ]
        },
    )

    keywords: Annotated[str, Field(min_length=1, max_length=200), *NOT_BLANK_TEXT] | None = Field(
        default=None,
        description="words to find, as GET /listings/search finds them (typos included); at "
        "least one that search reads (not only stop words such as 'the')",
    )
    platforms: list[Platform] = AnyOf(max_length=3)
    min_price_usd: Usd() | None = None
    max_price_usd: Usd() | None = Field(default=None, description="at least min_price_usd")
    brands: list[Word] = AnyOf(max_length=20, examples=[["Levi's"]])
    lots: list[Word] = AnyOf(max_length=20, examples=[["501", "505"]])
    waist: Inches | None = Field(default=None, description="tag waist: inches, or a range")
    inseam: Inches | None = Field(default=None, description="tag inseam: inches, or a range")
    eras: list[Era] = AnyOf(max_length=10, examples=[["1990s", "Y2K"]])
    washes: list[Wash] = AnyOf(max_length=7)
    made_in: list[Word] = AnyOf(max_length=10, examples=[["USA"]])
    selvedge: bool | None = None
    conditions: list[Condition] = AnyOf(
        max_length=5, description="the listing's normalized condition (as GET /listings filters)"
    )
    min_deal_score: (
        Annotated[float, Field(ge=DEAL_SCORE_MIN, le=DEAL_SCORE_MAX, allow_inf_nan=False)] | None
    ) = Field(
        default=None,
        description="a deal score of at least this: percent below comparable listings' median "
        f"price, {DEAL_SCORE_MIN}..{DEAL_SCORE_MAX} (see the listings' deal.score); a listing "
        "without a score never matches",
    )

    @field_validator("platforms", "washes", "brands", "lots", "eras", "made_in", "conditions")
    @classmethod
    def _once_each(cls, values: list) -> list:
        return list(dict.fromkeys(values))

    @model_validator(mode="after")
    def _consistent(self):
        # Neither is statable in the schema (one relates two values; null and [] mean "no such
        # criterion"): the test's hook names both.
        low, high = self.min_price_usd, self.max_price_usd
        if low is not None and high is not None and low > high:
            raise ValueError("min_price_usd is greater than max_price_usd")
        if not self.model_dump(exclude_defaults=True):
            raise ValueError("a saved search needs at least one criterion")
        return self

    def stored_filters(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"keywords"}, exclude_defaults=True)


class PriceDropIn(_Body):
    """Give ``percent``, ``below_usd`` or both."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_at_least_one_property)

    percent: Annotated[
        Annotated[float, Field(gt=0, lt=100, allow_inf_nan=False)] | None, NotNull
    ] = Field(default=None, description="at least this many percent below the last alert")
    below_usd: Annotated[Usd(above_zero=True) | None, NotNull] = Field(
        default=None, description="or at or below this USD price"
    )

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise ValueError("give percent, below_usd or both")
        return self


class TriggersIn(_Body):
    new: bool = Field(default=True, description="a listing matches for the first time")
    price_drop: PriceDropIn | None = Field(
        default=None, description="a matched listing's price falls"
    )
    back_on_market: bool = Field(
        default=False, description="a matched listing that had ended is seen again"
    )

    @model_validator(mode="after")
    def _something(self):
        # Not stated in the schema (it relates three fields and their defaults): the test's
        # hook names it.
        if not (self.new or self.price_drop or self.back_on_market):
            raise ValueError("a saved search needs at least one trigger")
        return self


class CriteriaChange(CriteriaIn):
    """The criteria to change (null or [] clears one); those left out keep their values. The
    search's criteria once changed are checked whole: at least one, minimum at most maximum."""

    @model_validator(mode="after")
    def _consistent(self):
        return self  # checked on the merged criteria, not on the change alone


class TriggersChange(TriggersIn):
    """The triggers to change; those left out keep their values (at least one stays on)."""

    @model_validator(mode="after")
    def _something(self):
        return self  # checked on the merged triggers


class ChannelIn(_Body):
    type: Literal["webhook", "apprise"] = Field(
        description="webhook: an https URL receiving signed JSON (Standard Webhooks); apprise: "
        "an Apprise URL (discord://, slack://, tgram://, ntfy://, mailto://, json://, ...)"
    )
    url: Annotated[str, *NO_NUL_TEXT] = Field(
        min_length=1,
        max_length=2048,
        description="checked when saved: a URL of its type reaching a public host",
    )


class SavedSearchIn(_Body):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "name": "Big E 501s in my size",
                    "criteria": {"keywords": "levis 501 big e", "waist": {"min": 32, "max": 33}},
                    "triggers": {"new": True, "price_drop": {"percent": 10}},
                    "delivery": "instant",
                    "channels": [{"type": "webhook", "url": "https://example.com/hooks/indigo"}],
                }
            ]
        },
    )

    name: Name
    criteria: CriteriaIn
    triggers: TriggersIn = Field(default_factory=TriggersIn)
    delivery: Delivery = Field(
        default="instant", description="instant, or an hourly or daily digest (UTC periods)"
    )
    notify_existing: bool = Field(
        default=False, description="alert for the listings that match when the search is saved"
    )
    active: bool = True
    channels: list[ChannelIn] = Field(default_factory=list, max_length=10)


class SavedSearchUpdate(_Body):
    """The fields to change, at least one; a field left out keeps its value (null is refused)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_at_least_one_property)

    name: Annotated[Name | None, NotNull] = None
    criteria: Annotated[CriteriaChange | None, NotNull] = None
    triggers: Annotated[TriggersChange | None, NotNull] = None
    delivery: Annotated[Delivery | None, NotNull] = None
    notify_existing: Annotated[bool | None, NotNull] = None
    active: Annotated[bool | None, NotNull] = None

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        return self


# --- responses ----------------------------------------------------------------------------------


class ChannelOut(BaseModel):
    id: uuid.UUID
    type: str
    target: str = Field(description="the URL with its secrets starred")
    status: Literal["active", "paused", "disabled"] = Field(
        description="paused after repeated failures (resume it), disabled by a 410 Gone"
    )
    status_reason: str | None
    consecutive_failures: int
    last_success_at: datetime | None
    last_failure_at: datetime | None
    previous_secret_valid_until: datetime | None = Field(
        default=None, description="after a rotation: the old secret signs too until then"
    )
    created_at: datetime


class ChannelCreatedOut(ChannelOut):
    secret: str | None = Field(
        default=None,
        description="webhooks: the signing secret (whsec_...), shown this once; keep it to verify "
        "the webhook-signature header",
    )


class InchRangeOut(BaseModel):
    min: float | None = None
    max: float | None = None


class CriteriaOut(BaseModel):
    keywords: str | None = None
    platforms: list[str] = []
    min_price_usd: Money | None = None
    max_price_usd: Money | None = None
    brands: list[str] = []
    lots: list[str] = []
    waist: float | InchRangeOut | None = None
    inseam: float | InchRangeOut | None = None
    eras: list[str] = []
    washes: list[str] = []
    made_in: list[str] = []
    selvedge: bool | None = None
    conditions: list[str] = []
    min_deal_score: float | None = None


class PriceDropOut(BaseModel):
    percent: float | None = None
    below_usd: Money | None = None


class TriggersOut(BaseModel):
    new: bool = True
    price_drop: PriceDropOut | None = None
    back_on_market: bool = False


class SavedSearchOut(BaseModel):
    id: uuid.UUID
    name: str
    criteria: CriteriaOut
    keyword_terms: list[list[str]] = Field(
        description="the keywords as search reads them: one group of stems per word (a typo's "
        "group holds the nearest words listings use)"
    )
    triggers: TriggersOut
    delivery: str
    notify_existing: bool
    active: bool
    channels: list[ChannelOut]
    matches: int = Field(description="matches recorded (GET …/matches)")
    last_matched_at: datetime | None
    existing_matches_recorded: bool = Field(
        description="whether the listings that matched when it was saved (or last changed) are "
        "in its matches yet (the alerts service records them within seconds)"
    )
    created_at: datetime
    updated_at: datetime


class SavedSearchCreatedOut(SavedSearchOut):
    channels: list[ChannelCreatedOut]


class WhyOut(BaseModel):
    reason: str = Field(
        description="the trigger in words: 'a listing matches the search for the first time', "
        "'price dropped 12.5% from 80.00 USD to 70.00 USD', 'back on the market'"
    )
    criteria: list[str] = Field(description="each criterion the listing meets, in words")


class MatchOut(BaseModel):
    id: uuid.UUID
    trigger: str
    notified: bool = Field(description="false: recorded without an alert (notify_existing off)")
    delivery: str
    listing: dict[str, Any]
    price: Money | None
    currency: str | None
    price_usd: Money | None
    previous_price: Money | None
    why: WhyOut
    matched_at: datetime


class AttemptOut(BaseModel):
    attempt: int
    started_at: datetime
    latency_ms: int
    status_code: int | None
    outcome: str
    error: str | None


class DeliveryOut(BaseModel):
    id: uuid.UUID = Field(description="the webhook-id header, the same on every attempt")
    channel_id: uuid.UUID
    kind: Literal["match", "digest", "test"]
    match_id: uuid.UUID | None
    digest_period: datetime | None
    status: Literal["pending", "held", "delivered", "failed", "cancelled"]
    attempts: int
    next_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    log: list[AttemptOut]


class AlertTestAttemptOut(BaseModel):
    channel_id: uuid.UUID
    delivery_id: uuid.UUID | None
    outcome: str
    status_code: int | None
    latency_ms: int | None
    error: str | None


class AlertTestOut(BaseModel):
    delivered: int
    attempts: list[AlertTestAttemptOut]


class CountOut(BaseModel):
    count: int


class SecretOut(BaseModel):
    channel_id: uuid.UUID
    secret: str = Field(description="the new signing secret, shown this once")
    previous_secret_valid_until: datetime
