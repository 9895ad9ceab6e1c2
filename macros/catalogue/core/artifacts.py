"""Downloads (issue 27): every file a build makes for an entry beside its page — an initiative's overview, a
workshop's script, a learning pack's booklet, a worksheet, a programme, a workshop's session PDF — is one
``Artifact``, planned once per build (``plan``) and read by every consumer: the renderer (the PDF link at the top
of an entry page and the "Materialer" box), the PDF builder (its jobs, pdf.py), the page model (``Page.pdf``) and
the export (catalogue.json's ``pdf``, ``session_pdf``, …, and its schema).

A new download is one declaration: a ``Download`` in ``DOWNLOADS`` (see ARCHITECTURE.md, "How to add a
download"). Its print template and what the template needs beyond an entry's print context are declared with it;
its address follows from its suffix through ``routes.pdf``.

The module sits low (it imports ``routes`` only): ``export`` reads the declarations for catalogue.json's schema.
What a declaration's functions are handed — the catalogue — is passed in, never imported. The plan needs no
renderer: a build plans its downloads first and hands them to its renderer (render/materials.py)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from catalogue.core import routes


@dataclass(frozen=True)
class Download:
    """A kind of download. ``wanted(entry, cat)`` says which of the site's own entries get one (merged
    entries never do; their catalogue publishes its own)."""
    name: str
    suffix: str  # the file is <entry url><id><suffix>.pdf (routes.pdf)
    export: str  # its key in catalogue.json's entries (INTERFACES.md); null where an entry has none
    wanted: Callable  # (entry, cat) -> bool
    template: str | Callable  # its print template, or (the entry's Kind) -> the template
    context: Callable | None = None  # (cat, entry) -> what the print template needs beyond the print context
    label: str = "download_pdf"  # the strings key of its link in the "Materialer" box …
    labels: Mapping[str, str] = field(default_factory=dict)  # … by the entry's kind name, where that says more
    head: bool = False  # the entry's own PDF: linked at the top of its page ("Hent som PDF"), Page.pdf
    materials: bool = True  # listed in the "Materialer" box (the page kinds that have one)
    stands_for: tuple[str, ...] = ()  # in that box it replaces these downloads' links (the session PDF: the script)

    def label_for(self, kind_name: str) -> str:
        return self.labels.get(kind_name, self.label)

    def template_for(self, kind) -> str:
        return self.template(kind) if callable(self.template) else self.template


@dataclass(frozen=True)
class Artifact:
    """One file of the build for one entry."""
    entry: str  # the entry's id
    kind: Download
    path: str  # where it goes in the site (site-relative)
    label: str  # the strings key of its link
    template: str  # the print template that makes it

    @property
    def job(self) -> str:
        """Its name in the PDF builder's log: the entry's id and the download's suffix ('x', 'x-materiale')."""
        return self.entry + self.kind.suffix


DOWNLOADS: list[Download] = [
    # the entry's own print: an initiative's one-page overview, a workshop's script, a worksheet on one A4 page in
    # its orientation, a learning pack's booklet, a programme
    Download("pdf", "", "pdf", wanted=lambda entry, cat: cat.kind_of(entry).pdf,
             template=lambda kind: kind.print_template, head=True,
             labels={"workshop": "materials_script_pdf", "learning-pack": "materials_booklet_pdf"}),
    # a workshop that uses worksheets: its script and the sheets in one PDF (issue 21); a workshop without sheets
    # has all its material in its script's PDF
    Download("session", routes.SESSION_PDF, "session_pdf",
             wanted=lambda entry, cat: (cat.kind_of(entry).name == "workshop" and cat.kind_of(entry).pdf
                                        and bool(cat.used_of_kind(entry, "worksheet"))),
             template="print/session.html",
             context=lambda cat, entry: {"worksheets": cat.used_of_kind(entry, "worksheet")},
             label="session_pdf", stands_for=("pdf",)),
    # the participants' version of a workshop or a learning pack (issue 30): what they fill in — the questions and
    # the worksheets, with their form fields — without the facilitator's text (agenda, husk, saadan, preparation,
    # session plan, local adaptation)
    Download("participant", routes.PARTICIPANT_PDF, "participant_pdf", wanted=lambda entry, cat: _fills_in(entry, cat),
             template="print/participant.html", context=lambda cat, entry: _participant_context(cat, entry),
             label="participant_pdf"),
]


def _fills_in(entry, cat) -> bool:
    """A workshop or learning pack with a PDF and something for its participants to fill in: worksheets or
    questions (a pack's reflection questions; a workshop's activities' questions and phases)."""
    kind = cat.kind_of(entry)
    if not kind.pdf or kind.name not in ("workshop", "learning-pack"):
        return False
    if cat.used_of_kind(entry, "worksheet"):
        return True
    if kind.name == "learning-pack":
        return bool(entry.questions)
    return bool(entry.phases or any(a.questions for s in entry.steps for a in s.activities))


def _participant_context(cat, entry) -> dict:
    # a learning pack's print context has its worksheets already (learning_pack.pack_print_context)
    return {"worksheets": cat.used_of_kind(entry, "worksheet")} if cat.kind_of(entry).name == "workshop" else {}


def plan(cat) -> tuple[Artifact, ...]:
    """The build's downloads: for each of the site's own entries (by id), each download it gets, in the order of
    ``DOWNLOADS`` (read at call time: a test may declare one of its own)."""
    out = []
    for entry in sorted(cat.entries.values(), key=lambda e: e.id):
        if cat.provenance[entry.id].merged:
            continue
        kind = cat.kind_of(entry)
        url = cat.url_of(entry)
        for d in DOWNLOADS:
            if d.wanted(entry, cat):
                out.append(Artifact(entry.id, d, routes.pdf(url, entry.id, d.suffix), d.label_for(kind.name),
                                    d.template_for(kind)))
    return tuple(out)


def by_entry(artifacts) -> dict[str, tuple[Artifact, ...]]:
    out: dict[str, list[Artifact]] = {}
    for a in artifacts:
        out.setdefault(a.entry, []).append(a)
    return {k: tuple(v) for k, v in out.items()}


def head(artifacts) -> Artifact | None:
    """An entry's own PDF among its artifacts (the link at the top of its page)."""
    return next((a for a in artifacts if a.kind.head), None)


def in_materials(artifacts) -> list[Artifact]:
    """An entry's downloads as its "Materialer" box lists them: those it shows, less those another one stands for."""
    replaced = {name for a in artifacts for name in a.kind.stands_for}
    return [a for a in artifacts if a.kind.materials and a.kind.name not in replaced]


def export_keys() -> list[str]:
    """catalogue.json's keys for downloads, in declaration order."""
    return [d.export for d in DOWNLOADS]


def export_fields(artifacts) -> dict[str, str | None]:
    """An entry's downloads as catalogue.json has them: every declared key, null where it has none."""
    paths = {a.kind.export: a.path for a in artifacts}
    return {key: paths.get(key) for key in export_keys()}
