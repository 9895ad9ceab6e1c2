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

    @property
    def page_template(self) -> str:
        return f"pages/{self.name}.html"

    @property
    def print_template(self) -> str:
        return f"print/{self.name}.html"


KINDS = [
    Kind("initiative", "indsatser", "indsatser", Initiative),
    Kind("workshop", "drejeboeger", "drejeboeger", Workshop, context=workshop_context, run=run_items),
    Kind("worksheet", "arbejdsark", "arbejdsark", Worksheet, skeleton=(
        "# Arkets model: præcis én af matrix, vaerktoejskasse, sammenligning, flow, tjekliste og hus.",
        f"# Her en tjekliste; se /{routes.FIELDS} for de andre.",
        "tjekliste:", "  punkter:", '    - tekst: "<udfyld: første punkt>"')),
    Kind("learning-pack", "laeringspakker", "laeringspakker", LearningPack, context=pack_context,
         print_context=pack_print_context),
    Kind("programme", "programmer", "programmer", Programme, context=programme_context),
]


def kind_named(name: str) -> Kind | None:
    """The registered kind of that name (KINDS is read at call time: a test may register a kind of its own)."""
    return next((k for k in KINDS if k.name == name), None)
