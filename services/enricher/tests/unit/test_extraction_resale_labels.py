"""Per-field accuracy of the rule-based extractor on our own resale-site titles.

``tests/data/titles-resale.jsonl``: titles written the way they appear on Grailed, Poshmark, eBay
and Depop (designer, Japanese, premium, mall, streetwear and workwear brands beyond DOMAIN.md's
list; abbreviations and hyphen-less spellings; waists after gender words and ``Sz``, beside
women's sizes, bare; shorts inseams; plus and numeric women's sizes; "X style" and "like X";
collaborations), labelled by hand. Scoring as in ``bench/extract_accuracy.py``: a field absent
from a label is unknown, so the extractor must say null there.

The floors sit a little under what rules-3 reaches (so one regression fails the test, while a
rule generalized for unseen titles may cost a title or two); ``NULLS_FLOOR`` guards precision:
on titles whose label leaves a field unknown, the extractor must stay silent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from indigo_enricher.domain import ListingText, extract

DATA = Path(__file__).resolve().parents[1] / "data" / "titles-resale.jsonl"
FLOORS = {
    "brand": 0.97,
    "model": 0.97,
    "waist": 0.96,
    "inseam": 0.98,
    "measured_waist": 0.99,
    "measured_inseam": 0.99,
    "era": 0.98,
    "wash": 0.97,
    "made_in": 0.98,
    "selvedge": 0.98,
}
NULLS_FLOOR = 0.995


def _records() -> list[dict]:
    with DATA.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _same(predicted, expected) -> bool:
    if predicted is None or expected is None:
        return predicted is None and expected is None
    if isinstance(expected, bool):
        return predicted is expected
    if isinstance(expected, (int, float)):
        return float(predicted) == float(expected)
    return predicted == expected


@pytest.fixture(scope="module")
def predictions() -> list[tuple[dict, dict]]:
    return [
        (record, extract(ListingText(title=record["title"])).attributes.model_dump())
        for record in _records()
    ]


def test_the_set_is_big_and_varied(predictions) -> None:
    labels = [record["label"] for record, _ in predictions]
    assert len(labels) >= 300
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 150
    assert sum("brand" not in label for label in labels) >= 20  # titles that name no maker
    assert sum("inseam" in label and label["inseam"] < 15 for label in labels) >= 5  # shorts


@pytest.mark.parametrize("field", FLOORS)
def test_field_accuracy_floor(field: str, predictions) -> None:
    misses = [
        f"{record['title']!r}: expected {record['label'].get(field)!r}, got {got[field]!r}"
        for record, got in predictions
        if not _same(got[field], record["label"].get(field))
    ]
    accuracy = 1 - len(misses) / len(predictions)
    assert accuracy >= FLOORS[field], "\n".join(misses)


def test_unknown_stays_unknown(predictions) -> None:
    """Precision: where the label leaves a field unknown, the extractor says nothing."""
    silent = total = 0
    loud = []
    for record, got in predictions:
        for field in FLOORS:
            if field not in record["label"]:
                total += 1
                if got[field] is None:
                    silent += 1
                else:
                    loud.append(f"{record['title']!r}: {field} = {got[field]!r}")
    assert silent / total >= NULLS_FLOOR, "\n".join(loud)
