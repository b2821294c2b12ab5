-- migrate:up
-- Issue 9: cancelled sync jobs, trend scores, and a notice on every commit to what the API serves.

-- POST /api/marketplace/sync/{job_id}/cancel ends a job "cancelled".
ALTER TABLE marketplace_sync_jobs DROP CONSTRAINT marketplace_sync_jobs_status_check;
ALTER TABLE marketplace_sync_jobs ADD CONSTRAINT marketplace_sync_jobs_status_check
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'stalled', 'cancelled'));
CREATE INDEX marketplace_sync_jobs_status_idx
    ON marketplace_sync_jobs (status, requested_at DESC) WHERE status IN ('pending', 'running');

-- Each listing's trend score, 0-100, written by the trends service (its only writer) from the
-- listing's engagement against its platform's, its recency, its deal score and the momentum of its
-- lot (or brand). `factors` holds the four parts, each 0-1, as they were weighed.
CREATE TABLE marketplace_listing_trend_scores (
    platform     text NOT NULL,
    external_id  text NOT NULL,
    trend_score  real NOT NULL CHECK (trend_score BETWEEN 0 AND 100),
    factors      jsonb NOT NULL DEFAULT '{}',
    computed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, external_id)
);
CREATE INDEX marketplace_listing_trend_scores_score_idx
    ON marketplace_listing_trend_scores (trend_score DESC, platform, external_id);
CREATE INDEX marketplace_listing_trend_scores_computed_idx
    ON marketplace_listing_trend_scores (computed_at);

-- The API caches responses for a moment; it LISTENs on indigo_read_model and drops what a commit
-- made stale. NOTIFY is delivered at commit (never for a rolled-back write), and one transaction's
-- repeated notices of one table fold into one, so a bulk upsert sends a single notice.
CREATE FUNCTION indigo_notify_read_model() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('indigo_read_model', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
DO $$
DECLARE
    served text;
BEGIN
    FOREACH served IN ARRAY ARRAY[
        'marketplace_listings', 'marketplace_price_history', 'marketplace_sync_jobs',
        'marketplace_analysis_jobs', 'marketplace_listing_deals',
        'marketplace_listing_trend_scores', 'marketplace_trends'
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER indigo_notify_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE'
            ' ON %I FOR EACH STATEMENT EXECUTE FUNCTION indigo_notify_read_model()', served);
    END LOOP;
END;
$$;

-- migrate:down
DO $$
DECLARE
    served text;
BEGIN
    FOREACH served IN ARRAY ARRAY[
        'marketplace_listings', 'marketplace_price_history', 'marketplace_sync_jobs',
        'marketplace_analysis_jobs', 'marketplace_listing_deals',
        'marketplace_listing_trend_scores', 'marketplace_trends'
    ] LOOP
        EXECUTE format('DROP TRIGGER indigo_notify_read_model ON %I', served);
    END LOOP;
END;
$$;
DROP FUNCTION indigo_notify_read_model();
DROP TABLE marketplace_listing_trend_scores;
DROP INDEX marketplace_sync_jobs_status_idx;
ALTER TABLE marketplace_sync_jobs DROP CONSTRAINT marketplace_sync_jobs_status_check;
ALTER TABLE marketplace_sync_jobs ADD CONSTRAINT marketplace_sync_jobs_status_check
    CHECK (status IN ('pending', 'running', 'completed', 'failed'));
