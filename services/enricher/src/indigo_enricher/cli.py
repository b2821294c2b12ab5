"""``indigo extract [FILE|-]``: the offline rule-based extractor on JSON lines.

Each input line is a JSON object with ``title`` (a string) and optionally ``description``,
``platform`` and platform fields (any other key, e.g. Etsy ``when_made`` or eBay ``condition``;
a nested ``platform_fields`` object is merged in too, so is ``raw_data.when_made`` of a normalized
``Listing`` from ``indigo parse``). Each good line prints one line of the wire
model ``Attributes`` as JSON, in input order. A bad line prints a message naming its line number
on stderr and the others are still processed; the exit status is then 1. Blank lines are skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import click
from indigo_shared.events import Attributes

from indigo_enricher.domain import extraction
from indigo_enricher.domain.models import ListingText

_TEXT_KEYS = ("title", "description", "platform", "platform_fields")


class BadLine(ValueError):
    """A line that is not a listing the extractor can read."""


def listing_text(obj: Any) -> ListingText:
    """The extractor's input from one decoded JSON line, or :class:`BadLine` with the reason."""
    if not isinstance(obj, dict):
        raise BadLine(f"expected a JSON object, got {type(obj).__name__}")
    title = obj.get("title")
    if title is None:
        raise BadLine('no "title"')
    if not isinstance(title, str):
        raise BadLine(f'"title" must be a string, got {type(title).__name__}')
    description = obj.get("description")
    if description is not None and not isinstance(description, str):
        raise BadLine(f'"description" must be a string, got {type(description).__name__}')
    platform = obj.get("platform")
    if platform is not None and not isinstance(platform, str):
        raise BadLine(f'"platform" must be a string, got {type(platform).__name__}')
    fields = {k: v for k, v in obj.items() if k not in _TEXT_KEYS and k != "raw_data"}
    nested = obj.get("platform_fields")
    if isinstance(nested, dict):
        fields.update(nested)
    raw = obj.get("raw_data")  # a normalized Listing (``indigo parse`` output) keeps Etsy's here
    if isinstance(raw, dict) and "when_made" in raw and "when_made" not in fields:
        fields["when_made"] = raw["when_made"]
    return ListingText(
        title=title, description=description, platform=platform, platform_fields=fields
    )


def extract_lines(lines: Iterable[str]) -> Iterator[tuple[int, str | None, str | None]]:
    """For each non-blank line: (line number, ``Attributes`` JSON, None) or (line number, None,
    reason it is bad). Pure apart from the extraction; the command does the printing."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadLine(f"not JSON ({exc.msg})") from None
            text = listing_text(obj)
        except BadLine as exc:
            yield number, None, str(exc)
            continue
        result = extraction.extract(text)
        yield number, Attributes(**result.attributes.model_dump()).model_dump_json(), None


@click.command("extract")
@click.argument("file", type=click.File("r", encoding="utf-8"), default="-")
def extract(file: TextIO) -> None:
    """Print the denim attributes of each JSON line of FILE (or stdin), one JSON object per line.

    Each line needs "title"; "description", "platform" and platform fields (Etsy "when_made",
    eBay "condition", "brand", "size") are used when present. A bad line is reported on stderr
    with its line number and skipped; the exit status is then 1.
    """
    bad = 0
    try:
        for number, output, error in extract_lines(file):
            if output is not None:
                click.echo(output)
            else:
                bad += 1
                click.echo(f"indigo extract: line {number}: {error}", err=True)
    except UnicodeDecodeError:
        click.echo(f"indigo extract: {file.name}: not UTF-8 text", err=True)
        sys.exit(1)
    if bad:
        sys.exit(1)
