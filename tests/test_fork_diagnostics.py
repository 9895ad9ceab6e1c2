"""Fork-aware diagnostics (issue 18, part 3): in a fork the editors change content/lokalt/ only, so every hint
names a file there; what a fork does on purpose (hiding) and what the original has (its own warnings) is one line
each, not a warning per place; an error in the fork's vocabulary is reported once; a misspelt adaptation says so."""
from __future__ import annotations

import io

from catalogue.cli import check
from catalogue.load.loader import load
from conftest import make_project


def fork(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "content/lokalt").mkdir()
    return project, project / "content/lokalt"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def own_entry(project, extra=""):
    """A whole own entry (as scripts/new --lokal writes it, filled in) with ``extra`` lines."""
    write(project / "content/lokalt/indsatser/vores-indsats.yml", f"""modelversion: 1
id: vores-indsats
egen_post: true
titel: Vores indsats
resume: En lokal indsats.
ejer: frederiksberg-kommune
kilder:
  - titel: Vores notat
    udgiver: Eksempelby Kommune
    aar: 2026
overblik:
  hvorfor: [Børn skal trives.]
  for_hvem: [Børn i 0.-3. klasse.]
  hvordan: [Lektiecafé to gange om ugen.]
  derfor: [Flere børn kommer i skole.]
{extra}""")


def own(cat):
    """The diagnostics about the fork's own files (the original has warnings of its own)."""
    return [d for d in cat.report.items if d.path.startswith("content/lokalt/")]


def test_a_new_vocabulary_value_is_added_in_content_lokalt(tmp_path):
    project, local = fork(tmp_path)
    own_entry(project, "facetter:\n  aldersgrupper: [helt-ukendt-alder]\n")
    cat = load(project)
    [d] = own(cat)
    assert d.path == "content/lokalt/indsatser/vores-indsats.yml" and d.message == \
        "ukendt værdi 'helt-ukendt-alder' i aldersgrupper"
    assert d.hint.startswith("tilføj værdien i content/lokalt/vokabularer/aldersgrupper.yml,")
    # following the hint: the value is added in the fork's file, and the entry is valid
    write(local / "vokabularer/aldersgrupper.yml", "vaerdier:\n  - id: helt-ukendt-alder\n    navn: Alle aldre\n")
    assert own(load(project)) == []
    # outside a fork the hint names the original's file
    (local / "vokabularer/aldersgrupper.yml").unlink()
    (project / "content/indsatser").joinpath("vores-indsats.yml").write_bytes(
        (local / "indsatser/vores-indsats.yml").read_bytes())
    for p in sorted(local.rglob("*"), reverse=True):
        p.unlink() if p.is_file() else p.rmdir()
    local.rmdir()
    [d] = load(project).report.errors
    assert d.hint.startswith("tilføj værdien i content/vokabularer/aldersgrupper.yml,")


def test_a_forks_literature_is_added_to_the_originals(tmp_path):
    project, local = fork(tmp_path)
    pack = project / "content/laeringspakker/faglig-ledelse.yml"
    write(local / "laeringspakker/faglig-ledelse.yml", "litteratur: [vores-notat]\n")
    [d] = load(project).report.errors
    assert d.message == "ukendt litteratur-id 'vores-notat'" and d.path == "content/lokalt/laeringspakker/faglig-ledelse.yml"
    assert d.hint == "tilføj titlen i content/lokalt/litteratur.yml, eller ret id'et"
    write(local / "litteratur.yml", "titler:\n  - id: vores-notat\n    titel: Vores notat om faglig ledelse\n"
                                    "    udgiver: Eksempelby Kommune\n    aar: 2026\n    kategori: ledelse-af-laering\n")
    cat = load(project)
    assert own(cat) == [] and cat.report.ok and pack.exists()
    assert "vores-notat" in cat.literature_by_id and "dinesen-2017" in cat.literature_by_id  # both lists


def test_hiding_an_entry_is_one_line_not_a_warning_per_reference(tmp_path):
    project, local = fork(tmp_path)
    write(local / "skjul.yml", "skjul:\n  - id: omsorgsgrebet\n    begrundelse: Vi bruger vores egen\n")
    cat = load(project)
    assert not [d for d in cat.report.items if d.path.startswith("content/lokalt/") or "omsorgsgrebet" in d.message]
    [note] = [n for n in cat.report.notes if n.startswith("'omsorgsgrebet' er skjult")]
    assert "omsorgsgrebet-refleksionsforloeb" in note
    # a reference in the fork's own file is the editor's to fix: a warning there
    own_entry(project, "relaterede: [omsorgsgrebet]\n")
    [w] = own(load(project))
    assert w.path == "content/lokalt/indsatser/vores-indsats.yml" and "udelades" in w.message


def test_the_originals_warnings_are_one_line_unless_asked_for(tmp_path, capsys):
    project, local = fork(tmp_path)
    own_entry(project)
    cat = load(project)
    upstream = cat.report.upstream_warnings
    assert upstream and all(not d.path.startswith("content/lokalt/") for d in upstream)
    out = io.StringIO()
    cat.report.print(out)
    lines = out.getvalue().splitlines()
    assert lines == [f"originalens indhold giver {len(upstream)} advarsel(er), som I ikke skal rette i jeres fork "
                     "(vis dem med scripts/check --alle)"]
    assert check.main(["--root", str(project), "--no-schemas"]) == 0
    err = capsys.readouterr().err
    assert f"0 fejl, 0 advarsler (og {len(upstream)} i originalens indhold)" in err
    assert check.main(["--root", str(project), "--no-schemas", "--alle"]) == 0
    err = capsys.readouterr().err
    assert all(d.format() in err for d in upstream)


def test_an_error_in_a_forks_vocabulary_is_reported_once(tmp_path):
    project, local = fork(tmp_path)
    write(local / "vokabularer/organisationer.yml", "vaerdier:\n  - id: Eksempelby Kommune\n    navn: Eksempelby Kommune\n")
    own_entry(project)
    cat = load(project)
    assert {d.path for d in cat.report.errors} == {"content/lokalt/vokabularer/organisationer.yml"}
    assert len(cat.report.errors) == 1
    assert "frederiksberg-kommune" in cat.vocabularies["organisationer"].by_id  # the original's values stay
    # a fork's own vocabulary with an error: not an "unknown facet" in every file that uses it
    write(local / "vokabularer/temaer-lokalt.yml", "navn: Lokale temaer\nfacet: true\nvaerdier:\n  - id: Forkert Id\n"
                                                   "    navn: Forkert\n")
    own_entry(project, "facetter:\n  temaer-lokalt: [forkert-id]\n")
    assert {d.path for d in load(project).report.errors} == {"content/lokalt/vokabularer/organisationer.yml",
                                                           "content/lokalt/vokabularer/temaer-lokalt.yml"}


def test_an_adaptation_whose_id_matches_no_original_says_so(tmp_path):
    project, local = fork(tmp_path)
    write(local / "indsatser/robusthd.yml", "titel: Robusthed i Eksempelby\n")
    cat = load(project)
    [d] = own(cat)
    assert (d.line, d.severity, d.message) == (1, "error", "ingen post i originalen med id 'robusthd'")
    assert d.hint.startswith("mente du 'robusthed'? Omdøb filen til robusthed.yml for at tilpasse den post;")
    assert "egen_post: true" in d.hint and "scripts/new initiative robusthd --lokal" in d.hint
    # following the hint gives a valid adaptation
    (local / "indsatser/robusthd.yml").rename(local / "indsatser/robusthed.yml")
    cat = load(project)
    assert cat.report.errors == [] and cat.entries["robusthed"].title == "Robusthed i Eksempelby"
    # an own entry that is not finished gets its missing fields, not the adaptation message
    write(local / "indsatser/vores-indsats.yml", "modelversion: 1\nid: vores-indsats\negen_post: true\ntitel: Vores\n")
    messages = [d.message for d in load(project).report.errors]
    assert "ingen post i originalen med id 'vores-indsats'" not in messages
    assert any("mangler" in m for m in messages)
