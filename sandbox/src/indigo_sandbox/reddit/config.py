from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedditSandboxConfig:
    client_id: str = "indigo-sandbox-reddit-id"
    client_secret: str = "indigo-sandbox-reddit-secret"
    # Reddit's application-only tokens last a day (3600 s before 2024).
    token_lifetime_seconds: int = 86400
    seed: int = 1
    # How far back the subreddits' posts go (Reddit keeps them all; listings stop at 1000).
    history_days: float = 14
    # Reddit grants an OAuth client about 1000 requests per 10-minute window, and says how many
    # are left in x-ratelimit-* headers; a client past it gets 429 until the window resets.
    rate_limit_requests: int = 1000
    rate_limit_window_seconds: int = 600
