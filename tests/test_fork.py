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
