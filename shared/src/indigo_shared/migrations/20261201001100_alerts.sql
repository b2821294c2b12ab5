-- migrate:up
-- Saved searches and alerts (issue 11).

-- Administration data, written by the API only and read by the alerts service. A deleted search
-- keeps its row (deleted_at) so that the alerts service, which follows changes by updated_at,
-- sees it go; its matches and deliveries stay readable as history.
ALTER TABLE marketplace_saved_searches
    DROP COLUMN platform,
    DROP COLUMN webhook_url,
    DROP COLUMN last_matched_at,
    ALTER COLUMN keywords DROP NOT NULL,
    ADD COLUMN triggers jsonb NOT NULL DEFAULT '{"new": true}',
    ADD COLUMN delivery text NOT NULL DEFAULT 'instant'
        CHECK (delivery IN ('instant', 'hourly', 'daily')),
    ADD COLUMN notify_existing boolean NOT NULL DEFAULT false,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN deleted_at timestamptz;
COMMENT ON COLUMN marketplace_saved_searches.filters IS
    'criteria besides keywords: platforms, USD price range, brands, lots, waist, inseam, eras, '
    'washes, made_in, selvedge, conditions, min_deal_score';
CREATE INDEX marketplace_saved_searches_updated_idx ON marketplace_saved_searches (updated_at);

-- Where a search's alerts go. Targets and signing secrets are sealed (indigo_shared.sealed);
-- target_display is the target with its secrets starred. A rotated webhook secret keeps signing
-- beside the new one until previous_secret_until, so receivers can switch without a gap.
CREATE TABLE marketplace_alert_channels (
    id                      uuid PRIMARY KEY,
    saved_search_id         uuid NOT NULL REFERENCES marketplace_saved_searches (id)
                                ON DELETE CASCADE,
    kind                    text NOT NULL CHECK (kind IN ('webhook', 'apprise')),
    target_sealed           bytea NOT NULL,
    target_display          text NOT NULL,
    secret_sealed           bytea,
    previous_secret_sealed  bytea,
    previous_secret_until   timestamptz,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_alert_channels_search_idx ON marketplace_alert_channels (saved_search_id);

-- Everything below is written by the alerts service only.

-- The alerts service's own view of each listing, from its consumers (ListingEnriched,
-- ListingsSeen, ListingEnded): what its searches match on, and the listing as alerts show it.
-- lexemes: the listing's words as full-text search stems them (title, brand and lot, description:
-- the read model's search_vector), for keyword matching in memory.
CREATE TABLE alerts_listings (
    platform      text NOT NULL,
    external_id   text NOT NULL,
    listing_id    uuid NOT NULL,
    price         numeric(12, 2),
    currency      char(3),
    price_usd     numeric(12, 2),
    features      jsonb NOT NULL,
    lexemes       text[] NOT NULL,
    listing       jsonb NOT NULL,
    collected_at  timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    ended_at      timestamptz,
    PRIMARY KEY (platform, external_id)
);
CREATE INDEX alerts_listings_live_idx ON alerts_listings (collected_at DESC) WHERE ended_at IS NULL;

-- One row per (search, listing, trigger, price): the id is a UUIDv5 of those, and the
-- AlertMatched's Nats-Msg-Id. notify: false for a match recorded without an alert (a search's
-- existing matches without notify_existing; a first match when only price drops are watched).
CREATE TABLE alerts_matches (
    id               uuid PRIMARY KEY,
    saved_search_id  uuid NOT NULL,
    listing_id       uuid NOT NULL,
    platform         text NOT NULL,
    external_id      text NOT NULL,
    trigger          text NOT NULL CHECK (trigger IN ('new', 'price_drop', 'back_on_market')),
    price            numeric(12, 2),
    currency         char(3),
    price_usd        numeric(12, 2),
    previous_price   numeric(12, 2),
    notify           boolean NOT NULL,
    delivery         text NOT NULL,
    digest_period    timestamptz,
    reasons          jsonb NOT NULL,
    listing          jsonb NOT NULL,
    matched_at       timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (saved_search_id, listing_id, trigger, price)
);
CREATE INDEX alerts_matches_search_idx ON alerts_matches (saved_search_id, matched_at DESC);
CREATE INDEX alerts_matches_pair_idx ON alerts_matches (saved_search_id, listing_id, matched_at DESC);
CREATE INDEX alerts_matches_digest_idx ON alerts_matches (digest_period, saved_search_id)
    WHERE notify AND digest_period IS NOT NULL;

-- Which version of each search its existing matches were recorded for (one replica does it).
CREATE TABLE alerts_search_state (
    saved_search_id     uuid PRIMARY KEY,
    backfilled_version  timestamptz NOT NULL,
    backfilled_at       timestamptz NOT NULL DEFAULT now(),
    existing_matches    integer NOT NULL DEFAULT 0
);

CREATE TABLE alerts_outbox (
    id          bigserial PRIMARY KEY,
    subject     text NOT NULL,
    msg_id      text NOT NULL,
    payload     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A channel's health: paused after repeated failures (until resumed), disabled for good by a 410.
CREATE TABLE alerts_channel_state (
    channel_id            uuid PRIMARY KEY,
    status                text NOT NULL DEFAULT 'active'
                              CHECK (status IN ('active', 'paused', 'disabled')),
    reason                text,
    consecutive_failures  integer NOT NULL DEFAULT 0,
    last_success_at       timestamptz,
    last_failure_at       timestamptz,
    changed_at            timestamptz NOT NULL DEFAULT now()
);

-- One message to one channel: a match, a digest or a test. The id is the webhook-id, the same on
-- every attempt; body is the exact JSON sent (and signed). held: its channel is paused.
CREATE TABLE alerts_deliveries (
    id                 uuid PRIMARY KEY,
    saved_search_id    uuid NOT NULL,
    channel_id         uuid NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('match', 'digest', 'test')),
    match_id           uuid,
    digest_period      timestamptz,
    body               text NOT NULL,
    status             text NOT NULL
                           CHECK (status IN ('pending', 'held', 'delivered', 'failed', 'cancelled')),
    attempts           integer NOT NULL DEFAULT 0,
    schedule_position  integer NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    claimed_until      timestamptz,
    last_status_code   integer,
    last_error         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    delivered_at       timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_deliveries_due_idx ON alerts_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alerts_deliveries_search_idx ON alerts_deliveries (saved_search_id, created_at DESC);
CREATE INDEX alerts_deliveries_open_idx ON alerts_deliveries (channel_id)
    WHERE status IN ('pending', 'held');

-- Every attempt of every delivery: the delivery log.
CREATE TABLE alerts_delivery_attempts (
    delivery_id  uuid NOT NULL,
    attempt      integer NOT NULL,
    started_at   timestamptz NOT NULL,
    latency_ms   integer NOT NULL,
    status_code  integer,
    outcome      text NOT NULL,
    error        text,
    PRIMARY KEY (delivery_id, attempt)
);

-- Digests made, one per search and period.
CREATE TABLE alerts_digests (
    saved_search_id  uuid NOT NULL,
    period_start     timestamptz NOT NULL,
    delivery         text NOT NULL,
    matches          integer NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (saved_search_id, period_start)
);

-- Deal scores change when trends recomputes them; alerts re-matches those (min_deal_score).
CREATE INDEX marketplace_listing_deals_computed_idx ON marketplace_listing_deals (computed_at);

-- migrate:down
DROP INDEX marketplace_listing_deals_computed_idx;
DROP TABLE alerts_digests;
DROP TABLE alerts_delivery_attempts;
DROP TABLE alerts_deliveries;
DROP TABLE alerts_channel_state;
DROP TABLE alerts_outbox;
DROP TABLE alerts_search_state;
DROP TABLE alerts_matches;
DROP TABLE alerts_listings;
DROP TABLE marketplace_alert_channels;
DROP INDEX marketplace_saved_searches_updated_idx;
ALTER TABLE marketplace_saved_searches
    DROP COLUMN deleted_at,
    DROP COLUMN updated_at,
    DROP COLUMN notify_existing,
    DROP COLUMN delivery,
    DROP COLUMN triggers,
    ALTER COLUMN keywords SET NOT NULL,
    ADD COLUMN last_matched_at timestamptz,
    ADD COLUMN webhook_url text,
    ADD COLUMN platform text;
