"""The names of a PDF's form fields. In print, a worksheet's write areas are ``<textarea>`` and checkbox elements
that WeasyPrint writes as form fields (``pdf_forms``); a field's name is its /T, and a viewer treats two fields of
one name as one field (type in one, the other changes) and a '.' in a name as a level of the field hierarchy. So the
names are made here only: of ``[a-z0-9-]`` alone, and unique within the document — a booklet or a session PDF holds
several sheets, and content (a checklist item's letter) is no name. ``pdf._print_html`` gives each document a
``DocumentFields``; a template asks it for a sheet's ``SheetFields`` and calls that with a part ('noter', 1, 'A')."""
from __future__ import annotations

import re

_NOT_IN_NAME = re.compile(r"[^a-z0-9]+")


def name_part(value) -> str:
    """Text -> a part of a field name: lower-case a-z, digits and single hyphens ('A.' -> 'a',
    'Æble 2' -> 'aeble-2')."""
    text = str(value).lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return _NOT_IN_NAME.sub("-", text).strip("-") or "felt"


class DocumentFields:
    """Every field name of one PDF."""

    def __init__(self):
        self._used: set[str] = set()

    def sheet(self, prefix) -> SheetFields:
        return SheetFields(self, name_part(prefix))

    def claim(self, name: str) -> str:
        """``name``, or ``name-2``, ``name-3`` … when the document has it already."""
        candidate, n = name, 2
        while candidate in self._used:
            candidate, n = f"{name}-{n}", n + 1
        self._used.add(candidate)
        return candidate


class SheetFields:
    """The fields of one sheet (or one list of questions): ``fields(part)`` is the next field's name."""

    def __init__(self, document: DocumentFields, prefix: str):
        self.document, self.prefix = document, prefix

    def __call__(self, part) -> str:
        return self.document.claim(f"{self.prefix}-{name_part(part)}")
