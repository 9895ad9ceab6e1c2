"""The page kinds' views: each builds its own context from the catalogue and renders its template. A ``Page``
(pages.py) holds one; ``SiteBuild.render`` calls ``view.render(renderer, url)`` inside the renderer's page body
(which records the headings for the table of contents). What an entry kind's page needs beyond the entry is
declared with its kind (``Kind.context``, model/kinds.py); what every entry page has (facets, related, used by,
materials, quality) is built here."""
from __future__ import annotations

from dataclasses import dataclass

from catalogue.core import routes
from catalogue.load.loader import Catalogue
from catalogue.model import quality
from catalogue.model.entry import OWNERS
from catalogue.model.initiative import DOCUMENTATION_LEVELS, Initiative
from catalogue.model.kinds import KINDS
from catalogue.model.literature import LITERATURE_CATEGORIES
from catalogue.render.fieldref import field_reference, vocabulary_reference
from catalogue.render.links import relative_url
from catalogue.render.renderer import Renderer

DOCUMENTATION = "dokumentationsniveauer"  # the vocabulary of an initiative's documentation level
SEARCH_WEIGHTED = ("temaer", "maalgrupper")  # vocabularies whose labels rank an entry first (data-pagefind-weight)
SEARCH_WEIGHT = 6  # their labels' and the search words' weight: like a heading (Pagefind: h1 7, h2 6, text 1)
BACKLINKS_SHOWN = 4  # back-link cards on an entry page; more are listed on backlinks_url (its own, paginated page)


def backlinks_url(cat: Catalogue, entry) -> str:
    """The page listing every entry that refers to ``entry`` (built only when there are more than BACKLINKS_SHOWN)."""
    return routes.used_by(cat.url_of(entry))


@dataclass(frozen=True)
class EntryView:
    """An entry's page: its kind's template (a merged entry's: pages/merged.html)."""
    entry_id: str

    def render(self, r: Renderer, url: str) -> str:
        return entry_page(r, r.cat.entries[self.entry_id], url)


def entry_page(r: Renderer, entry, url: str | None = None) -> str:
    cat = r.cat
    url = cat.url_of(entry) if url is None else url
    kind = cat.kind_of(entry)
    overview, derived = r.overview_of(entry)
    provenance = cat.provenance[entry.id]
    template = r.env.get_template("pages/merged.html" if provenance.merged else kind.page_template)
    extra = {} if provenance.merged else r.kind_context(entry, url)
    used_by = cat.used_by(entry)
    used_by_more = ({"url": relative_url(backlinks_url(cat, entry), url), "n": len(used_by)}
                    if len(used_by) > BACKLINKS_SHOWN else None)
    rank = r.level_rank(entry)
    judged = r.comparable(entry)  # an own initiative: judged at a glance, offered for comparison
    related = r.facets.related(entry)
    return template.render(
        entry=entry,
        kind=kind,
        url=url,
        provenance=provenance,
        overview=overview,
        overview_derived=derived,
        used_by=[r.card_params(e, url) for e in used_by[:BACKLINKS_SHOWN]],
        used_by_more=used_by_more,
        pdf=r.materials.pdf_link(entry.id, url),
        entry_url=lambda other_id: relative_url(cat.url_of(cat.entries[other_id]), url),
        **extra,
        related=[r.card_params(e, url) for e in related],
        compare_tray=r.compare_tray([*used_by[:BACKLINKS_SHOWN], *related], url),
        facet_groups=[{**g, "weight": SEARCH_WEIGHT} if g.get("id") in SEARCH_WEIGHTED else g
                      for g in r.facet_groups(entry, url)],
        owner_url=r.facet_url(OWNERS, entry.owner, url),
        owner=cat.owner_label(entry),
        settings=cat.settings,
        quality=r.quality_of(entry),
        sheets=r.materials.sheet_links(entry, url),
        site_root=relative_url("", url),
        downloads=r.materials.download_links(entry.id, url),
        # judging at a glance: Pagefind's filter, sort key and result metadata, and the initiative's key facts
        level_sort=rank.sort,
        level_label=r.label(DOCUMENTATION_LEVELS, rank.level) if rank.level else None,
        level_text=r.level_text(entry) if judged else None,
        compare_path=routes.compare(entry.id) if judged else None,
        key_facts=r.key_facts(entry) if judged else None,
        search_terms=search_terms(cat, entry),
    )


def search_terms(cat: Catalogue, entry) -> dict:
    """What the search index reads on an entry's page beside its text (issue 28): the search words of every
    vocabulary value it carries (``soegeord``: the staff's words for a theme, said once on the value, never on the
    entry), weighted like a heading (SEARCH_WEIGHT; the themes' and target groups' labels are weighted where the
    classification shows them)."""
    words: dict[str, None] = {}
    for vocab_id, values in (entry.facets or {}).items():
        vocab = cat.vocabularies.get(vocab_id)
        if vocab is None:
            continue
        for value in values:
            v = vocab.by_id.get(value)
            if v is not None:
                words.update(dict.fromkeys(v.search_words))
    return {"words": list(words), "weight": SEARCH_WEIGHT}


@dataclass(frozen=True)
class ListingView:
    """Cards for some entries: a kind's listing, a facet value's page, the entries that use one entry."""
    title: str
    intro: str
    ids: tuple[str, ...]
    page: int
    pages: int
    base_url: str  # the first page's URL (page n > 1: routes.listing_page(base_url, n))
    total: int

    def render(self, r: Renderer, url: str) -> str:
        return r.env.get_template("pages/listing.html").render(
            title=self.title, intro=self.intro, cards=[r.card_html(r.cat.entries[i], url) for i in self.ids], url=url,
            paging=self.paging(url), total=self.total, search_words=(), kind_counts=(), groups=(),
            compare_tray=r.compare_tray((r.cat.entries[i] for i in self.ids), url))

    def paging(self, url: str) -> dict | None:
        nav = None
        if self.pages > 1:
            def page_url(n):
                return relative_url(routes.listing_page(self.base_url, n), url)
            nav = {"page": self.page, "pages": self.pages,
                   "prev": page_url(self.page - 1) if self.page > 1 else None,
                   "next": page_url(self.page + 1) if self.page < self.pages else None,
                   "links": [(n, page_url(n)) for n in range(1, self.pages + 1)]}
        return nav


@dataclass(frozen=True)
class FacetValueView(ListingView):
    """A theme's page — one facet value (routes.facet): what it covers (its ``beskrivelse``), the staff's words for
    it (``soegeord``), how many entries of each kind carry it (initiatives first), and their cards by kind."""
    vocab: str = ""
    value: str = ""
    kind_counts: tuple[tuple[str, int], ...] = ()  # (kind name, entries with the value), over every page

    def render(self, r: Renderer, url: str) -> str:
        v = r.cat.vocabularies[self.vocab].by_id[self.value]
        groups: dict[str, list] = {}
        for i in self.ids:
            e = r.cat.entries[i]
            groups.setdefault(r.cat.kind_of(e).name, []).append(r.card_html(e, url, heading_level=3))
        return r.env.get_template("pages/listing.html").render(
            title=self.title, intro=v.description or "", url=url, paging=self.paging(url), total=self.total,
            search_words=v.search_words, cards=[c for cards in groups.values() for c in cards],
            kind_counts=[{"label": r.t(f"kind_{k}_plural"), "n": n} for k, n in self.kind_counts],
            groups=[{"label": r.t(f"kind_{k}_plural"), "cards": cards} for k, cards in groups.items()],
            compare_tray=r.compare_tray((r.cat.entries[i] for i in self.ids), url))


@dataclass(frozen=True)
class FacetIndexView:
    """Every facet value in use, grouped by vocabulary, each with its page and count (routes.FACETS)."""

    def render(self, r: Renderer, url: str) -> str:
        groups: dict[str, dict] = {}
        for (vocab, value), ids in r.facets.values_in_use.items():
            v = r.cat.vocabularies[vocab]
            groups.setdefault(vocab, {"label": v.label, "values": []})["values"].append(
                {"label": v.by_id[value].label, "url": r.facet_url(vocab, value, url), "count": len(ids)})
        return r.env.get_template("pages/facet_index.html").render(groups=list(groups.values()))


@dataclass(frozen=True)
class SearchView:
    """The search page (routes.SEARCH): its filters, from the facets."""

    def render(self, r: Renderer, url: str) -> str:
        t = r.t
        # each filter's values in their vocabulary's order (Pagefind filters on the labels the pages show); the
        # documentation level is the filter key 'dokumentation' the entry pages mark (_entry_head.html). The
        # editors' filters (description level, review: model/quality.py) are not offered to visitors (issue 28);
        # the editors' page links to them.
        facets = [{"id": "dokumentation" if v.id == DOCUMENTATION else v.id, "label": v.label,
                   "values": [x.label for x in v.values]} for v in r.cat.facets()]
        kinds = [{"name": k.name, "label": t(f"kind_{k.name}")} for k in KINDS]
        # a large index's further parts (routes.search_shards), relative to Pagefind's folder; one page per entry
        shards = [relative_url(routes.search_shard(i), routes.PAGEFIND)
                  for i in range(1, routes.search_shards(len(r.cat.entries)))]
        return r.env.get_template("pages/search.html").render(
            facets=facets, kinds=kinds, pagefind_url=relative_url(routes.PAGEFIND_JS, url).rstrip("/"), shards=shards,
            ranks_url=relative_url(routes.SEARCH_RANKS, url).rstrip("/"), dictionary=routes.SEARCH_DICTIONARY_FILTER,
            site_root=relative_url("", url), themes_url=relative_url(routes.FACETS, url),
            compare_tray=r.compare_tray(r.cat.of_kind("initiative"), url))


@dataclass(frozen=True)
class LiteratureView:
    """The literature list (routes.LITERATURE), by category, each title with the entries that cite it."""

    def render(self, r: Renderer, url: str) -> str:
        cat = r.cat
        lit = cat.literature
        if lit is None:  # site_pages makes this page only for a catalogue with a literature list
            return ""
        vocab = cat.vocabularies.get(LITERATURE_CATEGORIES)
        groups = []
        for value in (vocab.values if vocab else []):
            items = [i for i in lit.items if i.category == value.id]
            if items:
                groups.append({"id": value.id, "label": value.label, "items": items})
        used_by = {}
        for item in lit.items:
            ids = cat.literature_backlinks.get(item.id, set())
            used_by[item.id] = [{"url": relative_url(cat.url_of(cat.entries[i]), url), "title": cat.entries[i].title}
                                for i in sorted(ids) if i in cat.entries]
        return r.env.get_template("pages/literature.html").render(lit=lit, groups=groups, used_by=used_by)


@dataclass(frozen=True)
class FieldsView:
    """The editors' field reference (routes.FIELDS), from the model."""

    def render(self, r: Renderer, url: str) -> str:
        facets = [v.id for v in r.cat.facets() if v.id != OWNERS] or ["aldersgrupper"]
        return r.env.get_template("pages/fields.html").render(
            groups=field_reference(facets), vocabularies=vocabulary_reference(r.cat), quality=quality.explained())


@dataclass(frozen=True)
class RunView:
    """An entry's run view (routes.run), for the kinds that declare one (Kind.run: a workshop's "Afvikl" view, the
    session in the room step by step with a timer): every item of its plan in order; assets/ik-run.js shows one
    at a time. Without JavaScript the items are a run sheet."""
    entry_id: str

    def render(self, r: Renderer, url: str) -> str:
        entry = r.cat.entries[self.entry_id]
        run = r.cat.kind_of(entry).run
        assert run is not None  # site_pages makes a run view only for a kind that declares one
        plan, items = run(entry)
        return r.env.get_template("pages/run.html").render(
            entry=entry, plan=plan, items=items, back=relative_url(r.cat.url_of(entry), url),
            site_root=relative_url("", url))


# The compare page's columns (issue 28.4), in order: the key of a row's value and the strings key of its heading
COMPARE_COLUMNS = (("title", "compare_col_title"), ("why", "overview_why"), ("for_whom", "overview_for_whom"),
                   ("how", "overview_how"), ("therefore", "overview_therefore"), ("target", "compare_col_target"),
                   ("ages", "compare_col_ages"), ("level", "compare_col_level"), ("results", "compare_col_results"),
                   ("economy", "compare_col_economy"), ("implementation", "compare_col_implementation"),
                   ("owner", "compare_col_owner"), ("contact", "compare_col_contact"),
                   ("reviewed", "compare_col_reviewed"))
RESULTS_ORDER = ("opnaaet", "forventet", "ikke-maalt")  # the results' statuses, the strongest first (sorting)


def compare_ids(cat: Catalogue) -> list[str]:
    """The initiatives the compare page lists: the site's own (a merged one is compared on its own site)."""
    return [e.id for e in cat.of_kind("initiative") if isinstance(e, Initiative) and not cat.provenance[e.id].merged]


def compare_row(r: Renderer, entry, url: str) -> dict:
    """One initiative's row of the compare table: each column's value (its key facts and overview) and the key
    the column sorts by (data-sort: a number where the order is a scale, else text)."""
    parts, _ = r.overview_of(entry)
    facts = r.key_facts(entry)
    status = entry.results.status if entry.results else None
    target, ages = r.facet_labels(entry, "maalgrupper"), r.facet_labels(entry, "aldersgrupper")
    return {"id": entry.id, "title": entry.title, "url": relative_url(r.cat.url_of(entry), url),
            "parts": {k: parts[k] for k in ("why", "for_whom", "how", "therefore")},
            "target": ", ".join(target), "ages": ", ".join(ages), "facts": facts,
            "sort": {"title": entry.title, "level": r.level_rank(entry).sort,
                     "results": RESULTS_ORDER.index(status) + 1 if status in RESULTS_ORDER else len(RESULTS_ORDER) + 1,
                     "reviewed": facts["reviewed"] or "", "owner": facts["owner"], "target": ", ".join(target),
                     "ages": ", ".join(ages)}}


@dataclass(frozen=True)
class CompareView:
    """Every initiative in one table (routes.COMPARE; paginated as the listings), with the compare page's columns;
    assets/ik-compare.js sorts it by a column and shows the initiatives the URL chooses (?poster=a,b,c) side by
    side, from the table's cells (those of another page of the table are fetched from the site). Without
    JavaScript it is a plain table."""
    ids: tuple[str, ...]
    page: int
    pages: int
    total: int

    def render(self, r: Renderer, url: str) -> str:
        def page_url(n):
            return relative_url(routes.listing_page(routes.COMPARE, n), url)
        paging = None
        if self.pages > 1:
            paging = {"page": self.page, "pages": self.pages,
                      "prev": page_url(self.page - 1) if self.page > 1 else None,
                      "next": page_url(self.page + 1) if self.page < self.pages else None,
                      "links": [(n, page_url(n)) for n in range(1, self.pages + 1)]}
        return r.env.get_template("pages/compare.html").render(
            columns=[{"key": k, "label": r.t(label)} for k, label in COMPARE_COLUMNS],
            rows=[compare_row(r, r.cat.entries[i], url) for i in self.ids], paging=paging,
            other_pages=[page_url(n) for n in range(1, self.pages + 1) if n != self.page],
            total=self.total, site_root=relative_url("", url))


View = CompareView | EntryView | ListingView | FacetIndexView | SearchView | LiteratureView | FieldsView | RunView
