"""The editors' field reference, generated from the schema declarations (one source of truth): the rows, which
templates/pages/fields.html shows (autoescaped, like every page)."""
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
        out.append({"key": key, "type": t.label, "required": f.required, "doc": f.doc})
        if isinstance(inner, RecordType) and inner.cls not in seen:
            seen.add(inner.cls)
            _rows(inner.cls, key + ("[]." if isinstance(t, ListOf) else "."), seen, out)
    return out


def field_reference() -> list[dict]:
    """One group per content kind: its folder and every field, nested fields as 'felt.underfelt' ('[]' = list)."""
    return [{"kind": kind.name, "folder": kind.folder, "rows": _rows(kind.record)} for kind in KINDS]
