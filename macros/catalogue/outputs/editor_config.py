"""Editing in the browser: the Decap CMS configuration (/admin/config.yml), generated from the model.

Every form field comes from a ``Field`` declaration — its key, its label (``Field.label`` or the key spelt in
Danish), its doc as the hint, its required flag — and its type's ``editor()`` widget (the table is in
ARCHITECTURE.md, "Editing in the browser"). Choices that come from the catalogue — vocabulary values, entries of
any kind, literature — are generated here at build (labels shown, ids stored): Decap's relation widget reads one
collection only. Adding a Field to a record puts it in the form; nothing about a field is written twice.

``write(cat, site_dir)`` puts the editor into site/admin/: index.html (noindex, no request to any origin but the
site and the back end), config.yml and the Decap bundle from node_modules/ (package-lock.json pins it)."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from catalogue import ROOT
from catalogue.core import routes
from catalogue.core.diagnostics import ContentError
from catalogue.core.yamlsource import read
from catalogue.load.loader import LOCAL, Catalogue
from catalogue.model.entry import OWN, OWNERS
from catalogue.model.kinds import KINDS, Kind, form_steps
from catalogue.model.literature import Literature
from catalogue.model.schema import CPR_MESSAGE, CPR_RE, Record, Str, danish_label, missing_message
from catalogue.model.settings import Hidden, Settings, Vocabulary
from catalogue.outputs import csp

DECAP_JS = ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
# the form's own scripts (validation at the field, originals, pasted lists, Danish texts: ik-editor.js), beside Decap's
EDITOR_JS = ("ik-editor-init.js", "ik-editor.js", "ik-editor-core.js", "ik-editor-da.js", "ik-editor.css")
# the YAML library Decap itself uses (a dependency of decap-cms, pinned by package-lock.json), for the `yml` format
# that writes clock times in quotes; its ES modules go into admin/yaml/
YAML_JS = ROOT / "node_modules" / "yaml" / "browser" / "dist"
SAME_RECORD_DEPTH = (
    3  # a record nested in itself (sections, sub-sections, theirs): levels in the form (the content uses 3)
)
PROXY_PORT = (
    "KATALOG_EDITOR_PORT"  # the editor proxy's port (macros/catalogue/cli/editor_proxy.py; scripts/rediger: 8081)
)


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
        self._adapting: list[bool] = [False]  # a fork's adaptation or override: the validator requires nothing

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
        options = self._once(
            ("vocab", vocab), lambda: [{"label": x.label, "value": x.id} for x in (v.values if v else [])]
        )
        return {"widget": "select", "options": options, "ik": {"choices": f"{VOCABULARY}{vocab}"}}

    def _entry_options(self, pairs) -> list[dict]:
        """(entry, kind) pairs -> choices by title: "Titel (Indsats)" shown, id stored."""
        t = self.cat.strings
        return [{"label": f"{e.title} ({t.get('kind_' + k.name, '')})", "value": e.id}
                for e, k in sorted(pairs, key=lambda ek: (ek[0].title.lower(), ek[0].id))]

    def entries(self, kinds: tuple[str, ...]) -> dict:
        return {"widget": "select", "options": self._once(("entries", tuple(kinds)), lambda: self._entry_options(
            (e, self.cat.kind_of(e)) for e in self.cat.entries.values()
            if not kinds or self.cat.kind_of(e).name in kinds)), "ik": {"choices": f"{ENTRIES}{','.join(kinds)}"}}

    def literature(self) -> dict:
        lit = self.cat.literature  # the Literature record, or None
        return {"widget": "select", "options": self._once("literature", lambda: [
            {"label": " — ".join(x for x in (i.authors, str(i.year or ""), i.title) if x), "value": i.id}
            for i in (lit.items if isinstance(lit, Literature) else [])])}

    def facets(self) -> list:
        return [v for v in self.cat.facets() if v.id != OWNERS]

    def fields(self, cls: type[Record], optional: bool = False, leave_out=()) -> list[dict] | None:
        """The form fields of a record; None where it would nest in itself more than SAME_RECORD_DEPTH times.
        ``optional``: nothing is required (a fork's adaptation, which changes only what the editor fills in)."""
        if self._path.count(cls) >= SAME_RECORD_DEPTH:
            return None
        self._path.append(cls)
        self._relaxed.append(self.relaxed or optional)
        self._adapting.append(self._adapting[-1] or optional)
        try:
            return [spec for spec in (self.field(f) for f in cls.fields if f.key not in leave_out)
                    if spec is not None]
        finally:
            self._adapting.pop()
            self._relaxed.pop()
            self._path.pop()

    def originals(self) -> dict:
        """A fork's choice of the original's entries, hidden ones too."""
        def make():
            shown = [(e, self.cat.kind_of(e)) for e in self.cat.entries.values()
                     if not (self.cat.provenance[e.id].local or self.cat.provenance[e.id].merged)]
            return self._entry_options(shown + [(e, self._kind_of_hidden(e)) for e in self.cat.hidden.values()])
        return {"widget": "select", "options": self._once("originals", make)}

    @staticmethod
    def _kind_of_hidden(entry):
        return next(k for k in KINDS if isinstance(entry, k.record))

    def field(self, f) -> dict | None:
        """One form field from its Field: key, label, doc as hint, required (see _relaxed), its type's widget."""
        required = f.required and not self.relaxed
        self._relaxed.append(not required)
        try:
            widget = f.editor if f.editor is not None else f.type.editor(self)
        finally:
            self._relaxed.pop()
        if widget is None:
            return None
        label = f.label or danish_label(f.key)
        if f.required and not self._adapting[-1]:  # where the validator requires it (in a group: once it is used)
            label += " (påkrævet)"
        # Decap's own "required" and "pattern" checks are replaced by the engine's (scripts/rediger) or by the
        # checks generated here (`ik`, run by templates/admin/ik-editor.js on a hosted back end), each with the
        # validator's text: Decap would say "Titel er påkrævet" where the checker says "feltet 'titel' mangler"
        spec: dict[str, Any] = {"name": f.key, "label": label, "required": False}
        if f.doc:
            spec["hint"] = plain_hint(f)
        spec.update(widget)
        if spec["widget"] == "object" and len(self._path) > 1 and not f.required:
            spec["collapsed"] = True  # a block inside a block (a fact box in a section): opened when wanted
        if spec["widget"] == "list":  # "Tilføj kilde", not "Tilføj kilder (påkrævet)"
            spec.setdefault("label_singular", f.label or danish_label(f.key))
        if f.editor is None:
            spec["ik"] = generated_checks(f, spec, required)
        return spec


CPR_CHECK = {"refuse": CPR_RE.pattern, "message": CPR_MESSAGE}

# A choice list's name in `ik.choices` (ik-editor.js asks the engine for these lists afresh with every check)
VOCABULARY, ENTRIES = "vokabular:", "poster:"


def choices(cat: Catalogue, names: list[str]) -> dict[str, list[dict]]:
    """The choice lists named (`ik.choices`) as the catalogue has them now: a vocabulary value or an entry saved
    since the editor was opened is among them (scripts/rediger: the proxy's check sends them with its answer)."""
    ed = Options(cat)
    out = {}
    for name in names:
        if name.startswith(VOCABULARY) and name[len(VOCABULARY):] in cat.vocabularies:
            out[name] = ed.vocabulary(name[len(VOCABULARY):])["options"]
        elif name.startswith(ENTRIES):
            out[name] = ed.entries(tuple(k for k in name[len(ENTRIES):].split(",") if k))["options"]
    return out


# The docs speak to a person writing YAML; the form's hints to a person filling in a form (plain Danish, no file
# names, no 'true'): what differs is said here once, by pattern
FORM_WORDING = [
    (re.compile(r"^true (hvis|når)\b"), r"Sæt hak, \1"),  # a yes/no field is a tick box in the form
    (re.compile(r"^true giver\b"), "Et hak giver"),
    (re.compile(r"^Id(?:'er)? fra (?:content/)?[\w/<>-]+\.yml\.?$"), "Vælg i listen."),  # a choice list of names
    (re.compile(r"; skal være det samme som filens navn uden \.yml"),
     ": laves af titlen, til du gemmer første gang (æ bliver ae, ø oe, å aa, mellemrum -); små bogstaver a-z, tal "
     "og bindestreger (fx 'lektiecafe-nord'); det bliver også filens navn"),
]


def plain_hint(f) -> str:
    """A field's doc as the form's hint (FORM_WORDING)."""
    doc = f.doc or ""
    for pattern, replacement in FORM_WORDING:
        doc = pattern.sub(replacement, doc)
    return doc


def generated_checks(f, spec: dict, required: bool) -> dict:
    """What the form checks without the engine (a hosted back end), from the model's declarations: a required
    field (the validator's message), the type's pattern, a number's range, the CPR refusal on every text.
    Vocabularies, entries and fixed values are choice lists (Decap's select offers nothing else)."""
    ik = dict(spec.pop("ik", {}))
    checks = []
    if required:
        ik["required"] = missing_message(f.key)
    pattern = spec.pop("pattern", None)
    if pattern:
        checks.append({"pattern": pattern[0], "message": pattern[1]})
    if isinstance(f.type, Str):
        checks.append(CPR_CHECK)  # one object: written once in the YAML (an anchor)
    if checks:
        ik["checks"] = checks
    return ik


def stepped(kind: Kind, fields: list[dict] | None, t) -> list[dict]:
    """A kind's top-level form fields in the form's steps (kinds.form_steps, declared once per kind): each field's
    `ik.step` names its step (number, count, name; `first` on the step's first shown field, which draws the step's
    heading: ik-editor.js) and `ik.rank` its place in the model, the order a saved file keeps. A step's first field
    is open; an optional block after it is collapsed (Decap's `collapsed`), as is every optional block in a block."""
    assert fields is not None  # None only for a record nested in itself too deep
    by_key = {spec["name"]: spec for spec in fields}
    rank = {key: n for n, key in enumerate(by_key)}
    hidden = [spec for spec in fields if spec.get("widget") == "hidden"]  # in no step (nothing is shown)
    steps = form_steps(kind, [k for k, spec in by_key.items() if spec.get("widget") != "hidden"])
    out = []
    for spec in hidden:
        spec.setdefault("ik", {})["rank"] = rank[spec["name"]]
        out.append(spec)
    for n, (step, keys) in enumerate(steps, 1):
        for i, key in enumerate(keys):
            ik = by_key[key].setdefault("ik", {})
            ik["step"] = {"n": n, "of": len(steps), "name": t.get(f"editor_step_{step}", step), "first": i == 0}
            ik["rank"] = rank[key]
            if i > 0 and by_key[key].get("widget") == "object" and "required" not in ik:  # (generated_checks)
                by_key[key]["collapsed"] = True  # a step's first block is open, its further ones opened when wanted
            out.append(by_key[key])
    return out


def collections(cat: Catalogue, ed: Options) -> list[dict]:
    t = cat.strings
    out = []
    for kind in KINDS:
        out.append({
            "name": kind.name, "label": t.get(f"kind_{kind.name}_plural", kind.folder),
            "label_singular": t.get(f"kind_{kind.name}", kind.name),
            "folder": f"content/{kind.folder}", "extension": "yml", "format": "yml", "create": True,
            "identifier_field": "titel", "slug": "{{fields.id}}", "summary": "{{titel}}",
            "fields": stepped(kind, ed.fields(kind.record, leave_out=(OWN,)), t)})
    vocab_files = sorted((cat.root / "content" / "vokabularer").glob("*.yml"))
    strings_files = sorted((cat.root / "content" / "tekster").glob("*.yml"))
    settings = [{"name": "indstillinger", "label": t["editor_settings"], "file": "content/indstillinger.yml",
                 "fields": ed.fields(Settings)}]
    if (cat.root / "content" / "litteratur.yml").exists():
        settings.append({"name": "litteratur", "label": t["editor_literature"], "file": "content/litteratur.yml",
                         "fields": ed.fields(Literature)})
    out.append({"name": "indstillinger", "label": t["editor_settings_literature"], "editor": {"preview": False},
                "files": settings})
    out.append({"name": "vokabularer", "label": t["editor_vocabularies"], "editor": {"preview": False}, "files": [
        {"name": p.stem, "label": cat.vocabularies[p.stem].label if p.stem in cat.vocabularies else p.stem,
         "file": f"content/vokabularer/{p.name}", "fields": ed.fields(Vocabulary)} for p in vocab_files]})
    out.append({"name": "tekster", "label": t["editor_strings"], "editor": {"preview": False}, "files": [
        {"name": p.stem, "label": f"{t['editor_strings']} ({p.stem})", "file": f"content/tekster/{p.name}",
         "fields": [{"name": key, "label": key, "widget": "string", "required": True}
                    for key in cat.strings]} for p in strings_files]})
    return out


def is_fork(cat: Catalogue) -> bool:
    """A municipality's fork: it has content/lokalt/ (FORKING.md), and its editors write only there."""
    return (cat.root / "content" / LOCAL).is_dir()


def fork_collections(cat: Catalogue, ed: Options) -> list[dict]:
    """A fork's editors write under content/lokalt/ only: own entries and adaptations per kind, hiding, local
    vocabulary values, settings and strings that replace the original's. The original's files are never written."""
    t = cat.strings
    local = f"content/{LOCAL}"
    out = []
    for kind in KINDS:
        plural = t.get(f"kind_{kind.name}_plural", kind.folder)
        out.append({
            "name": kind.name, "label": f"{t['editor_own']}: {plural}",
            "label_singular": t.get(f"kind_{kind.name}", kind.name),
            "folder": f"{local}/{kind.folder}", "extension": "yml", "format": "yml", "create": True,
            "identifier_field": "titel", "slug": "{{fields.id}}", "summary": "{{titel}}",
            # the folder holds adaptations too (files with only the fields they change); a whole entry of the
            # fork's own carries `egen_post: true` (the form's hidden field, scripts/new's skeleton)
            "filter": {"field": OWN, "value": True},
            "fields": stepped(kind, ed.fields(kind.record), t)})
    for kind in KINDS:  # one file per original entry: content/lokalt/<folder>/<id>.yml, written when saved
        originals = [
            e for e in cat.of_kind(kind.name) if not (cat.provenance[e.id].local or cat.provenance[e.id].merged)
        ]
        if not originals:
            continue
        fields = stepped(kind, ed.fields(kind.record, optional=True, leave_out=(OWN, "id")), t)  # one list, shared
        out.append({
            "name": f"tilpas-{kind.name}",
            "label": f"{t['editor_adapt']}: {t.get(f'kind_{kind.name}_plural', kind.folder)}",
            "files": [{"name": e.id, "label": e.title, "file": f"{local}/{kind.folder}/{e.id}.yml", "fields": fields}
                      for e in sorted(originals, key=lambda e: (e.title.lower(), e.id))]})
    hide = ed.fields(Hidden)
    assert hide is not None  # None only for a record nested in itself too deep
    for item in next(f for f in hide if f["name"] == "skjul")["fields"]:
        if item["name"] == "id":
            item.pop("pattern", None)
            item.update(ed.originals())
    files = [{"name": "skjul", "label": t["editor_hide"], "file": f"{local}/skjul.yml",
              "fields": hide},
             {"name": "indstillinger", "label": t["editor_settings"], "file": f"{local}/indstillinger.yml",
              "fields": ed.fields(Settings, optional=True)}]
    out.append({"name": "lokalt", "label": t["editor_local"], "editor": {"preview": False},
                "files": files})
    out.append({"name": "vokabularer", "label": t["editor_local_vocabularies"], "editor": {"preview": False}, "files": [
        {"name": v.id, "label": v.label, "file": f"{local}/vokabularer/{v.id}.yml",
         "fields": ed.fields(Vocabulary, optional=True)} for v in cat.vocabularies.values()]})
    return out


def _plain(node: Any) -> Any:
    """A composed YAML node as JSON data, every scalar as its text (as the loader reads it: no YAML 1.1 guessing)."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    return getattr(node, "value", None)


def originals(cat: Catalogue) -> dict:
    """A fork's adaptation forms show the original's values (admin/originals.json): collection -> entry id -> the
    original file's fields."""
    out: dict[str, dict] = {}
    for kind in KINDS:
        for e in cat.of_kind(kind.name):
            prov = cat.provenance[e.id]
            if prov.local or prov.merged:
                continue
            path = cat.root / prov.path
            try:
                _, node = read(prov.path, path.read_bytes())
            except (OSError, ContentError):
                continue
            out.setdefault(f"tilpas-{kind.name}", {})[e.id] = _plain(node)
    return out


def _settings(cat: Catalogue) -> Settings:
    """The catalogue's settings: a catalogue that loaded (and so is written) has them."""
    assert cat.settings is not None
    return cat.settings


def backend(cat: Catalogue) -> dict:
    """The back end the published site's editor uses (settings: redigering), else the local proxy only."""
    e = _settings(cat).editing
    if e is None:
        return {"name": "proxy", "proxy_url": local_proxy(), "branch": "main"}
    out = {"name": e.backend, "repo": e.repo, "branch": e.branch or "main"}
    if e.backend == "github" and e.auth_url:
        out["base_url"] = e.auth_url
    if e.backend == "gitlab":
        out.update({"auth_type": "pkce", "app_id": e.app_id or ""})
        if e.auth_url:
            out["base_url"] = e.auth_url
            out["api_root"] = e.auth_url.rstrip("/") + "/api/v4"
    if e.backend == "azure":
        out.update({"app_id": e.app_id or "", "tenant_id": e.tenant_id or ""})
    return out


def connect_sources(cat: Catalogue) -> list[str]:
    """The origins /admin/ talks to (its Content-Security-Policy's connect-src): the local proxy and the back end."""
    out = ["/".join(local_proxy().split("/")[:3])]
    e = _settings(cat).editing
    if e is not None:
        out += csp.ADMIN_CONNECT.get(e.backend, [])
        if e.auth_url:
            out.append("/".join(e.auth_url.split("/")[:3]))
    return list(dict.fromkeys(out))


def config(cat: Catalogue) -> dict:
    """Decap CMS's configuration for this catalogue: the original's collections, or a fork's (content/lokalt/
    only); its back end from the settings, and the local proxy (scripts/rediger) whenever it runs."""
    ed = Options(cat)
    settings = _settings(cat)
    out: dict[str, Any] = {"backend": backend(cat), "local_backend": {"url": local_proxy()}}
    if settings.editing is not None and settings.editing.workflow:
        out["publish_mode"] = "editorial_workflow"
    out.update({
        "locale": settings.language if settings.language in ("da", "en") else "da",
        "media_folder": f"content/{LOCAL}/sider/billeder" if is_fork(cat) else "content/sider/billeder",
        "public_folder": "/billeder",
        "collections": fork_collections(cat, ed) if is_fork(cat) else collections(cat, ed),
    })
    return out


# libyaml's emitter when PyYAML has it (the same text, ~4× faster: 1.7 MB at 5,000 entries in 0.9 s, not 3.1 s)
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def config_yaml(cat: Catalogue) -> str:
    """The configuration as YAML; a list of choices used by several fields is written once (a YAML anchor)."""
    return yaml.dump(config(cat), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def write(cat: Catalogue, site_dir: Path) -> bool:
    """site/admin/: the editor (index.html from templates/admin/, config.yml, the Decap bundle). Without the bundle
    (npm packages not installed) nothing is written and a line says how to install it."""
    if not DECAP_JS.is_file():
        print(f"Redigering i browseren (/{routes.ADMIN}) er udeladt: Decap CMS er ikke installeret — kør 'npm ci' i "
              "projektets mappe (scripts/rediger gør det selv)", file=sys.stderr)
        return False
    admin = Path(site_dir) / routes.ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "config.yml").write_text(config_yaml(cat), encoding="utf-8")
    env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=True, undefined=StrictUndefined)
    settings = _settings(cat)
    page = env.get_template("admin/index.html").render(lang=settings.language, site_name=settings.site_name,
                                                       check_url=local_proxy(),
                                                       preview_styles=" ".join(routes.PREVIEW_STYLES))
    (admin / "index.html").write_text(csp.with_policy(page, csp.ADMIN, connect_sources(cat)), encoding="utf-8")
    for name in EDITOR_JS:
        shutil.copyfile(ROOT / "templates" / "overrides" / "assets" / name, admin / name)
    if YAML_JS.is_dir():
        shutil.copytree(YAML_JS, admin / "yaml", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map"))
        licence = YAML_JS.parent.parent / "LICENSE"  # ISC: its notice goes with the copy
        if licence.is_file():
            shutil.copyfile(licence, admin / "yaml" / "LICENSE")
    if is_fork(cat):
        (admin / "originals.json").write_text(json.dumps(originals(cat), ensure_ascii=False), encoding="utf-8")
    dist = DECAP_JS.parent  # the bundle, the chunks it loads from its own folder, their WebAssembly and licences
    for path in [DECAP_JS, *sorted(dist.glob("*.decap-cms.js")), *sorted(dist.glob("*.wasm")),
                 dist / "decap-cms.js.LICENSE.txt"]:
        if path.is_file():
            shutil.copyfile(path, admin / path.name)
    return True
