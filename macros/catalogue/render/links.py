"""Links between pages: a site URL (routes.py) as a relative link from the page being rendered."""
from __future__ import annotations

import posixpath
import re


def relative_url(target: str, from_url: str) -> str:
    """Directory-style site URLs ('indsatser/x/') -> a relative link from one page to another.

    Same result as posixpath.relpath from the page's folder (tested against it), without its normalising work:
    it runs for every link of every page."""
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return target
    if not _PAGE_URL.match(from_url) or not _TARGET_URL.match(target):
        return _relative_url_slow(target, from_url)  # unusual URLs: the general path
    base = [p for p in from_url.split("/") if p]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    rel = "../" * (len(base) - common) + "/".join(parts[common:])
    if not rel or rel == "/":
        return "./"
    return rel


_PAGE_URL = re.compile(r"(?:[^/.#]+/)*\Z")  # '' or 'indsatser/x/'
_TARGET_URL = re.compile(r"(?:[^/.#]+/)*(?:[^/.#][^/#]*\.[^/#]*|)(?:#[^/]*)?\Z")  # 'indsatser/x/', 'pdf/x.pdf', 'x/#id'


def _relative_url_slow(target: str, from_url: str) -> str:
    base = posixpath.dirname(from_url.rstrip("/") + "/index.html") if from_url else "."
    rel = posixpath.relpath(target or ".", base or ".")
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel
