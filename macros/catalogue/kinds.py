"""Content kinds. Each kind is a Record with an ``id``; ``KINDS`` says where its files live and how it is
published. To add a kind: declare its Record here, add a ``Kind`` to ``KINDS`` and a page template in
templates/pages/ (see ARCHITECTURE.md)."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import yaml

from . import MODEL_VERSION
from .records import Case, Course, CourseStep, FactBox, Goal, ItemList, Narrative, Quote, Section, SourceRef
from .schema import (Bool, Context, Date, EntryRef, Enum, Field, Int, ListOf, Record, Ref, Slug, Str, Text, Type,
                     Url, VocabRef, mapping_items, mark_of)


class FacetMap(Type):
    """``{vokabular-id: [værdi-id, …]}``; keys are vocabularies marked ``facet: true``."""

    label = "facetter: vokabular-id med en liste af værdi-id'er"

    def load(self, ctx, node):
        if not isinstance(node, yaml.MappingNode):
            ctx.error(node, "forventede facetter som 'vokabular: [værdier]'",
                      "skriv fx 'aldersgrupper: [3-5-aar]' indrykket under 'facetter:'")
            return {}
        result = {}
        for key, key_node, value_node in mapping_items(ctx, node, "facetten"):
            ctx.refs.append(Ref("facet", key, mark_of(ctx, key_node)))
            result[key] = ListOf(VocabRef(key)).load(ctx, value_node)
        return result

    def json_schema(self):
        return {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}



# ---------------------------------------------------------------------------------------------- initiative


class Period(Record):
    """Periode."""

    start = Field("fra", Int(1900, 2100), doc="Startår.")
    end = Field("til", Int(1900, 2100), doc="Slutår; udelades hvis indsatsen stadig kører.")
    text = Field("tekst", Str, doc="Periode med ord, hvis årstal ikke slår til, fx 'foråret 2018'.")


class Intro(Narrative):
    """Indledning: det spørgsmål kilden åbner med, og teksten der besvarer det."""

    question = Field("spoergsmaal", Str, doc="Fx 'Hvorfor arbejde med dialogisk læsning og små læringsgrupper?'")


class Goals(Record):
    """Målsætninger."""

    intro = Field("indledning", Str, doc="Fx 'Frederiksberg Kommune har følgende konkrete målsætninger med indsatsen:'")
    items = Field("punkter", ListOf(Goal, min_items=1), required=True, doc="Målsætningerne.")


class TargetGroups(Record):
    """Målgrupper, primære og sekundære."""

    text = Field("tekst", Text, doc="Indledning, fx 'Der er to målgrupper i indsatsen:'.")
    primary = Field("primaer", ListOf(Text), doc="Den primære målgruppe.")
    secondary = Field("sekundaer", ListOf(Text), doc="Den sekundære målgruppe.")
    groups = Field("grupper", ListOf(Text), doc="Målgrupper som kilden ikke deler i primær og sekundær.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter målgrupperne.")


class MethodComponent(Narrative):
    """Et element i metoden, med navn og beskrivelse."""

    name = Field("navn", Str, required=True, doc="Elementets navn, fx 'Små læringsgrupper'.")


class Method(Narrative):
    """Metode (Hvordan?)."""

    components = Field("elementer", ListOf(MethodComponent), doc="Metodens navngivne elementer.")


class Results(Narrative):
    """Resultater (Derfor!)."""

    status = Field("status", Enum({"opnaaet": "opnåede resultater", "forventet": "forventede resultater",
                                   "ikke-maalt": "endnu ingen målbare resultater"}), required=True,
                   doc="Er resultaterne opnået, forventet eller endnu ikke målt?")


class Overview(Record):
    """Skematisk overblik i fire dele: Hvorfor? · For hvem? · Hvordan? · Derfor!"""

    why = Field("hvorfor", ListOf(Text), doc="Formål med indsatsen.")
    for_whom = Field("for_hvem", ListOf(Text), doc="Indsatsens målgruppe.")
    how = Field("hvordan", ListOf(Text), doc="Indsatsens metode.")
    therefore = Field("derfor", ListOf(Text), doc="Resultater af indsatsen.")


class Implementation(Record):
    """Krav og ressourcer til implementering."""

    text = Field("tekst", Text, doc="Indledning.")
    requirements = Field("krav", ListOf(Text), doc="Forudsætninger, fx ledelsesopbakning.")
    resources = Field("ressourcer", ListOf(Text), doc="Ressourcer, fx uddannelsesdage, personale, kapacitet.")


class Documentation(Record):
    """Hvor godt effekten er dokumenteret."""

    level = Field("niveau", VocabRef("dokumentationsniveauer"), required=True, doc="Id fra dokumentationsniveauer.yml.")
    text = Field("tekst", Text, doc="Hvad dokumentationen bygger på.")


class Contact(Record):
    """Kontakt, angivet ved rolle (ikke navn)."""

    role = Field("rolle", Str, required=True, doc="Fx 'Konsulent i Børns Vilkår'.")
    organisation = Field("organisation", Str, doc="Organisationen.")
    email = Field("email", Str, doc="Funktionspostkasse, ikke en personlig adresse.")
    phone = Field("telefon", Str, doc="Hovednummer.")
    url = Field("url", Url, doc="Webside.")


class Entry(Record):
    """Fælles felter for alle poster."""

    model_version = Field("modelversion", Int(1, 99), doc=f"Versionen af indholdsmodellen filen følger ({MODEL_VERSION}).",
                          default=MODEL_VERSION)
    id = Field("id", Slug, required=True, doc="Postens id; skal være det samme som filens navn uden .yml.")
    title = Field("titel", Str, required=True, doc="Titlen.")
    summary = Field("resume", Text, required=True, doc="Et resumé på 1-3 sætninger; vises på kort og i søgning.")
    owner = Field("ejer", VocabRef("organisationer"), required=True, doc="Id fra organisationer.yml.")
    facets = Field("facetter", FacetMap(), doc="Klassifikation: vokabular-id med liste af værdi-id'er.")
    sources = Field("kilder", ListOf(SourceRef, min_items=1), required=True, doc="Kilder teksten bygger på.")
    related = Field("relaterede", ListOf(EntryRef()), doc="Id'er på relaterede poster.")
    last_reviewed = Field("sidst_gennemgaaet", Date, doc="Hvornår indholdet sidst er gennemgået (ÅÅÅÅ-MM-DD).")


class Initiative(Entry):
    """En indsats."""

    period = Field("periode", Period, doc="Hvornår indsatsen har kørt.")
    intro = Field("indledning", Intro, doc="Det kilden åbner med.")
    purpose = Field("formaal", Narrative, doc="Formål med indsatsen (Hvorfor?).")
    goals = Field("maalsaetninger", Goals, doc="Konkrete målsætninger.")
    target_groups = Field("maalgrupper", TargetGroups, doc="Målgrupper (For hvem?).")
    method = Field("metode", Method, doc="Metode (Hvordan?).")
    course = Field("forloeb", Course, doc="Forløbet i trin.")
    sections = Field("afsnit", ListOf(Section), doc="Yderligere afsnit fra kilden, i kildens rækkefølge.")
    important = Field("vigtigt_at", ListOf(ItemList), doc="Lister 'I arbejdet med … er det vigtigt, at…'.")
    results = Field("resultater", Results, doc="Resultater (Derfor!).")
    evaluation = Field("evaluering", Narrative, doc="Hvordan indsatsen evalueres.")
    attention = Field("opmaerksomhedspunkter", ItemList, doc="Opmærksomhedspunkter, når I skal i gang.")
    implementation = Field("implementering", Implementation, doc="Krav og ressourcer.")
    economy = Field("oekonomi", Text, doc="Økonomi, hvor den kendes.")
    documentation = Field("dokumentation", Documentation, doc="Hvor godt effekten er dokumenteret.")
    contact = Field("kontakt", Contact, doc="Kontakt (rolle, ikke navn).")
    overview = Field("overblik", Overview, doc="Skematisk overblik; udledes af de andre felter, hvis det mangler.")
    factboxes = Field("faktabokse", ListOf(FactBox), doc="Faktabokse der ikke hører til et bestemt afsnit.")
    cases = Field("cases", ListOf(Case), doc="Cases der ikke hører til et bestemt afsnit.")
    quotes = Field("citater", ListOf(Quote), doc="Citater der ikke hører til et bestemt afsnit.")


# ---------------------------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class Kind:
    name: str  # catalogue.json "type"
    folder: str  # under content/
    url: str  # URL prefix of its pages
    record: type
    template: str  # templates/pages/<template>


def _kinds():
    from .learning import LearningPack, Programme
    from .workshop import Workshop
    from .worksheet import Worksheet
    return [
        Kind("initiative", "indsatser", "indsatser", Initiative, "initiative.html"),
        Kind("workshop", "drejeboeger", "drejeboeger", Workshop, "workshop.html"),
        Kind("worksheet", "arbejdsark", "arbejdsark", Worksheet, "worksheet.html"),
        Kind("learning-pack", "laeringspakker", "laeringspakker", LearningPack, "learning_pack.html"),
        Kind("programme", "programmer", "programmer", Programme, "programme.html"),
    ]


KINDS = _kinds()
KIND_BY_NAME = {k.name: k for k in KINDS}
