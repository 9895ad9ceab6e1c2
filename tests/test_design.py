"""Design (issue 19): worksheet diagrams laid out as diagrams — measured by bounding boxes in Debian's Chromium at
1280 px (side by side, one row) and 390 px (stacked, in reading order) — and printed the right way up."""
from __future__ import annotations

import re
import subprocess

import pytest

from browserkit import PageKind, open_page

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# page, the diagram's items that form one row on a wide screen
ROWS = {
    "plf-huset": ".ik-house-pillars > li",
    "vaerktoejskasse-psykologisk-tryghed": ".ik-toolbox-grid > li",
    "progressionsmodellen": ".ik-flow-stages > li",
}


def boxes(page, selector):
    return page.eval_on_selector_all(selector, "els => els.map(e => { const r = e.getBoundingClientRect(); "
                                               "return {x: r.x, y: r.y, w: r.width, h: r.height}; })")


@pytest.fixture
def open_sheet(browser, site_url):
    contexts = []

    def opener(slug, viewport):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        open_page(page, site_url, PageKind(slug, f"arbejdsark/{slug}/"))
        return page
    yield opener
    for c in contexts:
        c.close()


@pytest.mark.parametrize("slug", sorted(ROWS))
def test_a_diagrams_parts_share_a_row_when_wide_and_stack_on_a_phone(open_sheet, slug):
    wide = boxes(open_sheet(slug, WIDE), ROWS[slug])
    assert len(wide) >= 3
    assert max(b["y"] for b in wide) - min(b["y"] for b in wide) < 2  # one row
    assert all(a["x"] + a["w"] <= b["x"] + 1 for a, b in zip(wide, wide[1:]))  # left to right, no overlap
    assert all(b["w"] >= 90 for b in wide)  # not squeezed to a sliver
    narrow = boxes(open_sheet(slug, PHONE), ROWS[slug])
    assert all(a["y"] + a["h"] <= b["y"] + 1 for a, b in zip(narrow, narrow[1:]))  # one under the other, in order
    assert all(b["w"] >= 250 for b in narrow)


def test_the_roofs_text_is_not_clipped_and_the_roof_spans_the_pillars(open_sheet):
    for viewport in (WIDE, PHONE):
        page = open_sheet("plf-huset", viewport)
        clipped = page.eval_on_selector_all(".ik-house-beam, .ik-house-beam *:not(.ik-visually-hidden)", """els =>
            els.filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1).length""")
        assert clipped == 0
        [outside] = page.eval_on_selector_all(".ik-house-beam", """els => els.map(beam => {
            const b = beam.getBoundingClientRect();
            return [...beam.querySelectorAll('p')].filter(p => { const r = p.getBoundingClientRect();
                return r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1; }).length; })""")
        assert outside == 0
        [gable] = boxes(page, ".ik-house-gable")
        [beam] = boxes(page, ".ik-house-beam")
        pillars = boxes(page, ".ik-house-pillars")[0]
        assert gable["y"] + gable["h"] <= beam["y"] + 1 and abs(gable["w"] - pillars["w"]) < 2
        assert page.eval_on_selector(".ik-house-beam", "e => getComputedStyle(e).clipPath") == "none"


def test_the_matrix_is_square_with_horizontal_labels_at_its_ends(open_sheet):
    for viewport in (WIDE, PHONE):
        page = open_sheet("matrix-systematik-og-inddragelse", viewport)
        [square] = boxes(page, ".ik-matrix-square")
        assert abs(square["w"] - square["h"]) < 2 and square["w"] >= 250
        quadrants = boxes(page, ".ik-quadrant")
        assert len(quadrants) == 4 and len({round(q["x"]) for q in quadrants}) == 2 and len({round(q["y"]) for q in quadrants}) == 2
        for side in ("top", "bottom", "left", "right"):
            assert page.eval_on_selector(f".ik-axis--{side}", "e => getComputedStyle(e).writingMode") == "horizontal-tb"
        [top], [bottom] = boxes(page, ".ik-axis--top"), boxes(page, ".ik-axis--bottom")
        assert top["y"] + top["h"] <= square["y"] + 1 and bottom["y"] >= square["y"] + square["h"] - 1
        [left], [right] = boxes(page, ".ik-axis--left"), boxes(page, ".ik-axis--right")
        assert left["x"] + left["w"] <= right["x"]  # the low end on the left, the high end on the right
        # issue 30: at the horizontal axis' ends (on a phone just above it, over the square's edges), clear of the
        # arrowhead (3 % of the square's height either side of the axis)
        axis = square["y"] + square["h"] / 2
        if viewport == PHONE:
            for label in (left, right):
                assert axis - 40 < label["y"] + label["h"] <= axis - 0.03 * square["h"], (label, axis)
            assert abs(left["x"] - square["x"]) < 2 and abs(right["x"] + right["w"] - square["x"] - square["w"]) < 2
        else:  # beside the square, on the axis' line
            assert left["x"] + left["w"] <= square["x"] and right["x"] >= square["x"] + square["w"]
            assert all(label["y"] < axis < label["y"] + label["h"] for label in (left, right))
        assert page.locator(".ik-quadrant-caption").all_inner_texts()[1] == "Systematik · Inddragelse"


def words_with_boxes(pdf) -> list[tuple[str, float, float, float, float]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


def test_the_matrix_pdf_prints_its_labels_the_right_way_up(built_site):
    pdf = built_site / "arbejdsark/matrix-systematik-og-inddragelse/matrix-systematik-og-inddragelse.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for label in ("Ikke inddragelse", "Inddragelse", "Systematik", "Usystematisk"):
        assert label in text and label[::-1].lower() not in text.lower()
    words = words_with_boxes(pdf)
    for word in ("Ikke", "inddragelse", "Usystematisk"):
        x0, y0, x1, y1 = next((w[1:] for w in words if w[0] == word))
        assert x1 - x0 > y1 - y0  # wider than tall: laid horizontally, read left to right
    # the left label sits left of the right one, on the same line
    ikke = next(w for w in words if w[0] == "Ikke")
    right = [w for w in words if w[0] == "Inddragelse" and abs(w[2] - ikke[2]) < 15]
    assert right and ikke[3] < right[0][1]


def test_every_pdf_embeds_the_shipped_typeface_and_no_other(built_site):
    pdfs = sorted(built_site.rglob("*.pdf"))
    assert len(pdfs) >= 20
    for pdf in pdfs:
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        fonts = [line.split()[0] for line in out.splitlines()[2:]]
        assert fonts and all("+Atkinson-Hyperlegible-Next" in f for f in fonts), (pdf.name, fonts)
        assert all(line.split()[-5] == "yes" for line in out.splitlines()[2:])  # embedded


def test_the_site_uses_the_shipped_typeface_from_itself(browser, site_url):
    context = browser.new_context(viewport=WIDE)
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    open_page(page, site_url, PageKind("indsats", "indsatser/dialogisk-laesning/"))
    page.wait_for_function("document.fonts.status === 'loaded'")
    family = page.eval_on_selector("body", "e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Atkinson Hyperlegible Next"')
    assert page.evaluate("""() => [...document.fonts].some(f => f.family.includes('Atkinson Hyperlegible Next')
                                                               && f.status === 'loaded')""")
    fonts = [u for u in requests if u.endswith(".ttf")]
    assert fonts and all(u.startswith(site_url) for u in fonts)
    context.close()


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(head|script|style|svg)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_placeholder_setting_warns_and_is_never_printed(built_site, catalogue):
    """The embedded default's base URL and e-mail are on example.org: a warning each, and neither shows on a page
    (visible text) or in a PDF."""
    warned = {d.message for d in catalogue.report.warnings if d.path == "content/indstillinger.yml"}
    assert any("'base_url' er stadig en pladsholder" in m for m in warned)
    assert any("kontaktens e-mail er stadig en pladsholder" in m for m in warned)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        if "admin" in page.parts:
            continue
        assert "example.org" not in visible_text(page.read_text(encoding="utf-8")), page
    for pdf in built_site.rglob("*.pdf"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "example.org" not in text and b"example.org" not in pdf.read_bytes(), pdf.name


def test_a_real_address_is_printed_and_linked(tmp_path):
    from catalogue.load.loader import load
    from catalogue.outputs.pdf import print_html
    from catalogue.render.renderer import Renderer
    from conftest import make_project
    project = make_project(tmp_path / "p")
    settings = project / "content/indstillinger.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://example.org/inspirationskatalog/",
                        "https://kommune.dk/katalog/").replace("redaktion@example.org", "boern@kommune.dk"),
                        encoding="utf-8")
    cat = load(project)
    assert not [d for d in cat.report.warnings if d.path == "content/indstillinger.yml"]
    html = print_html(Renderer(cat), cat.entries["plf-huset"])
    assert "https://kommune.dk/katalog/arbejdsark/plf-huset/" in visible_text(html)


def test_the_front_page_opens_every_kind_and_labels_the_featured_entry(built_site, catalogue):
    from catalogue.model.kinds import KINDS
    page = (built_site / "index.html").read_text(encoding="utf-8")
    tiles = re.findall(r'<li class="ik-kind-tile"><a href="([^"]+)"><span class="ik-kind-tile-name">([^<]+)</span> '
                       r'<span class="ik-kind-tile-count">(\d+)</span>', page)
    expected = [(f"{k.url}/", catalogue.strings[f"kind_{k.name}_plural"], str(len(catalogue.of_kind(k.name))))
                for k in KINDS if catalogue.of_kind(k.name)]
    assert len(expected) == 5 and tiles == expected
    search = page.index('class="ik-front-search"')
    assert 'action="soeg/"' in page[search:search + 200] and search < page.index('class="ik-kind-tiles"')
    featured = catalogue.entries[catalogue.settings.featured]
    assert re.search(r'<p class="ik-featured-label">Fremhævet · Indsats</p>\s*<(section|div|aside)[^>]*>', page)
    assert featured.title in page[page.index("ik-featured-label"):]


def test_the_logo_is_named_by_the_site_name_and_the_footer_shows_only_what_is_set(built_site, catalogue):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    assert f'alt="{catalogue.settings.site_name}"' in page and 'alt="logo"' not in page
    footer = page[page.index('class="md-copyright ik-footer"'):]
    assert catalogue.settings.organisation is None and "md-copyright__highlight" not in footer[:300]
    assert "mailto:" not in footer  # the contact's e-mail is a placeholder


def open_search(browser, site_url, viewport, query):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(site_url + "soeg/?" + query)
    page.wait_for_selector("[data-ik-search][data-facets-ready]", state="attached")
    return context, page


def test_search_puts_results_first_on_a_phone_and_beside_the_filters_when_wide(browser, site_url):
    context, page = open_search(browser, site_url, PHONE, "q=l%C3%A6sning")
    first = boxes(page, ".ik-search-result")[0]
    assert first["y"] < PHONE["height"] - 60  # the first result's title is on the first screen
    assert not page.locator(".ik-search-facets").is_visible()
    page.locator(".ik-filter-toggle").click()
    assert page.locator(".ik-search-facets").is_visible()
    assert page.locator(".ik-filter-toggle").get_attribute("aria-expanded") == "true"
    context.close()
    context, page = open_search(browser, site_url, WIDE, "q=l%C3%A6sning")
    [facets], [main] = boxes(page, ".ik-search-facets"), boxes(page, ".ik-search-main")
    assert main["w"] > 2 * facets["w"] and main["x"] > facets["x"] + facets["w"]
    assert page.locator(".md-sidebar--primary").count() == 0 or not page.locator(".md-sidebar--primary").is_visible()
    marks = page.locator(".ik-search-result mark").all_inner_texts()
    assert marks and all(m.lower().startswith("læsning") for m in marks)
    context.close()


def test_search_shows_chosen_filters_as_removable_chips_and_values_in_vocabulary_order(browser, site_url, catalogue):
    context, page = open_search(browser, site_url, WIDE, "f=sektorer%3ASkole")
    chip = page.locator(".ik-chosen .ik-chip")
    assert chip.count() == 1 and chip.inner_text().startswith("Sektor: Skole")
    assert chip.get_attribute("aria-label") == "Fjern filteret Sektor: Skole"
    chip.click()
    page.wait_for_function("() => !location.search.includes('sektorer')")
    page.wait_for_selector(".ik-chosen[hidden]", state="attached")
    ages = page.locator("fieldset", has=page.locator("legend", has_text="Aldersgruppe")).locator("label").all_inner_texts()
    order = [v.label for v in catalogue.vocabularies["aldersgrupper"].values]
    shown = [a.rsplit(" (", 1)[0] for a in ages]
    assert len(shown) >= 3 and shown == [v for v in order if v in shown]
    # the editors' filters are on the editors' page, not in the public search (issue 28)
    legends = page.locator(".ik-search-facets legend").all_inner_texts()
    assert "Dokumentation af effekt" in legends
    assert "Beskrivelsesgrad" not in legends and "Gennemgang" not in legends
    context.close()


def test_show_more_only_when_there_is_more(browser, site_url):
    context, page = open_search(browser, site_url, WIDE, "q=zzqqxxyy")
    assert page.locator(".ik-search-result").count() == 0 and not page.locator(".ik-search-more").is_visible()
    context.close()
    context, page = open_search(browser, site_url, WIDE, "")
    n = page.locator(".ik-search-result").count()
    assert n == 8 and page.locator(".ik-search-more").is_visible()  # ik-search.js: PAGE
    context.close()


PRINTED = ["", "indsatser/", "indsatser/dialogisk-laesning/", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/",
           "arbejdsark/matrix-systematik-og-inddragelse/", "arbejdsark/plf-huset/", "arbejdsark/progressionsmodellen/",
           "arbejdsark/vaerktoejskasse-psykologisk-tryghed/", "laeringspakker/mindset-og-psykologisk-tryghed/",
           "programmer/omsorgsgrebet-refleksionsforloeb/", "litteratur/", "facetter/sektorer/dagtilbud/", "redaktoerer/"]
# a diagram's texts, which must all print on one page
DIAGRAMS = {"arbejdsark/matrix-systematik-og-inddragelse/": ["Systematik · Ikke inddragelse", "Usystematisk · Inddragelse"],
            "arbejdsark/plf-huset/": ["Samarbejde", "Fælles værdier og vision", "Tid, struktur, rammer"],
            "arbejdsark/progressionsmodellen/": ["Udfordring", "Indsats", "Udbytte"],
            "arbejdsark/vaerktoejskasse-psykologisk-tryghed/": ["Sæt scenen", "Inviter til deltagelse", "Reager konstruktivt"]}


def pdf_pages(path) -> list[str]:
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                                                          check=True).stdout).group(1))
    return [" ".join(subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(path), "-"], capture_output=True,
                                    text=True, check=True).stdout.split()) for i in range(1, n + 1)]


def test_every_page_kind_prints_its_content_only(browser, site_url, tmp_path, catalogue):
    """Chromium's print (A4, print media): no navigation, header, footer, buttons or cards that lead elsewhere, nor
    their headings; a diagram on one page; the build date at the end (the address only when it is real)."""
    context = browser.new_context()
    page = context.new_page()
    strings = catalogue.strings
    for path in PRINTED:
        page.goto(site_url + path)
        page.emulate_media(media="print")
        out = tmp_path / ((path.strip("/").replace("/", "_") or "forside") + ".pdf")
        page.pdf(path=str(out), format="A4", print_background=True)
        pages = pdf_pages(out)
        text = " ".join(pages)
        absent = [strings["download_pdf"], strings["footer_accessibility"], "Indholdsfortegnelse",
                  strings["front_search_label"]]
        if path != "litteratur/":  # there "Bruges i:" belongs to each title's text
            absent += [strings["related_heading"], strings["used_by_heading"]]
        for word in absent:
            assert word not in text, (path, word)
        assert strings["print_built"] in pages[-1] and "example.org" not in text, path
        for words in DIAGRAMS.get(path, []) and [DIAGRAMS[path]]:
            on = [i for i, p in enumerate(pages) if all(w in p for w in words)]
            assert on, (path, "a diagram split over pages", words)
    context.close()


TEXT_BOXES = """sel => [...document.querySelectorAll(sel)].flatMap(e => { const r = document.createRange();
    r.selectNodeContents(e); return [...r.getClientRects()]; }).filter(r => r.width && r.height)
    .map(r => ({x: r.x, y: r.y, w: r.width, h: r.height}))"""


def intersect(a, b) -> bool:
    return a["x"] < b["x"] + b["w"] - 1 and b["x"] < a["x"] + a["w"] - 1 and a["y"] < b["y"] + b["h"] - 1 \
        and b["y"] < a["y"] + a["h"] - 1


def test_the_flow_models_chevrons_cover_no_text_and_the_agenda_keeps_its_words(open_sheet, browser, site_url):
    """Issue 30: each chevron stays in its stage — over no text of the sheet (the intro, "Eksempel", the cells)
    and no other chevron — at 1280 and 390 px and in print; at 320 px the agenda's header words are whole, its
    time column apart from the activity, and the table as wide as the page."""
    page = open_sheet("progressionsmodellen", WIDE)
    for view in ("1280", "390", "print"):
        if view == "390":
            page.set_viewport_size(PHONE)
        elif view == "print":
            page.emulate_media(media="print")
        chevrons = boxes(page, ".ik-chevron")
        stages = boxes(page, ".ik-flow-stages > li")
        assert len(chevrons) == 3, view
        assert all(abs(c["h"] - s["h"]) < 1 for c, s in zip(chevrons, stages)), view  # as tall as its stage
        others = page.evaluate(f"({TEXT_BOXES})('.ik-sheet p, .ik-sheet dt, .ik-sheet dd, .ik-write')")
        assert others and not [o for c in chevrons for o in others if intersect(c, o)], view
        assert not [(i, j) for i, a in enumerate(chevrons) for j, b in enumerate(chevrons) if i < j and intersect(a, b)]
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        agenda = context.new_page()
        open_page(agenda, site_url, PageKind("workshop", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/"))
        lines = agenda.eval_on_selector_all(".ik-agenda-table thead th", """els => els.map(e => {
            const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length; })""")
        assert lines == [1, 1, 1]  # "Varighed" on one line, not "Vari/ghe/d"
        [table] = boxes(agenda, ".ik-agenda-table")
        [section] = boxes(agenda, ".ik-agenda")
        assert table["w"] <= section["w"] + 1
        rows = ".ik-agenda-table tbody tr:not(.ik-agenda-step)"
        gaps = agenda.eval_on_selector_all(rows, """rows => rows.map(row => {
            const [a, b] = row.querySelectorAll('td'); const ra = document.createRange(), rb = document.createRange();
            ra.selectNodeContents(a); rb.selectNodeContents(b);
            return Math.min(...[...rb.getClientRects()].map(r => r.left)) -
                   Math.max(...[...ra.getClientRects()].map(r => r.right)); })""")
        assert gaps and min(gaps) >= 8, gaps
    finally:
        context.close()
