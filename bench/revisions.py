"""Files as they were at a git revision: the baselines some benchmarks measure beside now."""

from __future__ import annotations

import subprocess
from pathlib import Path

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
