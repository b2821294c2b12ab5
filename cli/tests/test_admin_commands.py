"""`indigo apikey` and `indigo credentials` as an operator runs them (real processes, a real
database), and the refusal to start in production without the server secret."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import asyncpg
import pytest

SECRET = "cli-tests-secret-" + "s" * 40
PREVIOUS = "cli-tests-previous-" + "p" * 40


def indigo(*args: str, env: dict[str, str], stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "indigo_cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
    )


@pytest.fixture
def env(database_url, tmp_path) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "INDIGO_SECRET_KEY": SECRET, "INDIGO_HOME": str(tmp_path)}


def test_apikey_create_list_revoke(env):
    created = indigo(
        "apikey", "create", "--name", "grafana", "--scope", "read", "--scope", "sync",
        "--expires-in", "30d", env=env,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip()
    public_id = key.split("_")[1]
    assert key.startswith("indigo_") and "shown once" in created.stderr
    assert "read, sync" in created.stderr

    listed = indigo("apikey", "list", "--json", env=env)
    (entry,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert entry["id"] == public_id and entry["name"] == "grafana"
    assert entry["scopes"] == ["read", "sync"] and entry["expires_at"]
    assert key not in listed.stdout and key.split("_", 2)[2] not in listed.stdout

    assert "revoked " + public_id in indigo("apikey", "revoke", public_id, env=env).stdout
    again = indigo("apikey", "revoke", public_id, env=env)
    assert again.returncode == 1 and "no live API key" in again.stderr
    assert indigo("apikey", "list", "--json", env=env).stdout == ""
    assert public_id in indigo("apikey", "list", "--all", env=env).stdout

    bad = indigo("apikey", "create", "--name", "x", "--scope", "root", env=env)
    assert bad.returncode == 2 and "root" in bad.stderr


def test_the_development_key_is_kept_while_it_is_valid(env, tmp_path):
    file = tmp_path / "api-key"
    first = indigo("apikey", "dev-key", str(file), env=env).stdout.strip()
    assert file.read_text().strip() == first and oct(file.stat().st_mode)[-3:] == "600"
    assert indigo("apikey", "dev-key", str(file), env=env).stdout.strip() == first
    indigo("apikey", "revoke", first.split("_")[1], env=env)
    renewed = indigo("apikey", "dev-key", str(file), env=env).stdout.strip()
    assert renewed != first and file.read_text().strip() == renewed


async def test_credentials_set_rotate_and_list(env, database_url):
    stored = indigo(
        "credentials", "set", "reddit", env=env, stdin="reddit-app-id\nreddit-app-secret-123\n"
    )
    assert stored.returncode == 0, stored.stderr
    assert "stored reddit credentials: hmac-sha256:" in stored.stdout
    assert "reddit-app-secret-123" not in stored.stdout + stored.stderr
    from_env = indigo(
        "credentials", "set", "etsy", "--from-env",
        env={**env, "ETSY_API_KEY": "etsy-keystring", "ETSY_SHARED_SECRET": "etsy-shared-secret"},
    )  # fmt: skip
    assert from_env.returncode == 0, from_env.stderr

    rotated_env = {
        **env,
        "INDIGO_SECRET_KEY": PREVIOUS,
        "INDIGO_PREVIOUS_SECRET_KEYS": json.dumps([SECRET]),
    }
    # Without the previous secret, the rows cannot be opened: nothing is changed.
    lost = indigo("credentials", "rotate-key", env={**env, "INDIGO_SECRET_KEY": PREVIOUS})
    assert lost.returncode == 1 and "nothing re-encrypted" in lost.stderr
    rotated = indigo("credentials", "rotate-key", env=rotated_env)
    assert rotated.returncode == 0, rotated.stderr
    assert "2 credential sets" in rotated.stdout

    conn = await asyncpg.connect(database_url)
    try:
        key_ids = {
            r["key_id"] for r in await conn.fetch("SELECT key_id FROM marketplace_credentials")
        }
    finally:
        await conn.close()
    listed = indigo("credentials", "list", env={**env, "INDIGO_SECRET_KEY": PREVIOUS})
    assert len(key_ids) == 1 and key_ids.pop() in listed.stdout
    assert "etsy" in listed.stdout and "reddit" in listed.stdout
    assert "etsy-shared-secret" not in listed.stdout

    assert indigo("credentials", "delete", "etsy", env=env).returncode == 0
    assert indigo("credentials", "delete", "etsy", env=env).returncode == 1
    missing = indigo("credentials", "set", "ebay", "--from-env", env={**env, "EBAY_CLIENT_ID": ""})
    assert missing.returncode == 2 and "EBAY_CLIENT_ID" in missing.stderr


@pytest.mark.parametrize("service", ["api", "collector-ebay"])
def test_production_without_the_secret_refuses_to_start(service, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "INDIGO_SECRET_KEY"}
    env |= {
        "INDIGO_ENV": "production",
        "INDIGO_HOME": str(tmp_path),
        "DATABASE_URL": "postgresql://x",
    }
    result = subprocess.run(
        [sys.executable, "-m", "indigo_cli.main", "run", service],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert "INDIGO_SECRET_KEY is not set and INDIGO_ENV=production" in result.stderr
    assert not (tmp_path / "secret-key").exists()
