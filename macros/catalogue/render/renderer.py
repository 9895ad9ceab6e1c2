"""A catalogue's renderer: its Jinja environment (environment.py), the components, the cards, and what every page
kind shares (facet groups, overview, quality, a kind's own context); it records the headings a page body declares
for its table of contents. The page kinds' views are views.py; the hand-written pages' blocks are blocks.py. Used
by the site builds, the PDF writer and the tests; independent of MkDocs."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import cast

from jinja2 import TemplateNotFound
from markupsafe import Markup

from catalogue.core import routes
from catalogue.core.artifacts import Artifact
from catalogue.load.loader import Catalogue
from catalogue.model import quality
from catalogue.model.entry import OWNERS
from catalogue.model.initiative import DOCUMENTATION_LEVELS, TARGET_GROUPS, Initiative, LevelRank, documentation_rank
from catalogue.render.environment import TocEntry, make_env
from catalogue.render.links import relative_url
from catalogue.render.materials import Materials
from catalogue.render.related import FacetIndex
from catalogue.render.search_copy import thin


class Renderer:
    def __init__(self, catalogue: Catalogue, artifacts: Iterable[Artifact] = ()):
        """``artifacts``: the build's planned downloads (artifacts.plan), which the pages link to."""
        self.cat = catalogue
        s = catalogue.settings
        self.env = make_env(catalogue.strings, s.colours.as_dict() if s else None)
        self.env.globals.update(label=self.label, cat=catalogue, toc_entry=self._toc_entry, page_toc=self._page_toc)
        self.t: Callable[..., str] = cast(Callable[..., str], self.env.globals["t"])
        self.materials = Materials(catalogue, self.t, artifacts)
        self.facets = FacetIndex(catalogue)
        self._headings: list[TocEntry] | None = None
        self._cards: dict[tuple, Markup] = {}

    def prepare(self) -> None:
        """Build the shared indexes now (before page rendering is split over worker processes)."""
        self.facets.postings  # noqa: B018
        self.facets.values_in_use  # noqa: B018
        self.cat.uses_index("worksheet")

    # -- what the search index reads of an entry page (render/search_copy.py) ----------------------------------

    def search_copy(self, title: str, body: Markup, lang: str, sort_keys: bool = True) -> str:
        return self.env.get_template("search_copy.html").render(title=title, body=thin(body, sort_keys=sort_keys),
                                                                lang=lang)

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

    def _page_toc(self) -> tuple[TocEntry, ...]:
        """The level-2 headings the page body being rendered has declared so far (a page kind renders the rest of
        its page first, then shows them at its top: templates/pages/_entry_toc.html)."""
        return tuple(self._headings or ())

    # -- components and cards -----------------------------------------------------------------------

    def component(self, name: str, *args, **params) -> Markup:
        try:
            module = self.env.get_template(f"components/{name}.html").module
        except TemplateNotFound:
            raise KeyError(f"ukendt komponent '{name}'") from None
        macro = getattr(module, name)
        return Markup(macro(*args, **params))

    def card_params(self, entry, from_url: str) -> dict:
        """A card's parameters; an initiative's card also says how well its effect is documented (with the level's
        place on the scale), its age groups and sectors, and offers it for comparison."""
        kind = self.cat.kind_of(entry)
        params = {"title": entry.title, "url": relative_url(self.cat.url_of(entry), from_url),
                  "summary": entry.summary, "kind_label": self.t(f"kind_{kind.name}"),
                  "owner": self.cat.owner_label(entry), "level": None, "ages": [], "sectors": [], "compare_url": None}
        if self.comparable(entry):
            params.update(level=self.level_text(entry), ages=self.facet_labels(entry, "aldersgrupper"),
                          sectors=self.facet_labels(entry, "sektorer"),
                          compare_url=relative_url(routes.compare(entry.id), from_url))
        return params

    def comparable(self, entry) -> bool:
        """An initiative of this catalogue's own (a merged one has no row on the compare page)."""
        return isinstance(entry, Initiative) and not self.cat.provenance[entry.id].merged

    def compare_tray(self, entries: Iterable, from_url: str) -> Markup:
        """The choice of initiatives to compare (components/compare_tray.html), on a page whose cards offer some;
        nothing on other pages."""
        if not any(self.comparable(e) for e in entries):
            return Markup("")
        return self.component("compare_tray", compare_url=relative_url(routes.compare(), from_url),
                              script_url=relative_url(routes.CHOOSE_JS, from_url))

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

    # -- what page kinds share ----------------------------------------------------------------------

    def label(self, vocab: str, value: str) -> str:
        return self.cat.label(vocab, value)

    def facet_url(self, vocab: str, value: str, from_url: str) -> str:
        return relative_url(routes.facet(vocab, value), from_url)

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

    def facet_labels(self, entry, vocab: str) -> list[str]:
        """The labels of the entry's values in one vocabulary (none when the catalogue lacks it)."""
        v = self.cat.vocabularies.get(vocab)
        return [v.by_id[x].label for x in (entry.facets or {}).get(vocab, []) if x in v.by_id] if v else []

    def overview_of(self, entry) -> tuple[dict, bool]:
        """The four-part overview (Initiative.overview_parts): as transcribed, or derived from the entry's fields;
        "For hvem?" falls back to the labels of its target-group facets."""
        if not isinstance(entry, Initiative):
            return {}, False
        parts, derived = entry.overview_parts(self.facet_labels(entry, TARGET_GROUPS))
        parts["therefore_status"] = self.t(f"results_status_{entry.results.status}") if entry.results else None
        return parts, derived

    # -- judging an initiative at a glance ------------------------------------------------------------

    def level_rank(self, entry) -> LevelRank:
        """The entry's documentation level and its place on the vocabulary's scale (documentation_rank)."""
        vocab = self.cat.vocabularies.get(DOCUMENTATION_LEVELS)
        ids = [v.id for v in vocab.values] if vocab else []
        if not isinstance(entry, Initiative):
            return documentation_rank(ids, None, initiative=False)
        return documentation_rank(ids, entry.documentation.level if entry.documentation else None)

    def level_text(self, entry) -> str:
        """"Evalueret — 2. bedste af 3"; the unassessed level without a rank; "Ikke oplyst i kilden" without one."""
        r = self.level_rank(entry)
        if r.level is None:
            return self.t("not_stated")
        label = self.label(DOCUMENTATION_LEVELS, r.level)
        if r.rank is None:
            return label
        return self.t("level_ranked", level=label,
                      place=self.t("level_place_best", of=r.of) if r.rank == 1 else
                      self.t("level_place", rank=r.rank, of=r.of))

    def key_facts(self, entry) -> dict:
        """An initiative's key facts (the key_facts component): each a text, a list or Markdown, and what the
        source does not say as ``None`` (the component says "Ikke oplyst i kilden")."""
        p, im, c = entry.period, entry.implementation, entry.contact
        period = None
        if p is not None:
            years = f"{p.start or ''}–{p.end or ''}" if (p.start or p.end) else None
            period = p.text or years
        if c is not None:
            contact = {"role": c.role, "organisation": c.organisation, "email": c.email, "stated": True}
        else:
            contact = {"role": None, "organisation": self.cat.owner_label(entry), "email": None, "stated": False}
        return {
            "level": self.level_text(entry),
            "results": self.t(f"results_status_{entry.results.status}") if entry.results else None,
            "economy": entry.economy,
            "period": period,
            "effort": list(im.resources) if im and im.resources else [],
            "owner": self.cat.owner_label(entry),
            "contact": contact,
            "reviewed": entry.last_reviewed.isoformat() if entry.last_reviewed else None,
        }

    def quality_of(self, entry) -> dict:
        return {"description": quality.description(entry),
                "review": quality.review(entry, self.cat.settings.review_months if self.cat.settings else 24)}

    def kind_context(self, entry, url: str) -> dict:
        """What a page kind needs beyond the entry itself (shared by the HTML pages and the PDFs): its Kind's
        context, with links relative to ``url``."""
        kind = self.cat.kind_of(entry)
        return kind.context(entry, self.cat, lambda target: relative_url(target, url)) if kind.context else {}
