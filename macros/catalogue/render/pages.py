"""The page model: every page the engine makes, as plain values a site builder turns into HTML.

A ``Page`` says where a page lives (``src``, ``url``), what it is called (``title``, ``description``: text, never
HTML), whether the search index covers it, its PDF, and its ``view`` — which page kind renders its body and with
what (views.py). ``SiteBuild.render`` (site/build.py) turns a page into its body (our components' HTML,
``Markup``) and its table of contents (the headings the page kind declared). Whoever puts a page into HTML — the
MkDocs adapter, the engine's own shell (shell.py) — escapes the text fields exactly once. Nothing here imports
MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, replace

from catalogue.core import routes
from catalogue.core.text import plain
from catalogue.load.loader import Catalogue
from catalogue.model.kinds import KINDS
from catalogue.render.renderer import Renderer
from catalogue.render.views import (
    BACKLINKS_SHOWN,
    CompareView,
    EntryView,
    FacetIndexView,
    FacetValueView,
    FieldsView,
    ListingView,
    LiteratureView,
    RunView,
    SearchView,
    View,
    backlinks_url,
    compare_ids,
)

PAGE_SIZE = 48  # cards per listing page; longer listings paginate (routes.listing_page)


def run_url(cat: Catalogue, entry) -> str:
    """The run view of a workshop (routes.run)."""
    return routes.run(cat.url_of(entry))


@dataclass(frozen=True)
class Page:
    src: str  # the page's name among the site's sources, as MkDocs files it (routes.src)
    url: str  # its address under the site root (routes)
    title: str  # text
    description: str  # text (at most 300 characters)
    view: View
    searchable: bool = False  # in the search index (Pagefind reads the entry pages)
    pdf: str | None = None  # the site path of its PDF, if the build writes one
    wide: bool = False  # the whole width: no navigation or contents beside it (the search page's results)


@dataclass(frozen=True)
class NavItem:
    """One item of the global navigation: a title (text) and the page's src."""
    title: str
    src: str


def entry_src(cat: Catalogue, entry) -> str:
    """The src of an entry's page ('indsatser/x/index.md')."""
    return routes.src(cat.url_of(entry))


def _page(src: str, title: str, description: str, view: View, **kw) -> Page:
    return Page(src, routes.url_of_src(src), title, description[:300], view, **kw)


def _listing(base_url: str, title: str, intro: str, description: str, ids: list[str],
             facet: tuple[str, str, tuple[tuple[str, int], ...]] | None = None) -> list[Page]:
    """A listing of ids, PAGE_SIZE cards per page: base_url, then routes.listing_page(base_url, n); a facet
    value's (vocabulary, value, entries per kind) makes it a theme's page (FacetValueView)."""
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        url = routes.listing_page(base_url, n)
        shown = tuple(ids[(n - 1) * PAGE_SIZE:n * PAGE_SIZE])
        view: ListingView = (FacetValueView(title, intro, shown, n, pages, base_url, len(ids), *facet) if facet
                             else ListingView(title, intro, shown, n, pages, base_url, len(ids)))
        out.append(_page(routes.src(url), title if n == 1 else f"{title} ({n}/{pages})", description, view))
    return out


def _compare(cat: Catalogue) -> list[Page]:
    """The compare page (routes.COMPARE): every initiative in a table, PAGE_SIZE rows a page like the listings."""
    ids = compare_ids(cat)
    if not ids:
        return []
    t = cat.strings
    pages = max(1, -(-len(ids) // PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        url = routes.listing_page(routes.COMPARE, n)
        view = CompareView(tuple(ids[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]), n, pages, len(ids))
        title = t["compare_title"] if n == 1 else f"{t['compare_title']} ({n}/{pages})"
        out.append(replace(_page(routes.src(url), title, t["compare_intro"], view), wide=True))
    return out


def site_pages(cat: Catalogue, renderer: Renderer) -> list[Page]:
    """Every page the engine renders, in a fixed order: kind listings, facet pages, search, fields, literature,
    entries (each followed by its 'used by' listing when it has more back-links than its page shows)."""
    t = cat.strings
    out: list[Page] = []
    for kind in KINDS:
        title = t.get(f"kind_{kind.name}_plural", kind.folder)
        out += _listing(routes.kind_listing(kind), title, t.get(f"listing_intro_{kind.name}", ""), title,
                        [e.id for e in cat.of_kind(kind.name)])
    # browsing without JavaScript: one listing per facet value in use, and an index of them
    out.append(_page(routes.src(routes.FACETS), t["facets_index_title"], t["facets_index_title"], FacetIndexView()))
    kind_order = {k.name: n for n, k in enumerate(KINDS)}
    for (vocab, value), ids in renderer.facets.values_in_use.items():
        v = cat.vocabularies[vocab]
        title = f"{v.label}: {v.by_id[value].label}"
        # a theme's page: initiatives first, then each kind in KINDS' order, each by title (as values_in_use)
        by_kind = sorted(ids, key=lambda i: kind_order[cat.kind_of(cat.entries[i]).name])
        counts: dict[str, int] = {}
        for i in by_kind:
            name = cat.kind_of(cat.entries[i]).name
            counts[name] = counts.get(name, 0) + 1
        out += _listing(routes.facet(vocab, value), title, "", plain(v.by_id[value].description or "") or title,
                        by_kind, facet=(vocab, value, tuple(counts.items())))
    out.append(replace(_page(routes.src(routes.SEARCH), t["search_title"], t["search_intro"], SearchView()), wide=True))
    out += _compare(cat)
    out.append(_page(routes.src(routes.FIELDS), t["fields_title"], t["fields_intro"], FieldsView()))
    if cat.literature is not None:
        out.append(_page(routes.src(routes.LITERATURE), t["literature_title"], t["literature_intro"], LiteratureView()))
    for entry in cat.entries.values():
        out.append(_page(entry_src(cat, entry), entry.title, plain(entry.summary), EntryView(entry.id),
                         searchable=True, pdf=renderer.materials.own_pdf(entry.id)))
        if cat.kind_of(entry).run and getattr(entry, "steps", None):  # a run view for the room (Kind.run)
            out.append(replace(_page(routes.src(run_url(cat, entry)), t["run_title"].format(title=entry.title),
                                     plain(entry.summary), RunView(entry.id)), wide=True))
        used_by = cat.used_by(entry)
        if len(used_by) > BACKLINKS_SHOWN:  # the entry page shows a few; this listing shows them all
            intro = t["used_by_page_intro"].format(title=entry.title)
            out += _listing(backlinks_url(cat, entry), t["used_by_page_title"].format(title=entry.title), intro,
                            intro, [e.id for e in used_by])
    return out


def site_nav(cat: Catalogue) -> list[NavItem]:
    """The global navigation: the hand-written front page, one listing per kind, the themes (the facet index),
    the literature, the settings' menu — never the entries."""
    t = cat.strings
    items = [NavItem(t.get("nav_home", "Forside"), routes.src(routes.HOME))]
    for kind in KINDS:
        items.append(NavItem(t.get(f"kind_{kind.name}_plural", kind.folder), routes.src(routes.kind_listing(kind))))
    items.append(NavItem(t["facets_index_title"], routes.src(routes.FACETS)))  # the ways in by theme (issue 28)
    if cat.literature is not None:
        items.append(NavItem(t.get("literature_heading", "Litteratur"), routes.src(routes.LITERATURE)))
    for m in (cat.settings.menu if cat.settings else []):
        items.append(NavItem(m.title, m.page))
    return items
