"""``indigo extract`` through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner
from indigo_enricher.cli import extract
from indigo_shared.events import Attributes


def _run(stdin: str, *args: str):
    return CliRunner().invoke(extract, list(args), input=stdin)


def test_good_lines_print_one_attributes_object_each_in_order() -> None:
    lines = [
        {"title": "Levi’s 501 Jeans W32 L30 80s Made in USA"},
        {"title": "Wrangler 13MWZ 34x34 Rigid", "platform": "ebay", "condition": "New with tags"},
        {
            "title": "Vintage Mom Jeans",
            "platform": "etsy",
            "when_made": "1990s",
            "description": "Lee Riders. Acid wash.",
        },
    ]
    result = _run("\n".join(json.dumps(line) for line in lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    first, second, third = (Attributes.model_validate(o) for o in out)
    assert (first.brand, first.model, first.waist, first.inseam, first.era, first.made_in) == (
        "Levi's",
        "501",
        32,
        30,
        "1980s",
        "USA",
    )
    assert (second.brand, second.model, second.wash, second.condition) == (
        "Wrangler",
        "13MWZ",
        "rigid",
        "deadstock",
    )
    assert (third.brand, third.era, third.wash) == ("Lee", "1990s", "acid")
    assert set(out[0]) == set(Attributes.model_fields)  # the full wire model, nulls included
    assert result.stderr == ""


def test_bad_lines_are_reported_with_their_number_and_the_rest_still_printed() -> None:
    stdin = (
        "\n".join(
            [
                json.dumps({"title": "Levi's 505 36x30"}),  # 1
                "",  # 2: blank, skipped
                "{not json",  # 3
                json.dumps({"description": "no title"}),  # 4
                json.dumps({"title": 501}),  # 5
                json.dumps(["Levi's"]),  # 6
                json.dumps({"title": "Lee 101Z 32x32"}),  # 7
            ]
        )
        + "\n"
    )
    result = _run(stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["model"] for o in out] == ["505", "101Z"]
    errors = result.stderr.splitlines()
    assert len(errors) == 4
    for number, error in zip((3, 4, 5, 6), errors, strict=True):
        assert f"line {number}:" in error
    assert "title" in errors[1] and "title" in errors[2]


def test_blank_input_is_fine() -> None:
    result = _run("\n\n")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_reads_a_file_argument(tmp_path) -> None:
    path = tmp_path / "titles.jsonl"
    path.write_text(
        json.dumps({"title": "Levis 550 Jeans 40x29 Made in Canada"}) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(extract, [str(path)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["made_in"] == "Canada"


def test_dash_reads_stdin() -> None:
    result = _run(json.dumps({"title": "Evisu Y2K W36 L32"}) + "\n", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["era"] == "2000s"
