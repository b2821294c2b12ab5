"""The client-credentials grant, and access tokens on the Browse API."""

from __future__ import annotations

import aiohttp
from indigo_sandbox.clock import ManualClock
from indigo_sandbox.ebay import EbaySandboxConfig
from indigo_sandbox.testing import RunningSandbox, running_sandbox

from .conftest import EbayClient, shared_json

INVALID_ACCESS_TOKEN = {
    "errors": [
        {
            "errorId": 1001,
            "domain": "OAuth",
            "category": "REQUEST",
            "message": "Invalid access token",
            "longMessage": (
                "Invalid access token. Check the value of the Authorization HTTP request header."
            ),
        }
    ]
}


async def test_token_answer_has_the_shape_ebay_gives(sandbox: RunningSandbox) -> None:
    recorded = shared_json("recorded/ebay/ebay_oauth_client_credentials_interactions.json")
    async with aiohttp.ClientSession() as session:
        status, body = await EbayClient(session, sandbox.ebay_url).request_token()

    assert status == 200
    assert body.keys() == recorded[0]["response"]["body"].keys()
    assert body["expires_in"] == 7200
    assert body["token_type"] == "Application Access Token"
    assert body["access_token"].startswith("v^1.1#")


async def test_bad_credentials_are_refused_as_ebay_does(sandbox: RunningSandbox) -> None:
    recorded = shared_json("recorded/ebay/ebay_oauth_client_credentials_interactions.json")
    async with aiohttp.ClientSession() as session:
        status, body = await EbayClient(session, sandbox.ebay_url).request_token(secret="wrong")
        async with session.post(
            f"{sandbox.ebay_url}/identity/v1/oauth2/token",
            data={"grant_type": "client_credentials"},
        ) as no_credentials:
            assert no_credentials.status == 401
            assert no_credentials.headers["WWW-Authenticate"] == "Basic"

    assert status == recorded[2]["response"]["status"]["code"] == 401
    assert body == recorded[2]["response"]["body"]


async def test_only_the_client_credentials_grant_is_supported(sandbox: RunningSandbox) -> None:
    async with aiohttp.ClientSession() as session:
        client = EbayClient(session, sandbox.ebay_url)
        status, body = await client.request_token(grant_type="authorization_code")

    assert status == 400
    assert body["error"] == "unsupported_grant_type"


async def test_a_configured_client_is_the_one_accepted(clock: ManualClock) -> None:
    config = EbaySandboxConfig(client_id="collector", client_secret="s3cret", catalogue_size=50)
    async with running_sandbox(ebay=config, clock=clock) as sandbox:
        async with aiohttp.ClientSession() as session:
            client = EbayClient(session, sandbox.ebay_url)
            assert (await client.request_token())[0] == 401
            assert (await client.request_token("collector", "s3cret"))[0] == 200


async def test_browse_calls_need_a_valid_bearer_token(ebay: EbayClient) -> None:
    token = ebay.access_token
    for authorization in (None, "Bearer not-a-token", f"Basic {token}"):
        ebay.access_token = None
        headers = {"Authorization": authorization} if authorization else {}
        async with ebay.session.get(
            f"{ebay.ebay_url}/buy/browse/v1/item_summary/search",
            params={"q": "levis"},
            headers=headers,
        ) as response:
            assert response.status == 401
            assert await response.json() == INVALID_ACCESS_TOKEN


async def test_tokens_expire_after_their_lifetime(clock: ManualClock) -> None:
    config = EbaySandboxConfig(token_lifetime_seconds=600, catalogue_size=50)
    async with running_sandbox(ebay=config, clock=clock) as sandbox:
        async with aiohttp.ClientSession() as session:
            ebay = EbayClient(session, sandbox.ebay_url)
            status, body = await ebay.request_token()
            assert body["expires_in"] == 600
            ebay.access_token = body["access_token"]

            clock.advance(599)
            assert (await ebay.search(q="jeans"))[0] == 200
            clock.advance(1)
            status, body = await ebay.search(q="jeans")
            assert (status, body) == (401, INVALID_ACCESS_TOKEN)

            await ebay.authorize()
            assert (await ebay.search(q="jeans"))[0] == 200
