"""The Reddit collector: takes sync requests from the work queue and on a schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from indigo_shared.collecting import Fetcher
from indigo_shared.collector_app import CollectorService, Schedule
from indigo_shared.service import Service, run_service

from indigo_collector_reddit.adapters.reddit import RedditReader, connect
from indigo_collector_reddit.handlers import ReadingPlan, fetch_pages, handle_sync_requested
from indigo_collector_reddit.settings import RedditCollectorSettings


def create_app(settings: RedditCollectorSettings) -> CollectorService:
    if not (settings.reddit_client_id and settings.reddit_client_secret):
        raise SystemExit(
            "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET are required (or run `indigo dev`, "
            "which points the collector at the sandbox)"
        )
    plan = ReadingPlan(
        subreddits=settings.reddit_subreddits,
        comment_limit=settings.reddit_comment_limit,
        more_comments=settings.reddit_more_comments,
    )

    @asynccontextmanager
    async def reddit_api(service: Service) -> AsyncIterator[Fetcher]:
        reddit = connect(
            client_id=settings.reddit_client_id,
            client_secret=settings.reddit_client_secret.get_secret_value(),
            user_agent=settings.reddit_user_agent,
            oauth_url=settings.reddit_oauth_url,
            reddit_url=settings.reddit_url,
        )
        reader = RedditReader(reddit, max_retries=settings.reddit_max_retries)
        yield lambda request: fetch_pages(reader, request, plan, fx=settings.fx_rates)

    schedule = Schedule(
        interval_seconds=settings.reddit_sync_interval_seconds,
        keywords=settings.reddit_sync_keywords,
        limit=settings.reddit_sync_limit,
    )
    return CollectorService(
        settings,
        platform="reddit",
        schedule=schedule,
        open_source=reddit_api,
        handle=handle_sync_requested,
    )


def run() -> None:
    settings = RedditCollectorSettings()
    run_service(create_app(settings))
