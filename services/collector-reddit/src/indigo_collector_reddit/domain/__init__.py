"""Reddit posts and comments as listings: conventions, prices, mapping."""
