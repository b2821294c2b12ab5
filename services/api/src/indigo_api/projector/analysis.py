"""Analysis jobs (``POST /api/marketplace/analyze/{listing_id}``) from ``AnalysisStatusChanged``.

Idempotent like the rest of the read model: a status never moves back (pending < running <
completed | failed), and the same event applied twice leaves the same row.
"""

from __future__ import annotations

import asyncpg
from indigo_shared.events import AnalysisStatusChanged

UPSERT_ANALYSIS_JOB = """
INSERT INTO marketplace_analysis_jobs AS j (
    id, listing_id, platform, external_id, status, error, attributes, enrichment, requested_at,
    started_at, finished_at, updated_at
) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (id) DO UPDATE SET
    status = excluded.status, error = excluded.error,
    attributes = coalesce(excluded.attributes, j.attributes),
    enrichment = coalesce(excluded.enrichment, j.enrichment),
    requested_at = coalesce(j.requested_at, excluded.requested_at),
    started_at = coalesce(excluded.started_at, j.started_at),
    finished_at = coalesce(excluded.finished_at, j.finished_at), updated_at = excluded.updated_at
WHERE (CASE excluded.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)
    > (CASE j.status WHEN 'pending' THEN 0 WHEN 'running' THEN 1 ELSE 2 END)
   OR (excluded.status = j.status AND excluded.updated_at >= j.updated_at)
"""


def analysis_job_row(event: AnalysisStatusChanged) -> tuple:
    return (
        event.job_id,
        event.listing_id,
        event.platform,
        event.external_id,
        event.status,
        event.error,
        event.attributes.model_dump(mode="json") if event.attributes else None,
        event.enrichment.model_dump(mode="json") if event.enrichment else None,
        event.requested_at,
        event.started_at,
        event.finished_at,
        event.occurred_at,
    )


async def project_analysis_jobs(
    conn: asyncpg.Connection, events: list[AnalysisStatusChanged]
) -> None:
    await conn.executemany(UPSERT_ANALYSIS_JOB, [analysis_job_row(e) for e in events])
