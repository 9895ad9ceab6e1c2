"""How many worker processes to use, and running jobs in forked workers: shared by the page rendering (MkDocs
binding) and the PDFs. Workers are forked, so they inherit the loaded catalogue and nothing but results crosses
a pipe; where fork is missing (Windows) or unsafe for system libraries (macOS), or beside threads (a live-reload
server), everything runs in the calling process."""
from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import sys
import traceback
from typing import Any, cast


def fork_safe() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def count(jobs: int, threshold: int, threads_running: bool = False) -> int:
    """KATALOG_WORKERS=N if set (a bad value is reported and ignored); else one per CPU (at most 8) from
    ``threshold`` jobs, else 1. Always 1 where forking is unsafe."""
    if not fork_safe() or threads_running:
        return 1
    wanted = os.environ.get("KATALOG_WORKERS", "").strip()
    if wanted:
        if wanted.isdigit() and int(wanted) >= 1:
            return int(wanted)
        print(f"KATALOG_WORKERS='{wanted}' er ikke et helt tal fra 1 og op; bruger standarden", file=sys.stderr)
    return min(os.cpu_count() or 1, 8) if jobs >= threshold else 1


def run(work, chunks: list, workers: int):
    """Call ``work(chunk)`` for every chunk in ``workers`` processes — ``workers - 1`` forked ones and this one
    (chunk k goes to process k % workers; this process takes the last share) — and yield each result as it
    arrives. An exception in any of them stops the others and is raised here as a RuntimeError carrying its
    traceback. This process works too rather than waiting: a forked worker copies the parts of the parent's
    memory its work touches (reference counts are written into every object it reads), so one worker fewer is
    one such copy fewer (bench/REPORT.md, "Memory by phase")."""
    ctx = multiprocessing.get_context("fork")
    # Everything the parent holds (the catalogue, the page list, MkDocs' files) goes to the collector's permanent
    # generation before the fork: a worker's collector then never walks those objects, whose pages the fork
    # shares with the parent, and so does not copy them into the worker.
    gc.freeze()
    conns, procs = [], []
    for k in range(workers - 1):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(work, chunks[k::workers], send), daemon=True)
        proc.start()
        send.close()
        conns.append(receive)
        procs.append(proc)
    pending = list(conns)

    def arrived(timeout):
        out = []
        for ready in multiprocessing.connection.wait(pending, timeout=timeout):
            conn = cast("multiprocessing.connection.Connection[Any, Any]", ready)  # one of those it was given
            try:
                message = conn.recv()
            except EOFError:
                message = ("error", "en arbejdsproces stoppede uventet")
            if message is None:
                pending.remove(conn)
            elif message[0] == "error":
                raise RuntimeError(message[1])
            else:
                out.append(message[1])
        return out

    try:
        for chunk in chunks[workers - 1::workers]:
            try:
                result = work(chunk)
            except Exception as e:  # as from a forked worker: the caller stops the build
                raise RuntimeError(f"{e}\n{traceback.format_exc()}") from None
            yield result
            yield from arrived(0)  # the workers' results so far: their pipes never fill up
        while pending:
            yield from arrived(None)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()


def _worker(work, chunks, conn):
    try:
        for chunk in chunks:
            conn.send(("done", work(chunk)))
        conn.send(None)
    except BaseException as e:  # reported by the parent, which stops the build
        conn.send(("error", f"{e}\n{traceback.format_exc()}"))
    finally:
        conn.close()
