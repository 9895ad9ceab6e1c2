"""Worker processes (macros/catalogue/core/workers.py, used for the pages and the PDFs): results come back in full,
a failing worker stops the build with its error instead of hanging, and the worker count setting is read safely.
(That pages and PDFs are byte-identical with 1 and 3 workers is tested in test_output.py and test_pdf.py.)"""
from __future__ import annotations

import sys

import pytest

from catalogue.core import workers

needs_fork = pytest.mark.skipif(sys.platform == "darwin" or sys.platform.startswith("win"), reason="no fork")


def chunks(n, size=40):
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


@needs_fork
def test_every_chunk_comes_back_once():
    done = [item for chunk in workers.run(lambda c: [(i, {f"id-{i}"}) for i in c], chunks(205), 3) for item in chunk]
    assert sorted(i for i, _ in done) == list(range(205))
    assert all(ids == {f"id-{i}"} for i, ids in done)


@needs_fork
@pytest.mark.parametrize("page", [120, 10])  # in the calling process's share (chunks 1, 3), in a forked worker's
def test_a_failing_worker_stops_the_build_with_its_error(page):
    def render(chunk):
        if page in chunk:
            raise ValueError(f"skabelonen fejlede på side {page}")
        return [(i, set()) for i in chunk]
    with pytest.raises(RuntimeError, match=f"skabelonen fejlede på side {page}"):
        list(workers.run(render, chunks(200), 2))


@needs_fork
def test_the_calling_process_takes_a_share_and_the_others_are_forked():
    """One process fewer to fork (and to copy the parent's memory into): the last share runs here."""
    import os
    here = os.getpid()
    done = [item for chunk in workers.run(lambda c: [(i, os.getpid()) for i in c], chunks(200), 2) for item in chunk]
    assert sorted(i for i, _ in done) == list(range(200))
    assert {i for i, pid in done if pid == here} == set(range(40, 80)) | set(range(120, 160))


def test_worker_count_setting(monkeypatch, capsys):
    monkeypatch.setenv("KATALOG_WORKERS", "3")
    assert workers.count(10, threshold=400) == (1 if sys.platform == "darwin" else 3)
    assert workers.count(10, threshold=400, threads_running=True) == 1  # beside a live-reload server's threads
    monkeypatch.setenv("KATALOG_WORKERS", "nul")
    assert workers.count(10, threshold=400) == 1  # the default for a small site
    assert "KATALOG_WORKERS='nul'" in capsys.readouterr().err
    monkeypatch.delenv("KATALOG_WORKERS")
    assert workers.count(10, threshold=400) == 1
    if workers.fork_safe():
        assert workers.count(400, threshold=400) == min(__import__("os").cpu_count() or 1, 8)
