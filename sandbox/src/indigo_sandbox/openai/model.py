"""The sandbox's "model": a deterministic reader of Indigo's enrichment prompt.

It reads the user message as Indigo sends it (JSON ``{"listings": [{"id", "fields", "title",
"description", ...}]}``) and answers one item per listing with the keys of the item schema the
request asked for: the fields named in the listing's ``fields`` list (from what the text plainly
says, using the sellers' forms of :mod:`indigo_sandbox.denim`), a ``summary`` and ``tags``;
every other key is null, as a well-behaved model would answer.

Tests steer it with scripted answers (:class:`ScriptedAnswer`): for a listing whose text holds
``match``, the given values replace the model's, asked or not and valid or not, so a test can
play a model that a prompt injection fooled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from indigo_sandbox.denim import (
    BRAND_FORMS,
    CONDITION_FORMS,
    ERA_FORMS,
    FLAW_FORMS,
    MADE_IN_FORMS,
    MODELS,
    WASH_FORMS,
)


class PromptNotUnderstood(ValueError):
    """The request is not Indigo's enrichment prompt: the sandbox model cannot answer it."""


@dataclass(frozen=True)
class ScriptedAnswer:
    match: str  # a substring of a listing's title or description (case-insensitive)
    answer: Mapping[str, Any] = field(default_factory=dict)


def _forms(table: Mapping[str, Iterable[str]]) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, canonical) pairs, longest form first so "Light Stonewash" beats "Light"."""
    pairs = [(form, canonical) for canonical, forms in table.items() for form in forms]
    pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
    return [(re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", re.I), key) for form, key in pairs]


_BRANDS = _forms({model.brand: (model.brand, *model.brand_forms) for model in MODELS} | BRAND_FORMS)
_WASHES = _forms(WASH_FORMS)
_CONDITIONS = _forms(CONDITION_FORMS)
_FLAWS = _forms({flaw: (form,) for flaw, form in FLAW_FORMS.items()})
_COUNTRIES = _forms(MADE_IN_FORMS)
_ERAS = _forms(ERA_FORMS)
_LOT = re.compile(r"(?<![\w-])(\d{3}(?:XX|Z)?|1[013]MWZ|101[ZB])(?![\w'])", re.I)
_SIZE = re.compile(r"(?<!\d)W?\s?(\d{2})\s?(?:x|X|/|\s?L)\s?(\d{2})(?!\d)")
_GENDERS = _forms({"women": ("Women's", "Womens", "Ladies"), "men": ("Men's", "Mens")})


def _first(patterns: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    best: tuple[int, str] | None = None
    for pattern, key in patterns:
        m = pattern.search(text)
        if m is not None and (best is None or m.start() < best[0]):
            best = (m.start(), key)
    return best[1] if best else None


def read_listing(text: str) -> dict[str, Any]:
    """What the text plainly says, in Indigo's attribute names."""
    size = _SIZE.search(text)
    lot = _LOT.search(text)
    return {
        "brand": _first(_BRANDS, text),
        "model": lot.group(1).upper() if lot else None,
        "waist": float(size.group(1)) if size else None,
        "inseam": float(size.group(2)) if size else None,
        "measured_waist": None,
        "measured_inseam": None,
        "era": _first(_ERAS, text),
        "wash": _first(_WASHES, text),
        "made_in": _first(_COUNTRIES, text),
        "selvedge": True if re.search(r"selvedge|selvage|redline", text, re.I) else None,
        "condition": _first(_CONDITIONS, text),
        "flaws": sorted({key for pattern, key in _FLAWS if pattern.search(text)}) or None,
        "style": None,
        "gender": _first(_GENDERS, text),
    }


def summary_of(found: Mapping[str, Any]) -> str:
    words = [found.get("era"), found.get("brand"), found.get("model"), "jeans"]
    text = " ".join(w for w in words if w)
    if found.get("waist") and found.get("inseam"):
        text += f", {found['waist']:g}x{found['inseam']:g}"
    if found.get("wash"):
        text += f", {found['wash']} wash"
    if found.get("condition"):
        text += f", {found['condition']} condition"
    return text[0].upper() + text[1:] + "."


def tags_of(found: Mapping[str, Any]) -> list[str]:
    tags = [found.get("brand"), found.get("era"), found.get("wash") and f"{found['wash']} wash"]
    if found.get("selvedge"):
        tags.append("selvedge")
    return [str(tag).lower() for tag in tags if tag]


def listings_of(messages: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The listings of the last user message, or :class:`PromptNotUnderstood`."""
    users = [m for m in messages if m.get("role") == "user"]
    if not users:
        raise PromptNotUnderstood("no user message")
    content = users[-1].get("content")
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, Mapping))
    try:
        payload = json.loads(content)
    except (TypeError, ValueError):
        raise PromptNotUnderstood("the user message is not JSON") from None
    listings = payload.get("listings") if isinstance(payload, Mapping) else None
    if not isinstance(listings, list) or not all(
        isinstance(item, Mapping) and isinstance(item.get("id"), str) for item in listings
    ):
        raise PromptNotUnderstood('the user message has no "listings" list of items with an "id"')
    return listings


def answer(
    listings: list[Mapping[str, Any]], keys: list[str], scripted: Iterable[ScriptedAnswer] = ()
) -> dict[str, Any]:
    """``{"listings": [...]}`` with one item per listing, each with exactly ``keys``."""
    scripted = list(scripted)
    items = []
    for listing in listings:
        text = f"{listing.get('title') or ''} {listing.get('description') or ''}"
        asked = set(listing.get("fields") or ())
        found = read_listing(text)
        values: dict[str, Any] = {
            "id": listing["id"],
            **{name: found.get(name) if name in asked else None for name in found},
            "summary": summary_of(found),
            "tags": tags_of(found),
        }
        for script in scripted:
            if script.match.lower() in text.lower():
                values.update(script.answer)
        items.append({key: values.get(key) for key in keys})
    return {"listings": items}
