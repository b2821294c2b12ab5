"""The response cache: an answer is served until a table it read changes or it expires, and the
cache stays within its bounds."""

from __future__ import annotations

from indigo_api.read_model import ResponseCache, request_key


def test_an_answer_is_stale_once_a_table_it_read_changes():
    cache = ResponseCache(max_entries=10, max_bytes=10_000)
    generations = {"listings": 1, "deals": 4, "trends": 0}

    def now_of(tables):
        return tuple(generations[t] for t in tables)

    cache.put("a", b"page", ("listings", "deals"), now_of(("listings", "deals")), expires=100)
    assert cache.get("a", now_of, now=50) == b"page"
    generations["trends"] += 1  # not read by "a"
    assert cache.get("a", now_of, now=50) == b"page"
    generations["deals"] += 1
    assert cache.get("a", now_of, now=50) is None and len(cache) == 0


def test_an_answer_expires():
    cache = ResponseCache(max_entries=10, max_bytes=10_000)
    cache.put("a", b"page", (), (), expires=100)
    assert cache.get("a", lambda tables: (), now=99.9) == b"page"
    assert cache.get("a", lambda tables: (), now=100) is None


def test_the_least_recently_used_go_first_within_count_and_bytes():
    cache = ResponseCache(max_entries=2, max_bytes=800)
    cache.put("a", b"x" * 90, (), (), expires=100)
    cache.put("b", b"x" * 90, (), (), expires=100)
    cache.get("a", lambda tables: (), now=0)  # a is now the most recent
    cache.put("c", b"x" * 90, (), (), expires=100)
    assert [k for k in "abc" if cache.get(k, lambda tables: (), now=0)] == ["a", "c"]
    cache.put("huge", b"x" * 200, (), (), expires=100)  # over an eighth of the bytes: not kept
    assert cache.get("huge", lambda tables: (), now=0) is None and len(cache) == 2


def test_the_key_is_the_request_as_sent():
    assert request_key("/api/marketplace/listings", b"limit=5&sort=price") == (
        "/api/marketplace/listings?limit=5&sort=price"
    )
