"""How a message is settled: ack, retry with a delay (a 429's Retry-After at least), or park."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from indigo_enricher.adapters.openai_chat import LlmUnavailable
from indigo_enricher.handlers import settle
from indigo_shared.delivery import DeliveryPolicy


class FakeMsg:
    subject = "listings.collected.ebay"
    data = b"{}"

    def __init__(self, delivered: int) -> None:
        self.metadata = SimpleNamespace(
            num_delivered=delivered, stream="LISTINGS", sequence=SimpleNamespace(stream=42)
        )
        self.settled: list[tuple] = []

    async def ack(self) -> None:
        self.settled.append(("ack",))

    async def nak(self, delay: float | None = None) -> None:
        self.settled.append(("nak", delay))

    async def term(self) -> None:
        self.settled.append(("term",))


class FakeJetStream:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict]] = []

    async def publish(self, subject, data, headers=None, **_) -> None:
        self.published.append((subject, headers))


POLICY = DeliveryPolicy(consumer="enricher", max_deliver=3, backoff=(1.0, 5.0, 15.0))


def failing(exc: Exception):
    async def work():
        raise exc

    return work


async def ok() -> None:
    return None


async def test_success_is_acknowledged() -> None:
    msg = FakeMsg(1)
    assert await settle(FakeJetStream(), msg, POLICY, ok) is True
    assert msg.settled == [("ack",)]


@pytest.mark.parametrize(
    ("delivered", "retry_after", "delay"),
    [(1, None, 1.0), (2, None, 5.0), (1, 20.0, 20.0), (2, 2.0, 5.0)],
)
async def test_an_unavailable_llm_is_retried_after_the_longer_of_backoff_and_retry_after(
    delivered, retry_after, delay
) -> None:
    msg, js = FakeMsg(delivered), FakeJetStream()
    done = await settle(js, msg, POLICY, failing(LlmUnavailable("429", retry_after=retry_after)))
    assert done is False and msg.settled == [("nak", delay)] and js.published == []


async def test_the_last_delivery_is_parked_after_reporting() -> None:
    msg, js = FakeMsg(3), FakeJetStream()
    reported: list[BaseException] = []

    async def report(exc: BaseException) -> None:
        reported.append(exc)

    await settle(js, msg, POLICY, failing(LlmUnavailable("timed out")), before_parking=report)
    assert [str(e) for e in reported] == ["timed out"]
    [(subject, headers)] = js.published
    assert subject == "dlq.enricher" and "timed out" in headers["Indigo-Error"]
    assert msg.settled == [("term",)]


async def test_a_failing_report_does_not_stop_the_parking() -> None:
    msg, js = FakeMsg(1), FakeJetStream()

    async def broken_report(exc: BaseException) -> None:
        raise ConnectionError("NATS is down")

    # A message that can never succeed (it is not the event it claims) is parked at once.
    from pydantic import BaseModel

    class Event(BaseModel):
        x: int

    async def work() -> None:
        Event.model_validate_json(b"not json")

    await settle(js, msg, POLICY, work, before_parking=broken_report)
    assert msg.settled == [("term",)] and js.published[0][0] == "dlq.enricher"
