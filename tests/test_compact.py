"""Templates are served without their indentation (catalogue.compact): pages get smaller and show exactly the
same elements, attributes and text."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from jinja2 import FileSystemLoader

from catalogue.compact import CompactLoader, compact_template
from catalogue.render import TEMPLATES, Renderer


def test_indentation_and_blank_lines_go_pre_and_textarea_stay():
    source = "<ul>\n    <li>a</li>\n\n\n    <li>b\n  {% if x %}\n      c\n  {% endif %}</li>\n</ul>\n" \
             "  <pre>\n    kept\n      as is\n</pre>\n<textarea>\n  typed\n</textarea>\n   end"
    assert compact_template(source) == ("<ul>\n<li>a</li>\n<li>b\n{% if x %}\nc\n{% endif %}</li>\n</ul>\n"
                                        "<pre>\n    kept\n      as is\n</pre>\n<textarea>\n  typed\n</textarea>\nend")
    # words on separate lines stay separate: a line break is never removed
    assert compact_template("ord\n      næste") == "ord\nnæste"


class _Dom(HTMLParser):
    """Elements, attributes and text as a browser shows them (runs of whitespace are one space)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append(("<", tag, tuple((k, re.sub(r"\s+", " ", v or "")) for k, v in attrs)))

    def handle_endtag(self, tag):
        self.items.append((">", tag))

    def handle_data(self, data):
        text = re.sub(r"\s+", " ", data)
        if self.items and self.items[-1][0] == "text":
            text = re.sub(r"\s+", " ", self.items.pop()[1] + text)
        self.items.append(("text", text))


def _dom(html: str) -> list:
    parser = _Dom()
    parser.feed(html)
    return [i for i in parser.items if not (i[0] == "text" and not i[1].strip())]


def test_every_entry_page_shows_the_same_with_and_without_indentation(catalogue):
    compact = Renderer(catalogue)
    assert isinstance(compact.env.loader, CompactLoader)
    indented = Renderer(catalogue)
    indented.env.loader = FileSystemLoader(str(TEMPLATES))
    for entry in catalogue.entries.values():
        a, b = compact.entry_page(entry), indented.entry_page(entry)
        assert _dom(a) == _dom(b), entry.id
        assert len(a) < len(b), entry.id


def test_built_pages_have_no_indented_lines(built_site):
    """Material's templates (MkDocs' environment) are compacted too: outside <pre>, <textarea> and <script>
    no line of a built page starts with spaces. (Lines left empty by Jinja tags stay: one byte each.)"""
    for page in [built_site / "index.html", *sorted(built_site.glob("indsatser/*/index.html"))]:
        html = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.findall(r"\n[ \t]+<", html), page


def test_relative_url_fast_path_agrees_with_posixpath():
    """relative_url computes common site URLs without posixpath.relpath; every result equals the general one."""
    import itertools

    from catalogue.render import _relative_url_slow, relative_url
    urls = {""}
    for n in (1, 2, 3):
        for parts in itertools.product(["indsatser", "x", "facetter", "..", ".", ".skjult"], repeat=n):
            u = "/".join(parts)
            urls |= {u, u + "/", u + "/a.pdf", u + "/#anker", u + ".pdf", "/" + u, u + "//", u + "/index.html"}
    checked = 0
    for target in urls:
        for page in urls:
            try:
                want = _relative_url_slow(target, page)
            except ValueError:
                continue
            assert relative_url(target, page) == want, (target, page)
            checked += 1
    assert checked > 100_000
    assert relative_url("facetter/temaer/trivsel/", "indsatser/x/") == "../../facetter/temaer/trivsel/"
    assert relative_url("", "indsatser/x/") == "../../" and relative_url("soeg/", "soeg/") == "./"
