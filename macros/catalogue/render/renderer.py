"""Jinja rendering of components and page kinds, independent of MkDocs (used by the MkDocs binding, the
PDF writer, the export and the tests)."""
from __future__ import annotations

import heapq
import posixpath
import re
from collections.abc import Callable
from functools import cached_property
from typing import NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from markupsafe import Markup

from catalogue import ROOT
from catalogue.core import routes
from catalogue.core.artifacts import Artifact, by_entry, head, in_materials
from catalogue.core.text import inline_html, markdown_html, plain, safe_url
from catalogue.load.loader import Catalogue
from catalogue.model import quality
from catalogue.model.entry import OWNERS
from catalogue.model.initiative import Initiative
from catalogue.model.kinds import KINDS
from catalogue.model.workshop import agenda, minutes_text
from catalogue.render.compact import CompactLoader
from catalogue.render.fieldref import field_reference, vocabulary_reference

TEMPLATES = ROOT / "templates"


BACKLINKS_SHOWN = 4  # back-link cards on an entry page; more are listed on backlinks_url (its own, paginated page)


def backlinks_url(cat: Catalogue, entry) -> str:
    """The page listing every entry that refers to ``entry`` (built only when there are more than BACKLINKS_SHOWN)."""
    return routes.used_by(cat.url_of(entry))


class MissingString(KeyError):
    pass


class TocEntry(NamedTuple):
    """A level-2 heading a page kind declared (templates/heading.html): its id and its title as text."""
    id: str
    title: str


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


class CatalogueEnvironment(Environment):
    """Strict about undefined names, but a missing key of a dict parameter is an absent optional value: the
    components take model records or plain dicts (fixtures, Markdown pages) alike."""

    def getattr(self, obj, attribute):
        if isinstance(obj, dict):  # data, not an object: `a.items` is the key 'items', never dict.items
            return obj.get(attribute)
        return super().getattr(obj, attribute)


DEFAULT_COLOURS = {"primary": "#1f4e79", "accent": "#b5422c"}  # components rendered without a catalogue (tests)


def make_env(strings: dict, colours: dict | None = None) -> Environment:
    """``colours``: the site's validated '#rrggbb' colours, which drawn SVG fills use (WeasyPrint's SVG ignores the
    page's CSS variables)."""
    # Templates without their indentation (compact.py); no mtime check per use: every load of content/ makes a
    # new Renderer, and so a new environment.
    # templates/, then the template folders kinds may bring of their own (Kind.templates)
    folders = [str(TEMPLATES)] + [str(k.templates) for k in KINDS if k.templates]
    env = CatalogueEnvironment(loader=CompactLoader(FileSystemLoader(folders)), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)

    def t(key, **kw):
        try:
            text = strings[key]
        except KeyError:
            raise MissingString(f"tekstnøglen '{key}' mangler i content/tekster/") from None
        return text.format(**kw) if kw else text


    colours = {**DEFAULT_COLOURS, **(colours or {})}

    def t_html(key, **kw):
        """A string with HTML arguments (e.g. a <time> element): the text is escaped, the Markup arguments are not,
        plain arguments are escaped (Markup.format)."""
        return Markup.escape(t(key)).format(**kw)

    def clock_at(at):
        """A clock time of a plan as <time data-ik-clock>: a workshop page's own start time (assets/ik-start.js)
        moves every such time by the same number of minutes. Empty when unknown."""
        if not at:
            return Markup("")
        return Markup('<time datetime="{0}" data-ik-clock="{0}">{0}</time>').format(at)

    env.globals.update(
        routes=routes.template_globals(),
        t=t,
        md=markdown_html,
        inline=inline_html,
        minutes=lambda m: minutes_text(m, strings),
        colour=colours.__getitem__,
        t_html=t_html,
        clock_at=clock_at,
        toc_entry=lambda level, id, title: "",
    )  # a Renderer records the headings of a page body
    env.filters.update(plain=plain, safe_url=safe_url)
    return env


class Materials:
    """What an entry page links to for use in the room: its downloads (artifacts.plan — the build gives them with
    ``use``; none when PDFs are off) and the worksheets it uses — the PDF link at the top of the page and the
    "Materialer" box of workshops and learning packs."""

    def __init__(self, catalogue: Catalogue, t: Callable):
        self.cat, self.t = catalogue, t
        self.planned: dict[str, tuple[Artifact, ...]] = {}  # entry id -> its downloads

    def use(self, artifacts) -> None:
        self.planned = by_entry(artifacts)

    def own_pdf(self, entry_id: str) -> str | None:
        """The site path of an entry's own PDF (its head download), if the build writes one."""
        own = head(self.planned.get(entry_id, ()))
        return own.path if own else None

    def pdf_link(self, entry_id: str, from_url: str) -> str | None:
        own = self.own_pdf(entry_id)
        return own and relative_url(own, from_url)

    def download_links(self, entry_id: str, from_url: str) -> list[dict]:
        """The downloads an entry's "Materialer" box lists: each with its link and its label (text)."""
        return [{"url": relative_url(a.path, from_url), "label": self.t(a.label)}
                for a in in_materials(self.planned.get(entry_id, ()))]

    def sheet_links(self, entry, from_url: str) -> list[dict]:
        """The worksheets an entry uses (its own list and its steps' and activities'), each with its page, its PDF
        and its orientation."""
        return [{"title": sheet.title, "url": relative_url(self.cat.url_of(sheet), from_url),
                 "pdf": self.pdf_link(sheet.id, from_url), "orientation": self.t(f"orientation_{sheet.orientation}")}
                for sheet in self._sheets_by_user.get(entry.id, ())]

    def sheets_of(self, entry) -> list:
        """The worksheets an entry uses (its own, its steps' and activities'), by title."""
        return list(self._sheets_by_user.get(entry.id, ()))

    @cached_property
    def _sheets_by_user(self) -> dict:
        """entry id -> the worksheets it uses, by title (from the back-links: one pass over the worksheets)."""
        out: dict = {}
        for sheet in self.cat.of_kind("worksheet"):
            for user in self.cat.backlinks.get(sheet.id, ()):
                out.setdefault(user, []).append(sheet)
        return out


class Renderer:
    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        s = catalogue.settings
        self.env = make_env(catalogue.strings, s and s.colours.as_dict())
        self.env.globals.update(label=self.label, cat=catalogue, toc_entry=self._toc_entry)
        self.materials = Materials(catalogue, self.env.globals["t"])
        self._headings: list[TocEntry] | None = None

    # -- a page body and its table of contents ------------------------------------------------------

    def page_body(self, render: Callable[[], str]) -> tuple[Markup, tuple[TocEntry, ...]]:
        """Runs one page kind's render and returns the body with the level-2 headings it declared on the way
        (templates/heading.html): the table of contents comes from those calls, not from the HTML."""
        outer, self._headings = self._headings, []
        try:
            body = render()
            headings = tuple(self._headings)
        finally:
            self._headings = outer
        return Markup(body), headings

    def _toc_entry(self, level, id, title) -> str:
        if self._headings is not None and level == 2:
            text = title.striptags() if isinstance(title, Markup) else str(title)
            self._headings.append(TocEntry(str(id), text))
        return ""

    # -- components ---------------------------------------------------------------------------------

    def component(self, name: str, *args, **params) -> Markup:
        try:
            module = self.env.get_template(f"components/{name}.html").module
        except TemplateNotFound:
            raise KeyError(f"ukendt komponent '{name}'") from None
        macro = getattr(module, name)
        return Markup(macro(*args, **params))

    # -- helpers used by page kinds -----------------------------------------------------------------

    def label(self, vocab: str, value: str) -> str:
        return self.cat.label(vocab, value)

    def facet_groups(self, entry, from_url: str | None = None) -> list[dict]:
        """The entry's facets as groups of labelled values, linked to their facet pages when from_url is given."""
        groups = []
        for vocab in self.cat.facets():
            values = (entry.facets or {}).get(vocab.id)
            if vocab.id == OWNERS:
                continue
            if values:
                groups.append({"id": vocab.id, "label": vocab.label, "ids": list(values), "values": [
                    {"label": vocab.by_id[v].label, "url": self.facet_url(vocab.id, v, from_url) if from_url else None}
                    for v in values]})
        return groups

    def overview_of(self, entry) -> tuple[dict, bool]:
        """The four-part overview (Initiative.overview_parts): as transcribed, or derived from the entry's fields."""
        if not isinstance(entry, Initiative):
            return {}, False
        return entry.overview_parts()

    def related(self, entry, limit: int = 6, budget: int = 2000) -> list:
        """Explicit links first, then the entries sharing the most facet values. Uses an inverted index and
        visits the entry's rarest values first, stopping after ``budget`` postings: the work per entry is
        bounded, so the whole catalogue costs O(N), not O(N²)."""
        back = sorted((self.cat.entries[i] for i in self.cat.related_back.get(entry.id, ()) if i in self.cat.entries
                       and i not in entry.related), key=lambda e: (e.title.lower(), e.id))
        chosen = [self.cat.entries[i] for i in entry.related if i in self.cat.entries] + back  # both ways
        if len(chosen) < limit:
            scores: dict[str, int] = {}
            postings = sorted((self._facet_index.get(pair, ()) for pair in self._pairs(entry)), key=len)
            visited = 0
            for ids in postings:
                if visited >= budget:
                    break
                for other in ids[:budget]:
                    if other != entry.id:
                        scores[other] = scores.get(other, 0) + 1
                visited += len(ids)
            # the best few by (shared values desc, id asc), without sorting every candidate
            best = heapq.nsmallest(limit + len(chosen), scores.items(), key=lambda kv: (-kv[1], kv[0]))
            for other, _ in best:
                if len(chosen) >= limit:
                    break
                e = self.cat.entries[other]
                if e not in chosen:
                    chosen.append(e)
        return chosen[:limit]

    def prepare(self):
        """Build the shared indexes now (before page rendering is split over worker processes)."""
        self._facet_index  # noqa: B018

    @staticmethod
    def _pairs(entry):
        return [(vocab, v) for vocab, values in (entry.facets or {}).items() if vocab != OWNERS for v in values]

    @cached_property
    def _facet_index(self) -> dict:
        index: dict = {}
        for e in self.cat.entries.values():
            for pair in self._pairs(e):
                index.setdefault(pair, []).append(e.id)
        return index

    def card_params(self, entry, from_url: str) -> dict:
        kind = self.cat.kind_of(entry)
        return {"title": entry.title, "url": relative_url(self.cat.url_of(entry), from_url), "summary": entry.summary,
                "kind_label": self.env.globals["t"](f"kind_{kind.name}"), "owner": self.cat.owner_label(entry)}

    def card_html(self, entry, from_url: str, heading_level: int = 2) -> Markup:
        """A listing card, rendered once per entry and relative link: an entry appears on its kind's listing and on
        the page of every facet value it has, and only the relative link differs between those pages."""
        # keyed by the link itself: pages at the same depth may still need different links (a back-link page
        # under the entry's own folder shares a prefix with its targets; a facet page does not)
        key = (entry.id, relative_url(self.cat.url_of(entry), from_url), heading_level)
        html = self._cards.get(key)
        if html is None:
            html = self._cards[key] = self.component("card", heading_level=heading_level,
                                                     **self.card_params(entry, from_url))
        return html

    @cached_property
    def _cards(self) -> dict:
        return {}

    # -- blocks for hand-written pages (macros/main.py) -----------------------------------------------

    def overview_block(self, entry, from_url: str, heading_level: int = 2, featured: bool = False) -> Markup:
        """An initiative's four-part overview and a link to its page ({{ overblik('id') }}; {{ fremhaevet() }}
        labels it as the featured one)."""
        o, derived = self.overview_of(entry)
        box = self.component("overview", heading=entry.title, heading_level=heading_level, derived=derived,
                             id=f"overblik-{entry.id}", **o)
        return Markup(self.env.get_template("pages/macro_overview.html").render(
            box=box, title=entry.title, link=relative_url(self.cat.url_of(entry), from_url), featured=featured,
            kind_label=self.env.globals["t"](f"kind_{self.cat.kind_of(entry).name}")))

    def search_box(self, from_url: str) -> Markup:
        """A search form that leads to the search page, routes.SEARCH ({{ soegefelt() }})."""
        return Markup(self.env.get_template("pages/macro_search_box.html").render(
            action=relative_url(routes.SEARCH, from_url)))

    def kind_tiles(self, from_url: str) -> Markup:
        """A tile per content kind with entries: name, count, one line, link to its listing ({{ indgange() }})."""
        t = self.env.globals["t"]
        tiles = [{"label": t(f"kind_{k.name}_plural"), "count": len(self.cat.of_kind(k.name)),
                  "intro": t(f"kind_{k.name}_intro"), "url": relative_url(routes.kind_listing(k), from_url)}
                 for k in KINDS if self.cat.of_kind(k.name)]
        return Markup(self.env.get_template("pages/macro_kind_tiles.html").render(tiles=tiles))

    def cards_block(self, kind, from_url: str, limit: int | None = None) -> Markup:
        """Cards for the entries of one kind (by title), at most ``limit``, then a link to the full listing
        ({{ kort('kind', hoejst=N) }})."""
        entries = self.cat.of_kind(kind.name)
        shown = entries if limit is None else entries[:max(0, int(limit))]
        return Markup(self.env.get_template("pages/macro_cards.html").render(
            cards=[self.card_html(e, from_url, heading_level=3) for e in shown], total=len(entries),
            listing_url=relative_url(routes.kind_listing(kind), from_url)))

    # -- page kinds ----------------------------------------------------------------------------------

    def entry_page(self, entry) -> str:
        kind = self.cat.kind_of(entry)
        url = self.cat.url_of(entry)
        overview, derived = self.overview_of(entry)
        provenance = self.cat.provenance[entry.id]
        template = self.env.get_template("pages/merged.html" if provenance.merged else kind.page_template)
        extra = {} if provenance.merged else self.kind_context(entry, url)
        used_by = self.cat.used_by(entry)
        used_by_more = ({"url": relative_url(backlinks_url(self.cat, entry), url), "n": len(used_by)}
                        if len(used_by) > BACKLINKS_SHOWN else None)
        return template.render(
            entry=entry,
            kind=kind,
            url=url,
            provenance=provenance,
            overview=overview,
            overview_derived=derived,
            used_by=[self.card_params(e, url) for e in used_by[:BACKLINKS_SHOWN]],
            used_by_more=used_by_more,
            pdf=self.materials.pdf_link(entry.id, url),
            entry_url=lambda other_id: relative_url(self.cat.url_of(self.cat.entries[other_id]), url),
            **extra,
            related=[self.card_params(e, url) for e in self.related(entry)],
            facet_groups=self.facet_groups(entry, url),
            owner_url=self.facet_url(OWNERS, entry.owner, url),
            owner=self.cat.owner_label(entry),
            settings=self.cat.settings,
            quality=self.quality_of(entry),
            sheets=self.materials.sheet_links(entry, url),
            site_root=relative_url("", url),
            downloads=self.materials.download_links(entry.id, url),
        )

    def quality_of(self, entry) -> dict:
        return {"description": quality.description(entry),
                "review": quality.review(entry, self.cat.settings.review_months or 24)}

    def kind_context(self, entry, url: str) -> dict:
        """What a page kind needs beyond the entry itself (shared by the HTML pages and the PDFs): its Kind's
        context, with links relative to ``url``."""
        kind = self.cat.kind_of(entry)
        return kind.context(entry, self.cat, lambda target: relative_url(target, url)) if kind.context else {}

    def literature_page(self, url: str = routes.LITERATURE) -> str:
        lit = self.cat.literature
        vocab = self.cat.vocabularies.get("litteraturkategorier")
        groups = []
        for value in (vocab.values if vocab else []):
            items = [i for i in lit.items if i.category == value.id]
            if items:
                groups.append({"id": value.id, "label": value.label, "items": items})
        used_by = {}
        for item in lit.items:
            ids = self.cat.literature_backlinks.get(item.id, set())
            used_by[item.id] = [{"url": relative_url(self.cat.url_of(self.cat.entries[i]), url),
                                 "title": self.cat.entries[i].title} for i in sorted(ids) if i in self.cat.entries]
        return self.env.get_template("pages/literature.html").render(lit=lit, groups=groups, used_by=used_by)

    def listing_page(self, title: str, intro: str, ids: list, url: str, page: int = 1, pages: int = 1,
                     base_url: str | None = None, total: int | None = None) -> str:
        entries = [self.cat.entries[i] for i in ids]
        base_url = base_url or url
        nav = None
        if pages > 1:
            def page_url(n):
                return relative_url(routes.listing_page(base_url, n), url)
            nav = {"page": page, "pages": pages, "prev": page_url(page - 1) if page > 1 else None,
                   "next": page_url(page + 1) if page < pages else None,
                   "links": [(n, page_url(n)) for n in range(1, pages + 1)]}
        return self.env.get_template("pages/listing.html").render(
            title=title, intro=intro, cards=[self.card_html(e, url) for e in entries], url=url, paging=nav,
            total=total if total is not None else len(entries))

    def facet_values_in_use(self) -> dict:
        """(vocabulary, value) -> entry ids sorted by title, for every facet value some entry uses (incl. owner)."""
        if getattr(self, "_in_use", None) is None:
            index: dict = {}
            for e in sorted(self.cat.entries.values(), key=lambda e: e.title.lower()):
                pairs = [(v, x) for v, xs in (e.facets or {}).items() for x in xs]
                pairs.append((OWNERS, e.owner))
                for pair in dict.fromkeys(pairs):
                    index.setdefault(pair, []).append(e.id)
            order = {v.id: (v.order, n) for n, v in enumerate(self.cat.facets())}
            self._in_use = dict(sorted(index.items(), key=lambda kv: (order.get(kv[0][0], (999, 0)),
                                                                      self.cat.vocabularies[kv[0][0]].values.index(
                                                                          self.cat.vocabularies[kv[0][0]].by_id[kv[0][1]]))))
        return self._in_use

    def facet_url(self, vocab: str, value: str, from_url: str) -> str:
        return relative_url(routes.facet(vocab, value), from_url)

    def facet_index_page(self, url: str) -> str:
        groups = {}
        for (vocab, value), ids in self.facet_values_in_use().items():
            v = self.cat.vocabularies[vocab]
            groups.setdefault(vocab, {"label": v.label, "values": []})["values"].append(
                {"label": v.by_id[value].label, "url": self.facet_url(vocab, value, url), "count": len(ids)})
        return self.env.get_template("pages/facet_index.html").render(groups=list(groups.values()))

    def fields_page(self) -> str:
        """The editors' field reference (routes.FIELDS), from the model."""
        facets = [v.id for v in self.cat.facets() if v.id != OWNERS] or ["aldersgrupper"]
        return self.env.get_template("pages/fields.html").render(
            groups=field_reference(facets), vocabularies=vocabulary_reference(self.cat), quality=quality.explained())

    def run_page(self, entry, url: str) -> str:
        """A workshop's run view (issue 21): every activity and break of its plan as one item, in order, each with
        its step, clock times, minutes, how to do it and what to remember; assets/ik-run.js shows one at a time with
        a timer. Without JavaScript the items are a run sheet."""
        plan = agenda(entry)
        items = []
        for step, row in zip(entry.steps, plan.steps, strict=True):
            if step.is_break or not step.activities:
                items.append({"step": step.title, "title": step.title, "minutes": row.computed, "start": row.start,
                              "end": row.end, "how": step.text, "remember": [], "questions": [], "is_break": True})
                continue
            for act, slot in zip(step.activities, row.slots, strict=True):
                items.append({"step": step.title, "title": act.title, "minutes": act.minutes, "start": slot.start,
                              "end": slot.end, "how": act.how, "remember": act.remember or [],
                              "questions": act.questions or [], "is_break": False})
        return self.env.get_template("pages/run.html").render(
            entry=entry, plan=plan, items=items, back=relative_url(self.cat.url_of(entry), url),
            site_root=relative_url("", url))

    def search_page(self, url: str) -> str:
        t = self.env.globals["t"]
        # each filter's values in their vocabulary's order (Pagefind filters on the labels the pages show); the
        # description level and the review state are editors' filters, shown apart
        facets = [{"id": v.id, "label": v.label, "values": [x.label for x in v.values]} for v in self.cat.facets()] + [
            {"id": "beskrivelse", "label": t("quality_filter"), "editorial": True,
             "values": [t(f"quality_level_{level}") for level in ("high", "medium", "low")]},
            {"id": "gennemgang", "label": t("review_filter"), "editorial": True,
             "values": [t(f"review_{state}") for state in ("ok", "due", "never")]}]
        kinds = [{"name": k.name, "label": self.env.globals["t"](f"kind_{k.name}")}
                 for k in KINDS]
        return self.env.get_template("pages/search.html").render(
            facets=facets, kinds=kinds, pagefind_url=relative_url(routes.PAGEFIND_JS, url).rstrip("/"),
            site_root=relative_url("", url))
