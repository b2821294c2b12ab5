"""The metric families exist under their conventional names and move when work is recorded."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient
from indigo_shared import metrics
from indigo_shared.events import SyncCounts, SyncStatusChanged, utcnow
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families


def value(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def families() -> dict[str, object]:
    body, _ = metrics.render()
    return {family.name: family for family in text_string_to_metric_families(body.decode())}


def test_every_family_is_served_with_the_prometheus_content_type():
    body, content_type = metrics.render()
    assert content_type.startswith("text/plain; version=")
    names = set(families())
    # Counters are named without _total by the parser.
    for expected in (
        "indigo_messages_processed",
        "indigo_messages_failed",
        "indigo_messages_parked",
        "indigo_message_processing_seconds",
        "indigo_consumer_batch_size",
        "indigo_consumer_pending_messages",
        "indigo_consumer_ack_pending_messages",
        "indigo_dead_letters",
        "indigo_marketplace_calls",
        "indigo_marketplace_quota_remaining",
        "indigo_sync_duration_seconds",
        "indigo_syncs",
        "indigo_last_sync_completed_timestamp_seconds",
        "indigo_llm_requests",
        "indigo_llm_tokens",
        "indigo_llm_cost_usd",
        "indigo_alert_matches",
        "indigo_alert_deliveries",
        "indigo_alert_delivery_latency_seconds",
    ):
        assert expected in names, expected
    assert b"# TYPE indigo_messages_processed_total counter" in body


def test_consumer_metrics_count_each_outcome_and_time_it():
    labels = dict(stream="LISTINGS", consumer="test-consumer-metrics")
    consumer = metrics.ConsumerMetrics(**labels)
    consumer.processed(0.02)
    consumer.processed(45.0)  # an LLM answer: still inside the buckets
    consumer.failed(0.5)
    consumer.parked(0.01)
    consumer.batch(64)
    consumer.batch(0)  # an empty fetch is no batch
    assert value("indigo_messages_processed_total", **labels) == 2
    assert value("indigo_messages_failed_total", **labels) == 1
    assert value("indigo_messages_parked_total", **labels) == 1
    assert value("indigo_message_processing_seconds_count", **labels) == 4
    assert value("indigo_message_processing_seconds_bucket", le="60.0", **labels) == 4
    assert value("indigo_message_processing_seconds_bucket", le="30.0", **labels) == 3
    assert value("indigo_consumer_batch_size_count", **labels) == 1
    assert value("indigo_consumer_batch_size_sum", **labels) == 64


def test_a_final_sync_status_records_outcome_duration_and_counts():
    started = utcnow()
    status = SyncStatusChanged(
        job_id="00000000-0000-0000-0000-000000000001",
        platform="etsy",
        status="completed",
        counts=SyncCounts(fetched=120, published=100, unchanged=15, errors=5),
        error="partial results: Etsy's daily quota is spent",
        started_at=started,
        finished_at=started + timedelta(seconds=42),
    )
    before = value("indigo_syncs_total", platform="etsy", outcome="partial")
    published = value("indigo_sync_listings_total", platform="etsy", result="published")
    metrics.record_sync(status)
    assert value("indigo_syncs_total", platform="etsy", outcome="partial") == before + 1
    assert (
        value("indigo_sync_listings_total", platform="etsy", result="published") == published + 100
    )
    assert value("indigo_sync_duration_seconds_bucket", platform="etsy", le="60.0") >= 1
    assert value("indigo_last_sync_completed_timestamp_seconds", platform="etsy") == (
        status.finished_at.timestamp()
    )
    failed = status.model_copy(update={"status": "failed", "error": "EtsyAuthError: no"})
    metrics.record_sync(failed)
    assert value("indigo_syncs_total", platform="etsy", outcome="failed") >= 1
    running = status.model_copy(update={"status": "running"})
    count = value("indigo_sync_duration_seconds_count", platform="etsy")
    metrics.record_sync(running)  # not an end: nothing recorded
    assert value("indigo_sync_duration_seconds_count", platform="etsy") == count


def test_marketplace_calls_quota_llm_and_alert_recorders_move_their_families():
    metrics.record_marketplace_call("ebay", 200)
    metrics.record_marketplace_call("ebay", None)
    assert value("indigo_marketplace_calls_total", platform="ebay", status="200") >= 1
    assert value("indigo_marketplace_calls_total", platform="ebay", status="error") >= 1
    metrics.record_quota("reddit", "window", 597, 600)
    assert value("indigo_marketplace_quota_remaining", platform="reddit", quota="window") == 597
    assert value("indigo_marketplace_quota_limit", platform="reddit", quota="window") == 600

    tokens = value("indigo_llm_tokens_total", model="test-model", kind="prompt")
    metrics.record_llm_request(
        "test-model",
        "ok",
        seconds=1.5,
        prompt_tokens=900,
        completion_tokens=120,
        cost_usd=Decimal("0.000207"),
    )
    assert value("indigo_llm_requests_total", model="test-model", outcome="ok") >= 1
    assert value("indigo_llm_tokens_total", model="test-model", kind="prompt") == tokens + 900
    assert value("indigo_llm_cost_usd_total", model="test-model") >= 0.000207

    metrics.record_alert_match("price_drop")
    metrics.record_alert_delivery("webhook", delivered=True, latency_seconds=2.5)
    metrics.record_alert_delivery("webhook", delivered=False, latency_seconds=None)
    assert value("indigo_alert_matches_total", trigger="price_drop") >= 1
    assert value("indigo_alert_deliveries_total", channel="webhook", outcome="failed") >= 1
    assert value("indigo_alert_delivery_latency_seconds_count", channel="webhook") >= 1


def test_fastapi_instrumentation_labels_requests_by_route_template():
    app = FastAPI()

    @app.get("/items/{item_id}")
    async def item(item_id: int) -> dict:
        return {"id": item_id}

    metrics.instrument_fastapi(app)
    client = TestClient(app)
    for item_id in (1, 2, 3):
        assert client.get(f"/items/{item_id}").status_code == 200
    assert client.get("/items/not-a-number").status_code == 422
    client.get("/no/such/route")
    answer = client.get("/metrics")
    assert answer.status_code == 200
    text = answer.text
    assert 'handler="/items/{item_id}"' in text
    assert 'handler="/items/1"' not in text and "/no/such/route" not in text
    assert value("http_requests_total", handler="/items/{item_id}", method="GET", status="200") == 3
    assert value("http_requests_total", handler="/items/{item_id}", method="GET", status="422") == 1
    assert "indigo_messages_processed_total" in text  # the same registry as the services'


def test_every_app_instrumented_in_one_process_records_its_requests():
    """Tests (and ``indigo dev``'s in-process runs) build many apps in one process."""
    counts = []
    for path in ("/first/{n}", "/second/{n}"):
        app = FastAPI()

        @app.get(path)
        async def answer(n: int) -> dict:
            return {"n": n}

        metrics.instrument_fastapi(app)
        client = TestClient(app)
        before = value("http_requests_total", handler=path, method="GET", status="200")
        for n in range(2):
            assert client.get(path.replace("{n}", str(n))).status_code == 200
        counts.append(
            value("http_requests_total", handler=path, method="GET", status="200") - before
        )
    assert counts == [2, 2]
