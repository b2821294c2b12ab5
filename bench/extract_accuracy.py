"""Accuracy and throughput of the offline rule-based extractor on labelled titles.

    .venv/bin/python bench/extract_accuracy.py [LABELLED.jsonl ...] [--errors] [--seconds N]

Default input: the kit's ``../shared/data/labelled/titles-dev.jsonl`` (beside the repo, when there)
our own resale-site set ``services/enricher/tests/data/titles-resale.jsonl`` and the held-out
``titles-realworld.jsonl``, ``titles-realworld-2.jsonl``, ``-3``, ``-4``, ``-5`` and ``-6``
beside it. Each line is ``{"title": ..., "label": {...}}`` (optionally ``description``,
``platform`` and platform fields such as ``when_made`` or ``condition`` beside the title).

Scoring. A label lists only the fields that are known, so a field absent from a label means
"unknown": the extractor is expected to say ``null`` (``[]`` for lists) there, and saying anything
else is a false positive. This holds for every scored field:

- always scored: brand, model, waist, inseam, measured_waist, measured_inseam, era, wash, made_in,
  selvedge (the dev labels state selvedge only when it is true, and the extractor sets it only
  when the listing says so);
- also scored when at least one label of the file has them: condition, flaws, style, gender, tags
  (the dev labels have none, so for them only how often they are set is printed).

Per field it prints: accuracy (prediction equals the label, including both null, over all titles),
coverage (labelled titles where the field was found at all), wrong (labelled, found, different)
and false positives (not labelled, found). Numbers compare as floats; lists as sets.
Throughput is extraction only (no JSON I/O), single process, in titles per second.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indigo_enricher.domain.extraction import EXTRACTOR_VERSION, extract
from indigo_enricher.domain.models import ATTRIBUTE_FIELDS, ListingText

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = REPO_ROOT.parent / "shared" / "data" / "labelled" / "titles-dev.jsonl"
RESALE_FILE = REPO_ROOT / "services" / "enricher" / "tests" / "data" / "titles-resale.jsonl"
REALWORLD_FILE = RESALE_FILE.with_name("titles-realworld.jsonl")
REALWORLD_2_FILE = RESALE_FILE.with_name("titles-realworld-2.jsonl")
REALWORLD_3_FILE = RESALE_FILE.with_name("titles-realworld-3.jsonl")
REALWORLD_4_FILE = RESALE_FILE.with_name("titles-realworld-4.jsonl")
REALWORLD_5_FILE = RESALE_FILE.with_name("titles-realworld-5.jsonl")
REALWORLD_6_FILE = RESALE_FILE.with_name("titles-realworld-6.jsonl")
ALWAYS_SCORED = (
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
LIST_FIELDS = ("flaws", "tags")
_NOT_PLATFORM = ("title", "description", "platform", "label", "platform_fields")


@dataclass
class FieldScore:
    correct: int = 0
    labelled: int = 0
    found_when_labelled: int = 0
    wrong: int = 0
    false_positives: int = 0
    total: int = 0


@dataclass
class Report:
    scores: dict[str, FieldScore] = field(default_factory=dict)
    set_counts: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    titles: int = 0


def listing_text(record: dict[str, Any]) -> ListingText:
    fields = {k: v for k, v in record.items() if k not in _NOT_PLATFORM}
    if isinstance(record.get("platform_fields"), dict):
        fields.update(record["platform_fields"])
    return ListingText(
        title=record["title"],
        description=record.get("description"),
        platform=record.get("platform"),
        platform_fields=fields,
    )


def _empty(value: Any) -> bool:
    return value is None or value == []


def _same(name: str, predicted: Any, expected: Any) -> bool:
    if _empty(predicted) or _empty(expected):
        return _empty(predicted) and _empty(expected)
    if name in LIST_FIELDS:
        return {str(x).lower() for x in predicted} == {str(x).lower() for x in expected}
    if isinstance(expected, bool) or isinstance(predicted, bool):
        return predicted is expected
    if isinstance(expected, (int, float)) and isinstance(predicted, (int, float)):
        return float(predicted) == float(expected)
    return predicted == expected


def load(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            title, label = record.get("title"), record.get("label")
            if not isinstance(title, str) or not isinstance(label, dict):
                raise SystemExit(f"{path}:{number}: expected {{'title': str, 'label': {{...}}}}")
            records.append(record)
    return records


def score(records: list[dict[str, Any]]) -> Report:
    labelled_fields = {k for r in records for k in r["label"]}
    scored = [f for f in ATTRIBUTE_FIELDS if f in ALWAYS_SCORED or f in labelled_fields]
    report = Report(
        scores={f: FieldScore() for f in scored}, set_counts={f: 0 for f in ATTRIBUTE_FIELDS}
    )
    for record in records:
        report.titles += 1
        predicted = extract(listing_text(record)).attributes.model_dump()
        label = record["label"]
        for name in ATTRIBUTE_FIELDS:
            if not _empty(predicted[name]):
                report.set_counts[name] += 1
        for name in scored:
            s = report.scores[name]
            s.total += 1
            expected, got = label.get(name), predicted[name]
            ok = _same(name, got, expected)
            s.correct += ok
            if not _empty(expected):
                s.labelled += 1
                s.found_when_labelled += not _empty(got)
                s.wrong += (not _empty(got)) and not ok
            elif not _empty(got):
                s.false_positives += 1
            if not ok:
                report.errors.append(
                    f"{name:16} expected {expected!r:14} got {got!r:14} | {record['title']}"
                )
    return report


def throughput(records: list[dict[str, Any]], seconds: float) -> float:
    texts = [listing_text(r) for r in records]
    count = 0
    start = time.perf_counter()
    while True:
        for text in texts:
            extract(text)
        count += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def print_report(path: Path, report: Report) -> None:
    print(f"\n{path} ({report.titles} titles, extractor {EXTRACTOR_VERSION})")
    print(f"{'field':16} {'accuracy':>9} {'coverage':>14} {'wrong':>6} {'false+':>7}")
    for name, s in report.scores.items():
        coverage = (
            (f"{s.found_when_labelled}/{s.labelled} ({s.found_when_labelled / s.labelled:.0%})")
            if s.labelled
            else "-"
        )
        print(
            f"{name:16} {s.correct / s.total:9.3f} {coverage:>14} {s.wrong:6d} "
            f"{s.false_positives:7d}"
        )
    unscored = [f for f in ATTRIBUTE_FIELDS if f not in report.scores]
    if unscored:
        print(
            "not labelled (set on how many titles): "
            + ", ".join(f"{f} {report.set_counts[f]}" for f in unscored)
        )
    correct = sum(s.correct for s in report.scores.values())
    total = sum(s.total for s in report.scores.values())
    print(f"overall field accuracy {correct / total:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="labelled JSON lines")
    parser.add_argument("--errors", action="store_true", help="list every wrong field")
    parser.add_argument("--seconds", type=float, default=2.0, help="throughput run time")
    args = parser.parse_args(argv)
    files = args.files or [
        f
        for f in (
            DEFAULT_FILE,
            RESALE_FILE,
            REALWORLD_FILE,
            REALWORLD_2_FILE,
            REALWORLD_3_FILE,
            REALWORLD_4_FILE,
            REALWORLD_5_FILE,
            REALWORLD_6_FILE,
        )
        if f.exists()
    ]
    everything: list[dict[str, Any]] = []
    for path in files:
        if not path.exists():
            print(f"{path}: no such file", file=sys.stderr)
            return 2
        records = load(path)
        everything += records
        report = score(records)
        print_report(path, report)
        if args.errors:
            for line in report.errors:
                print("  " + line)
    if everything and args.seconds > 0:
        rate = throughput(everything, args.seconds)
        print(f"\nthroughput: {rate:,.0f} titles/s (one core, extraction only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
