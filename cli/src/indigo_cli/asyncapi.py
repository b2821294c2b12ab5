"""``indigo asyncapi``: the AsyncAPI 3.0 document of Indigo's events, from the code."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from indigo_shared.asyncapi import render

DEFAULT_PATH = Path("docs/asyncapi.yaml")


@click.command()
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help=f"write to this file (e.g. {DEFAULT_PATH}) instead of standard output",
)  # fmt: skip
@click.option("--check", is_flag=True, help="exit 1 if --output differs from the code's document")
def asyncapi(output: Path | None, check: bool) -> None:
    """Print every stream, subject and event schema as an AsyncAPI 3.0 document."""
    text = render()
    if output is None:
        if check:
            raise click.UsageError("--check needs --output")
        click.echo(text, nl=False)
        return
    if check:
        current = output.read_text() if output.exists() else ""
        if current != text:
            click.echo(f"{output} is stale: run `indigo asyncapi -o {output}`", err=True)
            sys.exit(1)
        click.echo(f"{output} is current", err=True)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    click.echo(f"wrote {output}", err=True)
