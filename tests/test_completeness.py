"""The embedded content against its public source documents: every case, quote, goal, list item, attention point
and overview bullet the documents have is in content/ (the counts below were taken from the documents, as cited in
each file's header and in content/noter/). A failure names what is missing."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.model.records import Case, FactBox, Quote
from catalogue.model.schema import Record

ROOT = Path(__file__).resolve().parents[1]


def walk(obj, inside_case=False):
    """Yield (record, inside_case) for every record in the tree."""
    if isinstance(obj, Record):
        yield obj, inside_case
        for f in obj.fields:
            yield from walk(getattr(obj, f.attr), inside_case or isinstance(obj, Case))
    elif isinstance(obj, list):
        for item in obj:
            yield from walk(item, inside_case)


def counts(entry) -> dict:
    records = list(walk(entry))
    o = entry.overview
    return {
        "cases": sum(isinstance(r, Case) for r, _ in records),
        "quotes_in_cases": sum(isinstance(r, Quote) and inside for r, inside in records),
        "quotes": sum(isinstance(r, Quote) and not inside for r, inside in records),
        "goals": len(entry.goals.items) if entry.goals else 0,
        "important": [len(l.items) for l in entry.important],
        "attention": len(entry.attention.items) if entry.attention else 0,
        "overview": [len(o.why), len(o.therefore), len(o.for_whom), len(o.how)] if o else None,
        "factboxes": sum(isinstance(r, FactBox) for r, _ in records),
    }


# Counted in Frederiksberg Kommune, "Inspirationskatalog om mønsterbrydning og social mobilitet" (2018), project by
# project, and in Børns Vilkår, "Omsorgsgrebet". Overview order: Hvorfor / Derfor / For hvem / Hvordan. Quotes
# outside cases = the CITAT boxes (+ the unlabelled panel of 6 quotes in project 4).
EXPECTED = {
    "tryghed-i-overgangen": dict(cases=2, quotes_in_cases=2, quotes=2, goals=4, important=[6], attention=4,
                                 overview=[3, 4, 2, 2]),
    "dialogisk-laesning": dict(cases=4, quotes_in_cases=6, quotes=6, goals=5, important=[6], attention=5,
                               overview=[2, 4, 2, 2]),
    "socialraadgivere-i-dagtilbud": dict(cases=4, quotes_in_cases=7, quotes=5, goals=5, important=[4], attention=2,
                                         overview=[3, 5, 2, 1]),
    "elevfravaer": dict(cases=2, quotes_in_cases=5, quotes=4 + 6, goals=0, important=[3], attention=4,
                        overview=[1, 2, 2, 2]),
    # no. 5: the 4th Hvorfor bullet is kept in Hvorfor (see content/noter/robusthed.md)
    "robusthed": dict(cases=4, quotes_in_cases=7, quotes=6, goals=4, important=[3, 3], attention=5,
                      overview=[4, 3, 2, 2]),
    "omsorgsgrebet": dict(cases=0, quotes_in_cases=0, quotes=0, goals=0, important=[], attention=0, overview=None),
}
FACT_LABELS = {"elevfravaer": 1, "robusthed": 1}  # boxes labelled FAKTA (other panels are fact boxes too)


@pytest.mark.parametrize("entry_id", sorted(EXPECTED))
def test_initiative_is_complete(catalogue, entry_id):
    assert entry_id in catalogue.entries, f"{entry_id} mangler i content/indsatser/"
    found = counts(catalogue.entries[entry_id])
    missing = [f"{part}: kilden har {want}, indholdet har {found[part]}" for part, want in EXPECTED[entry_id].items()
               if found[part] != want]
    assert not missing, f"{entry_id}: " + "; ".join(missing)
    assert found["factboxes"] >= FACT_LABELS.get(entry_id, 0)


def test_every_quote_has_a_role_and_every_initiative_a_source(catalogue):
    for entry in catalogue.entries.values():
        assert entry.sources and all(s.publisher for s in entry.sources)
        for r, _ in walk(entry):
            if isinstance(r, Quote):
                assert r.role.strip(), (entry.id, r.text[:40])


def test_details_the_inventory_names(catalogue):
    e = catalogue.entries
    # the measurable target of Dialogisk læsning's first goal
    assert "95 pct." in (e["dialogisk-laesning"].goals.items[0].target or "")
    # fraværs thresholds
    text = " ".join(v for _, v in __import__("catalogue.model.schema", fromlist=["walk_texts"]).walk_texts(e["elevfravaer"]))
    for threshold in ("5 sammenhængende skoledage", "7 fraværsdage ud af 20 skoledage", "15 fraværsdage ud af 60 skoledage"):
        assert threshold in text
    # Robusthed: Maria's story is flagged fictitious, and the coach capacity is kept as a resource
    robust = e["robusthed"]
    cases = [r for r, _ in walk(robust) if isinstance(r, Case)]
    assert all(c.fictitious_names for c in cases)
    assert any("50" in r for r in robust.implementation.resources)
    # Omsorgsgrebet: 5 steps in its course, the room-level course with 3 reflections, 2 trial actions and the
    # leaders' closing meeting with its 2 questions; 4 method items, 1 evaluation item, 3 outcome statements
    om = e["omsorgsgrebet"]
    assert len(om.course.steps) == 5
    room = next(s for s in om.sections if s.course)
    kinds = [s.kind for s in room.course.steps]
    assert kinds.count("refleksion") == 3 and kinds.count("proevehandling") == 2
    assert len(room.course.steps[-1].questions) == 2
    assert len(om.method.items) + len(om.method.components) == 4
    assert len(om.evaluation.items) == 1 and len(om.results.items) == 3
    model = next(s for s in om.sections if "model" in s.title.lower())
    assert [len(l.items) for l in model.lists] == [2, 4]


def test_catalogue_introduction_page():
    text = (ROOT / "content/sider/om-moensterbryderindsatsen.md").read_text(encoding="utf-8")
    for needle in ("Tidlig indsats", "Uddannelse som beskyttelsesfaktor", "Forebyggelse",
                   "En tværfaglig professionel indsats", "12 projekter", "§ 17, stk. 4", "2015-2018", "Rambøll",
                   "God læselyst!", "Et skematisk overblik"):
        assert needle in text, needle
    bullets = [ln for ln in text.splitlines() if ln.lstrip().startswith(("- ", "* ", "• "))]
    assert len(bullets) >= 4 + 6  # the 4 kerneelementer and the 6 Læsevejledning bullets
