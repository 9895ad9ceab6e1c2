"""Editing in the browser (catalogue/editor.py): Decap CMS's configuration is generated from the model — every
field of every kind with the widget of ARCHITECTURE.md's table, its label, hint, required flag and options — and the
loader accepts what Decap writes."""
from __future__ import annotations

import pytest
import yaml

from catalogue import MODEL_VERSION
from catalogue.outputs import editor_config as editor
from catalogue.model import schema
from catalogue.load.loader import load
from catalogue.model.entry import FacetMap
from catalogue.model.initiative import Initiative
from catalogue.model.kinds import KINDS
from catalogue.model.literature import LiteratureRef
from catalogue.model.settings import Colour
from catalogue.model.workshop import ClockTime
from conftest import ROOT, make_project

DECAP_WIDGETS = {"string", "text", "number", "boolean", "datetime", "select", "list", "object", "hidden"}


@pytest.fixture(scope="module")
def cat():
    c = load(ROOT)
    assert c.report.ok
    return c


@pytest.fixture(scope="module")
def config(cat):
    return editor.config(cat)


# The table in ARCHITECTURE.md ("Editing in the browser"), written out independently of the code.
def expected_widget(t) -> str:
    if isinstance(t, (schema.VocabRef, schema.EntryRef, LiteratureRef, schema.Enum)):
        return "select"
    if isinstance(t, schema.ListOf):
        return "select" if expected_widget(t.item) == "select" else "list"
    if isinstance(t, (schema.RecordType, FacetMap)):
        return "object"
    if isinstance(t, schema.Text):
        return "text"
    if isinstance(t, (schema.Str, schema.Slug, ClockTime, Colour)):
        return "string"
    # a number is a text field: "ca. 2023" stays as typed and its check says what to write (issue 29)
    return {schema.Int: "string", schema.Bool: "boolean", schema.Date: "datetime"}[type(t)]


def options_of(cat, t) -> list[str] | None:
    if isinstance(t, schema.ListOf):
        return options_of(cat, t.item)
    if isinstance(t, schema.VocabRef):
        return [v.id for v in cat.vocabularies[t.vocab].values]
    if isinstance(t, schema.EntryRef):
        return sorted(e.id for e in cat.entries.values() if not t.kinds or cat.kind_of(e).name in t.kinds)
    if isinstance(t, LiteratureRef):
        return [i.id for i in cat.literature.items]
    if isinstance(t, schema.Enum):
        return list(t.choices)
    return None


def check_fields(cat, record, specs, path, relaxed, seen):
    by_name = {s["name"]: s for s in specs}
    for f in record.fields:
        where = f"{path}.{f.key}"
        if f.key == "egen_post" and path in {k.name for k in KINDS}:  # a fork's marker (test below)
            assert f.key not in by_name
            continue
        if f.key not in by_name:  # only a record nested in itself deeper than the form goes may be missing
            assert path.count(f"<{f.type.cls.__name__}>") >= 1 if isinstance(f.type, schema.RecordType) else \
                isinstance(f.type, schema.ListOf) and isinstance(f.type.item, schema.RecordType), where
            continue
        s = by_name[f.key]
        seen.add(where)
        assert s["label"] == (f.label or schema.danish_label(f.key)) + (" (påkrævet)" if f.required else ""), where
        assert s.get("hint", "") == editor.plain_hint(f), where
        # Decap's own required check gives way to the validator's message: the engine's, or the generated one
        assert s["required"] is False, where
        if f.key == "modelversion":
            assert s["widget"] == "hidden" and s["default"] >= 1
            continue
        assert s["widget"] == expected_widget(f.type), where
        assert s["ik"].get("required") == (schema.missing_message(f.key) if f.required and not relaxed else None), where
        opts = options_of(cat, f.type)
        if opts is not None:
            got = [o["value"] for o in s["options"]]
            assert (sorted(got) if isinstance(f.type, (schema.EntryRef,)) or (
                isinstance(f.type, schema.ListOf) and isinstance(f.type.item, schema.EntryRef)) else got) == opts, where
            assert s.get("multiple", False) == isinstance(f.type, schema.ListOf), where
        child_relaxed = relaxed or not f.required
        if isinstance(f.type, schema.RecordType):
            check_fields(cat, f.type.cls, s["fields"], f"{where}<{f.type.cls.__name__}>", child_relaxed, seen)
        elif isinstance(f.type, schema.ListOf) and isinstance(f.type.item, schema.RecordType):
            check_fields(cat, f.type.item.cls, s["fields"], f"{where}<{f.type.item.cls.__name__}>", False, seen)
            assert s.get("min", 0) == (0 if child_relaxed else f.type.min_items), where
        elif isinstance(f.type, schema.ListOf) and s["widget"] == "list":
            assert s["field"]["widget"] == expected_widget(f.type.item), where
        elif isinstance(f.type, FacetMap):
            facets = [v.id for v in cat.facets() if v.id != "organisationer"]
            assert [x["name"] for x in s["fields"]] == facets
            assert all(x["widget"] == "select" and x["multiple"] and not x["required"] for x in s["fields"])


def test_every_field_of_every_kind_is_in_the_form_with_its_widget_flag_and_options(cat, config):
    collections = {c["name"]: c for c in config["collections"]}
    seen = set()
    for kind in KINDS:
        c = collections[kind.name]
        assert c["folder"] == f"content/{kind.folder}" and c["extension"] == "yml" and c["create"]
        assert c["slug"] == "{{fields.id}}"
        check_fields(cat, kind.record, c["fields"], kind.name, False, seen)
    assert len(seen) > 300  # the walk reaches the nested records
    assert {w for w in _widgets(config)} <= DECAP_WIDGETS


def _widgets(node):
    if isinstance(node, dict):
        if "widget" in node:
            yield node["widget"]
        for v in node.values():
            yield from _widgets(v)
    elif isinstance(node, list):
        for v in node:
            yield from _widgets(v)


def test_a_field_inside_an_empty_optional_group_is_not_demanded(config):
    """Decap refuses to save when a required field inside an untouched optional group is empty; the validator
    still requires it once the group is filled in."""
    initiative = next(c for c in config["collections"] if c["name"] == "initiative")
    results = next(f for f in initiative["fields"] if f["name"] == "resultater")
    status = next(f for f in results["fields"] if f["name"] == "status")
    assert "required" not in results["ik"] and "required" not in status["ik"]
    assert status["label"].endswith("(påkrævet)")  # the validator requires it once the group is used
    quotes = next(f for f in initiative["fields"] if f["name"] == "citater")  # a list item starts afresh
    assert next(f for f in quotes["fields"] if f["name"] == "rolle")["ik"]["required"] == "feltet 'rolle' mangler"
    sources = next(f for f in initiative["fields"] if f["name"] == "kilder")
    assert sources["ik"]["required"] == "feltet 'kilder' mangler" and sources["min"] == 1


def test_a_field_added_to_a_record_appears_in_the_form(cat, monkeypatch):
    added = schema.Field("tilskuere", schema.Int(0, 500), doc="Hvor mange så med.")
    monkeypatch.setattr(Initiative, "fields", Initiative.fields + [added])
    initiative = next(c for c in editor.config(cat)["collections"] if c["name"] == "initiative")
    spec = next(f for f in initiative["fields"] if f["name"] == "tilskuere")
    assert spec["ik"].pop("rank") == len(initiative["fields"]) - 1  # saved last, as declared
    # no step names it: a step of its own at the end (kinds.form_steps)
    assert spec["ik"].pop("step") == {"n": 9, "of": 9, "name": "Indhold", "first": True}
    assert spec == {"name": "tilskuere", "label": "Tilskuere", "required": False, "hint": "Hvor mange så med.",
                    "widget": "string", "ik": {"int": [0, 500], "not_int": schema.Int.not_int,
                                               "out_of_range": schema.Int.out_of_range}}


def test_labels_are_danish():
    assert schema.danish_label("sidst_gennemgaaet") == "Sidst gennemgået"
    assert schema.danish_label("oekonomi") == "Økonomi"
    assert schema.danish_label("raekkefoelge") == "Rækkefølge"


def test_settings_strings_and_vocabularies_are_file_collections(cat, config):
    files = {c["name"]: c for c in config["collections"] if "files" in c}
    assert {f["file"] for f in files["indstillinger"]["files"]} == {"content/indstillinger.yml", "content/litteratur.yml"}
    assert {f["name"] for f in files["vokabularer"]["files"]} == set(cat.vocabularies) - {
        v for v in cat.vocabularies if not (ROOT / "content" / "vokabularer" / f"{v}.yml").exists()}
    da = next(f for f in files["tekster"]["files"] if f["name"] == "da")
    assert {f["name"] for f in da["fields"]} == set(yaml.safe_load((ROOT / "content/tekster/da.yml").read_text()))


def test_the_config_is_yaml_with_shared_option_lists(cat, config):
    text = editor.config_yaml(cat)
    assert "&id" in text and "*id" in text  # a list of choices used by several fields is written once
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 10x faster, same answer
    assert data == config  # what the tests above check, as the editor reads it
    assert data["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert data["locale"] == "da" and data["media_folder"]


# -- the loader accepts what Decap writes ------------------------------------------------------------------

DECAP_STYLE = """\
titel: "Lektiecafé: Nord"
id: lektiecafe-nord
modelversion: 1
resume: |-
  Hjælp til lektier
  to gange om ugen.
ejer: frederiksberg-kommune
facetter:
  aldersgrupper:
    - 6-12-aar
  temaer: []
  maalgrupper:
kilder:
  - udgiver: Frederiksberg Kommune
    titel: 'Folder'
    url: ''
    aar:
relaterede: []
sidst_gennemgaaet: "2025-01-31"
oekonomi: ""
formaal:
  tekst: >-
    At flere børn
    får lavet lektier.
  punkter: []
citater:
  - tekst: Det hjælper.
    rolle: Forælder
    organisation: ""
"""


def test_the_loader_accepts_the_forms_decap_writes(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "content" / "indsatser" / "lektiecafe-nord.yml").write_text(DECAP_STYLE, encoding="utf-8")
    cat = load(project)
    assert cat.report.ok, "\n".join(d.format() for d in cat.report.errors)
    e = cat.entries["lektiecafe-nord"]
    assert e.title == "Lektiecafé: Nord" and e.summary == "Hjælp til lektier\nto gange om ugen."
    assert e.facets == {"aldersgrupper": ["6-12-aar"]} and e.related == [] and e.economy is None
    assert e.purpose.text == "At flere børn får lavet lektier." and e.sources[0].url is None
    assert e.quotes[0].organisation is None


def test_an_empty_required_text_is_still_an_error(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "content" / "indsatser" / "lektiecafe-nord.yml").write_text(
        DECAP_STYLE.replace('titel: "Lektiecafé: Nord"', 'titel: ""'), encoding="utf-8")
    cat = load(project)
    assert [d.message for d in cat.report.errors] == ["teksten er tom"]


def test_the_form_nests_as_deep_as_the_content(cat, config):
    """A record nested in itself (sections with sub-sections …) is in the form to the depth the content uses."""
    deepest: dict[str, int] = {}

    def walk(obj, path):
        if isinstance(obj, schema.Record):
            name = type(obj).__name__
            deepest[name] = max(deepest.get(name, 0), path.count(name) + 1)
            for f in obj.fields:
                walk(getattr(obj, f.attr, None), path + [name])
        elif isinstance(obj, list):
            for x in obj:
                walk(x, path)

    for e in cat.entries.values():
        walk(e, [])
    used = max(deepest.values())
    assert used >= 2  # the content does nest a record in itself

    def depth(fields, name):  # how many 'underafsnit' levels the form offers below a section list
        sub = next((f for f in fields if f["name"] == name), None)
        return 0 if sub is None else 1 + depth(sub["fields"], name)

    initiative = next(c for c in config["collections"] if c["name"] == "initiative")
    sections = next(f for f in initiative["fields"] if f["name"] == "afsnit")
    assert 1 + depth(sections["fields"], "underafsnit") >= used


# -- a fork ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fork_config(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("fork"))
    (project / "content" / "lokalt").mkdir()
    (project / "content" / "lokalt" / "skjul.yml").write_text("skjul:\n  - id: elevfravaer\n", encoding="utf-8")
    c = load(project)
    assert c.report.ok
    return c, editor.config(c)


def test_a_fork_writes_under_content_lokalt_only(fork_config):
    cat, config = fork_config
    paths = [c["folder"] for c in config["collections"] if "folder" in c] + [
        f["file"] for c in config["collections"] for f in c.get("files", [])]
    assert paths and all(p.startswith("content/lokalt/") for p in paths)
    assert config["media_folder"].startswith("content/lokalt/")
    own = next(c for c in config["collections"] if c["name"] == "initiative")
    assert own["folder"] == "content/lokalt/indsatser" and own["filter"] == {"field": "egen_post", "value": True}
    hidden = next(f for f in own["fields"] if f["name"] == "egen_post")
    assert hidden["widget"] == "hidden" and hidden["default"] is True
    upstream = editor.config(load(ROOT))["collections"]  # the original's own forms never write the marker
    assert not any(f["name"] == "egen_post" for c in upstream if "folder" in c for f in c["fields"])


def test_a_forks_adaptation_form_requires_nothing_and_lists_every_original(fork_config):
    cat, config = fork_config
    adapt = next(c for c in config["collections"] if c["name"] == "tilpas-initiative")
    originals = sorted(e.id for e in cat.of_kind("initiative") if not cat.provenance[e.id].local)
    assert sorted(f["name"] for f in adapt["files"]) == originals
    fields = adapt["files"][0]["fields"]
    assert all(f["fields"] is fields for f in adapt["files"][1:]) or all(f["fields"] == fields for f in adapt["files"])
    names = {f["name"] for f in fields}
    assert "id" not in names and "egen_post" not in names and "titel" in names
    version = next(f for f in fields if f["name"] == "modelversion")  # an adaptation follows a model version too
    assert version["widget"] == "hidden" and version["default"] == MODEL_VERSION

    def required(specs, in_list=False):
        for s in specs:
            if s["required"] and not in_list:
                yield s["name"]
            if s["widget"] == "object":
                yield from required(s["fields"], in_list)
    assert not list(required(fields))  # outside list items nothing is demanded
    hide = next(f for c in config["collections"] for f in c.get("files", []) if f["name"] == "skjul")
    ids = [o["value"] for o in next(f for f in hide["fields"] if f["name"] == "skjul")["fields"][0]["options"]]
    assert "elevfravaer" in ids and "robusthed" in ids  # a hidden original stays choosable


@pytest.mark.parametrize("settings, backend", [
    ({}, {"name": "proxy", "branch": "main"}),
    ({"tjeneste": "github", "repo": "kommune/katalog", "login_adresse": "https://auth.kommune.dk"},
     {"name": "github", "repo": "kommune/katalog", "branch": "main", "base_url": "https://auth.kommune.dk"}),
    ({"tjeneste": "gitlab", "repo": "kommune/katalog", "gren": "udgivet", "app_id": "abc123"},
     {"name": "gitlab", "repo": "kommune/katalog", "branch": "udgivet", "auth_type": "pkce", "app_id": "abc123"}),
    ({"tjeneste": "azure", "repo": "kommune/boern/katalog", "app_id": "a-b", "tenant_id": "t-1", "godkendelse": True},
     {"name": "azure", "repo": "kommune/boern/katalog", "branch": "main", "app_id": "a-b", "tenant_id": "t-1"}),
])
def test_the_back_end_follows_the_settings(tmp_path, settings, backend):
    project = make_project(tmp_path / "p")
    if settings:
        path = project / "content" / "indstillinger.yml"
        path.write_text(path.read_text(encoding="utf-8") + "redigering:\n" + "".join(
            f"  {k}: {str(v).lower() if isinstance(v, bool) else v}\n" for k, v in settings.items()), encoding="utf-8")
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    config = editor.config(cat)
    got = {k: v for k, v in config["backend"].items() if k != "proxy_url"}
    assert got == backend
    assert config.get("publish_mode") == ("editorial_workflow" if settings.get("godkendelse") else None)
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")


def forking_section_yaml(title: str) -> list[str]:
    text = (ROOT / "FORKING.md").read_text(encoding="utf-8")
    section = text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    import re
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_every_yaml_example_of_forkings_editing_section_is_valid_where_it_says_to_put_it(tmp_path):
    """FORKING.md, "7. Redigering i browseren": each block goes into content/lokalt/indstillinger.yml as written."""
    blocks = forking_section_yaml("7. Redigering i browseren")
    assert len(blocks) == 3
    services = []
    for n, block in enumerate(blocks):
        project = make_project(tmp_path / f"p{n}")
        (project / "content" / "lokalt").mkdir()
        (project / "content" / "lokalt" / "indstillinger.yml").write_text(block, encoding="utf-8")
        cat = load(project)
        assert cat.report.ok, [d.format() for d in cat.report.errors]
        config = editor.config(cat)
        services.append(config["backend"]["name"])
        assert config["backend"]["repo"] == cat.settings.editing.repo
    assert services == ["github", "gitlab", "azure"]


def test_an_empty_field_in_an_adaptation_keeps_the_originals_value(tmp_path):
    project = make_project(tmp_path / "p")
    local = project / "content" / "lokalt" / "indsatser"
    local.mkdir(parents=True)
    (local / "robusthed.yml").write_text('titel: Robusthed hos os\nresume: ""\nfacetter: {}\ncitater: []\nkilder:\n',
                                         encoding="utf-8")
    original = load(ROOT).entries["robusthed"]
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    e = cat.entries["robusthed"]
    assert e.title == "Robusthed hos os" and cat.provenance["robusthed"].adapted
    assert (e.summary, e.facets, len(e.quotes), len(e.sources)) == (
        original.summary, original.facets, len(original.quotes), len(original.sources))
