"""MkDocs + Material as an adapter of the engine's page model (catalogue/sitebuild.py, catalogue/pages.py).

The engine says which pages there are, what they are called and what their bodies and tables of contents are;
this module hands them to MkDocs as pages of its own kind (``EnginePage``, a documented way: MkDocs keeps a page a
plugin has set on a file), lets MkDocs build the navigation and put Material's frame around each body, and escapes
the engine's text once on the way (Material prints titles, descriptions and config values unescaped).

Build state lives on one ``Adapter`` per build, kept on the MkDocs config object of that build
(``Adapter.of(config)``): no module state. The hooks file (mkdocs_hooks.py) only forwards MkDocs' events here.

MkDocs' names with a leading underscore are used in one place only, ``mkdocs_build_page`` below (the forked page
workers); tests/test_adapter.py checks the syntax tree for any other and fails when that function changes."""
from __future__ import annotations

import re
import sys
import threading
import time
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from catalogue.cli import check as check_cli
from catalogue.core import workers
from catalogue.core.text import escaped
from catalogue.load import handwritten
from catalogue.outputs import search_index
from catalogue.outputs.export import write_schemas
from catalogue.render.compact import CompactLoader
from catalogue.render.environment import template_cache
from catalogue.render.pages import Page as ModelPage
from catalogue.site.build import ContentInvalid, Rendered, SiteBuild

ATTRIBUTE = "katalog_adapter"  # the attribute of the MkDocs config that holds this build's Adapter
INVALID = "katalog_invalid"  # … or, when the content has errors, the loaded catalogue with its report


class ContentErrors(PluginError):
    """The content has errors: nothing is built. ``report`` holds the diagnostics (MkDocs turns this into its
    own Abort; scripts/serve reads the report from the build's Adapter and shows it)."""

    def __init__(self, message: str, report):
        super().__init__(message)
        self.report = report


def mkdocs_build_page(page: Page, config, doc_files, nav, env) -> None:
    """MkDocs' own page step: get_context, the page_context event, the theme template, the post_page event, the
    file written. Called by the page workers, which MkDocs' public API cannot start: forking while MkDocs loops over
    the pages would need its build loop. Checked against MkDocs 1.6.1 (mkdocs/commands/build.py); the test
    tests/test_adapter.py::test_the_one_private_mkdocs_function_is_unchanged fails when its code changes."""
    mkdocs_build._build_page(page, config, doc_files, nav, env)


class EnginePage(Page):
    """A page the engine renders. MkDocs reads no source for it and runs no Markdown: its meta comes from the page
    model, and its body is rendered when the page is built (Adapter.build_pages)."""

    def __init__(self, model: ModelPage, file: File, config, nav_title: str | None = None):
        self.model = model
        super().__init__(escaped(nav_title) if nav_title is not None else None, file, config)

    def read_source(self, config):
        self.markdown = ""
        # Material inserts meta values into the HTML unescaped: text from YAML is escaped once here
        self.meta = {"title": escaped(self.model.title), "description": escaped(self.model.description)}
        if self.model.wide:
            self.meta["hide"] = ["navigation", "toc"]

    def render(self, config, files):
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}

    def release(self):
        """After the page is written: drop its body and table of contents, as MkDocs holds no page's HTML after
        writing it either (at 5,000 entries every page's HTML kept would be ~100 MB per page worker)."""
        self.content = ""
        self.toc = get_toc([])

    def fill(self, rendered: Rendered):
        """The body and the table of contents, from the engine."""
        self.content = rendered.body
        # "html": what Material's TOC prints (MkDocs' token type does not name it)
        self.toc = get_toc([{"level": 2, "id": h.id, "name": escaped(h.title), "html": escaped(h.title),  # type: ignore[typeddict-unknown-key]
                             "children": []} for h in rendered.toc])


_ID = re.compile(r'\sid="([^"]+)"')


def anchor_ids(body: str) -> set[str]:
    """The ids a body defines, for MkDocs' check of links from Markdown pages to anchors on engine pages. Our
    templates write every id as id="…" (autoescaped: no quote inside)."""
    return set(_ID.findall(body))


class Adapter:
    def __init__(self, build: SiteBuild):
        self.build = build
        self.nav = None
        self.pages: list[EnginePage] = []
        self.page_files: list[File] = []  # every documentation page, the engine's included (sitemap.xml)
        self.env = None  # the theme's Jinja environment of this build (scripts/serve rebuilds pages with it)
        self.outputs: dict[str, dict[str, str]] = {}  # a hand-written page's page-function outputs, by its src

    @staticmethod
    def of(config) -> Adapter:
        adapter = getattr(config, ATTRIBUTE, None)
        if adapter is None:
            raise RuntimeError("kataloget er ikke indlæst (mkdocs.yml skal have hooks: macros/katalog_mkdocs/hooks.py)")
        return adapter

    # on_config
    @classmethod
    def start(cls, config, reported: bool = False, check: bool = False) -> Adapter:
        """Load and validate content/; stop the build on errors; apply the site settings to the config.
        ``check`` (scripts/build, KATALOG_CHECK=1): the content is checked here, in the build's process and with
        its parse cache, instead of by a scripts/check run of its own before the build: the same diagnostics and
        counts (check.print_summary) and, on errors, the JSON Schemas editors read, one line and exit code 1."""
        root = Path(config.config_file_path).resolve().parent
        try:
            build = SiteBuild.load(root)
        except ContentInvalid as invalid:
            if check:
                check_cli.print_summary(invalid.catalogue)
                if invalid.catalogue.settings is not None:
                    write_schemas(invalid.catalogue, Path(config.site_dir))
                print("Byggeriet er stoppet: ret fejlene ovenfor. Intet er udgivet.", file=sys.stderr)
                raise SystemExit(1) from None
            invalid.report.print()
            setattr(config, INVALID, invalid.catalogue)  # scripts/serve shows the errors in the browser
            raise ContentErrors(f"{len(invalid.report.errors)} fejl i indholdet; intet er udgivet. Ret fejlene "
                                "ovenfor (fil:linje:kolonne) og prøv igen.", invalid.report) from None
        if check:
            check_cli.print_summary(build.cat)
        elif (build.report.items or build.report.notes) and not reported:
            build.report.print()
        adapter = cls(build)
        setattr(config, ATTRIBUTE, adapter)
        theme = build.theme()
        # the theme prints these unescaped (and adds |e in a few places, a no-op on Markup)
        config.site_name = escaped(theme.site_name)
        config.site_description = escaped(theme.description)
        if not config.site_url:
            config.site_url = theme.url
        config.theme["language"] = theme.language
        if theme.logo:
            config.theme["logo"] = theme.logo
            config.theme["favicon"] = theme.logo
        config.copyright = escaped(theme.copyright)
        config.extra["ik"] = escaped(build.theme_extra())
        config.nav = [{escaped(item.title): item.src} for item in build.nav()]
        return adapter

    # on_files
    def add_files(self, files: Files, config) -> Files:
        """A fork's own pages (content/lokalt/sider/) replace the embedded ones; then one EnginePage per page of
        the model (a nav item keeps the nav's title, as MkDocs gives a page listed in the nav)."""
        for src, local in self.build.local_pages().items():
            self.replace_file(files, File.generated(config, src, abs_src_path=str(local)))
        docs = Path(config.docs_dir).resolve()
        for file in list(files):  # only pages, images and PDFs are published (the check reports the rest)
            path = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if path is not None and (path.is_relative_to(docs) or file.src_uri in self.build.local_pages()) \
                    and handwritten.published_problem(file.src_uri, path):
                files.remove(file)
        nav_titles = {item.src: item.title for item in self.build.nav()}
        self.pages = []
        for model in self.build.pages:
            file = File.generated(config, model.src, content="")
            self.replace_file(files, file)
            self.pages.append(EnginePage(model, file, config, nav_titles.get(model.src)))
        return files

    @staticmethod
    def replace_file(files: Files, file: File):
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    # on_page_markdown
    def page_markdown(self, text: str, page: Page) -> str:
        """A hand-written page with ``render_macros: true``: its page functions, rendered in the sandbox
        (handwritten.render_functions); anything else it reaches stops the build with the page's line."""
        if isinstance(page, EnginePage) or not page.meta.get("render_macros"):
            return text
        try:
            text, self.outputs[page.file.src_uri] = handwritten.render_functions(
                text, self.build.page_functions(lambda: page.url))
        except handwritten.PageError as e:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else ""
            offset = handwritten.front_matter(source)[2]
            p = e.problem
            path = Path(page.file.abs_src_path or page.file.src_uri).resolve()
            root = self.build.cat.root.resolve()
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else page.file.src_uri
            where = f"{shown}:{p.line + offset}:{p.column}"
            raise PluginError(f"{where}: error: {p.message} — {p.hint}") from None
        return text

    # on_page_content
    def page_content(self, html: str, page: Page) -> str:
        """A hand-written page's HTML through the one allow-list; its page functions' outputs put back."""
        if isinstance(page, EnginePage):
            return html
        return handwritten.sanitise(html, self.outputs.pop(page.file.src_uri, None))

    # on_env
    def build_pages(self, env, config, files: Files) -> None:
        """Build every engine page — body, table of contents, Material's frame, written to site/ — in worker
        processes when there are many (KATALOG_WORKERS; default one per CPU from 400 pages), then take them out of
        MkDocs' own page loop, which builds the hand-written pages after this."""
        env.loader = CompactLoader(env.loader)  # Material's templates without their indentation (compact.py)
        env.auto_reload = False  # MkDocs makes a new environment for every build: no stat per template use
        env.bytecode_cache = template_cache("theme")  # Material's templates compiled once, not per build and worker
        self.env = env
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # no drafts in this site
        self.page_files = list(doc_files)
        pages = [f.page for f in doc_files if isinstance(f.page, EnginePage)]
        self.build.prepare()  # shared indexes, built once before the workers fork
        # beside other threads (a live-reload server) nothing is forked (workers.count)
        n_workers = workers.count(len(pages), threshold=400, threads_running=threading.active_count() > 1)
        started = time.perf_counter()

        def build_chunk(indexes):
            out = []
            for i in indexes:
                page = pages[i]
                rendered = self.build.render(page.model)
                self.build.write_search_copy(page.model, rendered, config.site_dir)
                page.fill(rendered)
                mkdocs_build_page(page, config, self.page_files, self.nav, self.env)
                out.append((i, anchor_ids(rendered.body)))
                page.release()  # written: its HTML is not kept (memory flat per entry; bench/REPORT.md)
            return out

        if n_workers > 1:
            chunks = [range(i, min(i + 40, len(pages))) for i in range(0, len(pages), 40)]
            try:
                for done in workers.run(build_chunk, chunks, n_workers):
                    for i, ids in done:
                        pages[i].present_anchor_ids = ids
            except RuntimeError as e:
                raise PluginError(f"Fejl under generering af siderne: {e}") from None
        else:
            for i, ids in build_chunk(range(len(pages))):
                pages[i].present_anchor_ids = ids
        for page in pages:  # built: MkDocs' page loop builds the hand-written pages only
            files.remove(page.file)
        print(f"Sider: {len(pages)} genereret på {n_workers} {'processer' if n_workers > 1 else 'proces'} "
              f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)

    # on_template_context
    def template_context(self, context, template_name: str):
        if template_name == "sitemap.xml":  # every page, the engine's too (they are out of MkDocs' page loop)
            context["pages"] = self.page_files
        return context

    # on_post_build
    def finish(self, site_dir: Path) -> None:
        """The search index (Pagefind, in the background), the PDFs (regenerated only when changed), the data
        export (INTERFACES.md: site/data/) and the browser editor (site/admin/, editor.py)."""
        job = search_index.start(site_dir, self.build.search_pages()) if search_index.enabled() else None
        try:
            self.build.write_outputs(site_dir, threads_running=threading.active_count() > 1)
        except BaseException:
            if job is not None:
                search_index.stop(job)
            raise
        if job is not None:
            search_index.finish(job)

    # scripts/serve: the pages of changed entries, through the same model and MkDocs' page step
    def rebuild_entry_pages(self, entry_ids: list[str], site_dir: Path, config) -> None:
        """Write the pages of these entries into site_dir again, from the reloaded catalogue (SiteBuild.
        update_entries), in the frame of the last build: the same page model and MkDocs page step as a build."""
        by_src = {p.model.src: p for p in self.pages}
        for entry_id in entry_ids:
            model = self.build.entry_page(entry_id)
            page = by_src[model.src]
            page.model = model
            page.read_source(config)
            page.fill(self.build.render(model))
            page.file.abs_dest_path = str(Path(site_dir) / page.file.dest_uri)
            mkdocs_build_page(page, config, self.page_files, self.nav, self.env)
