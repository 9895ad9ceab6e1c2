"""References between files, checked once every file is loaded. The types of the schema language record one
when they read a value that names something elsewhere (a facet, a vocabulary value, another entry, a literature
item); each kind of reference resolves itself against the loaded catalogue: it reports what does not exist (with
"mente du …?") and records the back-links that make links go both ways.

The bottom layer of the engine: nothing here imports another engine module; the catalogue is passed in."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import NamedTuple


class Mark(NamedTuple):
    """Where a value is: file (relative to the repository), 1-based line and column. (A tuple: hundreds of
    thousands are made when the parse cache is read.)"""

    path: str
    line: int
    column: int


@dataclass
class Ref:
    value: str
    mark: Mark
    source: str | None = None  # the id of the entry the reference is in, once known

    def error(self, report, message, hint):
        report.error(self.mark.path, self.mark.line, self.mark.column, message, hint)

    def resolve(self, cat, report, hidden: dict, broken: set):  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class FacetRef(Ref):
    """A key under `facetter:`: a vocabulary marked `facet: true`."""

    def resolve(self, cat, report, hidden, broken):
        vocab = cat.vocabularies.get(self.value)
        if self.value in cat.broken_vocabularies:
            return  # the fork's vocabulary file has errors, reported there
        if vocab is None or not vocab.facet:
            names = [k for k, v in cat.vocabularies.items() if v.facet]
            close = difflib.get_close_matches(self.value, names, n=1)
            self.error(report, f"ukendt facet '{self.value}'",
                       f"mente du '{close[0]}'?" if close else "facetter: " + ", ".join(names))


@dataclass
class VocabValueRef(Ref):
    """A value id of one vocabulary."""

    vocab: str = ""

    def resolve(self, cat, report, hidden, broken):
        vocab = cat.vocabularies.get(self.vocab)
        if vocab is None or self.vocab in cat.broken_vocabularies:
            return  # reported as an unknown facet, a missing vocabulary file, or the errors in a fork's file
        if self.value not in vocab.by_id:
            close = difflib.get_close_matches(self.value, list(vocab.by_id), n=1)
            hint = (f"mente du '{close[0]}'?" if close else
                    f"tilføj værdien i {cat.own_file(f'vokabularer/{vocab.id}.yml')}, eller brug en af: "
                    + ", ".join(list(vocab.by_id)[:12]))
            self.error(report, f"ukendt værdi '{self.value}' i {vocab.id}", hint)


@dataclass
class LiteratureLink(Ref):
    """An item id of content/litteratur.yml."""

    def resolve(self, cat, report, hidden, broken):
        if self.value not in cat.literature_by_id:
            close = difflib.get_close_matches(self.value, list(cat.literature_by_id), n=1)
            self.error(report, f"ukendt litteratur-id '{self.value}'",
                       f"mente du '{close[0]}'?" if close else
                       f"tilføj titlen i {cat.own_file('litteratur.yml')}, eller ret id'et")
        elif self.source:
            cat.literature_backlinks.setdefault(self.value, set()).add(self.source)


@dataclass
class EntryLink(Ref):
    """The id of another entry, of one of ``kinds`` (any kind when empty). A use (a workshop's worksheets, a pack's
    initiatives) is a back-link on the used entry ("Bruges i"); a ``related`` link is shown on both as related."""

    kinds: tuple = ()
    related: bool = False

    def resolve(self, cat, report, hidden, broken):
        target = cat.entries.get(self.value)
        if target is None and self.value in broken:
            return  # its own errors are reported
        if target is None and self.value in hidden:
            if cat.report.local and self.mark.path.startswith(cat.report.local):  # the fork's own file: its to fix
                report.warning(
                    self.mark.path,
                    self.mark.line,
                    self.mark.column,
                    f"henvisningen til '{self.value}' udelades, fordi posten er skjult i content/lokalt/skjul.yml",
                    "fjern henvisningen, eller vis posten igen",
                )
            else:  # the original's entries refer to it, as expected: summed up in one line (content.load)
                cat.hidden_refs.setdefault(self.value, set()).add(self.source or self.mark.path)
            if self.source in cat.entries:
                strip_references(cat.entries[self.source], self.value)
            return
        if target is None:
            close = difflib.get_close_matches(self.value, list(cat.entries), n=1)
            self.error(report, f"henvisning til '{self.value}', som ikke findes",
                       f"mente du '{close[0]}'?" if close else "ret id'et, eller fjern henvisningen")
        elif self.kinds and cat.kinds[self.value].name not in self.kinds:
            self.error(report, f"'{self.value}' er ikke en af: {', '.join(self.kinds)}",
                       "henvis til en post af den rigtige slags")
        elif self.source and self.source != self.value:
            (cat.related_back if self.related else cat.backlinks).setdefault(self.value, set()).add(self.source)


REFERENCE_TYPES = {cls.__name__: cls for cls in (FacetRef, VocabValueRef, LiteratureLink, EntryLink)}


def strip_references(record, target: str):
    """Leave out every reference to ``target`` in a record tree (the fields whose type holds entry ids)."""
    for f in getattr(record, "fields", ()):
        value = getattr(record, f.attr)
        t, item = f.type, getattr(f.type, "item", None)
        if getattr(item, "holds_entry_id", False) and isinstance(value, list):
            setattr(record, f.attr, [v for v in value if v != target])
        elif getattr(t, "holds_entry_id", False) and value == target:
            setattr(record, f.attr, None)
        elif isinstance(value, list):
            for child in value:
                strip_references(child, target)
        else:
            strip_references(value, target)


