"""The search index over the entry pages, in Pagefind's format (outputs/pagefind_bundle.py), searched by Pagefind's
script and WebAssembly on the search page.

Each entry page is read for the index where it is rendered (write_record, in the page workers): its search copy
(render/search_copy.py) is read as Pagefind reads a page (outputs/search_record.py), its fragment is written and
what the index needs of it is kept in a small record file in a hidden folder of its part. Once the pages are
written, start() runs the writers (this module as a program, in the background, while the PDFs and the data export
are made; one per CPU when the index has parts, each writing every n-th part): for each part a writer adds the
pages' records in URL order and writes the part's files; finish() waits for them and writes the ranks file.
Pagefind's own indexer would read every page again and take 8 ms of CPU a page (bench/REPORT.md, issue 31).

A large catalogue's index comes in parts (routes.search_shards): the search page merges them (Pagefind's
mergeIndex, ik-search.js). Each part holds a hidden page of every word of the site (routes.SEARCH_DICTIONARY), so
that Pagefind's prefix fallback (a word no indexed word begins with is answered by the longest indexed word that
begins it) happens alike in every part; the parts carry no sort orders of their own, and the ranks file
(routes.SEARCH_RANKS) orders sorted results as one index would."""
from __future__ import annotations

import atexit
import contextlib
import functools
import json
import marshal
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from catalogue import ROOT
from catalogue.core import routes, workers
from catalogue.load.cache import code_version
from catalogue.outputs import pagefind_bundle, search_record


def enabled() -> bool:
    return os.environ.get("KATALOG_SEARCH", "1") != "0"


VIEW = ".pagefind-part-"  # site/.pagefind-part-<i>/: part i's page records and fragments, until the index is written
RECORD = "record.marshal"
WORDS = "words.marshal"


def parts_of(pages: list) -> dict:
    """url -> the part of the index its page is in: pages dealt out in turn by URL (page n to part n mod k), so
    that each part holds a like share of every kind and a word weighs the same in each."""
    k = routes.search_shards(len(pages))
    return {url: n % k for n, url in enumerate(sorted(pages))}


def record_path(site_dir: Path, url: str, part: int) -> Path:
    """Where an entry page's record is written (write_record): a hidden folder per part, one file per page named
    by its URL (words_path() beside it), removed when the index is written."""
    return Path(site_dir) / f"{VIEW}{part}" / "records" / (quote(url, safe="") + ".record")


def words_path(record: Path) -> Path:
    return record.with_suffix(".words")


def fragments_path(site_dir: Path, part: int) -> Path:
    return Path(site_dir) / f"{VIEW}{part}" / "_fragments"


def write_record(site_dir: Path, url: str, part: int, parts: int, title: str, body: str, language: str) -> None:
    """Read an entry page for the index (url: its site URL; part: its part of the index's parts) as Pagefind
    would read its search copy (search_record.read_copy): its fragment into the part's folder, the rest into its
    record, and its words into a file of their own (for the dictionary pages of an index in parts). A page read
    by an earlier build, with the same title, body and language and the same engine, is not read again: its files
    come from .cache/search/ (KATALOG_CACHE=0: always read)."""
    site_dir = Path(site_dir)
    path = record_path(site_dir, url, part)
    fragments = fragments_path(site_dir, part)
    if not os.path.isdir(fragments):  # the part's first page here (one look, not two folders made, a page)
        path.parent.mkdir(parents=True, exist_ok=True)
        fragments.mkdir(parents=True, exist_ok=True)
    _copied.add(site_dir)
    cached = _cached_record(url, title, body, language)
    if cached is not None and _take_cached(cached, path, fragments):
        return
    record = search_record.read_copy(title, body, language, "/" + url)
    digest = pagefind_bundle.write_fragment(record, fragments)
    entries = pagefind_bundle.page_entry(record)
    path.write_bytes(marshal.dumps((record.url, record.language, digest, record.word_count, entries,
                                    record.filters, record.sort, sorted(record.meta))))
    words_path(path).write_bytes(marshal.dumps((record.language, [e[0] for e in entries])))
    if cached is not None:
        _keep_cached(cached, path, fragments / f"{digest}.pf_fragment")


def _cached_record(url: str, title: str, body: str, language: str) -> Path | None:
    """Where a page's record is kept between builds (.cache/search/), or None when caching is off."""
    if os.environ.get("KATALOG_CACHE", "1") == "0":
        return None
    import hashlib
    h = hashlib.sha256(_cache_version())
    for part in (url, title, language, str(body)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    key = h.hexdigest()
    return ROOT / ".cache" / "search" / key[:2] / key


@functools.cache
def _cache_version() -> bytes:
    """What a cached record depends on besides its page, the same for the whole build: the engine's code, the
    stemmer, Pagefind's format."""
    import Stemmer
    return "\0".join((code_version(), Stemmer.version(), pagefind_bundle.FORMAT_VERSION, "")).encode()


def _take_cached(cached: Path, path: Path, fragments: Path) -> bool:
    """Link (or copy) a cached page's files into place; False when there are none (or they cannot be taken)."""
    try:
        names = os.listdir(cached)
        fragment = next(n for n in names if n.endswith(".pf_fragment"))
        for src, dst in ((cached / RECORD, path), (cached / WORDS, words_path(path)),
                         (cached / fragment, fragments / fragment)):
            with contextlib.suppress(FileExistsError):
                _link(src, dst)
        return True
    except (OSError, StopIteration):
        return False


def _link(src: Path, dst: Path) -> None:
    """dst made the same file as src (a hard link), or a copy of it where the two are on different file systems.
    Neither is written to in place afterwards."""
    import shutil
    try:
        os.link(src, dst)
    except FileExistsError:
        raise  # a file already there is the caller's to judge
    except OSError:  # another file system, or one without links
        shutil.copyfile(src, dst)


def _keep_cached(cached: Path, path: Path, fragment: Path) -> None:
    """Keep a page's files for later builds (a folder made whole, then renamed into place): linked where the
    cache is on the same file system (no file is written to in place afterwards), else copied."""
    import shutil
    staging = cached.with_name(f"{cached.name}.{os.getpid()}")
    try:
        staging.mkdir(parents=True, exist_ok=True)
        for src, name in ((path, RECORD), (words_path(path), WORDS), (fragment, fragment.name)):
            _link(src, staging / name)
        staging.rename(cached)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)


def drop_copies(site_dir: Path) -> None:
    """Remove the records and fragments a build left (once the index is written, or after a build that failed
    before it was)."""
    import shutil
    for view in Path(site_dir).glob(VIEW + "*"):
        if view.is_dir():
            shutil.rmtree(view, ignore_errors=True)
        else:
            view.unlink(missing_ok=True)


_copied: set[Path] = set()  # the site folders this process's builds write records into


def drop_kept() -> None:
    """After a failed build: remove the records the pages left for an index that was not written."""
    for site_dir in list(_copied):
        drop_copies(site_dir)
        _copied.discard(site_dir)


# A build can stop before finish() without MkDocs' build-error event: mkdocs-macros exits the process on a macro
# error. So whatever is still kept when the process ends is removed then.
atexit.register(drop_kept)


class Job(NamedTuple):
    """An index being written (start()): its writers, where, since when, how many pages, in how many parts."""
    procs: list
    site_dir: Path
    started: float
    planned: int
    parts: int


def start(site_dir: Path, pages: list) -> Job:
    """Start writing the index of these entry pages (their URLs; their records are written) in the background:
    one writer, or with parts one per CPU (KATALOG_WORKERS), writer j of n writing parts j, j + n, ...; finish()
    waits for them."""
    import shutil
    site_dir = Path(site_dir)
    parts = routes.search_shards(len(pages))
    for old in [site_dir / routes.PAGEFIND, *site_dir.glob(routes.SEARCH_SHARD + "*")]:
        shutil.rmtree(old, ignore_errors=True)
    plan = site_dir / f"{VIEW}plan.json"
    plan.write_text(json.dumps({"pages": sorted(pages), "parts": parts}), encoding="utf-8")
    n = min(parts, workers.count(parts, threshold=2))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH", "")])
    env["PYTHONIOENCODING"] = "utf-8"
    procs = [subprocess.Popen([sys.executable, "-m", "catalogue.outputs.search_index", str(site_dir), str(plan),
                               str(j), str(n)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", errors="replace", env=env)
             for j in range(n)]
    return Job(procs, site_dir, time.perf_counter(), len(pages), parts)


def stop(job: Job) -> None:
    """Stop an index still being written (the build failed); its site/ is not published."""
    for proc in job.procs:
        proc.kill()
        proc.wait()
    drop_copies(job.site_dir)


def finish(job: Job, log=None) -> float:
    """Wait for the writers; with parts, write the ranks file from what they wrote. Raises RuntimeError (in
    Danish) if one failed or took more than 30 minutes."""
    log = log or (lambda msg: print(msg, file=sys.stderr))
    procs, site_dir, started, planned, parts = job
    deadline = time.monotonic() + 1800
    failed: list[str] = []
    pages: list = []  # (url, page id, sort values) of every page, when the index has parts
    try:
        for proc in procs:
            try:
                out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                raise RuntimeError("Søgeindekset blev ikke færdigt inden for 30 minutter") from None
            if proc.returncode != 0:  # also one stopped without a word (out of memory: killed)
                failed.append((err.strip() or out.strip())[-2000:] or f"skriveren stoppede med kode {proc.returncode}")
                break
            if parts > 1:
                pages += json.loads(out)
        if not failed and parts > 1 and len(pages) != planned:
            failed.append(f"{len(pages)} af {planned} sider kom i indekset")
    except BaseException:
        stop(job)
        raise
    _copied.discard(Path(site_dir))
    if failed:
        stop(job)  # the other writers too
        raise RuntimeError(f"Søgeindekset kunne ikke skrives: {failed[0]}")
    drop_copies(site_dir)
    if pages:
        _write_ranks(site_dir, [tuple(p) for p in pages])
    seconds = time.perf_counter() - started
    log(f"Søgeindeks: {seconds:.1f} s")
    return seconds


# -- the writer (python -m catalogue.outputs.search_index SITE PLAN) ----------------------------------------------

def _assets_cache() -> tuple[Path, bool]:
    """(where Pagefind's script and WebAssembly are kept between builds, whether it is a temporary folder)."""
    if os.environ.get("KATALOG_CACHE", "1") != "0":
        folder = ROOT / ".cache"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder, False
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="ik-pagefind-")), True


def write(site_dir: Path, pages: list, parts: int, mine: range | None = None) -> list:
    """Write the index of these entry pages (records written by write_record) into site/pagefind/ (and its
    further parts): all parts, or those in mine (start() has removed what was there). Returns (url, page id, sort
    values) of each page written, for the ranks file of an index in parts (finish())."""
    import shutil
    where = parts_of(pages) if parts > 1 else dict.fromkeys(pages, 0)
    members: list[list[str]] = [[] for _ in range(parts)]
    for url in sorted(pages):
        members[where[url]].append(url)
    bundles = [site_dir / routes.search_shard(i) for i in range(parts)]

    def records(i: int):
        for url in members[i]:
            yield marshal.loads(record_path(site_dir, url, i).read_bytes())

    dictionary: dict[str, set] = {}  # language -> every entry of the site, for each part's dictionary page
    if parts > 1:
        for i in range(parts):
            for url in members[i]:
                language, entries = marshal.loads(words_path(record_path(site_dir, url, i)).read_bytes())
                dictionary.setdefault(language, set()).update(entries)

    cache, temporary = _assets_cache()
    names: dict[str, str] = {}  # a fragment's full hash -> its name in the index
    sort_values: list[tuple[str, str, dict]] = []  # (url, fragment hash, sort values) of every page, for the ranks
    try:
        for i in mine if mine is not None else range(parts):
            out = bundles[i]
            out.mkdir(parents=True, exist_ok=True)
            by_language: dict[str, pagefind_bundle.Bundle] = {}
            for url, language, digest, word_count, entry, filters, sort, fields in records(i):
                bundle = by_language.get(language)
                if bundle is None:
                    bundle = by_language[language] = pagefind_bundle.Bundle(language)
                bundle.add(digest, word_count, entry, filters, sort, fields)
                sort_values.append((url, digest, sort))
            languages = {}
            for language, bundle in sorted(by_language.items()):
                if parts > 1:
                    _add_dictionary(bundle, dictionary[language], fragments_path(site_dir, i))
                meta_hash = bundle.write(out, fragments_path(site_dir, i), sort_keys=parts == 1)
                names.update(bundle.names)
                folder, wasm = pagefind_bundle.assets(language, cache)
                if i == 0:
                    pagefind_bundle.copy_assets(folder, out)
                languages[language] = (meta_hash, wasm, len(bundle.pages))
            if i == 0 and not languages:  # no entry pages: the search page still loads Pagefind's script
                folder, _wasm = pagefind_bundle.assets("unknown", cache)
                pagefind_bundle.copy_assets(folder, out)
            pagefind_bundle.write_entry(out, languages)
    finally:
        if temporary:
            shutil.rmtree(cache, ignore_errors=True)
    return [(url, names[digest], sort) for url, digest, sort in sort_values]


def _add_dictionary(bundle: pagefind_bundle.Bundle, entries: set, fragments: Path) -> None:
    """A part's page of every word of the site (routes.SEARCH_DICTIONARY), marked by the filter every search
    leaves out."""
    entry = [(e, *pagefind_bundle.locations([(n, search_record.WEIGHT_DEFAULT)]), None)
             for n, e in enumerate(sorted(entries))]
    record = search_record.Record("/" + routes.SEARCH_DICTIONARY, bundle.language, "", len(entries),
                                  {routes.SEARCH_DICTIONARY_FILTER: ["1"]}, {}, {}, [], {}, {})
    digest = pagefind_bundle.write_fragment(record, fragments)
    bundle.add(digest, len(entries), entry, record.filters, {}, ())


def _write_ranks(site_dir: Path, pages: list) -> None:
    """routes.SEARCH_RANKS: for each sort key, each page's rank in the whole site (by its fragment's name, which the
    search page knows a result by), in Pagefind's order for the key; ties go by URL."""
    pages = sorted(pages)
    ranks: dict[str, dict[str, int]] = {}
    for key in sorted({k for _url, _id, values in pages for k in values}):
        having = [(values[key], page_id) for _url, page_id, values in pages if key in values]
        order = pagefind_bundle.sort_order([v for v, _p in having])
        ranks[key] = {having[i][1]: rank for rank, i in enumerate(order)}
    (site_dir / routes.SEARCH_RANKS).write_text(json.dumps(ranks, separators=(",", ":")), encoding="utf-8")


def main(argv: list[str]) -> int:
    """SITE PLAN [J N]: write parts J, J + N, ... of the plan's index (all when J and N are not given); with
    parts, print the pages written as JSON for the ranks file."""
    site_dir, plan_file = Path(argv[0]), Path(argv[1])
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    j, n = (int(argv[2]), int(argv[3])) if len(argv) > 3 else (0, 1)
    written = write(site_dir, plan["pages"], plan["parts"], range(j, plan["parts"], n))
    if plan["parts"] > 1:
        print(json.dumps(written, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
