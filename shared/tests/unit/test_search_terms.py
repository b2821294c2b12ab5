"""The other spellings a search word brings along (the SQL side runs in the API's and the alerts'
integration tests, against PostgreSQL)."""

from __future__ import annotations

from indigo_shared.search_terms import SPELLING_VARIANTS, with_variants


def test_a_spelling_brings_the_others_after_itself():
    assert with_variants(("selvag",)) == ("selvag", "selvedg", "selveg", "selvidg")
    assert with_variants(("gray",)) == ("gray", "grey")


def test_a_word_without_variants_and_repeats_stay_as_they_are():
    assert with_variants(("levi",)) == ("levi",)
    assert with_variants(("levl", "levi", "levi")) == ("levl", "levi")
    assert with_variants(("selvedg", "selvag")) == ("selvedg", "selvag", "selveg", "selvidg")


def test_no_stem_stands_in_two_variant_groups():
    stems = [stem for spellings in SPELLING_VARIANTS for stem in spellings]
    assert len(stems) == len(set(stems))
