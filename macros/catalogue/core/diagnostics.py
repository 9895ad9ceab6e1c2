"""Diagnostics in the form fixed by INTERFACES.md: ``path:line:col: severity: message — hint``."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: str
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised inside one file's processing to stop that file (e.g. a YAML syntax error)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@dataclass
class Report:
    """Collects every diagnostic of one run; nothing is published while it has errors.

    In a fork (``local`` is "content/lokalt/"), the editors' own content is what they fix: the original's warnings
    are printed as one line (all of them with ``everything``); errors are always printed in full, since they stop
    the build whichever file they are in. ``notes`` are lines of information (what a fork's hiding leaves out),
    printed after the diagnostics and counted as neither."""

    items: list[Diagnostic] = field(default_factory=list)
    local: str | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, path, line, column, severity, message, hint=""):
        self.items.append(Diagnostic(str(path), int(line), int(column), severity, message, hint))

    def error(self, path, line, column, message, hint=""):
        self.add(path, line, column, ERROR, message, hint)

    def warning(self, path, line, column, message, hint=""):
        self.add(path, line, column, WARNING, message, hint)

    def extend(self, other: Report):
        self.items.extend(other.items)
        self.notes.extend(other.notes)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.column, d.severity, d.message))

    @property
    def upstream_warnings(self) -> list[Diagnostic]:
        """In a fork: the warnings about the original's content, which the fork's editors don't change."""
        if not self.local:
            return []
        return [d for d in self.warnings if not d.path.startswith(self.local)]

    def print(self, stream=None, everything: bool = False):
        stream = stream or sys.stderr
        upstream = set() if everything else set(self.upstream_warnings)
        for d in self.sorted():
            if d not in upstream:
                print(d.format(), file=stream)
        if upstream:
            print(f"originalens indhold giver {len(upstream)} advarsel(er), som I ikke skal rette i jeres fork "
                  "(vis dem med scripts/check --alle)", file=stream)
        for note in self.notes:
            print(note, file=stream)

    def to_json(self) -> str:
        return json.dumps([asdict(d) for d in self.sorted()], ensure_ascii=False, indent=2)
