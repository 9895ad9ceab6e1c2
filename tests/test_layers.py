"""The engine (macros/catalogue/) is in layers: its modules import each other without circles, and every engine
import is at the top of its module (none inside a function, where it would hide a circle). None imports MkDocs
or the adapter: those sit above the engine (ARCHITECTURE.md, "Layers")."""
from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "macros" / "catalogue"
MODULES = {p.stem: p for p in sorted(ENGINE.glob("*.py"))}


def imports(path: Path) -> tuple[set[str], list[str], set[str]]:
    """(engine modules imported, engine imports inside functions, other top-level packages imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    engine, inner, others = set(), [], set()
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f)}
    for node in ast.walk(tree):
        found = set()
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found = {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif node.module:
                (found if node.module.split(".")[0] == "catalogue" else others).add(
                    node.module.split(".")[1] if node.module.startswith("catalogue.") else node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "catalogue":
                    found.add(a.name.split(".")[1] if "." in a.name else "__init__")
                else:
                    others.add(a.name.split(".")[0])
        found &= set(MODULES) | {"__init__"}
        engine |= found
        if found and id(node) in in_function:
            inner.append(f"{path.name}:{node.lineno}")
    return engine - {path.stem}, inner, others


GRAPH = {name: imports(path) for name, path in MODULES.items()}


def test_no_engine_import_inside_a_function():
    inner = [where for _, found, _ in GRAPH.values() for where in found]
    assert not inner, inner


def test_no_import_circles():
    edges = {name: deps for name, (deps, _, _) in GRAPH.items()}
    visiting, done, circles = [], set(), []

    def visit(node):
        if node in visiting:
            circles.append(visiting[visiting.index(node):] + [node])
            return
        if node in done:
            return
        visiting.append(node)
        for nxt in sorted(edges.get(node, ())):
            visit(nxt)
        visiting.pop()
        done.add(node)
    for name in sorted(edges):
        visit(name)
    assert not circles, circles
    assert len(edges) >= 25 and sum(map(len, edges.values())) >= 50  # the walk sees the real imports


def test_the_engine_imports_no_mkdocs():
    """MkDocs is reached through the adapter (macros/mkdocs_adapter.py, mkdocs_hooks.py, mkdocs_serve.py) only."""
    assert not sorted(name for name, (_, _, others) in GRAPH.items() if "mkdocs" in others or "mkdocs_adapter" in others)
