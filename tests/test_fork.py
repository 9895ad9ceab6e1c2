"""Made for forking: scaffolding, schemas that agree with the validator, overlays, federation, quality signals."""
from __future__ import annotations

import functools
import json
import re
import subprocess

import jsonschema
import pytest
import yaml

from conftest import ENV, PY, ROOT, build, make_project, yaml12
from catalogue.load.loader import load
from catalogue.model.kinds import KINDS


def fill(text: str) -> str:
    text = re.sub(r'"<udfyld: én af ([a-z-]+)[^"]*>"', r"\1", text)
    text = re.sub(r'"<udfyld: id fra content/vokabularer/organisationer.yml>"', "frederiksberg-kommune", text)
    text = re.sub(r'"<udfyld: et tal>"', "2024", text)
    text = re.sub(r'"<udfyld: ÅÅÅÅ-MM-DD>"', "2024-01-31", text)
    text = re.sub(r'"<udfyld: https://…>"', "https://example.org/", text)
    return re.sub(r'"<udfyld: [^"]*>"', '"Tekst"', text)


def new(capsys, *args) -> subprocess.CompletedProcess:
    """scripts/new ARGS (`python -m catalogue.cli.new ARGS`: catalogue.cli.new.main) run in this process, with
    its exit code and output; test_new_refuses_bad_kind_and_id runs the module as scripts/new does."""
    from catalogue.cli import new as command
    capsys.readouterr()
    code = command.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["scripts/new", *args], code, out, err)


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_new_writes_a_skeleton_that_validates_once_filled(tmp_path, kind, capsys):
    project = make_project(tmp_path / "p", with_entries=False)
    out = new(capsys, kind, "ny-post", "--root", project)
    assert out.returncode == 0, out.stderr
    path = next((project / "content").rglob("ny-post.yml"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../site/data/schema/{kind}.json")
    assert all(ln.lstrip().startswith("#") or "#" not in ln for ln in text.splitlines()), "comments on their own lines"
    cat = load(project)
    errors = [d for d in cat.report.errors if d.path.endswith("ny-post.yml")]
    assert errors and all(d.message == "pladsholderen er ikke udfyldt" for d in errors)
    path.write_text(fill(text), encoding="utf-8")
    cat = load(project)
    assert not [d.format() for d in cat.report.errors], [d.format() for d in cat.report.errors]
    assert "ny-post" in cat.entries
    again = new(capsys, kind, "ny-post", "--root", project)
    assert again.returncode == 1 and "findes allerede" in again.stderr


def test_new_refuses_bad_kind_and_id(tmp_path):
    """As scripts/new runs it: the module in a process of its own (the other tests call its main)."""
    project = make_project(tmp_path / "p", with_entries=False)
    for args in (["opskrift", "x"], ["initiative", "Ugyldigt Id"]):
        out = subprocess.run([PY, "-m", "catalogue.cli.new", *args, "--root", str(project)], env=ENV,
                             capture_output=True, text=True)
        assert out.returncode == 1 and out.stderr.strip()
    out = subprocess.run([PY, "-m", "catalogue.cli.new", "initiative", "ny", "--root", str(project)], env=ENV,
                         capture_output=True, text=True)
    assert out.returncode == 0 and "Skrev content/indsatser/ny.yml" in out.stdout, out.stderr
    assert (project / "content/indsatser/ny.yml").is_file()


@functools.lru_cache(maxsize=None)
def _validator(kind: str):
    """The validator of the embedded content's JSON Schema of kind, its schema checked against the metaschema
    once (jsonschema.validate checks it on every call: ~1 s a schema)."""
    from catalogue.model.interchange import schemas
    schema = schemas(load(ROOT))[kind]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate(doc, kind: str) -> None:
    """jsonschema.validate(doc, the schema of kind): raises its best ValidationError."""
    error = jsonschema.exceptions.best_match(_validator(kind).iter_errors(doc))
    if error is not None:
        raise error


def test_schemas_accept_every_content_file(catalogue):
    from catalogue.model.interchange import schemas
    assert schemas(catalogue) == schemas(load(ROOT))  # what validate() checks against
    for entry in catalogue.entries.values():
        validate(yaml12((ROOT / catalogue.provenance[entry.id].path).read_text(encoding="utf-8")),
                 catalogue.kind_of(entry).name)
    for path in (ROOT / "content/vokabularer").glob("*.yml"):
        validate(yaml12(path.read_text(encoding="utf-8")), "vocabulary")
    validate(yaml12((ROOT / "content/indstillinger.yml").read_text(encoding="utf-8")), "settings")
    validate(yaml12((ROOT / "content/litteratur.yml").read_text(encoding="utf-8")), "literature")


INVALID = {
    "unknown field": "malgrupe: [boern]\n",
    "unknown facet value": "facetter:\n  sektorer: [dagtilbu]\n",
    "unknown facet": "facetter:\n  sektor: [dagtilbud]\n",
    "unknown owner": None,
    "wrong type": "relaterede: 7\n",
    "bad enum": "resultater:\n  status: opnået\n",
    "bad year": None,
    "list for text": "oekonomi: [a, b]\n",
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_schema_and_validator_agree_on_invalid_files(tmp_path, case):
    base = (ROOT / "content/indsatser/omsorgsgrebet.yml").read_text(encoding="utf-8")
    if case == "unknown owner":
        text = base.replace("ejer: boerns-vilkaar", "ejer: boerns-vilkar")
    elif case == "bad year":
        text = re.sub(r"(?m)^(\s+aar:) \d+", r"\1 tyve", base, count=1) if re.search(r"(?m)^\s+aar:", base) else \
            base.replace("    udgiver: Børns Vilkår", "    udgiver: Børns Vilkår\n    aar: tyve", 1)
    else:
        text = base + INVALID[case]
    assert text != base
    project = make_project(tmp_path / "p")
    (project / "content/indsatser/omsorgsgrebet.yml").write_text(text, encoding="utf-8")
    cat = load(project)
    assert [d for d in cat.report.errors if d.path == "content/indsatser/omsorgsgrebet.yml"], case
    doc = yaml12(text)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc, "initiative")


def test_check_writes_the_schemas_editors_use(tmp_path):
    project = make_project(tmp_path / "p")
    out = subprocess.run([PY, "-m", "catalogue.cli.check", "--root", str(project)], env=ENV, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    schema = json.loads((project / "site/data/schema/initiative.json").read_text(encoding="utf-8"))
    assert "dagtilbud" in schema["properties"]["facetter"]["properties"]["sektorer"]["items"]["enum"]
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    for kind in KINDS:
        assert f"./site/data/schema/{kind.name}.json" in settings["yaml.schemas"]
        for p in (ROOT / "content" / kind.folder).glob("*.yml"):
            assert p.read_text(encoding="utf-8").startswith(
                f"# yaml-language-server: $schema=../../site/data/schema/{kind.name}.json"), p


def test_a_fork_with_branding_hidden_overridden_new_and_merged_entries(tmp_path, built_site):
    project = make_project(tmp_path / "fork")
    local = project / "content" / "lokalt"
    (local / "indsatser").mkdir(parents=True)
    (local / "indstillinger.yml").write_text(
        "sitenavn: Eksempelby Kommunes inspirationskatalog\norganisation: Eksempelby Kommune\n"
        "farver:\n  primaer: \"#005f5f\"\n  accent: \"#8a1c4a\"\n"
        "tilgaengelighedserklaering: https://was.digst.dk/eksempelby-dk\n", encoding="utf-8")
    (local / "vokabularer").mkdir()
    (local / "vokabularer" / "organisationer.yml").write_text(
        "vaerdier:\n  - id: eksempelby-kommune\n    navn: Eksempelby Kommune\n", encoding="utf-8")
    (local / "skjul.yml").write_text("skjul:\n  - id: omsorgsgrebet\n    begrundelse: Vi har vores egen\n",
                                     encoding="utf-8")
    (local / "indsatser" / "robusthed.yml").write_text("titel: Robusthed for unge i Eksempelby\n", encoding="utf-8")
    out = subprocess.run([PY, "-m", "catalogue.cli.new", "initiative", "lokal-indsats", "--lokal", "--root",
                          str(project)], env=ENV, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    new = local / "indsatser" / "lokal-indsats.yml"
    new.write_text(fill(new.read_text(encoding="utf-8")).replace("ejer: frederiksberg-kommune", "ejer: eksempelby-kommune"),
                   encoding="utf-8")
    merged = subprocess.run([PY, "-m", "catalogue.cli.merge", str(built_site), "--navn", "nabokommune",
                             "--url", "https://nabo.example.dk/katalog/", "--root", str(project)], env=ENV,
                            capture_output=True, text=True)
    assert merged.returncode == 0, merged.stderr
    result = build(project, env={**ENV, "KATALOG_PDF": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Eksempelby Kommunes inspirationskatalog" in home and "#005f5f" in home
    assert 'href="https://was.digst.dk/eksempelby-dk"' in home
    # hidden: no page, no links to it, and one line naming the original's entries that pointed to it (expected in
    # a fork: not a warning each, issue 18)
    assert not (site / "indsatser/omsorgsgrebet").exists()
    assert re.search(r"(?m)^'omsorgsgrebet' er skjult \(content/lokalt/skjul\.yml\): \d+ henvisning\(er\) til den fra "
                     r"originalens poster udelades \(.*omsorgsgrebet-refleksionsforloeb.*\)$", result.stderr)
    assert "henvisningen til 'omsorgsgrebet' udelades" not in result.stderr
    for page in site.rglob("*.html"):
        assert not re.search(r'href="(?!https?://)[^"]*indsatser/omsorgsgrebet/"', page.read_text(encoding="utf-8")), page
    # overridden: the local title, everything else from the original, marked as adapted
    rob = (site / "indsatser/robusthed/index.html").read_text(encoding="utf-8")
    assert "<h1>Robusthed for unge i Eksempelby</h1>" in rob and "Tilpasset lokalt af Eksempelby Kommune." in rob
    assert "Hvorfor investere i robusthed?" in rob
    # new local entry
    assert "Lokal post fra Eksempelby Kommune." in (site / "indsatser/lokal-indsats/index.html").read_text(encoding="utf-8")
    # merged: read-only entries under andre-kataloger/<name>/, named after whoever merged them, with an absolute
    # link to the original, and no PDF; the export holds them with that link
    foreign = sorted((site / "andre-kataloger" / "nabokommune").glob("*/index.html"))
    assert len(foreign) > 10
    for page in foreign:
        text = page.read_text(encoding="utf-8")
        assert re.search(rf'href="https://nabo\.example\.dk/katalog/[a-z-]+/{page.parent.name}/"', text), page
        assert "Fra nabokommunes katalog" in text and ".pdf" not in text
    data = json.loads((site / "data/catalogue.json").read_text(encoding="utf-8"))
    exported = [e for e in data["entries"] if e["source_url"]]  # merged entries, with their original's address
    assert len(exported) == len(foreign) and all(e["id"].startswith("nabokommune--") for e in exported)
    assert not [e for e in data["entries"] if "/" in e["id"]]
    ids = {e["id"] for e in data["entries"]}
    assert "omsorgsgrebet" not in ids and {"robusthed", "lokal-indsats", "elevfravaer"} <= ids


def test_merge_refuses_invalid_input(tmp_path):
    project = make_project(tmp_path / "p")
    bad = tmp_path / "bad.json"
    bad.write_text('{"generated": "2026-01-01", "entries": [{"id": "X"}]}', encoding="utf-8")
    out = subprocess.run([PY, "-m", "catalogue.cli.merge", str(bad), "--url", "https://x.dk/", "--root",
                          str(project)], env=ENV, capture_output=True, text=True)
    assert out.returncode == 1 and "error:" in out.stderr and not (project / "content/lokalt/foederation").exists()


def test_description_quality_and_review_due(catalogue):
    from datetime import date
    from catalogue.model import quality
    d = quality.description(catalogue.entries["dialogisk-laesning"])
    assert d["of"] == 8 and d["score"] == len(d["met"]) and set(d["met"]) | set(d["missing"]) == {k for k, _, _ in quality.CRITERIA}
    assert {"target_group", "goals", "method", "effect"} <= set(d["met"]) and "economy" in d["missing"]
    assert quality.description(catalogue.entries["mindset-model"]) is None  # only initiatives are rated
    e = catalogue.entries["robusthed"]
    assert quality.review(e, 24, date(2028, 11, 26))["state"] == "ok"
    assert quality.review(e, 24, date(2028, 11, 28)) == {"state": "due", "due": date(2028, 11, 27)}
    assert quality.review(e, 1, date(2027, 1, 1))["due"] == date(2026, 12, 27)


def test_quality_and_review_shown_and_filterable(tmp_path):
    project = make_project(tmp_path / "p")
    result = build(project, env={**ENV, "KATALOG_PDF": "0", "SOURCE_DATE_EPOCH": "1893456000"})  # 2030-01-01
    assert result.returncode == 0, result.stderr[-2000:]
    page = (project / "site/indsatser/dialogisk-laesning/index.html").read_text(encoding="utf-8")
    assert "Beskrivelse: " in page and "af 8 dele" in page
    assert "Indholdet skulle have været gennemgået igen senest 2028-11-27." in page
    assert '<span data-pagefind-filter="gennemgang">Gennemgang forfalden</span>' in page
    assert re.search(r'<span data-pagefind-filter="beskrivelse">(Godt|Delvist|Kort) beskrevet</span>', page)


def test_content_versions_and_migration(tmp_path, monkeypatch):
    import catalogue
    from catalogue.cli import migrate
    project = make_project(tmp_path / "p")
    path = project / "content/indsatser/omsorgsgrebet.yml"
    assert "modelversion: 1" in path.read_text(encoding="utf-8")
    # a model change: version 2 renames 'oekonomi' to 'oekonomi_tekst' (made up for the test)
    monkeypatch.setattr(catalogue, "MODEL_VERSION", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, ("'oekonomi' hedder nu 'oekonomi_tekst'",
                                                 lambda t: re.sub(r"(?m)^oekonomi:", "oekonomi_tekst:", t)))
    path.write_text(path.read_text(encoding="utf-8") + "# en kommentar, der skal overleve\noekonomi: Ukendt.\n",
                    encoding="utf-8")
    cat = load(project)
    d = [d for d in cat.report.errors if d.path == "content/indsatser/omsorgsgrebet.yml"]
    assert d and d[0].message == "filen følger modelversion 1, men modellen er nu version 2" and "scripts/migrate" in d[0].hint
    assert migrate.main(["--root", str(project)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "modelversion: 2" in text and "oekonomi_tekst: Ukendt." in text and "# en kommentar, der skal overleve" in text
    assert "modelversion: 2" in (project / "content/indsatser/robusthed.yml").read_text(encoding="utf-8")


def test_site_works_under_a_sub_path(tmp_path):
    project = make_project(tmp_path / "p")
    settings = project / "content/indstillinger.yml"
    settings.write_text(re.sub(r"(?m)^base_url: .*$", "base_url: https://kommune.example.dk/born/katalog/",
                               settings.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(project, env={**ENV, "KATALOG_PDF": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    site = project / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:href|src)="(/[^"]*)"', html):
            assert page.name == "404.html" and ref.startswith("/born/katalog/"), (page, ref)
        # every relative link resolves inside the site
        for ref in re.findall(r'(?:href|src)="((?!https?:|mailto:|#|/|data:|javascript:)[^"#?]+)', html):
            target = (page.parent / ref).resolve()
            if ref.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.exists(), (page.relative_to(site), ref)
    data = json.loads((site / "data/catalogue.json").read_text(encoding="utf-8"))
    assert data["site_url"] == "https://kommune.example.dk/born/katalog/"


@pytest.mark.parametrize("local", [False, True], ids=["original", "lokalt"])
def test_a_skeletons_schema_path_points_at_the_schema_from_where_it_is_written(tmp_path, local, capsys):
    project = make_project(tmp_path / "p")
    args = ["initiative", "ny-indsats", "--root", str(project)] + (["--lokal"] if local else [])
    out = new(capsys, *args)
    assert out.returncode == 0, out.stderr
    path = project / "content" / ("lokalt/indsatser" if local else "indsatser") / "ny-indsats.yml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = first.split("$schema=", 1)[1]
    target = (path.parent / relative).resolve()
    assert target == (project / "site" / "data" / "schema" / "initiative.json").resolve()


def test_the_field_reference_explains_the_description_levels():
    from catalogue.model import quality
    from catalogue.load.loader import load as load_cat
    from catalogue.core import routes
    from catalogue.render.renderer import Renderer
    from catalogue.render.views import FieldsView
    cat = load_cat(ROOT)
    html = FieldsView().render(Renderer(cat), routes.FIELDS)
    section = html.split('id="beskrivelsesgrad"', 1)[1]
    assert f"mindst {quality.HIGH} af {len(quality.CRITERIA)} dele" in section and f"med {quality.MEDIUM} eller flere" in section
    for key, fields, _ in quality.CRITERIA:
        row = section.split(f"<td>{cat.strings['quality_' + key]}</td>", 1)[1].split("</tr>", 1)[0]
        assert all(f"<code>{f}</code>" in row for f in fields), key


def test_the_field_reference_shows_an_example_per_field_and_every_vocabularys_values(tmp_path):
    """Issue 18, part 4: each top-level field of every kind has an example of its shape (as scripts/new writes it;
    uncommented and filled in, it is valid — tested above); each vocabulary lists its values, a fork's too."""
    import html as html_lib
    from catalogue.load.loader import load as load_cat
    from catalogue.core import routes
    from catalogue.render.renderer import Renderer
    from catalogue.render.views import FieldsView
    project = make_project(tmp_path / "p")
    (project / "content/lokalt/vokabularer").mkdir(parents=True)
    (project / "content/lokalt/vokabularer/organisationer.yml").write_text(
        "vaerdier:\n  - id: eksempelby-kommune\n    navn: Eksempelby <Kommune>\n", encoding="utf-8")
    cat = load_cat(project)
    page = FieldsView().render(Renderer(cat), routes.FIELDS)
    for kind in KINDS:
        section = page.split(f'<h2 id="{kind.folder}">', 1)[1].split("<h2 ", 1)[0]
        for f in kind.record.fields:
            if f.key in ("modelversion", "egen_post"):
                continue
            row = section.split(f"<tr><td><code>{f.key}</code></td>", 1)[1].split("</tr>", 1)[0]
            example = re.search(r'<pre class="ik-field-example"[^>]*><code>(.*?)</code></pre>', row, re.S)
            assert example and html_lib.unescape(example.group(1)).startswith(f"{f.key}:"), (kind.name, f.key)
    vocab = page.split('<h2 id="vokabularer">', 1)[1].split("<h2 ", 1)[0]
    for v in cat.vocabularies.values():
        block = vocab.split(f'<h3 id="vokabular-{v.id}">', 1)[1].split("</table>", 1)[0]
        assert all(f"<tr><td><code>{x.id}</code></td>" in block for x in v.values), v.id
    assert "<td>Eksempelby &lt;Kommune&gt;</td>" in vocab  # the fork's value, escaped


def fill_all(text: str, cat) -> str:
    """fill(), and placeholders for references filled with ids the catalogue has."""
    text = re.sub(r'"<udfyld: id fra content/vokabularer/([a-z-]+)\.yml>"',
                  lambda m: cat.vocabularies[m.group(1)].values[0].id, text)
    folders = {k.folder: k.name for k in KINDS}
    text = re.sub(r'"<udfyld: id på en post fra content/([a-z]+)/[^"]*>"',
                  lambda m: cat.of_kind(folders[m.group(1)])[0].id, text)
    text = re.sub(r'"<udfyld: id på en anden post>"', "robusthed", text)
    text = re.sub(r'"<udfyld: id fra content/litteratur.yml>"', cat.literature.items[0].id, text)
    text = re.sub(r'"<udfyld: true eller false>"', "true", text)
    text = re.sub(r'"<udfyld: TT:MM>"', '"09:00"', text)
    return fill(text)


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_every_optional_block_of_a_skeleton_uncommented_gives_a_valid_structure(tmp_path, kind, catalogue):
    """Issue 18: uncommenting an optional field's block (the lines under its '## key' line) gives its real nested
    shape; filled in, the file is valid — one block at a time, for every optional field of every kind."""
    from catalogue.cli.new import facet_vocabularies
    from catalogue.model import skeleton as scaffold
    k = next(x for x in KINDS if x.name == kind)
    cat = catalogue  # load(ROOT), once a session
    skeleton = scaffold.skeleton(k, "ny-post", facets=facet_vocabularies(ROOT))
    lines = skeleton.splitlines()
    heads = [i for i, ln in enumerate(lines) if ln.startswith("## ")]
    given = {ln.split(":")[0] for ln in k.skeleton if re.match(r"[a-z_]+:", ln)}  # the kind's own lines
    optional = [f for f in k.record.fields if not f.required and f.key not in ("modelversion", "egen_post") and f.key not in given]
    assert [lines[i][3:].split(" —")[0] for i in heads] == [f.key for f in optional]
    project = make_project(tmp_path / "p")
    path = project / "content" / k.folder / "ny-post.yml"
    failures = {}
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(lines)
        block = [ln[2:] if ln.startswith("# ") else ln for ln in lines[i + 1:end]]
        assert block and not block[0].startswith(" "), lines[i]  # the field itself, at the top level
        rest = lines[:i] + block + lines[end:]
        if "(i stedet for modellen ovenfor)" in lines[i]:  # a worksheet has one model: this one replaces the default
            start = rest.index("tjekliste:")
            rest = rest[:start] + rest[start + 3:]
        text = "\n".join(rest) + "\n"
        path.write_text(fill_all(text, cat), encoding="utf-8")
        got = load(project)
        errors = [d.format() for d in got.report.errors if d.path.endswith("ny-post.yml")]
        if errors:
            failures[lines[i]] = errors[:3]
    assert not failures, failures
