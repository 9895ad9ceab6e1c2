"""Issue 28, point 6: every word a visitor reads comes from the strings table in the site's language — counts in
the singular and the plural, and the model's fixed values (Enum: result statuses, orientations, step kinds,
meetings, quadrants), whose Danish meanings in model/*.py are for the editors only."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from browserkit import PageKind, open_page
from catalogue.model.schema import Enum, ListOf, Record
from catalogue.render.environment import make_env

ROOT = Path(__file__).resolve().parents[1]
TABLES = {lang: yaml.safe_load((ROOT / "content" / "tekster" / f"{lang}.yml").read_text(encoding="utf-8"))
          for lang in ("da", "en")}


def enums() -> list[tuple[str, Enum]]:
    """Every Enum a record of the model declares (a list of them too), as ('Record.attr', type)."""
    out = []
    for name, cls in sorted(Record.declared.items()):
        for f in cls.fields:
            typ = f.type.item if isinstance(f.type, ListOf) else f.type
            if isinstance(typ, Enum):
                out.append((f"{name}.{f.attr}", typ))
    return out


EDITORS_ONLY = {"Editing.backend"}  # the settings' hosting service: only editors choose it, no page shows it


def test_every_enum_a_visitor_reads_has_its_words_in_both_tables():
    found = dict(enums())
    assert {"Results.status", "Worksheet.orientation", "CourseStep.kind", "CourseStep.meeting"} <= set(found)
    for where, typ in found.items():
        if where in EDITORS_ONLY:
            continue
        assert typ.strings, f"{where}: Enum(..., strings='<prefix>_') names its strings-table keys"
        for value in typ.choices:
            for lang, table in TABLES.items():
                assert typ.string_key(value) in table, (where, value, lang)
            assert TABLES["da"][typ.string_key(value)] != TABLES["en"][typ.string_key(value)], (where, value)


def test_an_enum_without_words_refuses_to_name_a_key():
    with pytest.raises(ValueError):
        Enum({"a": "a"}).string_key("a")
    assert Enum({"a": "a"}, strings="x_").string_key("a") == "x_a"


@pytest.mark.parametrize("lang, one, many", [("da", "1 post", "21 poster"), ("en", "Number of entries: 1",
                                                                          "Number of entries: 21")])
def test_counts_take_the_singular_for_one(lang, one, many):
    tn = make_env(TABLES[lang]).globals["tn"]
    assert tn("listing_count", 1) == one
    assert tn("listing_count", 21) == many
    assert tn("listing_count", 0) == many.replace("21", "0")


def test_a_count_without_a_singular_key_uses_the_plural():
    tn = make_env({"apples": "{n} æbler"}).globals["tn"]
    assert tn("apples", 1) == "1 æbler"
    assert make_env({"apples": "{n} æbler", "apples_one": "{n} æble"}).globals["tn"]("apples", 1) == "1 æble"


def test_a_listing_of_one_says_post():
    env = make_env(TABLES["da"])
    html = env.get_template("pages/listing.html").render(title="T", intro=None, total=1, cards=["x"], paging=None,
                                                         search_words=None, kind_counts=None, groups=None,
                                                         compare_tray="")
    assert "1 post<" in html and "poster" not in html


# --- phones: a long page's contents as a collapsed list (issue 28, point 5) -----------------------------------

PHONE_390 = {"width": 390, "height": 844}


def test_a_long_page_opens_with_a_collapsed_contents_list_on_a_phone(browser, site_url, strings):
    """One visit at 390 px: the list sits under the entry's head within the first screen, collapsed; opened, it
    names the page's level-2 headings and leads to them; at desktop width (Material's right column) it is hidden."""
    context = browser.new_context(viewport=PHONE_390, service_workers="block")
    try:
        page = context.new_page()
        open_page(page, site_url, PageKind("indsats", "indsatser/elevfravaer/"))
        toc = page.locator("details.ik-page-toc")
        assert toc.count() == 1
        summary = toc.locator("summary")
        assert summary.inner_text().strip() == strings["page_toc"]
        assert toc.evaluate("d => d.open") is False
        assert not toc.locator("ul").is_visible()
        box = toc.bounding_box()
        assert box and box["y"] + box["height"] < PHONE_390["height"], box  # on the first screen
        assert toc.evaluate("d => d.getBoundingClientRect().top > document.querySelector('h1').getBoundingClientRect().bottom")
        headings = page.eval_on_selector_all(".ik-entry h2[id]", "hs => hs.map(h => '#' + h.id)")
        summary.click()
        page.wait_for_function("() => document.querySelector('details.ik-page-toc').open")
        links = toc.locator("a")
        assert links.evaluate_all("as => as.map(a => a.getAttribute('href'))") == headings
        assert len(headings) >= 8
        links.filter(has_text=strings["sources_heading"]).click()
        page.wait_for_function("() => location.hash === '#kilder'")
        page.wait_for_function("() => { const r = document.getElementById('kilder').getBoundingClientRect();"
                               " return r.top >= 0 && r.top < innerHeight; }")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.wait_for_function("() => getComputedStyle(document.querySelector('details.ik-page-toc')).display"
                               " === 'none'")
    finally:
        context.close()


# --- link texts name their target (issue 28, point 6) ----------------------------------------------------------

class Links(HTMLParser):
    """Every link of a page: (its text, its href, whether it is a download)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, bool]] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            a = dict(attrs)
            self._open = ["", a.get("href") or "", "download" in a]

    def handle_data(self, data):
        if self._open is not None:
            self._open[0] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.links.append((" ".join(self._open[0].split()), self._open[1], self._open[2]))
            self._open = None


def test_no_link_says_her_and_downloads_name_what_they_fetch(built_site):
    for page in sorted(built_site.rglob("*.html")):
        if page.relative_to(built_site).parts[0] in ("admin", "pagefind"):
            continue
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(built_site)
        assert not [t for t, _, _ in parser.links if t.lower() in ("her", "klik her", "here")], rel
        downloads: dict[str, str] = {}
        for text, href, download in parser.links:
            if download:
                assert downloads.setdefault(text, href) == href, (rel, text, href, downloads[text])
