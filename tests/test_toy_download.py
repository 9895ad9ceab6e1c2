"""Adding a download is one declaration (issue 27): a toy download — a participants' handout for every workshop,
one `Download` added to artifacts.DOWNLOADS here in the test — is planned, linked in the workshop's "Materialer"
box, made by the PDF builder (a job of its own, through the content-keyed cache) and exported in catalogue.json and
its schema, with no consumer changed (render, pdf, pages, export, sitebuild stay as they are).

The PDF writer is replaced by one that writes the print HTML: what is tested is which jobs there are and where
their files go, not WeasyPrint (tests/test_pdf.py does that)."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import ROOT
from catalogue.core import artifacts
from catalogue.outputs import export
from catalogue.outputs import pdf
from catalogue.core import routes
from catalogue.core.artifacts import Download
from catalogue.site.build import SiteBuild

HANDOUT = Download("handout", "-deltagere", "handout_pdf",
                   wanted=lambda entry, cat: cat.kind_of(entry).name == "workshop",
                   template="print/workshop.html", context=lambda cat, entry: {"in_session": True},
                   label="download_pdf")


class _HtmlWriter:
    """Stands in for pdf._Weasy: writes a job's HTML where its PDF would go (no WeasyPrint)."""

    def __init__(self, css: str):
        pass

    def write(self, html: str, key: str, target, page_url):
        target.write_text(html, encoding="utf-8")


@pytest.fixture(scope="module")
def toy_build():
    with pytest.MonkeyPatch.context() as mp:  # declared for this module's tests only
        mp.setattr(artifacts, "DOWNLOADS", [*artifacts.DOWNLOADS, HANDOUT])
        build = SiteBuild.load(ROOT, with_pdfs=True)
        yield build


def test_a_declared_download_is_planned_for_the_entries_it_wants(toy_build):
    cat = toy_build.cat
    workshops = [e for e in cat.of_kind("workshop") if not cat.provenance[e.id].merged]
    planned = {a.entry: a for a in toy_build.artifacts if a.kind is HANDOUT}
    assert workshops and set(planned) == {w.id for w in workshops}
    for w in workshops:
        a = planned[w.id]
        assert a.path == routes.pdf(cat.url_of(w), w.id, "-deltagere") and a.template == "print/workshop.html"
        assert a.job == f"{w.id}-deltagere" and a.label == "download_pdf"
    # the others are planned as before, beside it
    assert {a.kind.name for a in toy_build.artifacts} == {"pdf", "session", "participant", "handout"}


def test_a_declared_download_is_linked_in_the_materials_box(toy_build):
    cat, t = toy_build.cat, toy_build.cat.strings
    for w in (e for e in cat.of_kind("workshop") if not cat.provenance[e.id].merged):
        body = str(toy_build.render(toy_build.entry_page(w.id)).body)
        box = body[body.index('<aside class="ik-materials"'):body.index("</aside>")]
        assert f'<a href="{w.id}-deltagere.pdf" download>{t["download_pdf"]}</a>' in box
        # the session PDF still stands for the script in the box; the script is still linked at the top
        has_session = any(a.entry == w.id and a.kind.name == "session" for a in toy_build.artifacts)
        assert (f'href="{w.id}-materiale.pdf" download>' in box) == has_session
        assert (f'href="{w.id}.pdf" download>{t["materials_script_pdf"]}' in box) == (not has_session)
        assert f'class="ik-button" href="{w.id}.pdf" download>' in body
    initiative = cat.of_kind("initiative")[0]
    assert "-deltagere.pdf" not in str(toy_build.render(toy_build.entry_page(initiative.id)).body)


def test_a_declared_download_is_made_and_exported(toy_build, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "_Weasy", _HtmlWriter)
    monkeypatch.setenv("KATALOG_WORKERS", "1")
    site = tmp_path / "site"
    toy_build.build_pdfs(site)  # what write_outputs does for the downloads (the editor's files are not needed)
    export.write(toy_build.cat, site, toy_build.artifacts)
    cat = toy_build.cat
    data = {e["id"]: e for e in json.loads((site / routes.CATALOGUE_JSON).read_text(encoding="utf-8"))["entries"]}
    for entry in cat.entries.values():
        if cat.kind_of(entry).name == "workshop" and not cat.provenance[entry.id].merged:
            rel = routes.pdf(cat.url_of(entry), entry.id, "-deltagere")
            assert data[entry.id]["handout_pdf"] == rel
            made = (site / rel).read_text(encoding="utf-8")  # the job's print HTML: the declared template
            assert entry.title in made and made != (site / data[entry.id]["pdf"]).read_text(encoding="utf-8")
        else:
            assert data[entry.id]["handout_pdf"] is None
    assert list(data[cat.of_kind("workshop")[0].id])[-3:] == ["session_pdf", "participant_pdf", "handout_pdf"]  # additive keys last
    schema = json.loads((site / routes.schema("catalogue")).read_text(encoding="utf-8"))
    assert "handout_pdf" in schema["properties"]["entries"]["items"]["properties"]
    jsonschema.validate(json.loads((site / routes.CATALOGUE_JSON).read_text(encoding="utf-8")), schema)
