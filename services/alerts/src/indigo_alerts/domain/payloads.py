"""What alerts say: the JSON a webhook receives (``{"type", "timestamp", "data"}`` as Standard
Webhooks suggests) and the title and text a chat or e-mail channel shows."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

PLATFORM_NAMES = {"ebay": "eBay", "etsy": "Etsy", "reddit": "Reddit"}
TRIGGER_WORDS = {"new": "New match", "price_drop": "Price drop", "back_on_market": "Back on market"}
#: Matches listed in one digest; a larger period says how many more there were.
DIGEST_LIMIT = 100


def _number(value) -> float | None:
    return None if value is None else float(value)


def match_data(match: dict[str, Any], search: dict[str, Any]) -> dict[str, Any]:
    """One match as alerts carry it: the listing, the trigger and why it matched."""
    return {
        "match_id": str(match["id"]),
        "trigger": match["trigger"],
        "matched_at": match["matched_at"].isoformat(),
        "saved_search": {"id": str(search["id"]), "name": search["name"]},
        "listing": match["listing"],
        "price": _number(match["price"]),
        "currency": match["currency"],
        "price_usd": _number(match["price_usd"]),
        "previous_price": _number(match["previous_price"]),
        "why": match["reasons"],
    }


def match_body(match: dict[str, Any], search: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "alert.matched",
        "timestamp": match["matched_at"].isoformat(),
        "data": match_data(match, search),
    }


def digest_body(
    search: dict[str, Any],
    delivery: str,
    period_start: datetime,
    period_end: datetime,
    matches: list[dict[str, Any]],
    total: int,
) -> dict[str, Any]:
    return {
        "type": "alert.digest",
        "timestamp": period_end.isoformat(),
        "data": {
            "saved_search": {"id": str(search["id"]), "name": search["name"]},
            "delivery": delivery,
            "period_start": period_start.isoformat(),
            "period_end": period_end.isoformat(),
            "total": total,
            "matches": [match_data(m, search) for m in matches[:DIGEST_LIMIT]],
        },
    }


def test_body(search: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "type": "alert.test",
        "timestamp": now.isoformat(),
        "data": {
            "saved_search": {"id": str(search["id"]), "name": search["name"]},
            "message": "A test alert from Indigo: this channel receives this search's alerts.",
        },
    }


def encode(body: dict[str, Any]) -> str:
    """The exact text sent and signed."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _price(data: dict[str, Any]) -> str:
    if data["price"] is None:
        return "no price"
    text = f"{data['price']:,.2f} {data['currency'] or ''}".strip()
    if data["currency"] != "USD" and data["price_usd"] is not None:
        text += f" (${data['price_usd']:,.2f})"
    return text


def _match_lines(data: dict[str, Any]) -> list[str]:
    listing = data["listing"]
    why = data["why"]
    platform = PLATFORM_NAMES.get(listing["platform"], listing["platform"])
    lines = [f"{listing['title']} — {_price(data)} on {platform}"]
    if why.get("reason"):
        lines.append(why["reason"])
    if why.get("criteria"):
        lines.append("Matched: " + "; ".join(why["criteria"]))
    if (score := listing.get("deal_score")) is not None:
        side = "below" if score >= 0 else "above"
        lines.append(f"Deal score: {abs(score):g}% {side} comparable listings")
    if listing.get("url"):
        lines.append(listing["url"])
    return lines


def chat_message(body: dict[str, Any]) -> tuple[str, str]:
    """(title, text) for a chat or e-mail channel."""
    data = body["data"]
    name = data["saved_search"]["name"]
    if body["type"] == "alert.matched":
        title = f"{TRIGGER_WORDS.get(data['trigger'], 'Match')}: {name}"
        return title, "\n".join(_match_lines(data))
    if body["type"] == "alert.digest":
        title = f"{data['total']} new for {name} ({data['delivery']} digest)"
        blocks = ["\n".join(_match_lines(m)) for m in data["matches"]]
        if data["total"] > len(data["matches"]):
            blocks.append(f"… and {data['total'] - len(data['matches'])} more")
        return title, "\n\n".join(blocks)
    return f"Test alert: {name}", data["message"]
