"""A small schema language: one declaration per content kind gives the typed model, the validator
(with file:line:column diagnostics), the JSON Schema and the editors' field reference.

A content kind is a ``Record`` subclass whose class attributes are ``Field``s. YAML keys are Danish (the
editors' language); attribute names are English (the code's language).

The declarations are typed for mypy: a ``Type[V]`` loads a Python value ``V`` (``Str`` -> str, ``Int`` -> int,
``Bool`` -> bool, ``Date`` -> date, ``ListOf(X)`` -> list of X's value, a Record class -> that record, a Record named
by a string -> Any), and ``Field(...)`` is a descriptor ``Field[T]`` whose ``T`` its constructor infers from the type,
``required`` and ``default``: ``T`` for a required field, a field with a default and a list (absent: ``[]``);
``T | None`` for any other optional field (absent: None). Read on the class (``Entry.title``) it is the Field; read
on a record (``entry.title``) it is the value, which the loader puts in the record's ``__dict__`` (a Field is a
non-data descriptor, so the instance's value wins: a read is a plain attribute lookup).
"""
from __future__ import annotations

import builtins
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from typing import Any, ClassVar, Generic, Literal, Protocol, Self, TypeVar, cast, overload

import yaml

from catalogue.core.diagnostics import Report
from catalogue.core.references import EntryLink, Mark, Ref, VocabValueRef
from catalogue.core.yamlsource import Source

# --------------------------------------------------------------------------------------------------
# Load context


def mark_of(ctx: Context, node: Any) -> Mark:
    """Where a node is: its own file (nodes of an overlay come from another file than the original's)."""
    return Mark(ctx.path_of(node), node.start_mark.line + 1, node.start_mark.column + 1)


CPR_RE = re.compile(r"(?<![\d])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[ -]?(\d{4})(?![\d])")
CPR_MESSAGE = "teksten ser ud til at indeholde et CPR-nummer"  # the browser editor's generated check says it too
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE_RE = re.compile(r"(?<![\d])(?:\+45[ ]?)?(?:\d{2}[ ]?){3}\d{2}(?![\d])")


@dataclass
class Context:
    source: Source
    report: Report
    refs: list[Ref] = dc_field(default_factory=list)
    _texts: list[list[tuple[Any, str]]] = dc_field(default_factory=list)
    sources: dict[str, Source] = dc_field(default_factory=dict)  # path -> Source, for nodes merged from overlays

    def path_of(self, node: Any) -> str:
        name = getattr(node, "src", None)
        return name if isinstance(name, str) and name in self.sources else self.source.path

    def lines_of(self, node: Any) -> list[str]:
        return self.sources.get(self.path_of(node), self.source).lines

    def error(self, node: Any, message: str, hint: str = "") -> None:
        m = mark_of(self, node)
        self.report.error(m.path, m.line, m.column, message, hint)

    def warning(self, node: Any, message: str, hint: str = "") -> None:
        m = mark_of(self, node)
        self.report.warning(m.path, m.line, m.column, message, hint)

    def scan_text(self, node: Any, value: str) -> None:
        """Personal-data guard on every text: a CPR number is always an error."""
        for match in CPR_RE.finditer(value):
            self.error(node, f"{CPR_MESSAGE} ('{match.group(0)[:6]}-…')",
                       "fjern CPR-nummeret; personnumre må aldrig stå i kataloget")
        if self._texts:
            self._texts[-1].append((node, value))


# --------------------------------------------------------------------------------------------------
# Types


def _scalar(ctx: Context, node: Any, what: str) -> str | None:
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1 and isinstance(node.value[0][1], yaml.ScalarNode) \
            and node.value[0][0].start_mark.line == node.value[0][1].end_mark.line and \
            ctx.lines_of(node)[node.start_mark.line][:node.start_mark.column].strip() == "-":
        # '- Husk maden: sultne børn …' on one line: text with ': ' in it, read as a field
        key, value = node.value[0][0].value, node.value[0][1].value
        ctx.error(node, f"teksten '{key}: {value}' blev læst som et felt, fordi der står ': ' i den",
                  f"sæt teksten i anførselstegn: \"{key}: {value}\"")
        return None
    if not isinstance(node, yaml.ScalarNode):
        kind = "en liste" if isinstance(node, yaml.SequenceNode) else "en samling af felter"
        ctx.error(node, f"forventede {what}, men fandt {kind}",
                  "skriv værdien på samme linje som feltnavnet, efter ': '")
        return None
    if "<udfyld" in node.value:
        ctx.error(node, "pladsholderen er ikke udfyldt", "skriv den rigtige værdi i stedet for <udfyld: …>")
        return None
    return node.value


def missing_message(key: str) -> str:
    """A required field that is absent (the validator; the browser editor's generated check)."""
    return f"feltet '{key}' mangler"


def _is_null(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in ("", "~", "null", "Null", "NULL")


EMPTY_JSON = [{"type": "null"}, {"type": "string", "pattern": r"^\s*$"}, {"type": "array", "maxItems": 0},
              {"type": "object", "maxProperties": 0}]


def is_empty(node: Any) -> bool:
    """Nothing filled in: null, a blank (quoted) text, an empty list or mapping. The browser editor writes an
    optional field the editor left blank like this (''  or []); for an optional field it means 'absent'."""
    if isinstance(node, yaml.ScalarNode):
        return _is_null(node) or not node.value.strip()
    return isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and not node.value


def mapping_items(ctx: Context, node: Any, noun: str = "feltet") -> Iterator[tuple[str, Any, Any]]:
    """Every (key, key node, value node) of a YAML mapping, in order. The one place keys are checked: a key that is
    not text (a list, a mapping, nothing) or that appears twice is reported where it is and skipped, so no caller
    meets an unhashable or repeated key."""
    seen: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or _is_null(key_node):
            ctx.error(key_node, "et feltnavn skal være tekst", "skriv 'navn: værdi', ét felt pr. linje")
            continue
        key = key_node.value
        if key in seen:
            ctx.error(key_node, f"{noun} '{key}' står to gange (første gang i linje {seen[key].start_mark.line + 1})",
                      "slet den ene; kun én værdi pr. felt")
            continue
        seen[key] = key_node
        yield key, key_node, value_node


V = TypeVar("V")  # the Python value a Type loads
R = TypeVar("R", bound="Record")
T = TypeVar("T")  # a Field's attribute type: V, list[V] or V | None


class Editors(Protocol):
    """What a type's editor widget is given (outputs/editor_config.Options): the choices that come from the
    catalogue, the fields of a nested record, and whether the form may ask for nothing (``relaxed``)."""

    @property
    def relaxed(self) -> bool: ...

    def vocabulary(self, vocab: str) -> dict[str, Any]: ...

    def entries(self, kinds: tuple[str, ...]) -> dict[str, Any]: ...

    def literature(self) -> dict[str, Any]: ...

    def facets(self) -> list[Any]: ...

    def fields(self, cls: type[Record], optional: bool = False,
               leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]] | None: ...

    def list_item(self, item_type: Type[Any]) -> dict[str, Any] | None: ...


class Type(Generic[V]):
    """A field's type: ``load`` gives a ``V`` (or None after reporting why not); ``json_schema`` and ``editor``
    describe the same values to an editor's YAML tooling and to the browser editor."""

    @property
    def label(self) -> str:  # what the field reference and hints call it; subclasses set a text or a property
        return "værdi"

    def load(self, ctx: Context, node: Any) -> V | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def editor(self, ed: Editors) -> dict[str, Any] | None:  # pragma: no cover - abstract
        """The browser editor's widget for this type (editor.py; the table is in ARCHITECTURE.md). ``ed`` gives
        what comes from the catalogue: vocabulary values, entries, literature, nested records' fields."""
        raise NotImplementedError



class Str(Type[str]):
    """One line of plain text (a title, a role, a name)."""

    label = "tekst (én linje)"
    markdown = False

    def load(self, ctx: Context, node: Any) -> str | None:
        value = _scalar(ctx, node, "tekst")
        if value is None:
            return None
        if node.style is None:
            # An end-of-line comment after plain text usually means a '#' that was meant as text.
            lines = ctx.lines_of(node)
            line = lines[node.end_mark.line] if node.end_mark.line < len(lines) else ""
            rest = line[node.end_mark.column:]
            gap = len(rest) - len(rest.lstrip())
            # one space before '#': probably text ('Barn #1 trivsel'); two or more: a comment, as YAML writers set it
            if rest.lstrip().startswith("#") and gap < 2:
                col = node.end_mark.column + gap + 1
                ctx.report.error(ctx.path_of(node), node.end_mark.line + 1, col,
                                 f"teksten '{value}' efterfølges af en kommentar ('{rest.strip()[:40]}')",
                                 "et '#' efter et mellemrum afslutter teksten i YAML; hører det til teksten, så sæt "
                                 f"hele teksten i anførselstegn, fx \"{value} {rest.strip()}\"; er det en "
                                 "kommentar, så sæt to mellemrum foran '#' eller skriv den på sin egen linje")
        value = value.strip() if not self.markdown else value.rstrip()
        if not value.strip():
            ctx.error(node, "teksten er tom", "skriv teksten mellem anførselstegnene")
            return None
        if not self.markdown and "\n" in value:
            value = " ".join(value.split())
        ctx.scan_text(node, value)
        return value

    def json_schema(self) -> dict[str, Any]:
        # The validator reads any scalar as text; the editor's YAML 1.2 reads a plain 2018 or true as a number or
        # a boolean, which is still valid text here
        return {"type": ["string", "number", "boolean"], "minLength": 1, "pattern": r"\S"}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "string"}


class Text(Str):
    """Longer text; may hold Markdown (paragraphs, **fed**, *kursiv*, lister, links)."""

    label = "tekst (Markdown tilladt)"
    markdown = True

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "text"}



def whole(body: str) -> str:
    """A pattern that matches the whole string, alike in Python's ``re`` and in ECMA-262. The JSON Schemas are read
    by editors (ECMA-262: ``$`` is the end of the text) and checked here with jsonschema (Python's ``re.search``,
    where ``$`` also matches before a final newline, so ``^…$`` would pass ``"e1\\n"``); ``$(?!\\n)`` is the end of
    the text in both. Python code that validates uses ``re.fullmatch``."""
    return f"^(?:{body})$(?!\\n)"


class Slug(Type[str]):
    label = "id (små bogstaver, tal og bindestreger)"
    pattern = whole(r"[a-z0-9]+(?:-[a-z0-9]+)*")

    def load(self, ctx: Context, node: Any) -> str | None:
        value = _scalar(ctx, node, "et id")
        if value is None:
            return None
        if not re.fullmatch(self.pattern, value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower().replace("æ", "ae").replace("ø", "oe")
                                .replace("å", "aa")).strip("-")
            ctx.error(node, f"'{value}' er ikke et gyldigt id",
                      f"brug kun små bogstaver a-z, tal og bindestreger, fx '{suggestion}'")
            return None
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "string", "pattern": [self.pattern, "kun små bogstaver a-z, tal og bindestreger"]}


class Int(Type[int]):
    label = "heltal"
    # the validator's messages, which the browser editor's generated check fills in too (outputs/editor_config.py)
    not_int = "'{value}' er ikke et heltal"
    out_of_range = "tallet {value} ligger uden for det tilladte ({minimum}–{maximum})"

    def __init__(self, minimum: int, maximum: int):
        """Both bounds are required: a number from content always has a sensible range."""
        self.minimum, self.maximum = minimum, maximum

    def load(self, ctx: Context, node: Any) -> int | None:
        value = _scalar(ctx, node, "et tal")
        if value is None:
            return None
        digits = value.strip()
        if not re.fullmatch(r"-?[0-9]+", digits):  # ASCII digits only ('²' and '٣' are digits to Python's \d)
            ctx.error(node, self.not_int.format(value=f"{value[:40]}{'…' if len(value) > 40 else ''}"),
                      "skriv kun cifre, fx 2018")
            return None
        # Every Int has bounds; a number of more digits than they allow is out of range without being converted
        # (int() refuses strings of over 4,300 digits, and that would be a traceback)
        widest = max(len(str(b)) for b in (self.minimum, self.maximum))
        number = int(digits) if len(digits.lstrip("-").lstrip("0")) <= widest else None
        if number is None or number < self.minimum or number > self.maximum:
            shown = digits if len(digits) <= 20 else f"{digits[:10]}…({len(digits)} cifre)"
            ctx.error(node, self.out_of_range.format(value=shown, minimum=self.minimum, maximum=self.maximum),
                      f"skriv et helt tal fra {self.minimum} til {self.maximum}")
            return None
        return number

    def editor(self, ed: Editors) -> dict[str, Any]:
        # a text field: "ca. 2023" stays as written and the check says what to write (Decap's number widget
        # dropped what is no digit: "023"); the editor's script stores digits as a number (templates/admin/)
        return {"widget": "string", "ik": {"int": [self.minimum, self.maximum], "not_int": self.not_int,
                                           "out_of_range": self.out_of_range}}

    def json_schema(self) -> dict[str, Any]:
        s = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return {"anyOf": [s, {"type": "string", "pattern": r"^\s*-?[0-9]+\s*$"}]}  # "2018" in quotes is read too



class Bool(Type[bool]):
    label = "ja/nej (true eller false)"
    TRUE, FALSE = ("true", "ja"), ("false", "nej")

    def load(self, ctx: Context, node: Any) -> bool | None:
        value = _scalar(ctx, node, "true eller false")
        if value is None:
            return None
        v = value.strip().lower()
        if v in self.TRUE:
            return True
        if v in self.FALSE:
            return False
        ctx.error(node, f"'{value}' er hverken true eller false", "skriv true (ja) eller false (nej)")
        return None

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "boolean"}

    def json_schema(self) -> dict[str, Any]:
        # YAML 1.2 (the editor's YAML) reads true/false as booleans and ja/nej as text; both are accepted
        return {
            "anyOf": [
                {"type": "boolean"},
                {
                    "type": "string",
                    "pattern": "^\\s*([tT][rR][uU][eE]|[fF][aA][lL][sS][eE]|[jJ][aA]|[nN][eE][jJ])\\s*$",
                },
            ]
        }


class Date(Type[date]):
    label = "dato (ÅÅÅÅ-MM-DD)"

    def load(self, ctx: Context, node: Any) -> date | None:
        value = _scalar(ctx, node, "en dato")
        if value is None:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            ctx.error(node, f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD", "skriv fx 2024-03-01")
            return None
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            ctx.error(node, f"datoen '{value}' findes ikke i kalenderen", "tjek dag og måned, fx 2024-02-29")
            return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$"}

    def editor(self, ed: Editors) -> dict[str, Any]:  # a date only, stored as ÅÅÅÅ-MM-DD
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}



class Url(Str):
    label = "webadresse (https://…)"
    markdown = False

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "string", "pattern": [r"^https?://\S+$", "en webadresse, der begynder med https://"]}

    def load(self, ctx: Context, node: Any) -> str | None:
        value = super().load(ctx, node)
        if value is None:
            return None
        if not re.fullmatch(self.pattern, value):
            bad = sorted(set(re.findall(r'[\s"<>\\^`{|}]', value)) - {" "}) or (["mellemrum"] if " " in value else [])
            ctx.error(node, f"'{value}' er ikke en gyldig webadresse",
                      f"adressen må ikke indeholde {', '.join(bad)}; skriv dem kodet (fx %20 for mellemrum)" if bad else
                      "skriv en fuld adresse, der begynder med https:// (eller mailto:)")
            return None
        return value

    # http(s) or mailto, and none of the characters a URL may not hold unencoded (so a URL can never end an HTML
    # attribute, wherever it is printed)
    pattern = (r'(?:[hH][tT][tT][pP][sS]?://[^\s"<>\\^`{|}/]+[^\s"<>\\^`{|}]*'
               r'|[mM][aA][iI][lL][tT][oO]:[^\s"<>\\^`{|}]+)')

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": whole(rf"\s*{self.pattern}\s*")}  # load() strips the text



class Enum(Type[str]):
    """One of a fixed set of values. ``choices``: value -> what it means, in Danish, for the editors (docs, the
    editor's select). ``strings``: where visitors read a value, the prefix of its keys in the strings table
    (``strings + value``, e.g. 'results_status_opnaaet'), so pages and PDFs show it in the site's language."""

    def __init__(self, choices: dict[str, str], strings: str | None = None):
        self.choices = choices  # value -> what it means (for docs)
        self.strings = strings

    def string_key(self, value: str) -> str:
        """The strings-table key of a value visitors read."""
        if self.strings is None:
            raise ValueError("this Enum's values are not shown to visitors (no strings prefix)")
        return self.strings + value

    @property
    def label(self) -> str:
        return "én af: " + ", ".join(self.choices)

    def load(self, ctx: Context, node: Any) -> str | None:
        value = _scalar(ctx, node, "en værdi")
        if value is None:
            return None
        if value not in self.choices:
            close = difflib.get_close_matches(value, list(self.choices), n=1)
            hint = f"mente du '{close[0]}'?" if close else "tilladte værdier: " + ", ".join(self.choices)
            ctx.error(node, f"ukendt værdi '{value}'", hint)
            return None
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return {"widget": "select", "options": [{"label": f"{value}: {meaning}" if meaning else value, "value": value}
                                                for value, meaning in self.choices.items()]}



class VocabRef(Type[str]):
    """A value id from a vocabulary in content/vokabularer/<vocab>.yml (checked after loading)."""

    def __init__(self, vocab: str):
        self.vocab = vocab

    @property
    def label(self) -> str:
        return f"id fra content/vokabularer/{self.vocab}.yml"

    def load(self, ctx: Context, node: Any) -> str | None:
        value = _scalar(ctx, node, "et id fra et vokabular")
        if value is None:
            return None
        value = value.strip()
        ctx.refs.append(VocabValueRef(value, mark_of(ctx, node), vocab=self.vocab))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "x-vocabulary": self.vocab}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return ed.vocabulary(self.vocab)


class EntryRef(Type[str]):
    """The id of another entry (any kind unless ``kinds`` is given); checked after loading. ``related``: a link
    between peers (shown both ways as related entries), not a use (shown on the used entry as "Bruges i")."""

    label = "id på en anden post i kataloget"
    holds_entry_id = True  # references.strip_references leaves out the ids of hidden entries

    def __init__(self, *kinds: str, related: bool = False):
        self.kinds = kinds
        self.related = related

    def load(self, ctx: Context, node: Any) -> str | None:
        value = _scalar(ctx, node, "et id")
        if value is None:
            return None
        value = value.strip()
        ctx.refs.append(EntryLink(value, mark_of(ctx, node), kinds=self.kinds, related=self.related))
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": Slug.pattern}

    def editor(self, ed: Editors) -> dict[str, Any]:
        return ed.entries(self.kinds)


class ListOf(Type[list[V]]):
    """A list of the item type's values; absent or empty, the field's value is ``[]``."""

    @overload
    def __init__(self: ListOf[V], item: Type[V] | type[Type[V]], min_items: int = 0) -> None: ...

    @overload
    def __init__(self: ListOf[R], item: type[R], min_items: int = 0) -> None: ...

    @overload
    def __init__(self: ListOf[Any], item: str, min_items: int = 0) -> None: ...

    def __init__(self, item: Any, min_items: int = 0) -> None:
        self.item: Type[V] = as_type(item)
        self.min_items = min_items

    @property
    def label(self) -> str:
        return f"liste af {self.item.label}"

    def load(self, ctx: Context, node: Any) -> list[V]:
        if isinstance(node, yaml.ScalarNode) and not _is_null(node):
            # A single value where a list is expected: accept it as a one-item list only for scalars.
            if isinstance(self.item, (Str, VocabRef, EntryRef, Slug)):
                ctx.error(node, f"forventede en liste, men fandt én værdi ('{node.value[:40]}')",
                          "skriv hvert punkt på sin egen linje, der begynder med '- '")
            else:
                ctx.error(node, "forventede en liste", "skriv hvert punkt på sin egen linje, der begynder med '- '")
            return []
        if not isinstance(node, yaml.SequenceNode):
            ctx.error(node, "forventede en liste, men fandt en samling af felter",
                      "skriv hvert punkt på sin egen linje, der begynder med '- '")
            return []
        items: list[V] = []
        for child in node.value:
            if _is_null(child):
                ctx.error(child, "tomt listepunkt", "skriv tekst efter '- ', eller fjern linjen")
                continue
            value = self.item.load(ctx, child)
            if value is not None:
                items.append(value)
        if len(node.value) < self.min_items:
            ctx.error(node, f"listen skal have mindst {self.min_items} punkt(er)", "tilføj punkter")
        return items

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        return s

    def editor(self, ed: Editors) -> dict[str, Any] | None:
        item = ed.list_item(self.item)
        if item is None:  # a record nested deeper than the editor goes
            return None
        if item["widget"] == "select":  # ids from a vocabulary, the catalogue or the literature: several
            spec = {**item, "multiple": True}
        elif item["widget"] == "object":
            spec = {"widget": "list", "fields": item["fields"]}
            named = [f["name"] for f in item["fields"] if f["name"] in ("titel", "navn", "tekst")]
            if named:  # a collapsed item shows its title or name, not its first field (often an id)
                spec["summary"] = "{{fields.%s}}".replace("%s", named[0])
        else:
            spec = {"widget": "list", "field": {"name": "punkt", "label": "Punkt", **item}}
        if self.min_items and not ed.relaxed:
            spec["min"] = self.min_items
        return spec



class RecordType(Type[R]):
    """A nested record. ``cls`` may be the name of a Record declared further down (a forward reference, e.g. a
    section whose sub-sections are sections): it is looked up when first used (and typed Any)."""

    @overload
    def __init__(self: RecordType[R], cls: type[R]) -> None: ...

    @overload
    def __init__(self: RecordType[Any], cls: str) -> None: ...

    def __init__(self, cls: Any) -> None:
        self._cls: type[R] | str = cls

    @property
    def cls(self) -> type[R]:
        if isinstance(self._cls, str):
            try:
                self._cls = cast("type[R]", Record.declared[self._cls])  # named: R is Any
            except KeyError:
                raise TypeError(f"no Record named {self._cls!r} is declared") from None
        return self._cls

    @property
    def label(self) -> str:
        return f"{self.cls.__doc__.strip().splitlines()[0] if self.cls.__doc__ else self.cls.__name__}"

    def load(self, ctx: Context, node: Any) -> R | None:
        return self.cls.load(ctx, node)

    def json_schema(self) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{self.cls.__name__}"}

    def editor(self, ed: Editors) -> dict[str, Any] | None:
        fields = ed.fields(self.cls)
        return None if fields is None else {"widget": "object", "fields": fields}



@overload
def as_type(t: Type[V] | type[Type[V]]) -> Type[V]: ...


@overload
def as_type(t: type[R]) -> RecordType[R]: ...


@overload
def as_type(t: str) -> RecordType[Any]: ...


def as_type(t: Any) -> Type[Any]:
    """A Type from what a declaration names: a Type, a Type class (``Str``), a Record class or a Record's name."""
    if isinstance(t, Type):
        return t
    if isinstance(t, type) and issubclass(t, Type):
        return t()
    if isinstance(t, type) and issubclass(t, Record) or isinstance(t, str):
        return RecordType(t)  # a Record, or the name of one (a forward reference)
    raise TypeError(t)


# --------------------------------------------------------------------------------------------------
# Records


TypeArg = Type[V] | type[Type[V]]  # what a declaration names as a field's type: Int(1, 99), or Str


@dataclass(init=False)
class Field(Generic[T]):
    """One field of a Record, declared once as a class attribute: ``title = Field("titel", Str, required=True,
    doc="Titlen.")``. Everything about the field follows from it: the loader and validator, the JSON Schema, the
    skeleton, the field reference, the browser editor's form — and its attribute's type for mypy (``T``, from the
    constructor's overloads: see the module's docstring).

    A non-data descriptor: ``Record.field`` is the Field; ``record.field`` is the value in the record's
    ``__dict__`` (set by the loader, the constructor or the parse cache), so reading it costs what reading a plain
    attribute does. A record without a value for it (none is made so) raises AttributeError, as before."""

    key: str  # the Danish YAML key
    type: Type[Any]
    required: bool = False
    doc: str = ""  # Danish, for editors (field reference, schema description)
    default: Any = None  # an optional field's value when absent (a list's is always [])
    attr: str = ""  # the attribute's name, set by Record.__init_subclass__
    label: str = ""  # the editor's label; default: the key spelt in Danish (danish_label)
    editor: dict[str, Any] | None = None  # the browser editor's widget when not the type's (e.g. a hidden field)

    # (builtins.type below: in this class, `type` is the attribute above)
    # A list: list[V], never None (absent: [])
    @overload
    def __init__(self: Field[list[V]], key: str, type: ListOf[V], required: bool = False, doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    # Required: V (the loader reports a missing one, and a file with an error contributes no record)
    @overload
    def __init__(self: Field[V], key: str, type: TypeArg[V], required: Literal[True], doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    @overload
    def __init__(self: Field[R], key: str, type: builtins.type[R], required: Literal[True], doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    # Optional with a default: V
    @overload
    def __init__(self: Field[V], key: str, type: TypeArg[V], required: bool = False, doc: str = "", *, default: V,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    # Optional: V | None (absent: None)
    @overload
    def __init__(self: Field[V | None], key: str, type: TypeArg[V], required: bool = False, doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    @overload
    def __init__(self: Field[R | None], key: str, type: builtins.type[R], required: bool = False, doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    # A record named by a string (declared further down): Any
    @overload
    def __init__(self: Field[Any], key: str, type: str, required: bool = False, doc: str = "", *,
                 label: str = "", editor: dict[str, Any] | None = None) -> None: ...

    def __init__(self, key: str, type: Any, required: bool = False, doc: str = "", *, default: Any = None,
                 label: str = "", editor: dict[str, Any] | None = None) -> None:
        self.key, self.type, self.required, self.doc = key, as_type(type), required, doc
        self.default, self.attr, self.label, self.editor = default, "", label, editor

    @overload
    def __get__(self, obj: None, owner: builtins.type | None = None) -> Field[T]: ...

    @overload
    def __get__(self, obj: object, owner: builtins.type | None = None) -> T: ...

    def __get__(self, obj: object, owner: builtins.type | None = None) -> Field[T] | T:
        if obj is None:  # on the class: the declaration
            return self
        # on a record whose __dict__ has no value for it (the value, once set, is found before the descriptor)
        raise AttributeError(f"'{builtins.type(obj).__name__}' object has no attribute '{self.attr}'")


_DANISH = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def danish_label(key: str) -> str:
    """A YAML key as the editor's label: 'sidst_gennemgaaet' -> 'Sidst gennemgået', 'oekonomi' -> 'Økonomi'.
    (Keys are Danish words written without æ, ø, å; a field whose key spells otherwise declares its label.)"""
    text = key.replace("_", " ")
    for plain_, letter in _DANISH:
        text = text.replace(plain_, letter)
    return text[:1].upper() + text[1:]


class Record:
    """Base of every model record; subclasses declare Fields as class attributes (which stay on the class: see
    Field)."""

    fields: ClassVar[list[Field[Any]]] = []  # every field, inherited ones first, in declaration order
    by_key: ClassVar[dict[str, Field[Any]]]  # YAML key -> field (set for each subclass)
    declared: ClassVar[dict[str, type[Record]]] = {}  # class name -> Record subclass (RecordType("Name"))
    narrative: ClassVar[bool] = False  # cases and quotes: e-mail addresses and phone numbers are warned about
    reviewed_attr: ClassVar[str] = "reviewed"
    mark: Mark  # where the record is (load, the parse cache; a record made in code, a merged entry, has None)
    marks: dict[str, Mark]  # attribute -> where its value is

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        Record.declared[cls.__name__] = cls
        own = []
        for name, value in list(vars(cls).items()):
            if isinstance(value, Field):
                value.attr = name
                own.append(value)
        inherited = [f for base in cls.__mro__[1:] for f in getattr(base, "fields", [])]
        seen: set[str] = set()
        merged: list[Field[Any]] = []
        for f in inherited + own:
            if f.attr not in seen:
                seen.add(f.attr)
                merged.append(f)
            else:
                merged = [f if g.attr == f.attr else g for g in merged]
        cls.fields = merged
        cls.by_key = {f.key: f for f in merged}

    def __init__(self, **values: Any) -> None:
        for f in self.fields:
            setattr(self, f.attr, values.get(f.attr, _default(f)))
        # a record made in code (a merged entry) has no place in a file: it is never validated, cached or located
        self.mark = values.get("mark")  # type: ignore[assignment]
        self.marks = values.get("marks", {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f.attr}={getattr(self, f.attr)!r}' for f in self.fields[:3])}…)"

    @classmethod
    def load(cls, ctx: Context, node: Any) -> Self | None:
        if not isinstance(node, yaml.MappingNode):
            what = "en liste" if isinstance(node, yaml.SequenceNode) else f"'{getattr(node, 'value', '')[:40]}'"
            ctx.error(
                node,
                f"forventede felter ({', '.join(f.key for f in cls.fields if f.required) or cls.fields[0].key} …), "
                f"men fandt {what}",
                "skriv felterne indrykket under linjen ovenover, ét felt pr. linje: 'navn: værdi'",
            )
            return None
        obj = cls.__new__(cls)
        obj.mark = mark_of(ctx, node)
        obj.marks = {}
        present: dict[str, Any] = {}
        ctx._texts.append([])
        previous: Field[Any] | None = None
        for key, key_node, value_node in mapping_items(ctx, node):
            present[key] = key_node
            f = cls.by_key.get(key)
            if f is None:
                close = difflib.get_close_matches(key, list(cls.by_key), n=1, cutoff=0.6)
                inner = None if previous is None else \
                    previous.type.item if isinstance(previous.type, ListOf) else previous.type
                if previous is not None and isinstance(inner, RecordType) and key in inner.cls.by_key:  # one level in
                    hint = (f"'{key}' hører til under '{previous.key}': ryk linjen ind, så den står under "
                            f"'{previous.key}:' (to mellemrum længere inde end '{previous.key}')")
                else:
                    hint = (f"mente du '{close[0]}'?" if close else "tilladte felter her: " + ", ".join(cls.by_key))
                ctx.error(key_node, f"ukendt felt '{key}'", hint)
                continue
            previous = f
            if _is_null(value_node) or (not f.required and is_empty(value_node)):
                if f.required:
                    lines = ctx.lines_of(key_node)
                    line = lines[key_node.end_mark.line] if key_node.end_mark.line < len(lines) else ""
                    after = line[key_node.end_mark.column:].lstrip(":").strip()
                    if after.startswith("#"):  # primaer: #005f5f — the value became a comment
                        ctx.error(value_node, f"'#' begynder en kommentar i YAML, så '{key}' står uden værdi",
                                  f"skriv værdien i anførselstegn: {key}: \"{after}\"")
                    else:
                        ctx.error(
                            value_node, f"feltet '{key}' mangler en værdi", f"skriv en {f.type.label} efter '{key}:'"
                        )
                continue
            value = f.type.load(ctx, value_node)
            if value is not None:
                setattr(obj, f.attr, value)
                obj.marks[f.attr] = mark_of(ctx, value_node)
        texts = ctx._texts.pop()
        for f in cls.fields:
            if f.attr not in vars(obj):
                if f.required and f.key not in present:
                    ctx.error(node, missing_message(f.key), f"tilføj '{f.key}: …' ({f.type.label})")
                setattr(obj, f.attr, _default(f))
        if cls.narrative and not getattr(obj, cls.reviewed_attr, False):
            for text_node, value in texts:
                for rx, what in ((EMAIL_RE, "en e-mailadresse"), (PHONE_RE, "et telefonnummer")):
                    m = rx.search(value)
                    if m:
                        ctx.warning(text_node, f"teksten indeholder muligvis {what} ('{m.group(0)}')",
                                    "fjern personoplysninger, eller skriv 'gennemgaaet: true' på casen/citatet, "
                                    "når det er tjekket")
        obj.validate(ctx, node)
        return obj

    def validate(self, ctx: Context, node: Any) -> None:
        """Cross-field checks of one record; override in subclasses."""

    @classmethod
    def json_schema(cls, defs: dict[str, Any]) -> dict[str, Any]:
        if cls.__name__ not in defs:
            defs[cls.__name__] = {}  # placeholder against recursion
            props = {}
            for f in cls.fields:
                s = dict(f.type.json_schema())
                if not f.required:  # 'felt:', "", [] or {} (is_empty): an absent optional field
                    s = {"anyOf": [s, *EMPTY_JSON]}
                if f.doc:
                    s["description"] = f.doc
                _collect_defs(f.type, defs)
                props[f.key] = s
            defs[cls.__name__] = {
                "type": "object",
                "title": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
                "additionalProperties": False,
                "properties": props,
                "required": [f.key for f in cls.fields if f.required],
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}



def _collect_defs(t: Type[Any], defs: dict[str, Any]) -> None:
    if isinstance(t, RecordType):
        t.cls.json_schema(defs)
    elif isinstance(t, ListOf):
        _collect_defs(t.item, defs)


def _default(f: Field[Any]) -> Any:
    if isinstance(f.type, ListOf):
        return []
    return f.default


def walk_texts(obj: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield (path, text) for every string in a record tree: used by completeness checks and the PDF text test."""
    if isinstance(obj, Record):
        for f in obj.fields:
            yield from walk_texts(getattr(obj, f.attr), path + (f.key,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from walk_texts(item, path + (i,))
    elif isinstance(obj, str):
        yield path, obj
