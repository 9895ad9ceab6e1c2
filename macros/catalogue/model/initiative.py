"""The initiative (type ``initiative``): a municipality's indsats, described as the source documents do."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from catalogue.model.entry import Entry
from catalogue.model.records import Case, Course, FactBox, Goal, ItemList, Narrative, Quote, Section
from catalogue.model.schema import Context, Enum, Field, Int, ListOf, Record, Str, Text, Url, VocabRef


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
                                   "ikke-maalt": "endnu ingen målbare resultater"}, strings="results_status_"),
                   required=True,
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

    # -- the four-part overview (Hvorfor? · For hvem? · Hvordan? · Derfor!) --------------------------------------

    def overview_parts(self, target_labels: list[str] | None = None) -> tuple[dict, bool]:
        """The overview's four parts as lists of Markdown lines, and whether they were derived: as transcribed
        (overblik), else from whatever the entry has — bullets, goals, method elements or bullets, results' points,
        else the first sentence of the text. "For hvem?" falls back to ``target_labels`` (the labels of the entry's
        target-group facets, maalgrupper) when neither gives it anything. A part with nothing is an empty list:
        the page says "Ikke oplyst i kilden" there (a reader should see the gap)."""
        o = self.overview
        if o is not None:
            return {"why": o.why or [], "for_whom": o.for_whom or list(target_labels or []), "how": o.how or [],
                    "therefore": o.therefore or []}, False
        p, g, tg, m, r = self.purpose, self.goals, self.target_groups, self.method, self.results
        why = ((p.items if p else []) or [x.text for x in (g.items if g else [])]
               or _sentence(p.text if p else None) or _sentence(self.intro.text if self.intro else None))
        for_whom = (((tg.primary + tg.secondary + tg.groups) if tg else []) or _sentence(tg.text if tg else None)
                    or list(target_labels or []))
        how = (
            [c.name for c in (m.components if m else [])] or (m.items if m else []) or _sentence(m.text if m else None)
        )
        therefore = (([i for lst in r.lists for i in lst.items] + r.items) if r else []) or _sentence(
            r.text if r else None
        )
        return {"why": why, "for_whom": for_whom, "how": how, "therefore": therefore}, True

    def validate(self, ctx: Context, node: Any) -> None:
        super().validate(ctx, node)
        parts, derived = self.overview_parts(list((self.facets or {}).get(TARGET_GROUPS, [])))
        for key, (label, fill) in OVERVIEW_FIX.items():
            if not parts[key]:
                ctx.warning(node, f"overblikket mangler {label}",
                            f"udfyld '{fill}' eller 'overblik.{OVERVIEW_KEYS[key]}'" if derived else
                            f"udfyld 'overblik.{OVERVIEW_KEYS[key]}'")


TARGET_GROUPS = "maalgrupper"  # the target groups' vocabulary: "For hvem?" falls back to an entry's values of it
DOCUMENTATION_LEVELS = "dokumentationsniveauer"  # the vocabulary of Documentation.level
UNASSESSED = "ikke-vurderet"  # the level that states no assessment: it has no place on the scale


@dataclass(frozen=True)
class LevelRank:
    """A documentation level's place on the scale of assessed values, best first (1 = best): the vocabulary's
    order without UNASSESSED, so values a fork adds take their place where its file puts them. ``rank`` is None
    for the unassessed level (and an initiative without one); ``sort`` orders every page: the assessed by rank,
    then the unassessed (of + 1), then every page that is no initiative (of + 2)."""

    level: str | None  # the value's id
    rank: int | None
    of: int  # how many assessed values the scale has
    sort: int


def documentation_rank(level_ids: list[str], level: str | None, initiative: bool = True) -> LevelRank:
    """Where ``level`` stands among ``level_ids`` (the vocabulary's values in its order)."""
    assessed = [v for v in level_ids if v != UNASSESSED]
    of = len(assessed)
    if not initiative:
        return LevelRank(None, None, of, of + 2)
    if level in assessed:
        rank = assessed.index(level) + 1
        return LevelRank(level, rank, of, rank)
    return LevelRank(level, None, of, of + 1)


# The overview's parts: what the page calls them, and the field that fills each (validate's hint)
OVERVIEW_FIX = {"why": ("Hvorfor?", "formaal"), "for_whom": ("For hvem?", "maalgrupper"),
                "how": ("Hvordan?", "metode"), "therefore": ("Derfor!", "resultater")}
OVERVIEW_KEYS = {"why": "hvorfor", "for_whom": "for_hvem", "how": "hvordan", "therefore": "derfor"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")


def _sentence(text) -> list[str]:
    """The first sentence of a text's first paragraph, as a one-item list (none when there is no text)."""
    if not text or not str(text).strip():
        return []
    paragraph = str(text).strip().split("\n\n")[0]
    return [" ".join(_SENTENCE_END.split(paragraph, maxsplit=1)[0].split())]
