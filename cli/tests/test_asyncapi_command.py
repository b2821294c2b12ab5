"""`indigo asyncapi` writes the document and `--check` catches a stale one."""

from __future__ import annotations

import yaml
from click.testing import CliRunner
from indigo_cli.asyncapi import asyncapi as command


def test_indigo_asyncapi_check_fails_on_a_stale_file(tmp_path):
    target = tmp_path / "asyncapi.yaml"
    runner = CliRunner()
    assert runner.invoke(command, ["-o", str(target)]).exit_code == 0
    assert yaml.safe_load(target.read_text())["asyncapi"] == "3.0.0"
    assert "&id" not in target.read_text()  # no YAML anchors
    assert runner.invoke(command, ["-o", str(target), "--check"]).exit_code == 0
    target.write_text(target.read_text().replace("Indigo events", "Old events"))
    stale = runner.invoke(command, ["-o", str(target), "--check"])
    assert stale.exit_code == 1 and "stale" in stale.output
