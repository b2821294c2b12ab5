"""The extractor's fast scanning finds exactly what a plain regex scan finds.

Every pattern of the extractor is run only where one of its words occurs
(:class:`~indigo_enricher.domain.extraction.text.Anchored`, ``Gated``). That is exact only if its
list of words is complete; a word left out would lose matches silently. So each pattern is run
both ways over every text the tests know: the kit's and our labelled titles, and generated listings'
titles and descriptions.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from indigo_enricher.domain.extraction import (
    condition,
    descriptors,
    era,
    made_in,
    model,
    selvedge,
    text,
    wash,
)
from indigo_enricher.domain.extraction.sizes import measured, tag
from indigo_sandbox.denim import describe, random_jeans, write_title

MODULES = (condition, descriptors, era, made_in, model, selvedge, measured, tag, wash)
TESTS = Path(__file__).resolve().parents[1]
DEV_FILE = TESTS.parents[2].parent / "shared" / "data" / "labelled" / "titles-dev.jsonl"
HELD_OUT = sorted((TESTS / "data").glob("titles-realworld*.jsonl"))


def _scanners() -> list[tuple[str, text.Gated | text.Anchored]]:
    found = []
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, (text.Gated, text.Anchored)):
                found.append((f"{module.__name__.rsplit('.', 1)[-1]}.{name}", value))
            elif isinstance(value, tuple):  # the wash, condition, dating and size tables
                for n, row in enumerate(value):
                    for item in row if isinstance(row, tuple) else (row,):
                        if isinstance(item, (text.Gated, text.Anchored)):
                            found.append(
                                (f"{module.__name__.rsplit('.', 1)[-1]}.{name}[{n}]", item)
                            )
    return found


def _texts() -> list[str]:
    titles = []
    # The held-out sets too: their continental and Japanese titles hold the words of the
    # foreign patterns.
    for path in (TESTS / "data" / "titles-resale.jsonl", DEV_FILE, *HELD_OUT):
        if path.exists():
            titles += [json.loads(line)["title"] for line in path.open(encoding="utf-8")]
    rng = random.Random(3)
    generated = []
    for _ in range(300):
        jeans = random_jeans(rng)
        generated += [write_title(jeans, rng), "\n".join(describe(jeans, rng))]
    extra = [
        "No selvedge, not redline. Crotch holes, knee blowout, missing button, re-sewn hem, "
        "w/o tags, un-washed, U.S.A. made, MIJ, made in México, circa '85, 1990's, '80s, 80's",
        "Levi's 501 Measurements: Waist 16 flat, inseam 30, fits like a 32x30, true waist 31",
    ]
    return [text.normalize(t) for t in titles + generated + extra]


SCANNERS = _scanners()
TEXTS = _texts()


def test_every_module_scans_through_the_helpers() -> None:
    assert len(SCANNERS) >= 30


@pytest.mark.parametrize(("name", "scanner"), SCANNERS, ids=[name for name, _ in SCANNERS])
def test_scanner_finds_what_the_regex_finds(name: str, scanner) -> None:
    for sample in TEXTS:
        plain = [m.span() for m in scanner.pattern.finditer(sample)]
        fast = [m.span() for m in scanner.finditer(sample, sample.lower())]
        assert fast == plain, (name, sample)


def test_selvedge_negation_read_around_the_word_finds_what_a_scan_finds() -> None:
    for sample in TEXTS + ["not a redline", "isn't a selvidge pair", "no self-edge", "nonselvage"]:
        expected = selvedge._NO_SELVEDGE.search(sample) is not None
        assert selvedge._negated(sample, sample.lower()) is expected, sample


def _found_one_by_one(words: tuple[str, ...], low: str) -> list[int]:
    return sorted(
        {
            p
            for word in words
            for p in range(len(low))
            if low.startswith(word, p) and (p == 0 or not low[p - 1].isalnum())
        }
    )


@pytest.mark.parametrize(("name", "scanner"), SCANNERS, ids=[name for name, _ in SCANNERS])
def test_word_start_gate_finds_every_start_word(name: str, scanner) -> None:
    if not isinstance(scanner, text.Anchored):
        return
    gate = text.word_start_gate(scanner.words)
    for sample in TEXTS + ["re-sewn_hem, no-holes (knee)rips", "'85 u.s.a.made ds"]:
        low = sample.lower()
        found, m = [], gate.search(low)
        while m is not None:
            found.append(m.start())
            m = gate.search(low, m.start() + 1)
        assert found == _found_one_by_one(scanner.words, low), (name, sample)


def test_tag_pairs_tried_at_their_hints_are_what_a_scan_finds() -> None:
    extra = ["W32.5 L30", '32.5x30 and 31" x 32', "L30 W32", "32 W 30 L", "27/4 28/30", "34x30x2"]
    for sample in TEXTS + extra:
        for pattern in (tag._TAG_PAIR, tag._SHORTS_PAIR):
            plain = [m.span() for m in pattern.finditer(sample)]
            assert [m.span() for m in tag._pair_matches(sample, pattern)] == plain, sample
