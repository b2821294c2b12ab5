"""The API's response and request bodies: what the frontend sees (separate from wire events)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ListingAttributesOut(BaseModel):
    model: str | None = None
    waist: float | None = None
    inseam: float | None = None
    measured_waist: float | None = None
    measured_inseam: float | None = None
    era: str | None = None
    wash: str | None = None
    made_in: str | None = None
    selvedge: bool | None = None
    condition: str | None = None
    flaws: list[str] = []
    style: str | None = None
    gender: str | None = None
    tags: list[str] = []


class ListingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    platform: str
    external_id: str
    url: str | None
    title: str
    description: str | None
    price: Money | None
    currency: str | None
    price_usd: Money | None
    shipping_cost: Money | None
    condition: str | None
    brand: str | None
    size: str | None
    image_urls: list[str]
    seller_username: str | None
    location: str | None
    buying_format: str | None
    listed_at: datetime | None
    engagement: dict[str, Any]
    trend_score: float | None
    ai_tags: list[str]
    attributes: ListingAttributesOut
    first_seen_at: datetime
    last_seen_at: datetime
    created_at: datetime
    updated_at: datetime


class PricePoint(BaseModel):
    observed_at: datetime
    price: Money | None
    currency: str | None
    price_usd: Money | None


class ListingDetailOut(ListingOut):
    raw_data: dict[str, Any]
    enrichment: dict[str, Any]
    price_history: list[PricePoint]


class SyncCountsOut(BaseModel):
    fetched: int
    published: int
    unchanged: int
    errors: int


class SyncJobOut(BaseModel):
    job_id: uuid.UUID
    platform: str
    status: Literal["pending", "running", "completed", "failed"]
    keywords: str | None
    limit: int | None
    counts: SyncCountsOut
    error: str | None
    requested_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime


class SyncTriggerIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"platform": "ebay", "keywords": "levis 501", "limit": 200}]
        },
    )

    platform: Literal["ebay", "etsy", "reddit", "all"] = "all"
    keywords: str = Field(default="vintage jeans", min_length=1, max_length=200)
    limit: int = Field(default=200, ge=1, le=10_000)
    min_price: Decimal | None = Field(default=None, ge=0)
    max_price: Decimal | None = Field(default=None, ge=0)
    conditions: list[str] = Field(default_factory=list, max_length=10)


class SyncTriggerOut(BaseModel):
    job_id: uuid.UUID = Field(description="the first job's id (the only one unless platform=all)")
    jobs: list[SyncJobOut]


class PlatformStats(BaseModel):
    platform: str
    listings: int
    last_sync: SyncJobOut | None


class ConsumerLag(BaseModel):
    stream: str
    consumer: str
    pending: int
    ack_pending: int
    redelivered: int


class StatsOut(BaseModel):
    total_listings: int
    platforms: list[PlatformStats]
    consumers: list[ConsumerLag]
    dead_letters: int | None
    database: Literal["ok", "error"]
    nats: Literal["ok", "error"]


class ErrorOut(BaseModel):
    detail: Any
