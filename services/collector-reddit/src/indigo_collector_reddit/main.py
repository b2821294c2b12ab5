"""The Reddit collector: takes sync requests from the work queue and on a schedule.

Credentials: ``REDDIT_CLIENT_ID`` / ``REDDIT_CLIENT_SECRET``, else the stored ones, read before
each sync (a change applies to the next sync); the application token is shared by every replica
through PostgreSQL when the service has it (:mod:`indigo_shared.oauth_tokens`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from indigo_shared.collecting import FetchedPage, Fetcher
from indigo_shared.collector_app import (
    CollectorService,
    Schedule,
    can_use_stored_credentials,
    marketplace_access,
    missing_credentials,
)
from indigo_shared.events import SyncRequested
from indigo_shared.service import Service, run_service

from indigo_collector_reddit.adapters.reddit import RedditReader, connect
from indigo_collector_reddit.handlers import ReadingPlan, fetch_pages, handle_sync_requested
from indigo_collector_reddit.settings import RedditCollectorSettings


def create_app(settings: RedditCollectorSettings) -> CollectorService:
    environment = {
        "REDDIT_CLIENT_ID": settings.reddit_client_id,
        "REDDIT_CLIENT_SECRET": settings.reddit_client_secret
        and settings.reddit_client_secret.get_secret_value(),
    }
    stored = can_use_stored_credentials(settings)
    if not all(environment.values()) and not stored:
        raise missing_credentials("reddit", "REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET")
    plan = ReadingPlan(
        subreddits=settings.reddit_subreddits,
        comment_limit=settings.reddit_comment_limit,
        more_comments=settings.reddit_more_comments,
    )

    @asynccontextmanager
    async def reddit_api(service: Service) -> AsyncIterator[Fetcher]:
        access = marketplace_access(service, "reddit", environment)
        readers: dict[str, RedditReader] = {}  # by credentials

        async def pages(request: SyncRequested) -> AsyncIterator[FetchedPage]:
            credentials = await access.credentials.current()
            reader = readers.get(credentials.fingerprint)
            if reader is None:
                readers.clear()
                reddit = connect(
                    client_id=credentials["client_id"],
                    client_secret=credentials["client_secret"],
                    user_agent=settings.reddit_user_agent,
                    oauth_url=settings.reddit_oauth_url,
                    reddit_url=settings.reddit_url,
                    tokens=access.tokens,
                    credential=credentials.fingerprint,
                )
                reader = readers[credentials.fingerprint] = RedditReader(
                    reddit, max_retries=settings.reddit_max_retries
                )
            async for page in fetch_pages(reader, request, plan, fx=settings.fx_rates):
                yield page

        yield pages

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
        uses_database=stored,
    )


def run() -> None:
    settings = RedditCollectorSettings()
    run_service(create_app(settings))
