"""Blocks for hand-written pages: what the page functions ({{ overblik('id') }}, {{ kort(…) }}, …; site/build.py,
load/handwritten.py) put into a page, each rendered from a template with links relative to that page."""
from __future__ import annotations

from markupsafe import Markup

from catalogue.core import routes
from catalogue.model.kinds import KINDS, Kind
from catalogue.render.links import relative_url
from catalogue.render.renderer import Renderer


def overview_block(r: Renderer, entry, from_url: str, heading_level: int = 2, featured: bool = False) -> Markup:
    """An initiative's four-part overview and a link to its page ({{ overblik('id') }}; {{ fremhaevet() }}
    labels it as the featured one)."""
    o, derived = r.overview_of(entry)
    box = r.component("overview", heading=entry.title, heading_level=heading_level, derived=derived,
                      id=f"overblik-{entry.id}", **o)
    return Markup(r.env.get_template("pages/macro_overview.html").render(
        box=box, title=entry.title, link=relative_url(r.cat.url_of(entry), from_url), featured=featured,
        kind_label=r.t(f"kind_{r.cat.kind_of(entry).name}")))


def search_box(r: Renderer, from_url: str) -> Markup:
    """A search form that leads to the search page, routes.SEARCH ({{ soegefelt() }})."""
    return Markup(r.env.get_template("pages/macro_search_box.html").render(
        action=relative_url(routes.SEARCH, from_url)))


def kind_tiles(r: Renderer, from_url: str) -> Markup:
    """A tile per content kind with entries: name (singular for one entry), count, one line, link to its listing
    ({{ indgange() }})."""
    tiles = []
    for k in KINDS:
        n = len(r.cat.of_kind(k.name))
        if n:
            tiles.append({"label": r.t(f"kind_{k.name}" if n == 1 else f"kind_{k.name}_plural"), "count": n,
                          "intro": r.t(f"kind_{k.name}_intro"), "url": relative_url(routes.kind_listing(k), from_url)})
    return Markup(r.env.get_template("pages/macro_kind_tiles.html").render(tiles=tiles))


THEME_VOCABULARIES = ("temaer", "maalgrupper")  # the ways in by problem: themes, then target groups


def theme_tiles(r: Renderer, from_url: str) -> Markup:
    """A tile per theme and per target group in use, in the staff's words: its name, how many entries, what it
    covers (its ``beskrivelse``), a link to its page; then a link to every facet value ({{ temaer() }})."""
    groups = []
    for vocab_id in THEME_VOCABULARIES:
        vocab = r.cat.vocabularies.get(vocab_id)
        if vocab is None:
            continue
        tiles = [{"label": v.label, "count": len(ids), "intro": v.description or "",
                  "url": r.facet_url(vocab_id, v.id, from_url)}
                 for v in vocab.values if (ids := r.facets.values_in_use.get((vocab_id, v.id)))]
        if tiles:
            groups.append({"heading": r.t(f"theme_tiles_{vocab_id}"), "tiles": tiles})
    return Markup(r.env.get_template("pages/macro_theme_tiles.html").render(
        groups=groups, index_url=relative_url(routes.FACETS, from_url)))


def cards_block(r: Renderer, kind: Kind, from_url: str, limit: int | None = None) -> Markup:
    """Cards for the entries of one kind (by title), at most ``limit``, then a link to the full listing
    ({{ kort('kind', hoejst=N) }})."""
    entries = r.cat.of_kind(kind.name)
    shown = entries if limit is None else entries[:max(0, int(limit))]
    return Markup(r.env.get_template("pages/macro_cards.html").render(
        cards=[r.card_html(e, from_url, heading_level=3) for e in shown], total=len(entries),
        listing_url=relative_url(routes.kind_listing(kind), from_url), compare_tray=r.compare_tray(shown, from_url)))
