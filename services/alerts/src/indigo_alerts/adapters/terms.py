"""Words as PostgreSQL's full-text search sees them, so that matching in memory gives what
``GET /listings/search`` gives.

- A listing's words: the stems of its full-text document, made by the function that makes the
  read model's ``search_vector`` (``listing_search_vector``: title, brand and lot, description),
  for a whole batch in one statement. The stemmer, stop words and parser are PostgreSQL's, not
  an imitation of them.
- A search's keywords: read as the API's search reads them, by the same code
  (:mod:`indigo_shared.search_terms`); ``tests/integration/test_alerts_keywords.py`` checks that
  both find the same listings.
"""

from __future__ import annotations

import asyncpg
from indigo_shared import search_terms
from indigo_shared.db import columns

LISTING_LEXEMES = """
SELECT tsvector_to_array(listing_search_vector(d.title, d.brand, d.model, d.description))
       AS lexemes
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
     AS d(title, brand, model, description, n)
ORDER BY d.n
"""

Groups = tuple[frozenset[str], ...]


async def listing_lexemes(
    conn: asyncpg.Connection, documents: list[tuple[str, str | None, str | None, str | None]]
) -> list[frozenset[str]]:
    """The stems of each (title, brand, lot, description)."""
    if not documents:
        return []
    rows = await conn.fetch(LISTING_LEXEMES, *columns(documents))
    return [frozenset(row["lexemes"]) for row in rows]


async def keyword_groups(
    conn: asyncpg.Connection, keywords: list[str]
) -> list[tuple[Groups, bool]]:
    """Each keyword string's groups (as sets, to meet a listing's words), and whether one of its
    words was taken for a typo (those groups may change as listings bring new words, so they are
    worked out again now and then). The search's own reading: :mod:`indigo_shared.search_terms`."""
    return [
        (tuple(frozenset(group) for group in found.groups), found.corrected)
        for found in await search_terms.keyword_groups(conn, keywords)
    ]
