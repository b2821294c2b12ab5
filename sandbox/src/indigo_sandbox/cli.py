"""``indigo sandbox``: serve the marketplace sandboxes until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import click
from aiohttp import web

from indigo_sandbox.app import EBAY_PREFIX, ETSY_PREFIX, REDDIT_PREFIX, create_app
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.etsy import EtsySandboxConfig
from indigo_sandbox.reddit import RedditSandboxConfig


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8900, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help="Seed of the generated listings: the same seed and time give the same catalogue.",
)
def sandbox(host: str, port: int, seed: int) -> None:
    """Run local stand-ins for the marketplace APIs (eBay, Etsy and Reddit)."""
    ebay = EbaySandboxConfig(seed=seed)
    ebay_url = f"http://{host}:{port}{EBAY_PREFIX}"
    etsy = EtsySandboxConfig(seed=seed)
    etsy_url = f"http://{host}:{port}{ETSY_PREFIX}"
    reddit = RedditSandboxConfig(seed=seed)
    reddit_url = f"http://{host}:{port}{REDDIT_PREFIX}"

    def announce(_aiohttp_banner: str) -> None:  # called once the port is bound
        click.echo(f"eBay: {ebay_url}")
        click.echo(
            f"  EBAY_API_BASE={ebay_url} EBAY_CLIENT_ID={ebay.client_id} "
            f"EBAY_CLIENT_SECRET={ebay.client_secret}"
        )
        click.echo(f"Etsy: {etsy_url}")
        click.echo(
            f"  ETSY_API_BASE={etsy_url} ETSY_API_KEY={etsy.keystring} "
            f"ETSY_SHARED_SECRET={etsy.shared_secret}"
        )
        click.echo(f"Reddit: {reddit_url}")
        click.echo(
            f"  REDDIT_OAUTH_URL={reddit_url} REDDIT_URL={reddit_url} "
            f"REDDIT_CLIENT_ID={reddit.client_id} REDDIT_CLIENT_SECRET={reddit.client_secret}"
        )
        click.echo("Press Ctrl-C to stop.")

    # run_app stops cleanly on SIGINT and SIGTERM.
    web.run_app(
        create_app(ebay=ebay, etsy=etsy, reddit=reddit), host=host, port=port, print=announce
    )
