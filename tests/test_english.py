"""English ships: content/tekster/en.yml has every key of da.yml, and a site with `sprog: en` has no Danish string
from the strings table left in its chrome (header, navigation, footer, listings, search, 404), `lang="en"`, and a
search index that stems English."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ENV, build, make_project

ROOT = Path(__file__).resolve().parents[1]
DA = yaml.safe_load((ROOT / "content" / "tekster" / "da.yml").read_text(encoding="utf-8"))
EN = yaml.safe_load((ROOT / "content" / "tekster" / "en.yml").read_text(encoding="utf-8"))


# The only strings the two languages share ('{m} min', 'Type', 'type')
SHARED = {"duration_m", "search_type", "fields_col_type", "run_start", "run_pause"}  # the same word in both


def test_every_key_is_translated_with_the_same_placeholders():
    assert list(EN) == list(DA)
    assert {k for k in DA if DA[k] == EN[k]} == SHARED
    for key, text in DA.items():
        assert sorted(re.findall(r"\{[^}]*\}", text)) == sorted(re.findall(r"\{[^}]*\}", EN[key])), key
        assert not re.search(r"[æøåÆØÅ]", EN[key]), (key, EN[key])


# Vocabulary labels are content (facet names and values, in the language the site's vocabularies are written in)
VOCABULARY_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "content" / "vokabularer").glob("*.yml"))


def danish_only() -> set[str]:
    """Danish strings that an English page must not show: the table's values that differ from the English ones
    (split at their placeholders), long enough not to be a word both languages share, and not also the text of a
    vocabulary label (content)."""
    out = set()
    for key, text in DA.items():
        if key in SHARED:
            continue
        for part in re.split(r"\{[^}]*\}", text):
            part = part.strip(" :.,()–-")
            if len(part) >= 5 and part not in VOCABULARY_TEXT:
                out.add(part)
    return out


class Chrome(HTMLParser):
    """The text of the page's chrome: header, navigation, footer, and the listing/search/404 scaffolding — not
    the entries' own text (cards, entry bodies), which stays in the language it was written in."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    SKIP = {"table"}  # the field reference's rows: the model's own (Danish) documentation for editors

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip = 0
        self.texts: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        cls = a.get("class") or ""
        for name in ("aria-label", "placeholder", "title", "alt"):
            if a.get(name) and not self.skip:
                self.texts.append(a[name])
        if tag in self.VOID:
            return
        if self.skip or tag in self.SKIP or "ik-card" in cls or "ik-entry" in cls:
            self.skip += 1
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
            if self.skip:
                self.skip -= 1

    def handle_data(self, data):
        if not self.skip and not (self.stack and self.stack[-1] in ("script", "style")) and data.strip():
            self.texts.append(data.strip())


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("english"))
    settings = project / "content" / "indstillinger.yml"
    text = settings.read_text(encoding="utf-8").replace("sprog: da", "sprog: en")
    # an English site names its own menu items (settings are content); the strings table does the rest
    for da, en in (("Om mønsterbryderindsatsen", "About the pattern-breaking initiative"), ("Om kilderne", "About the sources"),
                   ("For redaktører", "For editors")):
        text = text.replace(f"titel: {da}", f"titel: {en}")
    settings.write_text(text, encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


CHROME_PAGES = ["404.html", "soeg/index.html", "facetter/index.html", "indsatser/index.html", "arbejdsark/index.html",
                "drejeboeger/index.html", "laeringspakker/index.html", "programmer/index.html", "litteratur/index.html",
                "facetter/sektorer/dagtilbud/index.html", "indsatser/robusthed/index.html",
                "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/index.html", "felter/index.html"]


@pytest.mark.parametrize("page", CHROME_PAGES)
def test_no_danish_string_in_the_chrome(english_site, page):
    parser = Chrome()
    parser.feed((english_site / page).read_text(encoding="utf-8"))
    assert parser.lang == "en"
    text = "\n".join(parser.texts)
    left = sorted(d for d in danish_only() if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text))
    assert not left, left
    assert EN["footer_accessibility"] in text and EN["search_label"] in text, text[-800:]  # read to the end


def test_entry_labels_are_english(english_site):
    """On an entry page, the labels around the content come from the English table."""
    html = (english_site / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    for key in ("sources_heading", "related_heading", "facets_heading"):
        assert f">{EN[key]}<" in html, key
    for key in ("sources_heading", "related_heading", "facets_heading"):
        assert f">{DA[key]}<" not in html, key


def test_search_index_stems_english(english_site):
    entry = json.loads((english_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
