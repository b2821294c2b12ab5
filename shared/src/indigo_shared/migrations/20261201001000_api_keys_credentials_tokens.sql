-- migrate:up

-- API keys (written by the API and `indigo apikey`). Never the key itself: its HMAC-SHA256 under
-- a key derived from INDIGO_SECRET_KEY (hash_key_id says which, so a rotated secret still finds
-- the keys hashed under the previous one, and re-hashes them on their next use).
CREATE TABLE marketplace_api_keys (
    id            uuid PRIMARY KEY,
    public_id     text NOT NULL UNIQUE CHECK (public_id ~ '^[0-9a-f]{12}$'),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash      text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    hash_key_id   text NOT NULL,
    scopes        text[] NOT NULL CHECK (
        cardinality(scopes) > 0
        AND scopes <@ ARRAY['read', 'sync', 'analyze', 'alerts', 'admin']::text[]
    ),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz
);

-- The API caches verified keys and drops them when this table changes (a revocation shows at
-- once), but not for last_used_at, which the API itself bumps.
CREATE TRIGGER indigo_notify_read_model
    AFTER INSERT OR DELETE OR TRUNCATE ON marketplace_api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION indigo_notify_read_model();
CREATE TRIGGER indigo_notify_read_model_update
    AFTER UPDATE OF key_hash, hash_key_id, scopes, expires_at, revoked_at ON marketplace_api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION indigo_notify_read_model();

-- Marketplace credentials at rest (written by the API and `indigo credentials`, read by the
-- collectors): one set per platform, all of its fields sealed together with AES-256-GCM under
-- key_id. The seed's table had a clear client_id column and no key id: it was never used.
DROP TABLE marketplace_credentials;
CREATE TABLE marketplace_credentials (
    platform      text PRIMARY KEY CHECK (platform IN ('ebay', 'etsy', 'reddit')),
    key_id        text NOT NULL,
    ciphertext    bytea NOT NULL,
    fingerprint   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    text NOT NULL
);

-- OAuth application tokens (eBay client credentials, Reddit app-only), one per platform, shared
-- by every collector replica and written by them: sealed like the credentials, for the
-- credentials whose fingerprint they carry.
CREATE TABLE marketplace_oauth_tokens (
    platform               text PRIMARY KEY CHECK (platform IN ('ebay', 'reddit')),
    credential_fingerprint text NOT NULL,
    token_fingerprint      text NOT NULL,
    key_id                 text NOT NULL,
    ciphertext             bytea NOT NULL,
    expires_at             timestamptz NOT NULL,
    refreshed_at           timestamptz NOT NULL DEFAULT now(),
    refreshed_by           text NOT NULL
);

-- Every token refresh (and refusal), for an admin to read: the seed's "token refresh tracking".
CREATE TABLE marketplace_token_refreshes (
    id                     bigserial PRIMARY KEY,
    platform               text NOT NULL,
    outcome                text NOT NULL CHECK (outcome IN ('refreshed', 'failed', 'refused')),
    credential_fingerprint text NOT NULL,
    token_fingerprint      text,
    expires_at             timestamptz,
    replica                text NOT NULL,
    error                  text,
    duration_ms            integer,
    at                     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX marketplace_token_refreshes_recent_idx ON marketplace_token_refreshes (platform, at DESC);

-- migrate:down
DROP TABLE marketplace_token_refreshes;
DROP TABLE marketplace_oauth_tokens;
DROP TABLE marketplace_credentials;
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
DROP TABLE marketplace_api_keys;
