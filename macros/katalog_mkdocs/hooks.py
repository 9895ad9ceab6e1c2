"""MkDocs' events, forwarded to the adapter (adapter.py), in lifecycle order. No state here: each build's
state is its Adapter, kept on that build's config."""
from __future__ import annotations

import os
from pathlib import Path

from catalogue.outputs import csp, search_index
from katalog_mkdocs.adapter import Adapter


# load and validate content/ (errors stop the build), apply the site settings from content/indstillinger.yml;
# scripts/build sets KATALOG_CHECK=1: the content check's output and exit code, from this one load
def on_config(config):
    Adapter.start(config, reported=bool(os.environ.get("KATALOG_REPORTED")),
                  check=os.environ.get("KATALOG_CHECK") == "1")
    return config


# a failed build's search records (hidden: MkDocs leaves them in site/) go before this build writes its own
def on_pre_build(config):
    search_index.drop_copies(Path(config.site_dir))


# a fork's own pages (content/lokalt/sider/), then one page per page of the engine's model
def on_files(files, config):
    return Adapter.of(config).add_files(files, config)


def on_nav(nav, config, files):
    Adapter.of(config).nav = nav
    return nav


# the engine's pages are built here (in worker processes when there are many); MkDocs builds the hand-written ones
# hand-written pages: page functions in a sandbox (render_macros: true), then their HTML through the allow-list
# (catalogue/handwritten.py); the engine's pages have no Markdown
def on_page_markdown(markdown, page, config, files):
    return Adapter.of(config).page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    return Adapter.of(config).page_content(html, page)


def on_env(env, config, files):
    Adapter.of(config).build_pages(env, config, files)
    return env


# every page carries its Content-Security-Policy (catalogue/csp.py), the engine's and the hand-written ones
def on_post_page(output, page, config):
    return csp.with_policy(output)


def on_post_template(output_content, template_name, config):
    return csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def on_template_context(context, template_name, config):
    return Adapter.of(config).template_context(context, template_name)


# the search index, the PDFs and the data export (INTERFACES.md: site/data/)
def on_post_build(config):
    Adapter.of(config).finish(Path(config.site_dir))


# a failed build leaves no search records hidden in site/
def on_build_error(error):
    search_index.drop_kept()
