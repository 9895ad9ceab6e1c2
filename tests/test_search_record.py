"""The search index is written by the engine in Pagefind's format (outputs/search_record.py reads a page as
Pagefind does, outputs/pagefind_bundle.py writes the files). Pagefind's own indexer is the reference: given the
same pages, both indexes hold the same fragments, words, variants, positions, weights, metadata positions,
filters and sort orders."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from pagefind_read import contents

# words whose reading was found by asking Pagefind 1.5.2 (compounds, capitals, digits, diacritics, entities)
HARD = ("Varighed2 Varighed22 varighed2x. PapirformatA4 PapirformatAB4 abcA4x abc2Def. ABC2 A4B ab2 a2b Abc12de "
        "Ord2026. gennemgået2026-11-27. X1Y2 iPhone12 BaBy HTMLParser ABCdef abcDEFgh MEDudvalg 3Reager. 12ab "
        "covid19. COVID-19 A4-ark e2e K2K ÆbleÆg Ærø2 ÅbenÅ SoS CoS-certificeringen B&amp;U-chefen, 4.b’s "
        "bl.a. f.eks. ph.d.-afhandling &lt;script&gt; Hoved-MEDudvalg, år året åben succes")


def _page(lang: str, body: str, title: str = "Side") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{body}</body></html>")


HARD_PAGES = {
    "a/": _page("da", f'<div data-pagefind-body><h1>Hårde ord</h1><p>{HARD}</p>'
                      '<div hidden data-pagefind-ignore><span data-pagefind-filter="tema">Fravær</span>'
                      '<span data-pagefind-sort="nr:10"></span><span data-pagefind-meta="level">Evalueret — 2.</span>'
                      '</div><div hidden data-pagefind-weight="6">skolevægring, pjæk</div>'
                      '<h2 id="del-1">Første <em>del</em></h2><ul><li>Et punkt</li><li>To<br>linjer</li></ul>'
                      '<dl><dt>Ejer</dt><dd>Aarhus</dd></dl><script>if (a < b) { x = "</div>" }</script>'
                      '<nav>menu ord</nav><div data-pagefind-ignore="all"><span data-pagefind-filter="tema">Skjult'
                      '</span>væk</div><p data-pagefind-meta="summary">Et resumé med år og åben dør.</p>'
                      '<h3 id="sidste">Sidste</h3><table><tr><th>A</th><td>celle</td></tr></table></div>'),
    "b/": _page("da", '<p>uden krop</p><div data-pagefind-body><p data-pagefind-filter="tema">Skole</p>'
                      '<span data-pagefind-sort="nr:9"></span><img src="x.png" alt="">tekst 🌦️ efter</div>',
                title="B &amp; C"),
}


def _pagefind(site, out):
    result = subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--output-path", str(out),
                             "--quiet"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return contents(out)


def _ours(pages: dict, out, cache):
    """The index this engine writes of pages ({url: html}), by the build's functions, in URL order."""
    from catalogue.outputs import pagefind_bundle as pb
    from catalogue.outputs.search_record import read
    fragments = out.parent / (out.name + "-fragments")
    bundles: dict = {}
    sorts = {}
    for url in sorted(pages):
        record = read(pages[url], "/" + url)
        bundle = bundles.setdefault(record.language, pb.Bundle(record.language))
        bundle.add(pb.write_fragment(record, fragments), record.word_count, pb.page_entry(record), record.filters,
                   record.sort, record.meta)
        sorts["/" + url] = record.sort
    (lang, bundle), = bundles.items()
    meta = bundle.write(out, fragments)
    folder, wasm = pb.assets(lang, cache)
    pb.copy_assets(folder, out)
    pb.write_entry(out, {lang: (meta, wasm, len(bundle.pages))})
    return contents(out), sorts


def _same(theirs: dict, ours: dict, sort_values: dict) -> None:
    for part in ("entry", "version", "fields", "filters"):
        assert ours[part] == theirs[part], part
    assert ours["fragments"].keys() == theirs["fragments"].keys()
    for url, fragment in theirs["fragments"].items():
        assert ours["fragments"][url] == fragment, url
    assert ours["words"].keys() == theirs["words"].keys(), set(ours["words"]) ^ set(theirs["words"])
    for key, found in theirs["words"].items():
        assert ours["words"][key] == found, key
    # pages with the same value may come in another order (Pagefind numbers pages as it finds them)
    assert ours["sorts"].keys() == theirs["sorts"].keys()
    for key, order in theirs["sorts"].items():
        assert sorted(ours["sorts"][key]) == sorted(order), key
        assert [sort_values[u][key] for u in ours["sorts"][key]] == [sort_values[u][key] for u in order], key


def _both_ways(pages: dict, tmp_path) -> dict:
    """Index pages ({url: html}) with Pagefind and with this engine; assert both hold the same; ours."""
    site = tmp_path / "site"
    for url, html in pages.items():
        (site / url).mkdir(parents=True)
        (site / url / "index.html").write_text(html, encoding="utf-8")
    theirs = _pagefind(site, tmp_path / "theirs")
    ours, sort_values = _ours(pages, tmp_path / "ours", tmp_path / "cache")
    _same(theirs, ours, sort_values)
    return ours


def test_hard_words_are_read_as_pagefind_reads_them(tmp_path):
    ours = _both_ways(HARD_PAGES, tmp_path)
    # what the cases are: a compound's parts under a share of its weight, digits and capitals split, diacritics
    words = ours["words"]
    assert "papirformat" in words and "a4" not in words  # PapirformatA4: "a" and "4" are too short
    assert words["aben"]["åben"] and "" not in words.get("aben", {})  # å folded; the word kept as its variant
    assert "suc" in words  # Pagefind's Danish stemmer undoubles "succ"
    (url_a,) = [u for u in ours["fragments"] if u.startswith("/a/")]
    fragment = ours["fragments"][url_a]
    assert fragment["filters"] == {"tema": ["Fravær"]}  # the ignored block's value; the excluded one's not
    assert fragment["meta"]["title"] == "Hårde ord" and fragment["meta"]["level"] == "Evalueret — 2."
    assert [a["id"] for a in fragment["anchors"]] == ["del-1", "sidste"]
    assert "<script>" in fragment["content"] and "menu" not in fragment["content"] and "væk" not in fragment["content"]
    assert words["skolevægring"][""][url_a][0][0][0] == 6 * 24  # data-pagefind-weight="6"


@pytest.fixture(scope="module")
def entry_pages(built_site):
    """The embedded content's entry pages (of the project the session built): the build, and for each page's URL
    its title, body, language and search copy (Renderer.search_copy, which Pagefind would read)."""
    from catalogue.site.build import SiteBuild
    build = SiteBuild.load(built_site.parent)
    build.prepare()
    pages = {}
    lang = build.settings.language
    for page in build.pages:
        if page.searchable:
            body = build.render(page).body
            pages[page.url] = (page.title, body, lang, build.renderer.search_copy(page.title, body, lang))
    assert len(pages) > 15
    return build, pages


@pytest.fixture(scope="module")
def copies(entry_pages):
    return {url: copy for url, (_t, _b, _l, copy) in entry_pages[1].items()}


# bodies where thinning and Pagefind's reading meet: repeated words, values kept whole, ignored blocks keeping
# only their values, an excluded block, scripts, inline elements that join words, anchors inside thinned text
THINNED = [
    '<div data-pagefind-body><h1>Skole og skole</h1><p>skole, Skole. «skole» <b>og</b> og</p>'
    '<div data-pagefind-meta="summary"><p>skole skole <em>skole</em></p></div>'
    '<span data-pagefind-filter="sektorer">Skole</span><span data-pagefind-sort="title">skole og skole</span>'
    '<br><p>og skole <i>dagtilbud</i></p><script>skole skole skole</script></div>',
    '<div data-pagefind-body><p>Skole</p><div hidden data-pagefind-ignore>tekst <span data-pagefind-filter="g">OK'
    '</span> skole <span data-pagefind-sort="title">Skole</span><b id="x">skjult</b><br></div>'
    '<details data-pagefind-ignore><summary>Indhold</summary><a href="#s">Skole</a></details>'
    '<h2 id="s">Skole <a href="#s">skole</a></h2><p>skole</p><div data-pagefind-ignore="all">'
    '<span data-pagefind-meta="x">y</span>z</div><div data-pagefind-ignore data-pagefind-filter="tema">Skole '
    'skole</div><p>a <b>b</b>b a<i>a</i> slut</p><img src="x.png" data-pagefind-meta="image[src]"></div>',
]


def test_an_entry_page_is_read_as_its_search_copy_would_be(entry_pages):
    """The build reads an entry page's body (search_record.read_copy) without making its search copy; what it
    reads is what reading the copy gives, to the position and weight."""
    from catalogue.outputs.search_record import read, read_copy
    build, pages = entry_pages
    cases = [(url, title, body, lang, copy) for url, (title, body, lang, copy) in pages.items()]
    for i, body in enumerate(THINNED):
        cases.append((f"t{i}/", "Skole &amp; <b>", body, "da", build.renderer.search_copy("Skole &amp; <b>", body, "da")))
    for url, title, body, lang, copy in cases:
        assert read_copy(title, body, lang, "/" + url) == read(copy, "/" + url), url


def test_the_index_of_the_embedded_content_is_what_pagefind_makes_of_it(copies, tmp_path, built_site):
    ours = _both_ways(copies, tmp_path)
    assert len(ours["words"]) > 2000 and len(ours["fragments"]) == len(copies)
    # the build writes that index (its pages read in the page workers, the files by the writer)
    built = contents(built_site / "pagefind")
    assert built == ours
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2" and entry["languages"]["da"]["wasm"] == "da"
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.da.pagefind", "pagefind-highlight.js"):
        assert (built_site / "pagefind" / name).is_file(), name
    assert not list(built_site.glob(".pagefind-part-*"))


def test_the_writer_version_is_the_pinned_pagefind():
    from catalogue.outputs.pagefind_bundle import FORMAT_VERSION
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    assert pins["pagefind_bin"] == FORMAT_VERSION
    assert pins["PyStemmer"] == "2.2.0.3"  # the libstemmer of Pagefind's stemmers ("succes" -> "suc")
