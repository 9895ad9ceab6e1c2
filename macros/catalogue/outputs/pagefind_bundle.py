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
keys), this one is sorted, so two builds of the same content write the same files."""
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

from catalogue.outputs.search_record import INCLUDE_CHARACTERS

FORMAT_VERSION = "1.5.2"  # the Pagefind whose files this writes; requirements.txt pins pagefind_bin to it
SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 20000  # page positions per index chunk, as Pagefind cuts them


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


def locations(occurrences: list) -> list:
    """A word's positions on a page, [(position, weight), ...] in the page's order, as Pagefind stores them: by
    weight, lowest first, each weight's run opened by -(weight + 1) and its positions as differences."""
    if len(occurrences) == 1:  # most words on a page (each is kept at most twice): the quick way
        position, weight = occurrences[0]
        return [-weight - 1, position]
    runs: dict[int, list[int]] = {}
    for position, weight in occurrences:
        run = runs.get(weight)
        if run is None:
            runs[weight] = [position]
        else:
            run.append(position)
    out: list[int] = []
    for weight in sorted(runs):
        out.append(-weight - 1)
        last = 0
        for position in runs[weight]:
            out.append(position - last)
            last = position
    return out


def meta_locations(fields: dict, field_ids: dict) -> list:
    """A word's positions in a page's metadata values ({field: [position, ...]}), each field's run opened by
    -(its number in the bundle's list of fields + 1)."""
    out: list[int] = []
    for fid, name in sorted((field_ids[name], name) for name in fields):
        out.append(-fid - 1)
        last = 0
        for position in fields[name]:
            out.append(position - last)
            last = position
    return out


def page_entry(record) -> dict:
    """What the bundle needs of a page besides its fragment: key -> variant -> (locations, {field: positions})."""
    entry: dict = {}
    for key, variants in record.words.items():
        entry[key] = {variant: (locations(occurrences), None) for variant, occurrences in variants.items()}
    for key, variants in record.meta_words.items():
        target = entry.setdefault(key, {})
        for variant, fields in variants.items():
            locs, _none = target.get(variant, ([], None))
            target[variant] = (locs, fields)
    return entry


def _bytes(text: str) -> bytes:
    return text.encode("utf-8")


# -- the bundle --------------------------------------------------------------------------------------------------

class Bundle:
    """The index of some pages (one part of the site's index), added in page order, written by write()."""

    def __init__(self, language: str):
        self.language = language
        self.pages: list[tuple[str, int]] = []  # (full hash of the fragment, word count)
        self.words: dict[str, dict] = {}  # key -> variant -> [(page, locations, meta fields or None), ...]
        self.filters: dict[str, dict[str, list[int]]] = {}
        self.sorts: list[dict] = []
        self.fields: set[str] = set()
        self.names: dict[str, str] = {}  # a fragment's full hash -> its name (once written)

    def add(self, fragment_hash: str, word_count: int, entry: dict, filters: dict, sort: dict,
            meta_fields) -> int:
        page = len(self.pages)
        self.pages.append((fragment_hash, word_count))
        words = self.words
        for key, variants in entry.items():
            slot = words.get(key)
            if slot is None:
                slot = words[key] = {}
            for variant, (locs, fields) in variants.items():
                postings = slot.get(variant)
                if postings is None:
                    slot[variant] = [(page, locs, fields)]
                else:
                    postings.append((page, locs, fields))
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
        chunks, chunk = [], []
        size = 0
        for key in sorted(self.words, key=_bytes):
            variants = self.words[key]
            exact = _postings(variants.get(None, ()), field_ids)
            others = [[variant, _postings(variants[variant], field_ids)]
                      for variant in sorted((v for v in variants if v is not None), key=_bytes)]
            item = [key, exact, others]
            chunk.append(item)
            size += sum(len(p[1]) + 1 for p in exact) + sum(len(p[1]) + 1 for _v, ps in others for p in ps)
            if size >= CHUNK_SIZE:
                chunks.append(chunk)
                chunk, size = [], 0
        if chunk:
            chunks.append(chunk)
        ranges = [[c[0][0], c[-1][0], ""] for c in chunks]
        for i in range(len(ranges) - 1):  # Pagefind's chunk_meta: the shortest prefixes that tell them apart
            a, b = ranges[i][1], ranges[i + 1][0]
            common = 0
            while common < min(len(a), len(b)) and a[common] == b[common]:
                common += 1
            ranges[i][1], ranges[i + 1][0] = a[:common + 1], b[:common + 1]
        for i, c in enumerate(chunks):
            ranges[i][2] = _write_hashed(cbor([c]), out / "index", lang, ".pf_index")

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


def _postings(postings, field_ids: dict) -> list:
    out = []
    last = 0
    for page, locs, fields in postings:
        out.append([page - last, locs, meta_locations(fields, field_ids) if fields else []])
        last = page
    return out


def _write_hashed(data: bytes, folder: Path, lang: str, suffix: str) -> str:
    full = f"{lang}_{full_hash(data)}"
    length = len(lang) + 8
    name = full[:length]
    while (folder / f"{name}{suffix}").exists() and (folder / f"{name}{suffix}").read_bytes() != _gzip(data):
        length += 1
        name = full[:length]
    (folder / f"{name}{suffix}").write_bytes(_gzip(data))
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
