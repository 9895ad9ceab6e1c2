"""The loader and validator: every error an editor can make gives path:line:col, a Danish message and a fix."""
from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest

from conftest import make_project
from catalogue.load.loader import load

VALID = textwrap.dedent("""\
    id: ny-indsats
    titel: En ny indsats
    resume: Et kort resumé.
    ejer: frederiksberg-kommune
    facetter:
      sektorer: [dagtilbud]
    kilder:
      - titel: Et dokument
        udgiver: Frederiksberg Kommune
        aar: 2018
    """)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p", with_entries=False)


def check(project: Path, text: str | bytes, name="ny-indsats.yml"):
    path = project / "content" / "indsatser" / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    cat = load(project)
    # a minimal entry's overview lacks parts: those warnings are test_overview.py's, not these tests'
    return cat, [d for d in cat.report.items if d.path == f"content/indsatser/{name}"
                 and not d.message.startswith("overblikket mangler")]


def only(diags, severity="error"):
    found = [d for d in diags if d.severity == severity]
    assert len(found) == 1, [d.format() for d in diags]
    return found[0]


def test_valid_file_loads_with_no_diagnostics(project):
    cat, diags = check(project, VALID)
    assert diags == []
    entry = cat.entries["ny-indsats"]
    assert entry.title == "En ny indsats" and entry.facets == {"sektorer": ["dagtilbud"]}
    assert entry.sources[0].year == 2018


def test_unknown_field_names_line_column_and_suggests(project):
    cat, diags = check(project, VALID + "malgrupe:\n  primaer: [Børn]\n")
    d = only(diags)
    assert (d.line, d.column) == (11, 1)
    assert d.message == "ukendt felt 'malgrupe'" and d.hint == "mente du 'maalgrupper'?"
    assert d.format() == "content/indsatser/ny-indsats.yml:11:1: error: ukendt felt 'malgrupe' — mente du 'maalgrupper'?"
    assert "ny-indsats" not in cat.entries  # nothing from an invalid file is published


def test_unknown_facet_value_suggests_closest(project):
    _, diags = check(project, VALID.replace("[dagtilbud]", "[dagtilbu]"))
    d = only(diags)
    assert (d.line, d.column) == (6, 14) and "ukendt værdi 'dagtilbu' i sektorer" in d.message
    assert d.hint == "mente du 'dagtilbud'?"


def test_unknown_facet_name(project):
    _, diags = check(project, VALID.replace("  sektorer:", "  sektor:"))
    d = only(diags)
    assert d.line == 6 and d.message == "ukendt facet 'sektor'" and d.hint == "mente du 'sektorer'?"


def test_missing_required_field(project):
    _, diags = check(project, VALID.replace("titel: En ny indsats\n", ""))
    d = only(diags)
    assert (d.line, d.column) == (1, 1) and d.message == "feltet 'titel' mangler"


def test_duplicate_key_is_an_error_naming_the_first(project):
    _, diags = check(project, VALID + "titel: Igen\n")
    d = only(diags)
    assert d.line == 11 and "feltet 'titel' står to gange (første gang i linje 2)" == d.message


def test_wrong_type_list_expected(project):
    _, diags = check(project, VALID + "relaterede: dialogisk-laesning\n")
    d = only(diags)
    assert d.line == 11 and d.column == 13 and "forventede en liste" in d.message


def test_wrong_type_integer(project):
    _, diags = check(project, VALID.replace("aar: 2018", "aar: totusindeogatten"))
    d = only(diags)
    assert (d.line, d.column) == (10, 10) and d.message == "'totusindeogatten' er ikke et heltal"


def test_bad_indentation_gives_line_and_hint(project):
    _, diags = check(project, VALID.replace("  sektorer: [dagtilbud]", "   sektorer: [dagtilbud]\n  temaer: [trivsel]"))
    d = only(diags)
    assert d.line == 7 and "indrykningen passer ikke" in d.message


def test_tab_indentation(project):
    _, diags = check(project, VALID.replace("  sektorer:", "\tsektorer:"))
    d = only(diags)
    assert d.line == 6 and "tabulatortegn" in d.message and "mellemrum" in d.hint


def test_comment_after_text_is_an_error(project):
    _, diags = check(project, VALID.replace("titel: En ny indsats", "titel: Barn #1 trivsel"))
    d = only(diags)
    assert (d.line, d.column) == (2, 13)
    assert "efterfølges af en kommentar" in d.message and '"Barn #1 trivsel"' in d.hint


def test_quoted_hash_is_text(project):
    cat, diags = check(project, VALID.replace("titel: En ny indsats", 'titel: "Barn #1 trivsel"'))
    assert diags == [] and cat.entries["ny-indsats"].title == "Barn #1 trivsel"


@pytest.mark.parametrize("raw", ["no", "on", "10:30", "0700", "1.10", "2024-01-01", "yes", "null!"])
def test_yaml11_values_stay_text(project, raw):
    cat, diags = check(project, VALID.replace("titel: En ny indsats", f"titel: {raw}"))
    assert diags == [] and cat.entries["ny-indsats"].title == raw


def test_impossible_date(project):
    _, diags = check(project, VALID + "sidst_gennemgaaet: 2024-02-30\n")
    d = only(diags)
    assert d.line == 11 and d.message == "datoen '2024-02-30' findes ikke i kalenderen"


def test_broken_reference(project):
    _, diags = check(project, VALID + "relaterede: [findes-ikke]\n")
    d = only(diags)
    assert (d.line, d.column) == (11, 14) and d.message == "henvisning til 'findes-ikke', som ikke findes"


def test_id_must_match_file_name(project):
    _, diags = check(project, VALID, name="andet-navn.yml")
    d = only(diags)
    assert d.line == 1 and "passer ikke med filnavnet" in d.message
    assert d.hint == "skriv 'id: andet-navn', eller omdøb filen til ny-indsats.yml"


def test_id_hint_for_a_file_name_that_is_no_id(project):
    """A file named 'Min Indsats.yml' gets no invalid 'id: Min Indsats' as advice: the file takes the id's name."""
    _, diags = check(project, VALID, name="Min Indsats.yml")
    d = only(diags)
    assert "omdøb filen til ny-indsats.yml" in d.hint and "id: Min" not in d.hint


def test_list_key_in_an_overlay_is_located_not_a_traceback(project):
    check(project, VALID)
    overlay = project / "content" / "lokalt" / "indsatser" / "ny-indsats.yml"
    overlay.parent.mkdir(parents=True)
    overlay.write_text("titel: Lokal titel\n[a, b]: c\ntitel: Igen\n", encoding="utf-8")
    cat = load(project)
    diags = [d for d in cat.report.errors if d.path == "content/lokalt/indsatser/ny-indsats.yml"]
    assert [(d.line, d.message.split(" (")[0]) for d in diags] == [(2, "et feltnavn skal være tekst"),
                                                                  (3, "feltet 'titel' står to gange")]
    assert "ny-indsats" not in cat.entries


def test_a_logo_that_names_no_file_is_an_error(project):
    settings = project / "content" / "indstillinger.yml"
    text = settings.read_text(encoding="utf-8")
    for logo, message in (("billeder/mangler.svg", "findes ikke"), ("billeder/logo.svg # læg filen her", "efterfølges af en kommentar"),
                          ('"x.svg\\" onerror=\\"a"', "er ikke en gyldig sti")):
        settings.write_text(text.replace("logo: billeder/logo.svg", f"logo: {logo}"), encoding="utf-8")
        cat = load(project)
        errors = [d for d in cat.report.errors if d.path == "content/indstillinger.yml"]
        line = text.splitlines().index("logo: billeder/logo.svg") + 1
        assert len(errors) == 1 and message in errors[0].message and errors[0].line == line, [d.format() for d in errors]
    # a comment set off by two or more spaces is a comment (FORKING.md's branding block writes it so)
    settings.write_text(text.replace("logo: billeder/logo.svg", "logo: billeder/logo.svg   # læg filen her"),
                        encoding="utf-8")
    cat = load(project)
    assert cat.report.ok and cat.settings.logo == "billeder/logo.svg"
    settings.write_text(text, encoding="utf-8")
    assert load(project).report.ok


def test_plain_text_has_no_entities():
    from catalogue.core.text import plain
    assert plain("Unge < 25 år & **deres** forældre") == "Unge < 25 år & deres forældre"


def test_all_files_are_checked_in_one_run(project):
    (project / "content/indsatser/a.yml").write_text(VALID.replace("ny-indsats", "a") + "x: 1\n", encoding="utf-8")
    (project / "content/indsatser/b.yml").write_text(VALID.replace("ny-indsats", "b") + "y: 1\n", encoding="utf-8")
    cat = load(project)
    paths = {d.path for d in cat.report.errors}
    assert {"content/indsatser/a.yml", "content/indsatser/b.yml"} <= paths


def test_cpr_number_is_an_error_anywhere(project):
    for cpr in ("010203-1234", "0102031234", "010203 1234"):
        _, diags = check(project, VALID.replace("Et kort resumé.", f"Barnet har cpr {cpr}."))
        d = only(diags)
        assert d.line == 3 and "CPR-nummer" in d.message


def test_email_in_quote_is_a_warning_unless_reviewed(project):
    quote = VALID + "citater:\n  - tekst: Skriv til anna@example.dk eller ring 12 34 56 78\n    rolle: Leder\n"
    cat, diags = check(project, quote)
    warnings = [d for d in diags if d.severity == "warning"]
    assert len(warnings) == 2 and not [d for d in diags if d.severity == "error"]
    assert "ny-indsats" in cat.entries  # warnings do not stop publishing
    _, diags = check(project, quote + "    gennemgaaet: true\n")
    assert diags == []


def test_the_loader_reads_the_content_folder_it_is_given(tmp_path, catalogue):
    """load(root, content_dir): every stage reads that folder and names it in its messages (issue 27)."""
    import shutil

    from conftest import ROOT
    shutil.copytree(ROOT / "content", tmp_path / "indhold")
    cat = load(tmp_path, content_dir="indhold")
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    assert set(cat.entries) == set(catalogue.entries) and cat.strings == catalogue.strings
    assert set(cat.vocabularies) == set(catalogue.vocabularies)
    (tmp_path / "indhold" / "indstillinger.yml").unlink()
    (tmp_path / "indhold" / "vokabularer" / "organisationer.yml").unlink()
    messages = {(d.path, d.hint) for d in load(tmp_path, content_dir="indhold").report.errors}
    assert ("indhold/indstillinger.yml", "opret indhold/indstillinger.yml (se standardindholdet)") in messages
    assert ("indhold/vokabularer/organisationer.yml", "opret filen (se standardindholdet)") in messages
    assert not [p for p, _ in messages if p.startswith("content/")]


# -- issue 28: a vocabulary value's search words (soegeord) --------------------------------------------------------

def _theme_file(project: Path, words: str) -> Path:
    path = project / "content" / "vokabularer" / "temaer.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - id: fravaer")
    block = list(itertools.takewhile(lambda ln: ln.startswith("    "), lines[at + 1:]))  # the value's own lines
    kept = [ln for ln in block if not ln.startswith("    soegeord:")] + [f"    soegeord: {words}"]
    path.write_text("\n".join(lines[:at + 1] + kept + lines[at + 1 + len(block):]) + "\n", encoding="utf-8")
    return path


def test_a_vocabulary_value_carries_search_words(project):
    _theme_file(project, "[skolevægring, pjæk, ufrivilligt fravær]")
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    assert cat.vocabularies["temaer"].by_id["fravaer"].search_words == ["skolevægring", "pjæk", "ufrivilligt fravær"]
    assert cat.vocabularies["temaer"].by_id["ledelse"].search_words  # the shipped words
    assert cat.vocabularies["organisationer"].values[0].search_words == []  # absent: none


def test_search_words_that_are_no_list_are_a_located_error(project):
    path = _theme_file(project, "{skolevægring: 1}")
    cat = load(project)
    errors = [d for d in cat.report.errors if d.path.endswith("vokabularer/temaer.yml")]
    assert len(errors) == 1, [d.format() for d in cat.report.errors]
    line = path.read_text(encoding="utf-8").splitlines().index("    soegeord: {skolevægring: 1}") + 1
    assert (errors[0].line, errors[0].column) == (line, 15) and errors[0].message.startswith("forventede en liste")
