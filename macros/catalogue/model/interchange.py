"""The data files' formats (INTERFACES.md): the JSON Schema of each content kind (from the model's declarations)
and of catalogue.json, the export another catalogue merges — with the limits and patterns a merge checks an
export against (load/federation.py)."""
from __future__ import annotations

from catalogue.core import routes
from catalogue.core.artifacts import export_keys
from catalogue.model.entry import OWNERS
from catalogue.model.kinds import KINDS
from catalogue.model.literature import Literature
from catalogue.model.schema import Slug, whole
from catalogue.model.settings import Settings, Vocabulary


def kind_schema(record, title: str, vocabularies: dict | None = None) -> dict:
    defs: dict = {}
    ref = record.json_schema(defs)
    name = ref["$ref"].rsplit("/", 1)[1]
    root = dict(defs.pop(name))
    if vocabularies and "facetter" in root.get("properties", {}):
        root["properties"]["facetter"] = {
            "type": ["object", "null"],
            "additionalProperties": False,
            "description": root["properties"]["facetter"].get("description", ""),
            "properties": {
                vid: {"type": "array", "items": {"enum": [x.id for x in v.values]}, "uniqueItems": True}
                for vid, v in sorted(vocabularies.items())
                if v.facet
            },
        }
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
            "site_url": _text(
                500, pattern=HTTP_URL, description="The exporting site's address (so other sites can merge it)."
            ),
            "entries": {
                "type": "array",
                "maxItems": LIMITS["entries"],
                "items": {
                    "type": "object",
                    "required": [
                        "id",
                        "type",
                        "title",
                        "summary",
                        "url",
                        "pdf",
                        "facets",
                        "origin",
                        "source_url",
                        "last_reviewed",
                    ],
                    "properties": {
                        "id": _text(LIMITS["id"], pattern=ENTRY_ID),
                        "type": {"enum": [k.name for k in KINDS]},
                        "title": _text(300, minLength=1),
                        "summary": _text(),
                        "url": _text(500, pattern=SITE_PATH),
                        # "pdf" and one key per other download (artifacts.DOWNLOADS: session_pdf, …)
                        **{key: _download() for key in export_keys()},
                        "facets": {
                            "type": "object",
                            "maxProperties": 50,
                            "propertyNames": _text(LIMITS["id"], pattern=ID),
                            "additionalProperties": {
                                "type": "array",
                                "maxItems": LIMITS["facet_values"],
                                "items": _text(LIMITS["id"], pattern=ID),
                            },
                        },
                        "origin": _text(300),
                        "source_url": {"anyOf": [_text(1000, pattern=HTTP_URL), {"type": "null"}]},
                        "last_reviewed": {"anyOf": [_text(10, pattern=DATE, format="date"), {"type": "null"}]},
                    },
                },
            },
        },
    }
