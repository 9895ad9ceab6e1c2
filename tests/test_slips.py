"""The slips editors make (issue 18): each names the line where the slip is and gives advice that works — following
it (the `fixed` text, written as the hint says) gives a file without errors. The corpus lists slip → line, message
and hint; INTERFACES.md's diagnostic format throughout."""
from __future__ import annotations

import re

import pytest

from catalogue.load.loader import load
from conftest import make_project

HEAD = "id: x\ntitel: Titel\nresume: Resumé.\nejer: frederiksberg-kommune\n"
TAIL = "kilder:\n  - titel: Kilde\n    udgiver: Udgiver\n"
OK = HEAD + TAIL

# name, content, (line, message fragment, hint fragment), the file after following the hint
SLIPS = [
    ("colon-in-list-item", OK + "formaal:\n  punkter:\n    - Husk maden: sultne børn lærer ikke\n",
     (10, "teksten 'Husk maden: sultne børn lærer ikke' blev læst som et felt", 'sæt teksten i anførselstegn: "Husk maden'),
     OK + 'formaal:\n  punkter:\n    - "Husk maden: sultne børn lærer ikke"\n'),
    ("colon-in-title", OK.replace("titel: Titel", "titel: Mål: 95 pct"),
     (2, "et kolon (:) står et sted, hvor YAML ikke venter det", "i anførselstegn"),
     OK.replace("titel: Titel", 'titel: "Mål: 95 pct"')),
    ("no-space-after-colon", OK.replace("titel: Titel", "titel:Lektiecafé"),
     (2, "der mangler et mellemrum efter 'titel:'", "skriv 'titel: Lektiecafé'"),
     OK.replace("titel: Titel", "titel: Lektiecafé")),
    ("pasted-paragraph", OK.replace("resume: Resumé.", "resume: Første afsnit.\n\nAndet afsnit kom med."),
     (3, "teksten i 'resume' fortsætter på en ny linje uden at være indrykket", "skriv 'resume: |'"),
     OK.replace("resume: Resumé.", "resume: |\n  Første afsnit.\n\n  Andet afsnit kom med.")),
    ("pasted-line", OK + "oekonomi: Første linje\nAnden linje uden indrykning\n",
     (8, "teksten i 'oekonomi' fortsætter på en ny linje", "skriv 'oekonomi: |'"),
     OK + "oekonomi: |\n  Første linje\n  Anden linje uden indrykning\n"),
    ("hash-after-text", OK.replace("titel: Titel", "titel: Barn #1 trivsel"),
     (2, "teksten 'Barn' efterfølges af en kommentar", 'fx "Barn #1 trivsel"'),
     OK.replace("titel: Titel", 'titel: "Barn #1 trivsel"')),
    ("smart-quotes", OK.replace("titel: Titel", "titel: “Mål”: noget"),
     (2, "et kolon (:) står et sted", "“ ” og ‘ ’ er ikke anførselstegn i YAML"),
     OK.replace("titel: Titel", 'titel: "“Mål”: noget"')),
    ("apostrophe-in-single-quotes", OK.replace("titel: Titel", "titel: 'Børns Vilkår's indsats'"),
     (2, "en apostrof (') inde i en tekst i enkelte anførselstegn", 'titel: "Børns Vilkår\'s indsats"'),
     OK.replace("titel: Titel", 'titel: "Børns Vilkår\'s indsats"')),
    ("bracket-first", OK.replace("titel: Titel", "titel: [Udkast] Titel"),
     (2, "en værdi, der begynder med '[', læses som en liste", 'titel: "[Udkast] Titel"'),
     OK.replace("titel: Titel", 'titel: "[Udkast] Titel"')),
    ("brace-first", OK.replace("titel: Titel", "titel: {Udkast} Titel"),
     (2, "en værdi, der begynder med '{', læses som felter", 'titel: "{Udkast} Titel"'),
     OK.replace("titel: Titel", 'titel: "{Udkast} Titel"')),
    ("star-first", OK.replace("titel: Titel", "titel: *vigtig* indsats"),
     (2, "tegnet '*' først i en værdi", 'titel: "*vigtig* indsats"'), OK.replace("titel: Titel", 'titel: "*vigtig* indsats"')),
    ("at-first", OK.replace("titel: Titel", "titel: @hjemme"),
     (2, "tegnet '@' først i en værdi", 'titel: "@hjemme"'), OK.replace("titel: Titel", 'titel: "@hjemme"')),
    ("percent-first", OK.replace("titel: Titel", "titel: % af børn"),
     (2, "tegnet '%' først i en værdi", 'titel: "% af børn"'), OK.replace("titel: Titel", 'titel: "% af børn"')),
    ("field-a-level-too-high", OK + "formaal:\n  tekst: Hej\npunkter:\n  - a\n",
     (10, "ukendt felt 'punkter'", "'punkter' hører til under 'formaal'"),
     OK + "formaal:\n  tekst: Hej\n  punkter:\n    - a\n"),
    ("nested-field-not-indented", OK + "formaal:\ntekst: Hej\n",
     (9, "ukendt felt 'tekst'", "'tekst' hører til under 'formaal'"), OK + "formaal:\n  tekst: Hej\n"),
    ("key-one-column-off", OK.replace("    udgiver: Udgiver", "     udgiver: Udgiver"),
     (7, "indrykningen passer ikke med linjerne ovenover", "'udgiver' står lige under 'titel' (4 mellemrum foran)"), OK),
    ("tab-indent", OK.replace("  - titel: Kilde", "\t- titel: Kilde"),
     (6, "tabulatortegn (tab) kan ikke bruges til indrykning", "brug mellemrum"), OK),
    ("unclosed-list", OK + "relaterede: [robusthed, omsorgsgrebet\n",
     (9, "en liste i [ ] eller felter i { } er ikke lukket rigtigt", "hver '[' har sin ']'"),
     OK + "relaterede: [robusthed, omsorgsgrebet]\n"),
    ("unclosed-quote", OK.replace("titel: Titel", 'titel: "Titel'),
     (8, "filen slutter midt i en værdi", "anførselstegn"), OK.replace("titel: Titel", 'titel: "Titel"')),
    ("list-where-text", OK.replace("titel: Titel", "titel:\n  - a\n  - b"),
     (3, "forventede tekst, men fandt en liste", "skriv værdien på samme linje som feltnavnet"),
     OK.replace("titel: Titel", "titel: a b")),
    ("text-where-list", OK + "relaterede: robusthed\n",
     (8, "forventede en liste, men fandt én værdi ('robusthed')", "begynder med '- '"),
     OK + "relaterede:\n  - robusthed\n"),
    ("dash-without-space", OK + "relaterede:\n  -robusthed\n",
     (9, "forventede en liste, men fandt én værdi ('-robusthed')", "begynder med '- '"),
     OK + "relaterede:\n  - robusthed\n"),
    ("field-name-typo", OK + "malgrupper:\n  tekst: Børn\n",
     (8, "ukendt felt 'malgrupper'", "mente du 'maalgrupper'?"), OK + "maalgrupper:\n  tekst: Børn\n"),
    ("date-order", OK + "sidst_gennemgaaet: 31-01-2024\n",
     (8, "'31-01-2024' er ikke en dato på formen ÅÅÅÅ-MM-DD", "2024-03-01"), OK + "sidst_gennemgaaet: 2024-01-31\n"),
    ("year-with-words", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: 2024 (revideret)\n"),
     (8, "'2024 (revideret)' er ikke et heltal", "skriv kun cifre"),
     OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: 2024\n")),
    ("yes-in-words", OK + "citater:\n  - tekst: T\n    rolle: R\n    gennemgaaet: ja tak\n",
     (11, "'ja tak' er hverken true eller false", "skriv true (ja) eller false (nej)"),
     OK + "citater:\n  - tekst: T\n    rolle: R\n    gennemgaaet: ja\n"),
    ("empty-required-text", OK.replace("titel: Titel", 'titel: ""'),
     (2, "teksten er tom", "skriv teksten mellem anførselstegnene"), OK.replace("titel: Titel", 'titel: "Titel"')),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("slips"))


def diagnostics(project, content: str):
    path = project / "content" / "indsatser" / "x.yml"
    path.write_text(content, encoding="utf-8")
    cat = load(project)
    return [d for d in cat.report.errors if d.path.endswith("indsatser/x.yml")]


def test_the_corpus_is_large_enough():
    assert len(SLIPS) + 1 >= 25  # and the colour slip below


@pytest.mark.parametrize("slip", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_slip_names_its_line_and_a_fix_that_works(project, slip):
    name, content, (line, message, hint), fixed = slip
    errors = diagnostics(project, content)
    assert errors, name
    first = errors[0]
    assert (first.line, message in first.message, hint in first.hint) == (line, True, True), first.format()
    assert not diagnostics(project, fixed), [d.format() for d in diagnostics(project, fixed)]


def test_a_colour_written_with_a_bare_hash_is_named_and_fixed(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "content" / "indstillinger.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?m)^  primaer: .*$', "  primaer: #005f5f", original), encoding="utf-8")
    errors = [d for d in load(project).report.errors if d.path == "content/indstillinger.yml"]
    assert len(errors) == 1 and "'#' begynder en kommentar i YAML, så 'primaer' står uden værdi" in errors[0].message
    assert errors[0].hint == 'skriv værdien i anførselstegn: primaer: "#005f5f"'
    path.write_text(re.sub(r'(?m)^  primaer: .*$', '  primaer: "#005f5f"', original), encoding="utf-8")
    assert not [d for d in load(project).report.errors if d.path == "content/indstillinger.yml"]


def test_a_valid_line_above_a_slip_is_not_blamed(project):
    """The look-back for a slip's real line does not pick a valid line with quotes, apostrophes or brackets."""
    content = OK.replace("resume: Resumé.", "resume: Resumé.\nmaalgrupper:\n  primaer: [“a”, 'b''s']\n     x: y")
    errors = diagnostics(project, content)
    assert errors and errors[0].line == 6, errors[0].format()
