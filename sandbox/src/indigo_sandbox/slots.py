"""The evolving-catalogue machinery the marketplace sandboxes share.

A catalogue is a fixed set of slots; each slot holds one listing after another, a new generation
every ``period`` seconds (shifted by its ``phase``), and each listing lives for most of its period.
Everything follows from (seed, slot, generation), so the same seed and time always give the same
catalogue, and snapshots are cached per time step.
"""

from __future__ import annotations

import math
import random
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

SNAPSHOTS_KEPT = 8

S = TypeVar("S")  # a marketplace's snapshot type


@dataclass(frozen=True)
class Slot:
    period: float  # seconds
    phase: float

    @classmethod
    def random(cls, rng: random.Random, *, shortest: float, longest: float) -> Slot:
        period = math.exp(rng.uniform(math.log(shortest), math.log(longest)))
        return cls(period=period, phase=rng.uniform(0, period))

    def current(self, timestamp: float) -> tuple[int, float]:
        """The generation of the slot's listing at this time, and when that listing started."""
        generation = math.floor((timestamp + self.phase) / self.period)
        return generation, generation * self.period - self.phase


class SlotCatalogue(Generic[S]):
    """Subclasses say how a new listing is drawn (``_new_listing``) and how a snapshot is built
    from the live listings (``_build_snapshot``); listings must have an ``ends_at`` datetime."""

    def __init__(
        self, *, marketplace: str, seed: int, slots: tuple[Slot, ...], step_seconds: int
    ) -> None:
        self._marketplace = marketplace
        self._seed = seed
        self._slots = slots
        self._step_seconds = step_seconds
        self._listings: dict[tuple[int, int], Any] = {}  # those of the latest snapshot
        self._snapshots: OrderedDict[int, S] = OrderedDict()

    def at(self, now: datetime) -> S:
        step_start = int(now.timestamp()) // self._step_seconds * self._step_seconds
        snapshot = self._snapshots.get(step_start)
        if snapshot is None:
            snapshot = self._snapshots[step_start] = self._snapshot(step_start)
            if len(self._snapshots) > SNAPSHOTS_KEPT:
                self._snapshots.popitem(last=False)
        return snapshot

    def _snapshot(self, timestamp: int) -> S:
        at = datetime.fromtimestamp(timestamp, UTC)
        listings: dict[tuple[int, int], Any] = {}
        for index, slot in enumerate(self._slots):
            generation, starts_at = slot.current(timestamp)
            key = (index, generation)
            listing = self._listings.get(key)
            if listing is None:
                rng = random.Random(f"{self._marketplace}:{self._seed}:{index}:{generation}")
                lasts = slot.period * rng.uniform(0.7, 1.0)
                if timestamp >= starts_at + lasts:
                    continue
                listing = self._new_listing(rng, index, starts_at, starts_at + lasts)
            if at < listing.ends_at:
                listings[key] = listing
        self._listings = listings
        return self._build_snapshot(at, list(listings.values()))

    def _new_listing(self, rng: random.Random, slot: int, starts: float, ends: float) -> Any:
        raise NotImplementedError

    def _build_snapshot(self, at: datetime, listings: list[Any]) -> S:
        raise NotImplementedError
