"""Markdown in long-text fields -> sanitised HTML. Text from YAML is data: it is never evaluated as Jinja,
and no script, event handler, iframe or javascript:/data:/vbscript: URL survives."""
from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
                "h3", "h4", "h5", "sup", "sub", "abbr", "hr", "table", "thead", "tbody", "tr", "th", "td"}
# no title anywhere (nh3 allows it on every tag unless "*" says otherwise): Material would make it a tooltip
ALLOWED_ATTRS = {"*": {"lang"}, "a": {"href"}, "abbr": set(), "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}

_md = markdown.Markdown(extensions=["sane_lists"], output_format="html")


@lru_cache(maxsize=8192)
def _render(text: str) -> str:
    _md.reset()
    # Headings inside a field would break the page outline: demote # and ## to h3.
    html = _md.convert(text)
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def markdown_html(text) -> Markup:
    """Block Markdown (paragraphs, lists) -> safe HTML."""
    if not text:
        return Markup("")
    return Markup(_render(str(text)))


def inline_html(text) -> Markup:
    """Markdown for one list item or line: no surrounding <p>."""
    html = str(markdown_html(text)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def plain(text) -> str:
    """Text with Markdown markup and HTML removed, for titles, summaries in JSON and search snippets."""
    if not text:
        return ""
    # nh3 returns HTML text (entities for <, >, &, quotes): unescape it, so the result is text, escaped once by
    # whatever writes it into HTML, and JSON and meta tags carry no entities
    return " ".join(html.unescape(nh3.clean(_render(str(text)), tags=set())).split())


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):|[/\\]{2}")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a scheme ("java\tscript:"), and lead blanks


def url_scheme(url) -> str | None:
    """The scheme a browser reads in a URL, lower-case ('javascript' for "JaVa\tScRiPt:…" or "java&#9;script:…"
    as an attribute holds it), '//' for a protocol-relative one, None for a link within the site."""
    m = _SCHEME.match(_IGNORED.sub("", html.unescape("" if url is None else str(url))))
    return None if m is None else (m.group(1) or "//").lower()


def safe_url(url) -> str:
    """A URL for href/src: http(s), mailto or a relative link pass; any other scheme (javascript:, data:,
    vbscript:, …) becomes '#'. URLs from content are validated when loaded; this is the templates' last guard."""
    text = "" if url is None else str(url)
    if url_scheme(text) not in (None, "//", *URL_SCHEMES):
        return "#"
    return text


def escaped(value):
    """Text from content, HTML-escaped once, as ``Markup`` (recursively through dicts and lists): for values handed
    to the theme, whose templates print them unescaped and apply ``|e`` here and there (a no-op on Markup)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {k: escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escaped(v) for v in value]
    return value


__all__ = ["markdown_html", "inline_html", "plain", "escape", "escaped", "safe_url", "url_scheme"]
