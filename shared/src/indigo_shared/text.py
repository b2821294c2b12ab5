"""Text that PostgreSQL and UTF-8 can carry: no NUL character, no unpaired surrogate.

PostgreSQL's ``text`` refuses NUL, and a lone surrogate (``"\\ud800"`` in JSON) cannot be encoded
as UTF-8 at all: either one reaching a query fails it. Inputs are checked where they enter.
"""

from __future__ import annotations


def unsafe_text_reason(value: str) -> str | None:
    """Why ``value`` cannot be stored or sent as text, or None when it can."""
    if "\x00" in value:
        return "must not contain the NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must not contain unpaired surrogates (it is not valid Unicode)"
    return None


def check_text(value: str) -> str:
    """``value`` itself, or ValueError (which pydantic reports on the field) saying what is wrong."""
    reason = unsafe_text_reason(value)
    if reason:
        raise ValueError(reason)
    return value
