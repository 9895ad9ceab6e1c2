"""``scripts/new KIND ID``: writes a commented skeleton of a content kind (model/skeleton.py) to content/."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from catalogue import ROOT
from catalogue.load.loader import load
from catalogue.model.entry import OWNERS
from catalogue.model.kinds import KINDS
from catalogue.model.schema import Slug
from catalogue.model.skeleton import skeleton


def facet_vocabularies(root: Path) -> list[str]:
    """The facet vocabularies of the content under root (a fork's too), as the loader reads them."""
    return [v.id for v in load(root).facets() if v.id != OWNERS]


def main(argv=None) -> int:
    names = ", ".join(k.name for k in KINDS)
    ap = argparse.ArgumentParser(prog="scripts/new", description="Skriver et skelet til en ny post med forklarende "
                                 f"kommentarer. KIND er en af: {names} (eller mappens navn, fx indsatser).")
    ap.add_argument("kind")
    ap.add_argument("id", help="postens id: små bogstaver, tal og bindestreger, fx min-nye-indsats")
    ap.add_argument("--root", default=str(ROOT))
    ap.add_argument("--lokal", action="store_true", help="skriv filen i content/lokalt/ (en kommunes egne poster)")
    args = ap.parse_args(argv)
    kind = next((k for k in KINDS if args.kind in (k.name, k.folder)), None)
    if kind is None:
        print(f"ukendt slags '{args.kind}' — brug en af: {names}", file=sys.stderr)
        return 1
    if not re.fullmatch(Slug.pattern, args.id):
        print(f"'{args.id}' er ikke et gyldigt id — brug små bogstaver a-z, tal og bindestreger", file=sys.stderr)
        return 1
    base = Path(args.root) / "content" / ("lokalt" if args.lokal else "")
    path = base / kind.folder / f"{args.id}.yml"
    existing = list((Path(args.root) / "content").rglob(f"{args.id}.yml"))
    if path.exists() or existing:
        print(f"{(existing or [path])[0].relative_to(args.root)} findes allerede — vælg et andet id", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        skeleton(kind, args.id, local=args.lokal, facets=facet_vocabularies(Path(args.root))), encoding="utf-8"
    )
    print(f"Skrev {path.relative_to(args.root)}. Udfyld felterne og kør scripts/check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
