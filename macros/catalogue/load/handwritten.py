"""Hand-written pages (content/sider/*.md, a fork's content/lokalt/sider/): what may be in them and how they become
HTML — the same for the site (macros/katalog_mkdocs/adapter.py) and the engine's own shell (shell.py).

- **Page functions in a sandbox.** A page with ``render_macros: true`` is a template that may call the documented
  page functions (PAGE_FUNCTIONS) with constant arguments, and nothing else: ``check_template`` proves
  it from the template's syntax tree when content is checked (a located error otherwise), and ``render_functions``
  renders it in Jinja's immutable sandbox where those functions are the only names. Their output (engine HTML from
  autoescaped templates) stands in the Markdown as a token and is put back after sanitising.
- **One allow-list for the page's HTML** (``sanitise``): Markdown's and any raw HTML in it. No script, style,
  frame, form, event handler or ``title`` attribute (Material would turn a title into a tooltip with innerHTML);
  links only to http(s), mailto or the site; images only from the site.
- **Located errors for what the allow-list would drop** (``check_pages``): a foreign image, stylesheet or frame
  however it is spelt (case, quotes, line breaks, srcset, reference-style, CSS url()), a script, a javascript:
  link, a missing image.
- **Files by type** (``PUBLISHED_TYPES``): pages, images and PDFs; an SVG only when it holds no script and refers
  to nothing outside itself. A page in the media folder (billeder/) is not a page."""
from __future__ import annotations

import posixpath
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3
import yaml
from jinja2 import Environment, StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from catalogue.core.diagnostics import Report
from catalogue.core.text import URL_SCHEMES, url_scheme

# the functions a page with ``render_macros: true`` may call (sitebuild.SiteBuild.page_functions makes them)
PAGE_FUNCTIONS = ("overblik", "fremhaevet", "kort", "antal", "komponent", "soegefelt", "indgange", "temaer")

# the Markdown extensions of the hand-written pages: the same as mkdocs.yml's markdown_extensions (a test compares)
MARKDOWN_EXTENSIONS = ["toc", "attr_list", "admonition", "tables", "sane_lists", "fenced_code"]
MARKDOWN_CONFIGS = {"tables": {"use_align_attribute": True}}  # align="…", not style="…" (no inline styles)

MEDIA_FOLDER = "billeder"  # the editor's media folder under sider/ (editor.py): files, never pages
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
PUBLISHED_TYPES = {".md", ".pdf"} | IMAGE_TYPES

# -- one allow-list ------------------------------------------------------------------------------------------

PAGE_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
             "mark", "small", "sub", "sup", "code", "pre", "kbd", "samp", "blockquote", "q", "cite", "ul", "ol", "li",
             "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr",
             "th", "td", "div", "span", "details", "summary", "abbr", "section", "article", "aside", "time"}
PAGE_ATTRS = {"*": {"id", "class", "lang", "dir"}, "a": {"href"}, "img": {"src", "alt", "width", "height", "loading"},
              "th": {"align", "colspan", "rowspan", "scope"}, "td": {"align", "colspan", "rowspan"},
              "ol": {"start", "reversed", "type"}, "li": {"value"}, "time": {"datetime"}}
# dropped with their content (everything else not allowed is unwrapped: its text stays)
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
                        "template", "svg", "math", "textarea", "select", "title"}
# what the check names as not allowed (the sanitiser drops them): shown to the author as a located error
REFUSED_TAGS = DROPPED_WITH_CONTENT | {"link", "meta", "base", "form", "input", "button", "video", "audio",
                                      "source", "track", "picture", "canvas", "dialog"}

def is_foreign(url: str) -> bool:
    """True for a URL that leaves the site: any scheme (http:, data:, javascript:, …) or a protocol-relative //."""
    return url_scheme(url) is not None


def _keep(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and is_foreign(value):
        return None  # images only from the site itself
    if attr == "href" and url_scheme(value) not in (None, "//", *URL_SCHEMES):
        return None  # "java script:", "JaVa&#9;ScRiPt:": whatever a browser would read as a scheme
    return value


def sanitise(html: str, outputs: dict[str, str] | None = None) -> str:
    """A page's HTML through the allow-list; then the page functions' outputs put back where their tokens are."""
    clean = nh3.clean(html, tags=PAGE_TAGS, clean_content_tags=DROPPED_WITH_CONTENT, attributes=PAGE_ATTRS,
                      url_schemes=URL_SCHEMES, attribute_filter=_keep, link_rel=None, strip_comments=True)
    for token, output in (outputs or {}).items():
        clean = clean.replace(f"<p>{token}</p>", output).replace(token, output)
    return clean


# -- page functions in a sandbox ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PageProblem:
    line: int
    column: int
    message: str
    hint: str = ""


class PageError(Exception):
    """A page's template could not be rendered: where in the page body and why (in Danish)."""

    def __init__(self, problem: PageProblem):
        super().__init__(problem.message)
        self.problem = problem


def _functions_hint(names) -> str:
    return ("en side kan kun kalde sidefunktionerne " + ", ".join(f"{n}()" for n in names) +
            " med faste værdier, fx {{ kort('initiative', hoejst=6) }}")


def check_template(text: str, names) -> list[PageProblem]:
    """Every ``{{ … }}`` of a page is a call of a page function with constant arguments; no ``{% … %}``."""
    try:
        tree = Environment().parse(text)
    except TemplateError as e:
        return [PageProblem(getattr(e, "lineno", 1) or 1, 1, f"skabelonfejl: {e.message}", _functions_hint(names))]
    problems = []
    for stmt in tree.body:
        if not isinstance(stmt, nodes.Output):
            problems.append(PageProblem(stmt.lineno, 1, f"'{{% {type(stmt).__name__.lower()} %}}' er ikke tilladt på "
                                        "en side", _functions_hint(names)))
            continue
        for node in stmt.nodes:
            if isinstance(node, (nodes.TemplateData, nodes.Const)):
                continue
            if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in names
                    and all(isinstance(a, nodes.Const) for a in node.args)
                    and all(isinstance(k.value, nodes.Const) for k in node.kwargs)
                    and node.dyn_args is None and node.dyn_kwargs is None):
                continue
            found = ([node] if isinstance(node, nodes.Name) else []) + list(node.find_all(nodes.Name))
            unknown = next((n.name for n in found if n.name not in names), None)
            message = (f"ukendt sidefunktion '{unknown}'" if unknown
                       else "kun et kald af en sidefunktion med faste værdier er tilladt i {{ … }}")
            problems.append(PageProblem(node.lineno, 1, message, _functions_hint(names)))
    return problems


def _template_line(tb) -> int:
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line or 1


def render_functions(text: str, functions: dict[str, Callable]) -> tuple[str, dict[str, str]]:
    """Render a page body with its page functions in Jinja's immutable sandbox, where they are the only names.
    Each call's output is replaced by a token (text only, so Markdown and the allow-list leave it alone); returns
    the rendered text and token -> output. Anything else a template reaches is a PageError with its line."""
    problems = check_template(text, functions)
    if problems:
        raise PageError(problems[0])
    nonce = secrets.token_hex(6)
    outputs: dict[str, str] = {}

    def bound(name, fn):
        def call(*args, **kwargs):
            value = fn(*args, **kwargs)
            token = f"ikfn{nonce}n{len(outputs)}x"
            outputs[token] = str(value if isinstance(value, Markup) else escape(str(value)))
            return token
        return call

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.globals.clear()  # no range, dict, cycler, joiner, namespace, lipsum: only the page functions
    try:
        rendered = env.from_string(text).render({name: bound(name, fn) for name, fn in functions.items()})
    except Exception as e:  # a security error, an undefined name, a function refusing its argument
        raise PageError(PageProblem(_template_line(e.__traceback__), 1, f"sidefunktion fejlede: {e}",
                                    _functions_hint(functions))) from None
    return rendered, outputs


def front_matter(text: str) -> tuple[dict, str, int]:
    """(meta, body, the number of lines before the body) of a page's source."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            try:
                meta = yaml.safe_load(text[4:end]) or {}
            except yaml.YAMLError:
                meta = {}
            rest = text[end + 4:]
            body = rest.lstrip("\n")
            offset = text[: len(text) - len(body)].count("\n")
            return (meta if isinstance(meta, dict) else {}), body, offset
    return {}, text, 0


# -- the check: located errors for what would be dropped ----------------------------------------------------

_RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background", "xlink:href", "lowsrc", "dynsrc"}
_CSS_URL = re.compile(r"(?i)(?:url\(\s*['\"]?|@import\s+['\"])([^'\")\s]+)")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute or "", value)
        self._style = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, "", ""))
        self._style = tag == "style"
        for name, value in attrs:
            self.found.append((tag, name, value or ""))
            if tag == "link" and name == "href":
                self.found.append((tag, "src", value or ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._style:
            self.found.append(("style", "style", data))

    def handle_endtag(self, tag):
        self._style = False


def _locate(source: str, value: str, offset: int) -> tuple[int, int]:
    words = value.split()
    for probe in (value, value.strip()[:40], words[0] if words and len(words[0]) > 3 else ""):
        i = source.find(probe) if probe else -1
        if i >= 0:
            return offset + source.count("\n", 0, i) + 1, i - (source.rfind("\n", 0, i) + 1) + 1
    return offset + 1, 1


def page_problems(body: str, offset: int, image_target: Callable[[str], tuple[bool, str]] | None = None,
                  where: str = "content/sider/") -> list[PageProblem]:
    """What the allow-list would drop from a page, located in its source: foreign images, stylesheets and frames
    however spelt, scripts and other refused elements, event handlers, javascript: links; images that don't exist."""
    html = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIGS).convert(body)
    collector = _Collector()
    collector.feed(html)
    collector.close()
    problems: list[PageProblem] = []
    own_files = "læg billedet i mappen billeder/ ved siden af siden, og skriv stien dertil, fx billeder/foto.jpg"
    for tag, attr, value in collector.found:
        if not attr:
            if tag in REFUSED_TAGS:
                line, col = _locate(body, f"<{tag}", offset) if f"<{tag}" in body else _locate(
                    body.lower(), f"<{tag}", offset)
                problems.append(PageProblem(line, col, f"HTML-elementet <{tag}> er ikke tilladt på en side",
                                            "en side må kun have tekst, overskrifter, lister, tabeller, links og "
                                            "billeder fra sitet; link til indhold på andre sites i stedet"))
            continue
        urls = []
        if attr in _RESOURCE_ATTRS:
            urls = (
                [part.strip().split()[0] for part in value.split(",") if part.strip()] if attr == "srcset" else [value]
            )
        elif attr == "style" or tag == "style":
            urls = _CSS_URL.findall(value)
        for url in urls:
            if "{{" in url:
                continue  # a page function's value
            what = "billedet " if tag in ("img", "source", "picture", "input") else ""
            if url_scheme(url) == "data":
                line, col = _locate(body, url, offset)
                problems.append(PageProblem(line, col, f"{what}'{url[:40]}…' er indlejret i siden (data:) og vises "
                                            "ikke", own_files))
            elif is_foreign(url):
                line, col = _locate(body, url, offset)
                problems.append(PageProblem(line, col, f"{what}'{url}' hentes fra et andet site",
                                            "kataloget henter intet fra andre domæner: " + own_files))
            elif tag == "img" and attr == "src" and image_target is not None:
                found, target = image_target(url)
                if not found:
                    line, col = _locate(body, url, offset)
                    problems.append(PageProblem(line, col, f"billedet '{url}' findes ikke",
                                                f"læg filen i {where}{target}, eller ret stien (den regnes fra "
                                                "sidens mappe)"))
        if attr.startswith("on"):
            line, col = _locate(body, attr, offset)
            problems.append(PageProblem(line, col, f"attributten '{attr}' (et script) er ikke tilladt på en side",
                                        "fjern den"))
        if attr == "href" and tag == "a" and is_foreign(value) and url_scheme(value) not in ("//", *URL_SCHEMES):
            line, col = _locate(body, value, offset)
            problems.append(PageProblem(line, col, f"linket '{value[:60]}' er ikke tilladt",
                                        "links går til http://, https:// eller mailto:, eller til en side her"))
    return problems


_SVG_REFUSED = re.compile(
    r"(?is)<\s*(script|foreignobject|iframe|embed|object|image|use|feimage|a)\b|<!(doctype|entity)"
    r"|\son[a-z]+\s*=|javascript:|(?<!xmlns)(?<!xmlns:xlink)(?<![\w:-])href\s*=\s*['\"]?\s*(?!#)"
    r"|url\(\s*['\"]?\s*(?!#)|@import"
)


def svg_problem(text: str) -> str | None:
    """Why an SVG file is refused (it would run script or fetch from elsewhere on the site's origin), or None."""
    m = _SVG_REFUSED.search(text)
    return f"'{m.group(0).strip()[:30]}'" if m else None


def published_problem(rel: str, path: Path) -> tuple[str, str] | None:
    """Why a file under sider/ is not published (message, hint), or None."""
    suffix = Path(rel).suffix.lower()
    if suffix not in PUBLISHED_TYPES:
        return (f"filtypen '{suffix or rel}' udgives ikke", "i sider/ hører sider (.md), billeder (" +
                ", ".join(sorted(IMAGE_TYPES)) + ") og PDF; flyt eller slet filen")
    if suffix == ".md" and rel.split("/")[0] == MEDIA_FOLDER:
        return (f"en side i mediemappen {MEDIA_FOLDER}/ udgives ikke", "læg siden i sider/, eller slet den")
    if suffix == ".svg":
        try:
            why = svg_problem(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            why = None
        if why:
            return (f"SVG-filen indeholder {why} (script eller indhold fra andre steder) og udgives ikke",
                    "gem billedet som PNG, eller som en SVG uden scripts og links")
    return None


_CALLS = re.compile(r"(?s)\{\{.*?\}\}|\{#.*?#\}")


def check_pages(root: Path, pages: Path, local_pages: Path, report: Report, functions=PAGE_FUNCTIONS) -> None:
    """Every file of the hand-written pages (content/sider/ and a fork's content/lokalt/sider/, one folder on the
    site): of a published type, and each page's template and HTML within the allow-list."""
    files: dict[str, Path] = {}
    for base in (pages, local_pages):  # a fork's file replaces the original's
        if base.is_dir():
            files.update({p.relative_to(base).as_posix(): p for p in sorted(base.rglob("*"))
                          if p.is_file() and not any(part.startswith(".") for part in p.relative_to(base).parts)})

    def rel(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    for src, path in sorted(files.items()):
        why = published_problem(src, path)
        if why:
            report.error(rel(path), 1, 1, why[0], why[1])
            continue
        if not src.endswith(".md"):
            continue
        try:
            meta, body, offset = front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs reports a page it can't read

        def target(url: str, src=src) -> tuple[bool, str]:
            path_part = url.split("#")[0].split("?")[0]
            found = posixpath.normpath(posixpath.join(posixpath.dirname(src), path_part) if not url.startswith("/")
                                       else path_part.lstrip("/"))
            return found in files, found

        found = check_template(body, functions) if meta.get("render_macros") else []
        problems = [PageProblem(p.line + offset, p.column, p.message, p.hint) for p in found]
        if meta.get("render_macros"):  # a call's arguments are data for its function, not the page's HTML
            body = _CALLS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
        problems += page_problems(body, offset, target,
                                  "content/lokalt/sider/" if local_pages.is_dir() else "content/sider/")
        for p in problems:
            report.error(rel(path), p.line, p.column, p.message, p.hint)
