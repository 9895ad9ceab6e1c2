"""``scripts/new KIND ID``: a commented skeleton of a content kind that validates once its placeholders are filled.

Required fields are written with a placeholder (``<udfyld: …>``, which the validator refuses). Every optional field
follows as a commented block in its real nested shape (its required sub-fields with placeholders), under a line
``## key — what it is``: removing the '# ' in front of the block's lines gives a valid structure with placeholders
left to fill (tests/test_fork.py uncomments each block of each kind)."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


from . import MODEL_VERSION, ROOT, routes
from .content import load
from .entry import OWN, OWNERS, FacetMap
from .kinds import KINDS
from .learning import LiteratureRef
from .schema import Bool, Date, EntryRef, Enum, Int, ListOf, RecordType, Slug, Url, VocabRef
from .workshop import ClockTime
from .worksheet import LAYOUTS

PLACEHOLDER = "<udfyld"


def _placeholder(field) -> str:
    t = field.type.item if isinstance(field.type, ListOf) else field.type
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
    if isinstance(t, Bool):
        return f'"{PLACEHOLDER}: true eller false>"'
    if isinstance(t, ClockTime):
        return f'"{PLACEHOLDER}: TT:MM>"'
    if isinstance(t, EntryRef):
        folders = [f"content/{k.folder}/" for k in KINDS if k.name in t.kinds]
        return f'"{PLACEHOLDER}: id på {"en post fra " + " eller ".join(folders) if folders else "en anden post"}>"'
    if isinstance(t, LiteratureRef):
        return f'"{PLACEHOLDER}: id fra content/litteratur.yml>"'
    return f'"{PLACEHOLDER}: {hint.replace(chr(34), chr(39))}>"'


def _required(record, indent: int, docs: bool = True) -> list[str]:
    """The record's first field and its required fields with placeholders, nested records in their shape: what
    uncommenting a block must give to be valid, and the text a reader sees (a result's 'tekst', not only its
    'status')."""
    pad = " " * indent
    lines = []
    shown = [f for f in record.fields if f.key not in ("id", "modelversion", OWN)]
    first = shown[:1]  # a record's first field is its main content (a text's 'tekst'), shown even if optional
    fields = [f for f in shown if f.required or f in first]
    for f in fields:
        if f.doc and docs:
            lines.append(f"{pad}# {f.doc}")
        lines += field_shape(f, indent, docs)
    return lines


def field_shape(f, indent: int, docs: bool = True, facets=("aldersgrupper",)) -> list[str]:
    """One field in its nested shape, with placeholders."""
    pad = " " * indent
    t = f.type
    if isinstance(t, FacetMap):  # one list per facet vocabulary of the content
        lines = [f"{pad}{f.key}:"]
        for vocab in facets:
            lines += [f"{pad}  {vocab}:", f'{pad}    - "{PLACEHOLDER}: id fra content/vokabularer/{vocab}.yml>"']
        return lines
    if isinstance(t, RecordType):
        return [f"{pad}{f.key}:"] + _required(t.cls, indent + 2, docs)
    if isinstance(t, ListOf) and isinstance(t.item, RecordType):  # as many items as the list needs (at least one)
        lines = [f"{pad}{f.key}:"]
        for _ in range(max(1, t.min_items)):
            inner = _required(t.item.cls, indent + 4, docs)
            first = next(i for i, ln in enumerate(inner) if not ln.lstrip().startswith("#"))
            inner[first] = f"{pad}  - " + inner[first].lstrip()
            lines += inner
        return lines
    if isinstance(t, ListOf):
        return [f"{pad}{f.key}:"] + [f"{pad}  - {_placeholder(f)}"] * max(1, t.min_items)
    return [f"{pad}{f.key}: {_placeholder(f)}"]


def facet_vocabularies(root: Path) -> list[str]:
    """The facet vocabularies of the content under root (a fork's too), as the loader reads them."""
    return [v.id for v in load(root).facets() if v.id != OWNERS]


def skeleton(kind, entry_id: str, local: bool = False, root: Path = ROOT) -> str:
    """A commented skeleton; ``local``: for content/lokalt/<folder>/, one folder deeper (its $schema path too)."""
    facets = facet_vocabularies(root) or ["aldersgrupper"]
    record = kind.record
    up = "../../../" if local else "../../"
    lines = [f"# yaml-language-server: $schema={up}site/{routes.schema(kind.name)}",
             f"# {record.__doc__.strip().splitlines()[0]} Skrevet af scripts/new. Udfyld alt, der står <udfyld: …>,",
             "# og tag de valgfri felter med, du vil bruge (nederst). Tjek filen med scripts/check.",
             f"modelversion: {MODEL_VERSION}", f"id: {entry_id}"] + ([f"{OWN}: true"] if local else [])
    lines += _required(record, 0)
    lines += kind.skeleton
    given = {ln.split(":")[0] for ln in kind.skeleton if re.match(r"[a-z_]+:", ln)}  # written above by the kind
    optional = [f for f in record.fields if not f.required and f.key not in ("modelversion", OWN, *given)]
    if optional:
        lines.append("")
        lines.append("# Valgfri felter: fjern '# ' foran et felts linjer (under '## …') og udfyld dem.")
        lines.append(f"# Alle underfelter står i feltoversigten (/{routes.FIELDS} på sitet).")
        for f in optional:
            instead = " (i stedet for modellen ovenfor)" if f.key in LAYOUTS.values() else ""
            lines.append(f"## {f.key} — {f.doc}{instead}" if f.doc else f"## {f.key}{instead}")
            lines += [f"# {ln}" for ln in field_shape(f, 0, docs=False, facets=facets)]
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
    path.write_text(skeleton(kind, args.id, local=args.lokal, root=Path(args.root)), encoding="utf-8")
    print(f"Skrev {path.relative_to(args.root)}. Udfyld felterne og kør scripts/check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
