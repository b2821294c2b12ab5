"""How services plug into ``indigo`` without importing each other.

Three entry-point groups, declared in each package's ``pyproject.toml``:

- ``indigo.commands``: a ``click.Command`` added as a top-level subcommand (``indigo sandbox``).
- ``indigo.parsers``: ``parse(text: str) -> list[Listing]`` for ``indigo parse <name> FILE``; it
  raises :class:`indigo_shared.parsing.NotAResponse` for a body that is not the platform's response.
- ``indigo.services``: a callable with no arguments that runs one long-lived service process
  (``indigo run <name>``); ``indigo dev`` starts each of them as its own process.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points


def discover(group: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in sorted(entry_points(group=group), key=lambda ep: ep.name)}
