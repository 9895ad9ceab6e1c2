"""Templates are served without their indentation (catalogue.compact): pages get smaller and show exactly the
same elements, attributes and text."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from jinja2 import FileSystemLoader

from catalogue.render.compact import CompactLoader, compact_template
from catalogue.render.environment import TEMPLATES
from catalogue.render.renderer import Renderer
from catalogue.render.views import entry_page


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
        a, b = entry_page(compact, entry), entry_page(indented, entry)
        assert _dom(a) == _dom(b), entry.id
        assert len(a) < len(b), entry.id


def test_built_pages_have_no_indented_lines(built_site):
    """Material's templates (MkDocs' environment) are compacted too: outside <pre>, <textarea> and <script>
    no line of a built page starts with spaces. (Lines left empty by Jinja tags stay: one byte each.)"""
    for page in [built_site / "index.html", *sorted(built_site.glob("indsatser/*/index.html"))]:
        html = re.sub(r"<(pre|textarea|script)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.findall(r"\n[ \t]+<", html), page


# URLs built from the pieces that take relative_url's fast path and the ones that send it the general way ('..',
# '.', a '.'-name, an empty segment, a leading '/', a file, an anchor)
_SEGMENTS = st.sampled_from(["indsatser", "x", "facetter", "..", ".", ".skjult", ""])
_URLS = st.builds(lambda lead, parts, tail: lead + "/".join(parts) + tail, st.sampled_from(["", "/"]),
                  st.lists(_SEGMENTS, max_size=4),
                  st.sampled_from(["", "/", "/a.pdf", "/#anker", ".pdf", "//", "/index.html", "#anker"]))


def _fast_path_agrees(fast):
    """A property: fast(target, page) is _relative_url_slow's answer wherever that has one."""
    from catalogue.render.links import _relative_url_slow

    @settings(max_examples=3000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(_URLS, _URLS)
    @example("facetter/temaer/trivsel/", "indsatser/x/")
    @example("", "indsatser/x/")
    @example("soeg/", "soeg/")
    @example("indsatser/x/a.pdf", "indsatser/x/")
    @example("indsatser/x/#anker", "")
    def agree(target, page):
        assume(not target.startswith("#"))  # an anchor on the same page is passed through, by design
        try:
            want = _relative_url_slow(target, page)
        except ValueError:  # posixpath.relpath: a '/'-path against a relative one
            return
        assert fast(target, page) == want, (target, page)

    agree()


def test_relative_url_fast_path_agrees_with_posixpath():
    """relative_url computes common site URLs without posixpath.relpath; every result equals the general one.
    (Property-based: a few thousand pairs of URLs each run instead of the ~4 million pairs of every combination.)"""
    from catalogue.render.links import relative_url
    _fast_path_agrees(relative_url)
    assert relative_url("facetter/temaer/trivsel/", "indsatser/x/") == "../../facetter/temaer/trivsel/"
    assert relative_url("", "indsatser/x/") == "../../" and relative_url("soeg/", "soeg/") == "./"


def test_the_property_finds_a_fast_path_that_differs():
    """The test above can fail: fast paths that go wrong where the general path is needed are caught."""
    from catalogue.render import links as render

    def no_dot_check(target, page):  # takes the fast path for '..' and '.' too
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(render, "_PAGE_URL", re.compile(r"(?:[^/#]+/)*\Z"))
            mp.setattr(render, "_TARGET_URL", re.compile(r"(?:[^/#]+/)*(?:[^/#]*|)(?:#[^/]*)?\Z"))
            return render.relative_url(target, page)

    def off_by_one(target, page):  # one '../' too few when the page is two folders deep
        rel = render.relative_url(target, page)
        return rel[3:] if page.count("/") == 2 and rel.startswith("../../") and not page.startswith("/") else rel

    for wrong in (no_dot_check, off_by_one):
        with pytest.raises(AssertionError):
            _fast_path_agrees(wrong)
