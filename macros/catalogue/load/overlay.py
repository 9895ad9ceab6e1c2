"""A fork's adaptation of an original entry (content/lokalt/<folder>/<id>.yml): its top-level fields replace the
original's, merged as YAML nodes, so that every diagnostic still names the file and line a value comes from. A field
left empty in the adaptation ('', [], {}, null: what the browser editor writes for an untouched field) keeps the
original's value."""
from __future__ import annotations

import yaml

from catalogue.core.diagnostics import Report
from catalogue.core.yamlsource import Source
from catalogue.model.schema import Context, is_empty, mapping_items


def merge_overlay(base, overlay, src: Source, report: Report, append_lists=()):
    """The overlay's top-level fields replace the original's (lists named in append_lists are extended)."""
    if not isinstance(overlay, yaml.MappingNode):
        report.error(src.path, overlay.start_mark.line + 1, overlay.start_mark.column + 1,
                     "en lokal tilpasning skal være felter ('navn: værdi')", "skriv de felter, der skal ændres")
        return None
    merged = list(base.value) if isinstance(base, yaml.MappingNode) else []
    for name, key, value in mapping_items(Context(src, report), overlay):
        if is_empty(value):  # nothing filled in: the original's value stays
            continue
        for i, (k, v) in enumerate(merged):
            if isinstance(k, yaml.ScalarNode) and k.value == name:
                if (
                    key.value in append_lists
                    and isinstance(v, yaml.SequenceNode)
                    and isinstance(value, yaml.SequenceNode)
                ):
                    value = yaml.SequenceNode(v.tag, v.value + value.value, v.start_mark, v.end_mark)
                merged[i] = (k, value)
                break
        else:
            merged.append((key, value))
    start = base.start_mark if isinstance(base, yaml.MappingNode) else overlay.start_mark
    return yaml.MappingNode("tag:yaml.org,2002:map", merged, start, start)
