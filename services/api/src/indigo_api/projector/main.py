"""The API's projector: the one writer of the read model (listings, price history, sync and
analysis jobs) from ``ListingEnriched``, ``SyncStatusChanged``, ``ListingsSeen``,
``AnalysisStatusChanged`` and ``ListingEnded``. It runs as its own process (``indigo run
api-projector``) and scales as replicas sharing one durable consumer per stream and subject.

Each consumer applies a batch in one transaction (see :mod:`indigo_shared.consumer`). Two jobs
keep the job history true: running jobs whose collector stopped reporting are shown ``stalled``,
and jobs older than ``INDIGO_SYNC_JOBS_KEEP_DAYS`` are deleted.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from indigo_shared.consumer import Subscription
from indigo_shared.events import (
    AnalysisStatusChanged,
    ListingEnded,
    ListingEnriched,
    ListingsSeen,
    SyncStatusChanged,
    utcnow,
)
from indigo_shared.service import Service, run_service
from indigo_shared.streams import (
    ALL_ENRICHED,
    ALL_LIFECYCLE,
    ALL_LISTINGS_SEEN,
    ALL_SYNC_STATUS,
    ANALYSIS_STATUS,
    API_PROJECTOR,
    API_PROJECTOR_ANALYSIS,
    API_PROJECTOR_LIFECYCLE,
    API_PROJECTOR_SEEN,
    LISTINGS,
    SYNC_EVENTS,
)

from indigo_api.projector import repository
from indigo_api.projector.analysis import project_analysis_jobs
from indigo_api.settings import ApiSettings

log = logging.getLogger(__name__)

#: How often the job history is checked for stalled and old jobs.
JOB_CHECK_SECONDS = 5
CLEAN_UP_SECONDS = 3600


def decoding(event_type):
    return lambda msg: event_type.model_validate_json(msg.data)


class Projector(Service):
    name = API_PROJECTOR
    uses_database = True

    def __init__(self, settings: ApiSettings) -> None:
        super().__init__(settings)
        self.settings: ApiSettings = settings

    async def setup(self) -> None:
        settings = self.settings
        options = dict(
            batch_size=settings.projector_batch_size,
            fetch_timeout=settings.projector_batch_timeout,
        )
        feeds = (
            (API_PROJECTOR, LISTINGS, ALL_ENRICHED, ListingEnriched, self._apply_listings),
            (
                API_PROJECTOR,
                SYNC_EVENTS,
                ALL_SYNC_STATUS,
                SyncStatusChanged,
                repository.project_sync_jobs,
            ),
            (
                API_PROJECTOR_SEEN,
                SYNC_EVENTS,
                ALL_LISTINGS_SEEN,
                ListingsSeen,
                repository.project_seen,
            ),
            (
                API_PROJECTOR_ANALYSIS,
                SYNC_EVENTS,
                ANALYSIS_STATUS,
                AnalysisStatusChanged,
                project_analysis_jobs,
            ),
            (
                API_PROJECTOR_LIFECYCLE,
                SYNC_EVENTS,
                ALL_LIFECYCLE,
                ListingEnded,
                repository.project_endings,
            ),
        )
        for durable, stream, subject, event_type, apply in feeds:
            self.consume(
                Subscription(
                    stream=stream,
                    subject=subject,
                    policy=settings.delivery_policy(durable),
                    decode=decoding(event_type),
                    apply=apply,
                    **options,
                )
            )
        self.every(JOB_CHECK_SECONDS, self.mark_stalled_jobs, "stalled jobs")
        self.every(CLEAN_UP_SECONDS, self.clean_up_jobs, "job clean-up")

    async def _apply_listings(self, conn, events) -> None:
        await repository.project_listings(conn, events, self.settings.fx_rates)

    async def mark_stalled_jobs(self) -> int:
        silent = timedelta(seconds=self.settings.job_stalled_after_seconds)
        async with self.pool.acquire() as conn:
            stalled = await repository.mark_stalled_jobs(conn, utcnow() - silent)
        for job in stalled:
            log.warning("sync job %s stalled: no status from its collector for %s", job, silent)
        return len(stalled)

    async def clean_up_jobs(self) -> int:
        keep = timedelta(days=self.settings.sync_jobs_keep_days)
        async with self.pool.acquire() as conn:
            return await repository.delete_old_sync_jobs(conn, utcnow() - keep)


def create_app(settings: ApiSettings) -> Projector:
    return Projector(settings)


def run() -> None:
    run_service(create_app(ApiSettings()))
