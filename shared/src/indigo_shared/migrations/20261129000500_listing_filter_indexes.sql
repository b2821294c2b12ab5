-- migrate:up
-- Indexes for GET /listings' attribute filters at a million listings (bench/query_latency.py).
-- The lot filter compares upper-cased lots ("501xx" finds "501XX"), most often with a waist.
CREATE INDEX marketplace_listings_lot_idx
    ON marketplace_listings (upper(model), waist, created_at DESC) WHERE model IS NOT NULL;
CREATE INDEX marketplace_listings_size_idx
    ON marketplace_listings (waist, inseam) WHERE waist IS NOT NULL;
-- Few values each: the planner ANDs their bitmaps with the other filters'.
CREATE INDEX marketplace_listings_era_idx ON marketplace_listings (era) WHERE era IS NOT NULL;
CREATE INDEX marketplace_listings_wash_idx ON marketplace_listings (wash) WHERE wash IS NOT NULL;
CREATE INDEX marketplace_listings_made_in_idx
    ON marketplace_listings (lower(made_in)) WHERE made_in IS NOT NULL;
-- Listings still on the market, newest first: what a browsing buyer asks for.
CREATE INDEX marketplace_listings_active_idx
    ON marketplace_listings (created_at DESC, id) WHERE ended_at IS NULL;

-- migrate:down
DROP INDEX marketplace_listings_active_idx;
DROP INDEX marketplace_listings_made_in_idx;
DROP INDEX marketplace_listings_wash_idx;
DROP INDEX marketplace_listings_era_idx;
DROP INDEX marketplace_listings_size_idx;
DROP INDEX marketplace_listings_lot_idx;
