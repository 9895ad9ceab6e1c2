"""The manifest of what a user sees, as text a person can read: every file of site/ built from the embedded content
(SOURCE_DATE_EPOCH fixed) in a normalised text form, and the diagnostics of the hostile content corpus. A refactor
must leave both unchanged (tests/test_manifest.py, which prints a diff where they differ); a change meant to alter
what users see writes a new manifest:

    .venv/bin/python tests/manifest.py --write      # builds, then writes tests/manifest/

and the diff of tests/manifest/ in the commit shows what changed, line by line.

tests/manifest/site.txt lists every file of the site and its form; tests/manifest/files/<path>.txt holds the text of
each file whose form is text:

- `html`: the DOM, one node per line, indented one space a level, attributes sorted (`normal_html`). Text is
  whitespace-collapsed and stripped, and whitespace-only text dropped (so a change of the templates' indentation
  or blank lines shows nothing — Material's templates are full of them); <pre>/<textarea> keep theirs exactly
  (`|` lines), <script>/<style> keep their lines, stripped. Nothing of Material's boilerplate is dropped: the
  inline config JSON is one line a page.
- `pdf`: page count, page sizes, metadata, form fields (name, type, flags, page, rectangle rounded to 0.1 pt) and
  links from pypdf, then `pdftotext -layout` of each page, trailing blanks stripped (`normal_pdf`).
- `json`: pretty-printed with sorted keys; `gzip`: the text it unpacks to (sitemap.xml.gz); `text`: as it is
  (CSV, robots.txt, _headers, sitemap.xml, our CSS/JS/SVG, Decap's config.yml).
- `sha256 <hash>`: what text can't tell (fonts, images of our own).
- `name only`: third-party bundles (`THIRD_PARTY`: Material's assets, Pagefind's index and code, Decap CMS but
  our admin/index.html and config.yml): listed, so an added or removed file shows, but neither hashed nor copied —
  an upgrade changes them wholesale, and their names carry content hashes anyway."""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOLDER = HERE / "manifest"
INDEX = FOLDER / "site.txt"
TEXTS = FOLDER / "files"  # not site/: .gitignore ignores every site/
sys.path.insert(0, str(HERE))

# Third-party bundles, listed by name only. Patterns on the path relative to site/.
THIRD_PARTY = re.compile(r"^(assets/javascripts/|assets/stylesheets/|assets/images/favicon\.png$|pagefind/"
                         r"|admin/(?!index\.html$|config\.yml$))")
BINARY = {".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".avif"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW = {"script", "style"}
VERBATIM = {"pre", "textarea"}


# --- HTML -----------------------------------------------------------------------------------------------------------

def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\n", "&#10;")


class _Tree(HTMLParser):
    """A canonical, indented serialisation of a page: one node per line, children one space deeper."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.stack: list[str] = []
        self.text: list[str] = []

    def _pad(self) -> str:
        return " " * len(self.stack)

    def _flush(self):
        data, self.text = "".join(self.text), []
        if not data:
            return
        pad = self._pad()
        if any(t in VERBATIM for t in self.stack):
            self.lines.extend(f"{pad}|{line}" for line in data.split("\n"))
        elif self.stack and self.stack[-1] in RAW:
            self.lines.extend(pad + line.strip() for line in data.splitlines() if line.strip())
        else:
            text = " ".join(data.split())
            if text:
                self.lines.append(pad + text.replace("&", "&amp;").replace("<", "&lt;"))

    @staticmethod
    def _tag(tag: str, attrs) -> str:
        parts = [tag]
        for name, value in sorted(attrs, key=lambda a: (a[0], a[1] or "")):
            parts.append(name if value is None else
                         f'{name}="{_attr(value)}"')
        return "<" + " ".join(parts) + ">"

    def handle_starttag(self, tag, attrs):
        self._flush()
        self.lines.append(self._pad() + self._tag(tag, attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self.lines.append(self._pad() + self._tag(tag, attrs)[:-1] + "/>")

    def handle_endtag(self, tag):
        self._flush()
        if tag in self.stack:  # close it and whatever was left open inside it
            while self.stack.pop() != tag:
                pass
        elif tag not in VOID:
            self.lines.append(f"{self._pad()}</{tag}> (stray)")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self._flush()
        self.lines.append(f"{self._pad()}<!--{' '.join(data.split())}-->")

    def handle_decl(self, decl):
        self._flush()
        self.lines.append(f"<!{decl}>")

    def handle_pi(self, data):
        self._flush()
        self.lines.append(f"<?{data}>")

    def close(self):
        super().close()
        self._flush()
        if self.stack:
            self.lines.append(f"(left open: {' '.join(self.stack)})")


def normal_html(source: str) -> str:
    tree = _Tree()
    tree.feed(source)
    tree.close()
    return "\n".join(tree.lines) + "\n"


# --- PDF ------------------------------------------------------------------------------------------------------------

def _num(x) -> str:
    return f"{float(x):.1f}"


def _rect(r) -> str:
    return "[" + " ".join(_num(v) for v in r) + "]"


def _inherited(obj, key):
    while obj is not None:
        if key in obj:
            return obj[key]
        obj = obj.get("/Parent")
        obj = obj.get_object() if obj is not None else None
    return None


def _field_name(obj) -> str:
    names = []
    while obj is not None:
        if "/T" in obj:
            names.append(str(obj["/T"]))
        obj = obj.get("/Parent")
        obj = obj.get_object() if obj is not None else None
    return ".".join(reversed(names))


def normal_pdf(path: Path) -> str:
    from pypdf import PdfReader
    reader = PdfReader(path)
    out = [f"pages: {len(reader.pages)}"]
    for n, page in enumerate(reader.pages, 1):
        box = page.mediabox
        out.append(f"page {n}: {_num(box.width)} x {_num(box.height)} pt")
    out.append("metadata:")
    out.extend(f" {k}: {v}" for k, v in sorted((reader.metadata or {}).items()))
    fields, links = [], []
    for n, page in enumerate(reader.pages, 1):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            kind = a.get("/Subtype")
            if kind == "/Widget":
                fields.append(f" {_field_name(a)}  {_inherited(a, '/FT')}  flags {_inherited(a, '/Ff') or 0}"
                              f"  page {n}  {_rect(a['/Rect'])}")
            elif kind == "/Link":
                action = a.get("/A")
                action = action.get_object() if action is not None else {}
                target = action.get("/URI") or action.get("/D") or a.get("/Dest") or "?"
                links.append(f" page {n}  {_rect(a['/Rect'])}  {target}")
    out.append(f"form fields: {len(fields)}")
    out.extend(fields)
    out.append(f"links: {len(links)}")
    out.extend(links)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    for n, page_text in enumerate(text.split("\f")[:len(reader.pages)], 1):
        out.append(f"--- page {n} " + "-" * 60)
        out.extend(line.rstrip() for line in page_text.rstrip().splitlines())
    return "\n".join(out) + "\n"


# --- the site -------------------------------------------------------------------------------------------------------

def form_of(rel: str, path: Path) -> str:
    """How a file of the site is kept in the manifest: see the module's docstring."""
    suffix = path.suffix.lower()
    if THIRD_PARTY.match(rel):
        return "name only"
    if suffix in BINARY:
        return "sha256 " + hashlib.sha256(path.read_bytes()).hexdigest()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".pdf", ".json", ".gz"}:
        return {".pdf": "pdf", ".json": "json", ".gz": "gzip"}[suffix]
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "sha256 " + hashlib.sha256(path.read_bytes()).hexdigest()
    return "text"


def text_of(form: str, path: Path) -> str:
    if form == "html":
        return normal_html(path.read_text(encoding="utf-8"))
    if form == "pdf":
        return normal_pdf(path)
    if form == "json":
        return json.dumps(json.loads(path.read_bytes()), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    if form == "gzip":
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    return path.read_text(encoding="utf-8")


def has_text(form: str) -> bool:
    return form in {"html", "pdf", "json", "gzip", "text"}


def site_manifest(site: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(the form of every file of site/, the text of those kept as text), by path relative to site/."""
    forms, texts = {}, {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            rel = p.relative_to(site).as_posix()
            forms[rel] = form_of(rel, p)
            if has_text(forms[rel]):
                texts[rel] = text_of(forms[rel], p)
    return forms, texts


def hostile_diagnostics(tmp: Path) -> dict[str, list[dict]]:
    """Every case of the hostile corpus (tests/test_hostile.py) loaded as content/indsatser/x.yml: its diagnostics,
    as `scripts/check --json` gives them."""
    from conftest import make_project
    from test_hostile import ERRORS
    from catalogue.load.loader import load
    project = make_project(tmp / "hostile", with_entries=False)
    out = {}
    for name, content, _ in ERRORS:
        path = project / "content" / "indsatser" / "x.yml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape"))
        cat = load(project)
        out[name] = json.loads(cat.report.to_json())
    return out


def read_site() -> tuple[dict[str, str], dict[str, str]]:
    forms = dict(line.split("  ", 1) for line in INDEX.read_text(encoding="utf-8").splitlines())
    texts = {rel: (TEXTS / (rel + ".txt")).read_text(encoding="utf-8") for rel, form in forms.items() if has_text(form)}
    return forms, texts


def read_diagnostics() -> dict:
    return json.loads((FOLDER / "diagnostics.json").read_text(encoding="utf-8"))


def write(site: Path, tmp: Path):
    forms, texts = site_manifest(site)
    FOLDER.mkdir(exist_ok=True)
    if TEXTS.exists():
        shutil.rmtree(TEXTS)
    INDEX.write_text("".join(f"{rel}  {form}\n" for rel, form in forms.items()), encoding="utf-8")
    for rel, text in texts.items():
        target = TEXTS / (rel + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (FOLDER / "diagnostics.json").write_text(json.dumps(hostile_diagnostics(tmp), ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="build the embedded content and write tests/manifest/")
    args = ap.parse_args()
    if not args.write:
        ap.print_help()
        return 0
    from conftest import build, make_project
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "built")
        result = build(project)
        if result.returncode:
            print(result.stderr[-3000:], file=sys.stderr)
            return 1
        write(project / "site", Path(tmp))
    print(f"Skrev {FOLDER.relative_to(ROOT)}/ (site.txt, files/, diagnostics.json)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
