-- migrate:up
-- When a channel's current run of failures began (the first failed attempt since its last
-- success or resume; NULL while it is not failing): a channel is paused after failing for a
-- stated time (INDIGO_ALERTS_PAUSE_AFTER_FAILING_SECONDS), not after a count of attempts that a
-- burst of alerts reaches in a second.
ALTER TABLE alerts_channel_state ADD COLUMN failing_since timestamptz;
UPDATE alerts_channel_state SET failing_since = last_failure_at
    WHERE consecutive_failures > 0 AND status = 'active';

-- migrate:down
ALTER TABLE alerts_channel_state DROP COLUMN failing_since;
