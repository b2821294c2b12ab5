"""Bounds on what an event may carry, applied when a wire model is built or read.

Every field has a size, so every event fits in a NATS message (1 MiB by default) with room for
the headers it gets when parked, and every value is one PostgreSQL accepts (no NUL in text, no
unpaired surrogate, a price within ``numeric(12, 2)``). Text is cleaned and cut to its bound; a
value that cannot be cleaned without changing what it is (an id, a price out of range) is refused,
so its listing is counted as an error of its sync job instead of failing downstream.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticSerializationError, to_json

MAX_EXTERNAL_ID = 256
MAX_TITLE = 500
MAX_DESCRIPTION = 20_000
MAX_SHORT = 200
MAX_SUMMARY = 2_000
MAX_URL = 2_048
MAX_LIST = 50
#: Serialized size above which ``raw_data`` keeps only its smaller fields.
MAX_RAW_BYTES = 256 * 1024
#: The largest price, in any currency (¥100,000,000 is about $650,000).
MAX_PRICE = Decimal(100_000_000)
#: A deal score's range (percent below comparable listings' median, clipped): the trends service
#: computes within it, the API and saved searches' ``min_deal_score`` accept it.
DEAL_SCORE_MIN = -100
DEAL_SCORE_MAX = 100

# NUL and the other C0 controls but tab, newline and carriage return; unpaired surrogates (a
# Python str holds a surrogate code point only when it is unpaired).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


# C0 controls as JSON escapes them (a literal backslash before "u0000" also matches: that only
# sends the value through the full cleaning).
_ESCAPED_CONTROL = re.compile(rb"\\u00(?:0[0-8bcef]|1[0-9a-f])")


def _small_and_clean(value: Any) -> bool:
    """Whether a JSON value is within ``MAX_RAW_BYTES`` and holds nothing to clean. One encoding
    in Rust shows it, where walking the value in Python was most of the cost of reading a
    listing event: controls appear escaped, and an unpaired surrogate cannot be encoded."""
    try:
        encoded = to_json(value, fallback=str)
    except PydanticSerializationError:
        return False
    if len(encoded) > MAX_RAW_BYTES:
        return False
    return b"\\u00" not in encoded or not _ESCAPED_CONTROL.search(encoded)


def clean_text(value: str) -> str:
    return _INVALID.sub("", value)


def _bounded_text(limit: int):
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value)[:limit]
        return value

    return clean


def Text(limit: int):  # noqa: N802 - reads as a type
    return Annotated[str, BeforeValidator(_bounded_text(limit))]


def _short_or_none(value: Any) -> Any:
    if isinstance(value, str):
        value = clean_text(value).strip()[:MAX_SHORT]
        return value or None
    return value


def _url_or_none(value: Any) -> Any:
    if isinstance(value, str):
        value = clean_text(value).strip()
        return value if 0 < len(value) <= MAX_URL else None
    return value


def _bounded_list(item):
    def clean(values: Any) -> Any:
        if isinstance(values, list | tuple):
            kept = [item(v) if isinstance(v, str) else v for v in values]
            return [v for v in kept if v is not None][:MAX_LIST]
        return values

    return clean


def clean_json(value: Any) -> Any:
    """The same JSON value without the characters PostgreSQL's jsonb refuses."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value


def _bounded_raw(value: Any) -> Any:
    """The platform's item as received, cleaned; past ``MAX_RAW_BYTES`` its largest fields are
    dropped (named under ``_indigo_dropped``) until it fits."""
    if not isinstance(value, dict):
        return value
    if _small_and_clean(value):
        return value
    value = clean_json(value)
    sizes = {k: len(json.dumps(v, default=str, ensure_ascii=False)) for k, v in value.items()}
    if sum(sizes.values()) <= MAX_RAW_BYTES:
        return value
    dropped: list[str] = []
    total = sum(sizes.values())
    for key in sorted(sizes, key=sizes.get, reverse=True):
        if total <= MAX_RAW_BYTES:
            break
        total -= sizes[key]
        dropped.append(key)
    kept = {k: v for k, v in value.items() if k not in dropped}
    kept["_indigo_dropped"] = dropped[:MAX_LIST]
    return kept


Short = Annotated[str | None, BeforeValidator(_short_or_none)]
Url = Annotated[str | None, BeforeValidator(_url_or_none)]
BoundedUrls = Annotated[list[str], BeforeValidator(_bounded_list(_url_or_none))]
ShortList = Annotated[list[str], BeforeValidator(_bounded_list(_short_or_none))]
BoundedRaw = Annotated[dict[str, Any], BeforeValidator(_bounded_raw)]
