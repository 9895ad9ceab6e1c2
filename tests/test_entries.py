"""One entry type: every entry — original, adapted, local or merged — is a Record of its kind's declared type,
with nothing set on it after loading; where it comes from (origin, file, overlay file, a merged entry's source
page) is its Provenance, kept beside it in the catalogue."""
from __future__ import annotations

import json

from conftest import make_project
from catalogue.load.loader import load
from catalogue.model.entry import Merged, Origin
from catalogue.model.schema import Record


def test_entries_are_records_and_provenance_lives_beside_them(tmp_path):
    project = make_project(tmp_path / "p")
    local = project / "content" / "lokalt"
    (local / "indsatser").mkdir(parents=True)
    (local / "indsatser" / "robusthed.yml").write_text("titel: Robusthed her hos os\n", encoding="utf-8")
    own = (project / "content" / "indsatser" / "omsorgsgrebet.yml").read_text(encoding="utf-8")
    (local / "indsatser" / "vores-indsats.yml").write_text(own.replace("id: omsorgsgrebet", "id: vores-indsats"),
                                                          encoding="utf-8")
    (local / "foederation").mkdir()
    (local / "foederation" / "nabo.json").write_text(json.dumps({
        "generated": "2026-01-01", "site_url": "https://nabo.example.org/", "entries": [{
            "id": "x", "type": "initiative", "title": "Nabos", "summary": "S", "url": "indsatser/x/", "pdf": None,
            "facets": {}, "origin": "Nabo", "source_url": None, "last_reviewed": None}]}), encoding="utf-8")
    cat = load(project)
    assert cat.report.ok, [d.format() for d in cat.report.errors]
    for entry_id, entry in cat.entries.items():
        assert isinstance(entry, cat.kinds[entry_id].record) or isinstance(entry, Merged)
        assert set(vars(entry)) == {f.attr for f in entry.fields} | {"mark", "marks"}, entry_id
    origins = {i: p.origin for i, p in cat.provenance.items()}
    assert set(origins) == set(cat.entries) == set(cat.kinds)
    assert origins["robusthed"] is Origin.ADAPTED and origins["vores-indsats"] is Origin.LOCAL
    assert origins["dialogisk-laesning"] is Origin.ORIGINAL and origins["nabo/x"] is Origin.MERGED
    assert cat.provenance["robusthed"].overlay_path == "content/lokalt/indsatser/robusthed.yml"
    assert cat.provenance["nabo/x"].source_url == "https://nabo.example.org/indsatser/x/"
    assert isinstance(cat.entries["nabo/x"], Merged) and isinstance(cat.entries["nabo/x"], Record)
