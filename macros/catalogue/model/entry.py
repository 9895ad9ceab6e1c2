"""What every entry has, whatever its kind: the shared fields (`Entry`) and the facet map. Each content kind's
Record subclasses `Entry` (initiative.py, workshop.py, worksheet.py, learning.py); kinds.py registers them."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml

from catalogue.core.references import FacetRef
from catalogue.model.records import SourceRef, Versioned
from catalogue.model.schema import (
    Bool,
    Context,
    Date,
    Editors,
    EntryRef,
    Field,
    ListOf,
    Slug,
    Str,
    Text,
    Type,
    VocabRef,
    is_empty,
    mapping_items,
    mark_of,
)

OWN = "egen_post"  # marks a fork's own whole entry in content/lokalt/ (the folder holds adaptations too)
OWNERS = "organisationer"  # the vocabulary an entry's owner (`ejer`) comes from; its values are a facet too


class FacetMap(Type[dict[str, list[str]]]):
    """``{vokabular-id: [værdi-id, …]}``; keys are vocabularies marked ``facet: true``."""

    label = "facetter: vokabular-id med en liste af værdi-id'er"

    def load(self, ctx: Context, node: Any) -> dict[str, list[str]]:
        if not isinstance(node, yaml.MappingNode):
            ctx.error(node, "forventede facetter som 'vokabular: [værdier]'",
                      "skriv fx 'aldersgrupper: [3-5-aar]' indrykket under 'facetter:'")
            return {}
        result: dict[str, list[str]] = {}
        for key, key_node, value_node in mapping_items(ctx, node, "facetten"):
            ctx.refs.append(FacetRef(key, mark_of(ctx, key_node)))
            if is_empty(value_node):  # no value chosen (the browser editor writes [] for an untouched facet)
                continue
            result[key] = ListOf(VocabRef(key)).load(ctx, value_node)
        return result

    def editor(self, ed: Editors) -> dict[str, Any]:
        """A multiple choice per facet vocabulary (labels shown, ids stored)."""
        return {"widget": "object", "fields": [{"name": v.id, "label": v.label, "required": False,
                                                **ed.vocabulary(v.id), "multiple": True} for v in ed.facets()]}

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}


class Entry(Versioned):
    """Fælles felter for alle poster."""

    own = Field(OWN, Bool, label="Egen post",
                doc="true i en hel, ny post i et forks content/lokalt/ (scripts/new --lokal og formularens 'Egne' "
                    "skriver det); en tilpasning af en post fra originalen har det ikke.",
                editor={"widget": "hidden", "default": True})
    id = Field("id", Slug, required=True, doc="Postens id; skal være det samme som filens navn uden .yml.")
    title = Field("titel", Str, required=True, doc="Titlen.")
    summary = Field("resume", Text, required=True, doc="Et resumé på 1-3 sætninger; vises på kort og i søgning.",
                    label="Resumé")
    owner = Field("ejer", VocabRef(OWNERS), required=True, doc=f"Id fra {OWNERS}.yml.")
    facets = Field("facetter", FacetMap(), doc="Klassifikation: vokabular-id med liste af værdi-id'er.")
    sources = Field("kilder", ListOf(SourceRef, min_items=1), required=True, doc="Kilder teksten bygger på.")
    related = Field("relaterede", ListOf(EntryRef(related=True)), doc="Id'er på relaterede poster.")
    last_reviewed = Field("sidst_gennemgaaet", Date, doc="Hvornår indholdet sidst er gennemgået (ÅÅÅÅ-MM-DD).")


class Merged(Entry):
    """En skrivebeskyttet post fra et andet katalog (scripts/merge): det dets eksport oplyser."""


class Origin(Enum):
    """Where an entry comes from."""

    ORIGINAL = "original"  # the original's content/<folder>/
    ADAPTED = "adapted"  # the original's, with the fork's adaptation in content/lokalt/<folder>/
    LOCAL = "local"  # the fork's own, content/lokalt/<folder>/
    MERGED = "merged"  # another catalogue's export, content/lokalt/foederation/


@dataclass(frozen=True)
class Provenance:
    """An entry's origin and files; kept beside its record (Catalogue.provenance), never set on the record."""

    origin: Origin
    path: str  # the file it was read from, relative to the repository
    overlay_path: str | None = None  # the fork's adaptation file
    source_url: str | None = None  # a merged entry's original page

    @property
    def adapted(self) -> bool:
        return self.origin is Origin.ADAPTED

    @property
    def local(self) -> bool:
        return self.origin is Origin.LOCAL

    @property
    def merged(self) -> bool:
        return self.origin is Origin.MERGED

    def files(self) -> set[str]:
        return {p for p in (self.path, self.overlay_path) if p is not None}
