"""Request and response bodies of ``/saved-searches`` (separate from the wire events and from the
alerts service's domain; the stored JSON of ``filters`` and ``triggers`` is their contract)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from indigo_api.schemas import Money

Platform = Literal["ebay", "etsy", "reddit"]
Wash = Literal["rigid", "dark", "medium", "light", "stonewash", "acid", "black"]
Delivery = Literal["instant", "hourly", "daily"]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
ERA = re.compile(r"^\s*(?:(\d{4})s|'?(\d{2})s|(y2k))\s*$", re.IGNORECASE)
MAX_PRICE = Decimal(100_000_000)


def decade(era: str) -> str:
    """A decade as the enricher writes it: "1990s" (also from "90s"); "Y2K" is "2000s"."""
    match = ERA.match(era)
    if not match:
        raise ValueError(f"{era!r} is not a decade such as 1990s, 90s or Y2K")
    full, short, y2k = match.groups()
    if y2k:
        return "2000s"
    if short:
        return f"{'20' if int(short) < 30 else '19'}{short}s"
    return f"{full}s"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InchRange(_Body):
    min: float | None = Field(default=None, ge=10, le=70)
    max: float | None = Field(default=None, ge=10, le=70)

    @model_validator(mode="after")
    def _ordered(self):
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


Inches = Annotated[float, Field(ge=10, le=70)] | InchRange


class CriteriaIn(_Body):
    """What a listing must be to match; every criterion given must hold, lists mean "any of"."""

    model_config = ConfigDict(
        extra="forbid",
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

    keywords: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="words to find, as GET /listings/search finds them (typos included)",
    )
    platforms: list[Platform] = Field(default_factory=list, max_length=3)
    min_price_usd: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE)
    max_price_usd: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE)
    brands: list[Word] = Field(default_factory=list, max_length=20, examples=[["Levi's"]])
    lots: list[Word] = Field(default_factory=list, max_length=20, examples=[["501", "505"]])
    waist: Inches | None = Field(default=None, description="tag waist: inches, or a range")
    inseam: Inches | None = Field(default=None, description="tag inseam: inches, or a range")
    eras: list[str] = Field(default_factory=list, max_length=10, examples=[["1990s", "Y2K"]])
    washes: list[Wash] = Field(default_factory=list, max_length=7)
    made_in: list[Word] = Field(default_factory=list, max_length=10, examples=[["USA"]])
    selvedge: bool | None = None
    conditions: list[Word] = Field(default_factory=list, max_length=10, examples=[["excellent"]])
    min_deal_score: float | None = Field(
        default=None,
        ge=-1000,
        le=100,
        description="at least this many percent below comparable listings' median price",
    )

    @field_validator("eras")
    @classmethod
    def _decades(cls, eras: list[str]) -> list[str]:
        return list(dict.fromkeys(decade(e) for e in eras))

    @field_validator("platforms", "washes", "brands", "lots", "made_in", "conditions")
    @classmethod
    def _unique(cls, values: list) -> list:
        return list(dict.fromkeys(values))

    @model_validator(mode="after")
    def _consistent(self):
        low, high = self.min_price_usd, self.max_price_usd
        if low is not None and high is not None and low > high:
            raise ValueError("min_price_usd is greater than max_price_usd")
        if not self.model_dump(exclude_defaults=True):
            raise ValueError("a saved search needs at least one criterion")
        return self

    def stored_filters(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"keywords"}, exclude_defaults=True)


class PriceDropIn(_Body):
    percent: float | None = Field(
        default=None, gt=0, lt=100, description="at least this many percent below the last alert"
    )
    below_usd: Decimal | None = Field(
        default=None, gt=0, le=MAX_PRICE, description="or at or below this USD price"
    )

    @model_validator(mode="after")
    def _something(self):
        if self.percent is None and self.below_usd is None:
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
        if not (self.new or self.price_drop or self.back_on_market):
            raise ValueError("a saved search needs at least one trigger")
        return self


class ChannelIn(_Body):
    type: Literal["webhook", "apprise"] = Field(
        description="webhook: an https URL receiving signed JSON (Standard Webhooks); apprise: "
        "an Apprise URL (discord://, slack://, tgram://, ntfy://, mailto://, json://, ...)"
    )
    url: str = Field(min_length=1, max_length=2048)


class SavedSearchIn(_Body):
    model_config = ConfigDict(
        extra="forbid",
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


def _changes_only(schema: dict) -> None:
    """The document says what the model checks: at least one field, none of them null."""
    schema["minProperties"] = 1
    for prop in schema.get("properties", {}).values():
        if "anyOf" in prop:
            kept = [option for option in prop["anyOf"] if option.get("type") != "null"]
            prop.pop("anyOf")
            prop.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
            prop.pop("default", None)


class SavedSearchUpdate(_Body):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_changes_only)

    name: Name | None = None
    criteria: CriteriaIn | None = None
    triggers: TriggersIn | None = None
    delivery: Delivery | None = None
    notify_existing: bool | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _something(self):
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        for name in self.model_fields_set:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
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


class CriteriaOut(BaseModel):
    keywords: str | None = None
    platforms: list[str] = []
    min_price_usd: Money | None = None
    max_price_usd: Money | None = None
    brands: list[str] = []
    lots: list[str] = []
    waist: float | InchRange | None = None
    inseam: float | InchRange | None = None
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
    why: dict[str, Any]
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
