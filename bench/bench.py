"""Benchmark: see bench/run. Everything runs on this machine; numbers go to bench/RESULTS.md and results.json."""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
PY = sys.executable
sys.path.insert(0, str(ROOT / "macros"))
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "macros"), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
WORDS = "læsning"  # a one-word query that occurs in the real content
RUNS = 3  # builds per measurement; the fastest is reported


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------- synthetic content

def synthetic_project(n: int, dest: Path) -> Path:
    """A project with n initiatives made by varying the real ones (ids, titles, facet values, text order)."""
    import yaml
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content", dest / "content",
                    ignore=shutil.ignore_patterns("indsatser", "drejeboeger", "arbejdsark", "laeringspakker",
                                                  "programmer", "litteratur.yml", "noter"))
    for name in ("macros", "templates"):
        (dest / name).symlink_to(ROOT / name)
    (dest / "content" / "indsatser").mkdir()
    settings = dest / "content/indstillinger.yml"
    settings.write_text(re.sub(r"\nfremhaevet: .*", "\nfremhaevet: indsats-00000", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    vocab = {p.stem: [v["id"] for v in yaml.safe_load(p.read_text(encoding="utf-8"))["vaerdier"]]
             for p in (ROOT / "content/vokabularer").glob("*.yml")}
    bases = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content/indsatser").glob("*.yml"))]
    rng = random.Random(n)
    adjectives = ["Tryg", "Tidlig", "Fælles", "Styrket", "Lokal", "Tværfaglig", "Nærværende", "Systematisk"]
    for i in range(n):
        text = bases[i % len(bases)]
        new_id = f"indsats-{i:05d}"
        text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
        text = re.sub(r"(?m)^titel: (.*)$", lambda m: f"titel: \"{rng.choice(adjectives)} {m.group(1).strip(chr(34))} {i}\"",
                      text, count=1)
        text = re.sub(r"(?m)^relaterede:.*\n(?:  .*\n)*", "", text)
        facets = {f: sorted(rng.sample(vocab[f], k=min(len(vocab[f]), rng.randint(1, 3))))
                  for f in ("maalgrupper", "aldersgrupper", "sektorer", "tilgange", "temaer")}
        block = "facetter:\n" + "".join(f"  {k}: [{', '.join(v)}]\n" for k, v in facets.items())
        text = re.sub(r"(?m)^facetter:\n(?:  .*\n)+", block, text, count=1)
        text = re.sub(r"(?m)^ejer: .*$", f"ejer: {rng.choice(vocab['organisationer'])}", text, count=1)
        (dest / "content/indsatser" / f"{new_id}.yml").write_text(text, encoding="utf-8")
    return dest


def peer_project(n: int, dest: Path, full_nav: bool, src: Path | None = None) -> Path:
    """Plain Material: the same entries as Markdown pages, with a 2-entry nav + one overview page (the fair peer),
    or every page in the nav."""
    sys.path.insert(0, str(ROOT / "macros"))
    from catalogue.load.loader import load
    from catalogue.model.schema import walk_texts
    cat = load(src or WORK / f"ours-{n}")
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    (docs / "indsatser").mkdir(parents=True)
    entries = sorted(cat.entries.values(), key=lambda e: e.id)
    for e in entries:
        body = [f"# {e.title}", ""]
        last = None
        for path, value in walk_texts(e):
            if path[0] in ("id", "ejer", "facetter", "relaterede", "titel") or path[-1] in ("status", "niveau", "type", "moedeform"):
                continue
            if path[0] != last:
                body += [f"## {path[0]}", ""]
                last = path[0]
            body += [value, ""]
        (docs / "indsatser" / f"{e.id}.md").write_text("\n".join(body), encoding="utf-8")
    (docs / "index.md").write_text("# Katalog\n\n" + "\n".join(f"- [{e.title}](indsatser/{e.id}.md)" for e in entries),
                                   encoding="utf-8")
    nav = ["  - Katalog: index.md"] + [f"  - indsatser/{e.id}.md" for e in (entries if full_nav else entries[:2])]
    for name, plugins in (("mkdocs.yml", "plugins:\n  - search:\n      lang: da\n"), ("mkdocs-nosearch.yml", "plugins: []\n")):
        (dest / name).write_text(
            "site_name: Peer\ntheme:\n  name: material\n  language: da\n  font: false\n" + plugins +
            "validation:\n  nav:\n    omitted_files: ignore\nnav:\n" + "\n".join(nav) + "\n", encoding="utf-8")
    return dest


# ------------------------------------------------------------------------------------------- measuring

def timed(cmd, cwd, env=None) -> tuple[float, float, str]:
    """Wall time (s) and peak RSS (MB) of one command, measured in a fresh child process."""
    seconds, _, rss_mb, err = timed_cpu(cmd, cwd, env)
    return seconds, rss_mb, err


# Runs the command, and samples every 50 ms the memory of every process below it: the peak RSS of Pagefind and of
# the largest other process (the build's Python process or one of its forked workers), and the peak of their PSS
# summed (shared pages split between the processes that share them: what the machine needs for the whole build).
PROBE = r"""
import json, resource, subprocess, sys, threading, time
sys.path.insert(0, sys.argv.pop(1))  # bench/: the readings of /proc are bench/memory.py's
from memory import _children, _cmdline, _status
def tree(pid):
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack += _children(p)
    return out
peak = {"pagefind": 0, "python": 0, "pss": 0}
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
done = threading.Event()
def sample():
    while not done.wait(0.05):
        pss = 0
        for pid in tree(proc.pid):
            command = _cmdline(pid)
            if not command:
                continue
            kind = "pagefind" if "pagefind" in command else "python"
            peak[kind] = max(peak[kind], _status(pid, "VmRSS"))
            pss += _status(pid, "Pss")
        peak["pss"] = max(peak["pss"], pss)
threading.Thread(target=sample, daemon=True).start()
out, err = proc.communicate()
done.set()
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, proc.returncode, err[-3000:],
                  {k: round(v / 1024) for k, v in peak.items()}]))
"""


def timed_cpu(cmd, cwd, env=None) -> tuple[float, float, float, str]:
    """Wall time (s), CPU time (s: user + system of the command and every process it waited for, Pagefind and
    forked workers included) and peak RSS (MB: the largest single process) of one command, measured in a fresh
    child process. CPU time moves less than wall time when other work shares the machine (bench/run-ab reports
    both)."""
    m = probe(cmd, cwd, env)
    return m["s"], m["cpu_s"], m["max_rss_mb"], m["err"]


def probe(cmd, cwd, env=None) -> dict:
    """timed_cpu's figures and the memory by process (PROBE): s, cpu_s, max_rss_mb (the largest single process,
    as before issue 31), python_mb (the largest Python process: the build or a worker), pagefind_mb, tree_pss_mb."""
    out = subprocess.run([PY, "-c", PROBE, str(Path(__file__).resolve().parent), *cmd], cwd=cwd, env=env or ENV, capture_output=True, text=True)
    seconds, cpu, rss_kb, code, err, peak = json.loads(out.stdout.strip().splitlines()[-1])
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {err}")
    return {"s": seconds, "cpu_s": round(cpu, 2), "max_rss_mb": rss_kb / 1024, "python_mb": peak["python"],
            "pagefind_mb": peak["pagefind"], "tree_pss_mb": peak["pss"], "err": err}


def build_ours(project: Path, pdf=False, search=True, details: list | None = None):
    """Wall time, peak RSS (largest process) and stderr of our build; ``details`` gets probe()'s figures."""
    env = {**ENV, "KATALOG_PDF": "1" if pdf else "0", "KATALOG_SEARCH": "1" if search else "0",
           "KATALOG_PDF_CACHE": str(project / ".pdfcache")}
    m = probe([PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")], project, env)
    if details is not None:
        details.append(m)
    return m["s"], m["max_rss_mb"], m["err"]


def small_site(n: int = 300, runs: int = 3) -> dict:
    """A small fork without PDFs: `scripts/build`'s command (the content check inside the build: KATALOG_CHECK=1)
    against plain Material over the same entries (the fair peer, with its search plugin), taking turns; medians
    of wall and CPU time (issue 31: ≤ plain Material's time)."""
    project = synthetic_project(n, WORK / f"small-{n}")
    peer = peer_project(n, WORK / f"small-peer-{n}", full_nav=False, src=project)
    env = {**ENV, "KATALOG_PDF": "0", "KATALOG_CHECK": "1", "KATALOG_PDF_CACHE": str(project / ".pdfcache")}
    ours, peers = [], []
    build_ours(project)  # the parse cache warm, as in every later build of a fork
    for _ in range(runs):
        ours.append(probe([PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(project / "mkdocs.yml")],
                          project, env))
        peers.append(probe([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], peer))
    med = lambda xs, k: round(statistics.median(x[k] for x in xs), 2)  # noqa: E731
    return {"entries": n, "runs": runs, "ours_s": med(ours, "s"), "ours_cpu_s": med(ours, "cpu_s"),
            "peer_s": med(peers, "s"), "peer_cpu_s": med(peers, "cpu_s"),
            "ours_runs_s": [round(x["s"], 2) for x in ours], "peer_runs_s": [round(x["s"], 2) for x in peers],
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def page_sizes(site: Path, pattern: str) -> dict:
    paths = sorted(site.glob(pattern))
    sizes = [p.stat().st_size for p in paths]
    gz = [len(gzip.compress(p.read_bytes(), compresslevel=6, mtime=0)) for p in paths[:200]]
    return {"median_kb": round(statistics.median(sizes) / 1024, 1), "max_kb": round(max(sizes) / 1024, 1),
            "gzip_median_kb": round(statistics.median(gz) / 1024, 1), "pages": len(sizes)}


class Server:
    def __init__(self, root: Path):
        handler = partial(_QuietHandler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static server that, like GitHub Pages, Netlify or nginx with gzip on, compresses text files for
    browsers that accept it. Pagefind's index files are gzip files already and are sent as they are."""
    COMPRESS = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")

    def log_message(self, *a):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in self.COMPRESS and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = _gzipped(path)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


_GZ: dict = {}


def _gzipped(path: Path) -> bytes:
    key = (path, path.stat().st_mtime_ns)
    if key not in _GZ:
        _GZ[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
    return _GZ[key]


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def search_in_browser(site: Path, facet: str) -> dict:
    """Bytes fetched for a first one-word query (cold) and for a filter change; query-to-results time."""
    from playwright.sync_api import sync_playwright
    server = Server(site)
    base = f"http://127.0.0.1:{server.port}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            fetched = []
            def finished(r):
                t = r.timing
                fetched.append((r.url, max(0, r.sizes()["responseBodySize"]), t["startTime"] + t["responseEnd"]))
            page.on("requestfinished", finished)
            page.goto(base + f"soeg/?q={WORDS}")
            page.wait_for_selector("[data-ik-search][data-facets-ready]", state="attached", timeout=60000)
            page.wait_for_timeout(300)
            # the files that had arrived when the results were shown (the filter index loads after them)
            ready_at = float(page.get_attribute("[data-ik-search]", "data-ready-at"))
            early = [(u, n) for u, n, end in fetched if "/pagefind/" in u and end <= ready_at + 1]
            first = sum(n for u, n in early)
            first_raw = sum(_file_size(site, base, u) for u, n in early if n)
            first_files = sorted({u.split("/pagefind/")[1].split("?")[0] for u, _ in early})
            with_counts = sum(s for u, s, _ in fetched if "/pagefind/" in u)
            with_counts_raw = sum(_file_size(site, base, u) for u, n, _ in fetched if "/pagefind/" in u and n)
            first_all = sum(s for u, s, _ in fetched)
            fetched.clear()
            ready = page.get_attribute("[data-ik-search]", "data-ready")
            page.locator(f".ik-search-facets input[name='{facet}']").first.check()
            page.wait_for_function(f"() => document.querySelector('[data-ik-search]').dataset.ready !== '{ready}'",
                                   timeout=60000)
            page.wait_for_timeout(300)
            after_filter = sum(s for u, s, _ in fetched if "/pagefind/" in u)
            # query-to-results latency: submit (no debounce) and wait for the results of that query; first with the
            # theme chosen above (the figure this benchmark has reported since 2026-11-27), then with no filter
            def timed(word):
                return page.evaluate("""async (word) => {
                    const root = document.querySelector('[data-ik-search]');
                    const form = root.querySelector('form'); const before = root.dataset.ready;
                    form.elements.q.value = word; const t = performance.now();
                    form.requestSubmit();
                    while (root.dataset.ready === before) await new Promise(r => setTimeout(r, 1));
                    const results = performance.now() - t;
                    while (root.dataset.facetsReady !== root.dataset.ready) await new Promise(r => setTimeout(r, 1));
                    return [results, performance.now() - t]; }""", word)
            # ten different words (a repeated word would find its index chunk loaded already), from rare to common
            words = ["skole", "trivsel", "forældre", "leder", "læsning", "fravær", "dagtilbud", "samarbejde", "sprog",
                     "netværk"]
            times = [timed(word) for word in words]
            ready = page.get_attribute("[data-ik-search]", "data-ready")
            page.locator(f".ik-search-facets input[name='{facet}']:checked").first.uncheck()
            page.wait_for_function(f"() => document.querySelector('[data-ik-search]').dataset.ready !== '{ready}'",
                                   timeout=60000)
            page.wait_for_timeout(300)
            # with no filter every page that holds the word is a result (at 5,000 entries most of them): ten more
            # words, none of the ten above
            plain_words = ["barn", "familie", "kommune", "udvikling", "pædagog", "indsats", "medarbejder", "unge",
                           "undervisning", "sundhed"]
            plain = [timed(word) for word in plain_words]
            browser.close()
    finally:
        server.close()
    return {"first_query_kb": round(first / 1024, 1), "first_query_with_counts_kb": round(with_counts / 1024, 1),
            "first_query_uncompressed_kb": round(first_raw / 1024, 1),
            "first_query_with_counts_uncompressed_kb": round(with_counts_raw / 1024, 1),
            "first_query_files": _file_groups(first_files),
            "first_load_all_kb": round(first_all / 1024, 1),
            "filter_change_kb": round(after_filter / 1024, 1),
            "query_ms_median": round(statistics.median(t[0] for t in times), 1),
            "query_ms_max": round(max(t[0] for t in times), 1),
            "query_counts_ms_median": round(statistics.median(t[1] for t in times), 1),
            "query_counts_ms_max": round(max(t[1] for t in times), 1),
            "query_ms_by_word": {w: [round(t[0], 1), round(t[1], 1)] for w, t in zip(words, times)},
            "query_nofilter_ms_median": round(statistics.median(t[0] for t in plain), 1),
            "query_nofilter_ms_max": round(max(t[0] for t in plain), 1),
            "query_nofilter_ms_by_word": {w: round(t[0], 1) for w, t in zip(plain_words, plain)}}


def _file_size(site: Path, base: str, url: str) -> int:
    """The size on disk of a fetched file (what a server without compression would send)."""
    path = site / url[len(base):].split("?")[0]
    return path.stat().st_size if path.is_file() else 0


def _file_groups(names: list) -> dict:
    """Which Pagefind files a query fetched, counted by kind (fragment, index, filter, ...)."""
    groups: dict = {}
    for n in names:
        kind = n.split("/")[0] if "/" in n else n.rsplit(".", 1)[-1] if n.endswith(("pf_meta", "pagefind")) else n
        groups[kind] = groups.get(kind, 0) + 1
    return groups


def fallback_queries(site: Path) -> dict:
    """Bytes and time to results of a first (cold) query that needs the search's fallbacks, next to the plain
    one-word query: a word found nowhere beside it (left out and named), and the word typed without æ/ø/å."""
    from playwright.sync_api import sync_playwright
    server = Server(site)
    base = f"http://127.0.0.1:{server.port}/"
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, query in (("plain", WORDS), ("word_found_nowhere", WORDS + " xylofonkvadrat"),
                                ("typed_without_aeoeaa", WORDS.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))):
                context = browser.new_context()
                page = context.new_page()
                fetched = []
                page.on("requestfinished", lambda r: fetched.append(max(0, r.sizes()["responseBodySize"]))
                        if "/pagefind/" in r.url else None)
                started = time.perf_counter()
                page.goto(base + "soeg/?q=" + query)
                page.wait_for_selector("[data-ik-search][data-ready]", state="attached", timeout=60000)
                ms = (time.perf_counter() - started) * 1000
                page.wait_for_selector("[data-ik-search][data-facets-ready]", state="attached", timeout=60000)
                page.wait_for_timeout(300)
                out[name] = {"query": query, "kb_with_counts": round(sum(fetched) / 1024, 1), "ms_cold": round(ms),
                             "status": page.inner_text(".ik-search-status")}
                context.close()
            browser.close()
    finally:
        server.close()
    return out


def search_set(tmp: Path) -> dict:
    """The staff query set of tests/test_search_queries.py over the embedded content: how many queries put an
    expected entry in the first three results, and how many generated queries (title words plus a word found
    nowhere) find their entry."""
    import importlib.util
    from playwright.sync_api import sync_playwright
    from urllib.parse import quote
    spec = importlib.util.spec_from_file_location("search_queries", ROOT / "tests" / "test_search_queries.py")
    sys.path.insert(0, str(ROOT / "tests"))
    queries = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(queries)
    from catalogue.load.loader import load
    project = embedded_project(tmp / "search-set")
    build_ours(project)
    server = Server(project / "site")
    base = f"http://127.0.0.1:{server.port}/"
    generated = queries.generated_queries(load(project))

    def results(page, q):
        page.goto(base + "soeg/?q=" + quote(q))
        page.wait_for_selector("[data-ik-search][data-facets-ready]", state="attached", timeout=60000)
        return [a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(".ik-search-result a").all()]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            top3 = sum(bool(set(results(page, q)[:3]) & want) for q, want in queries.QUERIES.items())
            found = sum(entry in results(page, q) for entry, q in generated)
            browser.close()
    finally:
        server.close()
    return {"queries": len(queries.QUERIES), "expected_in_first_three": top3,
            "generated": len(generated), "generated_found": found}


def first_build_with_pdfs(n: int) -> dict:
    """A fresh n-initiative fork's first build with a cold PDF cache (and everything else a first build does),
    beside the same site without PDFs; and the PDF time per document with one worker process and with one per
    CPU, measured without the search index (Pagefind runs beside the PDFs and would take a CPU from them)."""
    project = synthetic_project(n, WORK / f"pdf-{n}")

    def cold(pdf: bool, search: bool, workers: str = ""):
        shutil.rmtree(project / ".pdfcache", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        env = {**ENV, "KATALOG_PDF": "1" if pdf else "0", "KATALOG_SEARCH": "1" if search else "0",
               "KATALOG_PDF_CACHE": str(project / ".pdfcache")}
        if workers:
            env["KATALOG_WORKERS"] = workers
        t, _, err = timed([PY, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")], project, env)
        m = re.search(r"PDF'er: (\d+) lavet, (\d+) uændrede fra cachen \(([\d.]+) s\)", err)
        return round(t, 2), (int(m.group(1)), float(m.group(3))) if m else (0, 0.0)

    first, (made, _) = cold(pdf=True, search=True)
    out = {"entries": n, "first_build_s": first, "pdfs": made, "site_without_pdfs_s": cold(pdf=False, search=True)[0],
           "workers": min(os.cpu_count() or 1, 8)}
    for label, workers in (("one_worker", "1"), ("all_workers", "")):
        _, (made, secs) = cold(pdf=True, search=False, workers=workers)
        out[label] = {"pdf_s": secs, "per_document_s": round(secs / made, 3)}
    out["throughput_ratio"] = round(out["one_worker"]["pdf_s"] / out["all_workers"]["pdf_s"], 2)
    return out


def serve_turnaround(project: Path) -> float:
    """Seconds from saving one changed entry to the rebuilt page being served by scripts/serve."""
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**ENV, "KATALOG_PDF": "0"}
    proc = subprocess.Popen([PY, "-m", "katalog_mkdocs.serve", "--root", str(project), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/indsatser/indsats-00007/"
    def get():
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""
    try:
        deadline = time.monotonic() + 900
        while "indsats-00007" not in get() and "<h1>" not in get():
            if time.monotonic() > deadline:
                raise RuntimeError("serve did not start")
            time.sleep(0.5)
        time.sleep(2)
        path = project / "content/indsatser/indsats-00007.yml"
        text = path.read_text(encoding="utf-8")
        marker = "Benchmarkændring"
        started = time.monotonic()
        path.write_text(re.sub(r"(?m)^titel: \"", f"titel: \"{marker} ", text, count=1), encoding="utf-8")
        while marker not in get():
            if time.monotonic() - started > 300:
                raise RuntimeError("change never appeared")
            time.sleep(0.05)
        return round(time.monotonic() - started, 2)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# ------------------------------------------------------------------------------------------- main

def embedded_project(dest: Path) -> Path:
    """A fresh copy of the embedded content (the engine and templates linked, not copied)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "content", dest / "content")
    for name in ("macros", "templates"):
        (dest / name).symlink_to(ROOT / name)
    return dest


def backlink_growth(referring: int) -> dict:
    """The page of one real initiative, alone and with `referring` copies of it (same facets and text) that all
    refer back to it: an entry page must not grow with the number of entries that point to it (±10 %)."""
    original = "robusthed"
    sizes = {}
    for label, n in (("alone", 0), ("referred", referring)):
        dest = embedded_project(WORK / f"backlinks-{label}")
        text = (ROOT / "content" / "indsatser" / f"{original}.yml").read_text(encoding="utf-8")
        folder = dest / "content" / "lokalt" / "indsatser"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(1, n + 1):
            copy = text.replace(f"id: {original}\n", f"id: kopi-{i:04d}\n", 1)
            copy = re.sub(r"^titel: (.*)$", rf"titel: \1 (kopi {i})", copy, count=1, flags=re.M)
            (folder / f"kopi-{i:04d}.yml").write_text(copy + f"relaterede: [{original}]\n", encoding="utf-8")
        build_ours(dest, search=False)
        sizes[label] = (dest / "site" / "indsatser" / original / "index.html").stat().st_size
    return {"entry": original, "referring": referring, "alone_kb": round(sizes["alone"] / 1024, 1),
            "referred_kb": round(sizes["referred"] / 1024, 1),
            "change_pct": round(100 * (sizes["referred"] - sizes["alone"]) / sizes["alone"], 1)}


NATIONAL = 5000  # a size above this is a national-size run (issue 31): on request, one build each, own section


def national_size(n: int) -> dict:
    """A national-size run (issue 31: `bench/run --sizes 20000`, on request): one build of ours (the search index
    from scratch, no PDFs) and one of the fair peer — at 20,000 entries each takes minutes, so one of each, taking
    turns is not possible — with peak memory by process, then the first query and the entry pages' size."""
    project = synthetic_project(n, WORK / f"ours-{n}")
    log(f"   {n} entries written")
    peer = peer_project(n, WORK / f"peer-{n}", full_nav=False, src=project)
    mem: list = []
    build_ours(project, details=mem)
    ours = mem[0]
    log(f"   ours: {ours['s']:.1f} s, Pagefind {ours['pagefind_mb']} MB, PSS {ours['tree_pss_mb']} MB")
    peer_m = probe([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], peer)
    log(f"   peer: {peer_m['s']:.1f} s, {peer_m['max_rss_mb']:.0f} MB")
    return {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": "bench/run " + " ".join(sys.argv[1:]),
            "build_s": round(ours["s"], 2), "build_cpu_s": ours["cpu_s"], "build_peak_mb": round(ours["max_rss_mb"]),
            "build_python_mb": ours["python_mb"], "build_pagefind_mb": ours["pagefind_mb"],
            "build_tree_pss_mb": ours["tree_pss_mb"], "peer_s": round(peer_m["s"], 2), "peer_cpu_s": peer_m["cpu_s"],
            "peer_peak_mb": round(peer_m["max_rss_mb"]), "peer_tree_pss_mb": peer_m["tree_pss_mb"],
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "entry_page": page_sizes(project / "site", "indsatser/indsats-*/index.html"),
            "search": search_in_browser(project / "site", "temaer")}


def national_lines(national: dict) -> list[str]:
    """RESULTS.md's section of the national-size runs (results.json's "national")."""
    ns = sorted(national, key=int)
    def row(label, fn):
        return f"| {label} | " + " | ".join(str(fn(national[n])) for n in ns) + " |"
    return [
        "## National size (issue 31, run on request: `bench/run --sizes 20000`)", "",
        "One build of each (ours: search index from scratch, no PDFs; the fair peer: Material with its search), then "
        "the first query in Chromium. Targets: fits in 16 GB; first query ≤ 250 KB, ≤ 100 ms.", "",
        "| measure | " + " | ".join(f"N = {int(n):,}" for n in ns) + " |", "|---|" + "---|" * len(ns),
        row("date (UTC)", lambda r: r["date"]),
        row("our build, s (CPU s)", lambda r: f"{r['build_s']} ({r['build_cpu_s']})"),
        row("fair peer, s (CPU s)", lambda r: f"{r['peer_s']} ({r['peer_cpu_s']})"),
        row("ours / peer", lambda r: f"{r['build_s'] / r['peer_s']:.2f}×"),
        row("our peak: largest process / Python / Pagefind / all processes (PSS), MB",
            lambda r: f"{r['build_peak_mb']} / {r['build_python_mb']} / {r['build_pagefind_mb']} / {r['build_tree_pss_mb']}"),
        row("fair peer peak: largest process / PSS, MB", lambda r: f"{r['peer_peak_mb']} / {r['peer_tree_pss_mb']}"),
        row("entry page HTML, median KB (gzip)", lambda r: f"{r['entry_page']['median_kb']} ({r['entry_page']['gzip_median_kb']})"),
        row("first query until results, KB sent / uncompressed",
            lambda r: f"{r['search']['first_query_kb']} / {r['search']['first_query_uncompressed_kb']}"),
        row("query to results, one theme chosen, median / max ms",
            lambda r: f"{r['search']['query_ms_median']} / {r['search']['query_ms_max']}"),
        row("query to results, no filter, median / max ms",
            lambda r: f"{r['search'].get('query_nofilter_ms_median', '—')} / {r['search'].get('query_nofilter_ms_max', '—')}"),
        row("load average after the builds (1, 5, 15 min)", lambda r: " / ".join(map(str, r["load_average"]))),
        "",
    ]


def write_national(results: dict) -> None:
    """RESULTS.md keeps everything else; its national section is written anew."""
    md = ROOT / "bench" / "RESULTS.md"
    text = md.read_text(encoding="utf-8") if md.exists() else ""
    head = text.split("\n## National size", 1)[0].rstrip("\n")
    md.write_text(head + "\n\n" + "\n".join(national_lines(results["national"])), encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(prog="bench/run")
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--quick", action="store_true", help="skip the full-nav peers and the serve measurement")
    ap.add_argument("--backlinks", type=int, default=300, help="entries that all refer to one (page growth)")
    ap.add_argument("--extras-only", action="store_true",
                    help="measure only back-link growth, the first build with PDFs and the search set; keep the "
                         "other figures of results.json")
    args = ap.parse_args()
    raw = ROOT / "bench" / "results.json"
    if args.extras_only:
        WORK.mkdir(parents=True, exist_ok=True)
        results = json.loads(raw.read_text(encoding="utf-8"))
        results["backlinks"] = backlink_growth(args.backlinks)
        results["first_build_pdfs"] = first_build_with_pdfs(300)
        results["small_site"] = small_site(300)
        results["search_set"] = search_set(WORK)
        results["extras_command"] = "bench/run " + " ".join(sys.argv[1:])
        log(f"   extras: {results['backlinks']}, {results['first_build_pdfs']}, {results['search_set']}")
        raw.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        # RESULTS.md keeps its comparison with the run before; only the lines of these measures are replaced
        md = ROOT / "bench" / "RESULTS.md"
        fresh = [ln for ln in report(results, None).splitlines() if ln.startswith(EXTRA_LINES)]
        lines = [ln for ln in md.read_text(encoding="utf-8").splitlines()
                 if not ln.startswith(EXTRA_LINES + ("(These three lines:", "(These lines:"))]
        at = next(i for i, ln in enumerate(lines) if ln.startswith("Bytes transferred")) - 1
        lines[at:at] = fresh + [f"(These lines: `{results['extras_command']}`.)"]
        md.write_text("\n".join(lines) + "\n", encoding="utf-8")
        log("Skrev bench/RESULTS.md og bench/results.json")
        return
    sizes = [int(x) for x in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    if all(n > NATIONAL for n in sizes):  # national size: its own section; the other figures stay
        results = json.loads(raw.read_text(encoding="utf-8")) if raw.exists() else {"sizes": {}}
        for n in sizes:
            log(f"== N = {n} (national size)")
            results.setdefault("national", {})[str(n)] = national_size(n)
            log(f"   {results['national'][str(n)]}")
        raw.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_national(results)
        log("Skrev bench/RESULTS.md og bench/results.json")
        return
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
               "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "command": "bench/run " + " ".join(sys.argv[1:]),
               "sizes": {}}
    for n in sizes:
        log(f"== N = {n}")
        r = results["sizes"][str(n)] = {}
        project = synthetic_project(n, WORK / f"ours-{n}")
        peer = peer_project(n, WORK / f"peer-{n}", full_nav=False)
        # Every build RUNS times, ours and the peer's taking turns (so a slow spell of this machine hits both);
        # the fastest run counts. Ours with the search index comes last in each turn, so site/ keeps its index.
        ours_plain, ours, ours_again, peers, peers_plain, mem, peer_mem = [], [], [], [], [], [], []
        ours_cold, cold_mem = [], []
        for _ in range(RUNS):
            # without the index first: that build empties site/pagefind, so the next one writes its index from
            # scratch, every page read again (.cache/search emptied: a catalogue's first build); the one after it
            # the same with the pages' search records from .cache/search (the pages are unchanged), and again
            ours_plain.append(build_ours(project, search=False)[0])
            shutil.rmtree(ROOT / ".cache" / "search", ignore_errors=True)
            ours_cold.append(build_ours(project, details=cold_mem)[0])
            ours.append(build_ours(project, details=mem))
            ours_again.append(build_ours(project)[0])
            m = probe([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], peer)
            peer_mem.append(m)
            peers.append((m["s"], m["max_rss_mb"]))
            r["peer_two_entry_nav_page"] = page_sizes(peer / "site", "indsatser/*/index.html")  # with its search form
            peers_plain.append(timed([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs-nosearch.yml")], peer)[0])
        r["build_without_search_index_s"] = round(min(ours_plain), 2)
        r["build_s"], r["build_peak_mb"] = round(min(x[0] for x in ours), 2), round(max(x[1] for x in ours))
        r["build_runs_s"] = [round(x[0], 2) for x in ours]
        r["rebuild_s"], r["rebuild_runs_s"] = round(min(ours_again), 2), [round(x, 2) for x in ours_again]
        r["build_cold_s"], r["build_cold_runs_s"] = round(min(ours_cold), 2), [round(x, 2) for x in ours_cold]
        r["build_cold_cpu_s"] = round(statistics.median(m["cpu_s"] for m in cold_mem), 2)
        r["build_cold_tree_pss_mb"] = max(m["tree_pss_mb"] for m in cold_mem)
        r["peer_two_entry_nav_s"] = round(min(x[0] for x in peers), 2)
        r["peer_two_entry_nav_mb"] = round(max(x[1] for x in peers))
        r["peer_runs_s"] = [round(x[0], 2) for x in peers]
        # memory by process (issue 31): the largest Python process, Pagefind, the whole build's PSS; CPU time
        r["build_python_mb"] = max(m["python_mb"] for m in mem)
        r["build_pagefind_mb"] = max(m["pagefind_mb"] for m in mem)
        r["build_tree_pss_mb"] = max(m["tree_pss_mb"] for m in mem)
        r["build_cpu_s"] = round(statistics.median(m["cpu_s"] for m in mem), 2)
        r["peer_tree_pss_mb"] = max(m["tree_pss_mb"] for m in peer_mem)
        r["peer_cpu_s"] = round(statistics.median(m["cpu_s"] for m in peer_mem), 2)
        r["load_average"] = [round(x, 2) for x in os.getloadavg()]
        r["peer_without_search_s"] = round(min(peers_plain), 2)
        site = project / "site"
        r["entry_page"] = page_sizes(site, "indsatser/indsats-*/index.html")
        r["search"] = search_in_browser(site, "temaer")
        log(f"   ours: {r['build_s']} s, {r['build_peak_mb']} MB, page median {r['entry_page']['median_kb']} KB, "
            f"query {r['search']}")
        if n == min(sizes):
            shutil.rmtree(project / ".pdfcache", ignore_errors=True)
            t_pdf, _, err = build_ours(project, pdf=True)
            m = re.search(r"PDF'er: (\d+) lavet, (\d+) uændrede fra cachen \(([\d.]+) s\)", err)
            made, secs = int(m.group(1)), float(m.group(3))
            t_again, _, err2 = build_ours(project, pdf=True)
            m2 = re.search(r"PDF'er: (\d+) lavet, (\d+) uændrede fra cachen \(([\d.]+) s\)", err2)
            r["pdf"] = {"documents": made, "all_from_scratch_s": secs, "per_document_s": round(secs / max(made, 1), 3),
                        "no_change_rebuild_pdf_s": float(m2.group(3)), "no_change_regenerated": int(m2.group(1))}
            log(f"   pdf: {r['pdf']}")
        if n == 1000 and not args.quick:
            r["serve_save_to_page_s"] = serve_turnaround(project)
            log(f"   serve: {r['serve_save_to_page_s']} s")
        if n <= 1000 and not args.quick:
            peer = peer_project(n, WORK / f"peerfull-{n}", full_nav=True)
            t, mb, _ = timed([PY, "-m", "mkdocs", "build", "-q", "-f", str(peer / "mkdocs.yml")], peer)
            r["peer_full_nav_s"] = round(t, 2)
            r["peer_full_nav_page"] = page_sizes(peer / "site", "indsatser/*/index.html")
        log(f"   peer: {r['peer_two_entry_nav_s']} s")
    results["backlinks"] = backlink_growth(args.backlinks)
    log(f"   back-links: {results['backlinks']}")
    results["first_build_pdfs"] = first_build_with_pdfs(300)
    log(f"   first build with PDFs: {results['first_build_pdfs']}")
    results["small_site"] = small_site(300)
    log(f"   small site: {results['small_site']}")
    results["search_set"] = search_set(WORK)
    log(f"   search set: {results['search_set']}")
    biggest = str(max(sizes))
    results["sizes"][biggest]["fallback_queries"] = fallback_queries(WORK / f"ours-{biggest}" / "site")
    log(f"   fallback queries: {results['sizes'][biggest]['fallback_queries']}")
    previous = None
    if raw.exists():
        previous = json.loads(raw.read_text(encoding="utf-8"))
    if previous and previous.get("national"):  # the national-size runs (on request) stay, with their dates
        results["national"] = previous["national"]
    raw.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (ROOT / "bench" / "RESULTS.md").write_text(report(results, previous), encoding="utf-8")
    if results.get("national"):
        write_national(results)
    log("Skrev bench/RESULTS.md og bench/results.json")


EXTRA_LINES = ("Back-links:", "First build of", "Small site:", "Search set")


def backlinks_line(b: dict) -> str:
    return (f"Back-links: the page of '{b['entry']}' is {b['alone_kb']} KB alone and {b['referred_kb']} KB when "
            f"{b['referring']} other entries refer to it ({b['change_pct']:+.1f} %; target within ±10 %)"
            + (f" — measured by `{b['command']}`" if b.get("command") else "") + ".")


def report(res, prev) -> str:
    S = res["sizes"]
    ns = sorted(S, key=int)
    def row(label, fn, unit=""):
        cells = []
        for n in ns:
            try:
                v = fn(S[n])
            except (KeyError, TypeError):
                v = None
            old = None
            if prev and n in prev.get("sizes", {}):
                try:
                    old = fn(prev["sizes"][n])
                except (KeyError, TypeError):
                    old = None
            cell = "—" if v is None else f"{v}{unit}"
            if v is not None and old not in (None, v) and isinstance(v, (int, float)):
                cell += f" (før {old}{unit})"
            cells.append(cell)
        return f"| {label} | " + " | ".join(cells) + " |"
    lines = [
        "# Benchmark results", "",
        f"Command: `{res['command']}` · date {res['date']} · machine: {res['machine']['cpus']} CPUs, "
        f"Python {res['machine']['python']}, {res['machine']['platform']}.", "",
        "Synthetic initiatives are made by varying the six real ones (ids, titles, owners, facet values). Our builds",
        "run without PDFs (KATALOG_PDF=0) and include the Pagefind index unless stated. Peers are plain Material",
        "builds of the same entries as Markdown pages, with Material's own search plugin unless stated. Every build",
        f"ran {RUNS} times, ours and the peer's taking turns; the fastest run is reported (timings on this machine",
        "vary by up to ±20 % from run to run; every run is in results.json).", "",
        "| measure | " + " | ".join(f"N = {n}" for n in ns) + " |",
        "|---|" + "---|" * len(ns),
        row("our build, s (incl. the search index, written from scratch; unchanged pages' records from .cache/search)",
            lambda r: r["build_s"]),
        row("our rebuild, s (the same, again)", lambda r: r.get("rebuild_s", "—")),
        row("our first build, s (every page read for the index: .cache/search empty)", lambda r: r["build_cold_s"]),
        row("… its CPU time (all processes), median s", lambda r: r["build_cold_cpu_s"]),
        row("… all its processes together (PSS), MB", lambda r: r["build_cold_tree_pss_mb"]),
        row("our build without the search index, s", lambda r: r["build_without_search_index_s"]),
        row("our build peak memory, MB (largest process)", lambda r: r["build_peak_mb"]),
        row("… the largest Python process (the build or a page worker), MB", lambda r: r["build_python_mb"]),
        row("… Pagefind, MB", lambda r: r["build_pagefind_mb"]),
        row("… all the build's processes together (PSS), MB", lambda r: r["build_tree_pss_mb"]),
        row("fair peer peak memory, MB", lambda r: r["peer_two_entry_nav_mb"]),
        row("our build CPU time (all processes), median s", lambda r: r["build_cpu_s"]),
        row("fair peer CPU time, median s", lambda r: r["peer_cpu_s"]),
        row("load average (1, 5, 15 min) after the size's builds", lambda r: " / ".join(map(str, r["load_average"]))),
        row("fair peer: Material, 2-entry nav + overview, s", lambda r: r["peer_two_entry_nav_s"]),
        row("fair peer without its search plugin, s", lambda r: r["peer_without_search_s"]),
        row("Material, every page in the nav, s", lambda r: r["peer_full_nav_s"]),
        row("our entry page HTML, median KB", lambda r: r["entry_page"]["median_kb"]),
        row("our entry page HTML, max KB", lambda r: r["entry_page"]["max_kb"]),
        row("our entry page HTML as sent with gzip, median KB", lambda r: r["entry_page"]["gzip_median_kb"]),
        row("fair peer entry page, median KB", lambda r: r["peer_two_entry_nav_page"]["median_kb"]),
        row("full-nav peer entry page, median KB", lambda r: r["peer_full_nav_page"]["median_kb"]),
        row("first one-word query, until results: Pagefind KB transferred", lambda r: r["search"]["first_query_kb"]),
        row("… the same files uncompressed, KB", lambda r: r["search"]["first_query_uncompressed_kb"]),
        row("… until the filter counts are shown too, KB transferred", lambda r: r["search"]["first_query_with_counts_kb"]),
        row("… the same files uncompressed, KB ", lambda r: r["search"]["first_query_with_counts_uncompressed_kb"]),
        row("Pagefind files of the first query", lambda r: ", ".join(f"{k} {v}" for k, v in r["search"]["first_query_files"].items())),
        row("first visit of the search page, all bytes, KB", lambda r: r["search"]["first_load_all_kb"]),
        row("filter change: bytes, KB", lambda r: r["search"]["filter_change_kb"]),
        row("query to results, one theme chosen, median ms", lambda r: r["search"]["query_ms_median"]),
        row("query to results, one theme chosen, max ms", lambda r: r["search"]["query_ms_max"]),
        row("query to results, no filter, median ms",
            lambda r: r["search"].get("query_nofilter_ms_median", "—")),
        row("query to results, no filter, max ms", lambda r: r["search"].get("query_nofilter_ms_max", "—")),
        row("query to results and filter counts, median ms", lambda r: r["search"]["query_counts_ms_median"]),
        row("query to results and filter counts, max ms", lambda r: r["search"]["query_counts_ms_max"]),
        row("PDF: documents", lambda r: r["pdf"]["documents"]),
        row("PDF: all from scratch, s", lambda r: r["pdf"]["all_from_scratch_s"]),
        row("PDF: per document, s", lambda r: r["pdf"]["per_document_s"]),
        row("PDF: no-change rebuild, s (documents regenerated)", lambda r: f"{r['pdf']['no_change_rebuild_pdf_s']} ({r['pdf']['no_change_regenerated']})"),
        row("scripts/serve: save to rebuilt page, s", lambda r: r["serve_save_to_page_s"]),
        "",
    ]
    big = [n for n in ns if int(n) >= 1000]
    if "1000" in S and "5000" in S:
        ratio = S["5000"]["build_s"] / S["1000"]["build_s"]
        line = f"Linearity: t(5000)/t(1000) = {ratio:.2f} from the fastest runs (target ≤ 5.5)"
        if S["5000"].get("build_runs_s") and S["1000"].get("build_runs_s"):
            med = statistics.median(S["5000"]["build_runs_s"]) / statistics.median(S["1000"]["build_runs_s"])
            line += (f"; {med:.2f} from the median runs (a ratio of two minima swings with one lucky run of the"
                     f" short build: read both)")
        lines.append(line + ".")
    if "1000" in S and "5000" in S and S["5000"].get("build_python_mb"):
        a, b = S["1000"], S["5000"]
        slope = lambda k: (b[k] - a[k]) / 4000  # noqa: E731
        peer_mb = b["peer_two_entry_nav_mb"]
        lines.append(f"Memory (issue 31; targets at 5,000: ≤ 1.5× the fair peer's peak, slope 1,000→5,000 ≤ 0.15 MB "
                     f"per entry): largest process {b['build_peak_mb']} MB = {b['build_peak_mb'] / peer_mb:.2f}× the "
                     f"peer's {peer_mb} MB, slope {slope('build_peak_mb'):.3f} MB/entry (peer "
                     f"{slope('peer_two_entry_nav_mb'):.3f}); the Python build alone {b['build_python_mb']} MB = "
                     f"{b['build_python_mb'] / peer_mb:.2f}×, slope {slope('build_python_mb'):.3f}; "
                     f"Pagefind {b['build_pagefind_mb']} MB, slope {slope('build_pagefind_mb'):.3f}"
                     + (f"; all the build's processes together (PSS, the measure that counts on a runner) "
                        f"{b['build_tree_pss_mb']} MB = {b['build_tree_pss_mb'] / b['peer_tree_pss_mb']:.2f}× the "
                        f"peer's {b['peer_tree_pss_mb']} MB, slope {slope('build_tree_pss_mb'):.3f}; at 1,000 "
                        f"{a['build_tree_pss_mb']} MB = {a['build_tree_pss_mb'] / a['peer_tree_pss_mb']:.2f}× the "
                        f"peer's {a['peer_tree_pss_mb']} MB"
                        if b.get("build_tree_pss_mb") and b.get("peer_tree_pss_mb") and a.get("build_tree_pss_mb")
                        and a.get("peer_tree_pss_mb") else "") + ".")
    if "1000" in S and "5000" in S and S["5000"].get("peer_two_entry_nav_s"):
        lines.append("Time (issue 31; target at 5,000 ≤ 0.75× the fair peer, issue 28 ≤ 1×): ours / the fair peer, "
                     "fastest runs, " + ", ".join(
                         f"{int(n):,}: {S[n]['build_s'] / S[n]['peer_two_entry_nav_s']:.2f}×" for n in S
                         if S[n].get("build_s") and S[n].get("peer_two_entry_nav_s")) +
                     "; a first build (every page read for the index), " + ", ".join(
                         f"{int(n):,}: {S[n]['build_cold_s'] / S[n]['peer_two_entry_nav_s']:.2f}×" for n in S
                         if S[n].get("build_cold_s") and S[n].get("peer_two_entry_nav_s")) + ".")
    if "5000" in S:
        r = S["5000"]
        lines.append(f"At 5,000: our build {r['build_s']} s with its search index vs the fair peer "
                     f"{r['peer_two_entry_nav_s']} s with its search index (target: ours ≤ peer); without either "
                     f"search index {r['build_without_search_index_s']} s vs {r.get('peer_without_search_s', '—')} s. "
                     f"First query {r['search']['first_query_kb']} KB transferred, "
                     f"{r['search']['first_query_uncompressed_kb']} KB uncompressed (target ≤ 250); "
                     f"results in {r['search']['query_ms_median']} ms median with one theme chosen (target ≤ 100), "
                     f"{r['search'].get('query_nofilter_ms_median', '—')} ms with no filter.")
    if res.get("backlinks"):
        lines.append(backlinks_line(res["backlinks"]))
    if res.get("first_build_pdfs"):
        f = res["first_build_pdfs"]
        lines.append(f"First build of a fresh {f['entries']}-initiative fork with a cold PDF cache: "
                     f"{f['first_build_s']} s with its {f['pdfs']} PDFs and the search index, on {f['workers']} CPUs "
                     f"(target ≤ 45 s); the same site without PDFs {f['site_without_pdfs_s']} s. PDF time per "
                     f"document (no search index beside it): {f['one_worker']['per_document_s']} s with one worker "
                     f"process, {f['all_workers']['per_document_s']} s with {f['workers']} (throughput "
                     f"×{f['throughput_ratio']}; target ≥ 1.7).")
    if res.get("small_site"):
        m = res["small_site"]
        lines.append(f"Small site: {m['entries']} entries without PDFs, `scripts/build` (the check inside the build) "
                     f"{m['ours_s']} s wall / {m['ours_cpu_s']} s CPU against plain Material {m['peer_s']} s / "
                     f"{m['peer_cpu_s']} s (medians of {m['runs']} interleaved runs; target ≤ Material's time; load "
                     f"average {' / '.join(map(str, m['load_average']))}).")
    if res.get("search_set"):
        q = res["search_set"]
        lines.append(f"Search set (tests/test_search_queries.py, embedded content): {q['expected_in_first_three']} of "
                     f"{q['queries']} staff queries put an expected entry in the first three; {q['generated_found']} of "
                     f"{q['generated']} generated queries (title words plus a word found nowhere) find their entry.")
    big = [n for n in ns if S[n].get("fallback_queries")]
    if big:
        fq = S[big[-1]]["fallback_queries"]
        lines.append(f"Fallback queries at {int(big[-1]):,} entries, cold, Pagefind bytes with counts / ms to results: "
                     + "; ".join(f"`{v['query']}` {v['kb_with_counts']} KB / {v['ms_cold']} ms" for v in fq.values())
                     + ".")
    lines += ["", "Bytes transferred are as a static host with gzip (GitHub Pages, Netlify, nginx) sends them: the bench",
              "server compresses HTML, JS, CSS and JSON; Pagefind's index files are gzip files already and are sent as",
              "they are. \"Uncompressed\" is the same files' size on disk. Raw numbers: bench/results.json (the next",
              "run compares against it).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
