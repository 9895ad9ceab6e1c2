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


# --- issue 28: no Danish word outside content, entry pages included ------------------------------------------------

def _scalars(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scalars(value)


def _norm(text: str) -> str:
    return " ".join(text.split())


def content_text(content: Path) -> str:
    """Everything the content says — every text of every YAML file but the strings tables, and the hand-written
    pages — whitespace normalised: a piece of a page found in it is content, whatever its language."""
    texts = []
    for path in sorted(content.rglob("*")):
        if path.suffix == ".yml" and "tekster" not in path.parts:
            texts += [_norm(s) for s in _scalars(yaml.safe_load(path.read_text(encoding="utf-8")))]
        elif path.suffix == ".md":
            texts.append(_norm(path.read_text(encoding="utf-8")))
    return "\n".join(texts)


def _pieces(text: str) -> list[str]:
    return [p.strip(" :.,()–-»«…") for p in re.split(r"\{[^}]*\}", text)]


def danish_words() -> set[str]:
    """The Danish table's texts that differ from the English ones (split at placeholders; of three letters or more,
    and not a word the English table uses too), and the model's Danish meanings of its fixed values (Enum)."""
    from catalogue.model.schema import Enum, ListOf, Record
    english = "\n".join(EN.values())
    words = {p for k, v in DA.items() if v != EN[k] for p in _pieces(v) if len(p) >= 3}
    for cls in Record.declared.values():
        for f in cls.fields:
            typ = f.type.item if isinstance(f.type, ListOf) else f.type
            if isinstance(typ, Enum) and typ.strings:
                words |= {meaning for meaning in typ.choices.values() if len(meaning) >= 3}
    return {w for w in words if not re.search(rf"(?<!\w){re.escape(w)}(?!\w)", english, re.I)}


class AllText(HTMLParser):
    """Every text node and every text attribute a visitor may read (outside script and style)."""

    def __init__(self, skip_tables: bool = False):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: list[str] = []
        self.skip_tables = skip_tables

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("aria-label", "placeholder", "title", "alt"):
            if a.get(name) and "table" not in self.stack:
                self.texts.append(a[name])
        if tag not in Chrome.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1] in ("script", "style")) \
                and not (self.skip_tables and "table" in self.stack):
            self.texts.append(data)


def test_an_english_build_has_no_danish_word_outside_content(english_site):
    """Every page of the English build (the entries' pages, their overview, statuses and labels included): a text
    node is split at its separators (· : , ; ( ) – | and a sentence's end), each piece found in the content's own text is content, and
    what is left — the chrome — holds no Danish text of the strings table, no Danish meaning of a model value and
    no æ/ø/å. /felter/'s tables document the model for editors, in Danish; /admin/ is the editors' own."""
    corpus = content_text(english_site.parent / "content")
    words = danish_words()
    assert {"Endnu ingen målbare resultater", "Skematisk overblik", "A4 liggende", "Indhold på siden"} <= words
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)))
    left: dict[str, set[str]] = {}
    pages = [p for p in sorted(english_site.rglob("*.html")) if p.relative_to(english_site).parts[0] != "admin"]
    assert len(pages) > 80
    for page in pages:
        rel = str(page.relative_to(english_site))
        parser = AllText(skip_tables=rel.startswith("felter/"))
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.texts:
            text = _norm(text)
            if text in corpus:
                continue
            chrome = " | ".join(p for p in re.split(r"\s*[·:,;()–—|»«]\s*|\s+-\s+|\.\s+|\.$", text) if p and p not in corpus)
            for found in pattern.findall(chrome) + re.findall(r"\w*[æøåÆØÅ]\w*", chrome):
                left.setdefault(found, set()).add(rel)
    assert not left, {word: sorted(where)[:3] for word, where in left.items()}
