"""Content kinds: ``KINDS`` says, for each kind, where its files live and how it is published. To add a kind:
declare its Record (a subclass of entry.Entry) in a module of its own, add a ``Kind`` here and a page template in
templates/pages/ (see ARCHITECTURE.md)."""
from __future__ import annotations

from dataclasses import dataclass

from .initiative import Initiative
from .learning import LearningPack, Programme
from .workshop import Workshop
from .worksheet import Worksheet


@dataclass(frozen=True)
class Kind:
    name: str  # catalogue.json "type"
    folder: str  # under content/
    url: str  # URL prefix of its pages
    record: type
    template: str  # templates/pages/<template>


def _kinds():
    return [
        Kind("initiative", "indsatser", "indsatser", Initiative, "initiative.html"),
        Kind("workshop", "drejeboeger", "drejeboeger", Workshop, "workshop.html"),
        Kind("worksheet", "arbejdsark", "arbejdsark", Worksheet, "worksheet.html"),
        Kind("learning-pack", "laeringspakker", "laeringspakker", LearningPack, "learning_pack.html"),
        Kind("programme", "programmer", "programmer", Programme, "programme.html"),
    ]


KINDS = _kinds()
KIND_BY_NAME = {k.name: k for k in KINDS}
