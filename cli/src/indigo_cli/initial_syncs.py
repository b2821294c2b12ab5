"""The one line ``indigo dev`` prints when the first sync of every collector has ended.

It listens to ``sync.status.*`` (a plain NATS subscription: it reads no stream and moves no
consumer) from before the collectors start. Each platform's first job counts; a platform that
shows no job within ``settle_seconds`` ran this interval's scheduled sync before (a restart within
the interval) and is named as such instead of being waited for.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterable

from indigo_shared import nats as indigo_nats
from indigo_shared.events import SyncStatusChanged
from indigo_shared.streams import ALL_SYNC_STATUS
from pydantic import ValidationError


class InitialSyncs:
    def __init__(
        self,
        nats_url: str,
        platforms: Iterable[str],
        announce: Callable[[str], None],
        *,
        settle_seconds: float = 30.0,
    ) -> None:
        self.nats_url = nats_url
        self.platforms = list(platforms)
        self.announce = announce
        self.settle_seconds = settle_seconds
        self.first_jobs: dict[str, object] = {}
        self.results: dict[str, SyncStatusChanged] = {}
        self._ready = threading.Event()
        self._finished = threading.Event()
        self._started = time.monotonic()
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 5.0) -> None:
        """Subscribe (in a thread with its own event loop) and return once subscribed."""
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="initial-syncs", daemon=True)
        self._thread.start()
        self._ready.wait(timeout)

    def stop(self) -> None:
        self._finished.set()

    def _run(self) -> None:
        try:
            asyncio.run(self._watch())
        finally:
            self._ready.set()

    async def _watch(self) -> None:
        nc = await indigo_nats.connect(self.nats_url, "indigo-dev-initial-syncs")
        try:
            await nc.subscribe(ALL_SYNC_STATUS, cb=self._on_status)
            await nc.flush()  # the server has the subscription before a collector starts
            self._ready.set()
            while not self._finished.is_set():
                await asyncio.sleep(0.2)
                if line := self.summary():
                    self.announce(line)
                    return
        finally:
            await nc.close()

    async def _on_status(self, msg) -> None:
        try:
            status = SyncStatusChanged.model_validate_json(msg.data)
        except ValidationError:
            return
        platform = status.platform
        if platform not in self.platforms or platform in self.results:
            return
        first = self.first_jobs.setdefault(platform, status.job_id)
        if status.job_id == first and status.status in ("completed", "failed"):
            self.results[platform] = status

    def summary(self, now: float | None = None) -> str | None:
        """The line to print once every platform's first sync ended (or never began); else None."""
        waited = (now if now is not None else time.monotonic()) - self._started
        parts = []
        for platform in self.platforms:
            if platform in self.results:
                parts.append(describe(self.results[platform]))
            elif platform in self.first_jobs or waited < self.settle_seconds:
                return None
            else:
                parts.append(f"{platform}: no sync this interval (one ran shortly before)")
        if not self.results:
            return None
        return f"Initial syncs done in {waited:.0f} s: " + "; ".join(parts)


def describe(status: SyncStatusChanged) -> str:
    counts = status.counts
    if status.status == "failed":
        return f"{status.platform} failed ({status.error})"
    text = f"{status.platform} {counts.fetched:,} listings ({counts.published:,} new or changed)"
    if status.error:
        text += f", {status.error}"
    return text
