"""Seller descriptions arrive as HTML (often a whole page template): keep the readable text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never shown as text on the page.
_HIDDEN = frozenset({"script", "style", "title", "template"})
# Elements that start a new line when rendered, so their words do not run together.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)
_SPACES = re.compile(r"\s+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of ``html``: one line per block, whitespace (``&nbsp;`` too) collapsed, no tags.

    Plain text passes through with only its whitespace tidied.
    """
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(extractor.parts).splitlines())
    return "\n".join(line for line in lines if line)
