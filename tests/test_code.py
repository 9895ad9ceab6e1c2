"""The code checks CI runs (pyproject.toml): ruff over macros/ finds nothing; mypy over the engine (macros/catalogue)
and the adapter finds no error. Their settings and the strictness chosen are in pyproject.toml (ARCHITECTURE.md,
"Code checks")."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "macros")}


def run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / argv[0]), *argv[1:]], cwd=ROOT, env=ENV, capture_output=True, text=True)


def test_ruff_finds_nothing():
    out = run("ruff", "check", "--no-cache", "macros")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-1000:]
    assert "All checks passed" in out.stdout


def test_no_class_is_over_250_lines():
    """A class that does too much is split (issue 27: the renderer was one class over every page kind)."""
    import ast
    long = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > 250:
                long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})")
    assert not long, long


def test_mypy_finds_no_error():
    out = run("mypy")  # files, mypy_path and strictness from pyproject.toml; its cache (.mypy_cache/) keeps it quick
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-1000:]
    assert "Success: no issues found" in out.stdout


# What mypy must infer from the model's declarations (model/schema.py: Field[T]); were the overloads to stop
# matching, every field would quietly become Any and the check above would still pass.
TYPED_MODEL = '''
from datetime import date
from typing import assert_type
from catalogue.model.entry import Entry
from catalogue.model.initiative import Initiative, Period
from catalogue.model.records import Narrative, Section, SourceRef
from catalogue.model.schema import Field
from catalogue.model.settings import Colours, Settings

def f(i: Initiative, s: Settings, n: Narrative) -> None:
    assert_type(Entry.title, Field[str])              # on the class: the declaration
    assert_type(i.title, str)                         # required
    assert_type(i.summary, str)
    assert_type(i.period, Period | None)              # optional
    assert_type(i.economy, str | None)
    assert_type(i.last_reviewed, date | None)
    assert_type(i.own, bool | None)
    assert_type(i.sources, list[SourceRef])           # a list: [] when absent
    assert_type(i.related, list[str])
    assert_type(i.facets, dict[str, list[str]] | None)
    assert_type(i.model_version, int)                 # a default
    assert_type(s.review_months, int)
    assert_type(s.colours, Colours)
    assert_type(n.subsections, list[Section])         # a forward reference, written out
'''


def test_mypy_sees_the_models_types(tmp_path):
    (tmp_path / "typed_model.py").write_text(TYPED_MODEL, encoding="utf-8")
    out = run("mypy", str(tmp_path / "typed_model.py"))  # that file instead of pyproject.toml's; its settings
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-1000:]
