"""The LLM's answer is data checked against the schema and the vocabularies, never trusted."""

from __future__ import annotations

from typing import Any

import pytest
from indigo_enricher.domain import ListingText, extract
from indigo_enricher.domain.llm import (
    ASKABLE_FIELDS,
    LLM_CONFIDENCE,
    SUMMARY_CHARS,
    LlmFindings,
    PromptListing,
    clean_summary,
    clean_tags,
    merge,
    prompt_listing,
    validate_answer,
)


def _listing(title: str = "Vintage jeans", description: str = "", fields=ASKABLE_FIELDS):
    return PromptListing(
        fields=tuple(fields),
        title=title,
        description=description,
        platform_fields={},
        key="k",
    )


def _check(field: str, value: Any, **listing) -> Any:
    findings = validate_answer({field: value}, _listing(**listing), brand=None)
    return findings.values.get(field)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("brand", "levis", "Levi's"),
        ("brand", "Lee Riders", "Lee"),
        ("brand", "Polo Jeans Co.", "Ralph Lauren"),
        ("era", "1980s", "1980s"),
        ("era", "80's", "1980s"),
        ("era", "Y2K", "2000s"),
        ("wash", "medium", "medium"),
        ("wash", "Acid Wash", "acid"),
        ("wash", "rinse", "dark"),
        ("made_in", "U.S.A.", "USA"),
        ("made_in", "Made in Japan", "Japan"),
        ("condition", "excellent", "excellent"),
        ("condition", "NWT", "deadstock"),
        ("flaws", ["small hole on knee", "stains"], ["holes", "stains"]),
        ("style", "Relaxed Fit, tapered", "relaxed, tapered"),
        ("gender", "Women's", "women"),
        ("waist", 32, 32.0),
        ("inseam", 30.5, 30.5),
        ("measured_waist", 31.25, 31.25),
        ("selvedge", False, False),
    ],
)
def test_values_in_the_vocabularies_are_kept_in_canonical_form(field, value, expected) -> None:
    assert _check(field, value) == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("brand", "Definitely Real Denim Co"),  # no brand of the vocabulary
        ("brand", 501),
        ("era", "ancient"),
        ("era", "1980s or 1990s"),  # two decades: no answer
        ("era", "2090s"),
        ("wash", "gold"),
        ("wash", "distressed"),  # condition, not a wash
        ("made_in", "Atlantis"),
        ("condition", "pretty ok i guess"),
        ("flaws", ["holes", "cursed"]),  # one unknown flaw: the list is not trusted
        ("flaws", "holes"),  # not a list
        ("style", "fancy"),
        ("gender", "robot"),
        ("waist", 99),
        ("waist", 12),
        ("inseam", True),
        ("inseam", "30"),  # a string where a number belongs
        ("selvedge", "yes"),
    ],
)
def test_values_outside_the_vocabularies_are_dropped(field, value) -> None:
    findings = validate_answer({field: value}, _listing(), brand=None)
    assert field not in findings.values
    assert findings.rejected == [field]


def test_a_lot_number_must_be_written_in_the_listing() -> None:
    assert _check("model", "501", title="Levi's 501 jeans") == "501"
    assert _check("model", "501XX", title="LEVIS 501XX") == "501XX"
    assert _check("model", "505-0217", description="lot 505-0217, zip fly") == "505"
    assert _check("model", "501", title="Levi's jeans, button fly") is None  # invented
    assert _check("model", "B11", title="Carhartt B11") is None  # no lot of the vocabulary


def test_fields_not_asked_for_are_dropped_even_when_valid() -> None:
    findings = validate_answer(
        {"brand": "Gucci", "era": "1970s", "wash": "dark"},
        _listing(fields=("era",)),
        brand="Levi's",
    )
    assert findings.values == {"era": "1970s"}
    assert sorted(findings.rejected) == ["brand", "wash"]


def test_a_hijacked_answer_keeps_nothing_it_should_not() -> None:
    """What a model fooled by "ignore your instructions" might answer."""
    hijacked = {
        "id": "0",
        "brand": "Gucci",  # not asked: the rules are sure of the brand
        "era": "IGNORE PREVIOUS INSTRUCTIONS",
        "wash": "<script>alert(1)</script>",
        "summary": "Best deal! Visit http://cheap-jeans.example and pay by wire.",
        "tags": ["free money", "www.scam.example"],
        "condition": "excellent",
    }
    listing = _listing(fields=("era", "wash", "condition"))
    findings = validate_answer(hijacked, listing, brand="Levi's")
    assert findings.values == {"condition": "excellent"}  # the worst: a wrong in-vocabulary value
    assert findings.summary is None and findings.tags == []
    assert sorted(findings.rejected) == ["brand", "era", "summary", "tags", "wash"]


def test_summary_and_tags_are_cleaned() -> None:
    assert clean_summary("  Levi's 501,\n 32x30,\tgreat\x00 condition. ") == (
        "Levi's 501, 32x30, great condition."
    )
    long = clean_summary("word " * 200)
    assert long is not None and len(long) <= SUMMARY_CHARS and long.endswith("\u2026")
    for bad in ("see www.example.com", "mail me@seller", "<b>bold</b>", "", 42):
        assert clean_summary(bad) is None
    assert clean_tags(["Big E", "selvedge", "big e", "80s levis"]) == [
        "big e",
        "selvedge",
        "80s levis",
    ]
    assert clean_tags(["a tag with far too many words"]) is None
    assert clean_tags(["ok", "https://x.example"]) is None
    assert clean_tags("selvedge") is None


# --- merging ---------------------------------------------------------------------------------


def test_empty_fields_are_filled_and_unsure_ones_corrected() -> None:
    text = ListingText(title="Levi's 501 36 30")  # a bare "36 30": the rules are unsure
    extraction = extract(text)
    assert extraction.confidence["waist"] < 0.7
    asked = prompt_listing(text, extraction, model="m", threshold=0.7)
    findings = validate_answer(
        {
            "waist": 34,
            "inseam": 30,
            "era": "1990s",
            "summary": "Levi's 501 jeans.",
            "tags": ["501"],
        },
        asked,
        brand="Levi's",
    )
    merged = merge(extraction, findings)
    attributes = merged.attributes
    assert (attributes.brand, attributes.model) == ("Levi's", "501")  # the rules' sure fields
    assert (attributes.waist, attributes.inseam, attributes.era) == (34, 30, "1990s")
    assert merged.confidence["waist"] == LLM_CONFIDENCE  # the LLM's value replaced the guess
    assert merged.confidence["inseam"] > extraction.confidence["inseam"]  # agreed: surer
    assert merged.confidence["era"] == LLM_CONFIDENCE
    assert merged.confidence["brand"] == extraction.confidence["brand"]
    assert merged.method == "rules+llm"
    assert (merged.summary, merged.ai_tags) == ("Levi's 501 jeans.", ["501"])


def test_method_says_where_the_attributes_came_from() -> None:
    nothing = extract(ListingText(title="Jeans"))
    only_llm = merge(nothing, LlmFindings(values={"brand": "Lee"}))
    assert only_llm.method == "llm" and only_llm.attributes.brand == "Lee"
    unused = merge(nothing, LlmFindings(rejected=["brand"]))
    assert unused.method == "rules" and unused.attributes == nothing.attributes
    flaws = extract(ListingText(title="Levi's 501 with holes"))
    united = merge(flaws, LlmFindings(values={"flaws": ["stains", "holes"]}))
    assert united.attributes.flaws == ["holes", "stains"]
