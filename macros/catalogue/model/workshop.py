"""Facilitation scripts (type ``workshop``): steps of timed activities, breaks, phases of reflection questions,
and the timing arithmetic that the agenda and the validator share."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from catalogue.core import routes
from catalogue.model.entry import Entry
from catalogue.model.records import ItemList, Section
from catalogue.model.schema import Bool, Context, Editors, EntryRef, Field, Int, ListOf, Record, Str, Text, Url


class ClockTime(Str):
    """A clock time HH:MM (24-hour)."""

    label = "klokkeslæt (TT:MM)"

    def load(self, ctx: Context, node: Any) -> str | None:
        value = super().load(ctx, node)
        if value is None:
            return None
        m = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", value)
        if not m:
            ctx.error(node, f"'{value}' er ikke et klokkeslæt", "skriv fx \"09:00\" (i anførselstegn)")
            return None
        return f"{int(m.group(1)):02d}:{m.group(2)}"

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "string", "pattern": [r"^([01]?\d|2[0-3])[:.][0-5]\d$", "et klokkeslæt som 09:30"]}

    def json_schema(self) -> dict[str, Any]:
        # 9.30 without quotes is a number in the editor's YAML 1.2; the validator reads it as 09:30
        return {"anyOf": [{"type": "string", "pattern": r"^\s*([01]?\d|2[0-3])[:.][0-5]\d\s*$"},
                          {"type": "number", "minimum": 0, "maximum": 23.59}]}



DAY = 24 * 60  # an activity or a break lasts at most a day (minutes)
WEEK = 7 * DAY  # a stated duration (a course of several days) at most a week


class Duration(Record):
    """En varighed som kilden angiver den."""

    text = Field("tekst", Str, doc="Som kilden skriver det, fx '1 time og 30 minutter'.")
    minutes = Field("minutter", Int(0, WEEK), required=True, doc="Det samme i minutter, fx 90.")


class Link(Record):
    """Et link."""

    title = Field("titel", Str, required=True, doc="Linkets tekst.")
    url = Field("url", Url, required=True, doc="Adressen.")


class Activity(Record):
    """En aktivitet i et trin."""

    title = Field("titel", Str, required=True, doc="Aktivitetens navn, fx 'Hvorfor er vi her?'.")
    minutes = Field("minutter", Int(0, DAY), doc="Hvor mange minutter aktiviteten tager.")
    how = Field("saadan", Text, doc="Sådan gøres det.")
    questions = Field("spoergsmaal", ListOf(Text), doc="Eksempler på spørgsmål.")
    remember = Field("husk", ListOf(Text), doc="Husk: noter til facilitator.")
    links = Field("links", ListOf(Link), doc="Links til inspiration.")
    links_intro = Field("links_indledning", Str, doc="Tekst før links, fx 'Du kan finde inspiration til oplæg om:'.")
    worksheets = Field("arbejdsark", ListOf(EntryRef("worksheet")), doc="Arbejdsark der bruges i aktiviteten.")


class Step(Record):
    """Et trin (TRIN) eller en pause."""

    title = Field("titel", Str, required=True, doc="Fx 'Trin 1' eller 'Pause'.")
    stated = Field("angivet_varighed", Duration, doc="Varigheden som kilden angiver den for hele trinnet.")
    is_break = Field("pause", Bool, doc="true hvis trinnet er en pause.")
    minutes = Field("minutter", Int(0, DAY), doc="En pauses længde (trin med aktiviteter regnes ud).")
    text = Field("tekst", Text, doc="Tekst om trinnet.")
    activities = Field("aktiviteter", ListOf(Activity), doc="Aktiviteterne i rækkefølge.")
    note = Field("note", Str, doc="Redaktionel note, fx om usikker placering.")


class Question(Record):
    """Et refleksionsspørgsmål, evt. med underspørgsmål."""

    text = Field("tekst", Text, required=True, doc="Spørgsmålet.")
    sub = Field("underspoergsmaal", ListOf(Text), doc="Underspørgsmål.")


class Phase(Record):
    """En fase med refleksionsspørgsmål."""

    title = Field("titel", Str, required=True, doc="Fasens navn.")
    heading = Field("overskrift", Str, doc="Overskriften over spørgsmålene, hvis den afviger fra navnet.")
    text = Field("tekst", Text, doc="Tekst om fasen.")
    questions = Field("spoergsmaal", ListOf(Question), doc="Spørgsmålene.")
    decisions = Field("beslutninger", Text, doc="Beslutninger og hvem der ejer dem.")


class Workshop(Entry):
    """En drejebog: workshop, møde eller refleksionsdag."""

    purpose = Field("formaal", Text, doc="Formål.")
    goals = Field("maal", ItemList, doc="Mål, fx indledning 'Deltagerne kan:' og punkter.")
    use = Field("anvendelse", Text, doc="Hvornår og hvordan drejebogen kan bruges.")
    audience = Field("deltagere", Text, doc="Hvem deltager.")
    stated = Field("varighed", Duration, doc="Den samlede varighed som kilden angiver den.")
    start = Field("starttid", ClockTime(), doc="Starttid for dagsordenen (standard 09:00).")
    materials = Field("materialer", ListOf(Text), doc="Materialer.")
    preparation = Field("forberedelse", Text, doc="Forberedelse.")
    sections = Field("afsnit", ListOf(Section), doc="Afsnit før drejebogen.")
    steps = Field("trin", ListOf(Step), doc="Trin med aktiviteter og pauser, i rækkefølge.")
    phases_intro = Field("faser_indledning", Text, doc="Tekst før faserne.")
    phases = Field("faser", ListOf(Phase), doc="Faser med refleksionsspørgsmål.")
    closing = Field("afslutning", Text, doc="Afslutning og opfølgning.")
    worksheets = Field("arbejdsark", ListOf(EntryRef("worksheet")), doc="Arbejdsark drejebogen bruger.")

    def validate(self, ctx: Context, node: Any) -> None:
        """Content warnings where a stated duration differs from the sum of the activities' minutes."""
        plan = agenda(self)
        for step, row in zip(self.steps, plan.steps, strict=True):
            if step.stated and row.computed is not None and step.stated.minutes != row.computed:
                m = step.stated.marks.get("minutes", step.stated.mark)
                ctx.report.warning(m.path, m.line, m.column,
                                   f"'{step.title}' er angivet til {step.stated.minutes} minutter, men aktiviteterne "
                                   f"varer tilsammen {row.computed} minutter",
                                   "ret 'minutter' eller aktiviteternes minutter; siden viser begge tal")
        if self.stated and plan.total is not None and self.stated.minutes != plan.total:
            m = self.stated.marks.get("minutes", self.stated.mark)
            ctx.report.warning(m.path, m.line, m.column,
                               f"den samlede varighed er angivet til {self.stated.minutes} minutter, men trinene "
                               f"varer tilsammen {plan.total} minutter",
                               "ret 'varighed' eller trinenes minutter; siden viser begge tal")


# ---------------------------------------------------------------------------------------------- timing


class Timed(Protocol):
    """What an agenda is made of: a workshop, or a learning pack's session plan."""

    @property
    def start(self) -> str | None: ...

    @property
    def steps(self) -> list[Step]: ...

    @property
    def stated(self) -> Duration | None: ...


@dataclass
class Slot:
    title: str
    minutes: int | None
    start: str | None
    end: str | None
    item: int = 0  # its index among the plan's items (run order): a page's script moves its times by it


@dataclass
class StepPlan:
    title: str
    computed: int | None  # sum of the activities' minutes, or the break's minutes; None if any is unknown
    stated: int | None
    start: str | None
    end: str | None
    slots: list[Slot]
    stated_text: str | None = None  # the source's own wording of its duration ("20 minutter")
    first: int = 0  # its items among the plan's (run order): first, and one past its last
    last: int = 0

    @property
    def mismatch(self) -> bool:
        return self.stated is not None and self.computed is not None and self.stated != self.computed


@dataclass
class Plan:
    steps: list[StepPlan]
    total: int | None
    stated: int | None
    start: str
    end: str | None
    stated_text: str | None = None
    item_minutes: list[int | None] = field(default_factory=list)  # every item's minutes in run order (a break is one)
    item_titles: list[str] = field(default_factory=list)  # … and its title

    @property
    def mismatch(self) -> bool:
        return self.stated is not None and self.total is not None and self.stated != self.total


def clock(start: str, minutes: int) -> str:
    h, m = map(int, start.split(":"))
    t = (h * 60 + m + minutes) % (24 * 60)
    return f"{t // 60:02d}:{t % 60:02d}"


DEFAULT_START = "09:00"


def agenda(workshop: Timed) -> Plan:
    """Start and end clock times for every activity and step, from the workshop's start time. Where an
    activity has no minutes, the clock stops (later times are unknown) rather than guessing."""
    start = workshop.start or DEFAULT_START
    elapsed: int | None = 0
    steps = []
    items: list[int | None] = []
    titles: list[str] = []
    for step in workshop.steps:
        first = len(items)
        step_start = clock(start, elapsed) if elapsed is not None else None
        slots: list[Slot] = []
        computed: int | None
        if step.is_break or not step.activities:
            computed = step.minutes if step.minutes is not None else (step.stated.minutes if step.stated else None)
            items.append(computed)
            titles.append(step.title)
            if elapsed is not None and computed is not None:
                elapsed += computed
            else:
                elapsed = None
        else:
            computed = 0
            for act in step.activities:
                a_start = clock(start, elapsed) if elapsed is not None else None
                if act.minutes is None:
                    elapsed = computed = None
                else:
                    elapsed = elapsed + act.minutes if elapsed is not None else None
                    computed = computed + act.minutes if computed is not None else None
                slots.append(Slot(act.title, act.minutes, a_start,
                                  clock(start, elapsed) if elapsed is not None else None, len(items)))
                items.append(act.minutes)
                titles.append(act.title)
        step_end = clock(start, elapsed) if elapsed is not None else None
        steps.append(StepPlan(step.title, computed, step.stated.minutes if step.stated else None, step_start,
                              step_end, slots, step.stated.text if step.stated else None, first, len(items)))
    computed_minutes = [s.computed for s in steps]
    total = None if None in computed_minutes else sum(m for m in computed_minutes if m is not None)
    return Plan(steps, total, workshop.stated.minutes if workshop.stated else None, start,
                clock(start, total) if total is not None else None, workshop.stated.text if workshop.stated else None,
                items, titles)


def minutes_text(minutes: int | None, strings: dict[str, str]) -> str:
    if minutes is None:
        return ""
    h, m = divmod(minutes, 60)
    if h and m:
        return strings["duration_hm"].format(h=h, m=m)
    if h:
        return strings["duration_h"].format(h=h)
    return strings["duration_m"].format(m=m)


def page_context(entry: Workshop, cat: Any, link: Callable[[str], str]) -> dict[str, Any]:
    """What a workshop's page and PDF need beyond the entry: its agenda with clock times, and its run view."""
    return {"plan": agenda(entry), "run_url": link(routes.run(cat.url_of(entry))),
            "print_url": link(routes.print_view(cat.url_of(entry), entry.id)),
            "print_path": routes.print_view(cat.url_of(entry), entry.id)}


def run_items(entry) -> tuple[Plan, list[dict]]:
    """A workshop's run view (issue 21): its plan, and every activity and break of it as one item, in order, each
    with its step, clock times, minutes, how to do it and what to remember (Kind.run)."""
    plan = agenda(entry)
    items = []
    for step, row in zip(entry.steps, plan.steps, strict=True):
        if step.is_break or not step.activities:
            items.append({"step": step.title, "title": step.title, "minutes": row.computed, "start": row.start,
                          "end": row.end, "how": step.text, "remember": [], "questions": [], "is_break": True})
            continue
        for act, slot in zip(step.activities, row.slots, strict=True):
            items.append({"step": step.title, "title": act.title, "minutes": act.minutes, "start": slot.start,
                          "end": slot.end, "how": act.how, "remember": act.remember or [],
                          "questions": act.questions or [], "is_break": False})
    return plan, items
