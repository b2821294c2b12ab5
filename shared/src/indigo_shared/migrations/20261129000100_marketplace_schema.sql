-- migrate:up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The read model the API serves. One row per (platform, external_id); the id is a UUIDv5 of that
-- pair, so rebuilding the table from the event log gives every listing its old id back.
CREATE TABLE marketplace_listings (
    id               uuid PRIMARY KEY,
    platform         text NOT NULL CHECK (platform IN ('ebay', 'etsy', 'reddit')),
    external_id      text NOT NULL,
    url              text,
    title            text NOT NULL,
    description      text,
    price            numeric(12, 2),
    currency         char(3),
    price_usd        numeric(12, 2),
    shipping_cost    numeric(12, 2),
    condition        text,
    brand            text,
    size             text,
    image_urls       text[] NOT NULL DEFAULT '{}',
    seller_username  text,
    location         text,
    buying_format    text,
    listed_at        timestamptz,
    ends_at          timestamptz,
    engagement       jsonb NOT NULL DEFAULT '{}',
    trend_score      double precision,
    ai_tags          text[] NOT NULL DEFAULT '{}',
    raw_data         jsonb NOT NULL DEFAULT '{}',
    content_hash     text NOT NULL,
    -- enriched attributes, as columns for filtering
    model            text,
    waist            real,
    inseam           real,
    measured_waist   real,
    measured_inseam  real,
    era              text,
    wash             text,
    made_in          text,
    selvedge         boolean,
    attr_condition   text,
    attributes       jsonb NOT NULL DEFAULT '{}',
    enrichment       jsonb NOT NULL DEFAULT '{}',
    sync_job_id      uuid,
    collected_at     timestamptz NOT NULL,
    enriched_at      timestamptz,
    first_seen_at    timestamptz NOT NULL,
    last_seen_at     timestamptz NOT NULL,
    ended_at         timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, external_id)
);
CREATE INDEX marketplace_listings_platform_created_idx ON marketplace_listings (platform, created_at DESC, id);
CREATE INDEX marketplace_listings_created_idx ON marketplace_listings (created_at DESC, id);
CREATE INDEX marketplace_listings_price_idx ON marketplace_listings (price_usd, id);
CREATE INDEX marketplace_listings_trend_idx ON marketplace_listings (trend_score DESC NULLS LAST, id);
CREATE INDEX marketplace_listings_brand_idx ON marketplace_listings (lower(brand), created_at DESC);
CREATE INDEX marketplace_listings_model_idx ON marketplace_listings (model) WHERE model IS NOT NULL;
CREATE INDEX marketplace_listings_title_trgm_idx ON marketplace_listings USING gin (title gin_trgm_ops);

-- Every price a listing was seen at; a row is added when the price changes.
CREATE TABLE marketplace_price_history (
    listing_id   uuid NOT NULL REFERENCES marketplace_listings (id) ON DELETE CASCADE,
    observed_at  timestamptz NOT NULL,
    price        numeric(12, 2),
    currency     char(3),
    price_usd    numeric(12, 2),
    PRIMARY KEY (listing_id, observed_at)
);

CREATE TABLE marketplace_sync_jobs (
    id             uuid PRIMARY KEY,
    platform       text NOT NULL,
    status         text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    keywords       text,
    "limit"        integer,
    filters        jsonb NOT NULL DEFAULT '{}',
    fetched        integer NOT NULL DEFAULT 0,
    published      integer NOT NULL DEFAULT 0,
    unchanged      integer NOT NULL DEFAULT 0,
    errors         integer NOT NULL DEFAULT 0,
    error          text,
    requested_at   timestamptz,
    started_at     timestamptz,
    finished_at    timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_sync_jobs_platform_idx ON marketplace_sync_jobs (platform, requested_at DESC);
CREATE INDEX marketplace_sync_jobs_requested_idx ON marketplace_sync_jobs (requested_at DESC);

CREATE TABLE marketplace_trends (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_start   date NOT NULL,
    period         text NOT NULL DEFAULT 'day',
    platform       text NOT NULL,
    category       text NOT NULL,
    key            text NOT NULL,
    listing_count  integer NOT NULL DEFAULT 0,
    new_count      integer NOT NULL DEFAULT 0,
    ended_count    integer NOT NULL DEFAULT 0,
    sample_count   integer NOT NULL DEFAULT 0,
    avg_price_usd  numeric(12, 2),
    median_price_usd numeric(12, 2),
    p25_price_usd  numeric(12, 2),
    p75_price_usd  numeric(12, 2),
    min_price_usd  numeric(12, 2),
    max_price_usd  numeric(12, 2),
    insights       jsonb NOT NULL DEFAULT '{}',
    computed_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (period, period_start, platform, category, key)
);
CREATE INDEX marketplace_trends_lookup_idx ON marketplace_trends (category, period_start DESC);

-- Marketplace API credentials; secrets are stored encrypted, never in clear.
CREATE TABLE marketplace_credentials (
    id                uuid PRIMARY KEY,
    platform          text NOT NULL,
    name              text NOT NULL,
    client_id         text,
    encrypted_secret  bytea NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (platform, name)
);

CREATE TABLE marketplace_saved_searches (
    id            uuid PRIMARY KEY,
    name          text NOT NULL,
    platform      text,
    keywords      text NOT NULL,
    filters       jsonb NOT NULL DEFAULT '{}',
    webhook_url   text,
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_matched_at timestamptz
);

-- migrate:down
DROP TABLE marketplace_saved_searches;
DROP TABLE marketplace_credentials;
DROP TABLE marketplace_trends;
DROP TABLE marketplace_sync_jobs;
DROP TABLE marketplace_price_history;
DROP TABLE marketplace_listings;
