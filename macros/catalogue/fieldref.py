"""The editors' field reference, generated from the schema declarations (one source of truth)."""
from __future__ import annotations

from .kinds import KINDS
from .schema import ListOf, RecordType


def _rows(record, prefix="", seen=None, out=None):
    seen = set() if seen is None else seen
    out = [] if out is None else out
    for f in record.fields:
        key = f"{prefix}{f.key}"
        t = f.type
        inner = t.item if isinstance(t, ListOf) else t
        label = t.label.replace("|", "/")
        out.append(f"| `{key}` | {label} | {'ja' if f.required else ''} | {f.doc.replace('|', '/')} |")
        if isinstance(inner, RecordType) and inner.cls not in seen:
            seen.add(inner.cls)
            _rows(inner.cls, key + ("[]." if isinstance(t, ListOf) else "."), seen, out)
    return out


def field_reference(strings: dict) -> str:
    parts = ["# Feltoversigt", "",
             "Alle felter, som indholdsfilerne kan have. Siden er lavet automatisk ud fra den samme model, som "
             "tjekker filerne, så den er altid opdateret. `[]` betyder en liste.", ""]
    for kind in KINDS:
        title = strings.get(f"kind_{kind.name}", kind.name)
        parts += [f"## {title} (`content/{kind.folder}/`)", "", "| felt | type | skal udfyldes | forklaring |",
                  "|---|---|---|---|", *_rows(kind.record), ""]
    return "\n".join(parts) + "\n"
