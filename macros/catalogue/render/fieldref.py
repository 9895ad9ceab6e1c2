"""The editors' field reference, generated from the schema declarations (one source of truth): the rows, which
templates/pages/fields.html shows (autoescaped, like every page)."""
from __future__ import annotations

from catalogue.model.entry import OWN
from catalogue.model.kinds import KINDS
from catalogue.model.schema import ListOf, RecordType
from catalogue.model.skeleton import field_shape


def _rows(record, prefix="", seen=None, out=None, facets=()):
    seen = set() if seen is None else seen
    out = [] if out is None else out
    for f in record.fields:
        key = f"{prefix}{f.key}"
        t = f.type
        inner = t.item if isinstance(t, ListOf) else t
        # a top-level field's example: its shape as scripts/new writes it, placeholders and all
        example = "\n".join(field_shape(f, 0, docs=False, facets=facets)) if not prefix and f.key not in (
            "modelversion", OWN) else ""
        out.append({"key": key, "type": t.label, "required": f.required, "doc": f.doc, "example": example})
        if isinstance(inner, RecordType) and inner.cls not in seen:
            seen.add(inner.cls)
            _rows(inner.cls, key + ("[]." if isinstance(t, ListOf) else "."), seen, out, facets)
    return out


def field_reference(facets=("aldersgrupper",)) -> list[dict]:
    """One group per content kind: its folder and every field, nested fields as 'felt.underfelt' ('[]' = list);
    a top-level field has an example of its shape (``facets``: the facet vocabularies its `facetter` shows)."""
    return [{"kind": kind.name, "folder": kind.folder, "rows": _rows(kind.record, facets=facets)} for kind in KINDS]


def vocabulary_reference(cat) -> list[dict]:
    """Every vocabulary with its file and its values (a fork's added values too), in the file's order."""
    return [{"id": v.id, "label": v.label, "facet": v.facet, "values": [(x.id, x.label) for x in v.values]}
            for v in sorted(cat.vocabularies.values(), key=lambda v: (not v.facet, v.order, v.id))]
