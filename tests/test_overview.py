"""The four-part overview shows every part: each comes from whatever the entry has (bullets, goals, method elements
or bullets, results' points, else the first sentence of the text; "For hvem?" last from the target-group facets),
a part with nothing says "Ikke oplyst i kilden" (issue 28: a reader should see the gap — this reverses the earlier
rule of leaving it out), and the editor is warned which part is missing and what fills it. Every combination of nothing / text /
bullets in the four fields that feed the parts (3⁴ = 81 entries) is built and checked."""
from __future__ import annotations

import itertools
import re

import pytest

from catalogue.load.loader import load
from catalogue.render.blocks import overview_block
from catalogue.render.renderer import Renderer
from conftest import make_project

PARTS = {  # part -> (field, its text, its bullets, the page's label)
    "why": ("formaal", "tekst: Flere børn skal læse. Det er vigtigt.", "punkter: [Flere børn læser]", "Hvorfor?"),
    "for_whom": ("maalgrupper", "tekst: Børn i 3. klasse. Og deres forældre.", "primaer: [Børn i 3. klasse]", "For hvem?"),
    "how": ("metode", "tekst: Vi læser højt. Hver dag.", "punkter: [Højtlæsning]", "Hvordan?"),
    "therefore": ("resultater", "status: forventet\n  tekst: Børnene læser mere. Måske.",
                  "status: forventet\n  punkter: [Mere læsning]", "Derfor!"),
}
EXPECTED = {"why": ("Flere børn skal læse.", "Flere børn læser"), "for_whom": ("Børn i 3. klasse.", "Børn i 3. klasse"),
            "how": ("Vi læser højt.", "Højtlæsning"), "therefore": ("Børnene læser mere.", "Mere læsning")}
STATES = ("none", "text", "bullets")
NOT_STATED = "Ikke oplyst i kilden"
COMBOS = list(itertools.product(STATES, repeat=4))


def entry_yaml(entry_id: str, combo) -> str:
    lines = [f"id: {entry_id}", f"titel: Overblik {entry_id}", "resume: Et resumé.", "ejer: frederiksberg-kommune",
             "kilder:\n  - titel: Kilde\n    udgiver: Frederiksberg Kommune"]
    for (part, (field, text, bullets, _)), state in zip(PARTS.items(), combo):
        if state != "none":
            lines.append(f"{field}:\n  " + (text if state == "text" else bullets))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def combos(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("overview"), with_entries=False)
    for n, combo in enumerate(COMBOS):
        (project / "content" / "indsatser" / f"o{n}.yml").write_text(entry_yaml(f"o{n}", combo), encoding="utf-8")
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors][:5]
    return cat, Renderer(cat)


@pytest.mark.parametrize("n", range(len(COMBOS)), ids=lambda n: "-".join(COMBOS[n]))
def test_the_overview_shows_each_part_and_says_what_the_source_leaves_out(combos, n):
    cat, renderer = combos
    combo = COMBOS[n]
    entry = cat.entries[f"o{n}"]
    html = str(overview_block(renderer, entry, "", 2))
    assert "<ul></ul>" not in html
    warnings = {d.message for d in cat.report.warnings if d.path.endswith(f"/o{n}.yml")}
    for (part, (field, _, _, label)), state in zip(PARTS.items(), combo):
        assert label in html, (part, combo)
        cell = html.split(f"ik-overview-{part}\"", 1)[1].split("</div>", 1)[0]
        if state == "none":
            assert NOT_STATED in cell and "<li>" not in cell, (part, combo)
            assert f"overblikket mangler {label}" in warnings, (part, combo)
        else:
            shown = EXPECTED[part][0 if state == "text" else 1]
            assert label in html and f"<li>{shown}</li>" in html, (part, combo, html)
            assert f"overblikket mangler {label}" not in warnings and NOT_STATED not in cell
    assert len(re.findall(r"ik-overview-cell", html)) == 4


def test_the_warning_names_the_fields_that_fill_a_part(combos):
    cat, _ = combos
    n = COMBOS.index(("text", "none", "bullets", "none"))
    hints = sorted(d.hint for d in cat.report.warnings if d.path.endswith(f"/o{n}.yml"))
    assert hints == ["udfyld 'maalgrupper' eller 'overblik.for_hvem'", "udfyld 'resultater' eller 'overblik.derfor'"]


def test_a_transcribed_overview_with_an_empty_part_is_warned_too(tmp_path):
    project = make_project(tmp_path / "p", with_entries=False)
    (project / "content" / "indsatser" / "x.yml").write_text(
        entry_yaml("x", ("none",) * 4) + "overblik:\n  hvorfor: [Derfor]\n  hvordan: [Sådan]\n", encoding="utf-8")
    cat = load(project)
    assert sorted(d.message for d in cat.report.warnings if d.path.endswith("/x.yml")) == [
        "overblikket mangler Derfor!", "overblikket mangler For hvem?"]
    html = str(overview_block(Renderer(cat), cat.entries["x"], "", 2))
    assert "<li>Derfor</li>" in html and "For hvem?" in html and html.count(NOT_STATED) == 2


def test_for_whom_falls_back_to_the_target_group_facets(tmp_path):
    """An entry whose fields say nothing of its target group, transcribed or not, shows the labels of its
    maalgrupper facets under "For hvem?" (Omsorgsgrebet's case), and the editor is not warned of that part."""
    project = make_project(tmp_path / "p", with_entries=False)
    facets = "facetter:\n  maalgrupper: [paedagogisk-personale, ledere]\n"
    (project / "content" / "indsatser" / "x.yml").write_text(
        entry_yaml("x", ("text", "none", "text", "none")) + facets, encoding="utf-8")
    (project / "content" / "indsatser" / "y.yml").write_text(
        entry_yaml("y", ("none",) * 4) + facets + "overblik:\n  hvorfor: [Derfor]\n", encoding="utf-8")
    cat = load(project)
    renderer = Renderer(cat)
    for entry_id in ("x", "y"):
        parts, _ = renderer.overview_of(cat.entries[entry_id])
        assert parts["for_whom"] == ["Pædagogisk personale", "Ledere"], entry_id
        assert not any(d.message == "overblikket mangler For hvem?" for d in cat.report.warnings
                       if d.path.endswith(f"/{entry_id}.yml"))


def test_omsorgsgrebet_says_for_whom(catalogue):
    parts, _ = Renderer(catalogue).overview_of(catalogue.entries["omsorgsgrebet"])
    assert parts["for_whom"] == ["Pædagogisk personale", "Ledere"]
