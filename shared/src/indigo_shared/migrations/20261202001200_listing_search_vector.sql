-- migrate:up
-- A listing's full-text document in one function, read by the read model's search_vector and by
-- the alerts service's matching alike: title (A), brand and lot (B), description (C).
CREATE FUNCTION listing_search_vector(title text, brand text, model text, description text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(brand, '') || ' ' || coalesce(model, '')), 'B')
    || setweight(to_tsvector('english', left(coalesce(description, ''), 20000)), 'C');

-- search_vector was a generated column, and PostgreSQL computes a generated column again on
-- every UPDATE: each sync's sighting of a listing (last_seen_at) and each price change parsed its
-- whole text again, most of such an update's cost. Now the projector, the table's one writer,
-- computes it with this function when a listing's text is new or changed, and only then.
ALTER TABLE marketplace_listings DROP COLUMN search_vector;
ALTER TABLE marketplace_listings ADD COLUMN search_vector tsvector;
UPDATE marketplace_listings SET search_vector = listing_search_vector(title, brand, model, description);
CREATE INDEX marketplace_listings_search_idx ON marketplace_listings USING gin (search_vector);

-- migrate:down
ALTER TABLE marketplace_listings DROP COLUMN search_vector;
ALTER TABLE marketplace_listings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(brand, '') || ' ' || coalesce(model, '')), 'B')
    || setweight(to_tsvector('english', left(coalesce(description, ''), 20000)), 'C')
) STORED;
CREATE INDEX marketplace_listings_search_idx ON marketplace_listings USING gin (search_vector);
DROP FUNCTION listing_search_vector(text, text, text, text);
