"""Safe, source-located YAML: bytes -> one composed node tree with line/column marks.

We never let PyYAML *construct* Python values: it would apply YAML 1.1 coercions (``no`` -> False,
``10:30`` -> 630, ``0700`` -> 448) and lose positions. We only *compose* nodes with the safe loader and
let the schema decide what each scalar means (see schema.py). Anchors, aliases and explicit tags are
refused, which also makes alias bombs and ``!!python/object`` harmless.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, Event, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.resolver import Resolver

try:  # libyaml's C parser (shipped in PyYAML's wheels): the same events and marks, about 14x faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _CParser = None  # type: ignore[misc, assignment]

from catalogue.core.diagnostics import ERROR, ContentError, Diagnostic

MAX_BYTES = 2_000_000
MAX_DEPTH = 40


@dataclass
class Source:
    path: str  # relative to the repository root, for diagnostics
    text: str
    lines: list[str]


class _Refused(Exception):
    def __init__(self, mark, message, hint):
        self.mark, self.message, self.hint = mark, message, hint


class _Composing(Composer, Resolver):
    """Composes only (no construction), with no anchors, aliases, tags or runaway depth. Every node records the
    file it comes from (``node.src``): overlays merge nodes of two files into one tree."""

    _depth = 0
    src = ""
    peek_event: Callable[[], Event]  # the parser's, which _Loader mixes in

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, f"aliaset '*{event.anchor}' kan ikke bruges her",
                           "skriv teksten ud i stedet for at henvise til et anker (&/*)")
        if isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent)):
            if event.anchor is not None:
                raise _Refused(event.start_mark, f"ankeret '&{event.anchor}' kan ikke bruges her",
                               "fjern '&…' og skriv værdien ud hvor den skal stå")
            if event.tag not in (None, "!"):
                raise _Refused(event.start_mark, f"YAML-mærket '{event.tag}' er ikke tilladt",
                               "fjern mærket (det der begynder med '!'); skriv værdien som almindelig tekst")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(event.start_mark, "indholdet er indrykket for mange niveauer",
                               f"højst {MAX_DEPTH} niveauer; tjek indrykningen")
            node: Any = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        node.src = self.src
        if isinstance(node, yaml.ScalarNode) and node.style == "":
            node.style = None  # libyaml marks plain scalars with '', PyYAML with None
        return node


if _CParser is not None:
    class _Loader(_Composing, _CParser):
        def __init__(self, text):
            _CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover
    class _Loader(_Composing, yaml.SafeLoader):  # type: ignore[no-redef]
        pass


def _translate(problem: str, char: str = "") -> tuple[str, str]:
    """The YAML parser's English problem text (and the character it stopped at) -> (Danish message, hint)."""
    p = problem or ""
    if char == "\t" or "\\t" in p or "tab" in p:
        return ("tabulatortegn (tab) kan ikke bruges til indrykning",
                "brug mellemrum til at indrykke, fx to mellemrum pr. niveau")
    if "did not find expected ',' or ']'" in p or "did not find expected ',' or '}'" in p or \
            "expected ',' or ']'" in p or "expected ',' or '}'" in p:
        return ("en liste i [ ] eller felter i { } er ikke lukket rigtigt",
                "tjek at hver '[' har sin ']' og hver '{' sin '}', med komma mellem punkterne")
    if "mapping values are not allowed" in p:
        return ("et kolon (:) står et sted, hvor YAML ikke venter det",
                "sæt tekst der indeholder ': ' i anførselstegn, fx titel: \"Mål: 95 pct.\"")
    if "expected <block end>" in p or "did not find expected key" in p or "expected '-'" in p:
        return ("indrykningen passer ikke med linjerne ovenover",
                "felter på samme niveau skal starte i samme kolonne; brug mellemrum, ikke tab")
    if "did not find expected '-' indicator" in p:
        return ("en linje i listen mangler '- ' forrest", "start hvert listepunkt med '- '")
    if "found unexpected end of stream" in p or "found unexpected end" in p:
        return ("filen slutter midt i en værdi", "tjek at alle anførselstegn og parenteser er lukket")
    if "found unknown escape character" in p:
        return ("ukendt escape-tegn (\\) i tekst i dobbelte anførselstegn",
                "brug enkelte anførselstegn ('…') eller skriv \\\\ for en backslash")
    if "could not find expected ':'" in p:
        return ("et felt mangler ':' efter navnet", "skriv feltets navn efterfulgt af ': ' og værdien")
    if "found character" in p and "cannot start any token" in p:
        return ("et tegn kan ikke stå først i en værdi", "sæt værdien i anførselstegn")
    if "found undefined alias" in p:
        return ("ukendt alias (*…)", "skriv værdien ud i stedet for at bruge aliaser")
    if "expected a single document" in p:
        return ("filen indeholder flere YAML-dokumenter (adskilt af '---')",
                "der skal være ét dokument pr. fil; del filen op eller fjern den ekstra '---'")
    return (f"YAML-syntaksfejl ({p})", "tjek indrykning, kolon og anførselstegn på linjen")


_KEY_LINE = re.compile(r"^(\s*(?:- )?)([A-Za-z_][\w-]*):(.*)$")
_SMART = "“”„‘’«»"


def _real_cause(lines: list[str], line: int, col: int, message: str, hint: str) -> tuple[int, int, str, str]:
    """Where libyaml's error points away from the slip (it notices a line or more later), look at the source lines
    around it for the commonest slips and name the line and fix: a missing space after ':', a second paragraph
    pasted without '|', a value that starts with a character YAML reads as syntax, an apostrophe inside '…', a
    key indented one or two columns off, smart quotes."""
    def at(i):
        return lines[i] if 0 <= i < len(lines) else ""

    candidates = [i for i in range(line, max(-1, line - 4), -1) if at(i).strip() and not at(i).lstrip().startswith("#")]
    for i in candidates:
        m = _KEY_LINE.match(at(i))
        if not m:
            continue
        lead, key, rest = m.groups()
        value = rest.strip()
        where = len(lead) + len(key) + 2
        if rest and not rest.startswith((" ", "\t")) and not rest.startswith("//"):  # titel:Lektiecafé
            return (i, where - 1, f"der mangler et mellemrum efter '{key}:'", f"skriv '{key}: {value}'")
        if i != line:  # the slips below are noticed on their own line; a line above that is valid stays unblamed
            continue
        if re.match(r"[\[{][^\]}]*[\]}]\s*\S", value):  # [Udkast] Titel
            return (
                i,
                where,
                f"en værdi, der begynder med '{value[0]}', læses som {'en liste' if value[0] == '[' else 'felter'}",
                f'sæt hele teksten i anførselstegn: {key}: "{value}"',
            )
        if value and value[0] in "*&!%@`":  # *vigtig* indsats
            return (i, where, f"tegnet '{value[0]}' først i en værdi betyder noget særligt i YAML",
                    f"sæt hele teksten i anførselstegn: {key}: \"{value}\"")
        if value.startswith("'") and value.count("'") > 2:  # 'Børns Vilkår's indsats'
            inner = value[1:-1] if value.endswith("'") else value[1:]
            return (i, where, "en apostrof (') inde i en tekst i enkelte anførselstegn afslutter teksten",
                    f"skriv apostroffen dobbelt ('') eller brug dobbelte anførselstegn: {key}: \"{inner}\"")
        if any(c in value for c in _SMART):
            return (i, where, message, f"{hint} (“ ” og ‘ ’ er ikke anførselstegn i YAML; brug \" eller ')")
    for i in candidates:  # a line of plain text where a field was expected: a paragraph pasted without '|'
        text = at(i)
        if _KEY_LINE.match(text) or text.lstrip().startswith(("-", "#")):
            continue
        for j in range(i - 1, max(-1, i - 6), -1):
            if not at(j).strip():
                continue
            m = _KEY_LINE.match(at(j))
            if m and m.group(3).strip() and m.group(3).strip()[0] not in "|>\"'":
                key = m.group(2)
                return (j, len(m.group(1)) + len(key) + 2, f"teksten i '{key}' fortsætter på en ny linje uden at "
                        "være indrykket", f"skriv '{key}: |' og hele teksten på linjerne under, indrykket to mellemrum "
                        "(tomme linjer mellem afsnit er tilladt)")
            if m:
                break
        break
    here = at(line)
    m = _KEY_LINE.match(here)
    if m and "kolon" in message:  # a key indented a column or two off its siblings
        indent = len(m.group(1))
        for i in range(line - 1, max(-1, line - 6), -1):
            sib = _KEY_LINE.match(at(i))
            if sib:
                other = len(sib.group(1))
                if 0 < abs(indent - other) <= 3:
                    return (
                        line,
                        indent,
                        "indrykningen passer ikke med linjerne ovenover",
                        f"ret indrykningen, så '{m.group(2)}' står lige under '{sib.group(2)}' "
                        f"({other} mellemrum foran)",
                    )
                break
    return line, col, message, hint


def read(path_rel: str, data: bytes) -> tuple[Source, yaml.Node]:
    """Decode and compose one file. Raises ContentError with an INTERFACES.md diagnostic."""

    def fail(line: int, col: int, message: str, hint: str) -> NoReturn:
        raise ContentError(Diagnostic(path_rel, line, col, ERROR, message, hint))

    if len(data) > MAX_BYTES:
        fail(1, 1, f"filen er for stor ({len(data):,} bytes; højst {MAX_BYTES:,})".replace(",", "."),
             "del indholdet op i flere filer")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark from Windows editors: harmless, dropped
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        fail(1, 1, "filen er ikke gemt som UTF-8", "gem filen med tegnkodningen UTF-8 i din editor")
    if "\x00" in text:
        fail(1, 1, "filen indeholder nul-tegn og ligner ikke en tekstfil", "gem filen som almindelig UTF-8-tekst")
    source = Source(path_rel, text, text.splitlines())
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in source.lines):
        fail(1, 1, "filen er tom", "skriv indholdet, eller slet filen")
    loader = _Loader(text)
    loader.src = path_rel
    try:
        node = loader.get_single_node()
    except _Refused as e:
        fail(e.mark.line + 1, e.mark.column + 1, e.message, e.hint)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        char = ""
        if mark is not None and mark.line < len(source.lines) and mark.column < len(source.lines[mark.line]):
            char = source.lines[mark.line][mark.column]
        message, hint = _translate(f"{e.problem} {e.context or ''}", char)
        line, col = (mark.line, mark.column) if mark else (0, 0)
        line, col, message, hint = _real_cause(source.lines, line, col, message, hint)
        fail(line + 1, col + 1, message, hint)
    except RecursionError:
        fail(1, 1, "indholdet er indrykket for mange niveauer", f"højst {MAX_DEPTH} niveauer")
    finally:
        loader.dispose()
    if node is None:
        fail(1, 1, "filen er tom", "skriv indholdet, eller slet filen")
    return source, node
