"""The Reddit API sandbox: application-only OAuth, subreddit listings and search, comment pages."""

from indigo_sandbox.reddit.config import RedditSandboxConfig
from indigo_sandbox.reddit.routes import create_reddit_app

__all__ = ["RedditSandboxConfig", "create_reddit_app"]
