"""Pagefind's index files (version FORMAT_VERSION), written from the pages' records (outputs/search_record.py).

A bundle is the folder the search page loads: pagefind-entry.json (the version, each language's metadata file and
WebAssembly), pagefind.<hash>.pf_meta (every page's fragment name and word count, the index chunks' word ranges,
the filters, the sort orders, the metadata fields), index/*.pf_index (the words, each with its pages and positions),
filter/*.pf_filter (each filter's values and their pages) and fragment/*.pf_fragment (a page's URL, text, filters,
metadata and anchors, loaded for each shown result). Each is gzipped, the binary ones CBOR after Pagefind's
signature, and named by a hash of its content, so a file that has not changed keeps its name (and a browser's
cached copy). Pagefind's script, WebAssembly and UI files come from Pagefind itself (assets()).

The layout is Pagefind 1.5.2's, read from the files it writes (tests/test_search_record.py writes the embedded
content both ways and compares what the files hold). Where Pagefind's order is its hash maps' (filters, values, sort
keys), this one is sorted, so two builds of the same content write the same files. Where the index is cut into
chunks is this writer's own (chunk_starts): never between words that begin alike, so that a query word finds every
word that begins with it, which Pagefind's own cuts by size alone do not promise."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from catalogue.outputs.search_record import INCLUDE_CHARACTERS, VARIANT

FORMAT_VERSION = "1.5.2"  # the Pagefind whose files this writes; requirements.txt pins pagefind_bin to it
SIGNATURE = b"pagefind_dcd"
# Index chunks hold from CHUNK_LOW page positions (Pagefind cuts at 20,000), and end where the next word shares the
# shortest beginning with the last, within CHUNK_HIGH, or later where it shares fewer than KEEP_TOGETHER letters
# (chunk_starts): bench/REPORT.md, "Index chunks cut between words".
CHUNK_LOW = 4000
CHUNK_HIGH = 20000
KEEP_TOGETHER = 4
# The index chunks are gzipped at level 6, not Pagefind's 9: 2.8 % larger, 4.7 times faster (5,000 entries: 60 chunks
# of 3.7 MB, 739 -> 759 KB, 0.61 -> 0.13 s; bench/REPORT.md). Every other file is gzipped at 9, as Pagefind does.
INDEX_LEVEL = 6


# -- CBOR: the part Pagefind's files use (unsigned and negative integers, text and byte strings, arrays) ----------

def cbor(value) -> bytes:
    out = bytearray()
    _cbor_into(value, out)
    return bytes(out)


def _head(major: int, arg: int, out: bytearray) -> None:
    if arg < 24:
        out.append(major << 5 | arg)
    elif arg < 0x100:
        out += bytes((major << 5 | 24, arg))
    elif arg < 0x10000:
        out.append(major << 5 | 25)
        out += arg.to_bytes(2, "big")
    elif arg < 0x100000000:
        out.append(major << 5 | 26)
        out += arg.to_bytes(4, "big")
    elif arg < 1 << 64:
        out.append(major << 5 | 27)
        out += arg.to_bytes(8, "big")
    else:
        raise ValueError("CBOR: integer too large")


def _cbor_into(value, out: bytearray) -> None:
    if isinstance(value, bool) or value is None:
        raise ValueError("CBOR: unexpected value")
    if isinstance(value, int):
        if value >= 0:
            _head(0, value, out)
        else:
            _head(1, -1 - value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (list, tuple)):
        _head(4, len(value), out)
        for item in value:
            _cbor_into(item, out)
    elif isinstance(value, (bytes, bytearray)):
        _head(2, len(value), out)
        out += value
    else:
        raise ValueError(f"CBOR: {type(value).__name__}")


def _encoded(n: int) -> bytes:
    out = bytearray()
    _cbor_into(n, out)
    return bytes(out)


_SMALL = 1 << 16
_UINT = [_encoded(n) for n in range(_SMALL)]  # positions and page numbers, encoded once
_NEG = [_encoded(-1 - n) for n in range(256)]  # weight markers: -(weight + 1)


def _int(n: int) -> bytes:
    if 0 <= n < _SMALL:
        return _UINT[n]
    if -256 <= n < 0:
        return _NEG[-1 - n]
    return _encoded(n)


def _array(n: int) -> bytes:
    return bytes((0x80 | n,)) if n < 24 else bytes((0x80 | 24, n)) if n < 256 else b"\x99" + n.to_bytes(2, "big") \
        if n < 0x10000 else b"\x9a" + n.to_bytes(4, "big")


def _text(value: str) -> bytes:
    raw = value.encode("utf-8")
    n = len(raw)
    return (bytes((0x60 | n,)) if n < 24 else bytes((0x60 | 24, n)) if n < 256 else b"\x79" + n.to_bytes(2, "big")) \
        + raw


def cbor_decode(data: bytes, i: int = 0):
    """(value, where it ends) of the CBOR item at i."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg, i = int.from_bytes(data[i:i + size], "big"), i + size
    else:
        raise ValueError(f"CBOR: additional information {info}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        raw = bytes(data[i:i + arg])
        return (raw if major == 2 else raw.decode("utf-8")), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = cbor_decode(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"CBOR: major type {major}")


def read_file(path: Path):
    """The value of one of Pagefind's binary files (.pf_meta, .pf_index, .pf_filter)."""
    raw = gzip.decompress(Path(path).read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{Path(path).name}: no Pagefind signature")
    value, end = cbor_decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{Path(path).name}: trailing bytes")
    return value


def read_fragment(path: Path) -> dict:
    raw = gzip.decompress(Path(path).read_bytes())
    return json.loads(raw[len(SIGNATURE):] if raw.startswith(SIGNATURE) else raw)


def full_hash(data: bytes) -> str:
    """Pagefind's content hash: SHA-1, each byte in hexadecimal without a leading zero."""
    return "".join(format(b, "x") for b in hashlib.sha1(data).digest())


def _gzip(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0)


# -- one page's parts ----------------------------------------------------------------------------------------------

def fragment_json(record) -> bytes:
    """A page's fragment as Pagefind writes it (serde's field order; filters and metadata by key)."""
    data = {"url": record.url, "content": record.content, "word_count": record.word_count,
            "filters": {k: record.filters[k] for k in sorted(record.filters, key=_bytes)},
            "meta": {k: record.meta[k] for k in sorted(record.meta, key=_bytes)},
            "anchors": record.anchors}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_fragment(record, folder: Path) -> str:
    """Write a page's fragment into folder under its full hash (the bundle names it by a prefix of that)."""
    raw = fragment_json(record)
    digest = full_hash(raw)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{digest}.pf_fragment").write_bytes(gzip.compress(SIGNATURE + raw, compresslevel=9, mtime=0))
    return digest


def locations(occurrences: list) -> tuple[bytes, int]:
    """A word's positions on a page, [(position, weight), ...] in the page's order, as Pagefind stores them (CBOR,
    and the number of items): by weight, lowest first, each weight's run opened by -(weight + 1) and its positions
    as differences."""
    if len(occurrences) == 1:  # most words on a page (each is kept at most twice): the quick way
        position, weight = occurrences[0]
        return b"\x82" + _int(-weight - 1) + _int(position), 2
    runs: dict[int, list[int]] = {}
    for position, weight in occurrences:
        run = runs.get(weight)
        if run is None:
            runs[weight] = [position]
        else:
            run.append(position)
    out: list[bytes] = []
    for weight in sorted(runs):
        out.append(_int(-weight - 1))
        last = 0
        for position in runs[weight]:
            out.append(_int(position - last))
            last = position
    return _array(len(out)) + b"".join(out), len(out)


def meta_locations(fields: dict, field_ids: dict) -> bytes:
    """A word's positions in a page's metadata values ({field: [position, ...]}), each field's run opened by
    -(its number in the bundle's list of fields + 1), as CBOR."""
    out: list[bytes] = []
    for fid, name in sorted((field_ids[name], name) for name in fields):
        out.append(_int(-fid - 1))
        last = 0
        for position in fields[name]:
            out.append(_int(position - last))
            last = position
    return _array(len(out)) + b"".join(out)


def page_entry(record) -> list:
    """What the bundle needs of a page's words: [(entry, its locations as CBOR, their number, its metadata
    fields' positions or None), ...]."""
    meta = record.meta_words
    out = [(entry, *locations(occurrences), meta.get(entry)) for entry, occurrences in record.words.items()]
    out.extend((entry, b"\x80", 0, fields) for entry, fields in meta.items() if entry not in record.words)
    return out


def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


# -- the bundle --------------------------------------------------------------------------------------------------

class Bundle:
    """The index of some pages (one part of the site's index), added in page order, written by write()."""

    def __init__(self, language: str):
        self.language = language
        self.pages: list[tuple[str, int]] = []  # (full hash of the fragment, word count)
        # entry -> [its last page, its size as Pagefind counts it, its number of postings, [its postings: runs of
        # them encoded one after another (a bytearray), or one as (page difference, locations, meta fields) where
        # the metadata's field numbers are known only when the bundle is written]]. Runs rather than an object a
        # posting: at 5,000 entry pages a part's postings took 118 MB as objects of their own.
        self.words: dict[str, list] = {}
        self.filters: dict[str, dict[str, list[int]]] = {}
        self.sorts: list[dict] = []
        self.fields: set[str] = set()
        self.names: dict[str, str] = {}  # a fragment's full hash -> its name (once written)

    def add(self, fragment_hash: str, word_count: int, entries: list, filters: dict, sort: dict,
            meta_fields) -> int:
        """Add a page: its fragment's full hash, word count, page_entry(), filters, sort keys and metadata fields."""
        page = len(self.pages)
        self.pages.append((fragment_hash, word_count))
        words = self.words
        int_ = _int
        for entry, locs, n, fields in entries:
            slot = words.get(entry)
            if slot is None:
                slot = words[entry] = [page, 0, 0, []]
                delta = page
            else:
                delta = page - slot[0]
                slot[0] = page
            slot[1] += n + 1
            slot[2] += 1
            runs = slot[3]
            if fields is not None:
                runs.append((delta, locs, fields))
            elif runs and type(runs[-1]) is bytearray:
                runs[-1] += b"\x83" + int_(delta) + locs + b"\x80"
            else:
                runs.append(bytearray(b"\x83" + int_(delta) + locs + b"\x80"))
        for name, values in filters.items():
            target = self.filters.setdefault(name, {})
            for value in values:
                target.setdefault(value, []).append(page)
        self.sorts.append(sort)
        self.fields.update(meta_fields)
        return page

    def write(self, out: Path, fragments: Path, sort_keys: bool = True) -> str:
        """Write the bundle's index files into out (fragments: the folder write_fragment() wrote into; they are
        moved into out/fragment/). Returns the metadata file's hash."""
        lang = self.language
        for sub in ("fragment", "index", "filter"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        names: dict[str, str] = {}  # full hash -> its name
        taken: set[str] = set()
        pages = []
        for digest, word_count in self.pages:
            name = names.get(digest)
            if name is None:
                full = f"{lang}_{digest}"
                length = len(lang) + 8
                name = full[:length]
                while name in taken and length < len(full):
                    length += 1
                    name = full[:length]
                taken.add(name)
                names[digest] = name
                os.replace(fragments / f"{digest}.pf_fragment", out / "fragment" / f"{name}.pf_fragment")
            pages.append([name, word_count])
        self.names = names

        field_ids = {name: i for i, name in enumerate(sorted(self.fields, key=_bytes))}
        keys: list[str] = []  # each entry's key, its words encoded, and its size as Pagefind counts it
        encoded_words: list[bytes] = []
        sizes: list[int] = []
        words = self.words
        entries = sorted(words)  # an entry's key, then its variants (VARIANT sorts first): code point order
        i = 0
        while i < len(entries):
            key = entries[i].split(VARIANT, 1)[0]
            exact: list = []  # an empty slot: no postings
            variants: list = []
            while i < len(entries) and (entries[i] == key or entries[i].startswith(key + VARIANT)):
                if entries[i] == key:
                    exact = words[key]
                else:
                    variants.append((entries[i][len(key) + 1:], words[entries[i]]))
                i += 1
            encoded = [b"\x83", _text(key)]
            size = _postings(exact, field_ids, encoded)
            encoded.append(_array(len(variants)))
            for variant, slot in variants:
                encoded += (b"\x82", _text(variant))
                size += _postings(slot, field_ids, encoded)
            keys.append(key)
            encoded_words.append(b"".join(encoded))
            sizes.append(size)
        starts = [0, *chunk_starts(keys, sizes), len(keys)] if keys else [0]
        chunks = [(keys[a], keys[b - 1], encoded_words[a:b]) for a, b in zip(starts, starts[1:], strict=False)]
        del encoded_words
        ranges = [[c[0], c[1], ""] for c in chunks]
        for n in range(len(ranges) - 1):  # Pagefind's chunk_meta: the shortest prefixes that tell them apart
            a, b = ranges[n][1], ranges[n + 1][0]
            common = _common(a, b)
            ranges[n][1], ranges[n + 1][0] = a[:common + 1], b[:common + 1]
        for n, (_first, _last, items) in enumerate(chunks):
            data = b"\x81" + _array(len(items)) + b"".join(items)
            ranges[n][2] = _write_hashed(data, out / "index", lang, ".pf_index", INDEX_LEVEL)

        filters = []
        for name in sorted(self.filters, key=_bytes):
            values = [[value, self.filters[name][value]] for value in sorted(self.filters[name], key=_bytes)]
            filters.append([name, _write_hashed(cbor([name, values]), out / "filter", lang, ".pf_filter")])

        sorts = []
        if sort_keys:
            for key in sorted({k for s in self.sorts for k in s}, key=_bytes):
                having = [(s[key], page) for page, s in enumerate(self.sorts) if key in s]
                sorts.append([key, [having[i][1] for i in sort_order([v for v, _p in having])]])

        meta = cbor([FORMAT_VERSION, pages, ranges, filters, sorts, sorted(self.fields, key=_bytes)])
        meta_hash = f"{lang}_{full_hash(meta)[:len(lang) + 8]}"
        (out / f"pagefind.{meta_hash}.pf_meta").write_bytes(_gzip(meta))
        return meta_hash


def _common(a: str, b: str) -> int:
    """How many characters a and b begin with alike."""
    return len(os.path.commonprefix((a, b)))


def chunk_starts(keys: list[str], sizes: list[int], low: int = CHUNK_LOW, high: int = CHUNK_HIGH,
                 together: int = KEEP_TOGETHER) -> list[int]:
    """Where the index's words (keys, in order, with their sizes) are cut into chunks: the position of each chunk's
    first word, after the first chunk's. Pagefind looks a query word up in the one chunk whose range holds it and
    extends it only to the words of that chunk that begin with it: a cut between "fravær" and "fraværsdag" hides
    the second from a search for the first. So a chunk ends, once it holds `low` positions, where the next word
    shares the shortest beginning with the one before it: the first such place before the chunk holds `high`
    positions; past that, the first place where the two share fewer than `together` letters (a query word's stem
    has as many, so the words that begin with it stay in one chunk). What is left, when the chunk could take it
    all below `high`, stays in the last chunk."""
    starts: list[int] = []
    start, n = 0, len(keys)
    while True:
        size, i = 0, start
        while i < n and size < low:
            size += sizes[i]
            i += 1
        if i >= n:
            return starts
        best, best_common = i, _common(keys[i - 1], keys[i])  # a cut before word i
        j = i
        while best_common:
            size += sizes[j]
            j += 1
            if j >= n:
                break
            c = _common(keys[j - 1], keys[j])
            if size < high:
                if c < best_common:
                    best, best_common = j, c
            elif best_common < together:  # past `high`: the best place found before it will do
                break
            elif c < together:  # ... or the first that splits no family
                best, best_common = j, c
                break
        if j >= n and (size < high or best_common >= together):  # the rest fits, or is one family
            return starts
        starts.append(best)
        start = best


def _postings(slot: list, field_ids: dict, out: list) -> int:
    """Append an entry's postings ([page difference, locations, meta locations] each) to out; returns their size as
    Pagefind counts it for its chunks (locations + 1 each)."""
    if not slot:
        out.append(b"\x80")
        return 0
    _last, size, count, runs = slot
    out.append(_array(count))
    for run in runs:
        if type(run) is bytearray:
            out.append(run)
        else:
            delta, locs, fields = run
            out += (b"\x83", _int(delta), locs, meta_locations(fields, field_ids))
    return size


def _write_hashed(data: bytes, folder: Path, lang: str, suffix: str, level: int = 9) -> str:
    full = f"{lang}_{full_hash(data)}"
    length = len(lang) + 8
    name = full[:length]
    packed = gzip.compress(SIGNATURE + data, compresslevel=level, mtime=0)
    while (folder / f"{name}{suffix}").exists() and (folder / f"{name}{suffix}").read_bytes() != packed:
        length += 1
        name = full[:length]
    (folder / f"{name}{suffix}").write_bytes(packed)
    return name


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)", re.I)


def sort_order(values: list[str]) -> list[int]:
    """The indexes of one sort key's values in Pagefind's order: as numbers when every value is one, else as text
    (byte order); ties keep their order."""
    if all(_INT.fullmatch(v) or _FLOAT.fullmatch(v) for v in values):
        return sorted(range(len(values)), key=lambda i: float(values[i]))
    return sorted(range(len(values)), key=lambda i: _bytes(values[i]))


def write_entry(out: Path, languages: dict) -> None:
    """pagefind-entry.json: {language: (metadata hash, WebAssembly name, page count)}."""
    entry = {"version": FORMAT_VERSION,
             "languages": {lang: {"hash": h, "wasm": wasm, "page_count": n}
                           for lang, (h, wasm, n) in languages.items()},
             "include_characters": INCLUDE_CHARACTERS}
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                             encoding="utf-8")


# -- Pagefind's own files: its script, WebAssembly and UI ------------------------------------------------------------

_INDEX_FILES = re.compile(r"^(pagefind-entry\.json|pagefind\..*\.pf_meta|fragment|index|filter)$")


def assets(language: str, cache: Path) -> tuple[Path, str | None]:
    """(a folder with Pagefind's script, WebAssembly and UI files for a site in language, the name of its
    WebAssembly). Pagefind writes them with an index; here it indexes one small page in that language once, and
    the files are kept in cache for every later build."""
    import tempfile
    safe = re.sub(r"[^a-z0-9-]", "_", language.lower()) or "unknown"
    folder = cache / f"pagefind-{FORMAT_VERSION}" / safe
    wasm_file = folder / ".wasm"
    if wasm_file.is_file():
        return folder, json.loads(wasm_file.read_text(encoding="utf-8"))
    work = Path(tempfile.mkdtemp(prefix="ik-pagefind-"))
    try:
        (work / "site" / "x").mkdir(parents=True)
        (work / "site" / "x" / "index.html").write_text(
            f'<!doctype html><html lang="{safe}"><head><title>x</title></head><body><p>x</p></body></html>',
            encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(work / "site"), "--quiet",
                                 "--output-path", str(work / "out")], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"Pagefind fejlede: {result.stderr.strip() or result.stdout.strip()}")
        entry = json.loads((work / "out" / "pagefind-entry.json").read_text(encoding="utf-8"))
        if entry.get("version") != FORMAT_VERSION:
            raise RuntimeError(f"Pagefind {entry.get('version')} er installeret, men søgeindekset skrives i "
                               f"Pagefind {FORMAT_VERSION}'s format: kør scripts/build igen, så .venv bliver opdateret")
        wasm = next(iter(entry["languages"].values()))["wasm"]
        staging = folder.with_name(folder.name + f".{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for f in (work / "out").iterdir():
            if not _INDEX_FILES.match(f.name):
                shutil.copy2(f, staging / f.name)
        (staging / ".wasm").write_text(json.dumps(wasm), encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:  # another build made it first
            shutil.rmtree(staging, ignore_errors=True)
        return folder, wasm
    except FileNotFoundError:
        raise RuntimeError("pagefind_bin mangler: kør scripts/build igen, så .venv bliver opdateret") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def copy_assets(folder: Path, out: Path) -> None:
    for f in folder.iterdir():
        if not f.name.startswith("."):
            shutil.copyfile(f, out / f.name)
