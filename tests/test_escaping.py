"""Text from content is escaped exactly once wherever HTML is made.

The hostile text goes into every text field of every kind — the fields are found from the model's declarations
(Str, Text and Url fields of every Record, nested to any depth), not picked by hand —, into the settings (site name,
description, organisation, menu, contact, licence), every vocabulary label, the literature list, every string of the
strings table, a merged catalogue, and the macros of a hand-written page. The site is built, and every page in
site/ (and every PDF's print HTML) is parsed: no element, attribute or URL scheme from the payload may appear, and
no text may be escaped twice (``&amp;lt;`` shows as ``&lt;``). The same check runs over every example of every
component with every string parameter made hostile."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ENV, build, make_project
from catalogue.model.kinds import KINDS
from catalogue.render.environment import make_env
from catalogue.model.schema import ListOf, RecordType, Str, Text, Url
from catalogue.core.yamlsource import read

ROOT = Path(__file__).resolve().parents[1]
# One payload per context: element text (tags, an entity-looking '&', quotes), an attribute value (quotes that
# would end it), and a URL (a scheme). 'pwn' marks what must never become markup.
TEXT = """ "'<b data-pwn>&amp;</b><img src=x onerror=pwn(1)><script>pwn(2)</script><a href="javascript:pwn(3)">x</a>"""
URL = "https://example.org/pwn?a=1&b='onmouseover='pwn(4)"
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def hostile(text: str) -> str:
    return f"{text}{TEXT}"


class Page(HTMLParser):
    """Collects what an injection would leave behind, and text that was escaped twice."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name == "data-pwn" or (name.startswith("on") and "pwn" in value):
                self.problems.append(f"injected attribute <{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster") and \
                    re.sub(r"[\x00-\x20]", "", value).lower().startswith(BAD_SCHEMES):
                self.problems.append(f"URL scheme <{tag} {name}={value!r}>")
            self.check_twice(value, f"<{tag} {name}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("injected <img src=x>")
        self.in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.in_script = False

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "pwn(" in data:
            self.problems.append(f"injected script {data[:60]!r}")
        if not self.in_script:
            self.texts.append(data)
            self.check_twice(data, "text")

    def check_twice(self, text, where):
        # the payload's own '&amp;' reads '&amp;' once; a second escape makes it '&amp;amp;' or '&lt;b'
        for twice in ("&amp;amp;", "&lt;b", "&lt;img", "&lt;script", "&#34;", "&#39;", "&quot;"):
            if twice in text:
                self.problems.append(f"escaped twice in {where}: {text[:80]!r}")


def problems_in(html: str) -> tuple[list[str], str]:
    p = Page()
    p.feed(html)
    p.close()
    return p.problems, " ".join(p.texts)


# ------------------------------------------------------------------------------------------- hostile content

def text_fields(record, node, out: list):
    """(scalar node, kind of payload) for every Str/Text/Url field value in a node tree, by the model's types."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        f = record.by_key.get(key_node.value)
        if f is not None:
            typed(f.type, value_node, out)


def typed(t, node, out):
    if type(t) in (Str, Text) and isinstance(node, yaml.ScalarNode):
        out.append((node, "text"))
    elif type(t) is Url and isinstance(node, yaml.ScalarNode):
        out.append((node, "url"))
    elif isinstance(t, ListOf) and isinstance(node, yaml.SequenceNode):
        for child in node.value:
            typed(t.item, child, out)
    elif isinstance(t, RecordType):
        text_fields(t.cls, node, out)


# Settings fields that are not text a visitor reads but codes the build uses (a language code, a colour, a file
# path): a payload there is an error of its own (tested in test_loader.py), so they keep their values.
NOT_TEXT = {"sprog", "logo", "primaer", "accent", "side", "email"}


def make_hostile(path: Path, record) -> int:
    source, node = read(path.name, path.read_bytes())
    found: list = []
    text_fields(record, node, found)
    n = 0
    for scalar, what in found:
        if what == "text" and not scalar.value.strip():
            continue
        scalar.value = URL if what == "url" else hostile(scalar.value)
        scalar.style, scalar.tag = '"', "tag:yaml.org,2002:str"
        n += 1
    _restore(node, record)
    path.write_text(yaml.serialize(node, allow_unicode=True, width=10_000), encoding="utf-8")
    return n


def _restore(node, record):
    """Put back the settings codes listed in NOT_TEXT (found again by key, at any depth)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value in NOT_TEXT and isinstance(v, yaml.ScalarNode) and v.value.endswith(TEXT):
                v.value = v.value[: -len(TEXT)]
            _restore(v, None)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _restore(child, None)


MERGED = {"generated": "2026-01-01", "site_url": "https://nabo.example.org/katalog/",
          "name": "<b onmouseover=pwn(6)>Nabo</b>\"'&amp;", "entries": [{
    "id": "nabo-indsats", "type": "initiative", "title": hostile("Nabokommunens indsats"),
    "summary": hostile("Et resumé"), "url": "indsatser/nabo-indsats/", "pdf": None, "facets": {"temaer": ["samarbejde"]},
    "origin": hostile("Nabo Kommune"), "source_url": None, "last_reviewed": None}]}

MACRO_PAGE = f"""---
render_macros: true
title: Makroer
---

# Makroer

{{{{ overblik('robusthed') }}}}

{{{{ kort('worksheet', hoejst=2) }}}}

{{{{ komponent('quote', text={json.dumps(hostile('Et citat'))}, role={json.dumps(hostile('Leder'))}) }}}}

{{{{ komponent('card', title={json.dumps(hostile('Kort'))}, url="javascript:pwn(5)", summary={json.dumps(hostile('Resumé'))}) }}}}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from catalogue.model.settings import Settings, Vocabulary
    from catalogue.model.literature import Literature
    project = make_project(tmp_path_factory.mktemp("escaping"))
    content = project / "content"
    counts = {}
    for kind in KINDS:
        for path in sorted((content / kind.folder).glob("*.yml")):
            counts[path.name] = make_hostile(path, kind.record)
    for path in sorted((content / "vokabularer").glob("*.yml")):
        counts[path.name] = make_hostile(path, Vocabulary)
    settings = content / "indstillinger.yml"  # the default has no organisation: a fork's, shown in the footer
    settings.write_text(settings.read_text(encoding="utf-8") + "organisation: Eksempelby Kommune\n", encoding="utf-8")
    counts["indstillinger.yml"] = make_hostile(settings, Settings)
    counts["litteratur.yml"] = make_hostile(content / "litteratur.yml", Literature)
    strings = content / "tekster" / "da.yml"
    table = yaml.safe_load(strings.read_text(encoding="utf-8"))
    strings.write_text(yaml.safe_dump({k: hostile(v) for k, v in table.items()}, allow_unicode=True, width=10_000),
                       encoding="utf-8")
    (content / "lokalt" / "foederation").mkdir(parents=True)
    (content / "lokalt" / "foederation" / "nabo.json").write_text(json.dumps(MERGED), encoding="utf-8")
    (content / "lokalt" / "sider").mkdir(parents=True)
    (content / "lokalt" / "sider" / "makroer.md").write_text(MACRO_PAGE, encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return project, counts


def test_every_text_field_was_made_hostile(hostile_site):
    """The generator reaches every kind's files and many fields in each (it cannot pass vacuously)."""
    _, counts = hostile_site
    assert len(counts) >= 20 and all(n > 0 for n in counts.values()), counts
    assert sum(counts.values()) > 1000


def test_no_page_has_injected_markup_or_text_escaped_twice(hostile_site):
    project, _ = hostile_site
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 60
    found = {}
    shown = 0
    for page in pages:
        problems, text = problems_in(page.read_text(encoding="utf-8"))
        if problems:
            found[page.relative_to(project / "site").as_posix()] = problems[:5]
        shown += text.count("<img src=x onerror=pwn(1)>")
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)[:6000]
    assert shown > 500  # the payload is shown as text, page after page


def test_theme_values_are_escaped_once(hostile_site):
    """Site name, page and TOC titles, menu, footer: shown as the text they are."""
    project, _ = hostile_site
    html = (project / "site" / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;script&gt;pwn(2)&lt;/script&gt;" in title and "<script>" not in title
    _, text = problems_in(html)
    for shown in ("Inspirationskatalog" + TEXT, "Robusthed som investeringsstrategi" + TEXT,
                  "Eksempelby Kommune" + TEXT, "Om kilderne" + TEXT):
        assert shown.replace('"', "").split("<a")[0] in text.replace('"', ""), shown


def test_macros_and_merged_entries_are_escaped(hostile_site):
    project, _ = hostile_site
    page = (project / "site" / "makroer" / "index.html").read_text(encoding="utf-8")
    problems, text = problems_in(page)
    assert not problems
    assert "Robusthed som investeringsstrategi" + TEXT.split("<a")[0] in text
    assert 'href="#"' in page  # komponent('card', url='javascript:…') links nowhere
    front = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert not problems_in(front)[0]
    merged = (project / "site" / "andre-kataloger" / "nabo" / "nabo-indsats" / "index.html").read_text(encoding="utf-8")
    problems, text = problems_in(merged)
    assert not problems and "Nabokommunens indsats" + TEXT.split("<a")[0] in text
    assert "<b onmouseover=pwn(6)>Nabo</b>\"'&amp;" in text  # the merged catalogue's name (--navn), as text


def test_print_html_is_escaped_once(hostile_site):
    """The PDFs' HTML (made without running WeasyPrint) for every entry."""
    project, _ = hostile_site
    from catalogue.outputs import pdf
    from catalogue.load.loader import load
    from catalogue.render.renderer import Renderer
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    r = Renderer(cat)
    checked = 0
    for entry in cat.entries.values():
        if cat.provenance[entry.id].merged or not cat.kind_of(entry).pdf:
            continue
        problems, _ = problems_in(pdf.print_html(r, entry))
        assert not problems, (entry.id, problems[:5])
        checked += 1
    assert checked >= 20


# ------------------------------------------------------------------------------------------- components

COMPONENTS = ROOT / "templates" / "components"
STRINGS = yaml.safe_load((ROOT / "content" / "tekster" / "da.yml").read_text(encoding="utf-8"))
URL_KEYS = {"url", "href", "prev", "next", "link", "pdf", "source_url"}


def hostile_params(value, key=None):
    """Every string in an example's parameters made hostile; the same string always becomes the same payload,
    so keys that refer to each other still match. URL parameters get a javascript: URL. Codes (ids, enumerated
    values) keep their values: the loader lets nothing else through."""
    if isinstance(value, str):
        if key in URL_KEYS:
            return f"javascript:pwn('{value}')"
        # ids and enumerated values (a layout, a meeting form, a vocabulary id) are validated codes, not text
        return value if re.fullmatch(r"[a-z0-9-]+", value) else hostile(value)
    if isinstance(value, dict):
        return {hostile_params(k) if key == "links" else k: hostile_params(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile_params(v, key) for v in value]
    return value


EXAMPLES = [(p.stem, ex) for p in sorted(COMPONENTS.glob("*.yaml"))
            for ex in yaml.safe_load(p.read_text(encoding="utf-8"))["examples"]]


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[f"{n}-{e['name']}" for n, e in EXAMPLES])
def test_every_component_parameter_is_escaped(name, example):
    env = make_env(STRINGS)
    macro = getattr(env.get_template(f"components/{name}.html").module, name)
    html = str(macro(**hostile_params(example["params"])))
    problems, _ = problems_in(html)
    assert not problems, problems
