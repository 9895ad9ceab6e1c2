"""Timing you can trust: computed durations, clock times, and mismatch warnings with file and line."""
from __future__ import annotations

import re
import textwrap

import pytest

from conftest import make_project
from catalogue.load.loader import load
from catalogue.model.workshop import agenda, clock, minutes_text

HEAD = textwrap.dedent("""\
    id: w
    titel: Workshop
    resume: En workshop.
    ejer: frederiksberg-kommune
    kilder:
      - titel: Kilde
        udgiver: Udgiver
    """)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("ws"), with_entries=False)


def load_workshop(project, body):
    (project / "content/drejeboeger").mkdir(exist_ok=True)
    for p in (project / "content/arbejdsark").glob("*.yml"):
        p.unlink()
    for p in (project / "content/drejeboeger").glob("*.yml"):
        p.unlink()
    (project / "content/drejeboeger/w.yml").write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    cat = load(project)
    return cat, [d for d in cat.report.items if d.path == "content/drejeboeger/w.yml"]


def test_clock_arithmetic():
    assert clock("09:00", 0) == "09:00" and clock("09:00", 75) == "10:15" and clock("23:30", 45) == "00:15"
    strings = {"duration_hm": "{h} t {m} min", "duration_h": "{h} t", "duration_m": "{m} min"}
    assert [minutes_text(m, strings) for m in (5, 60, 90, None)] == ["5 min", "1 t", "1 t 30 min", ""]


def test_agenda_adds_up_from_start_time(project):
    cat, diags = load_workshop(project, """\
        starttid: "13:15"
        varighed: {tekst: 1 time og 5 minutter, minutter: 65}
        trin:
          - titel: Trin 1
            angivet_varighed: {tekst: 20 minutter, minutter: 20}
            aktiviteter:
              - {titel: A, minutter: 5}
              - {titel: B, minutter: 15}
          - titel: Pause
            pause: true
            minutter: 10
          - titel: Trin 2
            aktiviteter:
              - {titel: C, minutter: 35}
        """)
    assert diags == []
    plan = agenda(cat.entries["w"])
    assert [(s.start, s.end, s.computed) for s in plan.steps] == [("13:15", "13:35", 20), ("13:35", "13:45", 10),
                                                                   ("13:45", "14:20", 35)]
    assert [(a.start, a.end) for a in plan.steps[0].slots] == [("13:15", "13:20"), ("13:20", "13:35")]
    assert (plan.total, plan.end, plan.mismatch) == (65, "14:20", False)


def test_mismatches_are_warnings_naming_both_figures_and_the_line(project):
    cat, diags = load_workshop(project, """\
        varighed: {tekst: 1 time og 30 minutter, minutter: 90}
        trin:
          - titel: Trin 1
            angivet_varighed:
              tekst: 20 minutter
              minutter: 20
            aktiviteter:
              - {titel: A, minutter: 5}
              - {titel: B, minutter: 15}
              - {titel: C, minutter: 10}
        """)
    assert [d.severity for d in diags] == ["warning", "warning"]
    step, total = sorted(diags, key=lambda d: d.line, reverse=True)
    assert (step.line, step.column) == (13, 17)
    assert step.message == "'Trin 1' er angivet til 20 minutter, men aktiviteterne varer tilsammen 30 minutter"
    assert (total.line, total.column) == (8, 52)
    assert "angivet til 90 minutter" in total.message and "tilsammen 30 minutter" in total.message
    assert "w" in cat.entries  # warnings do not stop publishing
    plan = agenda(cat.entries["w"])
    assert plan.steps[0].mismatch and plan.mismatch and plan.stated == 90 and plan.total == 30


def test_unknown_minutes_stop_the_clock_instead_of_guessing(project):
    cat, diags = load_workshop(project, """\
        trin:
          - titel: Trin 1
            aktiviteter:
              - {titel: A, minutter: 5}
              - {titel: B}
              - {titel: C, minutter: 5}
        """)
    plan = agenda(cat.entries["w"])
    assert [(s.start, s.end) for s in plan.steps[0].slots] == [("09:00", "09:05"), ("09:05", None), (None, None)]
    assert plan.total is None and plan.end is None and not plan.mismatch


@pytest.mark.parametrize("value,line,message", [
    ("9" * 5000, 12, "tallet 9999999999…(5000 cifre) ligger uden for det tilladte (0–1440)"),
    ("1441", 12, "tallet 1441 ligger uden for det tilladte (0–1440)"),
    ("-5", 12, "tallet -5 ligger uden for det tilladte (0–1440)"),
])
def test_minutes_out_of_range_are_located_errors(project, tmp_path, capsys, value, line, message):
    """Issue 26: 5,000 digits made int() raise inside scripts/check; now the bounds of the model (an activity: at
    most a day) give a located error, in scripts/check as in the build (both load the same way)."""
    from catalogue.cli import check
    _, diags = load_workshop(project, f"""\
        trin:
          - titel: Trin 1
            aktiviteter:
              - titel: A
                minutter: {value}
        """)
    assert [(d.line, d.column, d.message) for d in diags if d.severity == "error"] == [(line, 19, message)]
    assert check.main(["--root", str(project), "--no-schemas"]) == 1
    err = capsys.readouterr().err
    assert f"content/drejeboeger/w.yml:{line}:19: error: {message} — skriv et helt tal fra 0 til 1440" in err
    assert "Traceback" not in err


def test_bad_clock_time(project):
    _, diags = load_workshop(project, 'starttid: "25:00"\n')
    assert [d.message for d in diags] == ["'25:00' er ikke et klokkeslæt"]


def test_embedded_workshop_reports_the_sources_own_mismatch(catalogue):
    diags = [d for d in catalogue.report.warnings if d.path.endswith("kortlaegning-af-tvaerprofessionelt-samarbejde.yml")]
    messages = sorted(d.message for d in diags)
    assert messages == ["'Trin 1' er angivet til 20 minutter, men aktiviteterne varer tilsammen 30 minutter",
                        "den samlede varighed er angivet til 90 minutter, men trinene varer tilsammen 140 minutter"]


def test_workshop_page_shows_one_plan_and_the_sources_figures_as_a_note(built_site):
    """Issue 19: a trainer sees one plan (the activities' minutes); the source's own figures are a note under the
    agenda, in neutral text, not red remarks beside the times."""
    html = (built_site / "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<time[^>]*>|</time>", "", html)
    assert "Dagsordenen starter kl. 09:00." in text
    assert "<td>09:00–09:05</td><td>Hvorfor er vi her?</td>" in text
    assert "ik-mismatch" not in html and "ik-stated" not in html
    meta = html.split('class="ik-meta"', 1)[1].split("</dl>", 1)[0]
    assert "2 t 20 min" in meta and "1 t 30 min" not in meta
    note = re.sub(r"<[^>]+>", "", html.split('class="ik-note ik-agenda-note"', 1)[1].split("</div>", 1)[0])
    assert "i alt 1 time og 30 minutter (aktiviteterne: 2 t 20 min)" in note
    assert "Trin 1: 20 minutter (aktiviteterne: 30 min)" in note  # the source's own wording
    assert re.search(r'Trin 1 <span class="ik-duration">– <span data-ik-span="\d+ \d+">30 min</span></span>', html)


def test_worksheet_links_both_ways(built_site):
    sheet = (built_site / "arbejdsark/matrix-systematik-og-inddragelse/index.html").read_text(encoding="utf-8")
    assert "Bruges i" in sheet and "../../drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/" in sheet
    ws = (built_site / "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/index.html").read_text(encoding="utf-8")
    assert "../../arbejdsark/matrix-systematik-og-inddragelse/" in ws


def test_exactly_one_layout_per_worksheet(project):
    (project / "content/arbejdsark").mkdir(exist_ok=True)
    (project / "content/arbejdsark/a.yml").write_text(HEAD.replace("id: w", "id: a") + "orientering: liggende\n",
                                                      encoding="utf-8")
    cat = load(project)
    d = [d for d in cat.report.errors if d.path == "content/arbejdsark/a.yml"]
    assert len(d) == 1 and d[0].message.startswith("et arbejdsark skal have præcis ét af felterne matrix")
    (project / "content/arbejdsark/a.yml").unlink()
