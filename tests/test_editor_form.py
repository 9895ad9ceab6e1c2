"""The editor's form catches mistakes where they are made (issue 29, points 1, 2 and 5).

Unit tests: the engine's check of the form's data (catalogue/cli/form_check.py, the proxy's `check` action) gives,
for every rule, the field and the very text scripts/check gives; the proxy's rules hold for the check too; the
checks generated from the model for a hosted back end (each field's `ik`, run by ik-editor-core.js in Node) catch
required fields, patterns, numbers, vocabularies and CPR numbers; labels say "påkrævet" exactly where the
validator requires. One browser test drives the real Decap through the proxy in a fork (a CPR number, a name in a
quote's role, "ca. 2023", a Word list pasted, a too-light colour, the original beside an adaptation)."""
from __future__ import annotations

import json
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, make_project, yaml12

ENTRY = "content/indsatser/robusthed.yml"
SETTINGS = "content/indstillinger.yml"
NODE = shutil.which("node")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("form"))


def original(project: Path, rel: str) -> dict:
    return yaml12((project / rel).read_text(encoding="utf-8"))


def checker(project: Path, rel: str, data: dict) -> list[dict]:
    """What scripts/check says about rel with this data in place (the file written as YAML, then put back): its
    JSON diagnostics (cli/check.py: the loader's report, as `scripts/check --json` prints it), in this process."""
    from catalogue.load.loader import load
    path = project / rel
    before = path.read_bytes()
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    try:
        report = load(project).report
    finally:
        path.write_bytes(before)
    return [d for d in json.loads(report.to_json()) if d["path"] == rel]


def initiative_with_mistakes(project: Path) -> dict:
    data = original(project, ENTRY)
    data["citater"] = [{"tekst": "Ring til mor på 010190-1234", "rolle": "Mette Hansen, bibliotekar"},
                       {"tekst": "Det hjalp."}]
    data["kilder"][0]["aar"] = "ca. 2023"
    data["kilder"].append({"titel": "Folder", "udgiver": "Kommunen", "aar": 1850, "url": "www.kommune.dk"})
    data["id"] = "Robusthed i Holbæk"
    data["overblik"] = {}  # what Decap writes for an untouched group: the overview is derived, "Hvorfor?" from nothing
    for key in ("formaal", "maalsaetninger", "indledning"):
        data.pop(key, None)
    data.pop("resume")
    return data


# Each rule of issue 29's point 1: (file, how to break it, the field path the form shows it at, a part of its text)
RULES = [
    ("required", ENTRY, ["resume"], "feltet 'resume' mangler"),
    ("required in a list item", ENTRY, ["citater", 1, "rolle"], "feltet 'rolle' mangler"),
    ("pattern (id)", ENTRY, ["id"], "er ikke et gyldigt id"),
    ("pattern (url)", ENTRY, ["kilder", 1, "url"], "er ikke en gyldig webadresse"),
    ("vocabulary", "vocabulary", ["ejer"], "ukendt-kommune"),
    ("CPR", ENTRY, ["citater", 0, "tekst"], "CPR-nummer"),
    ("name in a quote", ENTRY, ["citater", 0, "rolle"], "ser ud til at indeholde et navn"),
    ("year not a number", ENTRY, ["kilder", 0, "aar"], "'ca. 2023' er ikke et heltal"),
    ("year range", ENTRY, ["kilder", 1, "aar"], "uden for det tilladte (1900–2100)"),
    ("overview", ENTRY, ["formaal"], "overblikket mangler"),
    ("contrast", SETTINGS, ["farver", "primaer"], "(2.1:1; mindst 4.5:1)"),
    ("clock time", "content/drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde.yml", ["starttid"],
     "er ikke et klokkeslæt"),
]


def broken(project: Path, variant: str) -> tuple[str, dict]:
    """(file, data): the initiative with every mistake of its own; one whose owner is no organisation (references
    are checked once a file has no other error, by scripts/check too); the settings; a workshop."""
    if variant == ENTRY:
        return ENTRY, initiative_with_mistakes(project)
    if variant == "vocabulary":
        return ENTRY, {**original(project, ENTRY), "ejer": "ukendt-kommune"}
    rel = variant
    data = original(project, rel)
    if rel == SETTINGS:
        data["farver"]["primaer"] = "#7fb3ff"
    else:
        data["starttid"] = "16:75"
    return rel, data


def test_every_rule_shows_the_checkers_text_at_its_field(project):
    """The proxy's check (form_check.check) and scripts/check on the same data: the same diagnostics, each at the
    form field it is about; nothing under the project changes."""
    from catalogue.cli import form_check
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    for variant in sorted({r[1] for r in RULES}):
        rel, data = broken(project, variant)
        form = form_check.check(project, rel, data)["diagnostics"]
        cli = checker(project, rel, data)
        assert sorted(d["text"] for d in form) == sorted(
            f"{d['message']} — {d['hint']}" if d["hint"] else d["message"] for d in cli), rel
        for name, _, path, text in (r for r in RULES if r[1] == variant):
            at = [d for d in form if d["path"] == path]
            assert any(text in d["text"] for d in at), (name, path, [(d["path"], d["text"]) for d in form])
            severity = "warning" if name in ("name in a quote", "overview") else "error"
            assert any(d["severity"] == severity for d in at if text in d["text"]), name
    assert {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()} == before


def _post(port: int, body: dict, origin: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", "Host": f"127.0.0.1:{port}"}
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_the_proxys_check_keeps_the_proxys_rules(project):
    """The check action answers the preview's origin only, on a path the editor may write, within a size cap."""
    from catalogue.cli import editor_proxy
    server = editor_proxy.make_server(project, 0, 1)
    port = server.server_address[1]
    server.RequestHandlerClass.guard = editor_proxy.LocalOrigin(port, 1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        preview = "http://127.0.0.1:1"
        data = {**original(project, ENTRY), "resume": "Ring på 010190-1234"}
        status, body = _post(port, {"action": "check", "params": {"path": ENTRY, "data": data}}, preview)
        assert status == 200 and [d["path"] for d in body["diagnostics"]] == [["resume"]]
        assert _post(port, {"action": "check", "params": {"path": ENTRY, "data": data}}, None)[0] == 403
        assert _post(port, {"action": "check", "params": {"path": ENTRY, "data": data}}, "http://evil.test")[0] == 403
        status, body = _post(port, {"action": "check", "params": {"path": "scripts/x.yml", "data": data}}, preview)
        assert status == 403 and "content/" in body["error"]
        big = {"resume": "x" * (1024 * 1024 + 1)}
        assert _post(port, {"action": "check", "params": {"path": ENTRY, "data": big}}, preview)[0] == 413
    finally:
        server.shutdown()
        server.server_close()


def _config(project: Path) -> dict:
    from catalogue.load.loader import load
    from catalogue.outputs import editor_config
    return editor_config.config(load(project))


def _fields(fields, prefix=()):
    for f in fields or []:
        yield (*prefix, f["name"]), f
        yield from _fields(f.get("fields"), (*prefix, f["name"]))
        if isinstance(f.get("field"), dict):
            yield from _fields([f["field"]], (*prefix, f["name"]))


def test_labels_say_required_exactly_where_the_validator_requires(project):
    from catalogue.model.kinds import KINDS
    config = _config(project)
    for kind in KINDS:
        collection = next(c for c in config["collections"] if c["name"] == kind.name)
        for f in kind.record.fields:
            spec = next((s for s in collection["fields"] if s["name"] == f.key), None)
            if spec is None or spec["widget"] == "hidden":
                continue
            assert spec["label"].endswith(" (påkrævet)") == f.required, (kind.name, f.key, spec["label"])
            assert spec["required"] is False  # Decap's own "… er påkrævet." gives way to the checker's text
            assert ("required" in spec["ik"]) == f.required and spec["ik"].get("required", "").startswith(
                f"feltet '{f.key}' mangler"[:len(spec["ik"].get("required", ""))])
    hints = [f.get("hint", "") for c in config["collections"] for _, f in _fields(c.get("fields"))]
    assert not [h for h in hints if h.startswith("true ") or ".yml" in h], "hints in plain Danish: no 'true', no files"


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_a_hosted_back_ends_generated_checks_catch_the_mistakes(project):
    """A hosted back end: no engine in the browser. The checks generated from the model (`ik`) catch a missing
    required field, an id or web address against its pattern, a year that is no number or out of range, a CPR
    number in any text; a vocabulary is a choice list of its values only."""
    from catalogue.load.loader import load
    from catalogue.outputs import editor_config
    project_config = editor_config.config(load(project))
    fields = dict(_fields(next(c for c in project_config["collections"] if c["name"] == "initiative")["fields"]))
    cases = [
        (fields[("id",)]["ik"], "Robusthed i Holbæk", "kun små bogstaver"),
        (fields[("id",)]["ik"], "robusthed", None),
        (fields[("titel",)]["ik"], "", "feltet 'titel' mangler"),
        (fields[("resume",)]["ik"], "Ring på 010190-1234", "CPR-nummer"),
        (fields[("citater", "tekst")]["ik"], "Barnets cpr er 0101901234.", "CPR-nummer"),
        (fields[("citater", "rolle")]["ik"], "", "feltet 'rolle' mangler"),
        (fields[("kilder", "aar")]["ik"], "ca. 2023", "'ca. 2023' er ikke et heltal"),
        (fields[("kilder", "aar")]["ik"], "1850", "tallet 1850 ligger uden for det tilladte (1900–2100)"),
        (fields[("kilder", "aar")]["ik"], 2023, None),
        (fields[("kilder", "url")]["ik"], "www.kommune.dk", "webadresse"),
        (fields[("resume",)]["ik"], "Hjælp til lektier to gange om ugen.", None),
    ]
    script = ("import { generatedError } from './templates/overrides/assets/ik-editor-core.js';\n"
              "const cases = JSON.parse(process.argv[1]);\n"
              "console.log(JSON.stringify(cases.map(([ik, value]) => generatedError(ik, value))));")
    result = subprocess.run([NODE, "--input-type=module", "-e", script, json.dumps([c[:2] for c in cases])],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for (_, value, expected), got in zip(cases, json.loads(result.stdout), strict=True):
        assert (got is None) == (expected is None) and (expected is None or expected in got), (value, got)
    owners = {o["value"] for o in fields[("ejer",)]["options"]}
    assert owners == {v.id for v in load(project).vocabularies["organisationer"].values}
    assert fields[("ejer",)]["widget"] == "select"



# -- issue 29, points 3 and 4: steps, the preview pane, fresh choices, the featured entry --------------------------

def test_every_kinds_form_is_in_steps_declared_once(project):
    """Each kind's top-level fields are each in exactly one step (kinds.form_steps: a field no step names goes to
    'Indhold'); the form keeps the model's order in `ik.rank`; every step has a name in both strings tables; a
    block inside a block is collapsed."""
    from catalogue.load.loader import load
    from catalogue.model.kinds import KINDS
    from catalogue.outputs import editor_config
    cat = load(project)
    config = editor_config.config(cat)
    by_name = {c["name"]: c for c in config["collections"]}
    en = yaml12((project / "content" / "tekster" / "en.yml").read_text(encoding="utf-8"))
    for kind in KINDS:
        fields = by_name[kind.name]["fields"]
        shown = [f for f in fields if f.get("widget") != "hidden"]
        steps = [f["ik"]["step"] for f in shown]
        assert [s["n"] for s in steps] == sorted(s["n"] for s in steps), kind.name  # in step order
        assert sum(1 for s in steps if s["first"]) == steps[0]["of"], kind.name  # one heading per step
        assert steps[0]["name"] == "Basis" and shown[0]["name"] in ("id", "titel"), kind.name
        assert sorted(f["ik"]["rank"] for f in fields) == list(range(len(fields))), kind.name
        assert {f["name"] for f in fields} == {f.key for f in kind.record.fields} - {"egen_post"}, kind.name
    initiative = [s["name"] for s in (f["ik"]["step"] for f in by_name["initiative"]["fields"] if "step" in f["ik"])
                  if s["first"]]
    assert initiative == ["Basis", "Hvorfor?", "For hvem?", "Hvordan?", "Derfor! (resultater)", "Cases og citater",
                          "Kilder", "Klassifikation"]
    assert all(f"editor_step_{k}" in en for kind in KINDS for k, _ in kind.steps)
    purpose = next(f for f in by_name["initiative"]["fields"] if f["name"] == "formaal")
    assert not purpose.get("collapsed")  # a step's own block is open
    nested = [f for f in purpose["fields"] if f["widget"] == "object"]
    assert nested and all(f.get("collapsed") for f in nested if "(påkrævet)" not in f["label"])


def test_the_check_renders_the_draft_and_sends_fresh_choices(project):
    """The proxy's check with `page`: the entry's page as the engine renders it, from the form's data (the preview
    pane); with `choices`: the choice lists as the content has them now (a value saved a moment ago)."""
    from catalogue.cli import form_check
    data = {**original(project, ENTRY), "titel": "Robusthed i kladden"}
    vocab = project / "content" / "vokabularer" / "organisationer.yml"
    kept = vocab.read_text(encoding="utf-8")
    vocab.write_text(kept.rstrip("\n") + "\n  - id: holbaek-kommune\n    navn: Holbæk Kommune\n", encoding="utf-8")
    try:
        out = form_check.check(project, ENTRY, data, page=True, choices=["vokabular:organisationer", "poster:"])
    finally:
        vocab.write_text(kept, encoding="utf-8")
    assert out["page"]["url"] == "indsatser/robusthed/"
    html = out["page"]["html"]
    assert "<h1>Robusthed i kladden</h1>" in html and all(
        h in html for h in ("Hvorfor?", "For hvem?", "Hvordan?", "Derfor!"))
    assert {"label": "Holbæk Kommune", "value": "holbaek-kommune"} in out["choices"]["vokabular:organisationer"]
    assert any(o["value"] == "robusthed" for o in out["choices"]["poster:"])
    broken_data = {**data, "ejer": 7, "titel": None}
    assert form_check.check(project, ENTRY, broken_data, page=True)["page"] is None  # the pane says: fix the errors


def test_hiding_the_featured_entry_warns_at_the_field(tmp_path):
    """A fork that hides the entry its front page features gets a warning at the hidden entry's field (the form
    shows it; scripts/check says it too), and the featured entry is chosen from a list of entries."""
    from catalogue.cli import form_check
    from catalogue.load.loader import load
    from catalogue.outputs import editor_config
    fork = make_project(tmp_path / "fork")
    (fork / "content" / "lokalt").mkdir()
    featured = yaml12((fork / SETTINGS).read_text(encoding="utf-8"))["fremhaevet"]
    out = form_check.check(fork, "content/lokalt/skjul.yml", {"skjul": [{"id": featured}]})["diagnostics"]
    assert [(d["path"], d["severity"]) for d in out] == [(["skjul", 0, "id"], "warning")]
    assert f"'{featured}' er den post forsiden fremhæver" in out[0]["text"] and "vælg en anden" in out[0]["text"]
    settings = next(f for c in editor_config.config(load(fork))["collections"] if c["name"] == "lokalt"
                    for f in c["files"] if f["name"] == "indstillinger")
    field = next(f for f in settings["fields"] if f["name"] == "fremhaevet")
    assert field["widget"] == "select" and field["ik"]["choices"] == "poster:"
    assert any(o["value"] == featured for o in field["options"])
