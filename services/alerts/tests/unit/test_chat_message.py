"""The text a chat or e-mail channel gets for an alert: what a person reads on their phone."""

from __future__ import annotations

from indigo_alerts.domain.payloads import chat_message


def matched(**listing) -> dict:
    return {
        "type": "alert.matched",
        "data": {
            "trigger": "price_drop",
            "saved_search": {"id": "s", "name": "501s W32"},
            "listing": {
                "title": "Levi's 501 W32 L32 1990s",
                "platform": "ebay",
                "url": "https://www.ebay.com/itm/1",
                **listing,
            },
            "price": 70.0,
            "currency": "USD",
            "price_usd": 70.0,
            "why": {
                "reason": "price dropped 12.5% from 80.00 USD to 70.00 USD",
                "criteria": ["lot 501", "waist 32"],
            },
        },
    }


def test_a_matched_alert_reads_as_its_trigger_reason_criteria_and_link():
    title, text = chat_message(matched(deal_score=25.0))
    assert title.endswith(": 501s W32")
    lines = text.splitlines()
    assert lines[0] == "Levi's 501 W32 L32 1990s — 70.00 USD on eBay"
    assert "price dropped 12.5% from 80.00 USD to 70.00 USD" in lines
    assert "Matched: lot 501; waist 32" in lines
    assert "Deal score: 25% below comparable listings" in lines
    assert lines[-1] == "https://www.ebay.com/itm/1"


def test_a_price_above_comparables_says_above_not_a_negative_below():
    _, text = chat_message(matched(deal_score=-40.0))
    assert "Deal score: 40% above comparable listings" in text
    assert "-40" not in text
