"""One build of the site: the validated catalogue, its renderer, the downloads it will write (artifacts.py) and its
pages (pages.py), as one object — no module state. A site builder (the MkDocs adapter in
macros/katalog_mkdocs/adapter.py, or the engine's own shell in shell.py) loads a ``SiteBuild``, asks it for the
pages, the navigation and the theme's values, has each page rendered, and puts the results into HTML. Everything
here is text or our components' ``Markup``; the site builder escapes text once where it writes it."""
from __future__ import annotations

import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from catalogue.core import artifacts, routes, workers
from catalogue.core.artifacts import Artifact
from catalogue.core.diagnostics import Report
from catalogue.load.handwritten import PAGE_FUNCTIONS
from catalogue.load.loader import Catalogue, reload_entries
from catalogue.load.loader import load as load_catalogue
from catalogue.model.kinds import KINDS, Kind
from catalogue.model.settings import Settings
from catalogue.outputs import csp, export, pdf, print_view, search_index
from catalogue.outputs import editor_config as editor
from catalogue.render import blocks
from catalogue.render.environment import TocEntry
from catalogue.render.pages import NavItem, Page, entry_src, site_nav, site_pages
from catalogue.render.renderer import Renderer


@dataclass(frozen=True)
class Rendered:
    body: Markup  # the page kind's HTML
    toc: tuple[TocEntry, ...]  # its level-2 headings, in order


@dataclass(frozen=True)
class Theme:
    """The site-wide values a theme shows (text; a site builder escapes them)."""
    site_name: str
    description: str | None
    url: str
    language: str
    logo: str | None  # a checked path under the site's pages
    copyright: str


class ContentInvalid(Exception):
    """The content has errors: there is no site to build. ``catalogue`` is what was loaded, its ``report`` the
    diagnostics (a site builder shows them)."""

    def __init__(self, catalogue: Catalogue):
        super().__init__(f"{len(catalogue.report.errors)} fejl i indholdet")
        self.catalogue = catalogue

    @property
    def report(self) -> Report:
        return self.catalogue.report


class SiteBuild:
    """Exists only for a valid catalogue (``load`` raises ContentInvalid otherwise): its renderer, pages and
    downloads are always there."""

    def __init__(self, cat: Catalogue, artifacts: tuple[Artifact, ...] = ()):
        """``artifacts``: the build's downloads (artifacts.plan; none when PDFs are off)."""
        if not cat.report.ok:
            raise ContentInvalid(cat)
        assert cat.settings is not None  # a valid catalogue has its settings (load_settings reports a missing file)
        self.cat = cat
        self.settings: Settings = cat.settings
        self.artifacts = artifacts
        self.renderer = Renderer(cat, artifacts)

    @classmethod
    def load(cls, root: Path, with_pdfs: bool | None = None) -> SiteBuild:
        """Load and validate content/ under root; ContentInvalid when it has errors. PDFs are planned when
        ``with_pdfs`` (default: pdf.enabled())."""
        # The catalogue is one large, long-lived object graph built in one go. Python's cyclic garbage collector
        # would walk it again and again while it grows (and during every later page render); loading with the
        # collector paused and then freezing the result (gc.freeze: never scanned, still freed by reference
        # counting) cut the load of 5,000 cached entries from 6.1 s to 1.3 s. See bench/RESULTS.md.
        gc.unfreeze()
        paused = gc.isenabled()
        gc.disable()
        try:
            cat = load_catalogue(root)
        finally:
            gc.freeze()
            if paused:
                gc.enable()
        if not cat.report.ok:
            raise ContentInvalid(cat)
        planned = artifacts.plan(cat) if (pdf.enabled() if with_pdfs is None else with_pdfs) else ()
        return cls(cat, planned)

    @property
    def report(self) -> Report:
        """The content's warnings and notes (a SiteBuild has no errors)."""
        return self.cat.report

    # -- what a theme shows ---------------------------------------------------------------------------------

    def theme(self) -> Theme:
        s = self.settings
        return Theme(site_name=s.site_name, description=s.description or s.subtitle, url=s.base_url,
                     language=s.language, logo=s.logo, copyright=s.organisation or "")

    def theme_extra(self) -> dict:
        """What the site's own templates (templates/overrides/) read: the strings table, the footer's values."""
        s = self.settings
        return {
            "t": self.cat.strings,
            "accessibility_url": s.accessibility_url,
            "licence": {"name": s.licence.name, "url": s.licence.url},
            # a placeholder address (example.org) is never printed (Settings.validate warns)
            "contact": {"email": s.contact_email},
            "organisation": s.organisation,
            "site_url": s.site_url,  # None while it is a placeholder: never printed
            "build_date": export.build_date(),
            "colours": s.colours.as_dict(),
            "routes": routes.template_globals(),  # the addresses the theme's templates link to
        }

    def nav(self) -> list[NavItem]:
        return site_nav(self.cat)

    def local_pages(self) -> dict[str, Path]:
        """src -> file for every file under content/lokalt/sider/ (a fork's pages, images and logo: they replace
        the embedded ones of the same name)."""
        folder = self.cat.root / "content" / "lokalt" / "sider"
        return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}

    # -- pages ------------------------------------------------------------------------------------------------

    @cached_property
    def pages(self) -> list[Page]:
        return site_pages(self.cat, self.renderer)

    @cached_property
    def _by_src(self) -> dict[str, Page]:
        return {p.src: p for p in self.pages}

    def page(self, src: str) -> Page | None:
        return self._by_src.get(src)

    def entry_page(self, entry_id: str) -> Page:
        return self._by_src[entry_src(self.cat, self.cat.entries[entry_id])]

    def render(self, page: Page) -> Rendered:
        body, toc = self.renderer.page_body(lambda: page.view.render(self.renderer, page.url))
        return Rendered(body, toc)

    def prepare(self):
        """Build the renderer's shared indexes now, before page rendering is split over worker processes."""
        self.renderer.prepare()

    def search_pages(self) -> list[str]:
        """The URLs of the pages the search index covers (the entry pages)."""
        return sorted(p.url for p in self.pages if p.searchable)

    @cached_property
    def _search_parts(self) -> dict[str, int]:
        return search_index.parts_of(self.search_pages())

    def write_search_copy(self, page: Page, rendered: Rendered, site_dir: Path) -> None:
        """Read an entry page for the search index (search_index.write_record) as Pagefind would read its search
        copy (Renderer.search_copy: its body, its words thinned); other pages have none."""
        if not page.searchable or not search_index.enabled():
            return
        parts = self._search_parts
        search_index.write_record(Path(site_dir), page.url, parts[page.url], routes.search_shards(len(parts)),
                                  page.title, rendered.body, self.settings.language)

    # -- the preview's quick update ---------------------------------------------------------------------------

    def update_entries(self, changed: list[tuple[str, Kind]]) -> Report:
        """Reload entries whose YAML changed (same ids and kinds) and start a fresh renderer and page list; on
        an error nothing changes (the report says what is wrong)."""
        report = reload_entries(self.cat, changed)
        if report.ok:
            self.renderer = Renderer(self.cat, self.artifacts)
            self.__dict__.pop("pages", None)
            self.__dict__.pop("_by_src", None)
        return report

    # -- outputs beside the pages -----------------------------------------------------------------------------

    def build_pdfs(self, site_dir: Path, threads_running: bool = False):
        """Write the PDFs the pages link to (after the HTML), in one worker process per CPU (KATALOG_WORKERS)
        from 4 PDFs on; unchanged ones come from the cache (KATALOG_PDF_CACHE, default .cache/pdf)."""
        if not self.artifacts:
            return None
        cache = os.environ.get("KATALOG_PDF_CACHE")
        n = workers.count(len(self.artifacts), threshold=4, threads_running=threads_running)
        return pdf.build(self.renderer, site_dir, Path(cache) if cache else None, workers=n, artifacts=self.artifacts)

    def write_outputs(self, site_dir: Path, threads_running: bool = False) -> None:
        """Everything beside the pages: the PDFs, the data export (INTERFACES.md: routes.DATA) and the browser
        editor (routes.ADMIN). The search index is the site builder's to run around this (it reads the pages)."""
        self.build_pdfs(site_dir, threads_running=threads_running)
        print_view.write(self.renderer, site_dir)
        export.write(self.cat, site_dir, self.artifacts)
        editor.write(self.cat, site_dir)
        # for hosts that read them: the policy's header-only part (csp.py) and robots.txt (not routes.ADMIN)
        (site_dir / "_headers").write_text(csp.headers_file(editor.connect_sources(self.cat)), encoding="utf-8")
        (site_dir / "robots.txt").write_text(csp.robots(urlsplit(self.settings.base_url or "/").path or "/"),
                                             encoding="utf-8")

    # -- functions for hand-written pages ({{ overblik('id') }} in content/sider/*.md) ------------------------

    def page_functions(self, page_url: Callable[[], str]) -> dict[str, Callable]:
        """The functions a hand-written page with ``render_macros: true`` may call, by their Danish names.
        ``page_url`` gives the address of the page being rendered (links are relative to it)."""
        cat, r = self.cat, self.renderer

        def known(kind: str) -> Kind:
            """The Kind named ``kind``; a misspelt name stops the build with the names there are."""
            for k in KINDS:
                if k.name == kind:
                    return k
            raise ValueError(f"ukendt slags poster '{kind}' — brug en af: {', '.join(k.name for k in KINDS)}")

        def overblik(entry_id: str, heading_level: int = 2):
            """The four-part overview of one initiative, with a link to it (HTML from templates: text is escaped)."""
            entry = cat.entries.get(entry_id)
            if entry is None:
                raise ValueError(f"overblik('{entry_id}'): der findes ingen post med det id")
            return blocks.overview_block(r, entry, page_url(), heading_level)

        def fremhaevet(heading_level: int = 2):
            """The featured entry's overview (settings: fremhaevet), labelled as featured."""
            featured = cat.entries.get(self.settings.featured or "")
            return blocks.overview_block(r, featured, page_url(), heading_level, featured=True) if featured else ""

        def soegefelt():
            """A search field that leads to the search page (routes.SEARCH, ?q=…)."""
            return blocks.search_box(r, page_url())

        def indgange():
            """A tile per content kind that has entries: its name, how many, one line, a link to them all."""
            return blocks.kind_tiles(r, page_url())

        def temaer():
            """Tiles of the themes and target groups in use, each leading to its page (issue 28: ways in by problem)."""
            return blocks.theme_tiles(r, page_url())

        def kort(kind: str = "initiative", hoejst: int | None = None):
            """Cards for the entries of one kind (by title), at most ``hoejst`` of them, then a link to the full
            listing: a front page stays short when a catalogue holds thousands of entries."""
            return blocks.cards_block(r, known(kind), page_url(), hoejst)

        def antal(kind: str = "initiative"):
            return len(cat.of_kind(known(kind).name))

        def komponent(name: str, **params):
            """Any component by name, e.g. {{ komponent('quote', text='…', role='Leder') }}."""
            return r.component(name, **params)

        functions: dict[str, Callable] = {"overblik": overblik, "fremhaevet": fremhaevet, "kort": kort, "antal": antal,
                                          "komponent": komponent, "soegefelt": soegefelt, "indgange": indgange,
                                          "temaer": temaer}
        assert tuple(functions) == PAGE_FUNCTIONS
        return functions
