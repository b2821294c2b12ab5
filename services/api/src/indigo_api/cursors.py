"""Keyset cursors for ``GET /listings``: ``next`` names the last listing of a page by its sort value
and id, so the page after it is read from the index where the last one stopped (no OFFSET walk,
and no listing skipped or repeated when new ones arrive meanwhile). The cursor is opaque to
clients: URL-safe base64 of a small JSON object."""

from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from indigo_api.adapters.repository import After

# Where each sort's value sits in a listing row.
SORT_VALUE_COLUMNS = {
    "created_at": "created_at",
    "price": "price_usd",
    "trend_score": "trend_score",
    "deal_score": "deal_score",
}


class BadCursor(ValueError):
    pass


def encode(sort: str, order: str, row: Any) -> str:
    value = row[SORT_VALUE_COLUMNS[sort]]
    if isinstance(value, datetime):
        value = value.isoformat()
    elif value is not None:
        value = str(value)
    payload = json.dumps({"s": sort, "o": order, "v": value, "i": row["id"].hex}, separators=",:")
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode(cursor: str, sort: str, order: str) -> After:
    """The position a cursor names, for the page's sort; BadCursor says what is wrong."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        cursor_sort, cursor_order, value, listing = (payload[k] for k in ("s", "o", "v", "i"))
        listing_id = uuid.UUID(hex=listing)
    except (binascii.Error, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BadCursor("cursor is not a `next` this API gave") from exc
    if (cursor_sort, cursor_order) != (sort, order):
        raise BadCursor(
            f"cursor continues sort_by={cursor_sort}&sort_order={cursor_order}, not "
            f"sort_by={sort}&sort_order={order}"
        )
    return After(value=_sort_value(sort, value), id=listing_id)


def _sort_value(sort: str, value: Any):
    if value is None:
        if sort == "created_at":
            raise BadCursor("cursor is not a `next` this API gave")
        return None
    if not isinstance(value, str):
        raise BadCursor("cursor is not a `next` this API gave")
    try:
        if sort == "created_at":
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError
            return parsed
        if sort == "trend_score":
            number = float(value)
            if not math.isfinite(number):
                raise ValueError
            return number
        decimal = Decimal(value)
        if not decimal.is_finite() or abs(decimal) >= 10**10:  # past numeric(12, 2)
            raise ValueError
        return decimal
    except (ValueError, InvalidOperation) as exc:
        raise BadCursor("cursor is not a `next` this API gave") from exc
