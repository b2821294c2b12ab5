-- migrate:up
-- Trend rows count a listing from its market entry (listed_at, else its first sighting; never
-- after that) rather than its first sighting: every tracked day that a listing counts on is
-- marked stale, and the trends service's refresh recomputes it under the new rule (the tracked
-- window is 90 days: indigo_trends.domain.listings.HISTORY_DAYS).
INSERT INTO trends_dirty_days (day)
SELECT generate_series(
    (greatest(min(least(listed_at, first_seen_at)), now() - interval '90 days')
        AT TIME ZONE 'UTC')::date,
    (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date
FROM trends_listings
HAVING count(*) > 0
ON CONFLICT (day) DO UPDATE SET version = trends_dirty_days.version + 1;

-- migrate:down
-- The rows go back to counting from first sightings: the same days are recomputed.
INSERT INTO trends_dirty_days (day)
SELECT generate_series(
    (greatest(min(least(listed_at, first_seen_at)), now() - interval '90 days')
        AT TIME ZONE 'UTC')::date,
    (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date
FROM trends_listings
HAVING count(*) > 0
ON CONFLICT (day) DO UPDATE SET version = trends_dirty_days.version + 1;
