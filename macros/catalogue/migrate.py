"""Content versions: every content file declares the model version it follows (``modelversion``). When the model
changes, ``MODEL_VERSION`` goes up and a migration is registered here; ``scripts/migrate`` upgrades older files in
place (as text, so editors' comments survive) and the validator tells editors to run it.

There are no migrations yet: the model is at version 1."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import catalogue

from . import ROOT

# from-version -> (what changes, text -> text). Register with @migration(1) when MODEL_VERSION becomes 2.
MIGRATIONS: dict[int, tuple[str, callable]] = {}


def migration(from_version: int, description: str):
    def register(fn):
        MIGRATIONS[from_version] = (description, fn)
        return fn
    return register


def current() -> int:
    return catalogue.MODEL_VERSION


VERSION_RE = re.compile(r"(?m)^modelversion:\s*(\d+)\s*$")


def version_of(text: str) -> int:
    m = VERSION_RE.search(text)
    return int(m.group(1)) if m else current()


def upgrade(text: str) -> tuple[str, list[str]]:
    """Apply every migration from the file's version to the current one; returns (text, what was done)."""
    done = []
    v = version_of(text)
    while v < current():
        if v not in MIGRATIONS:
            raise RuntimeError(f"der findes ingen migrering fra modelversion {v}")
        description, fn = MIGRATIONS[v]
        text = fn(text)
        v += 1
        text = VERSION_RE.sub(f"modelversion: {v}", text, count=1) if VERSION_RE.search(text) else \
            f"modelversion: {v}\n" + text
        done.append(description)
    return text, done


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/migrate", description="Opgraderer indholdsfiler, der følger en ældre "
                                 "modelversion, til den nuværende. Filerne rettes på stedet; kommentarer bevares.")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--dry-run", action="store_true", help="vis hvad der ville ske, uden at ændre filer")
    args = ap.parse_args(argv)
    changed = 0
    for path in sorted((Path(args.root) / "content").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if "modelversion:" not in text or version_of(text) >= current():
            continue
        new, done = upgrade(text)
        changed += 1
        print(f"{path.relative_to(args.root)}: {version_of(text)} → {current()}: {'; '.join(done)}")
        if not args.dry_run:
            path.write_text(new, encoding="utf-8")
    print(f"{changed} fil(er) {'ville blive' if args.dry_run else 'er'} opgraderet til modelversion {current()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
