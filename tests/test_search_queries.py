"""Search finds what staff type. A fixed set of everyday queries — several words, words without æ/ø/å, a word
that occurs nowhere — each with the entries that should come first; and generated queries: words from an entry's
title plus one word found nowhere must still find that entry (the search leaves the word out and says so)."""
from __future__ import annotations

import re
import pytest

from test_discovery import ready, results

# query -> entries of which at least one must be among the first three results
QUERIES = {
    "dialogisk læsning": {"dialogisk-laesning"},
    "læsning i små grupper": {"dialogisk-laesning"},
    "laesning": {"dialogisk-laesning"},
    "boernehave": {"dialogisk-laesning", "socialraadgivere-i-dagtilbud"},
    "socialrådgiver i børnehaven": {"socialraadgivere-i-dagtilbud"},
    "socialraadgiver dagtilbud": {"socialraadgivere-i-dagtilbud"},
    "fravær i skolen": {"elevfravaer"},
    "elevfravaer": {"elevfravaer"},
    "fraværssamråd": {"elevfravaer"},
    "psykolog og fravær": {"elevfravaer"},
    "overgang fra sundhedspleje": {"tryghed-i-overgangen"},
    "sundhedsplejerske screening": {"tryghed-i-overgangen"},
    "robusthed hos unge": {"robusthed"},
    "coaching af unge": {"robusthed"},
    "omsorg børns signaler": {"omsorgsgrebet", "omsorgsgrebet-refleksionsforloeb"},
    "refleksion på stuen": {"omsorgsgrebet-refleksionsforloeb", "omsorgsgrebet"},
    "psykologisk tryghed": {"mindset-og-psykologisk-tryghed", "vaerktoejskasse-psykologisk-tryghed"},
    "psykologisk sikkerhed i teamet": {"vaerktoejskasse-psykologisk-tryghed"},
    "fastlåst mindset": {"mindset-model", "mindset-og-psykologisk-tryghed"},
    "growth mindset Dweck": {"mindset-og-psykologisk-tryghed", "mindset-model"},
    "datainformeret praksis": {"datainformeret-praksis"},
    "data i dagtilbud": {"datainformeret-praksis", "progressionsmodellen"},
    "faglig ledelse": {"faglig-ledelse"},
    "laeringssamtale i skolen": {"laeringssamtalen-skridt-a-g"},
    "børns progression": {"progression-for-alle-boern-og-unge", "progressionsmodellen"},
    "plf huset søjler": {"plf-huset"},
    "professionelle læringsfællesskaber": {"staerkere-laeringsfaellesskaber", "plf-huset"},
    "læringsdage for ledere": {"laeringsdage-staerkere-laeringsfaellesskaber"},
    "tværprofessionelt samarbejde workshop": {"kortlaegning-af-tvaerprofessionelt-samarbejde"},
    "moedeguide refleksionsdag": {"moedeguide-til-refleksionsdage"},
    "inddragelse af børn og unge": {"matrix-systematik-og-inddragelse", "kortlaegning-af-tvaerprofessionelt-samarbejde"},
}
NOWHERE = "xylofonkvadrat"


@pytest.fixture(scope="module")
def search(browser, site_url):
    """search(query) -> (the results' ids in order, the status line): the query typed into one search page and
    submitted, as a person searches one thing after another (the page and Pagefind load once)."""
    page = browser.new_page()
    page.goto(site_url + "soeg/")
    shown = [ready(page)]

    def run(query):
        page.fill("[data-ik-search] input[name=q]", query)
        page.locator("[data-ik-search] form").evaluate("form => form.requestSubmit()")
        shown[0] = ready(page, shown[0])
        return results(page), page.inner_text(".ik-search-status")

    yield run
    page.close()


def test_the_set_is_realistic():
    assert len(QUERIES) >= 30
    assert sum(len(q.split()) > 1 for q in QUERIES) >= 15
    assert sum(bool(re.search(r"ae|oe|aa", q)) and not re.search(r"[æøå]", q) for q in QUERIES) >= 5


@pytest.mark.parametrize("query", sorted(QUERIES))
def test_staff_query_finds_the_entry_in_the_first_three(search, query):
    got, status = search(query)
    assert set(got[:3]) & QUERIES[query], f"{query!r}: first three {got[:3]} ({status})"


def generated_queries(catalogue):
    """Two to four words from each entry's title (words of four letters or more), plus one word found nowhere."""
    out = []
    for entry in sorted(catalogue.entries.values(), key=lambda e: e.id):
        words = [w for w in re.findall(r"[\wæøåÆØÅ]+", entry.title) if len(w) >= 4][:4]
        if len(words) >= 2:
            out.append((entry.id, " ".join(words[:2 + len(entry.id) % 3]) + " " + NOWHERE))
    return out


def test_generated_queries_with_a_word_found_nowhere(search, catalogue):
    queries = generated_queries(catalogue)
    assert len(queries) >= 12
    missed = []
    for entry_id, query in queries:
        got, status = search(query)
        if entry_id not in got:
            missed.append((query, got[:5], status))
        elif NOWHERE not in status:  # the status says which word was left out
            missed.append((query, "status does not name the word left out", status))
    assert not missed, missed
