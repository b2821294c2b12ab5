from __future__ import annotations

import json
from typing import Annotated

from indigo_shared.settings import IndigoSettings
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

# The seed's subreddits. Reddit matches names without regard to case, so r/vintagefashion and
# r/VintageFashion are one subreddit: the collector reads it once.
DEFAULT_SUBREDDITS = (
    "rawdenim",
    "vintagefashion",
    "ThriftStoreHauls",
    "frugalmalefashion",
    "malefashionadvice",
    "femalefashionadvice",
    "Flipping",
    "VintageFashion",
)


class RedditCollectorSettings(IndigoSettings):
    reddit_client_id: str | None = None
    reddit_client_secret: SecretStr | None = None
    reddit_user_agent: str = "indigo/0.1 (vintage denim market research)"
    reddit_oauth_url: str = Field(
        default="https://oauth.reddit.com", description="the API host (PRAW's oauth_url)"
    )
    reddit_url: str = Field(
        default="https://www.reddit.com", description="the token host (PRAW's reddit_url)"
    )
    reddit_subreddits: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_SUBREDDITS),
        description="comma-separated (or a JSON list), with or without r/",
    )
    reddit_sync_interval_seconds: float = Field(
        default=900, ge=0, description="scheduled sync period; 0 turns the schedule off"
    )
    reddit_sync_keywords: str = "vintage jeans"
    reddit_sync_limit: int = Field(
        default=500, ge=1, le=10_000, description="listings a scheduled sync yields at most"
    )
    reddit_comment_limit: int = Field(
        default=500, ge=1, le=500, description="comments asked for per buy/sell/trade thread"
    )
    reddit_more_comments: int = Field(
        default=8, ge=0, le=100, description="'more' stubs expanded per thread (one call each)"
    )
    reddit_max_retries: int = Field(default=5, ge=0, le=20)

    @field_validator("reddit_subreddits", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            names = json.loads(text) if text.startswith("[") else text.split(",")
        else:
            names = value
        if isinstance(names, list | tuple):
            cleaned = [str(name).strip().removeprefix("/").removeprefix("r/") for name in names]
            return [name for name in cleaned if name]
        return value
