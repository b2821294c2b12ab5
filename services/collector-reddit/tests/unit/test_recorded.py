"""The parser on every response body recorded from the real Reddit API (../shared/data/recorded).

The recordings are VCR/betamax cassettes; each interaction's ``response.body.string`` is one body
as Reddit sent it. A Listing or comments page must parse without error and yield only prices that
are written in the post or comment they come from; every other body (token responses, the HTML
429 page, error objects) must be refused with a one-line reason.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from indigo_collector_reddit.domain.mapping import parse_response
from indigo_shared.parsing import NotAResponse

REPO_ROOT = Path(__file__).resolve().parents[4]
RECORDED = REPO_ROOT.parent / "shared" / "data" / "recorded" / "reddit"


def recorded_bodies() -> list[tuple[str, str]]:
    if not RECORDED.is_dir():
        return []
    bodies = []
    for path in sorted(RECORDED.glob("*.json")):
        cassette = json.loads(path.read_text(encoding="utf-8"))
        for index, interaction in enumerate(cassette.get("interactions", [])):
            body = interaction["response"]["body"].get("string", "")
            bodies.append((f"{path.stem}#{index}", body))
    return bodies


BODIES = recorded_bodies()


def is_listing_or_comments_page(body: str) -> bool:
    try:
        data = json.loads(body)
    except ValueError:
        return False
    if isinstance(data, dict):
        return data.get("kind") == "Listing"
    return (
        isinstance(data, list)
        and len(data) == 2
        and all(isinstance(part, dict) and part.get("kind") == "Listing" for part in data)
    )


def numbers_written(text: str) -> set[Decimal]:
    """Every number in the text, read each way a seller may have meant it (1,250 / 1.250 / 45,50)."""
    values = set()
    for token in re.findall(r"\d[\d,.]*", text):
        token = token.rstrip(".,")
        for candidate in (token, token.replace(",", ""), token.replace(".", "").replace(",", "."),
                          token.replace(",", ".")):  # fmt: skip
            try:
                values.add(Decimal(candidate))
            except InvalidOperation:
                pass
    return values


def test_the_recordings_are_there():
    if not BODIES:
        pytest.skip(f"recorded Reddit responses not available ({RECORDED} is absent)")
    assert any(is_listing_or_comments_page(body) for _, body in BODIES)


@pytest.mark.parametrize(("name", "body"), BODIES, ids=[name for name, _ in BODIES])
def test_every_recorded_body_parses_or_is_refused_with_a_reason(name, body):
    if is_listing_or_comments_page(body):
        listings = parse_response(body)
        for listing in listings:
            source = (
                listing.raw_data.get("title", "")
                + "\n"
                + (listing.raw_data.get("selftext") or listing.raw_data.get("body") or "")
            )
            if listing.price is not None:
                assert listing.price in numbers_written(source), (listing.external_id, source)
                assert listing.price > 0
    else:
        with pytest.raises(NotAResponse) as refused:
            parse_response(body)
        reason = str(refused.value)
        assert reason and "\n" not in reason


def test_recorded_pages_hold_no_sale_posts():
    """The recordings are r/all, r/popular, r/askreddit and PRAW's test threads: discussions whose
    prices ("the movie made $800 million", "R$ 4,99") are not asking prices."""
    pages = [body for _, body in BODIES if is_listing_or_comments_page(body)]
    if not pages:
        pytest.skip(f"recorded Reddit responses not available ({RECORDED} is absent)")
    assert [listing for body in pages for listing in parse_response(body)] == []
