"""The Jinja environment every page, component and PDF is rendered in: templates/ (and the folders kinds bring),
autoescaped, strict about undefined names, with the strings table and the site's colours as globals."""
from __future__ import annotations

import contextlib
from typing import NamedTuple

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from catalogue import ROOT
from catalogue.core import routes
from catalogue.core.text import inline_html, markdown_html, plain, safe_url
from catalogue.load import cache as parse_cache
from catalogue.model.kinds import KINDS
from catalogue.model.workshop import minutes_text
from catalogue.render.compact import CompactLoader

# What a plan's script (assets/ik-start.js) says, by its name there: the strings keys (issue 30.4)
PLAN_STRINGS = {"h": "duration_h", "m": "duration_m", "hm": "duration_hm", "label": "agenda_start_field",
                "summary": "plan_fit_summary", "intro": "plan_fit_intro", "item": "plan_fit_item",
                "total": "plan_fit_total", "fit": "plan_fit_button", "min": "plan_fit_min",
                "reset": "plan_fit_reset", "status": "plan_fit_status", "short": "plan_fit_too_short"}

TEMPLATES = ROOT / "templates"
DEFAULT_COLOURS = {"primary": "#1f4e79", "accent": "#b5422c"}  # components rendered without a catalogue (tests)


class MissingString(KeyError):
    pass


class TocEntry(NamedTuple):
    """A level-2 heading a page kind declared (templates/heading.html): its id and its title as text."""
    id: str
    title: str


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept between builds in .cache/templates/ (issue 31: every build, and every page worker,
    compiled each template again — ~1 s of CPU, most of what a small site's build costs beyond plain Material's).
    Jinja keys each under a hash of the template's source and checks Python's version, so a changed template is
    compiled again; the files are Python bytecode, trusted as __pycache__ is. A folder that cannot be written only
    means compiling as before."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(environment: str) -> FileSystemBytecodeCache | None:
    """The compiled templates' cache of one environment (a folder each: Jinja keys a template by its name and file
    only, and what it compiles to depends on the environment's options), None with KATALOG_CACHE=0 or where
    .cache/ cannot be made."""
    if not parse_cache.enabled():
        return None
    folder = ROOT / ".cache" / "templates" / environment
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


class CatalogueEnvironment(Environment):
    """Strict about undefined names, but a missing key of a dict parameter is an absent optional value: the
    components take model records or plain dicts (fixtures, Markdown pages) alike."""

    def getattr(self, obj, attribute):
        if isinstance(obj, dict):  # data, not an object: `a.items` is the key 'items', never dict.items
            return obj.get(attribute)
        return super().getattr(obj, attribute)


def make_env(strings: dict, colours: dict | None = None) -> CatalogueEnvironment:
    """``colours``: the site's validated '#rrggbb' colours, which drawn SVG fills use (WeasyPrint's SVG ignores the
    page's CSS variables)."""
    # Templates without their indentation (compact.py); no mtime check per use: every load of content/ makes a
    # new Renderer, and so a new environment.
    # templates/, then the template folders kinds may bring of their own (Kind.templates)
    folders = [str(TEMPLATES)] + [str(k.templates) for k in KINDS if k.templates]
    env = CatalogueEnvironment(loader=CompactLoader(FileSystemLoader(folders)), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                               bytecode_cache=template_cache("engine"))

    def t(key, **kw):
        try:
            text = strings[key]
        except KeyError:
            raise MissingString(f"tekstnøglen '{key}' mangler i content/tekster/") from None
        return text.format(**kw) if kw else text

    def tn(key, n, **kw):
        """A count in words: the text of ``<key>_one`` when n is 1 ("1 post"), else of ``key`` ("{n} poster"), each
        given n. Both languages the catalogue ships have these two forms."""
        return t(f"{key}_one" if n == 1 and f"{key}_one" in strings else key, n=n, **kw)

    colours = {**DEFAULT_COLOURS, **(colours or {})}

    def t_html(key, **kw):
        """A string with HTML arguments (e.g. a <time> element): the text is escaped, the Markup arguments are not,
        plain arguments are escaped (Markup.format)."""
        return Markup.escape(t(key)).format(**kw)

    def clock_at(at, item=None):
        """A clock time of a plan as <time data-ik-clock>: a workshop page's own start time (assets/ik-start.js)
        moves every such time by the same number of minutes. ``item``: the time is the start of the plan's item
        with that index (run order; the number of items for the plan's end), so adjusted durations (issue 30.4)
        move it by the minutes before it. Empty when unknown."""
        if not at:
            return Markup("")
        if item is None:
            return Markup('<time datetime="{0}" data-ik-clock="{0}">{0}</time>').format(at)
        return Markup('<time datetime="{0}" data-ik-clock="{0}" data-ik-at="{1}">{0}</time>').format(at, int(item))

    def minutes_at(m, first, last):
        """A duration of a plan's items first..last-1 (run order) as text a page's script can adjust (issue 30.4):
        <span data-ik-span>; empty when unknown."""
        if m is None:
            return Markup("")
        return Markup('<span data-ik-span="{0} {1}">{2}</span>').format(int(first), int(last),
                                                                        minutes_text(m, strings))

    env.globals.update(
        routes=routes.template_globals(),
        t=t,
        tn=tn,
        md=markdown_html,
        inline=inline_html,
        minutes=lambda m: minutes_text(m, strings),
        colour=colours.__getitem__,
        t_html=t_html,
        clock_at=clock_at,
        minutes_at=minutes_at,
        plan_strings=lambda: {k: t(v) for k, v in PLAN_STRINGS.items()},
        toc_entry=lambda level, id, title: "",  # a Renderer records the headings of a page body
        page_toc=lambda: (),  # … and gives those recorded so far
    )
    env.filters.update(plain=plain, safe_url=safe_url)
    return env
