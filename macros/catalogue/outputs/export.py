"""site/data/: catalogue.json, catalogue.csv, vocabularies.json and schema/<kind>.json (INTERFACES.md); their
formats are model/interchange.py's."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from catalogue.core import routes
from catalogue.core.artifacts import by_entry, export_fields
from catalogue.core.text import plain
from catalogue.model.entry import OWNERS
from catalogue.model.interchange import schemas


def build_date() -> str:
    """The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
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
    """Every vocabulary with its values: id, label, and — where the content gives them — the value's description
    (``beskrivelse``) and the staff's search words for it (``soegeord``; INTERFACES.md)."""
    def value(x) -> dict:
        out: dict = {"id": x.id, "label": x.label}
        if x.description:
            out["description"] = x.description
        if x.search_words:
            out["search_words"] = list(x.search_words)
        return out
    return {vid: {"label": v.label, "facet": bool(v.facet), "order": v.order, "values": [value(x) for x in v.values]}
            for vid, v in sorted(cat.vocabularies.items())}


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
