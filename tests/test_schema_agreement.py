"""The JSON Schemas editors use (site/data/schema/) and the validator agree: each type's schema accepts every value
the validator accepts and rejects each single-file structural error it reports — value by value for every type
of the schema language, and file by file for every content kind. Values are read as an editor's YAML 1.2 reads
them (conftest.Yaml12). Cross-file rules (does this id exist?) and text checks (CPR numbers, placeholders) stay
the validator's alone."""
from __future__ import annotations

import re

import jsonschema
import pytest

from conftest import make_project, yaml12
from catalogue.load.loader import load
from catalogue.model.settings import Colour
from catalogue.core.diagnostics import ContentError, Report
from catalogue.model.interchange import schemas
from catalogue.model.kinds import KINDS
from catalogue.model.schema import Bool, Context, Date, Enum, Field, Int, ListOf, Record, Slug, Str, Text, Url
from catalogue.model.workshop import ClockTime
from catalogue.core.yamlsource import read


class Named(Record):
    """Et navngivet punkt."""

    name = Field("navn", Str, required=True)


# (type, required, YAML after 'x:', valid?)
CASES = [
    # an optional field left blank ("" / [] / {}: what the browser editor writes) is absent; a required one is an error
    (Str, False, "Tekst", True), (Str, False, '""', True), (Str, False, "'  '", True), (Str, False, "[a]", False),
    (Str, True, '""', False), (Str, True, "'  '", False), (ListOf(Str, min_items=1), True, "[]", False),
    (Named, True, "{}", False),
    (Str, False, "{a: b}", False), (Str, False, "2018", True), (Str, False, "true", True), (Str, False, "1.5", True),
    (Str, False, "", True), (Str, True, "", False), (Str, True, "Tekst", True),
    (Text, False, "|\n  Et afsnit.\n\n  Et til.", True), (Text, False, "[a, b]", False),
    (Slug, False, "abc-1", True), (Slug, False, "Abc", False), (Slug, False, "a_b", False), (Slug, False, "-a", False),
    # a final newline is no part of an id ('$' alone matches before it in Python's re), nor in a URL
    (Slug, False, '"abc\\n"', False), (Slug, False, '"abc\\n\\n"', False), (Slug, False, "|\n  abc", False),
    (Int(1900, 2100), False, "2018", True), (Int(1900, 2100), False, '"2018"', True),
    (Int(1900, 2100), False, "tyve", False), (Int(1900, 2100), False, "3000", False),
    (Int(1900, 2100), False, "1.5", False), (Int(1900, 2100), False, "[1]", False),
    (Bool, False, "true", True), (Bool, False, "True", True), (Bool, False, "ja", True), (Bool, False, "Nej", True),
    (Bool, False, "maybe", False), (Bool, False, "1", False), (Bool, False, "[true]", False),
    (Date, False, "2024-03-01", True), (Date, False, "2024-02-30", False), (Date, False, "2024-13-01", False),
    (Date, False, "1. marts 2024", False), (Date, False, "20240301", False),
    (Url, False, "https://x.dk/a?b=1&c='d'", True), (Url, False, "mailto:a@b.dk", True),
    (Url, False, "javascript:alert(1)", False), (Url, False, """'https://x.dk/"a'""", False),
    (Url, False, "ftp://x.dk/", False), (Url, False, "https://", False),
    (Url, False, '"https://x.dk/\\n"', True), (Url, False, '"https://x.dk/\\nhttps://y.dk/"', False),
    (Enum({"a": "A", "b": "B"}), False, "a", True), (Enum({"a": "A", "b": "B"}), False, "c", False),
    (ClockTime, False, '"09:00"', True), (ClockTime, False, "09:00", True), (ClockTime, False, "9.30", True),
    (ClockTime, False, "25:00", False), (ClockTime, False, "kl. 9", False),
    (Colour, False, '"#1f4e79"', True), (Colour, False, "blå", False), (Colour, False, '"#12345"', False),
    (ListOf(Str), False, "[a, b]", True), (ListOf(Str), False, "a", False), (ListOf(Str), False, "[a, '']", False),
    (ListOf(Str), False, "[a, ~]", False), (ListOf(Str), False, "[]", True), (ListOf(Str), False, "{a: b}", False),
    (ListOf(Str, min_items=1), False, "[]", True),
    (Named, False, "{navn: x}", True), (Named, False, "{}", True), (Named, False, "{navn: x, y: 1}", False),
    (Named, False, "x", False), (ListOf(Named), False, "[{navn: x}, {navn: y}]", True),
]


def validator_accepts(record, text: str) -> bool:
    report = Report()
    try:
        source, node = read("x.yml", text.encode("utf-8"))
    except ContentError:
        return False
    record.load(Context(source, report), node)
    return not report.errors


def schema_accepts(record, text: str) -> bool:
    defs: dict = {}
    ref = record.json_schema(defs)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **ref, "$defs": defs}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).is_valid(yaml12(text))


@pytest.mark.parametrize("case", CASES, ids=[f"{getattr(t, '__name__', type(t).__name__)}{'!' if r else ''}:{v[:20]}"
                                             for t, r, v, _ in CASES])
def test_schema_and_validator_agree_on_each_type(case):
    t, required, value, valid = case
    record = type("One", (Record,), {"__doc__": "Én værdi.", "x": Field("x", t, required=required)})
    text = f"x: {value}\n" if value else "x:\n"
    assert validator_accepts(record, text) is valid, f"validator on {text!r}"
    assert schema_accepts(record, text) is valid, f"schema on {text!r}"


# Structural slips an editor makes, applied to one real file of every kind: each is an error for the validator
# and for the kind's JSON Schema.
def _set(key, value):
    def apply(text):  # the key's line and its indented block, or a new line at the end
        block = rf"(?m)^{key}:.*\n(?:[ \t]+\S.*\n)*"
        if re.search(block, text):
            return re.sub(block, lambda m: f"{key}: {value}\n", text, count=1)
        return text + f"{key}: {value}\n"
    return apply


MUTATIONS = {
    "unknown field": lambda text: text + "malgrupe: boern\n",
    "missing title": lambda text: re.sub(r"(?m)^titel: .*\n", "", text, count=1),
    "empty title": _set("titel", '""'),
    "list for title": _set("titel", "[a, b]"),
    "invalid id": _set("id", "Min Post"),
    "impossible date": _set("sidst_gennemgaaet", "2024-02-30"),
    "number out of range": _set("modelversion", "0"),
    "text for a list": _set("relaterede", "robusthed"),
    "mapping for text": _set("titel", "{a: b}"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("agree"))


@pytest.fixture(scope="module")
def kind_schemas(project):
    return schemas(load(project))


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_schema_and_validator_agree_on_invalid_files(project, kind_schemas, kind, mutation):
    k = next(k for k in KINDS if k.name == kind)
    path = sorted((project / "content" / k.folder).glob("*.yml"))[0]
    original = path.read_text(encoding="utf-8")
    text = MUTATIONS[mutation](original)
    assert text != original
    validator = jsonschema.Draft202012Validator(kind_schemas[kind], format_checker=jsonschema.FormatChecker())
    assert validator.is_valid(yaml12(original))
    try:
        path.write_text(text, encoding="utf-8")
        cat = load(project)
    finally:
        path.write_text(original, encoding="utf-8")
    rel = path.relative_to(project).as_posix()
    assert [d for d in cat.report.errors if d.path == rel], f"{kind}/{mutation}: the validator accepts it"
    assert not validator.is_valid(yaml12(text)), f"{kind}/{mutation}: the schema accepts it"


SETTINGS_SLIPS = {"base_url": "ftp://x.dk/", "farver": "{primaer: blå, accent: '#000000'}", "menu": "Om os",
                  "gennemgang_interval_maaneder": "aldrig", "kontakt": "Redaktionen"}


@pytest.mark.parametrize("key", sorted(SETTINGS_SLIPS))
def test_settings_schema_agrees(project, kind_schemas, key):
    path = project / "content" / "indstillinger.yml"
    original = path.read_text(encoding="utf-8")
    text = _set(key, SETTINGS_SLIPS[key])(original)
    try:
        path.write_text(text, encoding="utf-8")
        cat = load(project)
    finally:
        path.write_text(original, encoding="utf-8")
    assert [d for d in cat.report.errors if d.path == "content/indstillinger.yml"]
    assert not jsonschema.Draft202012Validator(kind_schemas["settings"]).is_valid(yaml12(text))
