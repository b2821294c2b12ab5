"""``in_rounds``: a batch split so that each set-based statement meets every key once, and each
key's versions keep their order across the rounds."""

from __future__ import annotations

from indigo_shared.db import columns, in_rounds


def test_distinct_keys_make_one_round_in_order():
    assert in_rounds(["a1", "b1", "c1"], key=lambda x: x[0]) == [["a1", "b1", "c1"]]


def test_a_repeated_key_moves_its_later_versions_to_later_rounds():
    items = ["a1", "b1", "a2", "c1", "a3", "b2"]
    rounds = in_rounds(items, key=lambda x: x[0])
    assert rounds == [["a1", "b1", "c1"], ["a2", "b2"], ["a3"]]
    for batch in rounds:
        assert len({x[0] for x in batch}) == len(batch)
    # Read round after round, every key's versions come in their original order.
    flattened = [x for batch in rounds for x in batch]
    for key in "abc":
        assert [x for x in flattened if x[0] == key] == [x for x in items if x[0] == key]


def test_nothing_makes_no_round():
    assert in_rounds([], key=lambda x: x) == []


def test_columns_are_the_arrays_of_an_unnest():
    assert columns([(1, "a"), (2, "b")]) == [[1, 2], ["a", "b"]]
