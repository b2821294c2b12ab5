-- migrate:up
-- A sold listing (buying_format 'sold': Reddit's SOLD posts and items, Etsy's sold_out) is off
-- the market from its sale until a version that is not sold. The read model keeps
-- buying_format already; trends and alerts keep whether their listing's newest version is sold,
-- so a sighting of a still-sold listing does not bring it back (see indigo_shared.sales).
ALTER TABLE trends_listings ADD COLUMN sold boolean NOT NULL DEFAULT false;
ALTER TABLE alerts_listings ADD COLUMN sold boolean NOT NULL DEFAULT false;

-- Listings projected before this migration: a sold one ends at its newest version's collection
-- (its earliest sold version is not kept; `indigo replay rebuild` finds the exact sale).
UPDATE marketplace_listings SET ended_at = collected_at, updated_at = now()
WHERE buying_format = 'sold' AND ended_at IS NULL;

UPDATE trends_listings t
SET sold = true, ended_at = coalesce(t.ended_at, t.collected_at), lifecycle_changed_at = now()
FROM marketplace_listings m
WHERE m.platform = t.platform AND m.external_id = t.external_id
  AND m.buying_format = 'sold' AND m.collected_at = t.collected_at;
-- A sold listing has no deal: its row says why, as for any ended one.
INSERT INTO marketplace_listing_deals AS d (platform, external_id, deal_score, comparables, reason)
SELECT platform, external_id, NULL, 0, 'ended' FROM trends_listings WHERE sold
ON CONFLICT (platform, external_id) DO UPDATE SET
    deal_score = NULL, comparables = 0, comparable_median_usd = NULL, comparable_group = NULL,
    reason = 'ended', computed_at = now();
-- Their days are recomputed by the trends refresh (the last 90 days, as it tracks them).
INSERT INTO trends_dirty_days (day)
SELECT generate_series(min(t.ended_at)::date, (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date
FROM trends_listings t
WHERE t.sold AND t.ended_at >= now() - interval '90 days'
HAVING count(*) > 0
ON CONFLICT (day) DO UPDATE SET version = trends_dirty_days.version + 1;

UPDATE alerts_listings a
SET sold = true, ended_at = coalesce(a.ended_at, a.collected_at)
FROM marketplace_listings m
WHERE m.platform = a.platform AND m.external_id = a.external_id
  AND m.buying_format = 'sold' AND m.collected_at = a.collected_at;

-- migrate:down
ALTER TABLE alerts_listings DROP COLUMN sold;
ALTER TABLE trends_listings DROP COLUMN sold;
