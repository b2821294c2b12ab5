"""Words as PostgreSQL's full-text search sees them, so that matching in memory gives what
``GET /listings/search`` gives.

- A listing's words: the stems of its ``search_vector`` (title, brand and lot, description: the
  read model's generated column), computed by PostgreSQL's own ``english`` configuration for a
  whole batch in one statement. The stemmer, stop words and parser are PostgreSQL's, not an
  imitation of them.
- A search's keywords: one group per word, the word's stem, and when no listing title, brand or lot
  uses that stem (a typo), the nearest stems they do use by trigram similarity, as the API's search
  does against ``marketplace_search_terms`` (the words the projector records). The same SQL as
  ``indigo_api.adapters.repository.QUERY_TERMS``; ``tests/integration/test_alerts_keywords.py``
  checks that both agree.
"""

from __future__ import annotations

import asyncpg

LISTING_LEXEMES = """
SELECT tsvector_to_array(
           to_tsvector('english', coalesce(d.title, ''))
           || to_tsvector('english', coalesce(d.brand, '') || ' ' || coalesce(d.model, ''))
           || to_tsvector('english', left(coalesce(d.description, ''), 20000))) AS lexemes
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
     AS d(title, brand, model, description, n)
ORDER BY d.n
"""

KEYWORD_GROUPS = """
SELECT k.n, q.lexeme,
       EXISTS (SELECT 1 FROM marketplace_search_terms t WHERE t.term = q.lexeme) AS known,
       ARRAY(SELECT t.term FROM marketplace_search_terms t WHERE t.term % q.lexeme
             ORDER BY t.term <-> q.lexeme, t.term LIMIT $2) AS similar
FROM unnest($1::text[]) WITH ORDINALITY AS k(keywords, n),
     unnest(to_tsvector('english', k.keywords)) AS q
ORDER BY k.n, q.lexeme
"""
SIMILAR_TERMS = 3

Groups = tuple[frozenset[str], ...]


async def listing_lexemes(
    conn: asyncpg.Connection, documents: list[tuple[str, str | None, str | None, str | None]]
) -> list[frozenset[str]]:
    """The stems of each (title, brand, lot, description)."""
    if not documents:
        return []
    columns = [list(column) for column in zip(*documents, strict=True)]
    rows = await conn.fetch(LISTING_LEXEMES, *columns)
    return [frozenset(row["lexemes"]) for row in rows]


async def keyword_groups(
    conn: asyncpg.Connection, keywords: list[str]
) -> list[tuple[Groups, bool]]:
    """Each keyword string's groups, and whether one of its words was taken for a typo (those
    groups may change as listings bring new words, so they are worked out again now and then)."""
    groups: list[list[frozenset[str]]] = [[] for _ in keywords]
    corrected = [False] * len(keywords)
    if keywords:
        for row in await conn.fetch(KEYWORD_GROUPS, keywords, SIMILAR_TERMS):
            i = row["n"] - 1
            if row["known"]:
                groups[i].append(frozenset([row["lexeme"]]))
            else:
                corrected[i] = True
                groups[i].append(frozenset([row["lexeme"], *(t for t in row["similar"] if t)]))
    return [(tuple(g), c) for g, c in zip(groups, corrected, strict=True)]
