"""The migration files as dbmate reads them: a version is the number before the first "_", and
two files with one version would make one of them never run (branches merged the same day)."""

from __future__ import annotations

import re
from collections import Counter

from indigo_shared.db import MIGRATIONS_DIR

FILES = sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))


def test_every_migration_has_its_own_version():
    versions = Counter(name.split("_", 1)[0] for name in FILES)
    assert [v for v, n in versions.items() if n > 1] == []


def test_every_migration_is_named_by_version_and_has_both_directions():
    for name in FILES:
        assert re.fullmatch(r"\d{14}_[a-z0-9_]+\.sql", name), name
        text = (MIGRATIONS_DIR / name).read_text()
        assert "-- migrate:up" in text and "-- migrate:down" in text, name
