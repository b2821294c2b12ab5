"""eBay's daily call limit, counted by Indigo itself so that no sync spends past it.

The Browse API allows an application 5,000 calls a day by default and says so only when it
refuses one. Every replica of the collector counts each Browse call it is about to make in one
NATS KV entry per UTC day (a compare-and-set increment, so replicas racing for the last calls
never both get one); once the day's count reaches the ceiling (``EBAY_DAILY_CALL_BUDGET``) no
call goes out until the next day and the sync ends with what it has fetched.

OAuth token requests go to eBay's identity API, which has its own limits: they are not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from indigo_shared.metrics import record_quota
from nats.js import JetStreamContext
from nats.js.api import KeyValueConfig, StorageType
from nats.js.errors import BucketNotFoundError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from indigo_collector_ebay.adapters.errors import EbayCallBudgetSpent

BUCKET = "indigo_ebay_calls"
DEFAULT_DAILY_CALLS = 5_000
# A day's entry is kept a little past its day, then expires with the bucket's TTL.
ENTRY_TTL_SECONDS = 2 * 86_400


class DailyCallBudget:
    def __init__(
        self,
        kv: KeyValue,
        *,
        limit: int = DEFAULT_DAILY_CALLS,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if limit < 1:
            raise ValueError(f"the daily call budget must be at least 1, not {limit}")
        self.limit = limit
        self._kv = kv
        self._now = now

    @classmethod
    async def open(
        cls, js: JetStreamContext, *, limit: int = DEFAULT_DAILY_CALLS, replicas: int = 1, **options
    ) -> DailyCallBudget:
        """The budget over the shared bucket, created on first use."""
        try:
            kv = await js.key_value(BUCKET)
        except BucketNotFoundError:
            kv = await js.create_key_value(
                KeyValueConfig(
                    bucket=BUCKET,
                    history=1,
                    ttl=ENTRY_TTL_SECONDS,
                    storage=StorageType.FILE,
                    replicas=replicas,
                    description="eBay Browse API calls made per UTC day, by all collector replicas",
                )
            )
        return cls(kv, limit=limit, **options)

    def _key(self) -> str:
        return self._now().astimezone(UTC).strftime("%Y-%m-%d")

    async def used_today(self) -> int:
        try:
            entry = await self._kv.get(self._key())
        except KeyNotFoundError:
            return 0
        return int(entry.value or b"0")

    async def spend(self) -> int:
        """Count one call about to be made; returns the calls left after it. Raises
        :class:`EbayCallBudgetSpent` (and counts nothing) when the day's budget is used up."""
        key = self._key()
        while True:
            try:
                entry = await self._kv.get(key)
                used, revision = int(entry.value or b"0"), entry.revision
            except KeyNotFoundError:
                used, revision = 0, None
            if used >= self.limit:
                record_quota("ebay", "daily", 0, self.limit)
                raise EbayCallBudgetSpent(
                    f"daily eBay call budget reached ({used:,} of {self.limit:,} calls on "
                    f"{key} UTC; EBAY_DAILY_CALL_BUDGET)",
                    used=used,
                    limit=self.limit,
                )
            value = str(used + 1).encode()
            try:
                if revision is None:
                    await self._kv.create(key, value)
                else:
                    await self._kv.update(key, value, last=revision)
            except KeyWrongLastSequenceError:
                continue  # another replica counted a call in between: read again
            remaining = self.limit - used - 1
            record_quota("ebay", "daily", remaining, self.limit)
            return remaining
