"""The parse cache (.cache/parse/): an entry file's load result — its record tree, its references and its
diagnostics — kept under a hash of the file's bytes (and its overlay's) and of the engine's code, so an unchanged
file is not parsed again. KATALOG_CACHE=0 turns it off; .cache/ can be deleted at any time.

Stored as plain JSON data, never as pickles: reading a cache file back only builds records of the declared
types from strings, numbers and lists, so a damaged or tampered file can at worst make the build parse again."""
from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date
from pathlib import Path

import catalogue as package  # its MODEL_VERSION, read when a file is loaded (a test raises it)
from catalogue.core.diagnostics import Diagnostic
from catalogue.core.references import REFERENCE_TYPES, Mark
from catalogue.model.schema import Record


def enabled() -> bool:
    return os.environ.get("KATALOG_CACHE", "1") != "0"


def code_version() -> str:
    """A hash of the engine's code: cached results (parsed entries, search records) are only reused by the code
    that made them."""
    return _code_version()


def _code_version() -> str:
    """A hash of the engine's code: cached results are only reused by the code that made them."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256()
        for p in sorted(Path(package.__file__).parent.rglob("*.py")):  # every sub-package
            h.update(p.read_bytes())
        _CODE = h.hexdigest()[:16]
    return _CODE


_CODE: str | None = None


def path_for(root: Path, rel: str, record, files) -> Path:
    """The cache file of ``rel`` loaded as ``record`` from ``files`` (the file and its overlay, if any)."""
    h = hashlib.sha256(
        f"{_code_version()}\0{package.MODEL_VERSION}\0{record.__module__}.{record.__name__}\0{rel}".encode()
    )
    for p in files:
        try:
            h.update(b"\0" + p.read_bytes())
        except OSError:
            h.update(b"\0missing")
    return root / ".cache" / "parse" / f"{h.hexdigest()}.json"


def read(path: Path):
    """(record or None, references, diagnostics) from a cache file, or None if there is none or it is not valid."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        obj = None if data["record"] is None else _record(data["record"])
        refs = [_ref(r) for r in data["refs"]]
        items = [Diagnostic(**d) for d in data["diagnostics"]]
        return obj, refs, items
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(path: Path, obj, refs, items):
    data = {"record": None if obj is None else _plain(obj), "refs": [_plain_ref(r) for r in refs],
            "diagnostics": [vars(d) for d in items]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


# -- records as plain data ----------------------------------------------------------------------------------

def _mark(m: Mark) -> list:
    return [m.path, m.line, m.column]


_COLUMNS = 1 << 20  # a field position in the record's own file is stored as one number: line * _COLUMNS + column


def _field_mark(m: Mark, path: str):
    """A field's position as stored: one number when it is in the record's own file (most), else [path, line,
    column] (a field from an overlay)."""
    if m.path == path and 0 <= m.column < _COLUMNS and m.line >= 0:
        return m.line * _COLUMNS + m.column
    return _mark(m)


def _plain(value):
    if isinstance(value, Record):
        path = value.mark.path
        return {"record": type(value).__name__, "mark": _mark(value.mark),
                "marks": {k: _field_mark(m, path) for k, m in value.marks.items()},
                "values": [_plain(getattr(value, f.attr)) for f in value.fields]}  # in the order of the fields
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"map": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    raise TypeError(f"cannot cache {type(value).__name__}")


_SCALARS = (str, int, float, bool, type(None))


def _value(data):
    if type(data) in _SCALARS:  # most values: text
        return data
    if type(data) is list:
        return [d if type(d) is str else _value(d) for d in data]
    if type(data) is dict:
        if "record" in data:
            return _record(data)
        if "map" in data:
            return {str(k): _value(v) for k, v in data["map"].items()}
        if "date" in data:
            return date.fromisoformat(data["date"])
    raise ValueError("unknown value in cache")


class _Marks(dict):
    """A record's field positions as read from the cache, made into Marks when asked for (a catalogue of 5,000
    entries holds a million of them, and after loading almost none is asked for). Each is kept as stored: one
    number for a position in the record's own file (``path``), else [path, line, column]; as lists of their own,
    each with its own copy of the path, they took a fifth of a warm load's memory."""

    __slots__ = ("path",)

    def __init__(self, path: str, stored: dict):
        super().__init__(stored)
        self.path = path

    def _mark(self, value) -> Mark:
        if type(value) is int:
            return Mark(self.path, value // _COLUMNS, value % _COLUMNS)
        return Mark._make(value)

    def __getitem__(self, key):
        return self._mark(super().__getitem__(key))

    def get(self, key, default=None):
        value = super().get(key)
        return default if value is None else self._mark(value)

    def items(self):
        return [(k, self._mark(v)) for k, v in super().items()]

    def values(self):
        return [self._mark(v) for v in super().values()]


_FIELDS: dict = {}  # Record class -> its field attributes, in order


def _record(data: dict) -> Record:
    cls = Record.declared[data["record"]]
    if not (isinstance(cls, type) and issubclass(cls, Record)):
        raise ValueError("not a record")
    attrs = _FIELDS.get(cls)
    if attrs is None:
        attrs = _FIELDS[cls] = [f.attr for f in cls.fields]
    values = data["values"]
    if len(values) != len(attrs):
        raise ValueError("the record's fields have changed")
    obj = cls.__new__(cls)
    path, line, column = data["mark"]
    obj.mark = Mark(sys.intern(path), line, column)  # one string for every record of a file
    obj.marks = _Marks(obj.mark.path, data["marks"])
    for attr, value in zip(attrs, values, strict=True):
        setattr(obj, attr, value if type(value) is str else _value(value))
    return obj


def _plain_ref(ref) -> dict:
    fields = {k: v for k, v in vars(ref).items() if k != "mark"}
    if "kinds" in fields:
        fields["kinds"] = list(fields["kinds"])
    return {"ref": type(ref).__name__, "mark": _mark(ref.mark), **fields}


def _ref(data: dict):
    data = dict(data)
    cls = REFERENCE_TYPES[data.pop("ref")]
    mark = Mark(*data.pop("mark"))
    if "kinds" in data:
        data["kinds"] = tuple(data["kinds"])
    return cls(mark=mark, **data)
