"""Reddit markdown as plain lines: what the sale parser reads.

Reddit sends ``title``, ``selftext`` and ``body`` as the author typed them (markdown) when asked
with ``raw_json=1``; without it, ``&``, ``<`` and ``>`` come HTML-escaped, so entities are
always undone, once. Posts pasted from shops carry others too (``Levi&#39;s``, ``&quot;``): every
complete entity (with its ``;``) is undone, never a bare ``&name`` (a URL's ``&copy=`` stays).
Struck-through text (``~~$60~~``) is kept, marked, because sellers strike sold
items and old prices: the parser needs to know what was struck, not lose it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# Markdown links [text](url) keep their text; bare autolinks <url> their url.
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>$])")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_(?=\S)|(?<=\S)_(?!\w))")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_STRIKE = re.compile(r"~~(.+?)~~")


def unescape(text: str) -> str:
    # One pass: ``&amp;#39;`` (a typed ``&#39;`` escaped by Reddit) becomes ``&#39;``, not ``'``.
    return _ENTITY.sub(lambda entity: html.unescape(entity[0]), text)


@dataclass(frozen=True)
class Line:
    """One line of a post as plain text. ``struck`` holds the spans of ``text`` that were struck
    through (``~~...~~``), ``block`` the paragraph the line belongs to (0, 1, ...)."""

    text: str
    struck: tuple[tuple[int, int], ...]
    block: int
    raw: str

    @property
    def breaks(self) -> tuple[int, ...]:
        """Where struck-through text ends: what follows is a new clause."""
        return tuple(end for _, end in self.struck)

    def is_struck(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.struck)

    @property
    def wholly_struck(self) -> bool:
        letters = [i for i, char in enumerate(self.text) if char.isalnum()]
        return bool(letters) and all(self.is_struck(i, i + 1) for i in letters)


def plain_lines(markdown: str) -> list[Line]:
    """The non-empty lines of a markdown text, without markup; blank lines separate blocks.

    Table rows become lines whose cells are joined with `` | ``; table rules are dropped.
    """
    lines: list[Line] = []
    block = 0
    previous_blank = False
    for raw in unescape(markdown).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip() or _TABLE_RULE.match(raw):
            previous_blank = previous_blank or not raw.strip()
            continue
        if previous_blank and lines:
            block += 1
        previous_blank = False
        text, struck = _plain(raw)
        if text:
            lines.append(Line(text=text, struck=struck, block=block, raw=raw))
    return lines


def _plain(raw: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    text = _ZERO_WIDTH.sub("", raw)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _QUOTE.sub("", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    if text.lstrip().startswith("|") or text.count("|") >= 2:
        cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
        text = " | ".join(cell for cell in cells if cell)
    text = _EMPHASIS.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    if text.count("~~") % 2:  # an unclosed strike marker strikes nothing
        head, _, tail = text.rpartition("~~")
        text = head + tail
    # Take the strike markers out last, remembering where the struck text now sits.
    struck: list[tuple[int, int]] = []
    parts: list[str] = []
    position = 0
    length = 0
    for match in _STRIKE.finditer(text):
        before = text[position : match.start()]
        parts.append(before)
        length += len(before)
        inner = match.group(1)
        struck.append((length, length + len(inner)))
        parts.append(inner)
        length += len(inner)
        position = match.end()
    parts.append(text[position:])
    return "".join(parts), tuple(struck)
