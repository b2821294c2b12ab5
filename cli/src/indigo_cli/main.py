"""``indigo``: the command line. Subcommands come from the installed packages' entry points."""

from __future__ import annotations

import sys

import click
from indigo_shared.parsing import NotAResponse

from indigo_cli.plugins import discover


class IndigoGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *discover("indigo.commands")})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and (ep := discover("indigo.commands").get(name)):
            command = ep.load()
        return command


@click.group(cls=IndigoGroup)
def cli() -> None:
    """Indigo: marketplace intelligence for vintage denim."""


@cli.command()
@click.argument("platform")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def parse(platform: str, file) -> None:
    """Print the normalized listings in a raw API response body, one JSON object per line."""
    parsers = discover("indigo.parsers")
    if platform not in parsers:
        raise click.UsageError(f"unknown platform {platform!r}; one of: {', '.join(parsers)}")
    try:
        listings = parsers[platform].load()(file.read())
    except NotAResponse as exc:
        click.echo(f"indigo parse {platform}: {file.name}: {exc}", err=True)
        sys.exit(2)
    except UnicodeDecodeError:
        click.echo(f"indigo parse {platform}: {file.name}: not UTF-8 text", err=True)
        sys.exit(2)
    for listing in listings:
        click.echo(listing.model_dump_json())


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
