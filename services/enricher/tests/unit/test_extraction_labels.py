"""Per-field accuracy of the rule-based extractor on labelled titles, with floors.

Nine sets, scored alike (as in ``bench/extract_accuracy.py``: a field absent from a label is
unknown, so the extractor must say null there):

- the kit's ``../shared/data/labelled/titles-dev.jsonl`` (50 titles written to DOMAIN.md's
  patterns; read-only beside the repo, never copied in; skipped when absent): every field 1.00;
- our ``tests/data/titles-resale.jsonl``: titles written the way they appear on Grailed,
  Poshmark, eBay and Depop (designer, Japanese, premium, mall, streetwear and workwear brands
  beyond DOMAIN.md's list; abbreviations and hyphen-less spellings; waists after gender words and
  ``Sz``, beside women's sizes, bare; shorts inseams; plus and numeric women's sizes; "X style"
  and "like X"; collaborations), labelled by hand. Its floors sit a little under what rules-3
  reaches, so that one regression fails while a rule generalized for unseen titles may cost a
  title or two; ``NULLS_FLOOR`` guards precision: where a label leaves a field unknown, the
  extractor stays silent;
- our ``tests/data/titles-realworld.jsonl``: a held-out set written before rules-4's changes were
  made (eBay keyword soup, Poshmark, Depop lower case, Grailed, Etsy, Reddit BST posts; women's
  and plus sizes, kids' sizes, jorts, tagged/measured, common-word brands, "style"/"like"), and
  also scoring ``condition``. Floors a little under what rules-4 reaches;
- our ``tests/data/titles-realworld-2.jsonl``: a second held-out set, labelled before rules-5's
  changes (European designer sizes beside US workwear "Size 40", makers' fit names that read
  like a condition or a decade, Japanese repro makers named alone, women's sizes beside a
  waist), scored like the first. Floors a little under what rules-5 reaches;
- our ``tests/data/titles-realworld-3.jsonl``: a third held-out set of 328 titles, labelled
  before rules-6's changes were made and before its author read the extractor (eBay keyword
  soup, Poshmark women's and plus sizes, Depop lower case with emojis and slashes, Grailed
  designer and Japanese repro, Etsy eras and flat measures, Reddit BST posts with prices;
  kids' and EU sizes, "fits like" and tagged/measured, bundles, jackets, "X style", "not X",
  collaborations, titles that name no maker). rules-5 scored it brand 0.936 (0.960 once six
  labels took the vocabulary's spellings, "Fullcount", "Orslow"...), waist 0.988, measured
  waist 0.994, era 0.988, condition 0.991 (the rest 0.994-1.00); floors sit a little under
  what rules-6 reaches, scored like the others;
- our ``tests/data/titles-realworld-4.jsonl``: a fourth held-out set of 503 titles, labelled
  before rules-7's changes were made and before the extractor was run on it, aimed at what the
  first three cover least: labels outside the vocabulary (European vintage and high street,
  Japanese designer, skate and Y2K, US vintage work labels), sellers' abbreviations and
  misspellings, labels named by everyday words, "dupe"/"vibes"/"esque"/"not X", bundles, the
  size forms of every site (inseam before waist, "Sizes 30-34", coveralls, kids', plus, EU),
  model years that are no era ("Acne 1996", "LVC 1947", "Zara Z1975"), washes, countries and
  condition words. rules-6 scored it brand 0.857, waist 0.980, condition 0.990 (the rest
  0.994-1.00; nulls 0.998); floors sit a little under what rules-7 reaches;
- our ``tests/data/titles-realworld-5.jsonl``: a fifth held-out set of 440 titles, labelled
  before rules-8's changes were made and before the extractor was run on it, aimed at what the
  first four cover least: Vinted and the continental eBays in French, German, Italian, Spanish,
  Dutch, Polish and Swedish (size words "taille", "Gr.", "taglia", "talla", "maat" before
  European sizes and inch waists, "Länge", decades "années 90" / "90er Jahre", colour and grade
  words), Japanese resale titles (Yahoo! Auctions, Mercari JP and Buyee: katakana makers, "日本製",
  "赤耳", "90年代"), Depop lower case, Poshmark and Mercari women's, petite, tall and plus
  sizes, eBay keyword soup, Grailed, Reddit BST posts, bundles, kids', shorts, jackets and
  titles naming no maker. rules-7 scored it brand 0.934, waist 0.934, wash 0.934, condition
  0.945, era 0.964, made in 0.973 (the rest 0.989-1.00); on the labels as reviewed (eleven
  corrected, to the vocabulary's canonical names, the other sets' conventions and the set's own
  consistency; see the git log) brand 0.943, waist 0.936, wash 0.936, condition 0.948, era
  0.964, made in 0.973, nulls 0.992. Floors sit a little under what rules-8 reaches;
- our ``tests/data/titles-realworld-6.jsonl``: a sixth held-out set of 327 titles, labelled
  before rules-9's changes were made, before the extractor was run on it and before its lot
  rules were read, aimed at the ``model`` field: lots and style codes as sellers write them
  ("505-0217", "501-0115", "00501-2453", "LVC 55501", "LVC 1947 501XX", "Lee 101-B", "13 MWZ",
  "70505" jackets, Edwin 503/505/403) beside the Japanese repro and heritage makers' own codes,
  which the title sets leave unlabelled (Momotaro 0705SP, IH-634S, S710XX, XX-019, 200ZR, 1108,
  Lot 1001, SC40065, SD-103, 811, 3005, Evisu Lot 2000, the fits of A.P.C., Nudie, Naked &
  Famous and Diesel: brand and sizes only), with their silent neighbours (prices, years, oz
  weights, "x2", "#A123", button stamps, rises); Etsy SEO-stuffed titles and eBay soup with
  tagged and measured sizes; women's numeric and letter sizes, petite/tall/short/long, juniors'
  and kids'. rules-8 scored it brand 0.991, model 0.988, waist 0.988, inseam 0.994, measured
  waist and inseam 0.997, era 0.994, made in 0.994, condition 0.997 (wash and selvedge 1.00;
  nulls 0.997); on the labels as reviewed (five set to the vocabulary's names and the sets'
  conventions: "Stevenson Overall Co", "Re/Done", "unworn" = deadstock, a bare "Japan" = made
  in) brand 0.997, model 0.988, waist 0.988, inseam 0.994, era 0.994, made in and condition
  1.00, nulls 0.999. rules-9 reaches 1.00 on every field; floors sit a little under.
- our ``tests/data/titles-realworld-7.jsonl``: a seventh held-out set of 432 titles, labelled
  before rules-10's changes were made, before the extractor was run on it and before its rules
  were read, aimed at the ordinary run of a random sample rather than edge cases: mainstream
  Levi's, Wrangler and Lee on eBay and Mercari, mall and premium women's sizes on Poshmark and
  Depop (numeric, ``27/4``, ``26P``, plus, juniors', kids'), workwear, western, Grailed designer
  and streetwear, Reddit BST posts, Etsy eras, "style"/"like"/"not", collaborations, bundles,
  hashtags and titles naming no maker. rules-9 scored it brand 0.977, era 0.991, condition
  0.993, model, waist, inseam and wash 0.998 (measured sizes, made in and selvedge 1.00);
  rules-10 adds five brands (brand 0.988); floors sit a little under.

Every set but the kit's is scored by the same three tests, parametrized over :data:`SETS`
(field accuracy against the set's floors, nulls kept, and the set's own shape).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from indigo_enricher.domain import ListingText, extract

TESTS = Path(__file__).resolve().parents[1]
DEV_FILE = TESTS.parents[2].parent / "shared" / "data" / "labelled" / "titles-dev.jsonl"
RESALE_FILE = TESTS / "data" / "titles-resale.jsonl"
REALWORLD_FILE = TESTS / "data" / "titles-realworld.jsonl"
REALWORLD_2_FILE = TESTS / "data" / "titles-realworld-2.jsonl"
REALWORLD_3_FILE = TESTS / "data" / "titles-realworld-3.jsonl"
REALWORLD_4_FILE = TESTS / "data" / "titles-realworld-4.jsonl"
REALWORLD_5_FILE = TESTS / "data" / "titles-realworld-5.jsonl"
REALWORLD_6_FILE = TESTS / "data" / "titles-realworld-6.jsonl"
REALWORLD_7_FILE = TESTS / "data" / "titles-realworld-7.jsonl"
LISTINGS_FILE = TESTS / "data" / "listings-realworld.jsonl"
FIELDS = (
    "brand",
    "model",
    "waist",
    "inseam",
    "measured_waist",
    "measured_inseam",
    "era",
    "wash",
    "made_in",
    "selvedge",
)
DEV_FLOORS = dict.fromkeys(FIELDS, 1.0)
RESALE_FLOORS = {
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
REALWORLD_FIELDS = (*FIELDS, "condition")
REALWORLD_FLOORS = {
    "brand": 0.985,
    "model": 0.99,
    "waist": 0.985,
    "inseam": 0.99,
    "measured_waist": 0.99,
    "measured_inseam": 0.99,
    "era": 0.98,
    "wash": 0.985,
    "made_in": 0.99,
    "selvedge": 0.99,
    "condition": 0.98,
}
REALWORLD_2_FLOORS = {
    "brand": 0.98,
    "model": 0.98,
    "waist": 0.98,
    "inseam": 0.98,
    "measured_waist": 0.99,
    "measured_inseam": 0.99,
    "era": 0.98,
    "wash": 0.98,
    "made_in": 0.98,
    "selvedge": 0.98,
    "condition": 0.98,
}
REALWORLD_3_FLOORS = {
    "brand": 0.985,
    "model": 0.99,
    "waist": 0.99,
    "inseam": 0.99,
    "measured_waist": 0.99,
    "measured_inseam": 0.99,
    "era": 0.985,
    "wash": 0.99,
    "made_in": 0.99,
    "selvedge": 0.99,
    "condition": 0.985,
}
REALWORLD_4_FLOORS = {
    "brand": 0.98,
    "model": 0.99,
    "waist": 0.985,
    "inseam": 0.99,
    "measured_waist": 0.995,
    "measured_inseam": 0.995,
    "era": 0.99,
    "wash": 0.995,
    "made_in": 0.995,
    "selvedge": 0.995,
    "condition": 0.985,
}
REALWORLD_5_FLOORS = {
    "brand": 0.985,
    "model": 0.99,
    "waist": 0.99,
    "inseam": 0.99,
    "measured_waist": 0.995,
    "measured_inseam": 0.995,
    "era": 0.99,
    "wash": 0.99,
    "made_in": 0.995,
    "selvedge": 0.995,
    "condition": 0.99,
}
REALWORLD_6_FLOORS = {
    "brand": 0.99,
    "model": 0.99,
    "waist": 0.99,
    "inseam": 0.99,
    "measured_waist": 0.995,
    "measured_inseam": 0.995,
    "era": 0.99,
    "wash": 0.995,
    "made_in": 0.995,
    "selvedge": 0.995,
    "condition": 0.995,
}
REALWORLD_7_FLOORS = {
    "brand": 0.98,
    "model": 0.99,
    "waist": 0.99,
    "inseam": 0.99,
    "measured_waist": 0.995,
    "measured_inseam": 0.995,
    "era": 0.985,
    "wash": 0.99,
    "made_in": 0.995,
    "selvedge": 0.995,
    "condition": 0.985,
}
NULLS_FLOOR = 0.995
# Whole listings: descriptions name other pairs, so their floors sit lower (see the listings
# test module's docstring for the figures behind them).
LISTINGS_FLOORS = {
    "brand": 0.96,
    "model": 0.89,
    "waist": 0.93,
    "inseam": 0.98,
    "measured_waist": 0.98,
    "measured_inseam": 0.99,
    "era": 0.99,
    "wash": 0.93,
    "made_in": 0.99,
    "selvedge": 0.99,
    "condition": 0.89,
}
LISTINGS_NULLS_FLOOR = 0.98
needs_kit = pytest.mark.skipif(
    not DEV_FILE.exists(), reason=f"labelled kit not found at {DEV_FILE} (../shared is absent)"
)


def _listing_text(record: dict) -> ListingText:
    """A title set's record is its title; a whole listing's has its description, platform and
    platform fields too."""
    return ListingText(
        title=record["title"],
        description=record.get("description"),
        platform=record.get("platform"),
        platform_fields=record.get("fields", {}),
    )


@functools.cache
def _predictions(path: Path) -> list[tuple[dict, dict]]:
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    return [(record, extract(_listing_text(record)).attributes.model_dump()) for record in records]


def _same(predicted, expected) -> bool:
    if predicted is None or expected is None:
        return predicted is None and expected is None
    if isinstance(expected, bool):
        return predicted is expected
    if isinstance(expected, (int, float)):
        return float(predicted) == float(expected)
    return predicted == expected


def _assert_floor(predictions: list[tuple[dict, dict]], field: str, floor: float) -> None:
    misses = [
        f"{record['title']!r}: expected {record['label'].get(field)!r}, got {got[field]!r}"
        for record, got in predictions
        if not _same(got[field], record["label"].get(field))
    ]
    accuracy = 1 - len(misses) / len(predictions)
    assert accuracy >= floor, "\n".join(misses)


def _assert_silent_when_unknown(
    predictions: list[tuple[dict, dict]], fields, floor: float = NULLS_FLOOR
) -> None:
    """Precision: where the label leaves a field unknown, the extractor says nothing."""
    silent = total = 0
    loud = []
    for record, got in predictions:
        for field in fields:
            if field not in record["label"]:
                total += 1
                if got[field] is None:
                    silent += 1
                else:
                    loud.append(f"{record['title']!r}: {field} = {got[field]!r}")
    assert silent / total >= floor, "\n".join(loud)


def _resale_shape(labels: list[dict]) -> None:
    assert len(labels) >= 300
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 150
    assert sum("brand" not in label for label in labels) >= 20  # titles that name no maker
    assert sum("inseam" in label and label["inseam"] < 15 for label in labels) >= 5  # shorts


def _realworld_shape(labels: list[dict]) -> None:
    assert len(labels) >= 200


def _realworld_2_shape(labels: list[dict]) -> None:
    assert len(labels) >= 120
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 70


def _realworld_3_shape(labels: list[dict]) -> None:
    assert len(labels) >= 200
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 150
    assert sum("brand" not in label for label in labels) >= 15  # titles that name no maker
    assert sum("measured_waist" in label for label in labels) >= 8  # tagged / measured / fits


def _realworld_4_shape(labels: list[dict]) -> None:
    assert len(labels) >= 300
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 200
    assert sum("brand" not in label for label in labels) >= 100  # titles that name no maker
    assert sum("measured_waist" in label for label in labels) >= 8  # tagged / measured / fits
    assert sum("inseam" in label and label["inseam"] < 15 for label in labels) >= 5  # shorts
    assert sum("condition" in label for label in labels) >= 20


def _realworld_5_shape(labels: list[dict]) -> None:
    assert len(labels) >= 400
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 150
    assert sum("brand" not in label for label in labels) >= 50  # titles that name no maker
    assert sum("measured_waist" in label for label in labels) >= 8  # tagged / measured / fits
    assert sum("inseam" in label and label["inseam"] < 15 for label in labels) >= 5  # shorts
    assert sum("condition" in label for label in labels) >= 30


def _realworld_5_titles(titles: list[str]) -> None:
    japanese = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
    continental = re.compile(
        r"\b(?:taille|talla|taglia|tg|gr|größe|grösse|maat|rozmiar|herren|damen|homme|femme|"
        r"uomo|donna|hombre|mujer|heren|dames)\b",
        re.I,
    )
    assert sum(japanese.search(title) is not None for title in titles) >= 25
    assert sum(continental.search(title) is not None for title in titles) >= 80


_REPRO_MAKERS = frozenset(
    {
        "Momotaro",
        "Iron Heart",
        "Samurai Jeans",
        "Pure Blue Japan",
        "Oni Denim",
        "Fullcount",
        "Warehouse & Co",
        "Sugar Cane",
        "Studio D'Artisan",
        "The Flat Head",
        "Evisu",
    }
)


def _realworld_6_shape(labels: list[dict]) -> None:
    assert len(labels) >= 300
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 60
    assert sum("model" in label for label in labels) >= 150  # lots and style codes
    # the repro makers' own codes, which the title sets leave without a model
    repro = sum(label.get("brand") in _REPRO_MAKERS and "model" not in label for label in labels)
    assert repro >= 40
    assert sum("measured_waist" in label for label in labels) >= 8  # tagged / measured / fits
    assert sum("waist" not in label for label in labels) >= 50  # women's, kids', jackets


def _realworld_6_titles(titles: list[str]) -> None:
    lengths = re.compile(r"\b(?:petite|tall|short|long|juniors?|girls?|boys?|kids?|\d\dP)\b", re.I)
    assert sum(len(title) >= 80 for title in titles) >= 25  # Etsy SEO and eBay soup
    assert sum(lengths.search(title) is not None for title in titles) >= 40


def _realworld_7_shape(labels: list[dict]) -> None:
    assert len(labels) >= 400
    assert len({label.get("brand") for label in labels if label.get("brand")}) >= 120
    assert sum("brand" not in label for label in labels) >= 40  # titles that name no maker
    assert sum(label.get("brand") == "Levi's" for label in labels) >= 60  # the ordinary run
    assert sum("waist" not in label for label in labels) >= 60  # women's, kids', jackets


def _listings_records(records: list[dict]) -> None:
    assert len(records) >= 100
    platforms = {r["platform"] for r in records}
    assert {"ebay", "etsy", "reddit", "poshmark", "depop", "grailed"} <= platforms
    assert sum("when_made" in r["fields"] for r in records) >= 15
    assert sum("condition" in r["fields"] for r in records) >= 40
    assert all(r["description"] for r in records)


@dataclass(frozen=True)
class LabelledSet:
    """One of our labelled sets: its file, the fields it scores, their floors (and the floor of
    nulls kept), and its shape (what the set is made of: the labels, titles or whole records it
    must keep covering)."""

    name: str
    path: Path
    fields: tuple[str, ...]
    floors: dict[str, float]
    shape: Callable[[list[dict]], None] | None
    titles: Callable[[list[str]], None] | None = None
    records: Callable[[list[dict]], None] | None = None
    nulls_floor: float = NULLS_FLOOR


SETS = (
    LabelledSet("resale", RESALE_FILE, FIELDS, RESALE_FLOORS, _resale_shape),
    LabelledSet("realworld", REALWORLD_FILE, REALWORLD_FIELDS, REALWORLD_FLOORS, _realworld_shape),
    LabelledSet(
        "realworld-2", REALWORLD_2_FILE, REALWORLD_FIELDS, REALWORLD_2_FLOORS, _realworld_2_shape
    ),
    LabelledSet(
        "realworld-3", REALWORLD_3_FILE, REALWORLD_FIELDS, REALWORLD_3_FLOORS, _realworld_3_shape
    ),
    LabelledSet(
        "realworld-4", REALWORLD_4_FILE, REALWORLD_FIELDS, REALWORLD_4_FLOORS, _realworld_4_shape
    ),
    LabelledSet(
        "realworld-5",
        REALWORLD_5_FILE,
        REALWORLD_FIELDS,
        REALWORLD_5_FLOORS,
        _realworld_5_shape,
        _realworld_5_titles,
    ),
    LabelledSet(
        "realworld-6",
        REALWORLD_6_FILE,
        REALWORLD_FIELDS,
        REALWORLD_6_FLOORS,
        _realworld_6_shape,
        _realworld_6_titles,
    ),
    LabelledSet(
        "realworld-7", REALWORLD_7_FILE, REALWORLD_FIELDS, REALWORLD_7_FLOORS, _realworld_7_shape
    ),
    # Whole listings (test_extraction_listings.py describes the set and its figures).
    LabelledSet(
        "listings",
        LISTINGS_FILE,
        REALWORLD_FIELDS,
        LISTINGS_FLOORS,
        None,
        records=_listings_records,
        nulls_floor=LISTINGS_NULLS_FLOOR,
    ),
)
_BY_NAME = {labelled.name: labelled for labelled in SETS}


@needs_kit
@pytest.mark.parametrize("field", FIELDS)
def test_dev_titles_field_accuracy(field: str) -> None:
    _assert_floor(_predictions(DEV_FILE), field, DEV_FLOORS[field])


@needs_kit
def test_dev_file_shape() -> None:
    dev = _predictions(DEV_FILE)
    assert all("brand" in record["label"] for record, _ in dev)  # every dev title names one
    assert len(dev) >= 50


@pytest.mark.parametrize(
    ("name", "field"),
    [(labelled.name, field) for labelled in SETS for field in labelled.fields],
)
def test_titles_field_accuracy(name: str, field: str) -> None:
    labelled = _BY_NAME[name]
    _assert_floor(_predictions(labelled.path), field, labelled.floors[field])


@pytest.mark.parametrize("name", [labelled.name for labelled in SETS])
def test_unknown_stays_unknown(name: str) -> None:
    labelled = _BY_NAME[name]
    _assert_silent_when_unknown(_predictions(labelled.path), labelled.fields, labelled.nulls_floor)


@pytest.mark.parametrize("name", [labelled.name for labelled in SETS])
def test_set_is_big_and_varied(name: str) -> None:
    labelled = _BY_NAME[name]
    predictions = _predictions(labelled.path)
    if labelled.shape is not None:
        labelled.shape([record["label"] for record, _ in predictions])
    if labelled.records is not None:
        labelled.records([record for record, _ in predictions])
    if labelled.titles is not None:
        labelled.titles([record["title"] for record, _ in predictions])


def test_every_set_has_a_floor_for_each_field_it_scores() -> None:
    for labelled in SETS:
        assert set(labelled.floors) == set(labelled.fields), labelled.name
