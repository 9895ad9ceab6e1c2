"""Which entries share facet values: the inverted index behind "related" cards and the facet pages — plain data
over the catalogue, no HTML."""
from __future__ import annotations

import heapq
from functools import cached_property

from catalogue.load.loader import Catalogue
from catalogue.model.entry import OWNERS


def facet_pairs(entry) -> list[tuple[str, str]]:
    """An entry's (vocabulary, value) pairs, its owner left out."""
    return [(vocab, v) for vocab, values in (entry.facets or {}).items() if vocab != OWNERS for v in values]


class FacetIndex:
    """(vocabulary, value) -> the ids of the entries that have it, built once per catalogue."""

    def __init__(self, cat: Catalogue):
        self.cat = cat

    @cached_property
    def postings(self) -> dict[tuple[str, str], list[str]]:
        index: dict[tuple[str, str], list[str]] = {}
        for e in self.cat.entries.values():
            for pair in facet_pairs(e):
                index.setdefault(pair, []).append(e.id)
        return index

    def related(self, entry, limit: int = 6, budget: int = 2000) -> list:
        """Explicit links first (both ways), then the entries sharing the most facet values. Visits the entry's
        rarest values first and stops after ``budget`` postings: the work per entry is bounded, so the whole
        catalogue costs O(N), not O(N²)."""
        cat = self.cat
        back = sorted((cat.entries[i] for i in cat.related_back.get(entry.id, ()) if i in cat.entries
                       and i not in entry.related), key=lambda e: (e.title.lower(), e.id))
        chosen = [cat.entries[i] for i in entry.related if i in cat.entries] + back
        if len(chosen) < limit:
            scores: dict[str, int] = {}
            postings = sorted((self.postings.get(pair, ()) for pair in facet_pairs(entry)), key=len)
            visited = 0
            for ids in postings:
                if visited >= budget:
                    break
                for other in ids[:budget]:
                    if other != entry.id:
                        scores[other] = scores.get(other, 0) + 1
                visited += len(ids)
            # the best few by (shared values desc, id asc), without sorting every candidate
            best = heapq.nsmallest(limit + len(chosen), scores.items(), key=lambda kv: (-kv[1], kv[0]))
            for other, _ in best:
                if len(chosen) >= limit:
                    break
                e = cat.entries[other]
                if e not in chosen:
                    chosen.append(e)
        return chosen[:limit]

    @cached_property
    def values_in_use(self) -> dict[tuple[str, str], list[str]]:
        """(vocabulary, value) -> entry ids sorted by title, for every facet value some entry uses (owner
        included), in the vocabularies' order and each vocabulary's value order: one facet page each."""
        cat = self.cat
        index: dict[tuple[str, str], list[str]] = {}
        for e in sorted(cat.entries.values(), key=lambda e: e.title.lower()):
            pairs = [(v, x) for v, xs in (e.facets or {}).items() for x in xs]
            pairs.append((OWNERS, e.owner))
            for pair in dict.fromkeys(pairs):
                index.setdefault(pair, []).append(e.id)
        order = {v.id: (v.order, n) for n, v in enumerate(cat.facets())}

        def position(pair):
            vocab = cat.vocabularies[pair[0]]
            return order.get(pair[0], (999, 0)), vocab.values.index(vocab.by_id[pair[1]])
        return dict(sorted(index.items(), key=lambda kv: position(kv[0])))
