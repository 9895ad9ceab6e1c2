"""Learning packs (type ``learning-pack``): themed bundles of concepts, reflection questions, a session plan,
worksheets and literature for staff training; their page and booklet contexts."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalogue.model.entry import Entry
from catalogue.model.literature import LiteratureRef, literature_context
from catalogue.model.records import Case, Quote, Section
from catalogue.model.schema import (
    EntryRef,
    Field,
    ListOf,
    Record,
    Str,
    Text,
)
from catalogue.model.workshop import ClockTime, Duration, Link, Step, agenda


class Concept(Record):
    """Et nøglebegreb med forklaring."""

    term = Field("begreb", Str, required=True, doc="Begrebet.")
    explanation = Field("forklaring", Text, required=True, doc="Forklaringen.")
    source = Field("kilde", Str, doc="Hvor forklaringen kommer fra, fx 'Carol Dweck'.")


class SessionPlan(Record):
    """En plan for at afholde pakken som session (samme trin som en drejebog)."""

    text = Field("tekst", Text, doc="Indledning.")
    start = Field("starttid", ClockTime(), doc="Starttid for dagsordenen (standard 09:00).")
    stated = Field("varighed", Duration, doc="Den samlede varighed, hvis den er angivet.")
    steps = Field("trin", ListOf(Step, min_items=1), required=True, doc="Trin med aktiviteter og minutter.")


class LearningPack(Entry):
    """En læringspakke: et tematisk undervisningsforløb til personalet."""

    why = Field("hvorfor", Text, doc="Hvorfor pakken: det problem den hjælper med.")
    goals = Field("laeringsmaal", ListOf(Text), doc="Læringsmål.")
    audience = Field("maalgruppe", Text, doc="Hvem pakken er til.")
    duration = Field("varighed", Duration, doc="Varighed, hvor den kendes.")
    concepts = Field("begreber", ListOf(Concept), doc="Nøglebegreber.")
    sections = Field("afsnit", ListOf(Section), doc="Afsnit med tekst, lister, cases og citater.")
    questions = Field(
        "refleksionsspoergsmaal", ListOf(Text), doc="Refleksionsspørgsmål (trykkes med plads til at skrive)."
    )
    plan = Field("sessionsplan", SessionPlan, doc="Plan for en lokal session.")
    worksheets = Field("arbejdsark", ListOf(EntryRef("worksheet")), doc="Arbejdsark pakken bruger.")
    initiatives = Field(
        "indsatser", ListOf(EntryRef("initiative", "workshop")), doc="Indsatser og drejebøger pakken bruger."
    )
    cases = Field("cases", ListOf(Case), doc="Cases.")
    quotes = Field("citater", ListOf(Quote), doc="Citater.")
    literature = Field("litteratur", ListOf(LiteratureRef()), doc="Id'er fra content/litteratur.yml.")
    adapt = Field("lokal_tilpasning", Text, doc="Sådan tilpasses pakken lokalt.")
    original = Field("original", Link, doc="Link til den oprindelige pakke (fx en PowerPoint).")


def pack_context(entry: LearningPack, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """A learning pack's page and booklet: its session plan with clock times and the literature it uses."""
    extra = {"plan": agenda(entry.plan)} if entry.plan else {}
    return {**extra, **literature_context(entry, cat, link)}


def pack_print_context(entry: LearningPack, cat: Any, context: dict[str, Any],
                       t: Callable[[str], str]) -> dict[str, Any]:
    """The booklet only: the worksheets it prints and its contents list (section ids of print/learning-pack.html)."""
    worksheets = [cat.entries[w] for w in entry.worksheets if w in cat.entries]
    toc = [("p-hvorfor", "pack_why", entry.why), ("p-maal", "pack_goals", entry.goals),
           ("p-maalgruppe", "pack_audience", entry.audience), ("p-plan", "pack_plan", entry.plan),
           ("p-begreber", "pack_concepts", entry.concepts)]
    items = [(i, t(k)) for i, k, v in toc if v]
    items += [(f"p-afsnit-{n}", s.title) for n, s in enumerate(entry.sections, 1)]
    items += [(i, t(k)) for i, k, v in (
        ("p-tilpasning", "pack_adapt", entry.adapt), ("p-refleksion", "pack_questions", entry.questions)) if v]
    items += [(f"ark-{w.id}", w.title) for w in worksheets]
    if context["lit_items"]:  # last: the worksheets' pages (each in its orientation) don't leave a page half empty
        items.append(("p-litteratur", t("literature_heading")))
    return {"worksheets": worksheets, "toc": items}

