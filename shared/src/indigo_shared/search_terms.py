"""Keywords as the listing search reads them (``GET /listings/search``, and the alerts' saved
searches, which must match what that search finds): one group per word, the word's PostgreSQL
``english`` stem, and when no listing title, brand or lot uses that stem (a typo: "levls"), the
nearest stems they do use by trigram similarity ("levi"), from ``marketplace_search_terms`` (the
words the projector records). A listing matches when each group shares a stem with its words.
A word spelled in more than one accepted way ("selvedge" / "selvage", "grey" / "gray") finds
every spelling: its group holds their stems too (:data:`SPELLING_VARIANTS`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import asyncpg

KEYWORD_GROUPS = """
SELECT k.n, q.lexeme,
       EXISTS (SELECT 1 FROM marketplace_search_terms t
               WHERE t.term = q.lexeme
                  OR t.term IN (SELECT jsonb_array_elements_text($3::text::jsonb -> q.lexeme)))
           AS known,
       ARRAY(SELECT t.term FROM marketplace_search_terms t WHERE t.term % q.lexeme
             ORDER BY t.term <-> q.lexeme, t.term LIMIT $2) AS similar
FROM unnest($1::text[]) WITH ORDINALITY AS k(keywords, n),
     unnest(to_tsvector('english', k.keywords)) AS q
ORDER BY k.n, q.lexeme
"""
#: Stems offered for a word that listings never use.
SIMILAR_TERMS = 3
#: Spellings of one thing that PostgreSQL's ``english`` stemmer keeps apart, by stem: sellers
#: write each of them, and a buyer who types one wants the listings written with the others.
#: The selvedge spellings are all in use on eBay, Etsy and r/rawdenim (DOMAIN.md uses
#: "selvedge"); grey/gray and colour/color are British and American spellings of a fade's
#: description. Only true variants: a typo that no listing uses is found by similarity anyway.
SPELLING_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("selvedg", "selvag", "selveg", "selvidg"),
    ("grey", "gray"),
    ("colour", "color"),
)
_VARIANTS = {stem: spellings for spellings in SPELLING_VARIANTS for stem in spellings}
_VARIANTS_JSON = json.dumps(_VARIANTS)  # a word is known when one of its spellings is


def with_variants(stems: tuple[str, ...]) -> tuple[str, ...]:
    """The stems, and the other spellings of each, in order, once each."""
    return tuple(dict.fromkeys(v for stem in stems for v in (stem, *_VARIANTS.get(stem, ()))))


@dataclass(frozen=True)
class KeywordGroups:
    # Per word: its stem first, then its other spellings and (a typo) the nearest known stems.
    groups: tuple[tuple[str, ...], ...]
    corrected: bool  # a word was taken for a typo: its group changes as listings bring words
    by_similarity: bool = False  # and it was matched by the nearest stems listings do use

    def lists(self) -> list[list[str]]:
        return [list(group) for group in self.groups]


async def keyword_groups(conn: asyncpg.Connection, keywords: list[str]) -> list[KeywordGroups]:
    """Each keyword string's groups, in one statement for all of them."""
    groups: list[list[tuple[str, ...]]] = [[] for _ in keywords]
    corrected = [False] * len(keywords)
    by_similarity = [False] * len(keywords)
    if keywords:
        for row in await conn.fetch(KEYWORD_GROUPS, keywords, SIMILAR_TERMS, _VARIANTS_JSON):
            i = row["n"] - 1
            if row["known"]:
                groups[i].append(with_variants((row["lexeme"],)))
            else:
                corrected[i] = True
                similar = [t for t in row["similar"] if t]
                by_similarity[i] = by_similarity[i] or bool(similar)
                groups[i].append(with_variants((row["lexeme"], *similar)))
    return [
        KeywordGroups(tuple(g), c, s)
        for g, c, s in zip(groups, corrected, by_similarity, strict=True)
    ]
