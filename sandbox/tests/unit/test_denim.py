"""Generated pairs and titles keep to the facts of DOMAIN.md and the forms sellers write."""

from __future__ import annotations

import random
import re
import statistics

import pytest
from indigo_sandbox.denim import Jeans, random_jeans, write_title


@pytest.fixture(scope="module")
def pairs() -> list[tuple[Jeans, str]]:
    rng = random.Random(11)
    return [(jeans, write_title(jeans, rng)) for jeans in (random_jeans(rng) for _ in range(4000))]


def test_titles_fit_ebays_80_characters_and_name_brand_and_size(pairs) -> None:
    for jeans, title in pairs:
        assert len(title) <= 80
        assert jeans.brand_form.lower() in title.lower()
        size = str(jeans.womens_size or jeans.waist)
        assert size in title


def test_titles_use_every_size_form_sellers_use(pairs) -> None:
    titles = " | ".join(title for _, title in pairs)
    for form in (
        r"\bW\d\d L\d\d\b",
        r"\b\d\dx\d\d\b",
        r"\b\d\d X \d\d\b",
        r"\b\d\d/\d\d\b",
        r"\b\d\dW \d\dL\b",
        r"\bTag(ged)? \d\dx\d\d Measures \d\dx\d\d\b",
        r"\bSize \d{1,2}\b",
        r"\bSz \d{1,2}/\d{1,2}\b",
    ):
        assert re.search(form, titles, re.IGNORECASE), form


def test_pairs_keep_to_denim_history(pairs) -> None:
    for jeans, _ in pairs:
        if jeans.line == "Big E":
            assert jeans.era in ("1950s", "1960s")
        if jeans.brand == "Levi's" and jeans.made_in == "USA" and jeans.line != "LVC":
            assert jeans.era not in ("2000s", None)
        if jeans.wash in ("acid", "stonewash"):
            assert jeans.era in ("1980s", "1990s")
        if jeans.lot in ("550", "560", "569"):
            assert jeans.era in ("1980s", "1990s", "2000s")
        if jeans.condition == "deadstock":
            assert not jeans.flaws
        if jeans.womens_size:
            assert jeans.waist is None


def test_prices_spread_by_model_and_era(pairs) -> None:
    def median(lot: str, eras: tuple[str, ...], line: str | None = None) -> float:
        return statistics.median(
            float(jeans.value_usd)
            for jeans, _ in pairs
            if jeans.lot == lot and jeans.era in eras and (line is None or jeans.line == line)
        )

    assert median("501", ("1960s",), "Big E") > 400
    assert 18 < median("550", ("2000s",)) < 40
    assert 40 < median("501", ("1990s",)) < 90


def test_levis_dominate(pairs) -> None:
    brands = [jeans.brand for jeans, _ in pairs]
    assert 0.35 < brands.count("Levi's") / len(brands) < 0.55
    assert {"Lee", "Wrangler", "Calvin Klein", "Evisu", "Gloria Vanderbilt"} <= set(brands)
