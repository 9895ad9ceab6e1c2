"""Content kinds: one ``Kind`` declares everything about a kind — its folder and URL, its Record, whether it has a
PDF, what its page needs beyond the entry (context) and what its skeleton adds — and everything else follows from
``KINDS``: loading and validation, the JSON Schema, the field reference, listings, facet pages, search filters,
the navigation, the PDFs, catalogue.json's ``type``, and ``scripts/new``. Its page template is
``templates/pages/<name>.html`` and its print template ``templates/print/<name>.html`` (see ARCHITECTURE.md)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from catalogue.core import routes
from catalogue.model.initiative import Initiative
from catalogue.model.learning_pack import LearningPack, pack_context, pack_print_context
from catalogue.model.programme import Programme, programme_context
from catalogue.model.worksheet import Worksheet
from catalogue.model.workshop import Workshop, run_items
from catalogue.model.workshop import page_context as workshop_context


@dataclass(frozen=True)
class Kind:
    name: str  # catalogue.json "type"; names the page and print templates
    folder: str  # under content/
    url: str  # URL prefix of its pages
    record: type  # its Record (a subclass of entry.Entry)
    pdf: bool = True  # has a PDF (templates/print/<name>.html)
    context: Callable | None = None  # (entry, catalogue, link) -> what its page and PDF need beyond the entry
    print_context: Callable | None = None  # (entry, catalogue, context, t) -> what only its PDF needs
    skeleton: tuple = ()  # lines scripts/new adds after the required fields
    run: Callable | None = None  # entry -> (plan, items): a run view for the room (routes.run), when it has steps
    templates: Path | None = None  # a folder of its own with pages/ and print/ (else templates/)
    # the browser editor's form in steps (form_steps): (step, top-level field keys) in order; the step's name is
    # the strings key editor_step_<step>; a field named in no step goes to CONTENT_STEP
    steps: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def page_template(self) -> str:
        return f"pages/{self.name}.html"

    @property
    def print_template(self) -> str:
        return f"print/{self.name}.html"


# Every kind's form opens with the entry's basics and ends with its sources and its classification; a kind's own
# fields go in between (CONTENT_STEP, unless the kind names steps of its own)
FIRST_STEP = ("basis", ("egen_post", "id", "titel", "resume", "ejer"))
LAST_STEPS = (("kilder", ("kilder", "relaterede", "sidst_gennemgaaet")), ("klassifikation", ("facetter",)))
CONTENT_STEP = "indhold"

KINDS = [
    Kind("initiative", "indsatser", "indsatser", Initiative, steps=(
        ("basis", ("egen_post", "id", "titel", "resume", "ejer", "periode", "indledning")),
        ("hvorfor", ("formaal", "maalsaetninger")),
        ("for_hvem", ("maalgrupper",)),
        ("hvordan", ("metode", "forloeb", "implementering", "opmaerksomhedspunkter", "vigtigt_at", "afsnit",
                     "oekonomi")),
        ("derfor", ("resultater", "evaluering", "dokumentation")),
        ("cases", ("cases", "citater", "faktabokse")),
        ("kilder", ("kilder", "kontakt", "relaterede", "sidst_gennemgaaet")),
        ("klassifikation", ("facetter", "overblik")))),
    Kind("workshop", "drejeboeger", "drejeboeger", Workshop, context=workshop_context, run=run_items),
    Kind("worksheet", "arbejdsark", "arbejdsark", Worksheet, skeleton=(
        "# Arkets model: præcis én af matrix, vaerktoejskasse, sammenligning, flow, tjekliste og hus.",
        f"# Her en tjekliste; se /{routes.FIELDS} for de andre.",
        "tjekliste:", "  punkter:", '    - tekst: "<udfyld: første punkt>"')),
    Kind("learning-pack", "laeringspakker", "laeringspakker", LearningPack, context=pack_context,
         print_context=pack_print_context),
    Kind("programme", "programmer", "programmer", Programme, context=programme_context),
]


def form_steps(kind: Kind, keys: list[str]) -> list[tuple[str, list[str]]]:
    """The form's steps for the top-level field ``keys`` of a kind (in the model's order): the kind's own steps,
    else FIRST_STEP, CONTENT_STEP, LAST_STEPS; a key no step names goes to CONTENT_STEP (made if missing), so a new
    field is in the form without naming it here. Empty steps are left out."""
    declared = list(kind.steps) or [FIRST_STEP, (CONTENT_STEP, ()), *LAST_STEPS]
    named = {k for _, ks in declared for k in ks}
    rest = [k for k in keys if k not in named]
    if rest and CONTENT_STEP not in (s for s, _ in declared):
        declared.append((CONTENT_STEP, ()))
    out = [(step, [k for k in ks if k in keys] + (rest if step == CONTENT_STEP else []))
           for step, ks in declared]
    return [(step, ks) for step, ks in out if ks]


def kind_named(name: str) -> Kind | None:
    """The registered kind of that name (KINDS is read at call time: a test may register a kind of its own)."""
    return next((k for k in KINDS if k.name == name), None)
