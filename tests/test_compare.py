"""Issue 28, points 3 and 4 in Debian's Chromium (1280 and 390 px) and in the built HTML: every initiative card
says its documentation level with its place on the scale; an initiative's head has the key-facts block; the
compare page shows three initiatives side by side (on a phone each cell names its entry), round-trips its choice
through the URL (and nothing else: no cookie, no storage), sorts the table by a column, prints on A4 landscape,
passes axe; and without JavaScript /sammenlign/ is a complete plain table of every initiative."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from browserkit import PageKind, axe_violations, describe_violations, open_page

VIEWPORTS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
CHOSEN = ["elevfravaer", "robusthed", "omsorgsgrebet"]
COLUMNS = 15  # the choose box, the title and 13 columns (views.COMPARE_COLUMNS)


@pytest.fixture
def page_at(browser, site_url):
    contexts = []

    def open_at(path: str, width: str, ready: str | None = None):
        context = browser.new_context(viewport=VIEWPORTS[width], service_workers="block")
        contexts.append(context)
        page = context.new_page()
        open_page(page, site_url, PageKind(path, path, ready=ready))
        return page
    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_cards_show_the_level_and_the_initiative_its_key_facts(page_at, width):
    page = page_at("indsatser/", width)
    cards = page.locator(".ik-card")
    assert cards.count() >= 6
    levels = page.locator(".ik-card .ik-card-level dd").all_inner_texts()
    assert len(levels) == cards.count(), levels
    assert "Evalueret — 2. bedste af 3" in levels and "Ikke vurderet" in levels
    assert page.locator(".ik-card-compare .ik-choose-box input").first.is_visible()  # ik-choose.js: a box to tick

    page = page_at("indsatser/elevfravaer/", width)
    facts = page.locator(".ik-key-facts")
    assert facts.count() == 1 and facts.is_visible()
    text = facts.inner_text()
    for expected in ("Evalueret — 2. bedste af 3", "Endnu ingen målbare resultater", "Ikke oplyst i kilden",
                     "Frederiksberg Kommune", "Kontakt: ikke oplyst i kilden", "2026-11-27"):
        assert expected in text, (expected, text)
    # at the head: above the overview, and "Derfor!" carries the results' status
    assert facts.bounding_box()["y"] < page.locator(".ik-overview").bounding_box()["y"]
    assert "Endnu ingen målbare resultater" in page.locator(".ik-overview-therefore").inner_text()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_compare_three_side_by_side_round_trip_sort_and_print(page_at, width, site_url):
    page = page_at("sammenlign/?poster=" + ",".join(CHOSEN), width, ready="[data-ik-compare][data-ready]")
    side = page.locator(".ik-compare-side")
    assert side.is_visible()
    names = [n.strip() for n in side.locator("thead th").all_inner_texts()[1:]]
    titles = [page.locator(f'tr[data-entry-id="{i}"] th[data-col="title"]').inner_text().strip() for i in CHOSEN]
    assert names == titles
    rows = side.locator("tbody tr")
    assert rows.count() == COLUMNS - 2
    assert "Evalueret — 2. bedste af 3" in side.locator('tr[data-col="level"]').inner_text()
    assert page.locator("input[name=poster]:checked").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[width]["width"]
    names_shown = side.locator(".ik-compare-name").first.is_visible()
    if width == "390":  # on a phone each cell names its entry, the cells stacked
        assert names_shown
        box = side.locator('tr[data-col="level"] td').nth(2).bounding_box()
        assert box["x"] + box["width"] <= 390
    else:  # three columns side by side
        assert not names_shown
        xs = [side.locator('tr[data-col="level"] td').nth(i).bounding_box()["x"] for i in range(3)]
        assert xs[0] < xs[1] < xs[2]
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)

    # the choice lives in the URL: untick one, tick another, reload — the same three come back
    page.locator('input[value="robusthed"]').uncheck()
    page.wait_for_function("!location.search.includes('robusthed')")
    assert page.url.endswith("?poster=elevfravaer,omsorgsgrebet")
    page.locator('input[value="dialogisk-laesning"]').check()
    page.wait_for_function("location.search.endsWith('dialogisk-laesning')")
    page.reload(wait_until="load")
    page.wait_for_selector("[data-ik-compare][data-ready]", state="attached")
    assert page.locator("[data-ik-compare]").get_attribute("data-chosen") == \
        "elevfravaer,omsorgsgrebet,dialogisk-laesning"
    assert page.context.cookies() == [] and page.evaluate("localStorage.length + sessionStorage.length") == 0

    # sort the table by the documentation level: assessed first, best first; again: reversed
    button = page.locator('thead th[data-col="level"] button')
    button.click()
    assert page.locator('thead th[data-col="level"]').get_attribute("aria-sort") == "ascending"
    keys = [int(k) for k in page.locator('tbody td[data-col="level"]').evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert keys == sorted(keys) and keys[0] < keys[-1]
    button.click()
    keys = [int(k) for k in page.locator('tbody td[data-col="level"]').evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert keys == sorted(keys, reverse=True)
    page.locator('thead th[data-col="title"] button').click()
    titles = page.locator('tbody th[data-col="title"]').all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)

    if width == "1280":  # print: the chosen view alone, on A4 landscape
        page.emulate_media(media="print")
        assert page.locator(".ik-compare-side").is_visible()
        assert not page.locator(".ik-compare-table").is_visible()
        from pypdf import PdfReader
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)


CHOOSE_READY = "[data-ik-choose][data-ready]"


@pytest.mark.parametrize("width", VIEWPORTS)
def test_choose_several_from_the_cards_and_from_search(page_at, width):
    """Issue 28, point 4: several initiatives are chosen from their cards — on a listing and among search results —
    the choice only in the page's URL (kept by a reload, carried by the pager's links), at most four, and the bar at
    the bottom of the window goes to the compare page with them; focus is never hidden under the bar."""
    page = page_at("indsatser/", width, ready=CHOOSE_READY)
    bar = page.locator(".ik-choose-bar")
    assert not bar.is_visible() and page.locator(".ik-choose-status").inner_text() == ""
    # a listing's pager (the embedded content's listings have one page; the script rewrites whatever pager is there)
    page.evaluate("""() => { const nav = document.createElement('nav'); nav.className = 'ik-pager';
        nav.innerHTML = '<a href="side-2/">2</a>'; document.querySelector('.ik-cards').after(nav); }""")
    box = page.locator(".ik-choose-box input")
    box.and_(page.locator('[value="elevfravaer"]')).check()
    assert page.locator(".ik-choose-status").inner_text() == "1 valgt til sammenligning. Vælg mindst én mere."
    box.and_(page.locator('[value="robusthed"]')).check()
    assert page.url.endswith("/indsatser/?poster=elevfravaer,robusthed")
    assert page.locator(".ik-choose-status").inner_text() == "2 valgt til sammenligning."
    assert bar.is_visible() and bar.bounding_box()["y"] + bar.bounding_box()["height"] <= VIEWPORTS[width]["height"]
    assert page.locator(".ik-pager a").get_attribute("href").endswith("/indsatser/side-2/?poster=elevfravaer,robusthed")
    for entry_id in ("omsorgsgrebet", "dialogisk-laesning"):
        box.and_(page.locator(f'[value="{entry_id}"]')).check()
    fifth = box.and_(page.locator('[value="tryghed-i-overgangen"]'))
    fifth.click()
    assert not fifth.is_checked() and page.locator(".ik-choose-status").inner_text() == "Vælg højst 4 indsatser."
    assert page.url.endswith("?poster=elevfravaer,robusthed,omsorgsgrebet,dialogisk-laesning")
    page.reload(wait_until="load")
    page.wait_for_selector(CHOOSE_READY, state="attached")
    assert sorted(page.locator(".ik-choose-box input:checked").evaluate_all("bs => bs.map(b => b.value)")) == \
        ["dialogisk-laesning", "elevfravaer", "omsorgsgrebet", "robusthed"]
    assert page.context.cookies() == [] and page.evaluate("localStorage.length + sessionStorage.length") == 0
    if width == "1280":  # the bar hides no focused element, and the page passes axe with it shown
        from browserkit import OBSCURED
        page.evaluate("scrollTo(0, 0)")
        for _ in range(60):
            page.keyboard.press("Tab")
            stop = page.evaluate(OBSCURED)
            if stop is None or stop["count"] > 1:
                break
            assert "ik-choose" not in stop["covers"] and not stop["hidden"], stop
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    page.locator(".ik-choose-clear").click()
    assert page.url.endswith("/indsatser/") and not bar.is_visible()
    assert page.locator(".ik-choose-status").inner_text() == "Valget er ryddet."

    # among search results: the level on each initiative, a box to tick; the query stays in the URL beside the choice
    page = page_at("soeg/?q=fravær&poster=robusthed", width, ready="[data-ik-search][data-ready]")
    result = page.locator(".ik-search-result").filter(has_text="elevfravær").first
    assert result.locator(".ik-card-level dd").inner_text() == "Evalueret — 2. bedste af 3"
    facts = result.locator(".ik-card-facts").inner_text()
    assert "Alder6-12 år, 13-17 år" in facts and "SektorSkole, PPR" in facts, facts  # dt and dd, as on a card
    result.locator(".ik-choose-box input").check()
    page.wait_for_function("location.search.includes('elevfravaer')")
    assert "q=frav%C3%A6r" in page.url and page.url.endswith("poster=robusthed,elevfravaer")
    assert page.locator("[data-ik-search]").get_attribute("data-ready") == "1"  # ticking a box is no new search
    page.locator(".ik-choose-go").click()
    page.wait_for_selector("[data-ik-compare][data-ready]", state="attached")
    assert page.url.endswith("/sammenlign/?poster=robusthed,elevfravaer")
    assert page.locator("[data-ik-compare]").get_attribute("data-chosen") == "robusthed,elevfravaer"


class _Table(HTMLParser):
    """The compare table's rows as {entry id: [cell texts]}."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.row: str | None = None
        self.cell: list[str] | None = None
        self.in_table = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "data-ik-compare-table" in a:
            self.in_table = True
        elif self.in_table and tag == "tr" and a.get("data-entry-id"):
            self.row = a["data-entry-id"]
            self.rows[self.row] = []
        elif self.row and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "input":
            self.cell.append(f"[{a.get('type')}:{a.get('value')}]")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row and self.cell is not None:
            self.rows[self.row].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.row = None
        elif tag == "table":
            self.in_table = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def test_without_javascript_the_table_holds_every_initiative_and_every_column(built_site, catalogue):
    html = (built_site / "sammenlign" / "index.html").read_text(encoding="utf-8")
    table = _Table()
    table.feed(html)
    initiatives = {e.id for e in catalogue.of_kind("initiative")}
    assert set(table.rows) == initiatives
    for entry_id, cells in table.rows.items():
        assert len(cells) == COLUMNS, (entry_id, cells)
        assert all(cells[1:]), (entry_id, cells)
        entry = catalogue.entries[entry_id]
        assert cells[0] == f"[checkbox:{entry_id}]" and cells[1] == entry.title
    assert "Ikke vurderet" in table.rows["omsorgsgrebet"] and "Pædagogisk personale, Ledere" in \
        table.rows["omsorgsgrebet"]
    assert re.search(r'<form class="ik-compare-form" action="./" method="get"', html)
    # the cards link to it (without JavaScript: a link that chooses one; ik-choose.js makes it a box to tick)
    listing = (built_site / "indsatser" / "index.html").read_text(encoding="utf-8")
    assert 'href="../sammenlign/?poster=elevfravaer"' in listing
    assert 'data-ik-choose' in listing and '<script type="module" src="../assets/ik-choose.js"></script>' in listing
    assert 'data-ik-choose' not in (built_site / "drejeboeger" / "index.html").read_text(encoding="utf-8")


def test_the_one_page_pdf_carries_the_key_facts(built_site):
    import subprocess
    pdf = built_site / "indsatser" / "elevfravaer" / "elevfravaer.pdf"
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    for expected in ("Dokumentation af effekt", "Evalueret — 2. bedste af 3", "Endnu ingen målbare resultater",
                     "Økonomi og ressourcer", "Kontakt: ikke oplyst i kilden", "Sidst gennemgået", "2026-11-27"):
        assert expected in text, expected
