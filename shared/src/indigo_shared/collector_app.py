"""The service around a collector: the work-queue consumer, the schedule, the job's failure report.

A marketplace collector supplies how to open its source (an async context manager given the
service, opened at start-up and closed at stop, e.g. around an HTTP session, yielding what its
handler needs) and its handler, which runs one sync job (usually
:func:`indigo_shared.collecting.run_sync` over the marketplace's pages).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from nats.aio.msg import Msg

from indigo_shared.collecting import schedule_syncs
from indigo_shared.consumer import Subscription
from indigo_shared.credentials import OAUTH_PLATFORMS, CredentialSource
from indigo_shared.events import Platform, SyncRequested, SyncStatusChanged, utcnow
from indigo_shared.nats import Publisher
from indigo_shared.oauth_tokens import LocalTokens, SharedTokens
from indigo_shared.secret_keys import secret_keys
from indigo_shared.service import Service
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import SYNC_REQUESTS, collector_durable, sync_requested, sync_status

log = logging.getLogger(__name__)

#: (publisher, the request, the opened source) -> the job's final status.
SyncHandler = Callable[[Publisher, SyncRequested, Any], Awaitable[SyncStatusChanged]]


def can_use_stored_credentials(settings: IndigoSettings) -> bool:
    """Whether a collector can read stored credentials and share its token: a database and a
    server secret (in development, the one generated under ``.indigo/``) are configured."""
    has_secret = settings.secret_key is not None or settings.environment == "development"
    return has_secret and settings.database_configured()


def missing_credentials(platform: str, variables: str) -> SystemExit:
    return SystemExit(
        f"{variables} are required, or DATABASE_URL and INDIGO_SECRET_KEY to use the "
        f"credentials stored by `indigo credentials set {platform}` (or run `indigo dev`, "
        "which points the collector at the sandbox)"
    )


@dataclass(frozen=True)
class MarketplaceAccess:
    """Where a collector's credentials come from (asked before every sync) and who keeps its
    OAuth token (shared through PostgreSQL when the service has it)."""

    credentials: CredentialSource
    tokens: LocalTokens


def marketplace_access(
    service: Service, platform: str, environment: dict[str, str | None]
) -> MarketplaceAccess:
    keys = secret_keys(service.settings) if service.pool is not None else None
    source = CredentialSource(platform, environment=environment, pool=service.pool, keys=keys)
    if service.pool is not None and keys is not None and platform in OAUTH_PLATFORMS:
        tokens: LocalTokens = SharedTokens(service.pool, keys, platform)
    else:
        tokens = LocalTokens()
    return MarketplaceAccess(source, tokens)


@dataclass(frozen=True)
class Schedule:
    interval_seconds: float  # 0: no scheduled syncs
    keywords: str
    limit: int


class CollectorService(Service):
    def __init__(
        self,
        settings: IndigoSettings,
        *,
        platform: Platform,
        schedule: Schedule,
        open_source: Callable[[Service], AbstractAsyncContextManager[Any]],
        handle: SyncHandler,
        uses_database: bool = False,
    ) -> None:
        super().__init__(settings)
        # Stored credentials and the shared OAuth token live in PostgreSQL.
        self.uses_database = uses_database
        self.name = collector_durable(platform)
        self.platform = platform
        self.schedule = schedule
        self.open_source = open_source
        self.handle_request = handle
        self.source: Any = None
        self._resources = contextlib.AsyncExitStack()

    async def setup(self) -> None:
        self.source = await self._resources.enter_async_context(self.open_source(self))
        self.consume(
            Subscription(
                stream=SYNC_REQUESTS,
                subject=sync_requested(self.platform),
                # A sync can take minutes: the consumer heartbeats it, so the ack wait covers
                # a third of that.
                policy=self.settings.delivery_policy(self.name),
                decode=lambda msg: SyncRequested.model_validate_json(msg.data),
                handle=self._on_sync_requested,
                on_parked=self._fail_parked_job,
            )
        )
        if self.schedule.interval_seconds > 0:
            self.spawn(
                schedule_syncs(
                    self.publisher,
                    self.platform,
                    interval_seconds=self.schedule.interval_seconds,
                    keywords=self.schedule.keywords,
                    limit=self.schedule.limit,
                ),
                "schedule",
            )

    async def teardown(self) -> None:
        await self._resources.aclose()

    async def _on_sync_requested(self, request: SyncRequested, msg: Msg) -> None:
        await self.handle_request(self.publisher, request, self.source)

    async def _fail_parked_job(self, msg: Msg, error: str) -> None:
        """A parked request's job ends ``failed`` with the reason, instead of staying queued or
        running for ever."""
        try:
            request = SyncRequested.model_validate_json(msg.data)
        except ValueError:
            return
        await self.publisher.publish_event(
            sync_status(request.platform),
            SyncStatusChanged(
                job_id=request.job_id,
                platform=request.platform,
                status="failed",
                error=f"parked: {error}",
                keywords=request.keywords,
                limit=request.limit,
                requested_at=request.requested_at,
                filters=request.filters,
                finished_at=utcnow(),
                full=False,
            ),
        )
