-- migrate:up
-- Deal scores against comparable pairs (services/trends, indigo_trends.domain.deals): the same
-- brand and lot, condition class, era bucket and selvedge, then decade, Big E tab, made in and
-- size bucket when there are enough; bounded to -100..100; every listing's row says which group
-- it used, or why it has no score.

-- What the trends service keeps of a listing for that: the enrichment's era, selvedge, made in,
-- flaws and Big E tag. The classes and buckets are derived from them when scores are computed.
ALTER TABLE trends_listings
    ADD COLUMN era       text,
    ADD COLUMN selvedge  boolean,
    ADD COLUMN made_in   text,
    ADD COLUMN flaws     jsonb NOT NULL DEFAULT '[]',   -- the canonical flaw names
    ADD COLUMN big_e     boolean NOT NULL DEFAULT false;
-- Listings applied before this migration: their attributes as the read model has them (later
-- ListingEnriched events overwrite them as usual).
UPDATE trends_listings t
SET era = l.era, selvedge = l.selvedge, made_in = l.made_in,
    flaws = CASE WHEN jsonb_typeof(l.attributes -> 'flaws') = 'array'
                 THEN l.attributes -> 'flaws' ELSE '[]' END,
    big_e = coalesce(jsonb_typeof(l.attributes -> 'tags') = 'array'
                     AND (l.attributes -> 'tags') ? 'big e', false)
FROM marketplace_listings l
WHERE l.platform = t.platform AND l.external_id = t.external_id;
-- A deal group is now one brand's lot: the comparable groups are subsets of it.
UPDATE trends_listings
SET deal_group = CASE WHEN nullif(brand, '') IS NOT NULL AND nullif(lot, '') IS NOT NULL
                      THEN lot END;
DELETE FROM trends_dirty_deal_groups;
INSERT INTO trends_dirty_deal_groups (deal_group)
SELECT DISTINCT deal_group FROM trends_listings WHERE deal_group IS NOT NULL;

-- comparable_group: {"matched_on": ["brand", "lot", "condition", ...], "brand": "Levi's", ...}.
-- reason: why deal_score is null (too_few_comparables, no_lot, no_price, ended).
ALTER TABLE marketplace_listing_deals
    ADD COLUMN comparable_group  jsonb,
    ADD COLUMN reason            text;
-- The old scores until the refresh replaces them (every group is marked stale above), inside the
-- new bounds.
UPDATE marketplace_listing_deals
SET deal_score = greatest(-100, least(100, deal_score)),
    reason = CASE WHEN deal_score IS NULL THEN 'too_few_comparables' END;
ALTER TABLE marketplace_listing_deals
    ADD CONSTRAINT marketplace_listing_deals_score_range
        CHECK (deal_score BETWEEN -100 AND 100),
    ADD CONSTRAINT marketplace_listing_deals_reason_check
        CHECK (reason IN ('too_few_comparables', 'no_lot', 'no_price', 'ended'));
-- Listings that cannot be scored get their row and reason too (trends writes them from now on).
INSERT INTO marketplace_listing_deals AS d (platform, external_id, deal_score, comparables, reason)
SELECT platform, external_id, NULL, 0,
       CASE WHEN ended_at IS NOT NULL THEN 'ended'
            WHEN deal_group IS NULL THEN 'no_lot'
            ELSE 'no_price' END
FROM trends_listings
WHERE ended_at IS NOT NULL OR deal_group IS NULL OR price_usd IS NULL OR price_usd <= 0
ON CONFLICT (platform, external_id) DO UPDATE SET
    deal_score = NULL, comparables = 0, comparable_median_usd = NULL, comparable_group = NULL,
    reason = excluded.reason, computed_at = now();

-- Saved searches' min_deal_score is now -100..100; a lower minimum meant "any score", as -100
-- does now.
UPDATE marketplace_saved_searches
SET filters = jsonb_set(filters, '{min_deal_score}', '-100')
WHERE jsonb_typeof(filters -> 'min_deal_score') = 'number'
  AND (filters ->> 'min_deal_score')::numeric < -100;

-- migrate:down
ALTER TABLE marketplace_listing_deals
    DROP CONSTRAINT marketplace_listing_deals_reason_check,
    DROP CONSTRAINT marketplace_listing_deals_score_range,
    DROP COLUMN reason,
    DROP COLUMN comparable_group;
DELETE FROM marketplace_listing_deals WHERE comparable_median_usd IS NULL AND comparables = 0;
UPDATE trends_listings
SET deal_group = CASE WHEN deal_group IS NOT NULL
                      THEN lot || '|' || coalesce(size_bucket, '?') || '|' || coalesce(condition, '?')
                 END;
DELETE FROM trends_dirty_deal_groups;
INSERT INTO trends_dirty_deal_groups (deal_group)
SELECT DISTINCT deal_group FROM trends_listings WHERE deal_group IS NOT NULL;
ALTER TABLE trends_listings
    DROP COLUMN big_e,
    DROP COLUMN flaws,
    DROP COLUMN made_in,
    DROP COLUMN selvedge,
    DROP COLUMN era;
