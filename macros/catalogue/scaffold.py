"""``scripts/new KIND ID``: a commented skeleton of a content kind that validates once its placeholders are filled.

Required fields are written with a placeholder (``<udfyld: …>``, which the validator refuses); optional fields are
listed as comments on their own lines, so an editor uncomments what they need."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import MODEL_VERSION, ROOT
from .kinds import KINDS
from .schema import Date, Enum, Int, ListOf, RecordType, Slug, Url, VocabRef

PLACEHOLDER = "<udfyld"


def _placeholder(field) -> str:
    t = field.type
    hint = field.doc.rstrip(".") if field.doc else field.key
    if isinstance(t, Enum):
        return f'"{PLACEHOLDER}: én af {", ".join(t.choices)}>"'
    if isinstance(t, Int):
        return f'"{PLACEHOLDER}: et tal>"'
    if isinstance(t, Date):
        return f'"{PLACEHOLDER}: ÅÅÅÅ-MM-DD>"'
    if isinstance(t, VocabRef):
        return f'"{PLACEHOLDER}: id fra content/vokabularer/{t.vocab}.yml>"'
    if isinstance(t, Url):
        return f'"{PLACEHOLDER}: https://…>"'
    return f'"{PLACEHOLDER}: {hint.replace(chr(34), chr(39))}>"'


def _required(record, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for f in record.fields:
        if not f.required or f.key == "id":
            continue
        if f.doc:
            lines.append(f"{pad}# {f.doc}")
        t = f.type
        if isinstance(t, RecordType):
            lines.append(f"{pad}{f.key}:")
            lines += _required(t.cls, indent + 2)
        elif isinstance(t, ListOf) and isinstance(t.item, RecordType):
            inner = _required(t.item.cls, indent + 4)
            first = next(i for i, ln in enumerate(inner) if not ln.lstrip().startswith("#"))
            inner[first] = f"{pad}  - " + inner[first].lstrip()
            lines.append(f"{pad}{f.key}:")
            lines += [ln if i == first else ln for i, ln in enumerate(inner)]
        elif isinstance(t, ListOf):
            lines.append(f"{pad}{f.key}:")
            lines.append(f"{pad}  - {_placeholder(f)}")
        else:
            lines.append(f"{pad}{f.key}: {_placeholder(f)}")
    return lines


def skeleton(kind, entry_id: str, local: bool = False) -> str:
    """A commented skeleton; ``local``: for content/lokalt/<folder>/, one folder deeper (its $schema path too)."""
    record = kind.record
    up = "../../../" if local else "../../"
    lines = [f"# yaml-language-server: $schema={up}site/data/schema/{kind.name}.json",
             f"# {record.__doc__.strip().splitlines()[0]} Skrevet af scripts/new. Udfyld alt, der står <udfyld: …>,",
             "# og fjern '#' foran de valgfri felter, du vil bruge. Tjek filen med scripts/check.",
             f"modelversion: {MODEL_VERSION}", f"id: {entry_id}"]
    lines += _required(record, 0)
    lines += kind.skeleton
    optional = [f for f in record.fields if not f.required and f.key not in ("modelversion",)]
    if optional:
        lines.append("")
        lines.append("# Valgfri felter (se /felter/ på sitet for alle underfelter):")
        for f in optional:
            lines.append(f"# {f.key}: …  — {f.doc}")
    return "\n".join(lines) + "\n"


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
    existing = [p for p in (Path(args.root) / "content").rglob(f"{args.id}.yml")]
    if path.exists() or existing:
        print(f"{(existing or [path])[0].relative_to(args.root)} findes allerede — vælg et andet id", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, args.id, local=args.lokal), encoding="utf-8")
    print(f"Skrev {path.relative_to(args.root)}. Udfyld felterne og kør scripts/check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
