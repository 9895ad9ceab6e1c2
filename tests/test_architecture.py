"""ARCHITECTURE.md stays true (the brief: "Keep ARCHITECTURE.md true"): its module index names every module of the
engine and the adapter, its package map names every sub-package, and every Python file the docs name exists."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MACROS = ROOT / "macros"
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
DOCS = {name: (ROOT / name).read_text(encoding="utf-8")
        for name in ("ARCHITECTURE.md", "README.md", "FORKING.md", "INTERFACES.md")}
NAMED = re.compile(r"`((?:[\w.-]+/)*[\w-]+\.py)`")


def section(title: str) -> str:
    start = ARCHITECTURE.index(title)
    end = ARCHITECTURE.find("\n## ", start + 1)
    return ARCHITECTURE[start:end if end > 0 else None]


def index_rows() -> list[str]:
    return [ln for ln in section("### Module index").splitlines() if ln.startswith("| `")]


def test_the_module_index_names_every_module():
    rows = index_rows()
    missing = []
    for path in sorted((MACROS / "catalogue").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(MACROS / "catalogue").as_posix()
        folder, name = rel.rsplit("/", 1)
        # a row names it in full (`render/views.py`) or after the first module of its folder (`…, compact.py`)
        if not any(f"`{rel}`" in row or (f"`{folder}/" in row and f"`{name}`" in row) for row in rows):
            missing.append(rel)
    assert not missing, f"ARCHITECTURE.md's module index lacks: {missing}"


def test_the_package_map_names_every_sub_package():
    table = section("## Packages")
    for folder in sorted(p for p in (MACROS / "catalogue").iterdir() if (p / "__init__.py").exists()):
        assert f"`macros/catalogue/{folder.name}/`" in table, folder.name
    assert "`macros/katalog_mkdocs/`" in table


EXAMPLES = {"macros/catalogue/x.py"}  # a file the threat model says an attacker would write


def _exists(named: str) -> bool:
    """A path from the repository, macros/ or macros/catalogue/, or a module's name that only one module has."""
    roots = [ROOT, MACROS, MACROS / "catalogue", ROOT / "tests", ROOT / "bench"]
    if any((r / named).is_file() for r in roots):
        return True
    return "/" not in named and len([p for p in MACROS.rglob(named)]) == 1


def test_every_python_file_the_docs_name_exists():
    stale = sorted({f"{doc}: {m.group(1)}" for doc, text in DOCS.items() for m in NAMED.finditer(text)
                    if not _exists(m.group(1)) and m.group(1) not in EXAMPLES})
    assert not stale, stale


def test_the_checks_see_a_stale_name():
    assert NAMED.findall("see `render.py` and `load/loader.py`") == ["render.py", "load/loader.py"]
    assert not _exists("render.py") and not _exists("catalogue/content.py")
    assert _exists("load/loader.py") and _exists("tests/test_layers.py") and _exists("katalog_mkdocs/adapter.py")
    assert _exists("views.py") and not _exists("view.py")
