"""The literature list (content/litteratur.yml): its titles, the type of a reference to one, and the links a
page kind that cites titles gets (``literature_context``)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalogue.core import routes
from catalogue.core.references import LiteratureLink
from catalogue.model.records import Versioned
from catalogue.model.schema import (
    Context,
    Editors,
    Field,
    Int,
    ListOf,
    Record,
    Slug,
    Str,
    Text,
    Type,
    Url,
    VocabRef,
    mark_of,
)


class LiteratureRef(Type[str]):
    """The id of an item in content/litteratur.yml (checked after loading)."""

    label = "id fra content/litteratur.yml"

    def load(self, ctx: Context, node: Any) -> str | None:
        value = Slug().load(ctx, node)
        if value is not None:
            ctx.refs.append(LiteratureLink(value, mark_of(ctx, node)))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": Slug.pattern}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return ed.literature()


LITERATURE_CATEGORIES = "litteraturkategorier"  # the vocabulary of the literature list's categories



class LiteratureItem(Record):
    """En titel i litteraturlisten."""

    id = Field("id", Slug, required=True, doc="Id, som poster henviser til.")
    authors = Field("forfattere", Str, doc="Forfatter(e) eller udgiver, som kilden skriver dem.")
    year = Field("aar", Int(1800, 2100), doc="Udgivelsesår.")
    title = Field("titel", Str, required=True, doc="Titel.")
    publisher = Field("udgiver", Str, doc="Forlag, tidsskrift eller udgiver.")
    url = Field("url", Url, doc="Link.")
    category = Field(
        "kategori", VocabRef(LITERATURE_CATEGORIES), required=True, doc="Id fra litteraturkategorier.yml."
    )
    note = Field("note", Str, doc="Note, fx 'ph.d.-afhandling'.")


class Literature(Versioned):
    """Litteraturlisten (content/litteratur.yml)."""

    intro = Field("indledning", Text, doc="Tekst øverst på litteratursiden.")
    source = Field("kilde", Str, doc="Hvor listen stammer fra.")
    items = Field("titler", ListOf(LiteratureItem), required=True, doc="Titlerne.")


def literature_context(entry: Any, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """The titles an entry cites (its ``literature`` ids) and the literature page's link."""
    return {"lit_items": [cat.literature_by_id[i] for i in entry.literature if i in cat.literature_by_id],
            "lit_url": link(routes.LITERATURE)}

