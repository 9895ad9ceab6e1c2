"""A corpus of hostile and malformed content files. Each gives an exact INTERFACES.md diagnostic (or, for text, is
shown literally), never a traceback; nothing from an invalid file is published; each finishes within seconds."""
from __future__ import annotations

import time

import pytest

from conftest import make_project
from catalogue.load.loader import load
from catalogue.render.renderer import Renderer
from catalogue.render.views import entry_page

HEAD = "id: x\ntitel: Titel\nresume: Resumé.\nejer: frederiksberg-kommune\n"
TAIL = "kilder:\n  - titel: Kilde\n    udgiver: Udgiver\n"
OK = HEAD + TAIL


def bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# name, file content, expected (line, column, severity, message fragment) — None means: valid, no diagnostics
ERRORS = [
    ("python-tag", OK + "x: !!python/object/apply:os.system ['echo pwned']\n", (8, 4, "error", "YAML-mærket 'tag:yaml.org,2002:python/object/apply:os.system' er ikke tilladt")),
    ("custom-tag", OK.replace("titel: Titel", "titel: !fed Titel"), (2, 8, "error", "YAML-mærket '!fed' er ikke tilladt")),
    ("alias-bomb", bomb(), (1, 5, "error", "ankeret '&a0' kan ikke bruges her")),
    ("alias", "id: &a x\ntitel: *a\n", (1, 5, "error", "ankeret '&a' kan ikke bruges her")),
    ("deep-flow", OK + "x: " + "[" * 500 + "]" * 500 + "\n", (8, 43, "error", "indholdet er indrykket for mange niveauer")),
    ("deep-block", OK + "".join(" " * i + f"k{i}:\n" for i in range(60)), (47, 40, "error", "indholdet er indrykket for mange niveauer")),
    ("duplicate-key", OK + "titel: Igen\n", (8, 1, "error", "feltet 'titel' står to gange (første gang i linje 2)")),
    ("duplicate-nested", OK + "    udgiver: Igen\n", (8, 5, "error", "feltet 'udgiver' står to gange (første gang i linje 7)")),
    ("hex-year", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: 0x7E2\n"), (8, 10, "error", "'0x7E2' er ikke et heltal")),
    ("impossible-date", OK + "sidst_gennemgaaet: 2024-02-30\n", (8, 20, "error", "datoen '2024-02-30' findes ikke i kalenderen")),
    ("date-words", OK + "sidst_gennemgaaet: 1. marts 2024\n", (8, 20, "error", "'1. marts 2024' er ikke en dato på formen ÅÅÅÅ-MM-DD")),
    ("bool-word", OK + "citater:\n  - tekst: T\n    rolle: R\n    gennemgaaet: maybe\n", (11, 18, "error", "'maybe' er hverken true eller false")),
    ("tab", OK.replace("  - titel: Kilde", "\t- titel: Kilde"), (6, 1, "error", "tabulatortegn (tab) kan ikke bruges til indrykning")),
    ("latin-1", OK.replace("Resumé", "Resum\udce9").encode("utf-8", "surrogateescape"), (1, 1, "error", "filen er ikke gemt som UTF-8")),
    ("nul-byte", OK + "\x00", (1, 1, "error", "nul-tegn")),
    ("empty", "", (1, 1, "error", "filen er tom")),
    ("only-comments", "# bare en kommentar\n\n", (1, 1, "error", "filen er tom")),
    ("two-documents", OK + "---\n" + OK, (8, 1, "error", "filen indeholder flere YAML-dokumenter")),
    ("top-level-list", "- id: x\n- titel: y\n", (1, 1, "error", "forventede felter")),
    ("top-level-scalar", "bare tekst\n", (1, 1, "error", "forventede felter")),
    ("too-large", OK + "# " + "x" * 2_100_000 + "\n", (1, 1, "error", "filen er for stor")),
    ("comment-after-text", OK.replace("titel: Titel", "titel: Barn #1 trivsel"), (2, 13, "error", "teksten 'Barn' efterfølges af en kommentar")),
    ("javascript-url-field", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    url: javascript:alert(1)\n"), (8, 10, "error", "'javascript:alert(1)' er ikke en gyldig webadresse")),
    ("data-url-field", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    url: data:text/html,x\n"), (8, 10, "error", "'data:text/html,x' er ikke en gyldig webadresse")),
    ("broken-reference", OK + "relaterede: [findes-ikke]\n", (8, 14, "error", "henvisning til 'findes-ikke', som ikke findes")),
    ("unknown-facet-value", OK + "facetter:\n  temaer: [overgang]\n", (9, 12, "error", "ukendt værdi 'overgang' i temaer")),
    ("non-string-key", OK + "[a, b]: c\n", (8, 1, "error", "et feltnavn skal være tekst")),
    ("unclosed-quote", OK.replace("titel: Titel", 'titel: "Titel'), (None, None, "error", "")),
    ("colon-in-text", OK.replace("titel: Titel", "titel: Mål: 95 pct"), (2, 11, "error", "et kolon (:) står et sted, hvor YAML ikke venter det")),
    ("cpr", OK.replace("Resumé.", "Barnet 010203-1234 er flyttet."), (3, 9, "error", "CPR-nummer")),
    ("mapping-for-text", OK.replace("titel: Titel", "titel:\n  a: b"), (3, 3, "error", "forventede tekst, men fandt en samling af felter")),
    ("list-key-in-facets", OK + "facetter:\n  [a, b]: [c]\n", (9, 3, "error", "et feltnavn skal være tekst")),
    ("mapping-key-in-facets", OK + "facetter:\n  {a: b}: [c]\n", (9, 3, "error", "et feltnavn skal være tekst")),
    ("duplicate-facet", OK + "facetter:\n  temaer: [samarbejde]\n  temaer: [fravaer]\n", (10, 3, "error", "facetten 'temaer' står to gange")),
    ("empty-title", OK.replace("titel: Titel", 'titel: ""'), (2, 8, "error", "teksten er tom")),
    ("blank-summary", OK.replace("resume: Resumé.", "resume: '   '"), (3, 9, "error", "teksten er tom")),
    # numbers out of any range are located errors, never a traceback (issue 26: int() refuses 5,000 digits)
    ("huge-number", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: " + "9" * 5000 + "\n"), (8, 10, "error", "tallet 9999999999…(5000 cifre) ligger uden for det tilladte (1900–2100)")),
    ("negative-number", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: -2018\n"), (8, 10, "error", "tallet -2018 ligger uden for det tilladte")),
    ("superscript-digit", OK.replace("    udgiver: Udgiver\n", "    udgiver: Udgiver\n    aar: 201²\n"), (8, 10, "error", "'201²' er ikke et heltal")),
    ("huge-modelversion", "modelversion: " + "1" * 5000 + "\n" + OK, (1, 15, "error", "ligger uden for det tilladte (1–99)")),
    ("superscript-modelversion", "modelversion: ²\n" + OK, (1, 15, "error", "'²' er ikke et heltal")),
    ("quote-in-url", OK.replace("    udgiver: Udgiver\n", '    udgiver: Udgiver\n    url: \'https://x.dk/"onclick="a\'\n'), (8, 10, "error", "er ikke en gyldig webadresse")),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("hostile"), with_entries=False)


def run(project, content):
    path = project / "content" / "indsatser" / "x.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape"))
    started = time.perf_counter()
    cat = load(project)
    elapsed = time.perf_counter() - started
    # a minimal entry's overview lacks parts: those warnings are test_overview.py's, not this corpus'
    return cat, [d for d in cat.report.items if d.path == "content/indsatser/x.yml"
                 and not d.message.startswith("overblikket mangler")], elapsed


@pytest.mark.parametrize("name,content,expected", ERRORS, ids=[e[0] for e in ERRORS])
def test_hostile_file_gives_exact_diagnostic(project, name, content, expected, capsys):
    cat, diags, elapsed = run(project, content)
    line, column, severity, fragment = expected
    errors = [d for d in diags if d.severity == "error"]
    assert errors, f"{name}: expected an error, got {[d.format() for d in diags]}"
    d = errors[0]
    assert fragment in d.message, d.format()
    if line is not None:
        assert (d.line, d.column) == (line, column), d.format()
    assert d.hint, "every error says how to fix it"
    assert "x" not in cat.entries, "nothing from an invalid file is published"
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"
    assert "Traceback" not in capsys.readouterr().err


LITERAL = [
    ("jinja-expression", "{{ 7*7 }} {{ config.site_name }}", "{{ 7*7 }} {{ config.site_name }}", ["49"]),
    ("jinja-statement", "{% include 'base.html' %}{% raw %}", "{% include &#39;base.html&#39; %}{% raw %}", []),
    ("html-script", "<script>alert(1)</script><b onclick=x>fed</b>", "&lt;script&gt;alert(1)&lt;/script&gt;", ["<script>alert", "<b onclick"]),
]
MARKDOWN = [
    ("javascript-link", "[klik](javascript:alert(1))", ["javascript:"]),
    ("data-link", "[klik](data:text/html;base64,PHNjcmlwdD4=)", ["data:text"]),
    ("vbscript-link", "[klik](vbscript:msgbox(1))", ["vbscript:"]),
    ("event-handler", '<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
    ("iframe", "<iframe src='https://evil.example'></iframe>", ["<iframe", "evil.example"]),
]


def render_entry(project, field_yaml):
    cat, diags, _ = run(project, OK + field_yaml)
    assert [d for d in diags if d.severity == "error"] == [], [d.format() for d in diags]
    return entry_page(Renderer(cat), cat.entries["x"])


@pytest.mark.parametrize("name,text,shown,absent", LITERAL, ids=[x[0] for x in LITERAL])
def test_template_and_html_in_titles_are_shown_literally(project, name, text, shown, absent):
    html = render_entry(project, "citater:\n  - tekst: Citat\n    rolle: " + repr(text).replace("\\'", "''") + "\n")
    assert shown in html
    for bad in absent:
        assert bad not in html


@pytest.mark.parametrize("name,text,absent", MARKDOWN, ids=[x[0] for x in MARKDOWN])
def test_markdown_is_sanitised(project, name, text, absent):
    html = render_entry(project, "oekonomi: " + repr(text).replace("\\'", "''") + "\n")
    for bad in absent:
        assert bad not in html, f"{name}: {bad} in page"
    assert "klik" in html or name in ("event-handler", "iframe")


def test_bom_is_accepted(project):
    cat, diags, _ = run(project, "\ufeff" + OK)
    assert diags == [] and "x" in cat.entries


def test_corpus_has_at_least_thirty_cases():
    assert len(ERRORS) + len(LITERAL) + len(MARKDOWN) + 1 >= 30
