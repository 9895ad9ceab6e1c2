"""Made for forking: scaffolding, schemas that agree with the validator, overlays, federation, quality signals."""
from __future__ import annotations

import json
import re
import subprocess

import jsonschema
import pytest
import yaml

from conftest import ENV, PY, ROOT, build, make_project
from catalogue.content import load
from catalogue.kinds import KINDS


def fill(text: str) -> str:
    text = re.sub(r'"<udfyld: én af ([a-z-]+)[^"]*>"', r"\1", text)
    text = re.sub(r'"<udfyld: id fra content/vokabularer/organisationer.yml>"', "frederiksberg-kommune", text)
    text = re.sub(r'"<udfyld: et tal>"', "2024", text)
    text = re.sub(r'"<udfyld: ÅÅÅÅ-MM-DD>"', "2024-01-31", text)
    text = re.sub(r'"<udfyld: https://…>"', "https://example.org/", text)
    return re.sub(r'"<udfyld: [^"]*>"', '"Tekst"', text)


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_new_writes_a_skeleton_that_validates_once_filled(tmp_path, kind):
    project = make_project(tmp_path / "p", with_entries=False)
    out = subprocess.run([PY, "-m", "catalogue.scaffold", kind, "ny-post", "--root", str(project)], env=ENV,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    path = next((project / "content").rglob("ny-post.yml"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../site/data/schema/{kind}.json")
    assert all(ln.lstrip().startswith("#") or "#" not in ln for ln in text.splitlines()), "comments on their own lines"
    cat = load(project)
    errors = [d for d in cat.report.errors if d.path.endswith("ny-post.yml")]
    assert errors and all(d.message == "pladsholderen er ikke udfyldt" for d in errors)
    path.write_text(fill(text), encoding="utf-8")
    cat = load(project)
    assert not [d.format() for d in cat.report.errors], [d.format() for d in cat.report.errors]
    assert "ny-post" in cat.entries
    again = subprocess.run([PY, "-m", "catalogue.scaffold", kind, "ny-post", "--root", str(project)], env=ENV,
                           capture_output=True, text=True)
    assert again.returncode == 1 and "findes allerede" in again.stderr


def test_new_refuses_bad_kind_and_id(tmp_path):
    project = make_project(tmp_path / "p", with_entries=False)
    for args in (["opskrift", "x"], ["initiative", "Ugyldigt Id"]):
        out = subprocess.run([PY, "-m", "catalogue.scaffold", *args, "--root", str(project)], env=ENV,
                             capture_output=True, text=True)
        assert out.returncode == 1 and out.stderr.strip()


@pytest.mark.parametrize("script", ["build", "check", "serve", "test", "new"])
def test_every_command_has_help(script):
    out = subprocess.run([str(ROOT / "scripts" / script), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and ("Brug" in out.stdout or "usage" in out.stdout.lower()), out.stdout + out.stderr


class _Yaml12(yaml.SafeLoader):
    """YAML as the validator reads it: only true/false are booleans, only digits are integers, the rest is text."""


_Yaml12.yaml_implicit_resolvers = {}
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^-?[0-9]+$"), list("-0123456789"))
_Yaml12.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])


def schema_of(kind: str) -> dict:
    from catalogue.export import schemas
    return schemas(load(ROOT))[kind]


def test_schemas_accept_every_content_file(catalogue):
    from catalogue.export import schemas
    all_schemas = schemas(catalogue)
    for entry in catalogue.entries.values():
        doc = yaml.load((ROOT / entry.path).read_text(encoding="utf-8"), Loader=_Yaml12)
        jsonschema.validate(doc, all_schemas[catalogue.kind_of(entry).name])
    for path in (ROOT / "content/vokabularer").glob("*.yml"):
        jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12), all_schemas["vocabulary"])
    jsonschema.validate(yaml.load((ROOT / "content/indstillinger.yml").read_text(encoding="utf-8"), Loader=_Yaml12),
                        all_schemas["settings"])
    jsonschema.validate(yaml.load((ROOT / "content/litteratur.yml").read_text(encoding="utf-8"), Loader=_Yaml12),
                        all_schemas["literature"])


INVALID = {
    "unknown field": "malgrupe: [boern]\n",
    "unknown facet value": "facetter:\n  sektorer: [dagtilbu]\n",
    "unknown facet": "facetter:\n  sektor: [dagtilbud]\n",
    "unknown owner": None,
    "wrong type": "relaterede: 7\n",
    "bad enum": "resultater:\n  status: opnået\n",
    "bad year": None,
    "list for text": "oekonomi: [a, b]\n",
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_schema_and_validator_agree_on_invalid_files(tmp_path, case):
    base = (ROOT / "content/indsatser/omsorgsgrebet.yml").read_text(encoding="utf-8")
    if case == "unknown owner":
        text = base.replace("ejer: boerns-vilkaar", "ejer: boerns-vilkar")
    elif case == "bad year":
        text = re.sub(r"(?m)^(\s+aar:) \d+", r"\1 tyve", base, count=1) if re.search(r"(?m)^\s+aar:", base) else \
            base.replace("    udgiver: Børns Vilkår", "    udgiver: Børns Vilkår\n    aar: tyve", 1)
    else:
        text = base + INVALID[case]
    assert text != base
    project = make_project(tmp_path / "p")
    (project / "content/indsatser/omsorgsgrebet.yml").write_text(text, encoding="utf-8")
    cat = load(project)
    assert [d for d in cat.report.errors if d.path == "content/indsatser/omsorgsgrebet.yml"], case
    doc = yaml.load(text, Loader=_Yaml12)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema_of("initiative"))


def test_check_writes_the_schemas_editors_use(tmp_path):
    project = make_project(tmp_path / "p")
    out = subprocess.run([PY, "-m", "catalogue.check", "--root", str(project)], env=ENV, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    schema = json.loads((project / "site/data/schema/initiative.json").read_text(encoding="utf-8"))
    assert "dagtilbud" in schema["properties"]["facetter"]["properties"]["sektorer"]["items"]["enum"]
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    for kind in KINDS:
        assert f"./site/data/schema/{kind.name}.json" in settings["yaml.schemas"]
        for p in (ROOT / "content" / kind.folder).glob("*.yml"):
            assert p.read_text(encoding="utf-8").startswith(
                f"# yaml-language-server: $schema=../../site/data/schema/{kind.name}.json"), p
