"""Discovery: facet pages for every value in use, paginated listings, related entries, and the faceted search in a
real browser (query plus two filters, counts, state in the URL, back button)."""
from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest
from conftest import ENV, build, make_project
from catalogue.render.renderer import Renderer


def test_a_facet_page_for_every_value_in_use(built_site, catalogue):
    used = {(v, x) for e in catalogue.entries.values() for v, xs in (e.facets or {}).items() for x in xs}
    used |= {("organisationer", e.owner) for e in catalogue.entries.values()}
    for vocab, value in used:
        page = built_site / "facetter" / vocab / value / "index.html"
        assert page.is_file(), (vocab, value)
        html = page.read_text(encoding="utf-8")
        want = {e.id for e in catalogue.entries.values()
                if value in (e.facets or {}).get(vocab, []) or (vocab == "organisationer" and e.owner == value)}
        assert html.count('class="ik-card"') == len(want), (vocab, value)
    index = (built_site / "facetter/index.html").read_text(encoding="utf-8")
    assert index.count('</a> <span class="ik-count">') == len(used)
    # an entry's facet labels link to those pages
    page = (built_site / "indsatser/dialogisk-laesning/index.html").read_text(encoding="utf-8")
    assert 'href="../../facetter/sektorer/dagtilbud/">Dagtilbud</a>' in page


def test_related_entries_explicit_first_then_shared_facets(catalogue):
    r = Renderer(catalogue)
    entry = catalogue.entries["dialogisk-laesning"]
    related = r.facets.related(entry)
    assert [e.id for e in related[:len(entry.related)]] == entry.related
    assert entry not in related and len(related) == 6
    shared = lambda e: len({(v, x) for v, xs in e.facets.items() for x in xs} &
                           {(v, x) for v, xs in entry.facets.items() for x in xs if v != "organisationer"})
    rest = related[len(entry.related):]
    assert [shared(e) for e in rest] == sorted((shared(e) for e in rest), reverse=True)


def test_listings_paginate(tmp_path):
    project = make_project(tmp_path / "p")
    src = (project / "content/indsatser/omsorgsgrebet.yml").read_text(encoding="utf-8")
    for i in range(55):
        (project / f"content/indsatser/kopi-{i:02d}.yml").write_text(
            src.replace("id: omsorgsgrebet", f"id: kopi-{i:02d}").replace("titel: Omsorgsgrebet", f"titel: Kopi {i:02d}"),
            encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    first = (project / "site/indsatser/index.html").read_text(encoding="utf-8")
    second = (project / "site/indsatser/side-2/index.html").read_text(encoding="utf-8")
    assert first.count('class="ik-card"') == 48 and second.count('class="ik-card"') == 61 - 48
    assert "61 poster" in first and '<a href="side-2/" rel="next">Næste</a>' in first
    assert '<a href="../" rel="prev">Forrige</a>' in second and 'aria-current="page" href="./">2</a>' in second
    facet = project / "site/facetter/sektorer/dagtilbud"
    assert (facet / "side-2/index.html").is_file()


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    return browser, site_url


def results(page) -> list[str]:
    return [a.get_attribute("href").rstrip("/").split("/")[-1] for a in page.locator(".ik-search-result a").all()]


def ready(page, before=None):
    """Results and filter counts of a new query are on the page."""
    page.wait_for_function("b => { const r = document.querySelector('[data-ik-search]');"
                           " return r && r.dataset.facetsReady && r.dataset.facetsReady === r.dataset.ready"
                           " && r.dataset.ready !== b; }", arg=before)
    return page.get_attribute("[data-ik-search]", "data-ready")


def test_query_plus_two_filters_gives_the_right_entries_and_counts(search_page, catalogue):
    browser, url = search_page
    page = browser.new_page()
    # all dagtilbud initiatives, filtered in the browser by type and sector, with a word from their text
    want = {e.id for e in catalogue.of_kind("initiative") if "dagtilbud" in e.facets.get("sektorer", [])}
    assert len(want) >= 3
    page.goto(url + "soeg/?f=type%3AIndsats&f=sektorer%3ADagtilbud")
    ready(page)
    page.locator(".ik-search-more").evaluate("b => b.hidden || b.click()")
    page.wait_for_function("document.querySelector('.ik-search-more').hidden")  # all results shown (showMore)
    assert set(results(page)) == want
    status = page.inner_text(".ik-search-status")
    assert status == f"{len(want)} resultater"
    # the counts next to each value are the numbers of results that have it
    label = page.locator("label", has_text=re.compile(r"^0-2 år \(\d+\)$"))
    n = int(re.search(r"\((\d+)\)", label.inner_text()).group(1))
    assert n == sum("0-2-aar" in catalogue.entries[i].facets.get("aldersgrupper", []) for i in want)
    # now a word as well
    before = page.get_attribute("[data-ik-search]", "data-ready")
    page.fill("#ik-q", "læsning")
    page.press("#ik-q", "Enter")
    ready(page, before)
    got = results(page)
    assert got and set(got) <= want and "dialogisk-laesning" in got
    assert "q=l%C3%A6sning" in page.url and page.url.count("f=") == 2
    page.close()


def test_the_url_restores_the_state_and_back_works(search_page):
    browser, url = search_page
    page = browser.new_page()
    page.goto(url + "soeg/?q=" + quote("samarbejde"))
    first = ready(page)
    before_results = results(page)
    box = page.locator(".ik-search-facets input[name='type'][value='Arbejdsark']")
    box.check()
    ready(page, first)
    assert "f=type%3AArbejdsark" in page.url
    filtered = results(page)
    assert filtered and set(filtered) < set(before_results) | set(filtered)
    shared = page.url
    # a fresh visit of the shared URL restores query, filter and results
    other = browser.new_page()
    other.goto(shared)
    ready(other)
    assert other.input_value("#ik-q") == "samarbejde"
    assert other.locator(".ik-search-facets input[name='type'][value='Arbejdsark']").is_checked()
    assert results(other) == filtered
    other.close()
    # the back button goes to the state before the filter
    state = page.get_attribute("[data-ik-search]", "data-ready")
    page.go_back()
    ready(page, state)
    assert "f=" not in page.url and results(page) == before_results
    assert not page.locator(".ik-search-facets input[name='type'][value='Arbejdsark']").is_checked()
    page.close()


def test_the_catalogues_own_remarks_are_not_searched(search_page, catalogue):
    """The quality panel's explanation ("... efter Socialstyrelsens Vidensportal og NJi's kriterier") is on every
    initiative page but is not its text: "Vidensportal" finds only the entries whose own text has the word."""
    from catalogue.model.schema import walk_texts
    want = sorted(e.id for e in catalogue.entries.values()
                  if any("vidensportal" in v.lower() for _, v in walk_texts(e)))
    assert want  # elevfravaer cites the Vidensportal
    browser, url = search_page
    page = browser.new_page()
    page.goto(url + "soeg/?q=" + quote("Vidensportal"))
    ready(page)
    assert sorted(results(page)) == want
    page.close()


@pytest.mark.parametrize("crafted", ["__proto__:x", "constructor:x", "toString:x", "hasOwnProperty:x", "__proto__",
                                     "type:__proto__"])
def test_a_crafted_filter_in_the_url_shows_results_or_a_message(search_page, crafted):
    """Issue 26: filter values from the URL were looked up in plain objects, so '?f=__proto__:x' threw inside the
    search and the page stayed on "Søger …"; within 2 s there are results or a message, and no script error."""
    browser, url = search_page
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + "soeg/?f=" + quote(crafted) + "&sort=" + quote("__proto__:asc"))
    page.wait_for_function("() => { const r = document.querySelector('[data-ik-search]'); return r && r.dataset.ready; }",
                           timeout=2000)
    status = page.inner_text(".ik-search-status")
    assert status and "Søger" not in status, status
    # a filter is chosen, so the message says so (issue 28: filter advice only with a filter)
    assert results(page) or status.startswith("Ingen poster med de valgte filtre"), status
    assert not errors, errors
    page.close()
