"""Issue 28, point 3 — judge at a glance: a documentation level's place on the scale of assessed values (from the
vocabulary's order, so a fork's added values take their place; the unassessed level has none), the text cards
show, every page's sort key, and an initiative's key facts (contact as the model has it, else the owner's
organisation and "ikke oplyst i kilden")."""
from __future__ import annotations

from catalogue.model.initiative import UNASSESSED, documentation_rank
from catalogue.render.renderer import Renderer
from catalogue.render.views import entry_page

SHIPPED = ["effekt-dokumenteret", "evalueret", "erfaringsbaseret", UNASSESSED]


def test_the_rank_follows_the_vocabulary_best_first():
    assert [(r.rank, r.of, r.sort) for r in (documentation_rank(SHIPPED, v) for v in SHIPPED)] == [
        (1, 3, 1), (2, 3, 2), (3, 3, 3), (None, 3, 4)]


def test_a_forks_added_value_takes_its_place_on_the_scale():
    forked = ["effekt-dokumenteret", "lovende", "evalueret", "erfaringsbaseret", UNASSESSED, "lokalt-afproevet"]
    assert documentation_rank(forked, "lovende").rank == 2
    assert documentation_rank(forked, "evalueret").rank == 3
    assert documentation_rank(forked, "lokalt-afproevet").rank == 5 and documentation_rank(forked, "x").of == 5
    assert documentation_rank(forked, UNASSESSED).rank is None


def test_unassessed_and_pages_that_are_no_initiative_sort_after_the_assessed():
    assessed = max(documentation_rank(SHIPPED, v).sort for v in SHIPPED[:-1])
    unassessed = documentation_rank(SHIPPED, UNASSESSED).sort
    no_level = documentation_rank(SHIPPED, None).sort
    other = documentation_rank(SHIPPED, None, initiative=False).sort
    assert assessed < unassessed == no_level < other


def test_cards_say_the_level_with_its_place_ages_and_sectors(catalogue):
    r = Renderer(catalogue)
    card = r.card_params(catalogue.entries["elevfravaer"], "indsatser/")
    assert card["level"] == "Evalueret — 2. bedste af 3"
    assert card["ages"] == ["6-12 år", "13-17 år"] and "Skole" in card["sectors"]
    assert card["compare_url"] == "../sammenlign/?poster=elevfravaer"
    assert r.card_params(catalogue.entries["omsorgsgrebet"], "")["level"] == "Ikke vurderet"
    html = str(r.card_html(catalogue.entries["elevfravaer"], "facetter/sektorer/skole/"))
    assert "<dd>Evalueret — 2. bedste af 3</dd>" in html and "../../../sammenlign/?poster=elevfravaer" in html
    workshop = next(e for e in catalogue.entries.values() if catalogue.kind_of(e).name == "workshop")
    assert r.card_params(workshop, "")["level"] is None


def test_key_facts_of_an_initiative(catalogue):
    r = Renderer(catalogue)
    facts = r.key_facts(catalogue.entries["elevfravaer"])
    assert facts["level"] == "Evalueret — 2. bedste af 3"
    assert facts["results"] == "Endnu ingen målbare resultater"
    assert facts["economy"] is None and facts["owner"] == "Frederiksberg Kommune"
    assert facts["period"].startswith("Fokus på elevfravær fra 2014") and facts["effort"]
    assert facts["contact"] == {"role": None, "organisation": "Frederiksberg Kommune", "email": None,
                                "stated": False}
    assert facts["reviewed"] == "2026-11-27"
    assert r.key_facts(catalogue.entries["dialogisk-laesning"])["period"] == "2015–"


def test_a_stated_contact_is_a_role_an_organisation_and_a_shared_address(catalogue):
    from catalogue.model.initiative import Contact
    entry = catalogue.entries["omsorgsgrebet"]
    contact = Contact.__new__(Contact)
    contact.__dict__.update(role="Konsulent", organisation="Børns Vilkår", email="omsorg@example.org",
                            phone=None, url=None)
    saved = entry.__dict__.get("contact")
    entry.__dict__["contact"] = contact
    try:
        facts = Renderer(catalogue).key_facts(entry)
    finally:
        entry.__dict__["contact"] = saved
    assert facts["contact"] == {"role": "Konsulent", "organisation": "Børns Vilkår", "email": "omsorg@example.org",
                                "stated": True}


def test_every_entry_page_has_a_documentation_sort_key_and_initiatives_a_filter(catalogue):
    r = Renderer(catalogue)
    for entry in catalogue.entries.values():
        html = entry_page(r, entry)
        assert html.count('data-pagefind-sort="dokumentation:') == 1, entry.id
        is_initiative = catalogue.kind_of(entry).name == "initiative"
        assert ('data-pagefind-filter="dokumentation"' in html) == is_initiative, entry.id
        assert ('class="ik-key-facts"' in html) == is_initiative, entry.id
    html = entry_page(r, catalogue.entries["elevfravaer"])
    assert 'data-pagefind-sort="dokumentation:2"' in html
    assert '<span data-pagefind-filter="dokumentation">Evalueret</span>' in html
    assert '<span data-pagefind-meta="level">Evalueret — 2. bedste af 3</span>' in html
    assert 'data-pagefind-sort="dokumentation:4"' in entry_page(r, catalogue.entries["omsorgsgrebet"])
    # "Derfor!" carries the results' status beside its points
    therefore = html.split("ik-overview-therefore", 1)[1].split("</div>", 1)[0]
    assert "Endnu ingen målbare resultater" in therefore
    assert "Børns Vilkår. Kontakt: ikke oplyst i kilden" in entry_page(r, catalogue.entries["omsorgsgrebet"])
