"""The saved-searches API: what it stores and shows, and bad input answered 4xx naming the field."""

from __future__ import annotations

import uuid

import pytest

from .alerts_harness import API, api_client, api_settings, create_search

pytestmark = pytest.mark.integration


@pytest.fixture
async def client(nats_url, database_url):
    async with api_client(api_settings(nats_url, database_url)) as client:
        yield client


async def test_create_show_update_pause_and_delete(client):
    search = await create_search(
        client,
        name="  Big E 501s  ",
        criteria={
            "keywords": "levls 501",
            "platforms": ["ebay", "etsy", "ebay"],
            "max_price_usd": 250,
            "waist": {"min": 32, "max": 33},
            "inseam": 32,
            "eras": ["60s", "Y2K"],
            "lots": ["501xx"],
        },
        triggers={"price_drop": {"percent": 10, "below_usd": 200}, "back_on_market": True},
        delivery="daily",
    )
    assert search["name"] == "Big E 501s"
    criteria = search["criteria"]
    assert criteria["platforms"] == ["ebay", "etsy"]
    assert criteria["eras"] == ["1960s", "2000s"]
    assert criteria["waist"] == {"min": 32.0, "max": 33.0} and criteria["inseam"] == 32
    assert criteria["max_price_usd"] == 250
    # No listing uses either word yet: each is its own stem, with nothing nearer to offer.
    assert sorted(search["keyword_terms"]) == [["501"], ["levl"]]
    assert search["triggers"] == {
        "new": True,
        "price_drop": {"percent": 10.0, "below_usd": 200.0},
        "back_on_market": True,
    }
    assert search["delivery"] == "daily" and search["channels"] == [] and search["matches"] == 0

    path = f"{API}/saved-searches/{search['id']}"
    assert (await client.get(path)).json()["criteria"] == criteria
    # A partial edit changes what it names; the rest of the criteria and triggers stay.
    changed = await client.patch(path, json={"name": "renamed", "criteria": {"lots": ["505"]}})
    assert changed.status_code == 200
    assert changed.json()["name"] == "renamed"
    assert changed.json()["criteria"] == {**criteria, "lots": ["505"]}
    cleared = await client.patch(
        path, json={"criteria": {"keywords": None, "eras": []}, "triggers": {"new": False}}
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["criteria"] == {**criteria, "lots": ["505"], "keywords": None, "eras": []}
    assert cleared.json()["triggers"] == {**search["triggers"], "new": False}
    # The merged whole is checked again: a minimum above the kept maximum is named.
    broken = await client.patch(path, json={"criteria": {"min_price_usd": 300}})
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["loc"][:2] == ["body", "criteria"]
    assert "min_price_usd is greater than max_price_usd" in broken.text
    assert (await client.get(path)).json()["criteria"]["min_price_usd"] is None
    paused = await client.post(f"{path}/pause")
    assert paused.json()["active"] is False
    listed = (await client.get(f"{API}/saved-searches", params={"active": "false"})).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == search["id"]
    assert (await client.get(f"{API}/saved-searches", params={"active": "true"})).json()[
        "total"
    ] == 0
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404
    assert (await client.delete(path)).status_code == 404
    assert (await client.get(f"{path}/matches")).status_code == 404


async def test_channels_are_added_shown_redacted_and_removed(client):
    search = await create_search(client, name="chan", criteria={"lots": ["501"]})
    path = f"{API}/saved-searches/{search['id']}/channels"
    webhook = await client.post(
        path, json={"type": "webhook", "url": "http://127.0.0.1:9/hooks/secret-token?x=1"}
    )
    assert webhook.status_code == 201
    assert webhook.json()["secret"].startswith("whsec_")
    assert webhook.json()["target"] == "http://127.0.0.1:9/…"  # the path may hold a token
    chat = await client.post(
        path, json={"type": "apprise", "url": "discord://1234567890/abcdefTOKENxyz"}
    )
    assert chat.status_code == 201 and chat.json()["secret"] is None
    assert "TOKEN" not in chat.json()["target"]
    shown = (await client.get(f"{API}/saved-searches/{search['id']}")).json()["channels"]
    assert len(shown) == 2 and all("secret" not in c for c in shown)
    assert {c["status"] for c in shown} == {"active"}
    rotate_chat = await client.post(f"{path}/{chat.json()['id']}/rotate-secret")
    assert rotate_chat.status_code == 409
    assert (await client.delete(f"{path}/{chat.json()['id']}")).status_code == 204
    assert (await client.delete(f"{path}/{chat.json()['id']}")).status_code == 404


def body(**changes) -> dict:
    return {"name": "bad", "criteria": {"lots": ["501"]}} | changes


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        (body(colour="blue"), ["body", "colour"]),
        (body(criteria={}), ["body", "criteria"]),
        (body(criteria={"lots": ["501"], "size": 32}), ["body", "criteria", "size"]),
        (body(criteria={"min_price_usd": 100, "max_price_usd": 50}), ["body", "criteria"]),
        (body(criteria={"keywords": "the and of"}), ["body", "criteria", "keywords"]),
        (body(criteria={"eras": ["nineties"]}), ["body", "criteria", "eras"]),
        (body(criteria={"waist": {"min": 34, "max": 30}}), ["body", "criteria", "waist"]),
        (body(criteria={"washes": ["purple"]}), ["body", "criteria", "washes", 0]),
        (body(criteria={"platforms": ["amazon"]}), ["body", "criteria", "platforms", 0]),
        (body(triggers={"new": False}), ["body", "triggers"]),
        (body(triggers={"price_drop": {}}), ["body", "triggers", "price_drop"]),
        (
            body(triggers={"price_drop": {"percent": 150}}),
            ["body", "triggers", "price_drop", "percent"],
        ),
        (body(delivery="weekly"), ["body", "delivery"]),
        (body(name=""), ["body", "name"]),
        (body(channels=[{"type": "pigeon", "url": "x"}]), ["body", "channels", 0, "type"]),
        (body(channels=[{"type": "apprise", "url": "nope://x"}]), ["body", "channels", 0, "url"]),
    ],
)
async def test_bad_input_is_422_naming_the_field(client, payload, loc):
    response = await client.post(f"{API}/saved-searches", json=payload)
    assert response.status_code == 422, response.text
    locs = [d["loc"] for d in response.json()["detail"]]
    assert any(found[: len(loc)] == loc for found in locs), locs


@pytest.mark.parametrize(
    ("payload", "loc", "words"),
    [
        (body(criteria={"eras": ["1990"]}), ["body", "criteria", "eras", 0], "a decade"),
        (body(criteria={"waist": "abc"}), ["body", "criteria", "waist"], "a valid number or"),
        (body(criteria={"waist": {"min": 34, "max": 30}}), ["body", "criteria", "waist"], "min is"),
        (body(criteria={"inseam": 5}), ["body", "criteria", "inseam"], "greater than or equal"),
        (body(criteria={"waist": {"min": None}}), ["body", "criteria", "waist", "min"], "leave"),
        (body(name="a\u0000b"), ["body", "name"], "no NUL"),
        (body(criteria={"keywords": "   "}), ["body", "criteria", "keywords"], "more than spaces"),
    ],
)
async def test_a_refusal_names_the_form_field_in_words_a_person_reads(client, payload, loc, words):
    """One error per field, at the field's own path (no union branch such as
    "constrained-float" in it), in words, never a regex."""
    response = await client.post(f"{API}/saved-searches", json=payload)
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == loc
    assert words in error["msg"] and "pattern" not in error["msg"] and "\\u" not in error["msg"]
    assert not error["msg"].startswith("Value error"), error["msg"]


async def test_unknown_ids_are_404_and_bad_ids_422(client):
    unknown = f"{API}/saved-searches/{uuid.uuid4()}"
    assert (await client.get(unknown)).status_code == 404
    assert (await client.patch(unknown, json={"name": "x"})).status_code == 404
    assert (await client.post(f"{unknown}/pause")).status_code == 404
    assert (await client.get(f"{unknown}/deliveries")).status_code == 404
    assert (await client.get(f"{API}/saved-searches/not-a-uuid")).status_code == 422
    search = await create_search(client, name="x", criteria={"lots": ["501"]})
    patch = await client.patch(f"{API}/saved-searches/{search['id']}", json={})
    assert patch.status_code == 422
    patch = await client.patch(f"{API}/saved-searches/{search['id']}", json={"name": None})
    assert patch.status_code == 422
    bad_status = await client.get(
        f"{API}/saved-searches/{search['id']}/deliveries", params={"status": "lost"}
    )
    assert bad_status.status_code == 422
