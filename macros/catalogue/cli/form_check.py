"""The browser editor's checks at the field: the engine's own rules run on the entry being edited, before anything
is written (issue 29). ``scripts/rediger``'s proxy answers ``{"action": "check", "params": {"path", "data"}}``
with ``check(root, path, data)``: the form's data (what Decap would save) is written as YAML into a copy of
``content/`` in a temporary folder, the whole catalogue is loaded from there (the same loader, validator and
reference checks as ``scripts/check``: one implementation of every rule), and each diagnostic of that file is
returned with the path of the form field it is about (``["citater", 0, "tekst"]``) and the checker's own text.

A diagnostic's line and column name a node of the YAML written here; ``_node_paths`` maps every node to its path.
A diagnostic about a whole record (its mapping: "feltet 'rolle' mangler", "overblikket mangler …") belongs to the
first of the record's fields its message or hint names in quotes, else to the record."""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from catalogue.core.diagnostics import Report
from catalogue.core.yamlsource import read
from catalogue.load.loader import load
from catalogue.outputs import editor_config
from catalogue.render.renderer import Renderer
from catalogue.render.views import entry_page

MAX_DATA = 1024 * 1024  # a form's data, as JSON (the proxy's check body cap)
FieldPath = list[str | int]


def to_yaml(data: dict) -> str:
    """The form's data as block YAML, every text quoted where YAML 1.1 would read it otherwise ('16:30')."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: the same text, 10x faster
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


def _node_paths(node: Any, path: FieldPath, out: dict, mappings: dict) -> None:
    """(line, column) of every node -> its field path; mappings: (line, column) -> path of a record."""
    at = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mappings.setdefault(at, path)
        for key, value in node.value:
            _node_paths(value, [*path, key.value], out, mappings)
            out.setdefault((key.start_mark.line + 1, key.start_mark.column + 1), [*path, key.value])
    elif isinstance(node, yaml.SequenceNode):
        out.setdefault(at, path)
        for i, item in enumerate(node.value):
            _node_paths(item, [*path, i], out, mappings)
    else:
        out.setdefault(at, path)


def _field_of(path: FieldPath, text: str) -> FieldPath:
    """A record's diagnostic: the first field the text names in quotes ('rolle', 'formaal'), else the record."""
    names = re.findall(r"'([a-z_]+)(?:\.[a-z_]+)*'", text)
    return [*path, names[0]] if names else path


def located(rel: str, text: str, report: Report) -> list[dict]:
    """The diagnostics of ``rel`` in ``report``, each with the field path it is about."""
    _, root = read(rel, text.encode("utf-8"))
    nodes: dict = {}
    mappings: dict = {}
    if root is not None:
        _node_paths(root, [], nodes, mappings)
    out = []
    for d in report.sorted():
        if d.path != rel:
            continue
        at = (d.line, d.column)
        path = _field_of(mappings[at], f"{d.message} {d.hint}") if at in mappings else nodes.get(at, [])
        out.append({"path": path, "severity": d.severity, "message": d.message, "hint": d.hint,
                    "text": f"{d.message} — {d.hint}" if d.hint else d.message})
    return out


def check(root: Path, rel: str, data: dict, page: bool = False, choices: list[str] | None = None) -> dict:
    """The engine's diagnostics of ``data`` saved as ``rel`` (a path under content/, already checked by the proxy's
    ContentFiles), nothing written under ``root``: the catalogue is loaded from a copy with the file in place.
    {"diagnostics": [...]}; with ``page``, also the entry's page as the site will show it (the form's preview
    pane): {"page": {"html": its body from the engine's own page template, "url": its address under the site's
    root}}, or None when the entry does not load; with ``choices``, those choice lists of the form as they are now
    (outputs/editor_config.py: choices)."""
    text = to_yaml(data)
    with tempfile.TemporaryDirectory(prefix="rediger-check-") as tmp:
        shadow = Path(tmp)
        shutil.copytree(root / "content", shadow / "content", symlinks=False,
                        ignore=shutil.ignore_patterns(".*"))
        cache = Path(root).resolve() / ".cache"
        if cache.is_dir():  # the parse cache is keyed by each file's bytes and path: the unchanged files reuse it
            (shadow / ".cache").symlink_to(cache, target_is_directory=True)
        target = shadow / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        cat = load(shadow)
        out: dict[str, Any] = {"diagnostics": located(rel, text, cat.report)}
        if page:
            out["page"] = rendered(cat, str(data.get("id") or Path(rel).stem))
        if choices:
            out["choices"] = editor_config.choices(cat, list(choices))
        return out


def rendered(cat, entry_id: str) -> dict | None:
    """An entry's page body as the engine renders it (render.views.entry_page) and its URL, or None."""
    entry = cat.entries.get(entry_id)
    if entry is None or cat.settings is None:
        return None
    return {"html": str(entry_page(Renderer(cat), entry)), "url": cat.url_of(entry)}
