"""Content versions: every content file the loader reads as a record (entries and adaptations, settings,
vocabularies, literature, the hidden list) declares the model version it follows (``modelversion``); a file without
the key follows version 1. When the model changes, ``MODEL_VERSION`` goes up and a migration is registered here;
``scripts/migrate`` upgrades older files in place (as text, so editors' comments survive) and the validator tells
editors to run it.

There are no migrations yet: the model is at version 1."""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import catalogue
from catalogue import ROOT
from catalogue.core.diagnostics import ContentError
from catalogue.core.yamlsource import read
from catalogue.load.loader import file_version, versioned_files

# from-version -> (what changes, text -> text). Register with @migration(1) when MODEL_VERSION becomes 2.
MIGRATIONS: dict[int, tuple[str, Callable[[str], str]]] = {}


def migration(from_version: int, description: str):
    def register(fn):
        MIGRATIONS[from_version] = (description, fn)
        return fn
    return register


def current() -> int:
    return catalogue.MODEL_VERSION


VERSION_RE = re.compile(r"(?m)^modelversion:[ \t]*\d+")


def version_of(text: str) -> int:
    """The version the loader sees (content.file_version): the top-level key's value, else 1."""
    try:
        _, node = read("-", text.encode("utf-8"))
    except ContentError:
        return current()  # not a file migrations can read: the validator reports it
    version, _ = file_version(node)
    return version if version > 0 else current()


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
        text = _with_version(text, v)
        done.append(description)
    return text, done


def _with_version(text: str, v: int) -> str:
    """The file's `modelversion` set to v: the key's value replaced, or the key written first (after a byte-order
    mark or a '---' line, which must stay first)."""
    if VERSION_RE.search(text):
        return VERSION_RE.sub(f"modelversion: {v}", text, count=1)
    text = text.removeprefix("\ufeff")
    head, sep, rest = text.partition("\n") if text.startswith("---") else ("", "", text)
    return f"{head}{sep}modelversion: {v}\n{rest}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/migrate", description="Opgraderer indholdsfiler, der følger en ældre "
                                 "modelversion, til den nuværende. Filerne rettes på stedet; kommentarer bevares.")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--dry-run", action="store_true", help="vis hvad der ville ske, uden at ændre filer")
    args = ap.parse_args(argv)
    changed = 0
    for path in versioned_files(Path(args.root)):
        text = path.read_text(encoding="utf-8")
        if version_of(text) >= current():
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
