"""The `indigo` command as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RECORDED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "recorded" / "ebay"


def indigo(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indigo_cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_lists_every_command_contributed_by_the_packages():
    result = indigo("--help")
    assert result.returncode == 0
    for command in ("dev", "migrate", "sandbox", "sync", "run", "parse", "extract"):
        assert f"  {command}" in result.stdout


@pytest.mark.parametrize(
    "body, reason",
    [
        ("this is not json", "not JSON"),
        ('{"errors": [{"errorId": 1001, "message": "Invalid access token"}]}', "error"),
        ('{"kind": "Listing", "data": {"children": []}}', "neither itemSummaries nor itemId"),
        ("[1, 2, 3]", "list"),
    ],
)
def test_parse_ebay_rejects_what_is_not_an_ebay_response(tmp_path, body, reason):
    path = tmp_path / "response.json"
    path.write_text(body)
    result = indigo("parse", "ebay", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert reason in result.stderr and str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, "one line, no traceback"


def test_parse_unknown_platform_is_a_usage_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    result = indigo("parse", "amazon", str(path))
    assert result.returncode == 2 and "unknown platform" in result.stderr


@pytest.mark.skipif(not RECORDED.exists(), reason="../shared/data/recorded is not beside the repo")
def test_parse_ebay_prints_one_listing_per_line_of_a_recorded_search():
    path = RECORDED / "ebay_browse_search_q-iphone_2020-03-17.json"
    items = json.loads(path.read_text())["itemSummaries"]
    result = indigo("parse", "ebay", str(path))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["external_id"] for line in lines] == [item["itemId"] for item in items]
    assert all(line["platform"] == "ebay" and line["content_hash"] for line in lines)


def test_run_unknown_service_names_the_known_ones():
    result = indigo("run", "nope")
    assert result.returncode == 2
    assert "collector-ebay" in result.stderr and "api-projector" in result.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["--keywords", "   "], "--keywords: keywords must hold at least one word"),
        (["--condition", "mint"], "--condition: unknown eBay condition 'mint'"),
        (["--min-price", "50", "--max-price", "10"], "--max-price: max_price (10) is below"),
        (["--max-price", "lots"], "--max-price"),
        (["--limit", "0"], "--limit"),
    ],
)
def test_sync_refuses_what_the_collectors_would_refuse(args, says):
    """Checked before anything is sent: no NATS is needed to be told."""
    result = indigo("sync", "ebay", *args)
    assert result.returncode == 2 and says in result.stderr


def test_sync_conditions_are_ebay_only():
    result = indigo("sync", "etsy", "--condition", "used")
    assert result.returncode == 2 and "Etsy listings state no condition" in result.stderr
