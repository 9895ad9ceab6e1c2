"""Printable worksheets (type ``worksheet``): each layout is a Record and a component of the same name."""
from __future__ import annotations

from typing import Any

from catalogue.model.entry import Entry
from catalogue.model.records import ItemList
from catalogue.model.schema import Bool, Context, Enum, Field, ListOf, Record, Str, Text

QUADRANTS = {"oeverst-venstre": "øverst til venstre", "oeverst-hoejre": "øverst til højre",
             "nederst-venstre": "nederst til venstre", "nederst-hoejre": "nederst til højre"}
ORIENTATIONS = {"staaende": "A4 stående", "liggende": "A4 liggende"}


class Axis(Record):
    """En akse med en betegnelse i hver ende."""

    low = Field("fra", Str, required=True, doc="Betegnelsen i aksens ene ende (venstre eller nederst).")
    high = Field("til", Str, required=True, doc="Betegnelsen i aksens anden ende (højre eller øverst).")
    name = Field("navn", Str, doc="Aksens navn (valgfrit).")


class Quadrant(Record):
    """En note i et felt af matricen."""

    position = Field("placering", Enum(QUADRANTS, strings="quadrant_"), required=True, doc="Hvilket felt.")
    title = Field("titel", Str, doc="Feltets overskrift.")
    text = Field("tekst", Text, doc="Feltets tekst.")


class PlacedItem(Record):
    """Et eksempel (fx en post-it), evt. placeret i et felt."""

    text = Field("tekst", Str, required=True, doc="Teksten på post-it'en.")
    position = Field("placering", Enum(QUADRANTS, strings="quadrant_"),
                     doc="Hvor den er placeret; udelades, hvis kilden ikke viser det.")


class Matrix(Record):
    """En 2×2-matrix med to akser, feltnoter og eksempler der skal placeres."""

    x = Field("x_akse", Axis, required=True, doc="Den vandrette akse (fra venstre til højre).")
    y = Field("y_akse", Axis, required=True, doc="Den lodrette akse (fra nederst til øverst).")
    quadrants = Field("felter", ListOf(Quadrant), doc="Noter i felterne.")
    examples = Field("eksempler", ListOf(PlacedItem), doc="Eksempler der skal placeres.")
    examples_intro = Field("eksempler_indledning", Str, doc="Tekst før eksemplerne.")


class Action(Record):
    """En handling med underpunkter."""

    title = Field("titel", Str, required=True, doc="Handlingen, fx 'Vis ydmyghed'.")
    text = Field("tekst", Text, doc="En forklaring.")
    items = Field("punkter", ListOf(Text), doc="Underpunkter.")


class ToolColumn(Record):
    """En kolonne i en værktøjskasse."""

    title = Field("titel", Str, required=True, doc="Fx 'Sæt scenen'.")
    achieves = Field("opnaar", Str, doc="Hvad kolonnen opnår, fx 'Fælles forventninger og formål'.")
    actions = Field("handlinger", ListOf(Action, min_items=1), required=True, doc="Handlingerne.")


class Toolbox(Record):
    """En værktøjskasse: kolonner med hvad de opnår og handlinger med underpunkter."""

    achieves_label = Field("opnaar_etiket", Str, doc="Etiket før det, en kolonne opnår, fx 'Vi opnår:'.")
    columns = Field("kolonner", ListOf(ToolColumn, min_items=1), required=True, doc="Kolonnerne.")
    lists = Field("lister", ListOf(ItemList), doc="Ekstra lister, fx 'Hav mod til at:'.")


class Row(Record):
    """En række i en sammenligning."""

    title = Field("titel", Str, required=True, doc="Rækkens navn, fx 'Udfordringer'.")
    cells = Field("celler", ListOf(Text, min_items=2), required=True, doc="Én celle pr. kolonne.")


class Comparison(Record):
    """En sammenligningsmodel: rækker × modsatte kolonner."""

    row_heading = Field("raekke_overskrift", Str, doc="Overskrift over rækkenavnene (valgfri).")
    columns = Field("kolonner", ListOf(Str, min_items=2), required=True, doc="Kolonnernes overskrifter.")
    rows = Field("raekker", ListOf(Row, min_items=1), required=True, doc="Rækkerne.")

    def validate(self, ctx: Context, node: Any) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                m = row.marks.get("cells", row.mark)
                ctx.report.error(m.path, m.line, m.column, f"rækken '{row.title}' har {len(row.cells)} celler, "
                                 f"men der er {len(self.columns)} kolonner", "skriv én celle pr. kolonne")


class Example(Record):
    """Et gennemarbejdet eksempel."""

    title = Field("titel", Str, doc="Fx 'Eksempel fra Beder-Malling Dagtilbud'.")
    text = Field("tekst", Text, doc="Indledning til eksemplet.")
    cells = Field("celler", ListOf(Text, min_items=1), required=True, doc="Én tekst pr. trin i modellen.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter eksemplet.")


class Flow(Record):
    """En flowmodel, fx udfordring → indsats → udbytte, med et eksempel."""

    label = Field("etiket", Str, doc="Sidetekst, fx 'En systematik i at bruge progressionsmodellen'.")
    stages = Field("trin", ListOf(Str, min_items=2), required=True, doc="Modellens trin i rækkefølge.")
    questions = Field("spoergsmaal", ListOf(Text), doc="Et hjælpespørgsmål pr. trin (valgfrit).")
    example = Field("eksempel", Example, doc="Et gennemarbejdet eksempel.")

    def validate(self, ctx: Context, node: Any) -> None:
        if self.example and len(self.example.cells) != len(self.stages):
            m = self.example.marks.get("cells", self.example.mark)
            ctx.report.error(m.path, m.line, m.column, f"eksemplet har {len(self.example.cells)} celler, men "
                             f"modellen har {len(self.stages)} trin", "skriv én celle pr. trin")


class CheckItem(Record):
    """Et punkt i en tjekliste."""

    letter = Field("bogstav", Str, doc="Punktets bogstav eller nummer, fx 'A'.")
    text = Field("tekst", Text, required=True, doc="Punktet.")


class Checklist(Record):
    """En ordnet tjekliste, fx skridt A–G."""

    intro = Field("indledning", Text, doc="Indledning, fx '… har alle gået følgende skridt:'.")
    items = Field("punkter", ListOf(CheckItem, min_items=1), required=True, doc="Punkterne i rækkefølge.")


class Pillar(Record):
    """En søjle i en husmodel."""

    title = Field("titel", Str, required=True, doc="Søjlens navn.")
    text = Field("tekst", Text, doc="Kort forklaring.")
    keywords = Field("noegleord", ListOf(Str), doc="Nøgleord knyttet til søjlen.")


class House(Record):
    """En husmodel: tag, søjler og fundament."""

    roof = Field("tag", Str, required=True, doc="Tagets tekst.")
    roof_text = Field("tag_tekst", Text, doc="Tekst om taget.")
    pillars = Field("soejler", ListOf(Pillar, min_items=1), required=True, doc="Søjlerne fra venstre mod højre.")
    foundation = Field("fundament", ListOf(Str, min_items=1), required=True, doc="Fundamentets dele.")
    keywords = Field("noegleord", ListOf(ItemList), doc="Nøgleord der ikke er knyttet til én søjle, i grupper.")
    caption = Field("billedtekst", Str, doc="Billedtekst, fx inspirationskilden.")


LAYOUTS = {"matrix": "matrix", "toolbox": "vaerktoejskasse", "comparison": "sammenligning", "flow": "flow",
           "checklist": "tjekliste", "house": "hus"}


class Worksheet(Entry):
    """Et arbejdsark til print."""

    orientation = Field("orientering", Enum(ORIENTATIONS, strings="orientation_"), required=True,
                        doc="A4 stående eller liggende.")
    instructions = Field("instruktion", Text, doc="Sådan bruges arket.")
    matrix = Field("matrix", Matrix, doc="En 2×2-matrix.")
    toolbox = Field("vaerktoejskasse", Toolbox, doc="En værktøjskasse.")
    comparison = Field("sammenligning", Comparison, doc="En sammenligningsmodel.")
    flow = Field("flow", Flow, doc="En flowmodel med eksempel.")
    checklist = Field("tjekliste", Checklist, doc="En ordnet tjekliste.")
    house = Field("hus", House, doc="En husmodel.")
    notes_space = Field("skrivefelt", Bool, doc="true giver et felt til deltagernes noter.")
    notes_label = Field("skrivefelt_tekst", Str, doc="Overskrift på skrivefeltet.")

    @property
    def layout(self) -> str | None:
        return next((a for a in LAYOUTS if getattr(self, a, None) is not None), None)

    def validate(self, ctx: Context, node: Any) -> None:
        present = [a for a in LAYOUTS if getattr(self, a, None) is not None]
        if len(present) != 1:
            keys = ", ".join(LAYOUTS.values())
            ctx.error(node, "et arbejdsark skal have præcis ét af felterne " + keys +
                      (f" (har {len(present)})" if present else ""), "vælg den model, arket viser")
