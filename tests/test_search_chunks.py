"""Where the search index is cut into chunks (outputs/pagefind_bundle.py, chunk_starts). Pagefind looks a query word
up in the one chunk whose word range holds it and extends it only to the words of that chunk that begin with it, so
a cut between "fravær" and "fraværsdag" hides the second from a search for the first. The writer cuts where the
words on both sides share the shortest beginning, and never between two words that share KEEP_TOGETHER letters."""
from __future__ import annotations

import json

import pytest

from catalogue.outputs.pagefind_bundle import KEEP_TOGETHER, _common, chunk_starts, read_file

WORDS = ["fra", "fraf", "fravær", "fraværsdag", "fraværsindsats", "fred", "frem", "fremme", "gå", "gåde"]


def _chunks(keys, starts):
    bounds = [0, *starts, len(keys)]
    return [keys[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def test_a_chunk_ends_where_the_next_word_shares_the_least_with_the_last():
    # from 25 positions on, the first place where two words share nothing ("fremme" | "gå")
    assert _chunks(WORDS, chunk_starts(WORDS, [10] * 10, low=25, high=100)) == [WORDS[:8], WORDS[8:]]
    # ... but before `high`: then the least shared within it ("fraværsindsats" | "fred", two letters)
    assert _chunks(WORDS, chunk_starts(WORDS, [10] * 10, low=25, high=45, together=4)) == [
        WORDS[:5], WORDS[5:8], WORDS[8:]]


def test_words_that_share_their_first_letters_stay_in_one_chunk_past_the_size():
    keys = ["skol", "skola", "skolb", "skolc", "skold", "t", "u"]
    assert _chunks(keys, chunk_starts(keys, [10] * 7, low=5, high=15, together=4)) == [keys[:5], ["t"], ["u"]]
    # with `together` above what they share, the size decides again
    assert chunk_starts(keys, [10] * 7, low=5, high=15, together=9)[0] == 1


def test_the_rest_stays_in_the_last_chunk_and_a_large_word_is_a_chunk_alone():
    assert chunk_starts(WORDS, [10] * 10, low=200, high=400) == []
    assert chunk_starts([], [], low=25, high=45) == []
    assert chunk_starts(["a", "b", "c"], [5000, 5000, 1], low=25, high=45) == [1, 2]


def chunk_words(bundle) -> list[list[str]]:
    """The words of each index chunk of a built bundle, in the order of the metadata's chunk list."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (info,) = entry["languages"].values()
    _version, _pages, chunks, *_ = read_file(bundle / f"pagefind.{info['hash']}.pf_meta")
    return [[item[0] for item in read_file(bundle / "index" / f"{h}.pf_index")[0]] for _from, _to, h in chunks]


def test_no_built_chunk_splits_words_that_share_their_first_letters(built_site):
    chunks = chunk_words(built_site / "pagefind")
    assert len(chunks) > 1, "the embedded content's index comes in several chunks"
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert _common(before[-1], after[0]) < KEEP_TOGETHER, (before[-1], after[0])


@pytest.mark.parametrize("word", ["fravær", "skole", "forældre"])
def test_a_query_words_extensions_are_in_the_chunk_that_holds_it(built_site, word):
    """Every word of the index that begins with a query word's stem is in one chunk (the one Pagefind loads)."""
    import Stemmer
    stem = Stemmer.Stemmer("danish").stemWord(word)
    chunks = chunk_words(built_site / "pagefind")
    holding = [i for i, words in enumerate(chunks) if any(w.startswith(stem) for w in words)]
    assert len(holding) == 1, (stem, holding)
