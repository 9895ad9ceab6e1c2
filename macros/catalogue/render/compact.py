"""Templates without their indentation.

The templates (ours and Material's) are indented for the people who edit them. A browser collapses any run of
spaces and line breaks between words and tags to one space, so that indentation is bytes every visitor downloads
and nobody sees (about 3.4 KB of an entry page). ``CompactLoader`` wraps a Jinja loader and removes, once per
template when it is loaded, the spaces and tabs at the start of each line and the lines that hold nothing else.
A line break stays a line break, so the pages render exactly as before, and the text from content/ is not touched
(it is data, inserted after this step). ``<pre>`` and ``<textarea>`` in a template are kept as they are, since
whitespace shows there.
"""
from __future__ import annotations

import re

from jinja2 import BaseLoader

_KEEP = re.compile(r"<(pre|textarea)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]*(?=\S|\n|$)")
_BLANK = re.compile(r"\n+")


def compact_template(source: str) -> str:
    out, pos = [], 0
    for m in _KEEP.finditer(source):
        out += [_squeeze(source[pos:m.start()]), m.group(0)]
        pos = m.end()
    out.append(_squeeze(source[pos:]))
    return "".join(out)


def _squeeze(part: str) -> str:
    return _BLANK.sub("\n", _INDENT.sub("\n", part))


class CompactLoader(BaseLoader):
    """Serves another loader's templates through compact_template."""

    def __init__(self, inner: BaseLoader):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        return compact_template(source), filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()
