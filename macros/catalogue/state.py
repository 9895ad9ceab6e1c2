"""Per-build state shared by the MkDocs hooks and the mkdocs-macros module: the loaded catalogue, its renderer
and the generated pages. Kept here (not in the hooks file) so both bindings see the same objects."""
from __future__ import annotations

import gc
import os
from pathlib import Path

from . import pdf, workers
from .content import Catalogue, load as load_catalogue
from .kinds import KINDS
from .render import BACKLINKS_SHOWN, Renderer, backlinks_url
from .text import escaped, plain

_cat: Catalogue | None = None
_renderer: Renderer | None = None
_pages: dict[str, tuple] = {}  # src_uri -> ("entry", id) | ("listing", kind name, url)
_meta: dict[str, dict] = {}  # src_uri -> page meta (title, description) of the generated pages
_pdfs: dict[str, str] = {}


def load(root: Path) -> Catalogue:
    global _cat, _renderer, _pages
    # The catalogue is one large, long-lived object graph built in one go. Python's cyclic garbage collector
    # would walk it again and again while it grows (and during every later page render); loading with the
    # collector paused and then freezing the result (gc.freeze: never scanned, still freed by reference
    # counting) cut the load of 5,000 cached entries from 6.1 s to 1.3 s. See bench/RESULTS.md.
    gc.unfreeze()
    paused = gc.isenabled()
    gc.disable()
    try:
        _cat = None
        _cat = load_catalogue(root)
    finally:
        gc.freeze()
        if paused:
            gc.enable()
    _renderer = Renderer(_cat) if _cat.report.ok else None
    _pages = {}
    _pdfs.clear()
    if _renderer is not None and pdf.enabled():
        _pdfs.update(pdf.planned(_cat))
        _renderer.pdf_links = dict(_pdfs)
    return _cat


def build_pdfs(site_dir: Path, threads_running: bool = False):
    """Called after the HTML build: writes the PDFs the pages already link to, in one worker process per CPU
    (KATALOG_WORKERS) from 4 PDFs on."""
    if not _pdfs:
        return None
    cache = os.environ.get("KATALOG_PDF_CACHE")
    n = workers.count(len(_pdfs), threshold=4, threads_running=threads_running)
    return pdf.build(renderer(), site_dir, Path(cache) if cache else None, workers=n)


def current() -> Catalogue:
    if _cat is None:
        raise RuntimeError("kataloget er ikke indlæst")
    return _cat


def renderer() -> Renderer:
    if _renderer is None:
        raise RuntimeError("kataloget er ikke indlæst eller har fejl")
    return _renderer


def pdfs() -> dict:
    return dict(_pdfs)


def theme_extra() -> dict:
    """What the theme's templates read from config.extra.ik, escaped once (text.escaped): they print it raw."""
    s = current().settings
    return escaped({
        "t": current().strings,
        "accessibility_url": s.accessibility_url,
        "licence": {"name": s.licence.name, "url": s.licence.url},
        "contact": {"name": s.contact.name, "email": s.contact.email, "phone": s.contact.phone,
                    "address": s.contact.address},
        "organisation": s.organisation,
        "colours": {"primary": s.colours.primary, "accent": s.colours.accent},
    })


def theme_config() -> dict:
    """The MkDocs config values taken from the settings. The theme prints them unescaped (and adds |e in a few
    places, a no-op on Markup), so text arrives escaped once; the logo is a checked path under content/."""
    s = current().settings
    return {"site_name": escaped(s.site_name), "site_description": escaped(s.description or s.subtitle),
            "copyright": escaped(s.organisation), "site_url": s.base_url, "language": s.language, "logo": s.logo}


def nav(cat: Catalogue) -> list:
    """The global navigation: the hand-written pages and one listing per kind — never the entries."""
    t = cat.strings
    items = [(t.get("nav_home", "Forside"), "index.md")]
    for kind in KINDS:
        items.append((t.get(f"kind_{kind.name}_plural", kind.folder), f"{kind.url}/index.md"))
    if cat.literature is not None:
        items.append((t.get("literature_heading", "Litteratur"), "litteratur/index.md"))
    for m in cat.settings.menu:
        items.append((m.title, m.page))
    return [{escaped(title): page} for title, page in items]  # the theme prints nav titles unescaped


def _add(out: dict, uri: str, title: str, description: str):
    """A generated page: its meta goes to _meta (the MkDocs binding's GeneratedPage reads it from there, not from
    a source file) and its source is empty. Material inserts page.meta values into the HTML unescaped, so the
    values are HTML-escaped once here (Markup, so the theme's |e leaves them alone): text from YAML is data."""
    _meta[uri] = {"title": escaped(title), "description": escaped(description[:300])}
    out[uri] = ""


PAGE_SIZE = 48  # cards per listing page; longer listings paginate (side-2/, side-3/, …)


def _paginate(base_url: str, ids: list) -> list[tuple[str, str, list, int, int]]:
    """(src_uri, url, ids on the page, page number, page count) for a listing of ids."""
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        url = base_url if n == 1 else f"{base_url}side-{n}/"
        out.append((f"{url}index.md", url, ids[(n - 1) * PAGE_SIZE:n * PAGE_SIZE], n, pages))
    return out


def local_pages() -> dict[str, Path]:
    """src_uri -> file for every file under content/lokalt/sider/ (a fork's pages, images and logo)."""
    folder = current().root / "content" / "lokalt" / "sider"
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def generated_sources() -> dict[str, str]:
    """src_uri -> Markdown source: empty, for every page a page kind renders (their meta is kept in _meta)."""
    cat = current()
    t = cat.strings
    out = {}
    _meta.clear()
    for kind in KINDS:
        title = t.get(f"kind_{kind.name}_plural", kind.folder)
        ids = [e.id for e in cat.of_kind(kind.name)]
        for uri, url, page_ids, n, pages in _paginate(f"{kind.url}/", ids):
            _pages[uri] = ("listing", title, t.get(f"listing_intro_{kind.name}", ""), page_ids, url, n, pages,
                           f"{kind.url}/", len(ids))
            _add(out, uri, title if n == 1 else f"{title} ({n}/{pages})", title)
    # browsing without JavaScript: one listing per facet value in use, and an index of them
    index = renderer().facet_values_in_use()
    _pages["facetter/index.md"] = ("facet-index",)
    _add(out, "facetter/index.md", t["facets_index_title"], t["facets_index_title"])
    for (vocab, value), ids in index.items():
        v = cat.vocabularies[vocab]
        title = f"{v.label}: {v.by_id[value].label}"
        for uri, url, page_ids, n, pages in _paginate(f"facetter/{vocab}/{value}/", ids):
            _pages[uri] = ("listing", title, "", page_ids, url, n, pages, f"facetter/{vocab}/{value}/", len(ids))
            _add(out, uri, title if n == 1 else f"{title} ({n}/{pages})", title)
    _pages["soeg/index.md"] = ("search",)
    _add(out, "soeg/index.md", t["search_title"], t["search_intro"])
    _pages["felter.md"] = ("fields",)
    _add(out, "felter.md", t["fields_title"], t["fields_intro"])
    if cat.literature is not None:
        _pages["litteratur/index.md"] = ("literature",)
        _add(out, "litteratur/index.md", t["literature_title"], t["literature_intro"])
    for entry in cat.entries.values():
        uri = f"{cat.url_of(entry)}index.md"
        _pages[uri] = ("entry", entry.id)
        _add(out, uri, entry.title, plain(entry.summary))
        used_by = cat.used_by(entry)
        if len(used_by) > BACKLINKS_SHOWN:  # the entry page shows a few; this listing shows them all
            title = t["used_by_page_title"].format(title=entry.title)
            intro = t["used_by_page_intro"].format(title=entry.title)
            base = backlinks_url(cat, entry)
            for uri, url, page_ids, n, pages in _paginate(base, [e.id for e in used_by]):
                _pages[uri] = ("listing", title, intro, page_ids, url, n, pages, base, len(used_by))
                _add(out, uri, title if n == 1 else f"{title} ({n}/{pages})", intro)
    return out


def generated_meta(src_uri: str) -> dict | None:
    """The meta (title, description) of a generated page whose body a page kind renders, else None."""
    if src_uri not in _pages:
        return None
    return dict(_meta[src_uri])


def rendered_page(src_uri: str) -> str | None:
    spec = _pages.get(src_uri)
    if spec is None:
        return None
    r = renderer()
    what = spec[0]
    if what == "entry":
        return r.entry_page(current().entries[spec[1]])
    if what == "listing":
        return r.listing_page(*spec[1:])
    if what == "facet-index":
        return r.facet_index_page("facetter/")
    if what == "search":
        return r.search_page("soeg/")
    if what == "literature":
        return r.literature_page()
    if what == "fields":
        return r.fields_page()
    raise KeyError(what)
