"""What every platform parser shares: the refusal of a body, and a page's listings beside the
items that could not be mapped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from indigo_shared.events import Listing


class NotAResponse(ValueError):
    """The input is not a response body of the expected API; the message says why, in one line."""


@dataclass(frozen=True)
class SkippedItem:
    """An item of a page that was not mapped: its position, its platform id if it had one, and
    why."""

    index: int
    item_id: str | int | None
    reason: str


@dataclass(frozen=True)
class ParsedPage:
    """The listings of one response page, and the items of it that were skipped."""

    listings: list[Listing]
    errors: list[SkippedItem]

    def listings_or_refusal(
        self, items: str, kind: str, log: logging.Logger, *, refuse: bool | None = None
    ) -> list[Listing]:
        """``indigo parse``'s answer: the listings, each skipped item logged as a warning; a
        :class:`NotAResponse` when no item could be read (``refuse`` overrides that test), as in
        "none of the 3 itemSummaries is an eBay item" (``items`` and ``kind``)."""
        if refuse is None:
            refuse = bool(self.errors) and not self.listings
        if refuse:
            raise NotAResponse(
                f"none of the {len(self.errors)} {items} is {kind} (first: {self.errors[0].reason})"
            )
        for error in self.errors:
            log.warning("skipped %s[%d] (%s): %s", items, error.index, error.item_id, error.reason)
        return self.listings


def parse_items(
    items: list[Any],
    parse: Callable[[dict], Listing],
    *,
    malformed: type[Exception],
    item_id: Callable[[dict], str | int | None],
) -> ParsedPage:
    """Each of a page's ``items`` mapped by ``parse``; one that is no object, or that ``parse``
    refuses with ``malformed``, is skipped with its reason and the page goes on."""
    listings: list[Listing] = []
    errors: list[SkippedItem] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            reason = f"item is a JSON {type(item).__name__}, not an object"
            errors.append(SkippedItem(index, None, reason))
            continue
        try:
            listings.append(parse(item))
        except malformed as exc:
            errors.append(SkippedItem(index, item_id(item), str(exc)))
    return ParsedPage(listings, errors)
