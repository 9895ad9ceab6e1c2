"""The Pagefind index over the built site (every entry page of every kind; filters, sort keys and metadata come
from the data-pagefind-* attributes the page kinds write). Run once per build, once the entry pages are written."""
from __future__ import annotations

import atexit
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from catalogue.core import routes


def enabled() -> bool:
    return os.environ.get("KATALOG_SEARCH", "1") != "0"


# Pagefind names its fragments, index chunks and filter files by a hash of their content and does not write (or
# compress, at gzip's best level) a file that already exists. Writing them all is half of its time at 5,000 entries
# (19 s with an empty output folder, 10 s when the previous build's files are there). MkDocs empties site/ at the
# start of every build, so keep_previous() moves the last index into a hidden folder first (MkDocs leaves hidden
# entries alone), start() puts it back for Pagefind to reuse, and finish() removes every file the new index does
# not refer to: site/pagefind/ ends up exactly as a build from scratch would leave it (tests/test_output.py).
PREVIOUS = ".pagefind-previous"


def keep_previous(site_dir: Path) -> None:
    """Before MkDocs empties site/: keep the last index for start() (only while search is on)."""
    bundle = Path(site_dir) / routes.PAGEFIND
    drop_previous(site_dir)
    drop_copies(site_dir)  # a failed build's (hidden: MkDocs leaves them); this build's pages write new ones
    _copied.add(Path(site_dir))
    if enabled() and (bundle / "pagefind-entry.json").is_file():
        try:
            bundle.rename(Path(site_dir) / PREVIOUS)
        except OSError:
            return  # MkDocs removes it; Pagefind writes every file again
        _kept.add(Path(site_dir))


def drop_previous(site_dir: Path) -> None:
    """Remove a kept index that start() did not take back (a failed build must not leave it hidden in site/,
    where a deploy would upload it)."""
    import shutil
    shutil.rmtree(Path(site_dir) / PREVIOUS, ignore_errors=True)


_kept: set[Path] = set()  # the site folders whose index keep_previous() kept
_copied: set[Path] = set()  # the site folders this process's builds write search copies into


# Pagefind holds every indexed page's words in memory until its files are written: its peak is the build's (0.54 MB
# per entry page; bench/REPORT.md, "Pagefind's memory"). Its allocator (jemalloc, in the binary) keeps freed memory
# for reuse for a few seconds by default; returning it at once lowers the peak (615 -> 532 MB at 1,000 entries)
# for a few per cent more CPU time, and changes nothing Pagefind writes. An allocator setting of the caller's
# own (the same variable) is left as it is.
PAGEFIND_MALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"


def pagefind_env(environ=None) -> dict:
    """The environment Pagefind runs with: the caller's, plus the allocator setting above unless one is given."""
    env = dict(os.environ if environ is None else environ)
    env.setdefault("_RJEM_MALLOC_CONF", PAGEFIND_MALLOC_CONF)
    return env


def start(site_dir: Path, pages: list) -> tuple:
    """Start Pagefind in the background over the entry pages (pages: their URLs), once they are written: it runs
    while the PDFs and the data export are made; finish() waits for it. The index has routes.search_shards parts
    (one for all but a large catalogue), indexed one after the other by _Shards from the pages' search copies."""
    previous, bundle = Path(site_dir) / PREVIOUS, Path(site_dir) / routes.PAGEFIND
    if previous.is_dir():
        try:
            if bundle.exists():
                raise OSError("site/pagefind exists")
            previous.rename(bundle)
        except OSError:
            drop_previous(site_dir)
    return _Shards(Path(site_dir), pages), Path(site_dir), time.perf_counter()


def parts_of(pages: list) -> dict:
    """url -> the part of the index its page is in: pages dealt out in turn by URL (page n to part n mod k), so
    that each part holds a like share of every kind and a word weighs the same in each."""
    k = routes.search_shards(len(pages))
    return {url: n % k for n, url in enumerate(sorted(pages))}


def copy_path(site_dir: Path, url: str, part: int) -> Path:
    """Where an entry page's search copy (Renderer.search_copy) is written: a hidden folder per part, which
    Pagefind reads (it takes a page's URL from its path there) and _Shards removes."""
    return Path(site_dir) / f"{VIEW}{part}" / url / "index.html"


def drop_copies(site_dir: Path) -> None:
    """Remove the search copies a build left (one that failed before Pagefind ran)."""
    import shutil
    for view in Path(site_dir).glob(VIEW + "*"):
        shutil.rmtree(view, ignore_errors=True)


def _pagefind_cmd(site: Path, output=None) -> list:
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--quiet"]
    return cmd + (["--output-path", str(output)] if output is not None else [])


def _popen(cmd: list):
    try:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=pagefind_env())
    except FileNotFoundError:
        raise RuntimeError("pagefind_bin mangler: kør scripts/build igen, så .venv bliver opdateret") from None


VIEW = ".pagefind-part-"  # site/.pagefind-part-<i>/: the search copies of part i's pages, until Pagefind has read them


class _Shards:
    """The index's parts (parts_of), indexed one after the other, with the interface of one Pagefind process
    (communicate, kill, wait, returncode). Part i is indexed from its folder of search copies (copy_path; a page
    whose copy is missing is linked there as it is), which is removed when the part is done; one part at a time
    keeps Pagefind's memory to one part's words. The first part starts at once and runs while the PDFs and the data
    export are made; communicate() runs the others. No thread of its own: the PDFs are made in worker processes,
    which are not forked beside other threads (core/workers.py)."""

    def __init__(self, site_dir: Path, pages: list):
        self.site_dir = site_dir
        where = parts_of(pages)
        self.parts: list[list[str]] = [[] for _ in range(max(where.values(), default=0) + 1)]
        for url in sorted(pages):
            self.parts[where[url]].append(url)
        self.returncode: int | None = None
        self._out: list[str] = []
        self._err: list[str] = []
        self._next = 0
        self._proc: subprocess.Popen | None = None
        try:
            for i in range(len(self.parts)):
                self._view(i)
            if len(self.parts) > 1:
                _dictionary(self.site_dir, len(self.parts))
            self._start_next()
        except BaseException:
            drop_copies(self.site_dir)
            raise

    def _view(self, i: int) -> None:
        import shutil
        for url in self.parts[i]:
            dst = copy_path(self.site_dir, url, i)
            if not dst.is_file():
                dst.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.site_dir / url / "index.html", dst)
                except OSError:
                    shutil.copyfile(self.site_dir / url / "index.html", dst)

    def _start_next(self) -> None:
        i = self._next
        self._next += 1
        self._proc = _popen(_pagefind_cmd(self.site_dir / f"{VIEW}{i}", self.site_dir / routes.search_shard(i)))

    def communicate(self, timeout=None):
        import shutil
        try:
            while self._proc is not None:
                out, err = self._proc.communicate(timeout=timeout)
                self._out.append(out)
                self._err.append(err)
                shutil.rmtree(self.site_dir / f"{VIEW}{self._next - 1}", ignore_errors=True)
                if self._proc.returncode != 0 or self._next >= len(self.parts):
                    self.returncode = self._proc.returncode
                    self._proc = None
                else:
                    self._start_next()
        finally:
            if self._proc is None:
                drop_copies(self.site_dir)
        return "".join(self._out), "".join(self._err)

    def kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()

    def wait(self) -> int | None:
        if self._proc is not None:
            self._proc.wait()
            self.returncode = self._proc.returncode
            self._proc = None
        drop_copies(self.site_dir)
        return self.returncode


def stop(job: tuple) -> None:
    """Stop an index still being built (the build failed); its site/ is not published."""
    proc, site_dir, _ = job
    proc.kill()
    proc.wait()


def drop_kept() -> None:
    """After a failed build: remove every index keep_previous() kept and start() did not take back, and the
    search copies the pages left for a Pagefind run that did not come."""
    for site_dir in list(_kept | _copied):
        drop_previous(site_dir)
        drop_copies(site_dir)
        _kept.discard(site_dir)
        _copied.discard(site_dir)


# A build can stop before start() without MkDocs' build-error event: mkdocs-macros exits the process on a macro
# error. So whatever is still kept when the process ends is removed then.
atexit.register(drop_kept)


def finish(job: tuple, log=None) -> float:
    log = log or (lambda msg: print(msg, file=sys.stderr))
    proc, site_dir, started = job
    try:
        out, err = proc.communicate(timeout=1800)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise RuntimeError("Pagefind blev ikke færdig inden for 30 minutter") from None
    if proc.returncode != 0:
        raise RuntimeError(f"Pagefind fejlede: {err.strip() or out.strip()}")
    bundles = [site_dir / routes.search_shard(i) for i in range(len(proc.parts))]
    for bundle in bundles:
        _stable_pagefind(bundle)
        _prune(bundle)
    import shutil
    for old in site_dir.glob(routes.SEARCH_SHARD + "*"):  # parts of an earlier, larger index
        if old not in bundles:
            shutil.rmtree(old, ignore_errors=True)
    (site_dir / routes.SEARCH_RANKS).unlink(missing_ok=True)
    if len(bundles) > 1:
        _sort_ranks(site_dir, bundles)
        for bundle in bundles[1:]:
            _only_index(bundle)
    seconds = time.perf_counter() - started
    log(f"Søgeindeks (Pagefind): {seconds:.1f} s")
    return seconds


# Reproducible builds (tests/test_output.py: two builds of the same content give byte-identical trees).
# Pagefind (1.5.2) writes its filter indexes and the list of filters and sort keys in its metadata in hash-map
# order, which changes from run to run; the files are named by a hash of their content, so names change too
# (Pagefind/pagefind#638: "filter/metadata indexes will still change"). What they hold is the same. Here the
# values in each filter file and the filters and sort keys in the metadata are put in sorted order, the files
# are re-gzipped without a timestamp and renamed by a hash of their content, and pagefind-entry.json points at
# the new metadata file. The index chunks and fragments are already stable and are left alone. The format is
# checked as it is read; anything unexpected (another Pagefind version) leaves the index as Pagefind wrote it
# and logs a note -- the reproducibility test then says which files differ.
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _cbor_decode(data: bytes, i: int = 0):
    """The part of CBOR Pagefind's indexes use: integers, byte and text strings, arrays (definite lengths)."""
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
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"CBOR: major type {major}")


def _cbor_encode(value) -> bytes:
    def head(major: int, arg: int) -> bytes:
        if arg < 24:
            return bytes([major << 5 | arg])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if arg < 1 << (8 * size):
                return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
        raise ValueError("CBOR: integer too large")
    if isinstance(value, bool) or value is None:
        raise ValueError("CBOR: unexpected value")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    raise ValueError(f"CBOR: {type(value).__name__}")


def _pagefind_read(path: Path):
    import gzip
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(_PAGEFIND_SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    value, end = _cbor_decode(raw, len(_PAGEFIND_SIGNATURE))
    if end != len(raw) or _cbor_encode(value) != raw[len(_PAGEFIND_SIGNATURE):]:
        raise ValueError(f"{path.name}: does not read back to the same bytes")
    return value


def _pagefind_write(value, folder: Path, prefix: str, lang: str, digits: int, suffix: str) -> str:
    """Write value as a Pagefind file named by a hash of its content; returns the hash part of the name."""
    import gzip
    import hashlib
    raw = _PAGEFIND_SIGNATURE + _cbor_encode(value)
    name = f"{lang}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def _prune(bundle: Path) -> int:
    """Remove the hashed files (fragments, index chunks, filters, metadata) the current index does not refer to:
    left from the previous build that start() gave Pagefind to reuse. Returns how many were removed."""
    import json
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        keep: dict[str, set[str]] = {"fragment": set(), "index": set(), "filter": set(), "meta": set()}
        for info in entry["languages"].values():
            keep["meta"].add(f"pagefind.{info['hash']}.pf_meta")
            _version, pages, chunks, filters, *_ = _pagefind_read(bundle / f"pagefind.{info['hash']}.pf_meta")
            keep["fragment"] |= {f"{p[0]}.pf_fragment" for p in pages}
            keep["index"] |= {f"{c[-1]}.pf_index" for c in chunks}
            keep["filter"] |= {f"{f[1]}.pf_filter" for f in filters}
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError) as exc:
        print(f"Søgeindekset kunne ikke ryddes for filer fra sidste byg ({exc}); det virker, men kan rumme "
              "overflødige filer. Slet site/ og byg igen for at få det rent.", file=sys.stderr)
        return 0
    removed = 0
    for folder, suffix in (("fragment", ".pf_fragment"), ("index", ".pf_index"), ("filter", ".pf_filter")):
        for f in (bundle / folder).glob(f"*{suffix}"):
            if f.name not in keep[folder]:
                f.unlink()
                removed += 1
    for f in bundle.glob("pagefind.*.pf_meta"):
        if f.name not in keep["meta"]:
            f.unlink()
            removed += 1
    return removed


def _stable_pagefind(bundle: Path):
    import json
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        return
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        if not str(entry.get("version", "")).startswith("1."):
            raise ValueError(f"Pagefind version {entry.get('version')}")
        plan = []
        for lang, info in entry["languages"].items():
            meta_file = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _pagefind_read(meta_file)
            version, pages, chunks, filters, sorts, *rest = meta
            filter_files = {name: bundle / "filter" / f"{h}.pf_filter" for name, h in filters}
            contents = {name: _pagefind_read(f) for name, f in filter_files.items()}
            for name, content in contents.items():
                if content[0] != name or not all(len(v) == 2 and isinstance(v[0], str) for v in content[1]):
                    raise ValueError(f"filter {name}: unexpected layout")
            if not all(len(s) == 2 and isinstance(s[0], str) for s in sorts):
                raise ValueError("sort keys: unexpected layout")
            plan.append((lang, info, meta_file, version, pages, chunks, sorts, rest, filter_files, contents))
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        # info, not warning: --strict would stop the build, and the index works as Pagefind wrote it
        print(f"Pagefind-indekset er ikke gjort reproducerbart ({exc}); det virker, men to byg giver ikke "
              "de samme filer", file=sys.stderr)
        return
    for lang, info, meta_file, version, pages, chunks, sorts, rest, filter_files, contents in plan:
        new_filters = []
        for name in sorted(contents, key=lambda n: n.encode("utf-8")):
            filter_files[name].unlink()
            values = sorted(contents[name][1], key=lambda v: v[0].encode("utf-8"))
            new_filters.append([name, _pagefind_write([name, values], bundle / "filter", "", lang, 7, ".pf_filter")])
        new_sorts = sorted(sorts, key=lambda s: s[0].encode("utf-8"))
        meta_file.unlink()
        info["hash"] = _pagefind_write([version, pages, chunks, new_filters, new_sorts, *rest], bundle,
                                       "pagefind.", lang, 10, ".pf_meta")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# -- the parts of a large index (routes.search_shards) ---------------------------------------------------------
# Each part is a Pagefind index of its own pages; the search page merges them into one instance (Pagefind's
# mergeIndex, ik-search.js). A part's own sort order would only be its own, so the parts' copies carry no sort keys
# and _sort_ranks writes routes.SEARCH_RANKS instead: for each key, each page's rank in the whole site, by which the
# search page orders sorted results as one index would (ik-query.js, inSiteOrder). The parts past the first keep
# only their index (_only_index): Pagefind's script and WebAssembly come from the first part's folder.

_SORT_ATTR = re.compile(r'data-pagefind-sort="([^"]*)"[^>]*>([^<]*)')
_INT = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _sort_values(page_html: str) -> dict:
    """A page's sort keys and values as Pagefind reads them: data-pagefind-sort="key:value", or "key" with the
    element's text as the value."""
    import html
    values = {}
    for attr, text in _SORT_ATTR.findall(page_html):
        key, sep, value = html.unescape(attr).partition(":")
        values[key.strip()] = value if sep else html.unescape(text).strip()
    return values


def _sort_order(values: list) -> list:
    """The indexes of values in Pagefind's order for one sort key: as numbers when every value is one, else as
    text (byte order); ties keep their order."""
    if all(_INT.fullmatch(v) or _FLOAT.fullmatch(v) for v, _ in values):
        return sorted(range(len(values)), key=lambda i: float(values[i][0]))
    return sorted(range(len(values)), key=lambda i: values[i][0].encode("utf-8"))


def _fragment_url(bundle: Path, page_hash: str) -> str:
    import gzip
    import json
    raw = gzip.decompress((bundle / "fragment" / f"{page_hash}.pf_fragment").read_bytes())
    if raw.startswith(_PAGEFIND_SIGNATURE):
        raw = raw[len(_PAGEFIND_SIGNATURE):]
    return json.loads(raw)["url"]


def _sort_ranks(site_dir: Path, bundles: list) -> None:
    import json
    try:
        pages = []  # every entry page of every part: (url, page id, its sort values)
        for bundle in bundles:
            entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
            for info in entry["languages"].values():
                for page in _pagefind_read(bundle / f"pagefind.{info['hash']}.pf_meta")[1]:
                    url = _fragment_url(bundle, page[0])
                    if url.strip("/") + "/" == routes.SEARCH_DICTIONARY:
                        continue
                    html_file = site_dir / url.strip("/") / "index.html"
                    pages.append((url, page[0], _sort_values(html_file.read_text(encoding="utf-8"))))
        pages.sort()  # ties go by URL
        ranks: dict[str, dict[str, int]] = {}
        for key in sorted({k for _url, _id, values in pages for k in values}):
            having = [(values[key], page_id) for _url, page_id, values in pages if key in values]
            ranks[key] = {having[i][1]: rank for rank, i in enumerate(_sort_order(having))}
        (site_dir / routes.SEARCH_RANKS).write_text(json.dumps(ranks, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError) as exc:
        raise RuntimeError(f"Søgeindeksets dele kunne ikke sorteres ens ({exc})") from None


def _dictionary(site_dir: Path, parts: int) -> None:
    """Each part's page of every word of the site (routes.SEARCH_DICTIONARY): Pagefind answers a word that no
    indexed word of a part begins with by the longest indexed word that begins it (its prefix fallback), so a word
    one part holds would be a fallback in another; with every word in every part, the fallback happens alike in
    all of them, and the search page tells it as it does for one index. The page is marked by the filter
    routes.SEARCH_DICTIONARY_FILTER, which every search leaves out. (An internal file, never published; its
    text is escaped as the pages' is.)"""
    from markupsafe import Markup
    words: set[str] = set()
    lang = "unknown"
    for i in range(parts):
        for copy in (site_dir / f"{VIEW}{i}").rglob("index.html"):
            html = copy.read_text(encoding="utf-8")
            found = _LANG.search(html) if lang == "unknown" else None
            lang = found.group(1) if found else lang
            words.update(Markup(re.sub(r"<[^>]*>", " ", html)).unescape().split())
    page = Markup('<!doctype html><html lang="{}"><body><div data-pagefind-body><span data-pagefind-filter="{}">1'
                  "</span> {}</div></body></html>").format(lang, routes.SEARCH_DICTIONARY_FILTER,
                                                           " ".join(sorted(words)))
    for i in range(parts):
        path = copy_path(site_dir, routes.SEARCH_DICTIONARY, i)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")


_LANG = re.compile(r'<html lang="([^"]+)"')


def _only_index(bundle: Path) -> None:
    """A part past the first keeps only its index: the search page loads Pagefind's script and WebAssembly from
    the first part (routes.PAGEFIND)."""
    for f in bundle.iterdir():
        if f.is_file() and f.name != "pagefind-entry.json" and not f.name.endswith(".pf_meta"):
            f.unlink()
