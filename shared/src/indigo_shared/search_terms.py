"""Keywords as the listing search reads them (``GET /listings/search``, and the alerts' saved
searches, which must match what that search finds): one group per word, the word's PostgreSQL
``english`` stem, and when no listing title, brand or lot uses that stem (a typo: "levls"), the
nearest stems they do use by trigram similarity ("levi"), from ``marketplace_search_terms`` (the
words the projector records). A listing matches when each group shares a stem with its words.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

KEYWORD_GROUPS = """
SELECT k.n, q.lexeme,
       EXISTS (SELECT 1 FROM marketplace_search_terms t WHERE t.term = q.lexeme) AS known,
       ARRAY(SELECT t.term FROM marketplace_search_terms t WHERE t.term % q.lexeme
             ORDER BY t.term <-> q.lexeme, t.term LIMIT $2) AS similar
FROM unnest($1::text[]) WITH ORDINALITY AS k(keywords, n),
     unnest(to_tsvector('english', k.keywords)) AS q
ORDER BY k.n, q.lexeme
"""
#: Stems offered for a word that listings never use.
SIMILAR_TERMS = 3


@dataclass(frozen=True)
class KeywordGroups:
    groups: tuple[tuple[str, ...], ...]  # per word: its stem first, then the nearest known ones
    corrected: bool  # a word was taken for a typo: its group changes as listings bring words


async def keyword_groups(conn: asyncpg.Connection, keywords: list[str]) -> list[KeywordGroups]:
    """Each keyword string's groups, in one statement for all of them."""
    groups: list[list[tuple[str, ...]]] = [[] for _ in keywords]
    corrected = [False] * len(keywords)
    if keywords:
        for row in await conn.fetch(KEYWORD_GROUPS, keywords, SIMILAR_TERMS):
            i = row["n"] - 1
            if row["known"]:
                groups[i].append((row["lexeme"],))
            else:
                corrected[i] = True
                groups[i].append((row["lexeme"], *(t for t in row["similar"] if t)))
    return [KeywordGroups(tuple(g), c) for g, c in zip(groups, corrected, strict=True)]
