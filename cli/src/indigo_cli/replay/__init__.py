"""``indigo replay``: the JetStream log is the system's memory.

- ``export`` / ``import``: a range of a stream as JSON lines, e.g. onto a developer's laptop;
- ``consumer <durable>``: redo a consumer's work for a range (re-enrich), through a new versioned
  consumer, a dry run unless ``--apply``;
- ``rebuild``: empty the read model and project it again from the whole log.
"""

from __future__ import annotations

import click

from indigo_cli.replay.consumer import replay_consumer
from indigo_cli.replay.files import export_events, import_events
from indigo_cli.replay.rebuild import rebuild


@click.group()
def replay() -> None:
    """Replay the event log: export/import JSON lines, redo a consumer's work, rebuild."""


for command in (export_events, import_events, replay_consumer, rebuild):
    replay.add_command(command)
