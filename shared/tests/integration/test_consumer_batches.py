"""A ``handle_many`` batch (a fetched batch in one call, as the enricher takes collected listings)
against real NATS: when the batch fails, only the guilty message is parked or retried, and every
other message is worked on once."""

from __future__ import annotations

import json

import pytest
from indigo_shared import dead_letters
from indigo_shared.consumer import Subscription
from indigo_shared.failures import PermanentError
from indigo_shared.service import Service
from indigo_shared.settings import IndigoSettings
from indigo_shared.streams import LISTINGS
from indigo_shared.testing import eventually

pytestmark = pytest.mark.integration

CONSUMER = "batch-test"
SUBJECT = "listings.collected.ebay"


class BatchService(Service):
    """Each batch is checked whole before any effect, as a real batch handler validates before it
    publishes: ``poison`` can never succeed, ``flaky`` fails on its first attempt only."""

    name = CONSUMER

    def __init__(self, settings: IndigoSettings) -> None:
        super().__init__(settings)
        self.batches: list[list[str]] = []
        self.done: list[str] = []
        self._flaky_failed = False

    async def setup(self) -> None:
        self.consume(
            Subscription(
                stream=LISTINGS,
                subject=SUBJECT,
                policy=self.settings.delivery_policy(CONSUMER, backoff=(0.2,)),
                decode=lambda msg: json.loads(msg.data)["id"],
                handle_many=self.work,
                batch_size=20,
            )
        )

    async def work(self, ids: list[str]) -> None:
        self.batches.append(ids)
        if "poison" in ids:
            raise PermanentError("poison can never be handled")
        if "flaky" in ids and not self._flaky_failed:
            self._flaky_failed = True
            raise RuntimeError("flaky failed once")
        self.done.extend(ids)


async def test_a_failing_batch_parks_only_the_poison_and_retries_only_the_flaky(
    nats_url, jetstream
):
    ids = [f"n{n}" for n in range(8)]
    ids[3], ids[6] = "poison", "flaky"
    for id_ in ids:
        await jetstream.publish(SUBJECT, json.dumps({"id": id_}).encode())

    async with BatchService(IndigoSettings(nats_url=nats_url)) as service:
        expected = sorted(i for i in ids if i != "poison")

        async def all_done() -> bool:
            return sorted(service.done) == expected

        await eventually(all_done, timeout=20)
        letters = await eventually(lambda: _letters(jetstream), timeout=10)

    assert len(service.batches[0]) == len(ids)  # the whole fetched batch in one call
    assert sorted(service.done) == expected  # each once: nothing worked on twice
    [letter] = letters
    assert json.loads(await dead_letters.original(jetstream, letter))["id"] == "poison"
    assert "poison can never be handled" in letter.error
    info = await jetstream.consumer_info(LISTINGS, CONSUMER)
    assert info.num_pending == 0 and info.num_ack_pending == 0


async def _letters(js) -> list:
    return [letter async for letter in dead_letters.read(js, CONSUMER)]
