"""Another catalogue's export is untrusted input, like a file from a stranger. A corpus of hostile exports goes
through both doors — `scripts/merge` and the loader of content/lokalt/foederation/ —: each gives its Danish error
naming the file and the entry (and nothing from that file is merged), or is shown as harmless text. Never a
traceback."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import make_project
from catalogue import federation
from catalogue.content import load
from catalogue.export import LIMITS
from catalogue.render import Renderer
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
    code = federation.main([str(path), "--navn", "nabo", "--root", str(project)])
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
            problems, text = problems_in(r.entry_page(e))
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
