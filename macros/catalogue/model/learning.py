"""Learning packs (type ``learning-pack``), programmes (type ``programme``) and the literature list."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalogue.core import routes
from catalogue.core.references import LiteratureLink
from catalogue.model.entry import Entry
from catalogue.model.records import STEP_KINDS, Case, Quote, Section, Versioned
from catalogue.model.schema import (
    Bool,
    Context,
    Editors,
    EntryRef,
    Enum,
    Field,
    Int,
    ListOf,
    Record,
    Slug,
    Str,
    Text,
    Type,
    Url,
    VocabRef,
    mark_of,
)
from catalogue.model.workshop import ClockTime, Duration, Link, Step, agenda


class LiteratureRef(Type[str]):
    """The id of an item in content/litteratur.yml (checked after loading)."""

    label = "id fra content/litteratur.yml"

    def load(self, ctx: Context, node: Any) -> str | None:
        value = Slug().load(ctx, node)
        if value is not None:
            ctx.refs.append(LiteratureLink(value, mark_of(ctx, node)))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": Slug.pattern}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return ed.literature()


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


class Session(Record):
    """En session i et program."""

    title = Field("titel", Str, required=True, doc="Sessionens navn, fx 'Læringsdag 1'.")
    subtitle = Field("emne", Str, doc="Emnet, fx 'The Big Why – Stærkere læringsfællesskaber'.")
    kind = Field("type", Enum(STEP_KINDS), doc="Hvilken slags session.")
    meeting = Field("moedeform", Enum({"fysisk": "fysisk møde", "digitalt": "digitalt møde"}), doc="Mødeform.")
    text = Field("tekst", Text, doc="Beskrivelse.")
    audience = Field("deltagere", Str, doc="Hvem deltager.")
    duration = Field("varighed", Duration, doc="Varighed.")
    preparation = Field("forberedelse", Text, doc="Forberedelse.")
    questions = Field("spoergsmaal", ListOf(Text), doc="Spørgsmål.")
    pack = Field("laeringspakke", EntryRef("learning-pack"), doc="Læringspakken sessionen bygger på.")
    entry = Field("indsats", EntryRef("initiative", "workshop"), doc="Indsats eller drejebog sessionen bygger på.")
    between = Field("derefter", Text, doc="Hvad der sker mellem denne og næste session, fx en prøvehandling.")
    parallel = Field("loebende", Bool, doc="true hvis sessionen løber sideløbende.")


class Programme(Entry):
    """Et program: en række sessioner i rækkefølge (fx læringsdage)."""

    text = Field("tekst", Text, doc="Indledning.")
    audience = Field("deltagere", Text, doc="Hvem programmet er til.")
    sections = Field("afsnit", ListOf(Section), doc="Afsnit før tidslinjen.")
    sessions = Field("sessioner", ListOf(Session, min_items=1), required=True, doc="Sessionerne i rækkefølge.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter tidslinjen.")
    literature = Field("litteratur", ListOf(LiteratureRef()), doc="Id'er fra content/litteratur.yml.")


LITERATURE_CATEGORIES = "litteraturkategorier"  # the vocabulary of the literature list's categories


class LiteratureItem(Record):
    """En titel i litteraturlisten."""

    id = Field("id", Slug, required=True, doc="Id, som poster henviser til.")
    authors = Field("forfattere", Str, doc="Forfatter(e) eller udgiver, som kilden skriver dem.")
    year = Field("aar", Int(1800, 2100), doc="Udgivelsesår.")
    title = Field("titel", Str, required=True, doc="Titel.")
    publisher = Field("udgiver", Str, doc="Forlag, tidsskrift eller udgiver.")
    url = Field("url", Url, doc="Link.")
    category = Field(
        "kategori", VocabRef(LITERATURE_CATEGORIES), required=True, doc="Id fra litteraturkategorier.yml."
    )
    note = Field("note", Str, doc="Note, fx 'ph.d.-afhandling'.")


class Literature(Versioned):
    """Litteraturlisten (content/litteratur.yml)."""

    intro = Field("indledning", Text, doc="Tekst øverst på litteratursiden.")
    source = Field("kilde", Str, doc="Hvor listen stammer fra.")
    items = Field("titler", ListOf(LiteratureItem), required=True, doc="Titlerne.")


def _literature(entry: LearningPack | Programme, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    return {"lit_items": [cat.literature_by_id[i] for i in entry.literature if i in cat.literature_by_id],
            "lit_url": link(routes.LITERATURE)}


def pack_context(entry: LearningPack, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """A learning pack's page and booklet: its session plan with clock times and the literature it uses."""
    extra = {"plan": agenda(entry.plan)} if entry.plan else {}
    return {**extra, **_literature(entry, cat, link)}


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
        ("p-tilpasning", "pack_adapt", entry.adapt), ("p-refleksion", "pack_questions", entry.questions),
        ("p-litteratur", "literature_heading", context["lit_items"])) if v]
    items += [(f"ark-{w.id}", w.title) for w in worksheets]
    return {"worksheets": worksheets, "toc": items}


def programme_context(entry: Programme, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """A programme's page and PDF: links to the packs and entries its sessions build on, and its literature."""
    ids = {i for s in entry.sessions for i in (s.pack, s.entry) if i and i in cat.entries}
    return {**_literature(entry, cat, link),
            "session_links": {i: {"url": link(cat.url_of(cat.entries[i])), "title": cat.entries[i].title} for i in ids}}
