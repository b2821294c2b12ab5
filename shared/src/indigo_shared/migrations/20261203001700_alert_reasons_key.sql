-- migrate:up
-- An alert's "why" names its sentence "reason": beside the match's "trigger" (new, price_drop,
-- back_on_market) a "trigger" key holding a sentence read as two names for one thing.
UPDATE alerts_matches
SET reasons = (reasons - 'trigger') || jsonb_build_object('reason', reasons -> 'trigger')
WHERE reasons ? 'trigger';

-- migrate:down
UPDATE alerts_matches
SET reasons = (reasons - 'reason') || jsonb_build_object('trigger', reasons -> 'reason')
WHERE reasons ? 'reason';
