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

_PARTS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_VALUE = re.compile(r"\sdata-pagefind-(?:filter|meta|sort)\b")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»‘’‚“”„–—…·•"  # around a word: not part of it
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"])
_WHOLE = frozenset(("script", "style"))


def thin(html: str, cap: int = CAP) -> Markup:
    """html with each word's occurrences past the cap-th left out of its text (never of a value's text)."""
    seen: dict[str, int] = {}
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, whether their text is kept whole)

    for part in _PARTS.split(html):
        if not part:
            continue
        if part[0] == "<":
            out.append(part)
            tag = _TAG.match(part)
            if not tag:
                continue  # a comment or declaration
            name = tag.group(2).lower()
            if tag.group(1):  # a closing tag: close up to its element (lenient with unclosed ones)
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i][0] == name:
                        del stack[i:]
                        break
            elif name not in _VOID and not part.endswith("/>"):
                whole = (stack[-1][1] if stack else False) or name in _WHOLE or bool(_VALUE.search(part))
                stack.append((name, whole))
        elif stack and stack[-1][1]:
            out.append(part)
        else:
            kept = []
            for word in part.split():
                key = word.lower().strip(_PUNCTUATION) or word
                n = seen.get(key, 0)
                seen[key] = n + 1
                if n < cap:
                    kept.append(word)
            # the text's own space at its start and end stays (words must not run into the next element's)
            lead = " " if part[0].isspace() else ""
            trail = " " if part[-1].isspace() and kept else ""
            out.append(lead + " ".join(kept) + trail)
    return Markup("".join(out))
