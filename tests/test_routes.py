"""Every address is spelt once (issue 27): macros/catalogue/core/routes.py. The engine, the MkDocs adapter (macros/*.py)
and the templates ask it — Python through ``routes``, templates through the ``routes`` global, ``config.extra.ik.
routes`` or the URLs passed in, scripts through data attributes — and no URL pattern is written anywhere else.

What is looked at: Python's string literals (docstrings and comments are prose, not addresses), and templates,
scripts and style sheets without their comments."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from catalogue.core import routes
from catalogue.model.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
ROUTES = ROOT / "macros" / "catalogue" / "core" / "routes.py"

# the URL patterns routes.py owns; each is one regular expression over a literal or a template's text
PATTERNS = {
    "search": r"\bsoeg/",
    "facets": r"\bfacetter/",
    "literature": r"\blitteratur/",
    "fields": r"\bfelter(?:/|\.md\b)",
    "listing pages": r"(?<![\w-])side-(?:\d|\{|$|n/)",
    "used by": r"\bbruges-i/",
    "run view": r"\bafvikl/",
    "merged catalogues": r"\bandre-kataloger\b",
    "admin": r"(?<![\w-])admin/",
    "data files": r"(?<![\w-])data/",
    "search index": r"(?<![\w-])pagefind/",
    "session PDF": r"-materiale\b",
}
FOUND = re.compile("|".join(f"(?:{p})" for p in PATTERNS.values()), re.M)

# Literals that look like an address and are not one. Each says why; keep it short.
EXCEPTIONS: dict[tuple[str, str], str] = {}


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _python_literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LINE_COMMENT = re.compile(r"(?:^|(?<=\s))//[^\n]*")


def _blank(match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))  # keeps line numbers


def _template_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        return _HTML_COMMENT.sub(_blank, _JINJA_COMMENT.sub(_blank, text))
    text = _BLOCK_COMMENT.sub(_blank, text)
    return _LINE_COMMENT.sub(_blank, text) if path.suffix == ".js" else text


def _is_template_name(literal: str) -> bool:
    """'admin/index.html' names a template file (a loader path), not an address."""
    return literal.endswith(".html") and (TEMPLATES / literal).is_file()


def url_literals() -> list[str]:
    found = []
    python = sorted((ROOT / "macros").rglob("*.py"))
    for path in python:
        if path == ROUTES:
            continue
        rel = path.relative_to(ROOT).as_posix()
        for line, literal in _python_literals(path):
            if FOUND.search(literal) and not _is_template_name(literal) and (rel, literal) not in EXCEPTIONS:
                found.append(f"{rel}:{line}: {literal!r}")
    assets = [p for p in sorted(TEMPLATES.rglob("*")) if p.suffix in (".html", ".js", ".css") and p.is_file()]
    for path in assets:
        rel = path.relative_to(ROOT).as_posix()
        text = _template_text(path)
        for m in FOUND.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            literal = text.splitlines()[line - 1].strip()
            if (rel, m.group(0)) not in EXCEPTIONS:
                found.append(f"{rel}:{line}: {literal[:120]}")
    return found


def test_no_url_literal_outside_routes():
    found = url_literals()
    assert not found, "URL-mønstre uden for macros/catalogue/core/routes.py (brug routes):\n" + "\n".join(found)


def test_the_check_sees_a_literal(tmp_path, monkeypatch):
    """The scan is not blind: each pattern catches its address, and comments and docstrings do not count."""
    for literal in ("soeg/", "facetter/a/b/", "litteratur/", "felter/", "felter.md", "side-", "side-2/", "bruges-i/",
                    "afvikl/", "andre-kataloger", "admin/", "data/catalogue.json", "pagefind/pagefind.js",
                    "-materiale"):
        assert FOUND.search(literal), literal
    for prose in ("indside-", "metadata/", "en samling af felter", "materialer", "bruges-i", "afvikling"):
        assert not FOUND.search(prose), prose
    src = tmp_path / "x.py"
    src.write_text('"""soeg/ in a docstring"""\n# facetter/ in a comment\nA = f"{x}afvikl/"\n', encoding="utf-8")
    assert [v for _, v in _python_literals(src) if FOUND.search(v)] == ["afvikl/"]
    js = tmp_path / "x.js"
    js.write_text("// soeg/\nconst u = 'https://x/'; /* felter/ */ const v = 'bruges-i/';\n", encoding="utf-8")
    assert [m.group(0) for m in FOUND.finditer(_template_text(js))] == ["bruges-i/"]


def test_routes_imports_nothing_of_the_engine():
    tree = ast.parse(ROUTES.read_text(encoding="utf-8"))
    engine = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("catalogue"))
              or isinstance(n, ast.Import) and any(a.name.startswith("catalogue") for a in n.names)]
    assert not engine, "routes.py sits at the bottom"
    assert [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]  # the walk sees its imports


def test_the_patterns():
    kind = KINDS[0]
    assert routes.entry(kind, "x") == f"{kind.url}/x/" and routes.kind_listing(kind) == f"{kind.url}/"
    assert routes.listing_page("facetter/a/b/", 1) == "facetter/a/b/"
    assert routes.listing_page("facetter/a/b/", 3) == "facetter/a/b/side-3/"
    assert routes.facet("a", "b") == "facetter/a/b/"
    assert routes.used_by("indsatser/x/") == "indsatser/x/bruges-i/" and routes.run("d/x/") == "d/x/afvikl/"
    assert routes.merged_entry("nabo/x") == "andre-kataloger/nabo/x/" and routes.merged_catalogue("nabo") == "andre-kataloger/nabo/"
    assert routes.pdf("indsatser/x/", "x") == "indsatser/x/x.pdf"
    assert routes.pdf("d/x/", "x", routes.SESSION_PDF) == "d/x/x-materiale.pdf"
    assert routes.schema("initiative") == "data/schema/initiative.json"
    for url in ("", "soeg/", "felter/", "indsatser/x/", "indsatser/x/side-2/"):
        assert routes.url_of_src(routes.src(url)) == url
    assert routes.src(routes.FIELDS) == "felter.md" and routes.src(routes.HOME) == "index.md"
