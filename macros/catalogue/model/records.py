"""Records shared by several content kinds: quote, case, fact box, lists, sections, sources."""
from __future__ import annotations

import re
from typing import Any

from catalogue import MODEL_VERSION
from catalogue.model.schema import Bool, Context, Enum, Field, Int, ListOf, Record, Str, Text, Url

# A role that opens with two capitalised words ("Mette Hansen, bibliotekar") most likely names the speaker; a
# place's second word ("Frederiksberg Kommune") is no name
NAME_RE = re.compile(r"^([A-ZÆØÅ][a-zæøåéüö]+)[ -]([A-ZÆØÅ][a-zæøåéüö]+)\b")
NOT_NAMES = frozenset({"Kommune", "Region", "Regioner", "Kommuner"})


class Versioned(Record):
    """Base of every record a content file holds as a whole (entries, settings, vocabularies, literature, the
    hidden list): the file names the model version it follows. A file without the key follows version 1, so a file
    written before a model change is always migrated (content.py checks it, migrate.py upgrades it)."""

    model_version = Field("modelversion", Int(1, 99), default=1,
                          doc=f"Versionen af indholdsmodellen filen følger (nu {MODEL_VERSION}; uden feltet: 1).",
                          editor={"widget": "hidden", "default": MODEL_VERSION})


class Quote(Record):
    """Et citat med den talendes rolle."""

    narrative = True
    text = Field("tekst", Text, required=True, doc="Citatets ordlyd, uden anførselstegn.")
    role = Field("rolle", Str, required=True, doc="Den talendes rolle, fx 'Pædagog i en børnehave'. Aldrig et navn.")
    organisation = Field("organisation", Str, doc="Hvor den talende arbejder, hvis kilden nævner det.")
    reviewed = Field("gennemgaaet", Bool, doc="true når teksten er tjekket for personoplysninger.")

    def validate(self, ctx: Context, node: Any) -> None:
        """A quote's role is never a name (the field's doc): a role that opens like a person's name is warned."""
        role: str | None = self.role  # None when the field is missing (validate runs on records with errors)
        m = NAME_RE.match(role) if role else None
        if m and m.group(2) not in NOT_NAMES and not self.reviewed:
            where = self.marks.get("role", self.mark)
            ctx.report.warning(where.path, where.line, where.column,
                               f"rollen '{self.role}' ser ud til at indeholde et navn ('{m.group(0)}')",
                               "skriv kun rollen, fx 'Bibliotekar'; et citat nævner aldrig den talendes navn "
                               "(eller skriv 'gennemgaaet: true', når det er tjekket)")


class Case(Record):
    """En case: en fortælling fra praksis, evt. med citater."""

    narrative = True
    title = Field("titel", Str, doc="En kort overskrift til casen (valgfri).")
    text = Field("tekst", Text, required=True, doc="Fortællingen. Markdown er tilladt.")
    quotes = Field("citater", ListOf(Quote), doc="Citater i casen, i den rækkefølge de står.")
    fictitious_names = Field("fiktive_navne", Bool, doc="true hvis navnene i casen er opdigtede.")
    note = Field("note", Str, doc="Fx 'Maria er et fiktivt navn', som kilden skriver.")
    reviewed = Field("gennemgaaet", Bool, doc="true når teksten er tjekket for personoplysninger.")


class SourceRef(Record):
    """En kilde: dokument, udgiver, år og link."""

    title = Field("titel", Str, required=True, doc="Dokumentets titel.")
    publisher = Field("udgiver", Str, required=True, doc="Organisationen der har udgivet det.")
    year = Field("aar", Int(1900, 2100), doc="Udgivelsesår.")
    url = Field("url", Url, doc="Link til dokumentet.")
    pages = Field("sider", Str, doc="Sider i dokumentet, fx '10-19'.")


class FactBox(Record):
    """En faktaboks med baggrundsviden og kilde."""

    title = Field("titel", Str, doc="Overskrift, fx 'Fakta om mental robusthedstræning'.")
    text = Field("tekst", Text, doc="Brødtekst (Markdown).")
    items = Field("punkter", ListOf(Text), doc="Punkter i boksen.")
    numbered = Field("nummereret", Bool, doc="true hvis punkterne er nummererede.")
    source = Field("kilde", SourceRef, doc="Hvor fakta kommer fra.")


class ItemList(Record):
    """En liste med en indledning, fx 'I arbejdet med … er det vigtigt, at…'."""

    intro = Field("indledning", Str, doc="Listens indledning eller overskrift.")
    items = Field("punkter", ListOf(Text, min_items=1), required=True, doc="Listens punkter.")
    numbered = Field("nummereret", Bool, doc="true hvis punkterne er nummererede.")


class Goal(Record):
    """En målsætning, evt. med et målbart mål."""

    text = Field("tekst", Text, required=True, doc="Målsætningen som kilden formulerer den.")
    target = Field("maal", Str, doc="Det målbare mål, hvis kilden angiver et, fx '95 pct.'.")


STEP_KINDS = {"oplaeg": "oplæg", "moede": "møde", "refleksion": "refleksion", "proevehandling": "prøvehandling",
              "evaluering": "evaluering", "uddannelse": "uddannelse", "session": "session", "andet": "andet"}
MEETINGS = {"fysisk": "fysisk møde", "digitalt": "digitalt møde"}


class CourseStep(Record):
    """Et trin i et forløb."""

    title = Field("titel", Str, required=True, doc="Trinnets navn, fx '1. refleksion'.")
    kind = Field("type", Enum(STEP_KINDS, strings="step_kind_"), doc="Hvilken slags trin.")
    meeting = Field("moedeform", Enum(MEETINGS, strings="meeting_"), doc="Fysisk eller digitalt møde.")
    text = Field("tekst", Text, doc="Beskrivelse af trinnet.")
    preparation = Field("forberedelse", Text, doc="Hvad deltagerne forbereder.")
    participants = Field("deltagere", Str, doc="Hvem deltager, fx 'grupper af ca. 5 ledere'.")
    questions = Field("spoergsmaal", ListOf(Text), doc="Spørgsmål der arbejdes med.")
    parallel = Field("loebende", Bool, doc="true hvis trinnet løber sideløbende med de andre.")
    note = Field("note", Str, doc="Fx '(er afholdt)'.")


class Course(Record):
    """Et forløb af trin i rækkefølge."""

    title = Field("titel", Str, doc="Fx 'Sådan ser et forløb ud'.")
    text = Field("tekst", Text, doc="Indledning.")
    steps = Field("trin", ListOf(CourseStep, min_items=1), required=True, doc="Trinene i rækkefølge.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter trinene.")


class Narrative(Record):
    """Fælles felter for afsnit: tekst, punkter, bokse, cases og citater."""

    text = Field("tekst", Text, doc="Brødtekst (Markdown).")
    items = Field("punkter", ListOf(Text), doc="Punkter.")
    numbered = Field("nummereret", Bool, doc="true hvis punkterne er nummererede.")
    lists = Field("lister", ListOf(ItemList), doc="Flere lister med hver sin indledning.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter punkterne.")
    factboxes = Field("faktabokse", ListOf(FactBox), doc="Faktabokse og paneler.")
    cases = Field("cases", ListOf(Case), doc="Cases der hører til afsnittet.")
    quotes = Field("citater", ListOf(Quote), doc="Citater der hører til afsnittet.")
    course = Field("forloeb", Course, doc="Et forløb af trin, der hører til afsnittet.")
    # sections nest: Section is declared below, so named here, and its type written out for mypy (a name is Any)
    subsections: Field[list[Section]] = Field("underafsnit", ListOf("Section"),
                                              doc="Underafsnit med overskrift (samme felter som et afsnit).")


class Section(Narrative):
    """Et afsnit med overskrift."""

    title = Field("titel", Str, required=True, doc="Afsnittets overskrift.")

