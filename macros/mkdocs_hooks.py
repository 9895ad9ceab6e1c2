"""The thin MkDocs binding (a hooks file, in lifecycle order). All real work is in the ``catalogue`` package,
which knows nothing of MkDocs: this file only loads the catalogue, adds one generated page per entry, listing
and facet value, renders those pages (in several processes when there are many) and writes site/data/ after
the build."""
from __future__ import annotations

import logging
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.commands.build import get_context  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402
from mkdocs.utils import write_file  # noqa: E402

from catalogue import export, search_index, state, workers  # noqa: E402
from catalogue.compact import CompactLoader  # noqa: E402
from catalogue.render import toc_tokens  # noqa: E402
from catalogue.workers import run as run_in_workers  # noqa: E402



# on_startup: under `mkdocs serve` (which rebuilds on a thread beside the server's) pages are never forked
def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


_serving = False


# on_config: load and validate content/, then apply the site settings from content/indstillinger.yml
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    cat = state.load(root)
    if cat.report.items and (cat.report.errors or not os.environ.get("KATALOG_REPORTED")):
        cat.report.print()
    if cat.report.errors:
        raise PluginError(f"{len(cat.report.errors)} fejl i indholdet; intet er udgivet. Ret fejlene ovenfor "
                          "(fil:linje:kolonne) og prøv igen.")
    theme = state.theme_config()
    config.site_name = theme["site_name"]
    config.site_description = theme["site_description"]
    if not config.site_url:
        config.site_url = theme["site_url"]
    config.theme["language"] = theme["language"]
    if theme["logo"]:
        config.theme["logo"] = theme["logo"]
        config.theme["favicon"] = theme["logo"]
    config.copyright = theme["copyright"]
    config.extra["ik"] = state.theme_extra()
    config.nav = state.nav(cat)
    return config


# on_pre_build: before MkDocs empties site/, keep the last search index for Pagefind to reuse (search_index.py)
def on_pre_build(config):
    global _site_dir
    _site_dir = Path(config.site_dir)
    search_index.keep_previous(_site_dir)


_site_dir = None


# on_files: a fork's own pages (content/lokalt/sider/), then one generated page per entry, listing and facet value
def on_files(files, config):
    for src_uri, path in state.local_pages().items():  # content/lokalt/sider/: a fork's pages win
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, abs_src_path=str(path)))
    for src_uri, content in state.generated_sources().items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files


class GeneratedPage(Page):
    """A page whose body a page kind renders (entries, listings, facet values, search, literature). Its source
    is empty, so MkDocs' reading and Markdown steps are skipped: the meta comes from the catalogue (state.py)
    and the body is rendered in on_env. (With 5,000 entries the Markdown pipeline over those empty bodies
    alone took several seconds.)"""

    def read_source(self, config):
        self.markdown = ""
        self.meta = state.generated_meta(self.file.src_uri)

    def render(self, config, files):
        self.content, self.toc, self._title_from_render = "", get_toc([]), None
        self.present_anchor_ids, self.links_to_anchors = set(), {}


# on_nav: the generated pages (in the nav or not) become GeneratedPages
def on_nav(nav, config, files):
    global _nav
    _nav = nav
    for file in files.documentation_pages():
        if state.generated_meta(file.src_uri) is None:
            continue
        if file.page is None:
            GeneratedPage(None, file, config)
        else:
            file.page.__class__ = GeneratedPage  # a page of the nav: same object, our two steps
    return nav


# on_env: render every generated page -- its page kind, then the theme's template around it -- in worker
# processes when there are many (KATALOG_WORKERS, default: one per CPU from 400 pages), each written to site/ by
# the process that rendered it. MkDocs' own page step then uses templates/overrides/ik-rendered.html, which
# renders nothing, so it leaves those files alone.
def on_env(env, config, files):
    env.loader = CompactLoader(env.loader)  # Material's templates without their indentation (see compact.py)
    env.auto_reload = False  # MkDocs makes a new environment for every build: no need to stat each template per use
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # no drafts in this site
    pages = [f.page for f in doc_files if isinstance(f.page, GeneratedPage)]
    global _job
    _job = (pages, config, doc_files, _nav, env)
    state.renderer().prepare()  # shared indexes, built once before the workers fork
    n_workers = _workers(len(pages))
    started = time.perf_counter()
    if n_workers > 1:
        chunks = [range(i, min(i + 40, len(pages))) for i in range(0, len(pages), 40)]
        try:
            for done in run_in_workers(_render_chunk, chunks, n_workers):
                _apply(pages, done)
        except RuntimeError as e:
            raise PluginError(f"Fejl under generering af siderne: {e}") from None
    else:
        _apply(pages, _render_chunk(range(len(pages))))
    _job = None
    global _search
    if search_index.enabled():  # runs while MkDocs writes the rest of the site; on_post_build waits for it
        cat = state.current()
        _search = search_index.start(Path(config.site_dir), {cat.url_of(e).split("/")[0] for e in cat.entries.values()})
    print(f"Sider: {len(pages)} genereret på {n_workers} {'processer' if n_workers > 1 else 'proces'} "
          f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return env


_job = _nav = _search = None
_ID = re.compile(r'\sid="([^"]+)"')


def _workers(pages: int) -> int:
    # under `mkdocs serve` the build runs beside the server's threads: no forking then (workers.count)
    return workers.count(pages, threshold=400, threads_running=_serving)


def _render_chunk(indexes):
    """Runs in a worker (or inline): renders and writes some generated pages; returns their anchor ids."""
    pages, config, doc_files, nav, env = _job
    out = []
    for i in indexes:
        page = pages[i]
        body = state.rendered_page(page.file.src_uri)
        page.content, page.toc = body, get_toc(toc_tokens(body))
        config._current_page, page.active = page, True
        try:
            context = get_context(nav, doc_files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            html = env.get_template(page.meta.get("template", "main.html")).render(context)
        finally:
            config._current_page, page.active = None, False
        write_file(html.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        out.append((i, set(_ID.findall(body))))
    return out


def _apply(pages, done):
    """In the main process: what MkDocs still needs of a page written by _render_chunk."""
    for i, ids in done:
        page = pages[i]
        page.content, page.present_anchor_ids = "", ids
        page.meta["template"] = "ik-rendered.html"  # renders nothing: MkDocs leaves the written file alone


class _QuietSkips(logging.Filter):
    """MkDocs logs "Page skipped: '<src_uri>'. Generated empty output." for every page it does not write; the
    generated pages are written already, so those lines are dropped (a hand-written page's still shows)."""
    _SKIPPED = re.compile(r"Page skipped: '(.+)'\. Generated empty output\.")

    def filter(self, record):
        m = self._SKIPPED.match(record.getMessage())
        return not (m and state.generated_meta(m.group(1)) is not None)


logging.getLogger("mkdocs.commands.build").addFilter(_QuietSkips())


# on_post_build: the PDFs (regenerated only when changed), the data export (INTERFACES.md: site/data/), the search index
def on_post_build(config):
    state.build_pdfs(Path(config.site_dir), threads_running=_serving)
    export.write(state.current(), Path(config.site_dir), state.pdfs())
    global _search
    if _search is not None:
        job, _search = _search, None
        search_index.finish(job)


# on_build_error: stop a search index still being built for a build that failed; drop an index kept for reuse
def on_build_error(error):
    global _search
    if _search is not None:
        _search[0].kill()
        _search[0].wait()
        _search = None
    if _site_dir is not None:
        search_index.drop_previous(_site_dir)
