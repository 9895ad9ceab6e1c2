"""site/data/: catalogue.json, catalogue.csv, vocabularies.json and schema/<kind>.json (INTERFACES.md)."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from . import routes
from .artifacts import by_entry, export_fields, export_keys
from .entry import OWNERS
from .kinds import KINDS
from .learning import Literature
from .schema import Slug, whole
from .site import Settings, Vocabulary
from .text import plain


def build_date() -> str:
    """The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


def export_id(entry_id: str) -> str:
    """An entry's id in the export: a merged entry's '<catalogue>/<id>' becomes '<catalogue>--<id>' (a '--' is in
    no id of a site's own, so it stays apart from them in the reader's catalogue too)."""
    return entry_id.replace("/", "--")


def entry_record(cat, entry, artifacts=()) -> dict:
    """An entry as catalogue.json has it; ``artifacts``: its downloads (artifacts.plan), each under its key."""
    facets = {k: list(v) for k, v in sorted((entry.facets or {}).items())}
    if not cat.provenance[entry.id].merged:  # a merged entry's owner is this site's name for its catalogue
        facets.setdefault(OWNERS, [entry.owner])
    downloads = export_fields(artifacts)
    record = {
        "id": export_id(entry.id),
        "type": cat.kind_of(entry).name,
        "title": entry.title,
        "summary": plain(entry.summary),
        "url": cat.url_of(entry),
        "pdf": downloads.pop("pdf", None),  # the entry's own PDF: a required key since the first version
        "facets": facets,
        "origin": cat.owner_label(entry),
        "source_url": cat.provenance[entry.id].source_url,
        "last_reviewed": entry.last_reviewed.isoformat() if entry.last_reviewed else None,
    }
    # additive keys, one per other download (artifacts.DOWNLOADS): a workshop's session_pdf (issue 21), …
    return {**record, **downloads}


def catalogue_json(cat, artifacts=()) -> dict:
    """``artifacts``: the build's downloads (artifacts.plan; none when PDFs are off)."""
    mine = by_entry(artifacts)
    # every published entry, merged ones too (with their original's source_url): a catalogue that merges this one
    # gets what this site shows; an entry that comes back to the site it started on is skipped there (federation)
    entries = [entry_record(cat, e, mine.get(e.id, ())) for e in sorted(cat.entries.values(), key=lambda e: e.id)]
    return {"generated": build_date(), "site_url": cat.settings.base_url, "entries": entries}


CSV_COLUMNS = ["id", "type", "title", "summary", "url", "pdf", "origin", "source_url", "last_reviewed", "facets"]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell starting so as a formula


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @, a tab or a carriage return gets a single quote
    in front (OWASP's rule against CSV injection: '=HYPERLINK(…)' in a title would be a live formula in Excel)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def catalogue_csv(data: dict) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in data["entries"]:
        facets = "; ".join(f"{k}={','.join(v)}" for k, v in e["facets"].items())
        w.writerow([csv_cell(e[c]) for c in CSV_COLUMNS[:-1]] + [csv_cell(facets)])
    return out.getvalue()


def vocabularies_json(cat) -> dict:
    return {vid: {"label": v.label, "facet": bool(v.facet), "order": v.order,
                  "values": [{"id": x.id, "label": x.label} for x in v.values]}
            for vid, v in sorted(cat.vocabularies.items())}


def kind_schema(record, title: str, vocabularies: dict | None = None) -> dict:
    defs: dict = {}
    ref = record.json_schema(defs)
    name = ref["$ref"].rsplit("/", 1)[1]
    root = dict(defs.pop(name))
    if vocabularies and "facetter" in root.get("properties", {}):
        root["properties"]["facetter"] = {
            "type": ["object", "null"], "additionalProperties": False, "description": root["properties"]["facetter"].get("description", ""),
            "properties": {vid: {"type": "array", "items": {"enum": [x.id for x in v.values]}, "uniqueItems": True}
                           for vid, v in sorted(vocabularies.items()) if v.facet}}
    if vocabularies and "ejer" in root.get("properties", {}) and OWNERS in vocabularies:
        root["properties"]["ejer"] = dict(root["properties"]["ejer"], enum=[x.id for x in vocabularies[OWNERS].values])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": defs}


def schemas(cat) -> dict[str, dict]:
    out = {k.name: kind_schema(k.record, k.name, cat.vocabularies) for k in KINDS}
    out["vocabulary"] = kind_schema(Vocabulary, "vocabulary")
    out["literature"] = kind_schema(Literature, "literature", cat.vocabularies)
    out["settings"] = kind_schema(Settings, "settings")
    out["catalogue"] = catalogue_schema()
    return out


# What another catalogue may rely on, and what this one checks an export against before merging it (federation.py):
# readers ignore keys they do not know (a partner on a newer version may add some), so objects are open; every
# string is capped, URLs are http(s) or site-relative paths, and ids are ids.
LIMITS = {"bytes": 5_000_000, "entries": 10_000, "text": 2_000, "id": 100, "facet_values": 100}
# Whole-string patterns that mean the same in ECMA-262 (readers of schema/catalogue.json) and Python's re (jsonschema,
# which searches: a bare '$' would also match before a final newline): schema.whole(); ASCII digits only.
HTTP_URL = whole(r'[hH][tT][tT][pP][sS]?://[^\s"<>\\^`{|}/]+[^\s"<>\\^`{|}]*')
_SEGMENT = r"(?!\.\.?/)[A-Za-z0-9._~-]+"
SITE_PATH = whole(rf"{_SEGMENT}/(?:{_SEGMENT}/)*")  # 'indsatser/x/': relative, directory style, no '..'
PDF_PATH = whole(rf"(?:{_SEGMENT}/)*(?!\.\.?/){_SEGMENT}\.pdf")
ID = Slug.pattern
# an entry's id in an export: an id, or a merged entry's '<catalogue>--<id>' (export_id)
ENTRY_ID = whole(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:--[a-z0-9]+(?:-[a-z0-9]+)*)*")
DATE = whole(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _text(max_length: int = LIMITS["text"], **more) -> dict:
    return {"type": "string", "maxLength": max_length, **more}


def _download() -> dict:
    return {"anyOf": [_text(500, pattern=PDF_PATH), _text(500, pattern=HTTP_URL), {"type": "null"}]}


def catalogue_schema() -> dict:
    """The JSON Schema of catalogue.json (its `type` enum from KINDS, read at call time)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "catalogue.json",
        "description": f"A catalogue's export (site/{routes.CATALOGUE_JSON}). Readers ignore keys they do not know.",
        "type": "object",
        "required": ["generated", "entries"],
        "properties": {
            "generated": _text(10, pattern=DATE, format="date"),
            "site_url": _text(500, pattern=HTTP_URL, description="The exporting site's address (so other sites can merge it)."),
            "entries": {"type": "array", "maxItems": LIMITS["entries"], "items": {
                "type": "object",
                "required": ["id", "type", "title", "summary", "url", "pdf", "facets", "origin", "source_url", "last_reviewed"],
                "properties": {
                    "id": _text(LIMITS["id"], pattern=ENTRY_ID),
                    "type": {"enum": [k.name for k in KINDS]},
                    "title": _text(300, minLength=1),
                    "summary": _text(),
                    "url": _text(500, pattern=SITE_PATH),
                    # "pdf" and one key per other download (artifacts.DOWNLOADS: session_pdf, …)
                    **{key: _download() for key in export_keys()},
                    "facets": {"type": "object", "maxProperties": 50, "propertyNames": _text(LIMITS["id"], pattern=ID),
                               "additionalProperties": {"type": "array", "maxItems": LIMITS["facet_values"],
                                                        "items": _text(LIMITS["id"], pattern=ID)}},
                    "origin": _text(300),
                    "source_url": {"anyOf": [_text(1000, pattern=HTTP_URL), {"type": "null"}]},
                    "last_reviewed": {"anyOf": [_text(10, pattern=DATE, format="date"), {"type": "null"}]},
                }}},
        },
    }


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(cat, site_dir: Path) -> list[Path]:
    """site/data/schema/<kind>.json only: what editors' YAML support reads (scripts/check writes them too)."""
    folder = Path(site_dir) / routes.SCHEMAS
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in schemas(cat).items():
        path = Path(site_dir) / routes.schema(name)
        text = _dump(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write(cat, site_dir: Path, artifacts=()) -> list[Path]:
    site = Path(site_dir)
    (site / routes.SCHEMAS).mkdir(parents=True, exist_ok=True)
    data = catalogue_json(cat, artifacts)
    files = {
        site / routes.CATALOGUE_JSON: _dump(data),
        site / routes.CATALOGUE_CSV: catalogue_csv(data),
        site / routes.VOCABULARIES_JSON: _dump(vocabularies_json(cat)),
    }
    for name, schema in schemas(cat).items():
        files[site / routes.schema(name)] = _dump(schema)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)
