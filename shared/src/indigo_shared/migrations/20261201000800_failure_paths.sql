-- migrate:up
-- Issue 8: jobs tell the truth, one writer per table.

-- `stalled`: a running job whose collector stopped reporting (set by the projector);
-- `cancelled`: ended on request.
ALTER TABLE marketplace_sync_jobs DROP CONSTRAINT marketplace_sync_jobs_status_check;
ALTER TABLE marketplace_sync_jobs ADD CONSTRAINT marketplace_sync_jobs_status_check
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'stalled', 'cancelled'));
CREATE INDEX marketplace_sync_jobs_running_idx ON marketplace_sync_jobs (updated_at)
    WHERE status = 'running';

-- Endings (ListingEnded) the projector received before the listing's own row: applied when the
-- row arrives. Written by the projector only.
CREATE TABLE marketplace_pending_endings (
    platform     text NOT NULL,
    external_id  text NOT NULL,
    ended_at     timestamptz NOT NULL,
    PRIMARY KEY (platform, external_id)
);

-- The trends service's outbox: events committed with its state, published by its relay.
CREATE TABLE trends_outbox (
    id          bigserial PRIMARY KEY,
    subject     text NOT NULL,
    msg_id      text NOT NULL,
    payload     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE trends_outbox;
DROP TABLE marketplace_pending_endings;
DROP INDEX marketplace_sync_jobs_running_idx;
ALTER TABLE marketplace_sync_jobs DROP CONSTRAINT marketplace_sync_jobs_status_check;
ALTER TABLE marketplace_sync_jobs ADD CONSTRAINT marketplace_sync_jobs_status_check
    CHECK (status IN ('pending', 'running', 'completed', 'failed'));
