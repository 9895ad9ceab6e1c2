"""Programmes (type ``programme``): sessions in order (e.g. learning days), each building on packs and entries."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalogue.model.entry import Entry
from catalogue.model.literature import LiteratureRef, literature_context
from catalogue.model.records import MEETINGS, STEP_KINDS, Section
from catalogue.model.schema import (
    Bool,
    EntryRef,
    Enum,
    Field,
    ListOf,
    Record,
    Str,
    Text,
)
from catalogue.model.workshop import Duration


class Session(Record):
    """En session i et program."""

    title = Field("titel", Str, required=True, doc="Sessionens navn, fx 'Læringsdag 1'.")
    subtitle = Field("emne", Str, doc="Emnet, fx 'The Big Why – Stærkere læringsfællesskaber'.")
    kind = Field("type", Enum(STEP_KINDS, strings="step_kind_"), doc="Hvilken slags session.")
    meeting = Field("moedeform", Enum(MEETINGS, strings="meeting_"), doc="Mødeform.")
    text = Field("tekst", Text, doc="Beskrivelse.")
    audience = Field("deltagere", Str, doc="Hvem deltager.")
    duration = Field("varighed", Duration, doc="Varighed.")
    preparation = Field("forberedelse", Text, doc="Forberedelse.")
    questions = Field("spoergsmaal", ListOf(Text), doc="Spørgsmål.")
    pack = Field("laeringspakke", EntryRef("learning-pack"), doc="Læringspakken sessionen bygger på.")
    entry = Field("indsats", EntryRef("initiative", "workshop"), doc="Indsats eller drejebog sessionen bygger på.")
    between = Field("derefter", Text, doc="Hvad der sker mellem denne og næste session, fx en prøvehandling.")
    parallel = Field("loebende", Bool, doc="true hvis sessionen løber sideløbende.")


class Programme(Entry):
    """Et program: en række sessioner i rækkefølge (fx læringsdage)."""

    text = Field("tekst", Text, doc="Indledning.")
    audience = Field("deltagere", Text, doc="Hvem programmet er til.")
    sections = Field("afsnit", ListOf(Section), doc="Afsnit før tidslinjen.")
    sessions = Field("sessioner", ListOf(Session, min_items=1), required=True, doc="Sessionerne i rækkefølge.")
    text_after = Field("tekst_efter", Text, doc="Tekst efter tidslinjen.")
    literature = Field("litteratur", ListOf(LiteratureRef()), doc="Id'er fra content/litteratur.yml.")


def programme_context(entry: Programme, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """A programme's page and PDF: links to the packs and entries its sessions build on, and its literature."""
    ids = {i for s in entry.sessions for i in (s.pack, s.entry) if i and i in cat.entries}
    return {**literature_context(entry, cat, link),
            "session_links": {i: {"url": link(cat.url_of(cat.entries[i])), "title": cat.entries[i].title} for i in ids}}

