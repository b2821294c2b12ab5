"""Delivery when receivers misbehave, Apprise channels, test alerts, secrets and target checks."""

from __future__ import annotations

import asyncio
import re
import time

import pytest
from indigo_shared.testing import eventually
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from .alerts_harness import (
    API,
    Receiver,
    api_client,
    api_settings,
    create_search,
    deliveries_of,
    existing_recorded,
    publish_listing,
    receiver,
    running_system,
)

pytestmark = pytest.mark.integration


async def webhook_search(client, url: str, **body) -> dict:
    search = await create_search(
        client,
        **({"name": "501s", "criteria": {"lots": ["501"]}} | body),
        channels=[{"type": "webhook", "url": url}],
    )
    await eventually(lambda: existing_recorded(client, search["id"]))
    return search


async def received(hook: Receiver, n: int, timeout: float = 10) -> None:
    async def enough():
        return len(hook.received) >= n

    await eventually(enough, timeout=timeout)


async def test_a_receiver_down_then_up_gets_the_alert_with_the_same_webhook_id(
    nats_url, database_url, jetstream
):
    hook = Receiver()
    await hook.start()
    port = hook.port
    await hook.stop()  # down: connections refused
    async with running_system(nats_url, database_url) as client:
        search = await webhook_search(client, f"http://127.0.0.1:{port}/hooks/indigo")
        await publish_listing(jetstream, "v1|10|0")

        async def failed_twice():
            deliveries = await deliveries_of(client, search["id"])
            return deliveries and len(deliveries[0]["log"]) >= 2 and deliveries

        deliveries = await eventually(failed_twice, timeout=10)
        assert deliveries[0]["status"] == "pending"
        assert all(a["outcome"] == "retry" and a["error"] for a in deliveries[0]["log"])
        hook = Receiver(port=port)
        await hook.start()
        try:
            await received(hook, 1)
            await asyncio.sleep(1)
            assert len(hook.received) == 1
            done = (await deliveries_of(client, search["id"]))[0]
            assert done["status"] == "delivered"
            assert hook.received[0].headers["webhook-id"] == done["id"]
            assert [a["outcome"] for a in done["log"]][-1] == "delivered"
        finally:
            await hook.stop()


async def test_429_with_retry_after_is_honoured(nats_url, database_url, jetstream):
    times = []

    class Timed(Receiver):
        async def _handle(self, request):
            times.append(time.monotonic())
            return await super()._handle(request)

    hook = Timed(answers=[(429, {"Retry-After": "2"})])
    await hook.start()
    try:
        async with running_system(nats_url, database_url) as client:
            await webhook_search(client, hook.url)
            await publish_listing(jetstream, "v1|12|0")
            await received(hook, 2)
            # The schedule says 0.3 s (+-20 %); the receiver asked for 2 s.
            assert times[1] - times[0] >= 2.0
            first, second = hook.received
            assert first.headers["webhook-id"] == second.headers["webhook-id"]
    finally:
        await hook.stop()


async def test_410_disables_the_channel(nats_url, database_url, jetstream):
    async with (
        receiver(answers=[(410, {})]) as hook,
        running_system(nats_url, database_url) as client,
    ):
        search = await webhook_search(client, hook.url)
        await publish_listing(jetstream, "v1|13|0")
        await received(hook, 1)

        async def disabled():
            channel = (await client.get(f"{API}/saved-searches/{search['id']}")).json()["channels"][
                0
            ]
            return channel["status"] == "disabled" and channel

        channel = await eventually(disabled)
        assert "410" in channel["status_reason"]
        await publish_listing(jetstream, "v1|14|0")
        await asyncio.sleep(1.5)
        assert len(hook.received) == 1  # nothing more is sent to it
        statuses = {d["status"] for d in await deliveries_of(client, search["id"])}
        assert statuses == {"failed", "cancelled"}


async def test_repeated_failures_pause_the_channel_until_resumed_then_failed_ones_retry(
    nats_url, database_url, jetstream
):
    failing = [(500, {})] * 4
    async with (
        receiver(answers=failing) as hook,
        running_system(
            nats_url,
            database_url,
            pause_after_failing_seconds=0,
            pause_after_failures=3,
            resume_interval_seconds=0.2,
        ) as client,
    ):
        search = await webhook_search(client, hook.url)
        await publish_listing(jetstream, "v1|15|0")

        async def paused():
            channel = (await client.get(f"{API}/saved-searches/{search['id']}")).json()["channels"][
                0
            ]
            return channel["status"] == "paused" and channel

        channel = await eventually(paused, timeout=10)
        assert "(3 in a row since " in channel["status_reason"]
        assert "HTTP 500" in channel["status_reason"]
        held = await deliveries_of(client, search["id"])
        assert [d["status"] for d in held] == ["held"]
        count = len(hook.received)
        await publish_listing(jetstream, "v1|16|0")  # queued, held
        await asyncio.sleep(1)
        assert len(hook.received) == count

        resumed = await client.post(
            f"{API}/saved-searches/{search['id']}/channels/{channel['id']}/resume"
        )
        assert resumed.status_code == 200 and resumed.json()["count"] == 2
        await received(hook, count + 2)  # one more 500, then 200s

        async def settled():
            found = await deliveries_of(client, search["id"])
            return {d["status"] for d in found} <= {"delivered", "failed"} and found

        found = await eventually(settled, timeout=10)
        if any(d["status"] == "failed" for d in found):
            retried = await client.post(f"{API}/saved-searches/{search['id']}/deliveries/retry")
            assert retried.status_code == 200

        async def all_delivered():
            return all(
                d["status"] == "delivered" for d in await deliveries_of(client, search["id"])
            )

        await eventually(all_delivered, timeout=10)


async def test_failed_deliveries_can_be_retried(nats_url, database_url, jetstream):
    # Four failures: the first attempt and the three retries of the schedule.
    async with (
        receiver(answers=[(503, {})] * 4) as hook,
        running_system(nats_url, database_url) as client,
    ):
        search = await webhook_search(client, hook.url)
        await publish_listing(jetstream, "v1|17|0")

        async def failed():
            found = await deliveries_of(client, search["id"])
            return found and found[0]["status"] == "failed" and found[0]

        delivery = await eventually(failed, timeout=15)
        assert delivery["attempts"] == 4 and delivery["last_status_code"] == 503
        retried = await client.post(f"{API}/saved-searches/{search['id']}/deliveries/retry")
        assert retried.json() == {"count": 1}
        await received(hook, 5)

        async def delivered():
            return (await deliveries_of(client, search["id"]))[0]["status"] == "delivered"

        await eventually(delivered)


async def test_a_test_alert_reports_each_channel_and_is_logged(nats_url, database_url):
    async with (
        receiver() as good,
        receiver(answers=[(500, {})]) as bad,
        running_system(nats_url, database_url) as client,
    ):
        search = await create_search(
            client,
            name="test me",
            criteria={"brands": ["Levi's"]},
            channels=[{"type": "webhook", "url": good.url}, {"type": "webhook", "url": bad.url}],
        )
        response = await client.post(f"{API}/saved-searches/{search['id']}/test")
        assert response.status_code == 200, response.text
        report = response.json()
        assert report["delivered"] == 1
        outcomes = {a["channel_id"]: a for a in report["attempts"]}
        good_id, bad_id = (c["id"] for c in search["channels"])  # in the order given
        assert str(good.port) in search["channels"][0]["target"]
        assert outcomes[good_id]["outcome"] == "delivered"
        assert outcomes[bad_id]["status_code"] == 500
        body = Webhook(search["channels"][0]["secret"]).verify(
            good.received[0].body, good.received[0].headers
        )
        assert body["type"] == "alert.test"
        log = await deliveries_of(client, search["id"])
        assert {d["kind"] for d in log} == {"test"} and len(log) == 2


async def test_no_alerts_service_answers_503(nats_url, database_url):
    async with running_system(nats_url, database_url, alerts=False) as client:
        search = await create_search(client, name="x", criteria={"lots": ["501"]})
        response = await client.post(f"{API}/saved-searches/{search['id']}/test")
        assert response.status_code == 503
        assert "alerts service" in response.json()["detail"]


async def test_a_command_the_alerts_service_cannot_run_is_503_not_404(nats_url, database_url):
    async with running_system(nats_url, database_url) as client:
        search = await create_search(client, name="x", criteria={"lots": ["501"]})
        # The alerts service loses its database: the search exists, the service cannot act.
        await client.alerts.pool.close()
        response = await client.post(f"{API}/saved-searches/{search['id']}/test")
        assert response.status_code == 503, response.text
        assert "could not run the command" in response.json()["detail"]
        assert response.headers["retry-after"] == "5"


async def test_a_rotated_secret_signs_beside_the_old_one(nats_url, database_url, jetstream):
    async with receiver() as hook, running_system(nats_url, database_url) as client:
        search = await webhook_search(client, hook.url)
        old = search["channels"][0]["secret"]
        channel_id = search["channels"][0]["id"]
        rotated = await client.post(
            f"{API}/saved-searches/{search['id']}/channels/{channel_id}/rotate-secret"
        )
        assert rotated.status_code == 200
        new = rotated.json()["secret"]
        assert new.startswith("whsec_") and new != old
        await publish_listing(jetstream, "v1|18|0")
        await received(hook, 1)
        request = hook.received[0]
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        Webhook(old).verify(request.body, request.headers)
        Webhook(new).verify(request.body, request.headers)
        with pytest.raises(WebhookVerificationError):
            Webhook("whsec_" + "A" * 43).verify(request.body, request.headers)
        tampered = dict(request.headers) | {"webhook-id": "another-id"}
        with pytest.raises(WebhookVerificationError):
            Webhook(new).verify(request.body, tampered)


async def test_an_apprise_json_target_on_loopback_receives_the_alert(
    nats_url, database_url, jetstream
):
    async with receiver() as hook, running_system(nats_url, database_url) as client:
        search = await create_search(
            client,
            name="chat",
            criteria={"lots": ["501"]},
            channels=[{"type": "apprise", "url": f"json://127.0.0.1:{hook.port}/apprise"}],
        )
        assert search["channels"][0]["secret"] is None
        assert search["channels"][0]["target"].startswith("json://127.0.0.1")
        await eventually(lambda: existing_recorded(client, search["id"]))
        event = await publish_listing(jetstream, "v1|19|0", "61.00")
        await received(hook, 1)
        message = hook.received[0].json()
        assert hook.received[0].path == "/apprise"
        assert message["title"] == "New match: chat"
        assert event.listing.title in message["message"]
        assert event.listing.url in message["message"]
        assert "61.00 USD" in message["message"]


async def test_private_targets_are_refused_when_not_allowed(nats_url, database_url):
    settings = api_settings(nats_url, database_url, alerts_allow_private_targets=False)
    async with api_client(settings) as client:
        for i, url in enumerate(
            [
                "http://127.0.0.1:9/hook",
                "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:8080/x",
                "http://localhost/x",
            ]
        ):
            response = await client.post(
                f"{API}/saved-searches",
                json={
                    "name": f"ssrf {i}",
                    "criteria": {"lots": ["501"]},
                    "channels": [{"type": "webhook", "url": url}],
                },
            )
            assert response.status_code == 422, (url, response.text)
            detail = response.json()["detail"][0]
            assert detail["loc"] == ["body", "channels", 0, "url"]
            # The reason (a private, loopback, link-local... address) within the 422's short text.
            assert re.search(r"is an? [a-z-]+ address", detail["msg"]), detail["msg"]
        response = await client.post(
            f"{API}/saved-searches",
            json={
                "name": "apprise ssrf",
                "criteria": {"lots": ["501"]},
                "channels": [{"type": "apprise", "url": "json://192.168.1.5/hook"}],
            },
        )
        assert response.status_code == 422
        response = await client.post(
            f"{API}/saved-searches",
            json={
                "name": "not a url",
                "criteria": {"lots": ["501"]},
                "channels": [{"type": "webhook", "url": "ftp://example.com/x"}],
            },
        )
        assert response.status_code == 422
        assert (await client.get(f"{API}/saved-searches")).json()["total"] == 0
