"""The engine owns the site; MkDocs + Material is an adapter (ARCHITECTURE.md, "Layers").

- The page model builds and renders every page with MkDocs impossible to import.
- The adapter uses no MkDocs name with a leading underscore except in one function, whose MkDocs code is pinned
  here; it swaps no classes, and the adapter files hold no module-level build state.
- Each page goes through MkDocs' page step once: a plugin's page_context and post_page events see every page once,
  with its real HTML (they ran twice, the second time with an empty page, before).
- The escape hatch: the complete site in the engine's own HTML shell, without MkDocs, passes the link crawl."""
from __future__ import annotations

import ast
import hashlib
import inspect
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import ENV, PY, ROOT, build, make_project
from test_output import broken_links

ADAPTER_FILES = [ROOT / "macros" / "katalog_mkdocs" / n for n in ("adapter.py", "hooks.py", "serve.py")]

# Python run with MkDocs (and mkdocs-macros, Material) impossible to import
NO_MKDOCS = textwrap.dedent("""
    import sys
    class Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("mkdocs", "mkdocs_macros", "material", "katalog_mkdocs"):
                raise ImportError(f"{name} is blocked in this test")
    sys.meta_path.insert(0, Block())
""")


def run_without_mkdocs(code: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-c", NO_MKDOCS + textwrap.dedent(code)], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=600)


def test_the_blocker_blocks():
    result = run_without_mkdocs("import mkdocs")
    assert result.returncode != 0 and "blocked in this test" in result.stderr


def test_every_page_is_built_and_rendered_from_the_model_without_mkdocs():
    result = run_without_mkdocs("""
        import json, re, sys
        from catalogue.site.build import SiteBuild
        from catalogue.render.pages import Page, ListingView, EntryView
        build = SiteBuild.load(".")
        out = []
        for page in build.pages:
            assert isinstance(page, Page)
            r = build.render(page)
            ids = set(re.findall(r' id="([^"]+)"', r.body))
            out.append({"src": page.src, "url": page.url, "title": page.title, "kind": type(page.view).__name__,
                        "toc": [[h.id, h.title] for h in r.toc], "toc_ids_on_page": all(h.id in ids for h in r.toc),
                        "bytes": len(r.body), "searchable": page.searchable, "pdf": page.pdf})
        print(json.dumps({"pages": out, "entries": len(build.cat.entries), "sys_modules_mkdocs":
                          sorted(m for m in sys.modules if m.startswith("mkdocs"))}))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(result.stdout)
    pages = data["pages"]
    assert not data["sys_modules_mkdocs"]
    by_kind = {}
    for p in pages:
        by_kind.setdefault(p["kind"], []).append(p)
    assert len(by_kind["EntryView"]) == data["entries"] >= 20
    assert {"ListingView", "FacetIndexView", "SearchView", "FieldsView", "LiteratureView"} <= set(by_kind)
    assert len({p["url"] for p in pages}) == len(pages)  # one page per address
    assert all(p["bytes"] > 200 for p in pages)
    assert all(p["toc_ids_on_page"] for p in pages)
    robusthed = next(p for p in pages if p["url"] == "indsatser/robusthed/")
    assert robusthed["searchable"] and robusthed["pdf"] == "indsatser/robusthed/robusthed.pdf"
    assert ["metode", "Metode"] in robusthed["toc"] and robusthed["toc"][0][0] == "overblik"
    assert not any(p["searchable"] for p in pages if p["kind"] != "EntryView")


def test_page_text_is_text_and_escaped_once_by_whoever_writes_html(tmp_path):
    """Titles and descriptions in the model are text ('<' stays '<'); the MkDocs build and the shell each put it
    into <title> escaped exactly once."""
    project = make_project(tmp_path / "p")
    entry = project / "content" / "indsatser" / "robusthed.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "\ntitel: Robusthed som investeringsstrategi", '\ntitel: "Robusthed <i>&amp;</i> strategi"', 1), encoding="utf-8")
    result = run_without_mkdocs("""
        from catalogue.site.build import SiteBuild
        from catalogue.site.shell import Shell
        from pathlib import Path
        build = SiteBuild.load(Path("."))
        page = build.page("indsatser/robusthed/index.md")
        print(page.title)
        build.prepare()
        rendered = build.render(page)  # the one page, as Shell.build_site writes each
        Shell(build).write(Path("shell"), page.url, page.title, page.description, rendered.body, rendered.toc)
    """, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "Robusthed <i>&amp;</i> strategi"
    shell = (project / "shell" / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    assert "<title>Robusthed &lt;i&gt;&amp;amp;&lt;/i&gt; strategi - " in shell
    assert build(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"}).returncode == 0
    site = (project / "site" / "indsatser" / "robusthed" / "index.html").read_text(encoding="utf-8")
    assert "<title>Robusthed &lt;i&gt;&amp;amp;&lt;/i&gt; strategi - " in site
    assert "<h1>Robusthed &lt;i&gt;&amp;amp;&lt;/i&gt; strategi</h1>" in site


# -- the adapter: public MkDocs only, but for one pinned function; no class swapping; no module state ----------

BUILD_PAGE_SHA256 = "adcdbd14b236112697cafec9171bd281981f15a776e0d2f941a62e7bffd9a0d5"  # MkDocs 1.6.1


def test_the_one_private_mkdocs_function_is_unchanged():
    """katalog_mkdocs.adapter.mkdocs_build_page calls MkDocs' _build_page (checked against 1.6.1). When MkDocs changes
    it, this fails: read the new code, adjust mkdocs_build_page if needed, and pin the new hash."""
    import mkdocs.commands.build as mkdocs_build
    source = inspect.getsource(mkdocs_build._build_page)
    assert hashlib.sha256(source.encode("utf-8")).hexdigest() == BUILD_PAGE_SHA256, (
        "MkDocs' _build_page changed: check macros/katalog_mkdocs/adapter.py::mkdocs_build_page against it")
    assert list(inspect.signature(mkdocs_build._build_page).parameters)[:5] == ["page", "config", "doc_files", "nav",
                                                                               "env"]


def private_names(tree: ast.AST, allowed_in: str = "mkdocs_build_page") -> list[str]:
    """Attributes and imported names with one leading underscore, and assignments to __class__, outside the
    function ``allowed_in``."""
    allowed = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name == allowed_in
               for n in ast.walk(f)}
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        names = []
        if isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
        for name in names:
            if name == "__class__" and isinstance(getattr(node, "ctx", None), ast.Store):
                found.append(f"{node.lineno}: assigns __class__")
            elif name.startswith("_") and not name.startswith("__"):
                found.append(f"{node.lineno}: {name}")
    return found


def test_the_checker_finds_private_names_and_class_swapping():
    old = """
from mkdocs.commands.build import _populate_page
def on_nav(nav, config, files):
    config._current_page = None
    page.__class__ = GeneratedPage
    server._rebuild_cond.notify_all()
def mkdocs_build_page(page):
    mkdocs_build._build_page(page)
"""
    assert sorted(f.split(": ")[1] for f in private_names(ast.parse(old))) == sorted(
        ["_populate_page", "_current_page", "assigns __class__", "_rebuild_cond"])


@pytest.mark.parametrize("path", ADAPTER_FILES, ids=lambda p: p.name)
def test_the_adapter_uses_no_private_names_and_swaps_no_classes(path):
    assert not private_names(ast.parse(path.read_text(encoding="utf-8"))), path.name


@pytest.mark.parametrize("path", ADAPTER_FILES, ids=lambda p: p.name)
def test_the_adapter_holds_no_module_level_build_state(path):
    """At module level only imports, functions, classes, docstrings and constants (UPPER_CASE names bound once to
    a literal); no `global` anywhere."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = [f"{n.lineno}: global" for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal))]
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.Expr):  # the docstring, sys.path.insert(...)
            continue
        if isinstance(node, ast.If) and ast.unparse(node.test) == "__name__ == '__main__'":
            continue
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            if isinstance(node.value, (ast.Constant, ast.Tuple)) or ast.unparse(node.value).startswith("re.compile("):
                continue
        problems.append(f"{node.lineno}: {ast.unparse(node)[:60]}")
    assert not problems, f"{path.name}: {problems}"


def test_state_module_is_gone():
    assert not (ROOT / "macros" / "catalogue" / "state.py").exists()


# -- one page step per page, with its real HTML --------------------------------------------------------------

COUNTING_HOOKS = '''
import os
def on_page_context(context, page, config, nav):
    with open(os.environ["EVENTS"], "a", encoding="utf-8") as f:
        f.write("context " + page.url + " " + str(len(page.content or "")) + "\\n")
    return context
def on_post_page(output, page, config):
    with open(os.environ["EVENTS"], "a", encoding="utf-8") as f:
        f.write("post " + page.url + " " + str(len(output)) + " " + str("<h1" in output) + "\\n")
    return output
'''


@pytest.mark.parametrize("workers", ["1", "2"])
def test_plugins_see_every_page_once_with_its_html(tmp_path, workers):
    project = make_project(tmp_path / "p")
    (project / "counting_hooks.py").write_text(COUNTING_HOOKS, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - counting_hooks.py\n"), encoding="utf-8")
    events = tmp_path / "events.txt"
    result = build(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0", "KATALOG_WORKERS": workers,
                                 "EVENTS": str(events)})
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line.split(" ") for line in events.read_text(encoding="utf-8").splitlines()]
    contexts = [parts[1] for parts in lines if parts[0] == "context"]
    posts = {parts[1]: parts for parts in lines if parts[0] == "post"}
    built = {p.parent.relative_to(project / "site").as_posix() + "/" for p in (project / "site").rglob("index.html")}
    built = {"" if u == "./" else u for u in built} - {"admin/"}  # the browser editor is a file, not a page
    assert sorted(contexts) == sorted(set(contexts)) == sorted(built)  # every page once
    assert set(posts) == built
    assert all(int(parts[2]) > 1000 and parts[3] == "True" for parts in posts.values())  # the whole page
    entry_contexts = [parts for parts in lines if parts[0] == "context" and parts[1] == "indsatser/robusthed/"]
    assert int(entry_contexts[0][2]) > 1000  # the body is there when page_context runs


# -- the escape hatch ----------------------------------------------------------------------------------------

def test_the_shell_uses_the_markdown_extensions_of_mkdocs_yml():
    from catalogue.site.shell import MARKDOWN_EXTENSIONS
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == MARKDOWN_EXTENSIONS


def test_the_whole_site_in_the_engines_own_shell_passes_the_link_crawl(tmp_path):
    project = make_project(tmp_path / "p")
    result = run_without_mkdocs("""
        import sys
        from pathlib import Path
        from catalogue.site.shell import main
        sys.exit(main(["shell", "--root", "."]))
    """, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "shell"
    from catalogue.site.build import SiteBuild
    build_ = SiteBuild.load(project)
    for page in build_.pages:  # every page of the model
        assert (site / page.url / "index.html").is_file(), page.url
    for name in ("index.html", "om-kilderne/index.html", "redaktoerer/index.html", "billeder/logo.svg",
                 "assets/ik.css", "assets/ik-search.js", "pagefind/pagefind.js", "data/catalogue.json"):
        assert (site / name).is_file(), name  # hand-written pages, their files, assets, search index, export
    assert any((site / a.path).is_file() for a in build_.artifacts)
    front = (site / "index.html").read_text(encoding="utf-8")
    assert "{{" not in front and "ik-overview" in front  # the page functions ran (fremhaevet, kort)
    checked, broken = broken_links(site)
    assert checked > 1000
    assert not broken, {k: v[:10] for k, v in broken.items()}


def test_the_preview_rebuilds_a_changed_entry_as_the_full_build_does(tmp_path, monkeypatch):
    """scripts/serve's quick update goes through the page model and MkDocs' page step: the page it writes is the
    page the full build that follows writes, byte for byte (title, <title>, body)."""
    from katalog_mkdocs import serve as mkdocs_serve
    monkeypatch.setenv("KATALOG_PDF", "0")
    monkeypatch.setenv("KATALOG_SEARCH", "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project(tmp_path / "p")
    preview = mkdocs_serve.Preview(project, "http://127.0.0.1:8000/")
    try:
        preview.build()
        page = preview.live / "indsatser" / "robusthed" / "index.html"
        assert "<h1>Robusthed som investeringsstrategi</h1>" in page.read_text(encoding="utf-8")
        entry = project / "content" / "indsatser" / "robusthed.yml"
        entry.write_text(entry.read_text(encoding="utf-8").replace(
            "\ntitel: Robusthed som investeringsstrategi", '\ntitel: "Robusthed <ændret>"', 1), encoding="utf-8")
        preview.build()
        assert preview.full_pending and (preview.signal / "byg-alt").is_file()  # quick, then a full build asked for
        quick = page.read_text(encoding="utf-8")
        assert "<h1>Robusthed &lt;ændret&gt;</h1>" in quick and "<title>Robusthed &lt;ændret&gt; - " in quick
        preview.build()  # the watched signal file's build: the whole site
        assert not preview.full_pending
        assert page.read_text(encoding="utf-8") == quick
    finally:
        shutil.rmtree(preview.live, ignore_errors=True)
        shutil.rmtree(preview.signal, ignore_errors=True)


# -- scripts/build checks the content inside the build (issue 31: content loaded once per build) ----------------

def test_the_build_checks_the_content_itself_as_scripts_check_did(tmp_path, capsys):
    """KATALOG_CHECK=1 (scripts/build): the build's own load prints what scripts/check printed — diagnostics and
    counts — and, on errors, writes the editors' JSON Schemas, says the build stopped and exits with 1; without
    errors it goes on with the same counts line. No second process loads the content."""
    from mkdocs.config import load_config

    from catalogue.cli import check
    from catalogue.core import routes
    from katalog_mkdocs.adapter import Adapter
    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    Adapter.start(config, check=True)
    valid = capsys.readouterr().err
    assert check.main(["--root", str(project), "--no-schemas"]) == 0
    assert valid == capsys.readouterr().err and re.search(r"(?m)^\d+ poster tjekket: 0 fejl, \d+ advarsler$", valid)
    entry = project / "content" / "indsatser" / "robusthed.yml"
    entry.write_text(re.sub(r"(?m)^ejer: .*$", "ejer: findes-ikke", entry.read_text(encoding="utf-8"), count=1),
                     encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        Adapter.start(load_config(str(project / "mkdocs.yml")), check=True)
    assert stopped.value.code == 1
    invalid = capsys.readouterr().err
    assert check.main(["--root", str(project), "--no-schemas"]) == 1
    assert invalid == capsys.readouterr().err + "Byggeriet er stoppet: ret fejlene ovenfor. Intet er udgivet.\n"
    assert "robusthed.yml" in invalid and " 1 fejl" in invalid
    assert (Path(config.site_dir) / routes.schema("initiative")).is_file()
