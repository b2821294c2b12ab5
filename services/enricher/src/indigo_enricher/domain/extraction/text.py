"""What every field reader shares: the normalized text, masking, and regex building blocks.

Text is normalized once (unicode quotes, primes, dashes, ``×``), then read by regexes compiled at
import time. Numbers consumed by one field (a lot, a size, a price) are masked before the next
field reads the text, so "501" is never a waist and "34x32" never a year.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

#: Filler for masked spans: not a space (so ``\s*`` cannot bridge across a masked lot or price)
#: and not a word character (so ``\b`` still works next to it).
MASK = "|"


class Found(NamedTuple, Generic[T]):
    """One extracted value, how sure the rule is, and where it was read (title offsets).

    A named tuple, not a frozen dataclass: a listing makes a few dozen of them, and a named
    tuple is made in half the time."""

    value: T
    confidence: float
    span: tuple[int, int] | None = None


_ROUNDED: dict[float, float] = {}


def round3(confidence: float) -> float:
    """``round(confidence, 3)``, remembered: ``round`` formats the float (0.3 us, some fifteen
    times a listing), while confidences take a few dozen values (products of the rules'
    constants). Bounded all the same."""
    out = _ROUNDED.get(confidence)
    if out is None:
        out = round(confidence, 3)
        if len(_ROUNDED) < 4096:
            _ROUNDED[confidence] = out
    return out


def scale(found: Found[T] | None, factor: float) -> Found[T] | None:
    """Weaker evidence (description, platform): lower confidence, and no title span."""
    if found is None:
        return None
    return Found(found.value, round3(found.confidence * factor))


def value_of(found: Found[T] | None) -> T | None:
    return None if found is None else found.value


# --------------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------------

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("\u2019\u2018\u201b\u02bc\u00b4`\u2032\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00d7\u2715\u2716", "x"),
        **dict.fromkeys("\u00a0\u2009\u202f\u2007\u3000\t\n\r", " "),
        **dict.fromkeys("\u200b\u200d\ufeff", ""),
        "\u00bd": ".5",
        "\u00ae": " ",
        "\u2122": " ",
        "\u00a9": " (c) ",
    }
)
_DOUBLE_SINGLE_QUOTE = re.compile(r"''")


def normalize(text: str) -> str:
    """Fold the unicode forms sellers type into the ASCII ones the patterns expect.

    ``Levi’s`` -> ``Levi's``, ``80’s`` -> ``80's``, ``32″`` / ``32''`` -> ``32"``,
    ``32×30`` -> ``32x30``, en/em dashes -> ``-``, fullwidth forms via NFKC, whitespace collapsed.
    """
    if text.isascii():  # the common case: only backticks and whitespace to fold
        out = text.replace("`", "'") if "`" in text else text
    else:
        out = text.translate(_TRANSLATION)
        # Curly quotes and dashes alone (the usual non-ASCII): the folded text is ASCII, which
        # NFKC and the table (it makes none of its ASCII keys) leave as it is.
        if not out.isascii():
            out = unicodedata.normalize("NFKC", out).translate(_TRANSLATION)
    if "''" in out:
        out = _DOUBLE_SINGLE_QUOTE.sub('"', out)
    return " ".join(out.split())


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def fold_accents(text: str) -> str:
    """``Stüssy`` -> ``Stussy``, ``Garçons`` -> ``Garcons`` (ASCII text comes back as it is)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_HTML_DROP = re.compile(r"<(script|style|head|title)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/tr|/td)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]{0,2000}>")
#: Characters of description text read: a seller's notes and measurements come first; what
#: follows is mostly shop boilerplate, and every character costs time on the 90-day replay.
DESCRIPTION_LIMIT = 1500


def clean_description(text: str | None) -> str:
    """Plain, normalized text of a (possibly HTML) description, cut to a bounded length.

    Block-level tags become `` . `` so that phrases from different lines do not run together.
    """
    if not text:
        return ""
    out = text[: DESCRIPTION_LIMIT * 4]
    if "<" in out:
        out = _HTML_DROP.sub(" ", out)
        out = _HTML_BREAK.sub(" . ", out)
        out = _HTML_TAG.sub(" ", out)
    if "&" in out:
        out = html.unescape(out)
    return normalize(without_asides(out[: DESCRIPTION_LIMIT * 2]))[:DESCRIPTION_LIMIT]


# A description's asides say nothing about this pair: what it is compared to ("fits like Levi's
# 501", "compare to Evisu", "similar to Mudd or Bongo", "not real Evisu"), the seller's other
# stock ("my other listings in 30 and 32", "also have Iron Heart 634S in 33"), the shop's
# disclaimers ("all items are vintage and may show signs of wear"), what a remade piece was cut
# from (the sentence that says "upcycled" or "reworked": "made from upcycled vintage Levi's")
# and hashtags ("#y2k #evisu").
# Each such sentence (up to . ! ? or a line break) is dropped before any field reads the text.
# "Fits like a 32" is a measure of this pair, and "looks like new" its condition: both stay.
# Words of a cue are one space apart, as sellers type them: so the start words of the scanner
# below are two-word cues ("made from", "my other"), which boilerplate rarely holds, and a
# description is tried at a handful of places, not at every "made" and "my".
_ASIDE = re.compile(
    r"\b(?:similar|comparable|compared?|resembles?|dupes?|inspired|lookalike)\b"
    r"|\b(?:fits?|feels?|runs?|looks?|cut|sized|styled) (?:just |more )?like\s+"
    r"(?!(?:an?\s+|the\s+)?(?:[\d|]|new\b|brand\s+new\b|(?:us|uk|eu|size)\s*\d))"
    r"|\bnot (?:a )?(?:real|authentic|genuine|actual)\b"
    r"|\b(?:upcycled|reworked)\b"
    r"|\b(?:my|our) (?:other|store|shop|closet)\b|\bother (?:listings?|items|pairs)\b"
    r"|\balso (?:have|has|listed|selling|sell|sold|available|open to)\b"
    r"|\bbundle with\b|\bcheck out my\b|\bwill post\b"
    r"|\b(?:may|might|can|will) (?:show|have|contain|vary)\b"
    r"|\bconsistent with (?:age|use|wear)\b"
    r"|\ball (?:of )?(?:our |my )?(?:items|jeans|pieces|clothing)\b",
    re.I,
)
# Where a sentence ends: . ! ? a line break, a bracket, or an emoji (Depop's punctuation).
_SENTENCE_END = re.compile(r"[.!?\n()\u2600-\u27bf\U0001f000-\U0001faff]")
_HASHTAGS = re.compile(r"(?<![\w&])#[^\W\d_]\w*")


def _may_hold_asides(low: str) -> bool:
    """Whether ``low`` holds the words of some cue of :data:`_ASIDE`: substring tests (a tenth
    of a microsecond each, one expression, no generator) spare most descriptions the scanner's
    pass (several microseconds)."""
    return (
        (
            "like" in low
            and (
                "fit" in low
                or "feel" in low
                or "run" in low
                or "look" in low
                or "cut " in low
                or "sized" in low
                or "styled" in low
            )
        )
        or "simil" in low
        or "compar" in low
        or "resembl" in low
        or "dupe" in low
        or "inspired" in low
        or "upcycled" in low
        or "reworked" in low
        or "also " in low
        or "bundle with" in low
        or "check out my" in low
        or "consistent with" in low
        or (
            "not " in low
            and (
                "not real" in low
                or "not a " in low
                or "not authentic" in low
                or "not genuine" in low
                or "not actual" in low
            )
        )
        or (
            "other " in low
            and ("other listing" in low or "other items" in low or "other pairs" in low)
        )
        or (
            ("may " in low or "might " in low or "can " in low or "will " in low)
            and (
                " show" in low
                or " have" in low
                or " contain" in low
                or " vary" in low
                or "will post" in low
            )
        )
        or (
            "all " in low
            and (
                "all items" in low
                or "all jeans" in low
                or "all pieces" in low
                or "all clothing" in low
                or "all of" in low
                or "all our" in low
                or "all my" in low
            )
        )
        or (
            ("my " in low or "our " in low)
            and (
                "my other" in low
                or "our other" in low
                or " store" in low
                or " shop" in low
                or " closet" in low
            )
        )
    )


def without_asides(text: str) -> str:
    """``text`` without its aside sentences and hashtags (see :data:`_ASIDE`)."""
    if "#" in text:
        text = _HASHTAGS.sub(" ", text)
    low = text.lower()
    if not _may_hold_asides(low):
        return text
    cuts: list[tuple[int, int]] = []
    ends: list[int] | None = None  # where each sentence ends, found once when there is an aside
    for m in _ASIDE_AT.finditer(text, low):
        if cuts and m.start() < cuts[-1][1]:
            continue  # inside the sentence already cut
        if ends is None:
            ends = [e.start() for e in _SENTENCE_END.finditer(text)]
        before = bisect_left(ends, m.start())  # sentence ends before the aside
        after = bisect_left(ends, m.end())  # the first one after it
        start = ends[before - 1] + 1 if before else 0
        cuts.append((start, ends[after] if after < len(ends) else len(text)))
    if not cuts:
        return text
    out, at = [], 0
    for start, stop in cuts:
        out.append(text[at:start])
        out.append(" . ")
        at = stop
    out.append(text[at:])
    return "".join(out)


# Reddit trade tags: [WTS] [WTB] [H] [W] and location tags like [US-CA], [USA-NY], [CAN-ON].
# They are stripped before reading: a seller's location is not where the jeans were made (so
# "[US-NY]" is no made_in), and "[W] $50" is no waist. Other bracketed text ([NWT]) stays.
_TRADE_TAG = re.compile(
    r"\[\s*(?:wts|wtb|wtt|fs|ft|fsot|h|w|sold|iso|pc|price\s*drop|meta|"
    r"[a-z]{2,4}-[a-z]{2,4}|us|usa|can|uk|eu|au|intl|conus)\s*\]",
    re.I,
)
# Prices: "$35 shipped", "$45 + shipping", "40 USD", "35 shipped", "£20".
_PRICE = re.compile(
    r"(?:[$£€]\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?(?:shipped|obo|ono|firm|each|ea|usd|cad)\b)?)"
    r"|(?:(?<![\w.])\d[\d,]*(?:\.\d{1,2})?\s?(?:usd|cad|eur|gbp|dollars|bucks|shipped|obo)\b)",
    re.I,
)


#: A price holds one of these (lower case): cheaper to find one by one than by a regex scan.
_PRICE_WORDS = ("$", "£", "€", "usd", "cad", "eur", "gbp", "dollars", "bucks", "shipped", "obo")


def mask(text: str, start: int, end: int) -> str:
    return text[:start] + MASK * (end - start) + text[end:]


def mask_all(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: MASK * (m.end() - m.start()), text)


def prepare_title(title: str) -> str:
    """Normalized title with trade tags and prices masked (offsets preserved after normalize)."""
    text = normalize(title)
    if "[" in text:
        text = mask_all(text, _TRADE_TAG)
    low = text.lower()
    if not any(word in low for word in _PRICE_WORDS):
        return text
    return mask_all(text, _PRICE)


# --------------------------------------------------------------------------------------------
# Regex building blocks
# --------------------------------------------------------------------------------------------


def keyed_alternation(
    pairs: Iterable[tuple[str, str]], prefix: str, *, longest_first: bool = True
) -> tuple[str, list[str]]:
    """One regex alternation for many (fragment, key) pairs, and the key of each named group.

    Each fragment becomes a named group ``<prefix><i>``; ``m.lastgroup`` gives back its key
    (:func:`group_key`). Fragments are bucketed by their first letter behind a one-character
    lookahead, so the engine tries a handful of branches per position instead of all of them.
    Longest fragments first within a bucket (unless ``longest_first`` is off: then the given
    order is the priority).
    """
    items = list(pairs)
    if longest_first:
        items.sort(key=lambda p: len(p[0]), reverse=True)
    keys: list[str] = []
    buckets: dict[str, list[str]] = {}
    fallback: list[str] = []
    for fragment, key in items:
        group = f"(?P<{prefix}{len(keys)}>{fragment})"
        keys.append(key)
        first = fragment[0]
        if first.isalpha() and first.isascii() and (len(fragment) < 2 or fragment[1] not in "?*{|"):
            buckets.setdefault(first.lower(), []).append(group)
        else:
            fallback.append(group)
    branches = [
        f"(?=[{c}{c.upper()}])(?:{'|'.join(groups)})" for c, groups in sorted(buckets.items())
    ]
    if fallback:
        branches.append("(?:" + "|".join(fallback) + ")")
    return "(?:" + "|".join(branches) + ")", keys


def group_key(m: re.Match[str], keys: list[str]) -> str:
    return keys[int(m.lastgroup[1:])]  # type: ignore[index]


def literal_start(fragment: str) -> str | None:
    r"""The plain word a regex fragment starts with ("button" of ``button[\s-]?fly``, "levi" of
    ``levi'?s``, "état" of ``état\s+correct``), or None when it starts with a group or a
    class."""
    out = []
    for n, c in enumerate(fragment):
        if not c.isalnum() or fragment[n + 1 : n + 2] in ("?", "*", "{"):
            break
        out.append(c)
    return "".join(out).lower() or None


def vocabulary_scanner(
    table: dict[str, tuple[str, ...]], prefix: str, *, before: str = "", after: str = ""
) -> tuple[Anchored | Gated, list[str]]:
    """:func:`vocabulary_regex`, run only where a fragment's first word occurs (every fragment
    of the table must start with a plain word)."""
    pattern, groups = vocabulary_regex(table, prefix, before=before, after=after)
    starts = {literal_start(f) for fragments in table.values() for f in fragments}
    if None in starts:
        raise ValueError(f"a {prefix!r} fragment starts with no plain word")
    return Anchored(pattern, sorted(starts)), groups  # type: ignore[arg-type]


def vocabulary_regex(
    table: dict[str, tuple[str, ...]], prefix: str, *, before: str = "", after: str = ""
) -> tuple[re.Pattern[str], list[str]]:
    """A case-insensitive regex for every fragment of a ``{key: fragments}`` table."""
    alternation, groups = keyed_alternation(
        ((fragment, key) for key, fragments in table.items() for fragment in fragments), prefix
    )
    return re.compile(before + alternation + after, re.I), groups


def ends_with(pattern: re.Pattern[str], text: str, pos: int, window: int = 40) -> bool:
    """Whether the text right before ``pos`` matches ``pattern`` (anchored with ``\\Z``)."""
    return pattern.search(text, max(0, pos - window), pos) is not None


_PREV_WORD = re.compile(r"([\w'&-]+)[^\w]*\Z")
_NEXT_WORD = re.compile(r"[^\w&]*([\w'&-]+)")


_ASCII_NOT_WORD = "".join(c for c in map(chr, range(128)) if not c.isalnum() and c != "_")
_ASCII_WORD_OR_JOINER = "".join(c for c in map(chr, range(128)) if c.isalnum() or c in "_'&-")


def prev_word(text: str, start: int) -> str:
    """The word before ``start`` (lower case; ``'``, ``&`` and ``-`` join a word), as
    ``_PREV_WORD`` reads the 40 characters before it. That search tries every place of the
    window (5 us), so ASCII text is read with ``rstrip`` instead, to the same answer: the run of
    word characters and joiners holding the last word character, up to the non-word characters
    closing the window, or (none there) the first run of joiners."""
    lo = max(0, start - 40)
    window = text[lo:start]
    if not window.isascii():
        m = _PREV_WORD.search(text, lo, start)
        return m.group(1).lower() if m else ""
    body = window.rstrip(_ASCII_NOT_WORD)  # up to the last word character
    if body:
        first = len(body.rstrip(_ASCII_WORD_OR_JOINER))
        tail = window[len(body) :]
        return window[first : len(body) + len(tail) - len(tail.lstrip("'&-"))].lower()
    for n, c in enumerate(window):  # no word character: joiners alone make the word
        if c in "'&-":
            rest = window[n:]
            return rest[: len(rest) - len(rest.lstrip("'&-"))]
    return ""


def next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1).lower() if m else ""


def has_any(text: str, needles: Iterable[str]) -> bool:
    """Whether any of the (lower-case) needles occurs in ``text`` (already lower case): a cheap
    gate before a regex that cannot match without one of them."""
    for needle in needles:  # a plain loop: cheaper than any() or a regex of them
        if needle in text:
            return True
    return False


#: Confidence kept by the primary evidence when a second source contradicts it.
_CONTRADICTED = 0.75


def corroborate(primary: Found[T] | None, secondary: Found[T] | None) -> Found[T] | None:
    """Combine two independent readings of one field. The primary one (the title's) decides the
    value; agreement raises its confidence (``1 - (1 - a)(1 - b)``, at most 0.99), disagreement
    lowers it. Without a primary reading, the secondary one stands alone."""
    if primary is None:
        return secondary
    if secondary is None:
        return primary
    if primary.value == secondary.value:
        combined = 1 - (1 - primary.confidence) * (1 - secondary.confidence)
        return Found(primary.value, round3(min(combined, 0.99)), primary.span)
    return Found(primary.value, round3(primary.confidence * _CONTRADICTED), primary.span)


# --------------------------------------------------------------------------------------------
# Cheap scanning: Python's regex engine tries a case-insensitive alternation at every position
# of the text (10-30 us for one pattern over a 340-character description, 110 us for the flaw
# vocabulary), while ``str.find`` of a word costs a fraction of a microsecond. So a pattern is
# run only where one of its words occurs.
# --------------------------------------------------------------------------------------------


class Gated:
    """A pattern every match of which contains one of ``words`` (or a match of a simpler hint
    pattern, lower case) at most ``back`` characters after its start (``back=0``: starts with
    one): skipped when none occurs, else searched from the first occurrence on. Exact, given the
    words; a unit test holds each list complete.
    """

    __slots__ = ("back", "gate", "pattern", "words")

    def __init__(
        self, pattern: re.Pattern[str], words: Iterable[str] | re.Pattern[str], back: int = 0
    ) -> None:
        self.pattern = pattern
        self.back = back
        if isinstance(words, re.Pattern):  # a hint: a simpler pattern every match contains
            self.words: tuple[str, ...] = ()
            self.gate = words
        else:
            # A case-sensitive alternation of plain words over the lower-cased text: one scan.
            self.words = tuple(words)
            self.gate = re.compile("|".join(map(re.escape, sorted(self.words, key=len)[::-1])))

    def start(self, low: str) -> int:
        """Where a match may start at the earliest, or -1 when none can."""
        if self.words:  # a few words: find each (a regex of them scans slower)
            first = -1
            for word in self.words:
                p = low.find(word)
                if p >= 0 and (first < 0 or p < first):
                    first = p
            return first if first < 0 else max(0, first - self.back)
        m = self.gate.search(low)
        return -1 if m is None else max(0, m.start() - self.back)

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        low = text.lower() if low is None else low
        if len(low) != len(text):  # lower() changed the length (rare unicode): no offsets
            return self.pattern.search(text)
        first = self.start(low)
        return None if first < 0 else self.pattern.search(text, first)

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        low = text.lower() if low is None else low
        if len(low) != len(text):
            return self.pattern.finditer(text)
        first = self.start(low)
        return iter(()) if first < 0 else self.pattern.finditer(text, first)


def _trie(words: Iterable[str]) -> str:
    """A regex of plain words as a trie ("c(?:rotch|u(?:ff|t))"): at each first letter the
    engine tries one branch, not every word. A word that another one starts with ends the
    branch (only where a match starts is asked)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for c in word:
            node = node.setdefault(c, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        if "" in node:
            return ""
        branches = [re.escape(c) + emit(child) for c, child in sorted(node.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(root)


def word_start_gate(words: Iterable[str]) -> re.Pattern[str]:
    """Where one of ``words`` (lower case) starts a word of the lower-cased text, i.e. not right
    after a letter or digit (``str.isalnum``, the test :class:`Anchored` applies). The
    look-behind comes after the first letter, so that the engine still skips in C to the
    positions holding a first letter."""
    words = tuple(words)
    branches = []
    for first in sorted({w[0] for w in words}):
        rest = _trie(w[1:] for w in words if w[0] == first)
        branches.append(re.escape(first) + r"(?<![^\W_].)" + rest)
    return re.compile("|".join(branches))


class Anchored:
    """A pattern whose matches start with one of ``words`` at a word's start: tried only where
    one occurs (``match`` there). ``str.find`` of a few words costs about a microsecond over a
    description, where a scan by the regex engine costs ten to thirty. Exact, given the words;
    a unit test holds each list complete.
    """

    __slots__ = ("gate", "pattern", "words")

    def __init__(self, pattern: re.Pattern[str], words: Iterable[str]) -> None:
        self.pattern = pattern
        self.words = tuple(words)
        if any(not w or w != w.lower() for w in self.words):
            raise ValueError(f"start words are lower case: {self.words}")
        # A vocabulary (the flaw, style and tag words, the fair-wear cues): one scan of a trie
        # of them finds where they start for less than a find of each (on a description 14 us
        # against 25 for the flaw words). A dozen words or fewer are cheaper to find one by one.
        self.gate = word_start_gate(self.words) if len(self.words) >= _VOCABULARY else None

    def _positions(self, low: str) -> list[int]:
        positions: list[int] = []
        if self.gate is not None:
            search = self.gate.search
            m = search(low)
            while m is not None:
                positions.append(p := m.start())
                m = search(low, p + 1)  # from the next character: two words may overlap
            return positions
        for word in self.words:
            p = low.find(word)
            while p >= 0:
                # Every pattern here starts at a word boundary: skip occurrences inside a word.
                if p == 0 or not low[p - 1].isalnum():
                    positions.append(p)
                p = low.find(word, p + 1)
        if len(positions) > 1:
            positions.sort()
        return positions

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match[str]]:
        # Not a generator itself: most calls find none of the words (the usual case), and
        # answer that before any other work (with a gate, by its scan in ``_positions``).
        # A plain loop: cheaper than any() or a regex of the words, and inlined (here and in
        # ``search``): a scanner runs some fifty times a listing.
        low = text.lower() if low is None else low
        if self.gate is None:
            for word in self.words:
                if word in low:
                    break
            else:
                return iter(())
        return self._matches(text, low)

    def _matches(self, text: str, low: str) -> Iterator[re.Match[str]]:
        if len(low) != len(text):  # lower() changed the length (rare unicode): no offsets
            yield from self.pattern.finditer(text)
            return
        end = 0
        match = self.pattern.match
        for p in self._positions(low):
            if p >= end and (m := match(text, p)) is not None:
                yield m
                end = max(m.end(), p + 1)

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        low = text.lower() if low is None else low
        if self.gate is None:
            for word in self.words:  # none of the words: no match (as in finditer)
                if word in low:
                    break
            else:
                return None
        if len(low) != len(text):
            return self.pattern.search(text)
        match = self.pattern.match
        for p in self._positions(low):
            if (m := match(text, p)) is not None:
                return m
        return None


#: From this many start words on, an :class:`Anchored` scanner finds them with one regex scan.
#: Measured per scanner (finditer over 300 generated listings, best of 7): the trie scan wins from
#: 14 words on (fair-wear cues: 8.8 against 10.6 us on a description), the finds up to 12 (the
#: 10 "made in" verbs: 5.7 against 7.4 us; the 12 bare countries: 6.2 against 8.2); 10 words are
#: even ("size" cues, 8.3 us both).
_VOCABULARY = 13


# The start words of :data:`_ASIDE`'s cues (a unit test holds the list complete).
_ASIDE_AT = Anchored(
    _ASIDE,
    (
        *("similar", "compar", "resembl", "dupe", "inspired", "lookalike"),
        *(
            f"{verb} {more}like"
            for verb in ("fit", "fits", "feel", "feels", "run", "runs", "look", "looks", "cut")
            for more in ("", "just ", "more ")
        ),
        *("sized like", "styled like", "sized just", "sized more", "styled just", "styled more"),
        *("not real", "not authentic", "not genuine", "not actual", "not a "),
        *("upcycled", "reworked"),
        *(f"{w} {o}" for w in ("my", "our") for o in ("other", "store", "shop", "closet")),
        *("other listing", "other items", "other pairs", "also ", "bundle with"),
        *("check out my", "will post", "consistent with", "all items", "all jeans", "all pieces"),
        *("all clothing", "all of", "all our", "all my"),
        *(
            f"{m} {v}"
            for m in ("may", "might", "can", "will")
            for v in ("show", "have", "contain", "vary")
        ),
    ),
)
