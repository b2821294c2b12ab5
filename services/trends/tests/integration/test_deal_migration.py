"""The deal-comparables migration on a database that has listings, old deal rows and saved
searches: attributes backfilled from the read model, groups marked stale and rescored by the next
refresh, old scores inside the new bounds, unscorable listings given their reason, minimums
clamped; and down then up again."""

from __future__ import annotations

import shutil
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from indigo_shared.db import MIGRATIONS_DIR, create_pool, migrate
from indigo_shared.embedded import create_database
from indigo_shared.events import utcnow
from indigo_shared.testing import with_database
from indigo_trends.adapters import repository

pytestmark = pytest.mark.integration
NEW = "20261203001300_deal_comparables.sql"


async def test_the_migration_backfills_and_rescores(postgres_server_url, tmp_path):
    name = f"indigo_migration_{uuid.uuid4().hex[:8]}"
    await create_database(postgres_server_url, name)
    url = with_database(postgres_server_url, name)
    before = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, before)
    since = sorted(p.name for p in before.glob("*.sql") if p.name >= NEW)  # NEW and later ones
    for later in since:
        (before / later).unlink()
    migrate(url, migrations_dir=before)

    now = utcnow()
    pool = await create_pool(url)
    try:
        async with pool.acquire() as conn:
            listings = [
                # id, era, selvedge, attributes, condition, price
                ("g1", "1960s", True, {"tags": ["big e"], "flaws": []}, "good", 508),
                ("t1", None, None, {"flaws": []}, "good", 30),
                ("t2", None, None, {"flaws": []}, "good", 36),
                ("t3", None, None, {"flaws": []}, "good", 40),
                ("t4", None, None, {"flaws": ["hemmed"]}, None, 20),
            ]
            for ext, era, selvedge, attrs, condition, price in listings:
                await conn.execute(
                    "INSERT INTO marketplace_listings (id, platform, external_id, title,"
                    " content_hash, collected_at, first_seen_at, last_seen_at, era, selvedge,"
                    " attributes) VALUES ($1, 'ebay', $2, 'Levis 501', $3, $4, $4, $4, $5, $6,"
                    " $7)",
                    uuid.uuid4(),
                    ext,
                    "0" * 32,
                    now,
                    era,
                    selvedge,
                    attrs,
                )
                await conn.execute(
                    "INSERT INTO trends_listings (platform, external_id, brand, lot, size_bucket,"
                    " condition, deal_group, price, currency, price_usd, price_since,"
                    " first_seen_at, last_seen_at, collected_at) VALUES ('ebay', $1, 'Levi''s',"
                    " 'Levi''s 501', 'W32-33', $2, $3, $4, 'USD', $4, $5, $5, $5, $5)",
                    ext,
                    condition,
                    f"Levi's 501|W32-33|{condition or '?'}",
                    Decimal(price),
                    now - timedelta(hours=1),
                )
            await conn.execute(
                "INSERT INTO trends_listings (platform, external_id, brand, price_since,"
                " first_seen_at, last_seen_at, collected_at) VALUES ('ebay', 'nolot', 'Lee',"
                " $1, $1, $1, $1)",
                now,
            )
            # The old scores: the grail against thrift pairs.
            await conn.execute(
                "INSERT INTO marketplace_listing_deals (platform, external_id, deal_score,"
                " comparables, comparable_median_usd) VALUES ('ebay', 'g1', -1311.1, 3, 36)"
            )
            await conn.execute(
                "INSERT INTO marketplace_saved_searches (id, name, keywords, filters) VALUES"
                " ($1, 'any', '501', '{\"min_deal_score\": -1000}'),"
                " ($2, 'good', '501', '{\"min_deal_score\": 20}')",
                uuid.uuid4(),
                uuid.uuid4(),
            )

        migrate(url)

        async with pool.acquire() as conn:
            row = await conn.fetchrow(
                "SELECT deal_group, era, selvedge, big_e, flaws FROM trends_listings"
                " WHERE external_id = 'g1'"
            )
            assert dict(row) == {
                "deal_group": "Levi's 501",
                "era": "1960s",
                "selvedge": True,
                "big_e": True,
                "flaws": [],
            }
            assert await conn.fetchval(
                "SELECT flaws FROM trends_listings WHERE external_id = 't4'"
            ) == ["hemmed"]
            old = await conn.fetchrow(
                "SELECT deal_score, reason FROM marketplace_listing_deals WHERE external_id = 'g1'"
            )
            assert (old["deal_score"], old["reason"]) == (Decimal(-100), None)
            assert (
                await conn.fetchval(
                    "SELECT reason FROM marketplace_listing_deals WHERE external_id = 'nolot'"
                )
                == "no_lot"
            )
            minimums = await conn.fetch(
                "SELECT (filters ->> 'min_deal_score')::numeric AS m FROM marketplace_saved_searches"
                " ORDER BY m"
            )
            assert [r["m"] for r in minimums] == [-100, 20]
            stale = await repository.stale_deal_groups(conn)
            assert [g["deal_group"] for g in stale] == ["Levi's 501"]

            # The refresh rescored: the grail has nothing to compare with; the thrift pairs
            # have each other (the hemmed pair is not one of them).
            async with conn.transaction():
                await repository.recompute_deals(conn, 2, [g["deal_group"] for g in stale])
            deals = {
                r["external_id"]: (r["deal_score"], r["comparables"], r["reason"])
                for r in await conn.fetch("SELECT * FROM marketplace_listing_deals")
            }
            assert deals["g1"] == (None, 0, "too_few_comparables")
            assert deals["t1"] == (Decimal("21.1"), 2, None)  # median of 36 and 40: 38
            assert deals["t4"] == (None, 0, "too_few_comparables")
            assert deals["nolot"] == (None, 0, "no_lot")

        for _ in since:  # back to before NEW, the later migrations first
            migrate(url, command="rollback")
        async with pool.acquire() as conn:
            assert (
                await conn.fetchval(
                    "SELECT deal_group FROM trends_listings WHERE external_id = 't1'"
                )
                == "Levi's 501|W32-33|good"
            )
        migrate(url)
    finally:
        await pool.close()
