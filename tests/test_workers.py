"""Page rendering in worker processes (macros/mkdocs_hooks.py): results come back in full, a failing worker
stops the build with its error instead of hanging, and the worker count setting is read safely. (That the
output is byte-identical with 1 and 3 workers is tested in test_output.py.)"""
from __future__ import annotations

import importlib.util
import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT


@pytest.fixture()
def hooks():
    spec = importlib.util.spec_from_file_location("ik_hooks_under_test", ROOT / "macros" / "mkdocs_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


needs_fork = pytest.mark.skipif(sys.platform == "darwin" or sys.platform.startswith("win"), reason="no fork")


@needs_fork
def test_every_chunk_comes_back_once(hooks, monkeypatch):
    monkeypatch.setattr(hooks, "_render_chunk", lambda chunk: [(i, {f"id-{i}"}) for i in chunk])
    done = [item for chunk in hooks._in_workers(205, 3) for item in chunk]
    assert sorted(i for i, _ in done) == list(range(205))
    assert all(ids == {f"id-{i}"} for i, ids in done)


@needs_fork
def test_a_failing_worker_stops_the_build_with_its_error(hooks, monkeypatch):
    def render(chunk):
        if 120 in chunk:
            raise ValueError("skabelonen fejlede på side 120")
        return [(i, set()) for i in chunk]
    monkeypatch.setattr(hooks, "_render_chunk", render)
    with pytest.raises(PluginError, match="skabelonen fejlede på side 120"):
        list(hooks._in_workers(200, 2))


def test_worker_count_setting(hooks, monkeypatch, capsys):
    monkeypatch.setenv("KATALOG_WORKERS", "3")
    assert hooks._workers(10) == (1 if sys.platform == "darwin" else 3)
    monkeypatch.setenv("KATALOG_WORKERS", "nul")
    assert hooks._workers(10) == 1  # the default for a small site
    assert "KATALOG_WORKERS='nul'" in capsys.readouterr().err
    monkeypatch.delenv("KATALOG_WORKERS")
    assert hooks._workers(10) == 1
