"""What a Pagefind bundle holds, independent of page numbers and file names: for comparing the index this project
writes (outputs/pagefind_bundle.py) with the one Pagefind's own indexer writes from the same pages."""
from __future__ import annotations

import json
from pathlib import Path

from catalogue.outputs.pagefind_bundle import read_file, read_fragment


def _runs(locs: list) -> tuple:
    """[-(w + 1), delta, delta, ..., -(w' + 1), ...] -> ((w, (positions...)), ...)"""
    runs: list = []
    last = 0
    for x in locs:
        if x < 0:
            runs.append((-x - 1, []))
            last = 0
        else:
            last += x
            runs[-1][1].append(last)
    return tuple(sorted((w, tuple(sorted(p))) for w, p in runs))


def contents(bundle: Path) -> dict:
    """{"entry", "fields", "fragments": {url: fragment}, "words": {key: {variant|"": {url: (runs, meta runs)}}},
    "filters": {name: {value: {url}}}, "sorts": {key: [url, ...]}, "sort_values": {key: {url: value}}}"""
    bundle = Path(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (lang, info), = entry["languages"].items()
    version, pages, chunks, filters, sorts, fields = read_file(bundle / f"pagefind.{info['hash']}.pf_meta")
    fragments = [read_fragment(bundle / "fragment" / f"{h}.pf_fragment") for h, _wc in pages]
    urls = [f["url"] for f in fragments]
    for (h, wc), f in zip(pages, fragments, strict=True):
        assert wc == f["word_count"], h

    def postings(plist: list) -> dict:
        out = {}
        page = 0
        for delta, locs, meta in plist:
            page += delta
            meta_runs = tuple((fields[f], p) for f, p in _runs(meta))
            out[urls[page]] = (_runs(locs), tuple(sorted(meta_runs)))
        return out

    words: dict = {}
    ranges = []
    for start, end, h in chunks:
        (items,) = read_file(bundle / "index" / f"{h}.pf_index")
        ranges.append((start, end, items[0][0], items[-1][0]))
        for key, exact, variants in items:
            assert key not in words, key
            words[key] = {"": postings(exact)} if exact else {}
            for variant, plist in variants:
                words[key][variant] = postings(plist)
    for start, end, first, last in ranges:  # each chunk's range covers its words
        assert first.startswith(start) or first >= start, (start, first)
        assert last.startswith(end) or last <= end, (end, last)
    filter_values = {}
    for name, h in filters:
        fname, values = read_file(bundle / "filter" / f"{h}.pf_filter")
        assert fname == name
        filter_values[name] = {value: {urls[p] for p in plist} for value, plist in values}
    return {"entry": {"version": entry["version"], "language": lang, "wasm": info["wasm"],
                      "page_count": info["page_count"], "include_characters": entry["include_characters"]},
            "version": version, "fields": fields, "fragments": dict(zip(urls, fragments, strict=True)),
            "words": words, "filters": filter_values,
            "sorts": {key: [urls[p] for p in plist] for key, plist in sorts}}
