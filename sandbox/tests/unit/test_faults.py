"""Fault injection through /ebay/_sandbox: rate limits, server errors, slowness, expired tokens."""

from __future__ import annotations

import time

import pytest
from indigo_sandbox.testing import RunningSandbox

from .conftest import EbayClient


async def test_rate_limit_then_recovery(sandbox: RunningSandbox, ebay: EbayClient) -> None:
    await sandbox.inject_fault({"kind": "rate_limit", "count": 2, "retry_after": 3})
    for _ in range(2):
        status, body, headers = await ebay.get("/buy/browse/v1/item_summary/search", q="levis")
        assert status == 429
        assert headers["Retry-After"] == "3"
        assert body["errors"][0]["errorId"] == 2001
        assert body["errors"][0]["message"].startswith("Too many requests")
    assert (await ebay.search(q="levis"))[0] == 200

    stats = await sandbox.stats()
    assert stats["requests"]["search"] == {"200": 1, "429": 2}
    assert stats["faults_pending"] == []


async def test_server_error_then_recovery(sandbox: RunningSandbox, ebay: EbayClient) -> None:
    await sandbox.inject_fault({"kind": "server_error", "path": "item"})
    await sandbox.inject_fault({"kind": "server_error", "path": "search"})
    status, body = await ebay.search(q="levis")
    assert status == 500
    [error] = body["errors"]
    assert (error["errorId"], error["category"]) == (12000, "APPLICATION")
    status, body = await ebay.item("v1|123456789012|0")
    assert (status, body["errors"][0]["errorId"]) == (500, 11000)
    assert (await ebay.search(q="levis"))[0] == 200


async def test_slow_answer(sandbox: RunningSandbox, ebay: EbayClient) -> None:
    await sandbox.inject_fault({"kind": "slow", "delay": 0.3})
    started = time.monotonic()
    assert (await ebay.search(q="levis"))[0] == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    await ebay.search(q="levis")
    assert time.monotonic() - started < 0.3


async def test_a_fault_scoped_to_a_path_waits_for_it(
    sandbox: RunningSandbox, ebay: EbayClient
) -> None:
    await sandbox.inject_fault({"kind": "rate_limit", "path": "token"})
    assert (await ebay.search(q="levis"))[0] == 200
    assert (await ebay.request_token())[0] == 429
    assert (await ebay.request_token())[0] == 200


async def test_an_unscoped_fault_hits_the_next_call_whatever_it_is(
    sandbox: RunningSandbox, ebay: EbayClient
) -> None:
    await sandbox.inject_fault({"kind": "server_error"})
    assert (await ebay.request_token())[0] == 500
    assert (await ebay.search(q="levis"))[0] == 200


async def test_expired_tokens_need_replacing(sandbox: RunningSandbox, ebay: EbayClient) -> None:
    await sandbox.inject_fault({"kind": "expire_tokens"})
    status, body = await ebay.search(q="levis")
    assert status == 401
    assert body["errors"][0]["errorId"] == 1001
    await ebay.authorize()
    assert (await ebay.search(q="levis"))[0] == 200
    assert (await sandbox.stats())["tokens_issued"] == 2


async def test_clearing_faults(sandbox: RunningSandbox, ebay: EbayClient) -> None:
    await sandbox.inject_fault({"kind": "rate_limit", "count": 5})
    await sandbox.clear_faults()
    assert (await ebay.search(q="levis"))[0] == 200


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "meteor"},
        {"kind": "rate_limit", "path": "checkout"},
        {"kind": "rate_limit", "count": 0},
        {"kind": "slow", "delay": -1},
        {"kind": "rate_limit", "retry_after": 1.5},
        {"kind": "rate_limit", "colour": "red"},
    ],
)
async def test_bad_faults_are_refused(sandbox: RunningSandbox, fault: dict) -> None:
    with pytest.raises(ValueError, match="invalid fault"):
        await sandbox.inject_fault(fault)
