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
