"""PDFs: A4 page counts and orientation, every YAML item in the text, tagged with title and language, and a
no-change rebuild that does no PDF work."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ENV, build, make_project
from catalogue.model.schema import walk_texts
from catalogue.core.text import plain

PORTRAIT, LANDSCAPE = "595.276 x 841.89", "841.89 x 595.276"


def info(pdf: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def text_of(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # each page's footer (the title, then "n / m") may fall in the middle of a text that runs over a page break
    lines = out.split("\n")
    out = "\n".join(line for line in lines if not re.search(r"(^|\s)\d+ / \d+$", line.strip()))
    # a page's list markers are text runs of their own that -raw gives after the page's text: where a paragraph
    # goes on to the next page (a worksheet's instructions, issue 30) they would sit inside it
    out = "\n".join(line for line in out.split("\n") if not re.fullmatch(r"[•–]|\d{1,2}\.", line.strip()))
    # a line may break after a hyphen: "Beder-\nMalling" (one word) or "lærings-\nog" ("lærings- og"); compared
    # with hyphens followed by no space on both sides (nohyphen() below)
    return " ".join(out.split()).lower()


def nohyphen(text: str) -> str:
    """Also without list numbers: a PDF's list markers are text runs of their own, which pdftotext -raw may give
    after the list's items."""
    return " ".join(re.sub(r"(?<![\w.])\d{1,2}\.(?=\s|$)", " ", text.replace("- ", "-")).split())


def pdfs(built_site):
    data = json.loads((built_site / "data/catalogue.json").read_text(encoding="utf-8"))
    return {e["id"]: (e["type"], built_site / e["pdf"]) for e in data["entries"] if e["pdf"]}


def test_every_initiative_workshop_and_worksheet_has_a_linked_pdf(built_site, catalogue):
    found = pdfs(built_site)
    assert set(found) == set(catalogue.entries)
    for entry_id, (kind, path) in found.items():
        assert path.is_file() and path.stat().st_size < 400_000, path
        page = (path.parent / "index.html").read_text(encoding="utf-8")
        assert f'href="{path.name}" download>Hent som PDF</a>' in page


def test_page_counts_and_orientation(built_site, catalogue):
    for entry_id, (kind, path) in pdfs(built_site).items():
        meta = info(path)
        entry = catalogue.entries[entry_id]
        if kind == "initiative":
            assert (meta["Pages"], meta["Page size"].split(" pts")[0]) == ("1", PORTRAIT), entry_id
        elif kind == "worksheet":
            # issue 30: the diagram on one page (its first, with every write area), in the sheet's orientation;
            # its instructions may go on to a second page now that no text is under 8.5 pt
            want = LANDSCAPE if entry.orientation == "liggende" else PORTRAIT
            sizes = subprocess.run(["pdfinfo", "-l", "99", str(path)], capture_output=True, text=True).stdout
            assert set(re.findall(r"Page\s+\d+ size:\s+([\d.]+ x [\d.]+)", sizes)) == {want}, entry_id
            assert int(meta["Pages"]) <= 2, entry_id
            assert diagram_on_first_page(path, entry), entry_id
        else:
            assert meta["Page size"].startswith(PORTRAIT)
    for sheet in ("matrix-systematik-og-inddragelse", "vaerktoejskasse-psykologisk-tryghed"):
        meta = info(pdfs(built_site)[sheet][1])
        assert meta["Page size"].startswith(LANDSCAPE)


def diagram_on_first_page(pdf: Path, sheet) -> bool:
    """Every form field and every part of the sheet's diagram (its labels: axes, columns, stages, items,
    pillars, rows) is on the PDF's first page."""
    from pdfmeasure import widgets
    if any(w.page != 0 for w in widgets(pdf)):
        return False
    first = nohyphen(" ".join(subprocess.run(["pdftotext", "-raw", "-l", "1", str(pdf), "-"], capture_output=True,
                                             text=True, check=True).stdout.split()).lower())
    parts = []
    if sheet.matrix:
        parts = [sheet.matrix.x.low, sheet.matrix.x.high, sheet.matrix.y.low, sheet.matrix.y.high]
    elif sheet.toolbox:
        parts = [c.title for c in sheet.toolbox.columns]
    elif sheet.flow:
        parts = list(sheet.flow.stages)
    elif sheet.checklist:
        parts = [i.text for i in sheet.checklist.items]
    elif sheet.house:
        parts = [p.title for p in sheet.house.pillars] + [sheet.house.roof]
    elif sheet.comparison:
        parts = [r.title for r in sheet.comparison.rows]
    return all(nohyphen(" ".join(plain(p).split()).lower()) in first for p in parts)


def test_pdfs_are_tagged_with_title_and_language(built_site, catalogue):
    for entry_id, (kind, path) in pdfs(built_site).items():
        meta = info(path)
        assert meta["Tagged"] == "yes" and meta["Title"] == catalogue.entries[entry_id].title
        raw = path.read_bytes()
        import zlib
        streams = [raw] + [zlib.decompress(m.group(1)) for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S)
                           if m.group(1)[:1] == b"x"]
        assert any(b"/Lang (da)" in s for s in streams), entry_id


SKIP_KEYS = {"id", "ejer", "niveau", "status", "type", "moedeform", "url", "placering", "orientering", "modelversion"}


@pytest.mark.parametrize("kind", ["workshop", "worksheet"])
def test_pdf_text_contains_every_item_of_the_yaml(built_site, catalogue, kind):
    for entry in catalogue.of_kind(kind):
        text = nohyphen(text_of(pdfs(built_site)[entry.id][1]))
        missing = []
        for path, value in walk_texts(entry):
            if path[-1] in SKIP_KEYS or path[0] in ("facetter", "relaterede", "arbejdsark", "sidst_gennemgaaet"):
                continue
            if path[0] == "kilder" and path[-1] not in ("titel", "udgiver"):
                continue
            if "arbejdsark" in path:
                continue
            # paragraph by paragraph: a worksheet's instructions may go on to its second page (issue 30), after
            # the first page's last text runs (its write areas' labels)
            for para in re.split(r"\n\s*\n", value):
                want = nohyphen(" ".join(plain(para).split()).lower())
                if want and want not in text:
                    missing.append((path, para[:50]))
        assert not missing, (entry.id, missing[:5])


def test_initiative_pdf_is_its_overview(built_site, catalogue):
    entry = catalogue.entries["dialogisk-laesning"]
    text = text_of(pdfs(built_site)["dialogisk-laesning"][1])
    for item in entry.overview.why + entry.overview.for_whom + entry.overview.how + entry.overview.therefore:
        assert " ".join(plain(item).split()).lower() in text


def test_no_change_rebuild_does_no_pdf_work(tmp_path):
    project = make_project(tmp_path / "p")
    cache = tmp_path / "cache"
    env = {**ENV, "KATALOG_PDF_CACHE": str(cache), "KATALOG_SEARCH": "0"}  # (the search index: not PDF work)
    first = build(project, env=env)
    assert first.returncode == 0, first.stderr[-2000:]
    n = len(list(cache.glob("*.pdf")))
    assert n >= 14 and f"PDF'er: {n} lavet, 0 uændrede" in first.stderr
    assert f"PDF'er: {n}/{n} lavet" in first.stderr, first.stderr[-2000:]  # progress up to the last one
    # (the same PDFs from one and from three processes: tests/test_output.py::test_two_builds_are_byte_identical)
    mtimes = {p: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    second = build(project, env=env)
    assert second.returncode == 0 and f"PDF'er: 0 lavet, {n} uændrede fra cachen" in second.stderr
    assert "PDF 1/" not in second.stderr
    assert {p: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == mtimes
    # changing one worksheet regenerates its PDF and the booklets (and their participant versions) that print it,
    # nothing else
    sheet = project / "content/arbejdsark/mindset-model.yml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("\ntitel: ", "\ntitel: Ny ", 1), encoding="utf-8")
    third = build(project, env=env)
    regenerated = set(re.findall(r"PDF \d+/\d+: ([a-z0-9-]+)", third.stderr))
    from catalogue.load.loader import load
    cat = load(project)
    booklets = {e.id for e in cat.of_kind("learning-pack") if "mindset-model" in e.worksheets}
    assert regenerated == {"mindset-model"} | booklets | {b + "-deltager" for b in booklets} and booklets
    assert f"PDF'er: {len(regenerated)} lavet, {n - len(regenerated)} uændrede fra cachen" in third.stderr


def test_a_failing_pdf_stops_the_build_with_its_error(tmp_path, catalogue, monkeypatch):
    from catalogue.outputs import pdf
    from catalogue.render.renderer import Renderer

    def broken(self, html, key, target, page_url):
        raise ValueError("ødelagt skrifttype")
    monkeypatch.setattr(pdf._Weasy, "write", broken)
    with pytest.raises(RuntimeError, match="Fejl under generering af PDF'erne: ødelagt skrifttype"):
        pdf.build(Renderer(catalogue), tmp_path / "site", tmp_path / "cache", log=lambda m: None, workers=2)


def test_links_in_pdfs_go_to_the_site_not_to_the_build_machine(built_site, tmp_path):
    """A programme's PDF links to the packs it uses: to their pages on the site (base_url), never file://; while
    the base URL is the default's placeholder, to no address at all (relative links, no example.org)."""
    from catalogue.outputs import pdf as pdf_module
    from catalogue.load.loader import load
    from catalogue.render.renderer import Renderer
    rel = "programmer/laeringsdage-staerkere-laeringsfaellesskaber/laeringsdage-staerkere-laeringsfaellesskaber.pdf"

    def urls_of(path):
        out = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
        return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]
    placeholder = urls_of(built_site / rel)
    assert placeholder and not any(":" in u for u in placeholder), placeholder  # no scheme: not file://, not http
    project = make_project(tmp_path / "p")
    settings = project / "content/indstillinger.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://example.org/inspirationskatalog/",
                                                                     "https://kommune.dk/katalog/"), encoding="utf-8")
    from catalogue.core.artifacts import plan
    cat = load(project)
    # the programme's PDF alone (making all 29 took ~25 s of the suite; issue 30 added the participant versions)
    pdf_module.build(Renderer(cat), tmp_path / "site", tmp_path / "cache", log=lambda m: None,
                     artifacts=tuple(a for a in plan(cat) if a.path == rel))
    urls = urls_of(tmp_path / "site" / rel)
    assert urls and all(u.startswith("https://kommune.dk/katalog/") for u in urls), urls
    assert "https://kommune.dk/katalog/laeringspakker/staerkere-laeringsfaellesskaber/" in urls


def test_weasyprints_own_messages_stay_out_of_the_editors_terminal(tmp_path, catalogue, caplog):
    """WeasyPrint logs every stylesheet it parses and each screen-only rule it skips: in scripts/serve's terminal
    that was ~390 lines around the editors' own diagnostics. Only its errors may reach the log."""
    import logging

    from catalogue.core.artifacts import plan
    from catalogue.outputs import pdf
    from catalogue.render.renderer import Renderer
    caplog.set_level(logging.INFO)
    # one PDF of each print template (every stylesheet rule WeasyPrint would skip is parsed for each)
    one_each = {a.template: a for a in reversed(plan(catalogue))}
    pdf.build(Renderer(catalogue), tmp_path / "site", tmp_path / "cache", log=lambda m: None,
              artifacts=tuple(one_each.values()))
    noise = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno < logging.ERROR]
    assert not noise, [r.getMessage() for r in noise[:5]]
