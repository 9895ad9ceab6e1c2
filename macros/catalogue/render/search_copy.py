"""What the search index reads of an entry page (outputs/search_index.py): the page's body, each word at most CAP
times. Pagefind indexes every occurrence of every word, and a query's work grows with the occurrences of its words
on every page it finds (bench/REPORT.md, issue 31); a word's first occurrences — the title, the staff's search
words and headings come first on an entry page — carry its weight, later ones add little to the ranking. So the
copy keeps the markup as it is (filters, sort keys, metadata and weights are read from it) and thins only the
text: a word past its CAP-th occurrence on the page is left out. Text inside an element whose content Pagefind
reads as a value (data-pagefind-filter, -meta, -sort) and inside script and style is kept whole. An element
Pagefind leaves out of the text (data-pagefind-ignore) keeps only the values inside it, and one it leaves out
altogether (data-pagefind-ignore="all") is left out: their words are never indexed, so they neither cost the
index anything nor use up a word's occurrences before the page's own text (the contents list comes before the
headings it names). The copy is never published: the search index is made from it and it is removed."""
from __future__ import annotations

import re

from markupsafe import Markup

CAP = 2  # occurrences of a word kept on a page

# an element whose text is kept whole: a script, a style, or one Pagefind reads a value from
_VALUE_OPEN = re.compile(r"<(script|style)\b[^>]*>"
                         r"|<([a-zA-Z][\w-]*)\s[^>]*\bdata-pagefind-(?:filter|meta|sort)\b[^>]*>", re.I)
# the same, or an element whose text Pagefind ignores (its values still count unless it ignores "all")
_SPECIAL_OPEN = re.compile(r"<(script|style)\b[^>]*>"
                           r"|<([a-zA-Z][\w-]*)\s[^>]*\bdata-pagefind-(?:filter|meta|sort|ignore)\b[^>]*>", re.I)
_IGNORE = re.compile(r"""\sdata-pagefind-ignore(?:\s*=\s*["']?(\w*))?""", re.I)
_VALUE_ATTR = re.compile(r"\sdata-pagefind-(?:filter|meta|sort)\b", re.I)
_TAGS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_PUNCTUATION = ".,:;!?()[]\"'«»‘’“”–—…"  # around a word: not part of it
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"])
_SORT_ATTR = re.compile(r"\sdata-pagefind-sort\b", re.I)
_FILTER_OR_META_ATTR = re.compile(r"\sdata-pagefind-(?:filter|meta)\b", re.I)
_CLOSE: dict[str, re.Pattern] = {}


def thin(html: str, cap: int = CAP, sort_keys: bool = True) -> Markup:
    """html with each word's occurrences past the cap-th left out of its text (never of a value's text); without
    its sort keys when sort_keys is false (a large index in parts is sorted by its ranks file instead)."""
    html = str(html)
    seen: dict[str, int] = {}
    out: list[str] = []
    at = 0
    for start, inner, end in _special(html):
        out.append(_thin_markup(html[at:start], seen, cap))
        out.append(_kept_of(html, start, inner, end, sort_keys))
        at = end
    out.append(_thin_markup(html[at:], seen, cap))
    return Markup("".join(out))


def _special(html: str):
    """(start, end of its open tag or 0 for a script or a style, end) of each element kept whole or ignored,
    outermost only, in order."""
    for m, end in _outermost(_SPECIAL_OPEN, html):
        yield m.start(), (m.end() if m.group(2) else 0), end


def _kept_of(html: str, start: int, inner: int, end: int, sort_keys: bool) -> str:
    """What the copy keeps of a special element (inner: where its open tag ends; 0 for a script or a style): a
    value or a script whole (a sort key only with sort_keys); of an element Pagefind ignores, its tags and the
    values inside it (nothing when it ignores "all")."""
    tag = html[start:inner]
    ignore = _IGNORE.search(tag)
    if ignore is None or _VALUE_ATTR.search(tag):
        return html[start:end] if sort_keys or not _sort_only(tag) else ""
    if (ignore.group(1) or "").lower() == "all":
        return ""
    content = html[inner:end]
    close = content.rfind("</")
    body, closing = (content[:close], content[close:]) if close >= 0 else (content, "")
    kept = (body[a:b] for a, b in _values(body))
    return tag + "".join(v for v in kept if sort_keys or not _sort_only(v[:v.index(">") + 1])) + closing


def _sort_only(tag: str) -> bool:
    """The open tag is of an element Pagefind reads only a sort key from."""
    return bool(_SORT_ATTR.search(tag)) and not _FILTER_OR_META_ATTR.search(tag)


def _values(html: str):
    """(start, end) of each element whose text is kept whole, outermost only, in order."""
    for m, end in _outermost(_VALUE_OPEN, html):
        yield m.start(), end


def _outermost(opening: re.Pattern, html: str):
    """(its open tag's match, where it ends) of each element whose open tag `opening` matches (group 1 or 2: its
    name), not inside another, in order."""
    at = 0
    for m in opening.finditer(html):
        if m.start() < at:
            continue  # inside one already taken
        name = (m.group(1) or m.group(2)).lower()
        end = m.end() if name in _VOID or m.group(0).endswith("/>") else _element_end(html, name, m.end())
        yield m, end
        at = end


def _element_end(html: str, name: str, at: int) -> int:
    """Where the element opened just before `at` ends (its closing tag, same-named elements nested in it counted)."""
    tags = _CLOSE.get(name)
    if tags is None:
        tags = _CLOSE[name] = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.I)
    depth = 1
    for m in tags.finditer(html, at):
        if m.group(1):
            depth -= 1
            if depth == 0:
                return m.end()
        elif not m.group(0).endswith("/>"):
            depth += 1
    return len(html)


def _thin_markup(html: str, seen: dict, cap: int) -> str:
    parts = _TAGS.split(html)  # text, tag, text, tag, ..., text
    for i in range(0, len(parts), 2):
        if parts[i]:
            parts[i] = _thin_text(parts[i], seen, cap)
    return "".join(parts)


def _thin_text(text: str, seen: dict, cap: int) -> str:
    words = text.split()
    if not words:
        return text
    kept = []
    get = seen.get
    for word, key in zip(words, text.lower().split(), strict=False):  # lower() keeps the spaces
        key = key.strip(_PUNCTUATION) or key
        n = get(key, 0)
        if n < cap:
            kept.append(word)
            seen[key] = n + 1
    # the text's own space at its start and end stays (words must not run into the next element's)
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and kept else ""
    return lead + " ".join(kept) + trail
