"""The parse cache (.cache/parse/): an entry file's load result — its record tree, its references and its
diagnostics — kept under a hash of the file's bytes (and its overlay's) and of the engine's code, so an unchanged
file is not parsed again. KATALOG_CACHE=0 turns it off; .cache/ can be deleted at any time.

Stored as plain JSON data, never as pickles: reading a cache file back only builds records of the declared
types from strings, numbers and lists, so a damaged or tampered file can at worst make the build parse again."""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

from .diagnostics import Diagnostic
from .references import REFERENCE_TYPES, Mark
from .schema import Record


def enabled() -> bool:
    return os.environ.get("KATALOG_CACHE", "1") != "0"


def _code_version() -> str:
    """A hash of the engine's code: cached results are only reused by the code that made them."""
    global _CODE
    if _CODE is None:
        h = hashlib.sha256()
        for p in sorted(Path(__file__).parent.glob("*.py")):
            h.update(p.read_bytes())
        _CODE = h.hexdigest()[:16]
    return _CODE


_CODE = None


def path_for(root: Path, rel: str, record, files) -> Path:
    """The cache file of ``rel`` loaded as ``record`` from ``files`` (the file and its overlay, if any)."""
    h = hashlib.sha256(f"{_code_version()}\0{record.__module__}.{record.__name__}\0{rel}".encode())
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


def _plain(value):
    if isinstance(value, Record):
        return {"record": type(value).__name__, "mark": _mark(value.mark),
                "marks": {k: _mark(m) for k, m in value.marks.items()},
                "values": {f.attr: _plain(getattr(value, f.attr)) for f in value.fields}}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"map": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    raise TypeError(f"cannot cache {type(value).__name__}")


def _value(data):
    if isinstance(data, list):
        return [_value(v) for v in data]
    if isinstance(data, dict):
        if "record" in data:
            return _record(data)
        if "map" in data:
            return {str(k): _value(v) for k, v in data["map"].items()}
        if "date" in data:
            return date.fromisoformat(data["date"])
        raise ValueError("unknown value in cache")
    if data is None or isinstance(data, (str, int, float)):
        return data
    raise ValueError("unknown value in cache")


def _record(data: dict) -> Record:
    cls = Record.declared[data["record"]]
    if not (isinstance(cls, type) and issubclass(cls, Record)):
        raise ValueError("not a record")
    obj = cls.__new__(cls)
    obj.mark = Mark(*data["mark"])
    obj.marks = {str(k): Mark(*m) for k, m in data["marks"].items()}
    values = data["values"]
    if set(values) != {f.attr for f in cls.fields}:
        raise ValueError("the record's fields have changed")
    for f in cls.fields:
        setattr(obj, f.attr, _value(values[f.attr]))
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
