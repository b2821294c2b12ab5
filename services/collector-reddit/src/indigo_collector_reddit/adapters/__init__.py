"""Reddit access through PRAW."""
