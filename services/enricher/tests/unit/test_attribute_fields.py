"""One attribute field list: the enricher's domain model, the extractor and the wire agree."""

from __future__ import annotations

from indigo_enricher.domain import ListingText, extract
from indigo_enricher.domain.llm import ASKABLE_FIELDS
from indigo_enricher.domain.models import ATTRIBUTE_FIELDS, DenimAttributes
from indigo_shared.events import Attributes


def test_domain_fields_equal_the_wire_attributes() -> None:
    assert tuple(DenimAttributes.model_fields) == tuple(Attributes.model_fields)
    assert ATTRIBUTE_FIELDS == tuple(Attributes.model_fields)


def test_every_field_the_extractor_sets_travels_on_the_wire() -> None:
    title = (
        "NWT Levi's 501 Big E Selvedge Redline Mens Straight Jeans 32x30 Measures 31x29 "
        "Made in USA 1960s Dark Wash Small Hole"
    )
    result = extract(ListingText(title=title))
    set_fields = set(result.attributes.model_dump(exclude_defaults=True))
    assert set_fields == set(result.confidence)
    assert set_fields == set(ATTRIBUTE_FIELDS)  # a title that states every field
    assert (
        Attributes(**result.attributes.model_dump()).model_dump() == result.attributes.model_dump()
    )


def test_the_llm_may_be_asked_for_every_field_but_tags() -> None:
    assert set(ASKABLE_FIELDS) == set(ATTRIBUTE_FIELDS) - {"tags"}
