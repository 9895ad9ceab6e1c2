"""Another catalogue's export is untrusted input, like a file from a stranger. A corpus of hostile exports goes
through both doors — `scripts/merge` and the loader of content/lokalt/foederation/ —: each gives its Danish error
naming the file and the entry (and nothing from that file is merged), or is shown as harmless text. Never a
traceback."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import make_project
from catalogue.load import federation
from catalogue.cli import merge
from catalogue.load.loader import load
from catalogue.model.interchange import LIMITS
from catalogue.render.renderer import Renderer
from catalogue.render.views import entry_page
from test_escaping import problems_in

SITE = "https://nabo.example.org/katalog/"


def entry(n=1, **over):
    e = {"id": f"indsats-{n}", "type": "initiative", "title": f"Indsats {n}", "summary": "Et resumé.",
         "url": f"indsatser/indsats-{n}/", "pdf": None, "facets": {"temaer": ["samarbejde"]},
         "origin": "Nabo Kommune", "source_url": None, "last_reviewed": "2026-01-31"}
    e.update(over)
    return e


def export(*entries, **over):
    data = {"generated": "2026-02-01", "site_url": SITE, "entries": list(entries) or [entry()]}
    data.update(over)
    return data


def deep(n):
    return "[" * n + "]" * n


# name -> (the file's bytes or JSON value, expected: None = accepted and shown as text, else a message fragment)
CORPUS = {
    "script-in-title": (export(entry(title="<script>pwn(1)</script>Læsning")), None),
    "event-handler-text": (export(entry(summary='<img src=x onerror="pwn(2)">', origin="<b onmouseover=pwn(3)>Nabo</b>")), None),
    "unknown-keys-of-a-newer-version": (export(entry(rating=5, extra={"x": [1, 2]}), schema_version=3), None),
    "javascript-source-url": (export(entry(source_url="javascript:alert(1)")), "er ikke en tilladt adresse (kun http:// og https://)"),
    "javascript-source-url-case": (export(entry(source_url="JaVaScRiPt:alert(1)")), "er ikke en tilladt adresse"),
    "data-url-pdf": (export(entry(pdf="data:text/html,<script>pwn()</script>")), "er ikke en tilladt adresse"),
    "javascript-site-url": (export(site_url="javascript:alert(1)//"), "feltet 'site_url'"),
    "scheme-in-url": (export(entry(url="javascript:alert(1)//x/")), "er ikke en tilladt adresse"),
    "url-leaves-the-site": (export(entry(url="../../andet-sted/")), "har ikke den rigtige form"),
    "quote-in-url": (export(entry(source_url='https://x.dk/"onmouseover="pwn()')), "indeholder tegn, der ikke må stå"),
    "wrong-type-title": (export(entry(title=42)), "post 1 (id 'indsats-1'), feltet 'title': forventede tekst"),
    "entries-not-a-list": (export(entries={"a": 1}), "'entries': forventede en liste"),
    "top-level-list": ([entry()], "filen skal være et JSON-objekt"),
    "missing-field": (export({k: v for k, v in entry().items() if k != "title"}), "mangler feltet 'title'"),
    "duplicate-ids": (export(entry(1), entry(1)), "post 2 (id 'indsats-1'): id'et står to gange"),
    "huge-string": (export(entry(summary="x" * 100_000)), "teksten er for lang (100.000 tegn; højst 2000)"),
    "deep-nesting": (b'{"generated": "2026-02-01", "entries": [], "x": ' + deep(100_000).encode() + b"}",
                     "indlejret for mange niveauer"),
    "invalid-date": (export(entry(last_reviewed="2024-02-30")), "datoen '2024-02-30' findes ikke i kalenderen"),
    "date-words": (export(generated="1. februar 2026"), "feltet 'generated': '1. februar 2026' er ikke en dato på formen ÅÅÅÅ-MM-DD"),
    "unknown-kind": (export(entry(type="opskrift")), "ukendt værdi 'opskrift'"),
    "bad-id": (export(entry(id="../../x")), "feltet 'id': '../../x' har ikke den rigtige form"),
    "hostile-facet-value": (export(entry(facets={"temaer": ["<script>"]})), "indeholder tegn, der ikke må stå"),
    "too-many-entries": (export(*[entry(n) for n in range(LIMITS["entries"] + 1)]), "for mange (10.001; højst 10000)"),
    "too-large-file": (b'{"generated": "2026-02-01", "entries": [], "x": "' + b"x" * (LIMITS["bytes"] + 1) + b'"}',
                       "filen er for stor"),
    "not-utf8": ('{"generated": "2026-02-01", "title": "Resum\xe9"}'.encode("latin-1"), "ikke gemt som UTF-8"),
    "not-json": (b"<html><script>pwn()</script></html>", "kan ikke læses som JSON"),
    # Python's re lets '$' match before a final newline: 'e1\n' passed as an id and made an unreachable folder
    "id-with-final-newline": (export(entry(id="e1\n")), "feltet 'id': 'e1\\n' indeholder tegn, der ikke må stå"),
    "url-with-final-newline": (export(entry(url="indsatser/x/\n")), "feltet 'url': 'indsatser/x/\\n' indeholder tegn"),
    "date-with-final-newline": (export(generated="2026-02-01\n"), "feltet 'generated': '2026-02-01\\n' er ikke en dato"),
}


def as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("federation"))


def test_the_corpus_is_large_enough():
    assert len(CORPUS) >= 15 and sum(expected is None for _, expected in CORPUS.values()) >= 3


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_merge_command(project, tmp_path, name, capsys):
    content, expected = CORPUS[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(as_bytes(content))
    stored = project / "content" / "lokalt" / "foederation"
    shutil.rmtree(stored, ignore_errors=True)
    code = merge.main([str(path), "--navn", "nabo", "--root", str(project)])
    err = capsys.readouterr().err
    if expected is None:
        assert code == 0, err
        assert (stored / "nabo.json").is_file()
    else:
        assert code == 1 and expected in err and str(path) in err, err
        assert "Intet er flettet ind" in err and not stored.exists()
    shutil.rmtree(stored, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_loader(project, name):
    """The same file put straight into content/lokalt/foederation/ (by hand, or by an older merge)."""
    content, expected = CORPUS[name]
    stored = project / "content" / "lokalt" / "foederation"
    stored.mkdir(parents=True, exist_ok=True)
    (stored / "nabo.json").write_bytes(as_bytes(content))
    try:
        cat = load(project)
    finally:
        shutil.rmtree(stored)
    merged = [e for e in cat.entries.values() if cat.provenance[e.id].merged]
    diags = [d for d in cat.report.items if d.path == "content/lokalt/foederation/nabo.json"]
    if expected is None:
        assert not diags, [d.format() for d in diags]
        assert merged
        r = Renderer(cat)
        for e in merged:
            problems, text = problems_in(entry_page(r, e))
            assert not problems, problems
            assert e.title in text  # shown, as text
            assert cat.provenance[e.id].source_url.startswith(SITE)
    else:
        assert not merged
        assert any(expected in d.message and d.severity == "error" for d in diags), [d.format() for d in diags]
        # the rest of the catalogue is not affected
        assert "robusthed" in cat.entries and not [d for d in cat.report.errors if d not in diags]


def test_an_unknown_key_is_ignored_and_a_known_one_still_checked(project):
    data = export(entry(rating="<script>", title=""))
    problems = federation.check_export(data, "x.json")
    assert problems == ["x.json: post 1 (id 'indsats-1'), feltet 'title': teksten er tom"]


# --- issue 26: a merged catalogue can neither speak in this catalogue's name nor take the place of its pages ------

from catalogue.core.routes import MERGED as MERGED_URL  # noqa: E402
from catalogue.site.build import SiteBuild  # noqa: E402



def merge_file(project, tmp_path, data, *args, name="eksport.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return merge.main([str(path), *args, "--root", str(project)])


@pytest.fixture
def fresh(tmp_path):
    return make_project(tmp_path / "p")


def pages_of(project):
    build = SiteBuild.load(project, with_pdfs=False)
    srcs = [p.src for p in build.pages]
    assert len(srcs) == len(set(srcs)), "two pages at one address"
    return build, {p.src: p for p in build.pages}


def test_an_export_cannot_file_its_entries_under_this_catalogues_organisation(fresh, tmp_path, capsys):
    data = export(entry(origin="Frederiksberg Kommune", facets={"organisationer": ["frederiksberg-kommune"]}))
    assert merge_file(fresh, tmp_path, data) == 0, capsys.readouterr().err
    cat = load(fresh)
    [merged] = [e for e in cat.entries.values() if cat.provenance[e.id].merged]
    assert merged.owner == "katalog_nabo-example-org" and cat.owner_label(merged) == "nabo.example.org"
    assert merged.id == "nabo-example-org/indsats-1" and "organisationer" not in merged.facets
    page = entry_page(Renderer(cat), merged)
    assert "Fra nabo.example.orgs katalog" in page and "Frederiksberg Kommune" not in page
    own = cat.vocabularies["organisationer"].by_id["frederiksberg-kommune"]
    assert own.label == "Frederiksberg Kommune"
    # named by whoever merges it
    assert merge_file(fresh, tmp_path, data, "--navn", "Nabo Kommune") == 0
    cat = load(fresh)
    assert cat.owner_label(cat.entries["nabo-kommune/indsats-1"]) == "Nabo Kommune"
    # a name that is this catalogue's own organisation's is refused, and nothing is stored
    before = sorted(p.name for p in (fresh / "content/lokalt/foederation").glob("*.json"))
    capsys.readouterr()
    assert merge_file(fresh, tmp_path, data, "--navn", "Frederiksberg Kommune") == 1
    err = capsys.readouterr().err
    assert ("content/lokalt/foederation/frederiksberg-kommune.json:1:1: error: det flettede katalog hedder "
            "'Frederiksberg Kommune' ligesom organisationen 'frederiksberg-kommune' i dette katalog") in err, err
    assert "Intet er flettet ind" in err
    assert sorted(p.name for p in (fresh / "content/lokalt/foederation").glob("*.json")) == before


def test_merging_the_same_catalogue_again_says_what_it_replaces(fresh, tmp_path, capsys):
    assert merge_file(fresh, tmp_path, export(entry(1)), "--navn", "Nabo") == 0
    capsys.readouterr()
    assert merge_file(fresh, tmp_path, export(entry(1), entry(2), entry(3)), "--navn", "Nabo") == 0
    out = capsys.readouterr().out
    assert re.search(r"content/lokalt/foederation/nabo\.json erstatter content/lokalt/foederation/nabo\.json "
                     rf"\(kataloget {re.escape(SITE)}, flettet ind \d{{4}}-\d\d-\d\d\): 1 poster før, 3 nu", out), out
    # the same catalogue (its site_url) under another name: the old file goes, and the message says so
    assert merge_file(fresh, tmp_path, export(entry(1)), "--navn", "Naboerne") == 0
    out = capsys.readouterr().out
    assert "content/lokalt/foederation/naboerne.json erstatter content/lokalt/foederation/nabo.json" in out
    assert "3 poster før, 1 nu" in out
    assert [p.name for p in (fresh / "content/lokalt/foederation").glob("*.json")] == ["naboerne.json"]
    # two exports that would get one name in one run are refused
    two = [tmp_path / "a.json", tmp_path / "b.json"]
    for p in two:
        p.write_text(json.dumps(export(entry(1), site_url="https://x.example.org/")), encoding="utf-8")
    assert merge.main([*map(str, two), "--root", str(fresh)]) == 1
    assert "får samme navn 'x-example-org'" in capsys.readouterr().err


def test_a_merged_id_cannot_take_a_listing_page(fresh, tmp_path, capsys):
    """origin 'Side' + id '2' used to make 'side-2', whose page replaced the listing's page 2."""
    data = export(*[entry(n, id=str(n), title=f"Side {n}") for n in range(1, 61)], site_url="https://side.example.org/")
    assert merge_file(fresh, tmp_path, data, "--navn", "Side") == 0, capsys.readouterr().err
    build, pages = pages_of(fresh)
    listing = pages["indsatser/side-2/index.md"]
    assert type(listing.view).__name__ == "ListingView" and listing.view.page == 2
    merged = pages[f"{MERGED_URL}/side/2/index.md"]
    assert merged.url == f"{MERGED_URL}/side/2/" and merged.view.entry_id == "side/2"
    assert all(p.url.startswith(f"{MERGED_URL}/") for p in build.pages
               if type(p.view).__name__ == "EntryView" and build.cat.provenance[p.view.entry_id].merged)


def test_a_merged_id_cannot_collide_with_an_own_entry(fresh, tmp_path, capsys):
    """origin 'Dialogisk' + id 'laesning' was merged (exit 0) as 'dialogisk-laesning', and the next build failed."""
    data = export(entry(1, id="laesning", title="Nabos læsning"), site_url="https://dialogisk.example.org/")
    assert merge_file(fresh, tmp_path, data, "--navn", "Dialogisk") == 0, capsys.readouterr().err
    build, pages = pages_of(fresh)
    assert build.cat.entries["dialogisk-laesning"].title.startswith("Dialogisk læsning")
    assert build.cat.entries["dialogisk/laesning"].title == "Nabos læsning"
    assert "indsatser/dialogisk-laesning/index.md" in pages and f"{MERGED_URL}/dialogisk/laesning/index.md" in pages
    # the export keeps them apart too: a merged entry's id is '<catalogue>--<id>', which no site's own id can be
    from catalogue.outputs.export import catalogue_json
    ids = [e["id"] for e in catalogue_json(build.cat)["entries"]]
    assert "dialogisk-laesning" in ids and "dialogisk--laesning" in ids and not [i for i in ids if "/" in i]
    assert len(ids) == len(set(ids))


def test_a_merged_entry_is_exported_with_its_source_and_never_merged_back_into_its_own_site(fresh, tmp_path, capsys):
    """CONTRACT: the export has one entry per published page, a merged one with the absolute link to its original.
    A catalogue that merges this one gets it under its own namespace; the site it started on skips it."""
    from catalogue.outputs.export import catalogue_json
    from catalogue.load.federation import check_export
    data = export(entry(1, id="laesning", title="Nabos læsning"), site_url="https://nabo.example.org/k/")
    assert merge_file(fresh, tmp_path, data, "--navn", "Nabo") == 0, capsys.readouterr().err
    build, _ = pages_of(fresh)
    ours = catalogue_json(build.cat)
    [merged] = [e for e in ours["entries"] if e["id"] == "nabo--laesning"]
    assert merged["source_url"] == "https://nabo.example.org/k/" + data["entries"][0]["url"]
    assert merged["url"] == f"{MERGED_URL}/nabo/laesning/" and "organisationer" not in merged["facets"]
    assert check_export(ours, "catalogue.json") == []  # our export is valid input for the next catalogue
    # the neighbour merges our export back: its own entry is skipped, ours arrive under our namespace
    from catalogue.load.federation import load_merged
    from catalogue.load.loader import load
    neighbour = load(fresh)
    neighbour.settings.base_url = "https://nabo.example.org/k/"
    before = set(neighbour.entries)
    (fresh / "content/lokalt/foederation/nabo.json").unlink()
    path = fresh / "content/lokalt/foederation/vores.json"
    path.write_text(json.dumps({**ours, "site_url": "https://vores.example.org/"}), encoding="utf-8")
    from catalogue.core.diagnostics import Report
    report = Report()
    load_merged(neighbour, fresh, report)
    added = set(neighbour.entries) - before
    assert report.errors == [] and "vores/dialogisk-laesning" in added
    assert "vores/nabo--laesning" not in added and len(added) == len(ours["entries"]) - 1


def test_merge_refuses_what_would_not_build(fresh, tmp_path, capsys):
    """merge loads the catalogue with the new file, as the build does; an error it did not have puts it all back."""
    (fresh / "content/sider/andre-kataloger.md").write_text("# Andre kataloger\n", encoding="utf-8")
    assert merge_file(fresh, tmp_path, export(), "--navn", "Nabo") == 1
    err = capsys.readouterr().err
    assert ("content/lokalt/foederation/nabo.json:1:1: error: adressen andre-kataloger/, hvor flettede katalogers "
            "poster vises, bruges af content/sider/andre-kataloger.md — giv den side et andet navn") in err, err
    assert "Intet er flettet ind" in err and not (fresh / "content/lokalt/foederation").exists()
