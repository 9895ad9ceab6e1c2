"""The Pagefind index over the built site (every entry page of every kind; filters, sort keys and metadata come
from the data-pagefind-* attributes the page kinds write). Run once per build, after the HTML is written."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def enabled() -> bool:
    return os.environ.get("KATALOG_SEARCH", "1") != "0"


def build(site_dir: Path, log=None) -> float:
    log = log or (lambda msg: print(msg, file=sys.stderr))
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir), "--quiet"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    except FileNotFoundError:
        raise RuntimeError("pagefind_bin mangler: kør scripts/build igen, så .venv bliver opdateret") from None
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind fejlede: {result.stderr.strip() or result.stdout.strip()}")
    seconds = time.perf_counter() - started
    log(f"Søgeindeks (Pagefind): {seconds:.1f} s")
    return seconds
