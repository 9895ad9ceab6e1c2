"""Model versions that can't be skipped (issue 18, part 7): every file the loader reads as a record follows a
model version; a file without `modelversion` follows version 1. A test model change (version 2, registered as a
migration for the test only) shows that files with and without the key — entries, a fork's adaptation, settings,
vocabularies, literature, the hidden list — are all reported, named the command, and migrated."""
from __future__ import annotations

import re

import catalogue
from catalogue.cli import check
from catalogue.cli import migrate
from catalogue.load.loader import load, versioned_files
from conftest import make_project


def fork(project):
    local = project / "content/lokalt"
    (local / "indsatser").mkdir(parents=True)
    (local / "vokabularer").mkdir()
    (local / "indsatser/omsorgsgrebet.yml").write_text("# vores titel\ntitel: Omsorgsgrebet i Eksempelby\n",
                                                      encoding="utf-8")
    (local / "vokabularer/organisationer.yml").write_text(
        "vaerdier:\n  - id: eksempelby-kommune\n    navn: Eksempelby Kommune\n", encoding="utf-8")
    (local / "skjul.yml").write_text("---\nskjul:\n  - id: elevfravaer\n", encoding="utf-8")
    (local / "indstillinger.yml").write_text("\ufefforganisation: Eksempelby Kommune\n", encoding="utf-8")
    return local


def to_version_2(monkeypatch):
    """A made-up model change: version 2 adds ' (v2)' to every top-level title."""
    monkeypatch.setattr(catalogue, "MODEL_VERSION", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, ("titler får ' (v2)'",
                                                lambda t: re.sub(r"(?m)^titel: (.*)$", r"titel: \1 (v2)", t)))


def test_every_older_file_is_reported_once_and_migrated(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path / "p")
    local = fork(project)
    no_key = project / "content/indsatser/robusthed.yml"
    no_key.write_text(re.sub(r"(?m)^modelversion: 1\n", "", no_key.read_text(encoding="utf-8")), encoding="utf-8")
    assert "modelversion" not in no_key.read_text(encoding="utf-8")
    files = versioned_files(project)
    assert local / "indsatser/omsorgsgrebet.yml" in files and project / "content/vokabularer/organisationer.yml" in files
    assert not any("tekster" in p.parts or "sider" in p.parts for p in files)

    assert load(project).report.ok  # version 1 is the current version: a file without the key is fine today
    to_version_2(monkeypatch)
    report = load(project).report
    by_path = {}
    for d in report.errors:
        by_path.setdefault(d.path, []).append(d)
    rel = {p.relative_to(project).as_posix() for p in files}
    assert set(by_path) == rel  # every file, and no other
    assert all(len(ds) == 1 for ds in by_path.values())  # one error each: nothing else in an old file is checked
    d = by_path["content/indsatser/robusthed.yml"][0]
    assert (d.line, d.message) == (1, "filen følger modelversion 1 (den har ikke feltet 'modelversion'), men "
                                      "modellen er nu version 2")
    d = by_path["content/indsatser/dialogisk-laesning.yml"][0]
    text = (project / d.path).read_text(encoding="utf-8").splitlines()
    assert text[d.line - 1] == "modelversion: 1"  # the line of the key
    assert d.message == "filen følger modelversion 1, men modellen er nu version 2"
    assert d.hint.startswith("kør scripts/migrate")

    assert check.main(["--root", str(project), "--no-schemas"]) == 1
    out = capsys.readouterr()
    assert f"{len(rel)} fejl" in out.err and out.err.rstrip().endswith(
        f"{len(rel)} fil(er) følger en ældre modelversion: kør først scripts/migrate, så scripts/check igen")

    assert migrate.main(["--root", str(project)]) == 0
    assert f"{len(rel)} fil(er) er opgraderet til modelversion 2" in capsys.readouterr().out
    for p in files:
        text = p.read_text(encoding="utf-8")
        assert re.search(r"(?m)^modelversion: 2$", text), p
        assert not re.search(r"(?m)^titel: .*\(v2\) \(v2\)$", text), p  # each migration once
    assert re.search(r"(?m)^titel: .* \(v2\)$", no_key.read_text(encoding="utf-8"))
    adaptation = (local / "indsatser/omsorgsgrebet.yml").read_text(encoding="utf-8")
    assert adaptation == "modelversion: 2\n# vores titel\ntitel: Omsorgsgrebet i Eksempelby (v2)\n"
    assert (local / "skjul.yml").read_text(encoding="utf-8").startswith("---\nmodelversion: 2\nskjul:")
    assert (local / "indstillinger.yml").read_text(encoding="utf-8") == \
        "modelversion: 2\norganisation: Eksempelby Kommune\n"

    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    assert cat.entries["omsorgsgrebet"].title == "Omsorgsgrebet i Eksempelby (v2)"
    assert migrate.main(["--root", str(project)]) == 0
    assert "0 fil(er) er opgraderet" in capsys.readouterr().out  # nothing twice


def test_a_file_from_a_newer_model_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "content/vokabularer/aldersgrupper.yml"
    path.write_text("modelversion: 3\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    errors = [d for d in load(project).report.errors if d.path == "content/vokabularer/aldersgrupper.yml"]
    assert [(d.line, d.message) for d in errors] == [
        (1, "filen følger modelversion 3, men denne udgave kender kun op til 1")]
    assert "nyeste udgave" in errors[0].hint
