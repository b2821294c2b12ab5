-- migrate:up
-- GET /listings at a million listings, measured (bench/query_latency.py): a page sorts in an
-- index's order and stops after its rows, and its total counts from an index alone (index-only
-- scan), so each index carries the filters' columns, as keys or INCLUDEd. Bitmaps ANDed from
-- single-column indexes (20261129000500) still sent a count to ~30,000 heap pages.

-- What a pair is: lot (compared upper-cased: "501xx" finds "501XX"), then tag size, newest first.
DROP INDEX marketplace_listings_lot_idx;
CREATE INDEX marketplace_listings_lot_idx
    ON marketplace_listings (upper(model), waist, created_at DESC)
    INCLUDE (inseam, brand, model, platform, price_usd, ended_at)
    WHERE model IS NOT NULL;
-- A lot belongs to its brand: without this the planner multiplies their selectivities, takes
-- "Levi's 501" for a rarity and sorts every match instead of reading the index in order.
CREATE STATISTICS marketplace_listings_lot_stats (mcv, dependencies)
    ON upper(model), lower(brand), waist FROM marketplace_listings;
DROP INDEX marketplace_listings_size_idx;
CREATE INDEX marketplace_listings_size_idx
    ON marketplace_listings (waist, inseam) INCLUDE (platform, price_usd) WHERE waist IS NOT NULL;
-- What a pair looks like: era and wash, then price (a price range reads in price order).
DROP INDEX marketplace_listings_era_idx;
DROP INDEX marketplace_listings_wash_idx;
CREATE INDEX marketplace_listings_look_idx
    ON marketplace_listings (era, wash, price_usd) INCLUDE (platform, made_in, ended_at)
    WHERE era IS NOT NULL;
-- Dearest first, no price last (the seed's price index serves cheapest first).
CREATE INDEX marketplace_listings_price_desc_idx
    ON marketplace_listings (price_usd DESC NULLS LAST, id DESC);
-- Best deals first, in the order the API sorts them (DESC NULLS LAST; DESC alone is NULLS FIRST).
DROP INDEX marketplace_listing_deals_score_idx;
CREATE INDEX marketplace_listing_deals_score_idx
    ON marketplace_listing_deals (deal_score DESC NULLS LAST) WHERE deal_score IS NOT NULL;

-- migrate:down
DROP INDEX marketplace_listing_deals_score_idx;
CREATE INDEX marketplace_listing_deals_score_idx ON marketplace_listing_deals (deal_score DESC)
    WHERE deal_score IS NOT NULL;
DROP INDEX marketplace_listings_price_desc_idx;
DROP INDEX marketplace_listings_look_idx;
CREATE INDEX marketplace_listings_wash_idx ON marketplace_listings (wash) WHERE wash IS NOT NULL;
CREATE INDEX marketplace_listings_era_idx ON marketplace_listings (era) WHERE era IS NOT NULL;
DROP INDEX marketplace_listings_size_idx;
CREATE INDEX marketplace_listings_size_idx
    ON marketplace_listings (waist, inseam) WHERE waist IS NOT NULL;
DROP STATISTICS marketplace_listings_lot_stats;
DROP INDEX marketplace_listings_lot_idx;
CREATE INDEX marketplace_listings_lot_idx
    ON marketplace_listings (upper(model), waist, created_at DESC) WHERE model IS NOT NULL;
