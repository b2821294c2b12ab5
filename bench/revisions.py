"""Files as they were at a git revision: the baselines some benchmarks measure beside now."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit, urlunsplit

from indigo_shared.db import MIGRATIONS_DIR, migrate

REPO_ROOT = Path(__file__).resolve().parents[1]


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    ).stdout


def file_at(revision: str, path: str) -> str:
    """The text of ``path`` (relative to the repository) at ``revision``."""
    return git("show", f"{revision}:{path}")


def names_at(revision: str, folder: str) -> list[str]:
    """The names of the files in ``folder`` at ``revision``."""
    return git("ls-tree", "--name-only", f"{revision}:{folder}").split()


def module_at(revision: str, path: str, name: str, folder: Path) -> ModuleType:
    """The module in ``path`` at ``revision``, imported as ``name`` (written into ``folder``)."""
    file = folder / f"{name}.py"
    file.write_text(file_at(revision, path))
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def migrations_at(revision: str, folder: Path) -> Path:
    """The migrations at ``revision``, written into ``folder`` (made here)."""
    relative = MIGRATIONS_DIR.relative_to(REPO_ROOT)
    folder.mkdir()
    for name in names_at(revision, str(relative)):
        (folder / name).write_text(file_at(revision, f"{relative}/{name}"))
    return folder


def database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def migrate_now_and_at(url: str, revision: str, folder: Path) -> str:
    """Migrate ``url``'s database as now, and a ``baseline`` one beside it as at ``revision``;
    returns the baseline's URL."""
    baseline_url = database(url, "baseline")
    migrate(url)
    migrate(baseline_url, migrations_dir=migrations_at(revision, folder / "migrations"))
    return baseline_url
