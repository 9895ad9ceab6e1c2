"""Editing in the browser: the Decap CMS configuration (/admin/config.yml), generated from the model.

Every form field comes from a ``Field`` declaration — its key, its label (``Field.label`` or the key spelt in
Danish), its doc as the hint, its required flag — and its type's ``editor()`` widget (the table is in
ARCHITECTURE.md, "Editing in the browser"). Choices that come from the catalogue — vocabulary values, entries of
any kind, literature — are generated here at build (labels shown, ids stored): Decap's relation widget reads one
collection only. Adding a Field to a record puts it in the form; nothing about a field is written twice.

``write(cat, site_dir)`` puts the editor into site/admin/: index.html (noindex, no request to any origin but the
site and the back end), config.yml and the Decap bundle from node_modules/ (package-lock.json pins it)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import ROOT
from .content import Catalogue
from .kinds import KINDS
from .learning import Literature
from .schema import Record, danish_label
from .site import Settings, Vocabulary

DECAP_JS = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
SAME_RECORD_DEPTH = 3  # a record nested in itself (sections, sub-sections, theirs): levels in the form (the content uses 3)
PROXY_PORT = "KATALOG_EDITOR_PORT"  # decap-server's port (scripts/rediger: 8081)


def local_proxy() -> str:
    return f"http://127.0.0.1:{os.environ.get(PROXY_PORT, '8081')}/api/v1"


class Options:
    """What the widgets need from the catalogue, each list made once (the YAML shares it by an anchor)."""

    def __init__(self, cat: Catalogue):
        self.cat = cat
        self._made: dict = {}
        self._path: list = []
        # True inside an optional group: Decap checks a required field inside an object even when the editor left
        # the whole group empty, and then refuses to save; so there the form asks for nothing, and the validator
        # still requires the field once the group is filled in. A list item starts afresh (it exists only when added).
        self._relaxed: list[bool] = [False]

    @property
    def relaxed(self) -> bool:
        return self._relaxed[-1]

    def list_item(self, item_type) -> dict | None:
        self._relaxed.append(False)
        try:
            return item_type.editor(self)
        finally:
            self._relaxed.pop()

    def _once(self, key, make):
        if key not in self._made:
            self._made[key] = make()
        return self._made[key]

    def vocabulary(self, vocab: str) -> dict:
        v = self.cat.vocabularies.get(vocab)
        options = self._once(("vocab", vocab), lambda: [{"label": x.label, "value": x.id} for x in (v.values if v else [])])
        return {"widget": "select", "options": options}

    def entries(self, kinds: tuple[str, ...]) -> dict:
        def make():
            t = self.cat.strings
            chosen = [e for e in self.cat.entries.values() if not kinds or self.cat.kind_of(e).name in kinds]
            chosen.sort(key=lambda e: (e.title.lower(), e.id))
            return [{"label": f"{e.title} ({t.get('kind_' + self.cat.kind_of(e).name, '')})", "value": e.id}
                    for e in chosen]
        return {"widget": "select", "options": self._once(("entries", tuple(kinds)), make)}

    def literature(self) -> dict:
        lit = self.cat.literature
        return {"widget": "select", "options": self._once("literature", lambda: [
            {"label": " — ".join(x for x in (i.authors, str(i.year or ""), i.title) if x), "value": i.id}
            for i in (lit.items if lit else [])])}

    def facets(self) -> list:
        return [v for v in self.cat.facets() if v.id != "organisationer"]

    def fields(self, cls: type[Record]) -> list[dict] | None:
        """The form fields of a record; None where it would nest in itself more than SAME_RECORD_DEPTH times."""
        if self._path.count(cls) >= SAME_RECORD_DEPTH:
            return None
        self._path.append(cls)
        try:
            return [spec for spec in (field_spec(f, self) for f in cls.fields) if spec is not None]
        finally:
            self._path.pop()


def field_spec(f, ed: Options) -> dict | None:
    required = f.required and not ed.relaxed
    ed._relaxed.append(not required)
    try:
        widget = f.editor if f.editor is not None else f.type.editor(ed)
    finally:
        ed._relaxed.pop()
    if widget is None:
        return None
    spec = {"name": f.key, "label": f.label or danish_label(f.key), "required": required}
    if f.doc:
        spec["hint"] = f.doc
    spec.update(widget)
    return spec


def collections(cat: Catalogue, ed: Options) -> list[dict]:
    t = cat.strings
    out = []
    for kind in KINDS:
        out.append({
            "name": kind.name, "label": t.get(f"kind_{kind.name}_plural", kind.folder),
            "label_singular": t.get(f"kind_{kind.name}", kind.name),
            "folder": f"content/{kind.folder}", "extension": "yml", "format": "yml", "create": True,
            "identifier_field": "titel", "slug": "{{fields.id}}", "summary": "{{titel}}",
            "editor": {"preview": False}, "fields": ed.fields(kind.record)})
    vocab_files = sorted((cat.root / "content" / "vokabularer").glob("*.yml"))
    strings_files = sorted((cat.root / "content" / "tekster").glob("*.yml"))
    settings = [{"name": "indstillinger", "label": "Indstillinger", "file": "content/indstillinger.yml",
                 "fields": ed.fields(Settings)}]
    if (cat.root / "content" / "litteratur.yml").exists():
        settings.append({"name": "litteratur", "label": "Litteratur", "file": "content/litteratur.yml",
                         "fields": ed.fields(Literature)})
    out.append({"name": "indstillinger", "label": "Indstillinger og litteratur", "editor": {"preview": False},
                "files": settings})
    out.append({"name": "vokabularer", "label": "Vokabularer", "editor": {"preview": False}, "files": [
        {"name": p.stem, "label": cat.vocabularies[p.stem].label if p.stem in cat.vocabularies else p.stem,
         "file": f"content/vokabularer/{p.name}", "fields": ed.fields(Vocabulary)} for p in vocab_files]})
    out.append({"name": "tekster", "label": "Tekster", "editor": {"preview": False}, "files": [
        {"name": p.stem, "label": f"Tekster ({p.stem})", "file": f"content/tekster/{p.name}",
         "fields": [{"name": key, "label": key, "widget": "string", "required": True}
                    for key in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})]} for p in strings_files]})
    return out


def config(cat: Catalogue) -> dict:
    """Decap CMS's configuration for this catalogue (a checkout of the original; forks and hosted back ends:
    FORKING.md)."""
    ed = Options(cat)
    return {
        "backend": {"name": "git-gateway", "branch": "main"},
        "local_backend": {"url": local_proxy()},
        "locale": cat.settings.language if cat.settings.language in ("da", "en") else "da",
        "media_folder": "content/sider/billeder", "public_folder": "/billeder",
        "collections": collections(cat, ed),
    }


class _Dumper(yaml.SafeDumper):
    pass


def config_yaml(cat: Catalogue) -> str:
    """The configuration as YAML; a list of choices used by several fields is written once (a YAML anchor)."""
    return yaml.dump(config(cat), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def write(cat: Catalogue, site_dir: Path) -> bool:
    """site/admin/: the editor (index.html from templates/admin/, config.yml, the Decap bundle). Without the bundle
    (npm packages not installed) nothing is written and a line says how to install it."""
    if not DECAP_JS.is_file():
        print("Redigering i browseren (/admin/) er udeladt: Decap CMS er ikke installeret — kør 'npm ci' i "
              "projektets mappe (scripts/rediger gør det selv)", file=sys.stderr)
        return False
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "config.yml").write_text(config_yaml(cat), encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=True, undefined=StrictUndefined)
    page = env.get_template("admin/index.html").render(lang=cat.settings.language, site_name=cat.settings.site_name)
    (admin / "index.html").write_text(page, encoding="utf-8")
    dist = DECAP_JS.parent  # the bundle, the chunks it loads from its own folder, their WebAssembly and licences
    for path in [DECAP_JS, *sorted(dist.glob("*.decap-cms.js")), *sorted(dist.glob("*.wasm")),
                 dist / "decap-cms.js.LICENSE.txt"]:
        if path.is_file():
            shutil.copyfile(path, admin / path.name)
    return True
