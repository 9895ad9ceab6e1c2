"""mkdocs-macros binding: components callable from hand-written Markdown pages in content/sider/.

Only pages with ``render_macros: true`` in their front matter are rendered (``render_by_default: false``), so
text from YAML or from ordinary pages is never evaluated as a template."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import state  # noqa: E402
from catalogue.kinds import KINDS  # noqa: E402


def define_env(env):
    def page_url():
        page = env.page
        return page.url if page is not None else ""

    @env.macro
    def overblik(entry_id: str, heading_level: int = 2):
        """The four-part overview of one initiative, with a link to it (HTML from templates: text is escaped)."""
        entry = state.current().entries.get(entry_id)
        if entry is None:
            raise ValueError(f"overblik('{entry_id}'): der findes ingen post med det id")
        return state.renderer().overview_block(entry, page_url(), heading_level)

    @env.macro
    def fremhaevet(heading_level: int = 2):
        """The featured entry's overview (settings: fremhaevet)."""
        featured = state.current().settings.featured
        return overblik(featured, heading_level) if featured else ""

    def known(kind: str):
        """The Kind named ``kind``; a misspelt name stops the build with the names there are."""
        for k in KINDS:
            if k.name == kind:
                return k
        raise ValueError(f"ukendt slags poster '{kind}' — brug en af: {', '.join(k.name for k in KINDS)}")

    @env.macro
    def kort(kind: str = "initiative", hoejst: int | None = None):
        """Cards for the entries of one kind (by title), at most ``hoejst`` of them, then a link to the full
        listing: a front page stays short when a catalogue holds thousands of entries."""
        return state.renderer().cards_block(known(kind), page_url(), hoejst)

    @env.macro
    def antal(kind: str = "initiative"):
        return len(state.current().of_kind(known(kind).name))

    @env.macro
    def komponent(name: str, **params):
        """Any component by name, e.g. {{ komponent('quote', text='…', role='Leder') }}."""
        return state.renderer().component(name, **params)
