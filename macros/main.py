"""mkdocs-macros binding: the engine's page functions (SiteBuild.page_functions: overblik, fremhaevet, kort, antal,
komponent) callable from hand-written Markdown pages in content/sider/.

Only pages with ``render_macros: true`` in their front matter are rendered (``render_by_default: false``), so
text from YAML or from ordinary pages is never evaluated as a template."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue.sitebuild import PAGE_FUNCTIONS  # noqa: E402
from mkdocs_adapter import Adapter  # noqa: E402


def define_env(env):
    # mkdocs-macros calls this before the catalogue is loaded (its on_config runs before the hooks'): each macro
    # looks the build up when a page calls it
    def page_url():
        page = env.page
        return page.url if page is not None else ""

    def bound(name):
        def call(*args, **kwargs):
            return Adapter.of(env.conf).build.page_functions(page_url)[name](*args, **kwargs)
        call.__name__ = name
        return call

    for name in PAGE_FUNCTIONS:
        env.macro(bound(name), name)
