"""Digest periods: an hourly digest covers a UTC hour, a daily one a UTC day; a match belongs to
the period it was recorded in, and each period's digest is sent once, after it ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

LENGTHS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def period_start(delivery: str, when: datetime) -> datetime | None:
    """The digest period ``when`` falls in; None for instant delivery."""
    when = when.astimezone(UTC)
    if delivery == "hourly":
        return when.replace(minute=0, second=0, microsecond=0)
    if delivery == "daily":
        return when.replace(hour=0, minute=0, second=0, microsecond=0)
    return None


def period_end(delivery: str, start: datetime) -> datetime:
    return start + LENGTHS[delivery]
