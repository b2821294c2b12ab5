"""The market-entry migration on a database with listings: it marks stale every tracked day from
the earliest market entry (listed, else first seen) to today, so the refresh recomputes them
under the new rule; the way down marks them again."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from indigo_shared.db import MIGRATIONS_DIR, create_pool, migrate
from indigo_shared.embedded import create_database
from indigo_shared.events import utcnow
from indigo_shared.testing import with_database
from indigo_trends.adapters import repository

pytestmark = pytest.mark.integration
NEW = "20261203001600_trends_market_entry.sql"

INSERT = """
INSERT INTO trends_listings (platform, external_id, price_since, listed_at, first_seen_at,
                             last_seen_at, collected_at)
VALUES ('ebay', $1, $3, $2, $3, $3, $3)
"""


async def test_the_migration_marks_the_tracked_days_from_the_earliest_entry(
    postgres_server_url, tmp_path
):
    name = f"indigo_migration_{uuid.uuid4().hex[:8]}"
    await create_database(postgres_server_url, name)
    url = with_database(postgres_server_url, name)
    before = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, before)
    (before / NEW).unlink()
    migrate(url, migrations_dir=before)

    now = utcnow()
    today = now.date()
    pool = await create_pool(url)
    try:
        await pool.execute(INSERT, "listed", now - timedelta(days=10), now)
        await pool.execute(INSERT, "unlisted", None, now - timedelta(days=3))
        migrate(url)
        days = [r["day"] for r in await pool.fetch("SELECT day FROM trends_dirty_days ORDER BY 1")]
        assert days == [today - timedelta(days=n) for n in range(10, -1, -1)]

        # A listing time of 1970: every tracked day, none before (the way down marks them too).
        await pool.execute("DELETE FROM trends_dirty_days")
        await pool.execute(INSERT, "old", datetime(1970, 1, 1, tzinfo=UTC), now)
        down = (MIGRATIONS_DIR / NEW).read_text().split("-- migrate:down", 1)[1]
        await pool.execute(down)
        days = [r["day"] for r in await pool.fetch("SELECT day FROM trends_dirty_days ORDER BY 1")]
        assert days[0] == repository.oldest_tracked_day(today) and days[-1] == today
        assert len(days) == repository.HISTORY_DAYS + 1
    finally:
        await pool.close()
