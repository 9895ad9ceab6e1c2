"""What the search index reads of an entry page (outputs/search_index.py): the page's body, each word at most CAP
times. Pagefind indexes every occurrence of every word, and a query's work grows with the occurrences of its words
on every page it finds (bench/REPORT.md, issue 31); a word's first occurrences — the title, the staff's search
words and headings come first on an entry page — carry its weight, later ones add little to the ranking. So the
copy keeps the markup as it is (filters, sort keys, metadata and weights are read from it) and thins only the
text: a word past its CAP-th occurrence on the page is left out. Text inside an element whose content Pagefind
reads as a value (data-pagefind-filter, -meta, -sort) and inside script and style is kept whole. The copy is
never published: the search index is made from it and it is removed."""
from __future__ import annotations

import re

from markupsafe import Markup

CAP = 2  # occurrences of a word kept on a page

_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w-]*)([^>]*)>", re.S)  # a comment or a tag
_VALUE = re.compile(r"\sdata-pagefind-(?:filter|meta|sort)\b")
_PUNCTUATION = ".,:;!?()[]\"'«»‘’“”–—…"  # around a word: not part of it
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"])
_WHOLE = frozenset(("script", "style"))


_SORT_KEY = re.compile(r'<span data-pagefind-sort="[^"]*">[^<]*</span>')  # as templates/pages/_entry_head.html


def thin(html: str, cap: int = CAP, sort_keys: bool = True) -> Markup:
    """html with each word's occurrences past the cap-th left out of its text (never of a value's text); without
    its sort keys when sort_keys is false (a large index in parts is sorted by its ranks file instead)."""
    html = str(html) if sort_keys else _SORT_KEY.sub("", str(html))
    seen: dict[str, int] = {}
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether their text is kept whole)
    at = 0
    for tag in _TOKEN.finditer(html):
        start = tag.start()
        if start > at:
            text = html[at:start]
            out.append(text if stack and stack[-1][1] else _thin_text(text, seen, cap))
        out.append(tag.group(0))
        at = tag.end()
        name = tag.group(2)
        if name is None:
            continue  # a comment
        name = name.lower()
        if tag.group(1):  # a closing tag: close up to its element (lenient with unclosed ones)
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        elif name not in _VOID and not tag.group(3).endswith("/"):
            attrs = tag.group(3)
            whole = (stack[-1][1] if stack else False) or name in _WHOLE or (
                "data-pagefind-" in attrs and bool(_VALUE.search(attrs)))
            stack.append((name, whole))
    if at < len(html):
        out.append(html[at:] if stack and stack[-1][1] else _thin_text(html[at:], seen, cap))
    return Markup("".join(out))


def _thin_text(text: str, seen: dict, cap: int) -> str:
    words = text.split()
    if not words:
        return text
    kept = []
    for word, key in zip(words, text.lower().split(), strict=False):  # lower() keeps the spaces
        key = key.strip(_PUNCTUATION) or key
        n = seen.get(key, 0) + 1
        seen[key] = n
        if n <= cap:
            kept.append(word)
    # the text's own space at its start and end stays (words must not run into the next element's)
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and kept else ""
    return lead + " ".join(kept) + trail
