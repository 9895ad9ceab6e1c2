"""Learning packs, programmes and literature: in the site and the export, booklets with their parts and worksheets
in their own orientation, links both ways, and unknown references rejected with file and line."""
from __future__ import annotations

import json
import re
import subprocess
import textwrap

import pytest

from conftest import make_project
from catalogue.load.loader import load
from catalogue.model.records import Quote
from catalogue.model.schema import walk_texts
from catalogue.core.text import plain
from test_completeness import walk
from test_pdf import LANDSCAPE, PORTRAIT, text_of


def test_packs_programmes_and_literature_are_published(built_site, catalogue):
    data = json.loads((built_site / "data/catalogue.json").read_text(encoding="utf-8"))
    types = [e["type"] for e in data["entries"]]
    assert types.count("learning-pack") >= 5 and types.count("programme") >= 2
    for e in data["entries"]:
        if e["type"] in ("learning-pack", "programme"):
            assert e["pdf"] and (built_site / e["pdf"]).is_file()
    page = (built_site / "litteratur/index.html").read_text(encoding="utf-8")
    listed = [i for i in catalogue.literature.items if not i.note or "Nævnt i teksten" not in i.note]
    assert len(listed) >= 17  # the Aarhus document's list (side 29): 5 + 3 + 3 + 3 + 3
    for item in catalogue.literature.items:
        assert f'<li id="{item.id}">' in page and item.title.replace("&", "&amp;") in page.replace("&#39;", "'")
    for cat_id in ("ledelse-af-laering", "professionelle-laeringsfaellesskaber", "datainformeret-ledelse",
                   "relationskompetence-mindset-og-psykologisk-tryghed", "skoleudvikling"):
        assert f'<h2 id="{cat_id}">' in page


def test_every_quote_of_the_aarhus_document_has_its_role(catalogue):
    quotes = [r for e in catalogue.of_kind("learning-pack") + catalogue.of_kind("programme")
              for r, _ in walk(e) if isinstance(r, Quote)]
    # "Vejen til stærkere læringsfællesskaber" (Børn og Unge, Aarhus Kommune) has 29 set-off quotes and 4 inline
    # quotations; two inline ones stay in their sentence (content/noter/)
    assert len(quotes) >= 31
    assert all(q.role.strip() for q in quotes)


def test_booklet_has_plan_questions_worksheets_in_their_orientation_and_literature(built_site, catalogue):
    pack = catalogue.entries["mindset-og-psykologisk-tryghed"]
    pdf = built_site / f"laeringspakker/{pack.id}/{pack.id}.pdf"
    text = text_of(pdf)
    for needle in [pack.title, "Indhold", "Plan for sessionen", "Refleksionsspørgsmål", "Litteratur"]:
        assert needle.lower() in text, needle
    for step in pack.plan.steps:
        assert plain(step.title).lower() in text
    for q in pack.questions:
        assert " ".join(plain(q).split()).lower() in text
    lit = {i.id: i for i in catalogue.literature.items}
    for ref in pack.literature:
        assert " ".join(lit[ref].title.split()).lower() in text, ref
    # each worksheet on pages of its own orientation
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    pages = re.findall(r"Page\s+(\d+) size:\s+([\d.]+ x [\d.]+) pts", sizes)
    for ws_id in pack.worksheets:
        ws = catalogue.entries[ws_id]
        assert ws.title.lower() in text
        want = LANDSCAPE if ws.orientation == "liggende" else PORTRAIT
        found = []
        for n, size in pages:
            page_text = subprocess.run(["pdftotext", "-f", n, "-l", n, "-raw", str(pdf), "-"], capture_output=True,
                                       text=True).stdout.lower()
            if ws.title.lower() in " ".join(page_text.split()) and size == want:
                found.append(n)
        assert found, (ws_id, want)


def test_programme_timeline_links_packs_and_items_show_who_uses_them(built_site):
    prog = (built_site / "programmer/laeringsdage-staerkere-laeringsfaellesskaber/index.html").read_text(encoding="utf-8")
    assert prog.count('class="ik-timeline-step') == 10
    assert 'href="../../laeringspakker/mindset-og-psykologisk-tryghed/"' in prog
    pack = (built_site / "laeringspakker/mindset-og-psykologisk-tryghed/index.html").read_text(encoding="utf-8")
    assert "Bruges i" in pack and "../../programmer/laeringsdage-staerkere-laeringsfaellesskaber/" in pack
    sheet = (built_site / "arbejdsark/mindset-model/index.html").read_text(encoding="utf-8")
    assert "../../laeringspakker/mindset-og-psykologisk-tryghed/" in sheet
    initiative = (built_site / "indsatser/omsorgsgrebet/index.html").read_text(encoding="utf-8")
    assert "../../programmer/omsorgsgrebet-refleksionsforloeb/" in initiative
    lit = (built_site / "litteratur/index.html").read_text(encoding="utf-8")
    item = lit[lit.index('<li id="dweck-2006">'):]
    assert "Bruges i" in item[:item.index("</li>")]
    assert 'href="../../litteratur/#dweck-2006"' in pack


@pytest.mark.parametrize("field,value,message", [
    ("litteratur", "[dweck-2060]", "ukendt litteratur-id 'dweck-2060'"),
    ("arbejdsark", "[mindset-modellen]", "henvisning til 'mindset-modellen', som ikke findes"),
    ("indsatser", "[mindset-model]", "'mindset-model' er ikke en af: initiative, workshop"),
])
def test_unknown_references_fail_with_file_and_line(tmp_path, field, value, message):
    project = make_project(tmp_path / "p")
    path = project / "content/laeringspakker/mindset-og-psykologisk-tryghed.yml"
    text = re.sub(rf"(?m)^{field}:.*\n(?:  .*\n)*", "", path.read_text(encoding="utf-8")) + f"{field}: {value}\n"
    path.write_text(text, encoding="utf-8")
    cat = load(project)
    d = [d for d in cat.report.errors if d.path == "content/laeringspakker/mindset-og-psykologisk-tryghed.yml"]
    assert d and d[0].message == message and d[0].line == len(text.splitlines())
    assert "mindset-og-psykologisk-tryghed" not in cat.entries


def test_unknown_pack_in_a_programme_fails(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "content/programmer/laeringsdage-staerkere-laeringsfaellesskaber.yml"
    text = path.read_text(encoding="utf-8").replace("laeringspakke: faglig-ledelse", "laeringspakke: faglig-ledlse", 1)
    path.write_text(text, encoding="utf-8")
    cat = load(project)
    d = [d for d in cat.report.errors if d.path.endswith("laeringsdage-staerkere-laeringsfaellesskaber.yml")]
    assert d and d[0].message == "henvisning til 'faglig-ledlse', som ikke findes" and d[0].hint == "mente du 'faglig-ledelse'?"
    assert d[0].line == text.splitlines().index(next(l for l in text.splitlines() if "faglig-ledlse" in l)) + 1
