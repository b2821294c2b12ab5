"""Domain types of the enricher.

These are *not* the wire model. ``indigo_shared.events.Attributes`` is what travels over NATS;
:class:`DenimAttributes` carries the same fields so that the composition root can build the wire
model with ``Attributes(**extraction.attributes.model_dump())``, but the domain can grow (or
tighten validation) without touching the event contract.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Wash = Literal["rigid", "dark", "medium", "light", "stonewash", "acid", "black"]
Condition = Literal["deadstock", "excellent", "good", "fair", "distressed"]


class ListingText(BaseModel):
    """What the extractor reads: the listing's words plus whatever the platform states.

    ``platform_fields`` holds structured platform evidence, e.g. Etsy ``when_made`` (``"1980s"``,
    ``"before_2007"``), eBay ``condition`` (``"New with tags"``, ``"Pre-owned"``), a platform
    ``brand`` or ``size``. Unknown keys and values are ignored, never an error.
    """

    model_config = ConfigDict(frozen=True)

    title: str
    description: str | None = None
    platform: str | None = None
    platform_fields: dict[str, Any] = Field(default_factory=dict)


class DenimAttributes(BaseModel):
    """What a pair of jeans is, as far as the listing says. Unknown is ``None``, never a guess."""

    model_config = ConfigDict(frozen=True)

    brand: str | None = None
    model: str | None = None
    waist: float | None = None
    inseam: float | None = None
    measured_waist: float | None = None
    measured_inseam: float | None = None
    era: str | None = None
    wash: Wash | None = None
    made_in: str | None = None
    selvedge: bool | None = None
    condition: Condition | None = None
    flaws: list[str] = Field(default_factory=list)
    style: str | None = None
    gender: str | None = None
    tags: list[str] = Field(default_factory=list)


class Extraction(BaseModel):
    """The extractor's answer: the attributes and a confidence in 0..1 for each field it set."""

    model_config = ConfigDict(frozen=True)

    attributes: DenimAttributes
    confidence: dict[str, float] = Field(default_factory=dict)


#: The attribute fields, in the order of the model (and of the wire model ``Attributes``, which a
#: unit test holds equal): the one list every reader of attributes iterates.
ATTRIBUTE_FIELDS: tuple[str, ...] = tuple(DenimAttributes.model_fields)
