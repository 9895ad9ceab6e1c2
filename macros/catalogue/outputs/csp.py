"""The Content-Security-Policy of every page: a second wall behind the allow-lists (handwritten.py, text.py). A
payload that slipped past them still runs no script, loads nothing from another host and posts nowhere.

Static hosts differ in what headers they let a site set, so each page carries its policy in a
``<meta http-equiv>`` (``with_policy``): scripts only from the site, plus the SHA-256 of each inline script the
page holds (Material writes one that embeds the page's base URL) — never ``'unsafe-inline'``; WebAssembly for
Pagefind (``'wasm-unsafe-eval'``); styles from the site plus the hash of the settings' colour block; images from
the site and ``data:`` (Material's icons). Where a host allows headers, ``headers_file`` gives what only a header
can say (``frame-ancestors``) in the format Netlify and Cloudflare Pages read (site/_headers).

The browser editor (/admin/) gets its own, the narrowest Decap CMS runs with: it evaluates code (``'unsafe-eval'``)
and sets inline styles (``'unsafe-inline'`` for styles only), and talks to its back end (``ADMIN_CONNECT``)."""
from __future__ import annotations

import base64
import hashlib
import re

from catalogue.core import routes

SITE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

ADMIN = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

# the hosted back ends Decap may call from /admin/ (editor.py: backend.name)
ADMIN_CONNECT = {"github": ["https://api.github.com", "https://github.com"],
                 "gitlab": ["https://gitlab.com"], "gitea": [], "azure": ["https://dev.azure.com"],
                 "bitbucket": ["https://api.bitbucket.org", "https://bitbucket.org"]}

_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """The hashes of a page's inline scripts (those a browser runs: not JSON data blocks, not src=) and styles."""
    scripts, styles = [], []
    for m in _INLINE.finditer(html):
        tag, attrs, body = m.group(1).lower(), m.group(2), m.group(3)
        if tag == "script":
            kind = _TYPE.search(attrs)
            if "src=" in attrs.lower() or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
                continue
            scripts.append(_hash(body))
        else:
            styles.append(_hash(body))
    return sorted(set(scripts)), sorted(set(styles))


def policy(directives: dict[str, list[str]], scripts=(), styles=(), connect=()) -> str:
    extra = {"script-src": list(scripts), "style-src": list(styles), "connect-src": list(connect)}
    return "; ".join(f"{name} {' '.join(values + extra.get(name, []))}" for name, values in directives.items())


def with_policy(html: str, directives: dict[str, list[str]] | None = None, connect=()) -> str:
    """The page with its Content-Security-Policy as the first element of its head (before anything it governs)."""
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        return html
    scripts, styles = inline_hashes(html)
    meta = (f'<meta http-equiv="Content-Security-Policy" content="'
            f'{policy(directives or SITE, scripts, styles, connect)}">')
    at = head.end()
    charset = re.match(r"\s*<meta charset=[^>]*>", html[at:], re.I)
    if charset:
        at += charset.end()
    return html[:at] + meta + html[at:]


def headers_file(admin_connect=()) -> str:
    """site/_headers (Netlify, Cloudflare Pages): what only a response header can say, for hosts that allow it.
    The pages' own <meta> policies still apply (a browser enforces both)."""
    frame = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
    return ("# Content-Security-Policy as headers, for hosts that read this file (Netlify, Cloudflare Pages). Each\n"
            "# page also carries its full policy in a <meta> tag; a browser enforces both.\n"
            "/*\n"
            f"  Content-Security-Policy: {frame}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n"
            f"/{routes.ADMIN}*\n"
            f"  Content-Security-Policy: {policy(ADMIN, connect=admin_connect)}; frame-ancestors 'none'\n")


def robots(base_path: str = "/") -> str:
    """robots.txt: the site may be indexed, the browser editor not (it has noindex too)."""
    return f"User-agent: *\nDisallow: {base_path.rstrip('/')}/{routes.ADMIN}\n"
