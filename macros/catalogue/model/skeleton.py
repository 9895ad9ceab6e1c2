"""A commented skeleton of a content kind (``scripts/new KIND ID``, cli/new.py) that validates once its
placeholders are filled.

Required fields are written with a placeholder (``<udfyld: …>``, which the validator refuses). Every optional field
follows as a commented block in its real nested shape (its required sub-fields with placeholders), under a line
``## key — what it is``: removing the '# ' in front of the block's lines gives a valid structure with placeholders
left to fill (tests/test_fork.py uncomments each block of each kind)."""
from __future__ import annotations

import re

from catalogue import MODEL_VERSION
from catalogue.core import routes
from catalogue.model.entry import OWN, FacetMap
from catalogue.model.kinds import KINDS
from catalogue.model.literature import LiteratureRef
from catalogue.model.schema import Bool, Date, EntryRef, Enum, Int, ListOf, RecordType, Url, VocabRef
from catalogue.model.worksheet import LAYOUTS
from catalogue.model.workshop import ClockTime

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


def skeleton(kind, entry_id: str, local: bool = False, facets: list[str] | tuple[str, ...] = ()) -> str:
    """A commented skeleton; ``local``: for content/lokalt/<folder>/, one folder deeper (its $schema path too);
    ``facets``: the catalogue's facet vocabularies (cli/new.py reads them), shown in the facet map's example."""
    facets = list(facets) or ["aldersgrupper"]
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
