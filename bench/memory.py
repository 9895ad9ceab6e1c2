"""Where a build's memory goes, by phase (issue 31). Usage:

    python bench/memory.py PROJECT [--trace] [--pdf]

Runs `mkdocs build --strict` of PROJECT in this process and samples, every 20 ms, the resident memory of this
process and of every process below it (the forked page and PDF workers, Pagefind): RSS as `ps` shows it and PSS
(shared pages split between the processes that share them: what the machine really needs, forked workers
included). The phases are marked at the adapter's steps (catalogue loaded, pages listed, engine pages built,
MkDocs' own pages, search index + PDFs + export). With --trace, tracemalloc also records the peak of Python's own
allocations in this process per phase (slower; the RSS figures of that run are not comparable). Prints one JSON
object: per phase, the peak RSS of the build process, of the largest worker, of Pagefind, and the peak PSS of
the whole tree; the CPU seconds of the build and its children."""
from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _status(pid: int, key: str) -> int:
    """A value in kB from /proc/PID/status (VmRSS, VmHWM), or /proc/PID/smaps_rollup (Pss); 0 when gone."""
    name = "smaps_rollup" if key == "Pss" else "status"
    try:
        with open(f"/proc/{pid}/{name}") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Sampler:
    def __init__(self):
        self.phase = "start"
        self.peaks: dict[str, dict[str, float]] = {}
        self.order: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def mark(self, phase: str):
        self.sample()
        self.phase = phase
        if tracemalloc.is_tracing():
            tracemalloc.reset_peak()

    def end_phase(self):
        if tracemalloc.is_tracing():
            p = self.peaks.setdefault(self.phase, {})
            p["tracemalloc_peak_mb"] = max(p.get("tracemalloc_peak_mb", 0), tracemalloc.get_traced_memory()[1] / 2**20)

    def kind(self, pid: int) -> str:
        """Pagefind (its Python launcher and the binary) or a forked worker; read every time: a process forked
        to start Pagefind shows this script's command line until it execs."""
        return "pagefind" if "pagefind" in _cmdline(pid) else "worker"

    def sample(self):
        me = os.getpid()
        rss = {"build": _status(me, "VmRSS")}
        pss = _status(me, "Pss")
        stack = _children(me)
        while stack:
            pid = stack.pop()
            stack += _children(pid)
            kind = self.kind(pid)
            rss[kind] = max(rss.get(kind, 0), _status(pid, "VmRSS"))
            pss += _status(pid, "Pss")
        if self.phase not in self.peaks:
            self.order.append(self.phase)
        p = self.peaks.setdefault(self.phase, {})
        for k, v in rss.items():
            p[f"{k}_rss_mb"] = max(p.get(f"{k}_rss_mb", 0), v / 1024)
        p["tree_pss_mb"] = max(p.get("tree_pss_mb", 0), pss / 1024)

    def run(self):
        while not self.stop.wait(0.02):
            self.sample()


def main():
    args = sys.argv[1:]
    trace = "--trace" in args
    os.environ.setdefault("KATALOG_PDF", "1" if "--pdf" in args else "0")
    project = Path([a for a in args if not a.startswith("--")][0]).resolve()
    os.chdir(project)
    sys.path.insert(0, str(ROOT / "macros"))
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from katalog_mkdocs import adapter as ad

    s = Sampler()
    # the sampler's thread must not make the adapter think a live-reload server runs beside it (no workers then)
    import types
    ad.threading = types.SimpleNamespace(active_count=lambda: 1)  # type: ignore[assignment]

    def wrap(cls, name, before: str | None, after: str | None):
        original = getattr(cls, name)

        def wrapped(*a, **kw):
            if before:
                s.end_phase()
                s.mark(before)
            result = original(*a, **kw)
            if after:
                s.end_phase()
                s.mark(after)
            return result
        setattr(cls, name, wrapped)

    wrap(ad.Adapter, "start", "load", "files and nav")
    wrap(ad.Adapter, "build_pages", "render engine pages", "MkDocs' own pages")
    wrap(ad.Adapter, "finish", "search index, PDFs, export", "done")
    if trace:
        tracemalloc.start()
    s.thread.start()
    started, cpu0 = time.perf_counter(), os.times()
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    mkdocs_build.build(config)
    s.end_phase()
    s.stop.set()
    s.thread.join()
    s.sample()
    cpu1 = os.times()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"project": project.name, "seconds": round(time.perf_counter() - started, 2),
           "cpu_s": round(cpu1.user - cpu0.user + cpu1.system - cpu0.system + cpu1.children_user - cpu0.children_user
                          + cpu1.children_system - cpu0.children_system, 2),
           "build_hwm_mb": round(_status(os.getpid(), "VmHWM") / 1024),
           "children_max_rss_mb": round(children.ru_maxrss / 1024),
           "phases": {k: {m: round(v) for m, v in s.peaks[k].items()} for k in s.order if k != "done"}}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
