"""Brand: the first maker the text names, from :mod:`..vocabulary.brands`.

The text is read as words, not by one regex per form: every form of the vocabulary becomes a key
(lower case, accents folded, apostrophes and dots dropped, ``&``/``+``/"and" dropped, words
joined: "Levi's" -> ``levis``, "J.Crew" -> ``jcrew``, "Rag & Bone" -> ``ragbone``), and the title's
words are walked through a prefix set of those keys. A run of words matches a form of as many
words or more, so the hyphen-less spelling a reseller types ("Bugleboy", "Ironheart") finds the
form written in two words, but two words never make a one-word form ("off white" is a colour).
Hundreds of brands cost a few dictionary look-ups per word.

What is never the brand: the thing imitated or compared ("Levi's style", "Levi's-like", "like
Levi's", "not Levi's", "similar to Levi's", "inspired by Levi's"). A collaboration ("Supreme x
Levi's") names its first brand, as the resale sites list it.

Which brand, when a title names several: the first, except that a reading on weak evidence
yields to a later sure one. A word brand ("Lucky", "Gap", "Buckle") with no garment word after it
is weak: "Lucky Find Vintage Levis 505" and "Gap Year Sale Levi's 550" are Levi's, while "Gap
Easy Fit Jeans" and "Mother The Looker Crop 27" (nothing surer later) stay Gap and Mother, and
"Buckle BKE Payton" is BKE (the retailer's label of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from indigo_enricher.domain import vocabulary as v
from indigo_enricher.domain.extraction.text import (
    Found,
    fold_accents,
    mask,
    normalize,
    prepare_title,
)

_TOKEN = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*|[&+]")
_KEY_PART = {"&": "and", "+": "and"}
_MAX_WORDS = 6  # the longest form ("Marithe + Francois Girbaud", "Off-White c/o Virgil Abloh")
#: Forms that name a Levi's tab or line rather than the maker: a little less sure.
_LINE_KEYS = frozenset({"bige", "redtab", "orangetab", "silvertab", "whitetab", "lvc"})


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    confidence: float
    words: int  # words in the form: a text spelling of as many words or fewer may match it
    capitals: bool = False
    word: v.WordBrand | None = None

    @property
    def plain(self) -> bool:
        return not self.capitals and self.word is None


def _words_of(text: str) -> list[tuple[str, int, int]]:
    """(key part, start, end) of each word; ``&`` and ``+`` read as "and"."""
    low = text.lower()
    folded = fold_accents(low)
    if len(folded) != len(low):  # a decomposition that changed the length: keep offsets right
        folded = low
    words = []
    end = 0
    find = folded.find
    # ``findall`` and ``find`` cost a third of ``finditer`` with its match objects.
    for token in _TOKEN.findall(folded):
        start = find(token, end)  # only separators lie between two words
        end = start + len(token)
        if token in _KEY_PART:
            token = _KEY_PART[token]
        elif "'" in token or "." in token:
            token = token.replace("'", "").replace(".", "")
        words.append((token, start, end))
    return words


def _form_key(form: str) -> tuple[str, int]:
    parts = [w for w, _, _ in _words_of(normalize(form)) if w != "and"]
    return "".join(parts), len(parts)


def _build() -> tuple[dict[str, list[_Rule]], frozenset[str]]:
    forms: dict[str, list[_Rule]] = {}

    def add(form: str, rule_of) -> None:
        key, words = _form_key(form)
        if key:
            forms.setdefault(key, []).append(rule_of(words))

    # The canonical name is a form too, unless it is a word that needs context ("Mother").
    guarded = {_form_key(f)[0] for w in v.WORD_BRANDS for f in w.forms} | {
        _form_key(f)[0] for f in v.CAPITALS
    }
    for name, brand_forms in v.BRANDS.items():
        named = () if _form_key(name)[0] in guarded else (name,)
        for form in brand_forms:
            if _form_key(form)[0] in guarded:
                raise ValueError(f"brand form {form!r} would match a word brand in any context")
        for form in (*named, *brand_forms):
            add(form, lambda n, name=name, form=form: _Rule(name, _confidence(form), n))
    for form, name in v.CAPITALS.items():
        add(form, lambda n, name=name: _Rule(name, 0.85, n, capitals=True))
    for word in v.WORD_BRANDS:
        for form in word.forms:
            add(form, lambda n, word=word: _Rule(word.name, word.confidence, n, word=word))
    prefixes = frozenset(key[:i] for key in forms for i in range(1, len(key) + 1))
    return forms, prefixes


def _confidence(form: str) -> float:
    return 0.9 if _form_key(form)[0] in _LINE_KEYS else 0.95


_FORMS, _PREFIXES = _build()

_IMITATION_BEFORE = frozenset(
    "like not unlike vs versus than similar compare compared alternative dupe faux fake".split()
)
_IMITATION_BEFORE_TO = frozenset("similar compared comparable alternative equivalent close".split())
_IMITATION_AFTER = frozenset(
    "style styled inspired inspo look looks lookalike dupe esque vibe vibes knockoff type "
    "like vs versus".split()
)
_LIKE_BUT_CONDITION = frozenset("new mint nwt brand".split())


def _imitated(words: list[tuple[str, int, int]], i: int, j: int) -> bool:
    """Whether words ``i..j`` name a brand only as what the pair is compared with."""
    before = words[i - 1][0] if i > 0 else ""
    before2 = words[i - 2][0] if i > 1 else ""
    if before in _IMITATION_BEFORE:
        return True
    if before == "to" and before2 in _IMITATION_BEFORE_TO:
        return True
    if before == "by" and before2 in ("inspired", "styled"):
        return True
    after = words[j + 1][0] if j + 1 < len(words) else ""
    if after not in _IMITATION_AFTER:
        return False
    after2 = words[j + 2][0] if j + 2 < len(words) else ""
    if after == "like":
        return after2 not in _LIKE_BUT_CONDITION  # "Levi's Like New" is a condition
    if after == "type":
        return not (after2.isdigit() or after2 in ("i", "ii", "iii"))  # Levi's Type 1 / Type II
    if after == "style" and len(after2) == 5 and after2.isdigit():
        return False  # the maker's five-digit style code: "Levi's Style 00501-2453"
    return True


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _opens(words: list[tuple[str, int, int]], i: int) -> bool:
    return all(w in v.LEADING_WORDS for w, _, _ in words[:i])


#: How sure a reading is: refused, weak (a word brand with no garment word after it: a later sure
#: brand wins), sure.
_NO, _WEAK, _SURE = 0, 1, 2
#: Lower case is no veto right before these (Depop titles are lower case: "cute zara jeans").
_LOWER_CASE_GARMENTS = frozenset(("jeans", "denim"))
#: A maker's style number as a word: three to five digits, maybe a letter or two before and
#: letters after ("200zr", "1001xx", "s710xx"); two digits are a size ("Oni 33").
_STYLE_NUMBER = re.compile(r"[a-z]{0,2}\d{3,5}[a-z]{0,4}")


def _lower_case_garment(words: list[tuple[str, int, int]], j: int) -> bool:
    """ "jeans" or "denim" right after the lower-case word brand, or after garment and fit words
    ("zara wide leg jeans", "gap carpenter jeans": Depop's lower case)."""
    for k in range(j + 1, min(j + 4, len(words))):
        word = words[k][0]
        if word in _LOWER_CASE_GARMENTS:
            return True
        if word not in v.GARMENT_WORDS and word != "leg":
            return False
    return False


def _accepts(
    rule: _Rule, text: str, words: list[tuple[str, int, int]], i: int, j: int, after_imitation: bool
) -> int:
    written = text[words[i][1] : words[j][2]]
    if rule.capitals:
        return _SURE if _is_capitals(written) else _NO
    word = rule.word
    if word is None:
        return _SURE
    if word.only_style_number:
        after = words[j + 1][0] if j + 1 < len(words) else ""
        return _SURE if _STYLE_NUMBER.fullmatch(after) is not None else _NO
    after = words[j + 1][0] if j + 1 < len(words) else ""
    # A word brand with its own list of words after it ("Silver" only before "Jeans") is too
    # common a word to trust lower case ("metallic silver jeans").
    if word.cased and written.islower() and (word.after or not _lower_case_garment(words, j)):
        return _NO
    if i > 0 and words[i - 1][0] in word.bad_before:
        return _NO
    if after in word.bad_after:
        return _NO
    # The maker named after what its pair imitates ("Balenciaga Style Baggy Jeans Zara"), after
    # "by" ("Wide Leg Jeans by Mother"), before a garment word or in a collaboration ("Supreme x
    # Levi's") is sure.
    if after_imitation or (i > 0 and words[i - 1][0] == "by") or after == "x":
        return _SURE
    if after in (word.after or v.GARMENT_WORDS):
        return _SURE
    if word.style_number and _STYLE_NUMBER.fullmatch(after) is not None:
        return _SURE
    if not word.context or (word.at_start and _opens(words, i)):
        return _WEAK
    if word.at_start and i > 0 and all(w in v.OPENING_GARMENTS for w, _, _ in words[:i]):
        return _WEAK  # "Jean Zara taille 34", "Jeans Replay Anbass": the continental order
    return _NO


def _matches_at(words: list[tuple[str, int, int]], i: int) -> list[tuple[int, int, list[_Rule]]]:
    """Forms matching from word ``i``: (last word, words taken, rules), longest first."""
    matches: list[tuple[int, int, list[_Rule]]] = []
    key = ""
    taken = 0
    for j in range(i, min(i + _MAX_WORDS, len(words))):
        part = words[j][0]
        if part == "and":
            if j == i:
                break
            continue
        key += part
        taken += 1
        if key not in _PREFIXES:
            break
        if rules := _FORMS.get(key):
            matches.append((j, taken, rules))
    matches.reverse()
    return matches


class BrandReading(NamedTuple):
    """The brand found (or none), and whether a brand was named only as an imitation."""

    found: Found[str] | None
    imitated: bool = False


def read_brand(text: str, *, strict: bool = False) -> BrandReading:
    """The first brand named in ``text`` (earliest word; the longest form there).

    ``strict`` (description text) accepts only the plain forms, never capitals or word brands.
    """
    words = _words_of(text)
    imitated = False
    # The imitated maker's lines named after it are imitated too ("Like Wrangler Cowboy Cut
    # Jeans", "Not Levi's Big E"): only another maker can be the brand.
    imitated_names: set[str] = set()
    weak: Found[str] | None = None  # the first weak reading, if nothing surer follows
    skip_to = 0
    for i, (first, _, _) in enumerate(words):
        if i < skip_to or first not in _PREFIXES:
            continue
        for j, taken, rules in _matches_at(words, i):
            rule, how = None, _NO
            for r in rules:
                if taken <= r.words and (r.plain or not strict):
                    how = _accepts(r, text, words, i, j, imitated)
                    if how:
                        rule = r
                        break
            if rule is None:
                continue
            skip_to = j + 1
            if rule.name in imitated_names or _imitated(words, i, j):
                imitated = True
                imitated_names.add(rule.name)
                break
            found = Found(rule.name, rule.confidence, (words[i][1], words[j][2]))
            if how == _WEAK:
                weak = weak or found
                break
            return BrandReading(found)
    return BrandReading(weak, imitated)


# A Reddit sale post ("[WTS] [US] Samurai S710XX sz 32, Momotaro 0705 sz 33") may list several
# pairs; its items are parted by commas, semicolons, bars, or a spaced slash, plus or "and"
# ("Re/Done" and "Naked & Famous" keep their own "/" and "&").
_SALE_POST = re.compile(r"\s*\[\s*(?:wts|wtt|fs|fsot|h)\s*\]", re.I)
_ITEM_BREAK = re.compile(r"\s*[,;|]\s*|\s+(?:/|\+|and)\s+", re.I)


# A reseller's bundle ("Vintage Denim Lot Bundle of 5 Jeans Levis Wrangler Lee", "Lot of 3
# Jeans", "10 Pairs Wholesale") names its makers one after the other, with no break between.
# Vinted's and eBay.de/.fr/.it/.es's words for one ("Lot de 3 jeans", "Lote de 5", "Lotto di 4",
# "Paket 3 Jeans", "Konvolut", "3 Paar", "3 paires") count too, and so does a count right after
# "lot" ("Lot 3 Levis 501"; "Lot 1001", "Lot 003" are makers' style numbers).
_BUNDLE = re.compile(
    r"\b(?:bundles?|lot\s+of\s+\d+|\d+\s+(?:pairs|paar|paires|pares|paia)|mixed\s+lot|job\s+lot|"
    r"wholesale|reseller\s+lot|lot[eo]?\s+(?:de|di)\s+\d+|lotto\s+\d+|lot\s+\d{1,2}(?![\d.])|"
    r"paket|konvolut)\b",
    re.I,
)
_BUNDLE_WORDS = ("bundle", "lot", "pair", "wholesale", "paa", "pare", "paia", "paket", "konvolut")


def _bundle_makers(title: str) -> int:
    """How many makers a bundle's title names (up to two: that is enough to say "several").
    A bundle lists its makers one after the other, with no garment word after each: a word
    brand written with a capital counts there too ("Lot de 3 jeans Zara Mango Bershka")."""
    makers: set[str] = set()
    text = prepare_title(title)
    while len(makers) < 2 and (found := extract_brand(text)) is not None and found.span:
        makers.add(found.value)
        text = mask(text, *found.span)
    if len(makers) < 2:
        words = _words_of(text)
        for i, (first, start, _) in enumerate(words):
            if first not in _PREFIXES or not text[start].isupper():
                continue
            for _, taken, rules in _matches_at(words, i):
                makers.update(r.name for r in rules if r.word is not None and taken <= r.words)
            if len(makers) > 1:
                break
    return len(makers)


def _is_bundle(title: str) -> bool:
    low = title.lower()
    return any(w in low for w in _BUNDLE_WORDS) and _BUNDLE.search(title) is not None


def several_makers(title: str) -> str | None:
    """ "post" when ``title`` is a sale post listing pairs by two makers or more (each item its
    own maker, size and date), "bundle" when it is a bundle of pairs by two makers or more (one
    lot of jeans: no one brand or lot is the listing's, but a size or a decade written once is
    the whole bundle's: "Lot of 3 Jeans Levis Wrangler Lee 34x30"), else None."""
    if "[" not in title or _SALE_POST.match(title) is None:
        return "bundle" if _is_bundle(title) and _bundle_makers(title) > 1 else None
    makers = set()
    for part in _ITEM_BREAK.split(prepare_title(title)):  # the trade tags masked
        if (found := extract_brand(part)) is not None:
            makers.add(found.value)
    if len(makers) > 1:
        return "post"
    # A bundle posted for sale ("[WTS] Lot of 3 Japanese denim 31-32 Momotaro PBJ Oni"): its
    # makers follow one another with no break between them.
    return "post" if _is_bundle(title) and _bundle_makers(title) > 1 else None


def extract_brand(text: str, *, strict: bool = False) -> Found[str] | None:
    return read_brand(text, strict=strict).found


def canonical_brand(name: str) -> str | None:
    """The canonical form of a brand name given alone (a platform's ``brand`` field)."""
    found = extract_brand(normalize(name))
    return found.value if found else None


_NOT_A_BRAND = frozenset(
    "unbranded unknown vintage handmade n/a na none other generic".split() + ["no brand"]
)


def platform_brand(fields: dict) -> Found[str] | None:
    """A platform's ``brand`` field: the canonical name when the vocabulary knows it, the
    platform's own spelling (less sure) otherwise, nothing for "Unbranded" and the like."""
    value = fields.get("brand")
    if not isinstance(value, str) or not value.strip():
        return None
    canonical = canonical_brand(value)
    if canonical:
        return Found(canonical, 0.85)
    cleaned = value.strip()
    if cleaned.lower() in _NOT_A_BRAND:
        return None
    return Found(cleaned, 0.6)
