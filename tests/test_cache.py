"""The parse cache holds plain data, not pickles: an entry read back from it is the same record tree, with the
same references and diagnostics, as one parsed anew; a damaged or tampered cache file is ignored (parsed again),
and nothing in it is ever run."""
from __future__ import annotations

import json
import pickle

import pytest

from conftest import make_project
from catalogue.load import cache
from catalogue.load.loader import load
from catalogue.model.records import Quote


def snapshot(cat) -> dict:
    return {i: (type(e).__name__, cache._plain(e)) for i, e in sorted(cat.entries.items())}


@pytest.fixture()
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("KATALOG_CACHE", "1")
    return make_project(tmp_path / "p")


def test_a_cached_load_equals_a_fresh_one(project):
    fresh = load(project)
    files = sorted((project / ".cache" / "parse").glob("*.json"))
    assert len(files) == len(fresh.entries) >= 20
    cached = load(project)
    assert snapshot(cached) == snapshot(fresh)
    assert [d.format() for d in cached.report.items] == [d.format() for d in fresh.report.items]
    assert cached.backlinks == fresh.backlinks and cached.literature_backlinks == fresh.literature_backlinks
    data = json.loads(files[0].read_text(encoding="utf-8"))
    assert set(data) == {"record", "refs", "diagnostics"}  # plain data


def test_field_positions_read_back_name_their_file_line_and_column(project):
    """A field's position is stored as one number in its record's own file and in full from an overlay: read
    back, each names the same file, line and column as when parsed (what every diagnostic prints)."""
    overlay = project / "content" / "lokalt" / "indsatser" / "robusthed.yml"
    overlay.parent.mkdir(parents=True, exist_ok=True)
    overlay.write_text("id: robusthed\n\n\nresume: Lokal tilpasning af resuméet.\n", encoding="utf-8")
    fresh, cached = load(project), load(project)

    def marks(cat) -> dict:
        return {(i, k): tuple(m) for i, e in cat.entries.items() for k, m in e.marks.items()}

    assert marks(cached) == marks(fresh)
    entry = cached.entries["robusthed"]
    assert entry.marks["summary"] == ("content/lokalt/indsatser/robusthed.yml", 4, 9)
    assert entry.marks.get("title").path == "content/indsatser/robusthed.yml" == entry.mark.path
    assert entry.marks.get("no such field") is None


def test_a_records_values_are_in_its_dict_and_its_fields_on_its_class(project):
    """model/schema.py: a Field stays on its class (the declaration, typed for mypy) and a value lives in the
    record's __dict__, however the record was made: parsed, read back from the cache, or made in code."""
    for cat in (load(project), load(project)):  # parsed, then from the cache
        for e in cat.entries.values():
            assert all(getattr(type(e), f.attr) is f and f.attr in vars(e) for f in e.fields)
            assert e.title == vars(e)["title"]
    made = Quote(text="Et citat", role="Pædagog")
    assert vars(made)["organisation"] is None and Quote.organisation.key == "organisation"
    with pytest.raises(AttributeError, match="'Quote' object has no attribute 'text'"):
        _ = Quote.__new__(Quote).text  # no value: as for a plain attribute


def test_a_damaged_or_tampered_cache_file_is_parsed_again(project):
    fresh = load(project)
    files = sorted((project / ".cache" / "parse").glob("*.json"))
    marker = project / "pwned"
    payload = pickle.dumps(type("X", (), {"__reduce__": lambda self: (marker.touch, ())})())
    files[0].write_bytes(payload)  # a pickle that would run code if it were unpickled
    files[1].write_text('{"record": {"record": "os.system", "mark": ["x", 1, 1], "marks": {}, "values": {}}, '
                        '"refs": [], "diagnostics": []}', encoding="utf-8")
    files[2].write_text("{not json", encoding="utf-8")
    again = load(project)
    assert not marker.exists()
    assert snapshot(again) == snapshot(fresh)


def test_compiled_templates_are_kept_between_builds_and_compiled_again_when_changed(tmp_path, monkeypatch):
    """The templates' cache (render/environment.py, .cache/templates/<environment>/): the next build's environment
    loads a template without compiling it; a changed template is compiled again; KATALOG_CACHE=0, a .cache/ that
    cannot be made or a folder gone meanwhile only mean compiling as before."""
    import shutil

    from jinja2 import DictLoader, Environment

    from catalogue.render import environment
    monkeypatch.setattr(environment, "ROOT", tmp_path)
    monkeypatch.delenv("KATALOG_CACHE", raising=False)
    source = {"t.html": "Hej {{ name }}"}

    def env():
        return Environment(loader=DictLoader(source), autoescape=True, bytecode_cache=environment.template_cache("x"))

    assert env().get_template("t.html").render(name="<a>") == "Hej &lt;a&gt;"
    folder = tmp_path / ".cache" / "templates" / "x"
    assert len(list(folder.iterdir())) == 1
    again = env()
    monkeypatch.setattr(again, "_compile", lambda *a: pytest.fail("compiled again"))
    assert again.get_template("t.html").render(name="b") == "Hej b"  # from the cache
    source["t.html"] = "Farvel {{ name }}"
    assert env().get_template("t.html").render(name="c") == "Farvel c"  # its source changed: compiled again
    # the same template in another environment (other options) is cached apart
    assert environment.template_cache("y").directory != environment.template_cache("x").directory
    kept = env()
    shutil.rmtree(folder)  # e.g. .cache/ deleted during a build: no error
    assert kept.get_template("t.html").render(name="d") == "Farvel d"
    monkeypatch.setenv("KATALOG_CACHE", "0")
    assert environment.template_cache("x") is None
    monkeypatch.delenv("KATALOG_CACHE")
    shutil.rmtree(tmp_path / ".cache")
    (tmp_path / ".cache").write_text("not a folder")
    assert environment.template_cache("x") is None
