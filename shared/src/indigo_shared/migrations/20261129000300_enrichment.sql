-- migrate:up

-- LLM answers by the text they answer, so the same listing text is never paid for twice: a
-- re-synced unchanged listing, a cross-posted one, a replay. The key is a SHA-256 of the prompt
-- version, the model, the fields asked and the listing's text (not its price or counters). The
-- enricher reads and writes it; `answer` is the model's item as received (validated again on
-- every read, so stricter validation never needs a new call).
CREATE TABLE enrichment_llm_cache (
    cache_key          text PRIMARY KEY,
    prompt_version     text NOT NULL,
    model              text NOT NULL,
    outcome            text NOT NULL CHECK (outcome IN ('answered', 'refused')),
    answer             jsonb NOT NULL DEFAULT '{}',
    refusal            text,
    -- the listing that paid for it ("<platform>:<external_id>"): it keeps recording the cost,
    -- any other listing reusing the answer records 0, so summing listings sums the spend
    paid_by            text NOT NULL,
    prompt_tokens      integer NOT NULL DEFAULT 0,
    completion_tokens  integer NOT NULL DEFAULT 0,
    cost_usd           numeric(14, 8) NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enrichment_llm_cache_created_idx ON enrichment_llm_cache (created_at);

-- `POST /api/marketplace/analyze/{listing_id}` jobs. The API inserts the pending row; the
-- api-projector follows the enricher's `analysis.status` events. No foreign key to the listing:
-- a rebuild may project a job before its listing, and a job is history either way.
CREATE TABLE marketplace_analysis_jobs (
    id            uuid PRIMARY KEY,
    listing_id    uuid NOT NULL,
    platform      text NOT NULL,
    external_id   text NOT NULL,
    status        text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    error         text,
    attributes    jsonb,
    enrichment    jsonb,
    requested_at  timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_analysis_jobs_listing_idx
    ON marketplace_analysis_jobs (listing_id, requested_at DESC);

-- migrate:down
DROP TABLE marketplace_analysis_jobs;
DROP TABLE enrichment_llm_cache;
