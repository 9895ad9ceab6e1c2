"""The thin MkDocs binding (a hooks file, in lifecycle order). All real work is in the ``catalogue`` package,
which knows nothing of MkDocs: this file only loads the catalogue, adds one generated page per entry, swaps in
the rendered HTML and writes site/data/ after the build."""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.toc import get_toc  # noqa: E402

from catalogue import export, search_index, state  # noqa: E402
from catalogue.render import toc_tokens  # noqa: E402



# on_config: load and validate content/, then apply the site settings from content/indstillinger.yml
def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    cat = state.load(root)
    if cat.report.items and (cat.report.errors or not os.environ.get("KATALOG_REPORTED")):
        cat.report.print()
    if cat.report.errors:
        raise PluginError(f"{len(cat.report.errors)} fejl i indholdet; intet er udgivet. Ret fejlene ovenfor "
                          "(fil:linje:kolonne) og prøv igen.")
    s = cat.settings
    config.site_name = s.site_name
    config.site_description = s.description or s.subtitle
    if not config.site_url:
        config.site_url = s.base_url
    config.theme["language"] = s.language
    if s.logo:
        config.theme["logo"] = s.logo
        config.theme["favicon"] = s.logo
    config.copyright = s.organisation
    config.extra["ik"] = state.theme_extra()
    config.nav = state.nav(cat)
    return config


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


# on_page_content: replace the placeholder body of a generated page with the rendered page kind
def on_page_content(html, page, config, files):
    rendered = state.rendered_page(page.file.src_uri)
    if rendered is None:
        return html
    page.toc = get_toc(toc_tokens(rendered))
    return rendered


# on_post_build: the PDFs (regenerated only when changed), the data export (CONTRACT.md site/data/), the search index
def on_post_build(config):
    state.build_pdfs(Path(config.site_dir))
    export.write(state.current(), Path(config.site_dir), state.pdfs())
    if search_index.enabled():
        search_index.build(Path(config.site_dir))
