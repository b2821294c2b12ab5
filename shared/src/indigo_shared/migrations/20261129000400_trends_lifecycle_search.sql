-- migrate:up
-- Trends, listing lifecycle, deal scores and search (issue 5).

-- The trend figures the seed's table lacked. Prices stay in USD in the columns; the same figures in
-- each listing currency go in currency_stats: {"GBP": {"sample_count": 3, "avg": 60.0,
-- "median": 58.0, "p25": 50.0, "p75": 65.0, "min": 45.0, "max": 80.0}}. engagement averages what
-- the platforms report: {"watchers": {"avg": 4.2, "sample_count": 30}, ...}.
ALTER TABLE marketplace_trends
    ADD COLUMN currency_stats jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN engagement jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN avg_days_on_market numeric(8, 2);
CREATE INDEX marketplace_trends_platform_idx
    ON marketplace_trends (platform, category, period_start DESC, key);

-- The trends service's own view of each listing, from its own consumers (ListingEnriched,
-- ListingsSeen, SyncStatusChanged), so that its figures never wait on another service's tables.
CREATE TABLE trends_listings (
    platform             text NOT NULL,
    external_id          text NOT NULL,
    brand                text,
    lot                  text,           -- the model under its brand: "Levi's 501"
    size_bucket          text,           -- two inches of waist: "W32-33"
    condition            text,
    deal_group           text,           -- listings comparable for a deal score share it
    price                numeric(12, 2),
    currency             char(3),
    price_usd            numeric(12, 2),
    price_since          timestamptz NOT NULL,  -- when the current price was first observed
    engagement           jsonb NOT NULL DEFAULT '{}',
    listed_at            timestamptz,
    first_seen_at        timestamptz NOT NULL,
    last_seen_at         timestamptz NOT NULL,
    ended_at             timestamptz,
    collected_at         timestamptz NOT NULL,  -- of the newest ListingEnriched applied
    lifecycle_changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, external_id)
);
CREATE INDEX trends_listings_unended_idx ON trends_listings (last_seen_at) WHERE ended_at IS NULL;
CREATE INDEX trends_listings_deal_group_idx ON trends_listings (deal_group)
    WHERE deal_group IS NOT NULL AND ended_at IS NULL;
CREATE INDEX trends_listings_lifecycle_idx ON trends_listings (lifecycle_changed_at);

-- Every price a listing was observed at; a row is added when it changes.
CREATE TABLE trends_prices (
    platform     text NOT NULL,
    external_id  text NOT NULL,
    observed_at  timestamptz NOT NULL,
    price        numeric(12, 2),
    currency     char(3),
    price_usd    numeric(12, 2),
    PRIMARY KEY (platform, external_id, observed_at)
);

-- Which searches saw a listing, and when last: a listing has ended when a full sync of one of
-- its searches no longer sees it.
CREATE TABLE trends_sightings (
    platform      text NOT NULL,
    external_id   text NOT NULL,
    search_key    text NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (platform, external_id, search_key)
);

CREATE TABLE trends_sync_jobs (
    job_id       uuid PRIMARY KEY,
    platform     text NOT NULL,
    search_key   text NOT NULL,
    status       text NOT NULL,
    "full"       boolean,
    listings     integer NOT NULL DEFAULT 0,  -- published + unchanged: what its pages named
    started_at   timestamptz,
    finished_at  timestamptz,
    occurred_at  timestamptz NOT NULL
);
CREATE INDEX trends_sync_jobs_full_idx ON trends_sync_jobs (search_key, started_at DESC)
    WHERE "full" AND status = 'completed';

-- The ListingsSeen pages applied per job: a job's absence of a listing counts only once all of
-- its pages are in.
CREATE TABLE trends_seen_pages (
    job_id    uuid NOT NULL,
    page      integer NOT NULL,
    listings  integer NOT NULL,
    PRIMARY KEY (job_id, page)
);

-- Work left for the refresher: days whose trend rows and deal groups whose scores are stale.
-- version grows with every mark, so a refresh clears only the marks it has seen.
CREATE TABLE trends_dirty_days (
    day      date PRIMARY KEY,
    version  bigint NOT NULL DEFAULT 1
);
CREATE TABLE trends_dirty_deal_groups (
    deal_group  text PRIMARY KEY,
    version     bigint NOT NULL DEFAULT 1
);

CREATE TABLE trends_rollups (
    day          date PRIMARY KEY,
    finished_at  timestamptz NOT NULL
);

-- Deal scores, read by the API: how far a listing's USD price sits below the median of its
-- comparable live listings (same brand, lot, size bucket and condition), in percent. A listing
-- with too few comparables has a row with a null score and the number it had.
CREATE TABLE marketplace_listing_deals (
    platform               text NOT NULL,
    external_id            text NOT NULL,
    deal_score             numeric(7, 1),
    comparables            integer NOT NULL,
    comparable_median_usd  numeric(12, 2),
    computed_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, external_id)
);
CREATE INDEX marketplace_listing_deals_score_idx ON marketplace_listing_deals (deal_score DESC)
    WHERE deal_score IS NOT NULL;

-- Full-text search over title (A), brand and lot (B) and description (C).
ALTER TABLE marketplace_listings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(brand, '') || ' ' || coalesce(model, '')), 'B')
    || setweight(to_tsvector('english', left(coalesce(description, ''), 20000)), 'C')
) STORED;
CREATE INDEX marketplace_listings_search_idx ON marketplace_listings USING gin (search_vector);

-- The words of titles, brands and lots as full-text search stems them; a query word that is not
-- one of them is matched to its nearest ones by trigram similarity ("levls" -> "levi").
CREATE TABLE marketplace_search_terms (term text PRIMARY KEY);
CREATE INDEX marketplace_search_terms_trgm_idx
    ON marketplace_search_terms USING gist (term gist_trgm_ops);
INSERT INTO marketplace_search_terms (term)
SELECT DISTINCT t.lexeme
FROM marketplace_listings l,
     unnest(to_tsvector('english', l.title || ' ' || coalesce(l.brand, '') || ' '
                                   || coalesce(l.model, ''))) AS t
ON CONFLICT DO NOTHING;

-- LLM spend per listing, out of the enrichment JSON, so /stats sums an index instead of every
-- row's JSON. A value that is not a number reads as null rather than failing the write.
ALTER TABLE marketplace_listings
    ADD COLUMN llm_tokens bigint GENERATED ALWAYS AS (
        CASE WHEN jsonb_typeof(enrichment -> 'tokens_used') = 'number'
                  AND (enrichment ->> 'tokens_used') ~ '^[0-9]{1,18}$'
             THEN (enrichment ->> 'tokens_used')::bigint END
    ) STORED,
    ADD COLUMN llm_cost_usd numeric GENERATED ALWAYS AS (
        CASE WHEN (enrichment ->> 'cost_usd') ~ '^-?[0-9]{1,12}(\.[0-9]{1,12})?$'
             THEN (enrichment ->> 'cost_usd')::numeric END
    ) STORED;
CREATE INDEX marketplace_listings_llm_idx ON marketplace_listings (llm_tokens, llm_cost_usd)
    WHERE llm_tokens IS NOT NULL OR llm_cost_usd IS NOT NULL;

-- The sync-job clean-up deletes by age.
CREATE INDEX marketplace_sync_jobs_updated_idx ON marketplace_sync_jobs (updated_at);

-- migrate:down
DROP INDEX marketplace_sync_jobs_updated_idx;
DROP INDEX marketplace_listings_llm_idx;
ALTER TABLE marketplace_listings DROP COLUMN llm_cost_usd, DROP COLUMN llm_tokens;
DROP TABLE marketplace_search_terms;
DROP INDEX marketplace_listings_search_idx;
ALTER TABLE marketplace_listings DROP COLUMN search_vector;
DROP TABLE marketplace_listing_deals;
DROP TABLE trends_rollups;
DROP TABLE trends_dirty_deal_groups;
DROP TABLE trends_dirty_days;
DROP TABLE trends_seen_pages;
DROP TABLE trends_sync_jobs;
DROP TABLE trends_sightings;
DROP TABLE trends_prices;
DROP TABLE trends_listings;
DROP INDEX marketplace_trends_platform_idx;
ALTER TABLE marketplace_trends
    DROP COLUMN avg_days_on_market, DROP COLUMN engagement, DROP COLUMN currency_stats;
