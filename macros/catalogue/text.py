"""Markdown in long-text fields -> sanitised HTML. Text from YAML is data: it is never evaluated as Jinja,
and no script, event handler, iframe or javascript:/data:/vbscript: URL survives."""
from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre",
                "h3", "h4", "h5", "sup", "sub", "abbr", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
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
    return " ".join(nh3.clean(_render(str(text)), tags=set()).split()).replace("&amp;", "&")


__all__ = ["markdown_html", "inline_html", "plain", "escape"]
