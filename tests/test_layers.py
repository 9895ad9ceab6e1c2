"""The engine (macros/catalogue/) is in layers (ARCHITECTURE.md, "Packages"): each sub-package is one layer and
imports only the layers below it, in the order pyproject.toml's import-linter contract lists them; modules import
each other without circles, and every engine import is at the top of its module (none inside a function, where
it would hide a circle). None imports MkDocs, Material or the adapter (macros/katalog_mkdocs/): those sit above.

Two implementations check the contract: import-linter (`lint-imports`, the tool a maintainer runs) and the walk
below over every module of every sub-package, which also checks what import-linter does not (circles between
modules of one layer, imports inside functions, a module outside any layer)."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MACROS = ROOT / "macros"
ENGINE = MACROS / "catalogue"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
LAYERS = next(c["layers"] for c in CONTRACTS if c["type"] == "layers")  # highest first


def module_name(path: Path) -> str:
    parts = path.relative_to(MACROS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(ENGINE.rglob("*.py"))}


def resolve(module: str, node: ast.ImportFrom | ast.Import, alias: ast.alias) -> set[str]:
    """The engine modules one import names ('from catalogue.core import routes' names catalogue.core.routes)."""
    if isinstance(node, ast.Import):
        target = alias.name
    else:
        if node.level:
            package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        if f"{target}.{alias.name}" in MODULES:
            return {f"{target}.{alias.name}"}
    while target and target not in MODULES:  # an attribute of a module: the module
        target = target.rpartition(".")[0]
    return {target} if target else set()


def imports(module: str) -> tuple[set[str], list[str], set[str]]:
    """(engine modules imported, engine imports inside functions, other top-level packages imported)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   for n in ast.walk(f)}
    engine, inner, others = set(), [], set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom) and not node.level and node.module and \
                node.module.split(".")[0] != "catalogue":
            others.add(node.module.split(".")[0])
            continue
        for alias in node.names:
            if isinstance(node, ast.Import) and alias.name.split(".")[0] != "catalogue":
                others.add(alias.name.split(".")[0])
                continue
            found = resolve(module, node, alias)
            engine |= found
            if found and id(node) in in_function:
                inner.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return engine - {module}, inner, others


GRAPH = {name: imports(name) for name in MODULES}


def layer_of(module: str) -> int | None:
    """The layer's index in LAYERS (0 = highest); None for the package itself (catalogue/__init__.py)."""
    for i, layer in enumerate(LAYERS):
        if module == layer or module.startswith(layer + "."):
            return i
    return None


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a higher layer from a lower one (or of a layer's package from outside every layer)."""
    bad = []
    for module, deps in graph.items():
        mine = layer_of(module)
        for dep in deps:
            theirs = layer_of(dep)
            if dep == "catalogue":  # the package's constants (ROOT, MODEL_VERSION): every layer may read them
                continue
            if mine is None or theirs is None or theirs < mine:
                bad.append(f"{module} -> {dep}")
    return sorted(bad)


def test_every_module_belongs_to_a_layer():
    """A new module goes into one of the sub-packages (a new sub-package into the contract)."""
    outside = [m for m in MODULES if m != "catalogue" and layer_of(m) is None]
    assert not outside, f"modules in no layer of pyproject.toml's contract: {outside}"
    folders = sorted(f"catalogue.{p.name}" for p in ENGINE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(LAYERS)
    assert len(MODULES) >= 45  # the walk sees every sub-package's modules


def test_every_import_goes_down_the_layers():
    assert not violations({m: deps for m, (deps, _, _) in GRAPH.items()})
    assert sum(len(deps) for deps, _, _ in GRAPH.values()) >= 100  # the walk sees the real imports


def test_the_layer_check_sees_an_import_upwards():
    graph = {"catalogue.core.routes": {"catalogue.model.kinds"}, "catalogue.model.kinds": {"catalogue.core.routes"},
             "catalogue.render.pages": {"catalogue.load.loader", "catalogue"}}
    assert violations(graph) == ["catalogue.core.routes -> catalogue.model.kinds"]


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


def test_the_engine_imports_no_mkdocs():
    """MkDocs is reached through the adapter (macros/katalog_mkdocs/) only."""
    assert not sorted(name for name, (_, _, others) in GRAPH.items()
                      if others & {"mkdocs", "material", "katalog_mkdocs"})


def test_import_linter_keeps_the_contracts():
    env = {**os.environ, "PYTHONPATH": str(MACROS)}
    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in run.stdout
