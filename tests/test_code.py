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


def test_mypy_finds_no_error():
    out = run("mypy")  # files, mypy_path and strictness from pyproject.toml; its cache (.mypy_cache/) keeps it quick
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-1000:]
    assert "Success: no issues found" in out.stdout
