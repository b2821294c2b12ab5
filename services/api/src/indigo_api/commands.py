"""``indigo apikey`` and ``indigo credentials``: the administration the API's tables hold, from
the command line (discovered through the ``indigo.commands`` entry points).

Both reach PostgreSQL through ``DATABASE_URL`` (or the running ``indigo dev``) and use the server
secret (``INDIGO_SECRET_KEY``; in development ``.indigo/secret-key``, as the services do).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import click
from indigo_shared import credentials as stored
from indigo_shared.db import connect
from indigo_shared.oauth_tokens import refresh_history
from indigo_shared.sealed import legacy_keys
from indigo_shared.secret_keys import (
    DecryptionFailed,
    SecretKeys,
    UnknownKey,
    new_secret,
    require_secret_keys,
)
from indigo_shared.settings import IndigoSettings, MissingEndpoint

from indigo_api import api_keys

DURATION = re.compile(r"^(\d+)\s*([dhm])$")


def _run(work: Callable[[asyncpg.Connection, SecretKeys], Awaitable[Any]]) -> Any:
    settings = IndigoSettings()
    try:
        url = settings.require_database_url()
    except MissingEndpoint as exc:
        raise click.ClickException(str(exc)) from exc
    keys = require_secret_keys(settings)

    async def go() -> Any:
        try:
            conn = await connect(url, timeout=10)
        except (OSError, asyncpg.PostgresError) as exc:
            raise click.ClickException(f"PostgreSQL unreachable: {exc}") from exc
        try:
            return await work(conn, keys)
        finally:
            await conn.close()

    return asyncio.run(go())


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else "-"


# --- indigo apikey ------------------------------------------------------------------------------


@click.group()
def apikey() -> None:
    """API keys: who may trigger syncs, analyses, alerts and change credentials."""


def _expiry(expires_in: str | None) -> datetime | None:
    if expires_in is None:
        return None
    match = DURATION.match(expires_in.strip())
    if not match:
        raise click.BadParameter("a number of days, hours or minutes: 30d, 12h, 90m")
    count, unit = int(match.group(1)), match.group(2)
    units = {"d": "days", "h": "hours", "m": "minutes"}
    return datetime.now(UTC) + timedelta(**{units[unit]: count})


@apikey.command("create")
@click.option("--name", required=True, help="who or what uses it")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(api_keys.SCOPES),
    default=("read",),
    show_default=True,
    help="repeatable",
)
@click.option("--expires-in", default=None, help="30d, 12h, 90m (default: never)")
def create_key(name: str, scopes: tuple[str, ...], expires_in: str | None) -> None:
    """Create a key and print it (it is shown this once: only its hash is stored)."""
    expires_at = _expiry(expires_in)

    async def work(conn, keys):
        return await api_keys.create(conn, keys, name=name, scopes=scopes, expires_at=expires_at)

    try:
        created = _run(work)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    record = created.record
    click.echo(
        f"created API key {record.public_id} ({record.name}): scopes {', '.join(record.scopes)},"
        f" expires {_when(record.expires_at) if record.expires_at else 'never'}."
        " It is shown once:",
        err=True,
    )
    click.echo(created.key)


@apikey.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="revoked keys too")
@click.option("--json", "as_json", is_flag=True)
def list_keys(include_revoked: bool, as_json: bool) -> None:
    """The keys (never the keys themselves: their ids, names, scopes and times)."""
    found = _run(lambda conn, keys: api_keys.list_keys(conn, include_revoked=include_revoked))
    if as_json:
        for key in found:
            click.echo(
                json.dumps(
                    {
                        "id": key.public_id,
                        "name": key.name,
                        "scopes": list(key.scopes),
                        "created_at": _when(key.created_at),
                        "expires_at": key.expires_at and _when(key.expires_at),
                        "revoked_at": key.revoked_at and _when(key.revoked_at),
                        "last_used_at": key.last_used_at and _when(key.last_used_at),
                    }
                )
            )
        return
    click.echo(f"{'id':<13} {'name':<24} {'scopes':<28} {'expires':<26} {'last used':<26} revoked")
    for key in found:
        click.echo(
            f"{key.public_id:<13} {key.name[:24]:<24} {','.join(key.scopes):<28} "
            f"{_when(key.expires_at):<26} {_when(key.last_used_at):<26} {_when(key.revoked_at)}"
        )


@apikey.command("revoke")
@click.argument("key")
def revoke_key(key: str) -> None:
    """Revoke a key by its id (the 12 characters after indigo_) or every live key of a name."""
    revoked = _run(lambda conn, keys: api_keys.revoke(conn, key))
    if not revoked:
        raise click.ClickException(f"no live API key {key!r}")
    for record in revoked:
        click.echo(f"revoked {record.public_id} ({record.name})")


@apikey.command("dev-key", hidden=True)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def dev_key(file: Path) -> None:
    """The development key `indigo dev` prints: the one in FILE while it is valid, else a new
    one with every scope, written to FILE (mode 0600)."""

    try:
        kept = file.read_text().strip()
    except FileNotFoundError:
        kept = ""

    async def work(conn, keys):
        if kept:
            record = await api_keys.find(conn, keys, kept)
            if record and record.revoked_at is None and not record.expired(datetime.now(UTC)):
                return kept
        created = await api_keys.create(
            conn, keys, name="development (indigo dev)", scopes=api_keys.SCOPES
        )
        return created.key

    key = _run(work)
    if key != kept:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(key + "\n")
    click.echo(key)


# --- indigo credentials -------------------------------------------------------------------------


@click.group()
def credentials() -> None:
    """Marketplace credentials at rest, encrypted under INDIGO_SECRET_KEY."""


PLATFORM = click.Choice(tuple(stored.FIELDS))


@credentials.command("set")
@click.argument("platform", type=PLATFORM)
@click.option(
    "--from-env",
    is_flag=True,
    help="take them from the platform's variables (EBAY_CLIENT_ID, EBAY_CLIENT_SECRET, ...)",
)
def set_credentials(platform: str, from_env: bool) -> None:
    """Store a marketplace's credentials (asked for, the secret without echo). Collectors whose
    environment has none use them from their next sync on."""
    labels = stored.LABELS[platform]
    if from_env:
        values = stored.from_environment(platform, os.environ)
        if values is None:
            variables = " and ".join(stored.FIELDS[platform].values())
            raise click.UsageError(f"--from-env: set {variables}")
    else:
        values = {
            "client_id": click.prompt(labels["client_id"]),
            "client_secret": click.prompt(labels["client_secret"], hide_input=True),
        }
    try:
        stored.check_values(platform, values)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    actor = f"indigo credentials set ({os.environ.get('USER') or 'unknown user'})"
    row = _run(lambda conn, keys: stored.store(conn, keys, platform, values, actor=actor))
    click.echo(f"stored {platform} credentials: {row.fingerprint} (key {row.key_id})")


@credentials.command("list")
def list_credentials() -> None:
    """What is stored (fingerprints and times, never a secret)."""
    rows = _run(lambda conn, keys: stored.describe(conn))
    if not rows:
        click.echo("no credentials stored")
    for row in rows:
        click.echo(
            f"{row.platform:<7} {row.fingerprint}  key {row.key_id}  updated "
            f"{_when(row.updated_at)} by {row.updated_by}"
        )


@credentials.command("delete")
@click.argument("platform", type=PLATFORM)
def delete_credentials(platform: str) -> None:
    """Forget a marketplace's stored credentials."""
    if not _run(lambda conn, keys: stored.delete(conn, platform)):
        raise click.ClickException(f"no {platform} credentials are stored")
    click.echo(f"deleted the stored {platform} credentials")


@credentials.command("rotate-key")
def rotate_key() -> None:
    """Re-encrypt every stored secret under the current INDIGO_SECRET_KEY.

    To rotate: set the new secret as INDIGO_SECRET_KEY and the old one in
    INDIGO_PREVIOUS_SECRET_KEYS (JSON list) everywhere, run this, then drop the old one."""
    try:
        legacy = legacy_keys(IndigoSettings())  # channels sealed under INDIGO_SECRETS_KEY
        done = _run(lambda conn, keys: stored.rotate(conn, keys, legacy))
    except (UnknownKey, DecryptionFailed) as exc:
        raise click.ClickException(f"nothing re-encrypted: {exc}") from exc
    click.echo(
        f"re-encrypted under key {done.key_id}: {done.credentials} credential sets, "
        f"{done.tokens} cached OAuth tokens, {done.channels} alert channels"
    )
    if done.api_keys_on_old_secret:
        click.echo(
            f"{done.api_keys_on_old_secret} live API keys are hashed under a previous secret: "
            "each is re-hashed on its next use; keep the previous secret until they have been "
            "used (`indigo apikey list`), or revoke them"
        )


@credentials.command("refreshes")
@click.argument("platform", type=click.Choice(stored.OAUTH_PLATFORMS), required=False)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def refreshes(platform: str | None, limit: int) -> None:
    """The OAuth application tokens' refresh history, newest first."""
    rows = _run(lambda conn, keys: refresh_history(conn, platform, limit=limit))
    for row in rows:
        click.echo(
            f"{_when(row.at)} {row.platform:<7} {row.outcome:<9} by {row.replica}"
            f" until {_when(row.expires_at)}"
            + (f" ({row.duration_ms} ms)" if row.duration_ms is not None else "")
            + (f": {row.error}" if row.error else "")
        )


@credentials.command("new-secret")
def print_new_secret() -> None:
    """Print a new random server secret (for INDIGO_SECRET_KEY)."""
    click.echo(new_secret())
