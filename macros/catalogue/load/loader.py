"""Load the whole content/ folder into a validated Catalogue, collecting every diagnostic in one run."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import catalogue as package  # its MODEL_VERSION, read when a file is loaded (a test raises it)
from catalogue import ROOT
from catalogue.core import routes
from catalogue.core import strings as strings_table
from catalogue.core.diagnostics import ContentError, Report
from catalogue.core.yamlsource import read
from catalogue.load import cache
from catalogue.load.federation import load_merged
from catalogue.load.handwritten import check_pages
from catalogue.load.overlay import merge_overlay
from catalogue.model.entry import OWN, OWNERS, Entry, Origin, Provenance
from catalogue.model.kinds import KINDS, Kind
from catalogue.model.literature import Literature
from catalogue.model.schema import Context, Slug, Str, mapping_items
from catalogue.model.settings import Hidden, Settings, Vocabulary

# ---------------------------------------------------------------------------------------------- catalogue


@dataclass
class Catalogue:
    root: Path
    report: Report
    settings: Settings | None = None
    strings: dict = field(default_factory=dict)
    vocabularies: dict = field(default_factory=dict)  # id -> Vocabulary
    entries: dict = field(default_factory=dict)  # id -> entry record
    kinds: dict = field(default_factory=dict)  # id -> Kind
    provenance: dict = field(default_factory=dict)  # id -> Provenance (origin, files, a merged entry's source)
    backlinks: dict = field(default_factory=dict)  # id -> ids of the entries that use it (Bruges i)
    related_back: dict = field(default_factory=dict)  # id -> ids of the entries that name it as related
    literature_backlinks: dict = field(default_factory=dict)  # literature id -> ids of the entries that cite it
    literature: Literature | None = None  # the Literature record of content/litteratur.yml, if any
    literature_by_id: dict = field(default_factory=dict)
    hidden: dict = field(default_factory=dict)  # id -> the original entry a fork hides (content/lokalt/skjul.yml)
    hidden_refs: dict = field(default_factory=dict)  # hidden id -> ids of the original's entries that refer to it
    broken_vocabularies: set = field(default_factory=set)  # a fork's vocabulary file with errors (reported once)
    content_dir: str = "content"
    _used: dict = field(default_factory=dict, repr=False)  # kind name -> user id -> ids of that kind it uses

    @property
    def fork(self) -> bool:
        """A municipality's fork: its editors write under content/lokalt/ (FORKING.md)."""
        return self.report.local is not None

    def own_file(self, rel: str) -> str:
        """Where an editor adds to ``rel`` (a path under content/): in a fork, the same path under content/lokalt/."""
        return f"{self.content_dir}/{LOCAL}/{rel}" if self.fork else f"{self.content_dir}/{rel}"

    def add(self, record, kind, provenance):
        """An entry: its record, its kind and where it comes from."""
        self.entries[record.id] = record
        self.kinds[record.id] = kind
        self.provenance[record.id] = provenance

    def remove(self, entry_id: str):
        del self.entries[entry_id], self.kinds[entry_id], self.provenance[entry_id]

    def used_by(self, entry) -> list:
        """Entries that refer to this one (links both ways), sorted by kind and title."""
        ids = self.backlinks.get(entry.id, set())
        return sorted((self.entries[i] for i in ids if i in self.entries),
                      key=lambda e: (self.kinds[e.id].name, e.title.lower()))

    def used_of_kind(self, entry, kind_name: str) -> list:
        """The entries of one kind that this entry refers to, by title (e.g. the worksheets a workshop uses: its own
        list and its steps' and activities'): from the back-links."""
        return [self.entries[i] for i in self.uses_index(kind_name).get(entry.id, ()) if i in self.entries]

    def uses_index(self, kind_name: str) -> dict[str, list[str]]:
        """user id -> the ids of the entries of one kind it refers to, by title; built once per kind."""
        index = self._used.get(kind_name)
        if index is None:
            index = self._used[kind_name] = {}
            for other in self.of_kind(kind_name):
                for user in self.backlinks.get(other.id, ()):
                    index.setdefault(user, []).append(other.id)
        return index

    def of_kind(self, name: str) -> list:
        return sorted((e for i, e in self.entries.items() if self.kinds[i].name == name), key=lambda e: e.title.lower())

    def kind_of(self, entry) -> Kind:
        return self.kinds[entry.id]

    def url_of(self, entry) -> str:
        if self.provenance[entry.id].merged:  # '<catalogue>/<id>': a namespace of their own (federation.py)
            return routes.merged_entry(entry.id)
        return routes.entry(self.kinds[entry.id], entry.id)

    def facets(self) -> list:
        return sorted((v for v in self.vocabularies.values() if v.facet), key=lambda v: (v.order, v.id))

    def label(self, vocab: str, value: str) -> str:
        return self.vocabularies[vocab].by_id[value].label

    def owner_label(self, entry) -> str:
        return self.label(OWNERS, entry.owner)


def _rel(root: Path, p: Path) -> str:
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


_SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")  # a site path the theme may print as is
LOCAL = "lokalt"  # content/lokalt/: everything a fork adds or changes; the rest of content/ stays as upstream has it


def _compose(root: Path, path: Path, report: Report):
    rel = _rel(root, path)
    try:
        return read(rel, path.read_bytes())
    except ContentError as e:
        report.items.append(e.diagnostic)
        return None, None


def _load_file(root: Path, path: Path, record, report: Report, overlay: Path | None = None, append_lists=()):
    """Load one YAML file as ``record``, with an optional overlay file whose fields replace the original's.
    Returns (record or None, refs); diagnostics name the file each node comes from. Entries are kept in the parse
    cache (cache.py): their validation depends on their own bytes alone (settings also look at pages)."""
    stored = None
    if cache.enabled() and issubclass(record, Entry):
        stored = cache.path_for(root, _rel(root, path), record, [p for p in (path, overlay) if p is not None])
        found = cache.read(stored)
        if found is not None:
            obj, refs, items = found
            report.items.extend(items)
            return obj, refs
    sub = Report()
    obj, refs = _load_uncached(root, path, record, sub, overlay, append_lists)
    report.extend(sub)
    if stored is not None:
        cache.write(stored, obj, refs, sub.items)
    return obj, refs


MIGRATE_HINT = "kør scripts/migrate"


def file_version(node) -> tuple[int, yaml.Node | None]:
    """The model version a composed file follows: its top-level `modelversion`, else 1 (a file written before
    versions were declared, or by hand). A value that is no number is the record's to report (-1)."""
    v = top_value(node, "modelversion")
    if v is None:
        return 1, None
    # ASCII digits, at most nine ('²'.isdigit() is true; int() of 5,000 digits raises): else the record reports it
    return (int(v.value) if isinstance(v, yaml.ScalarNode) and re.fullmatch(r"[0-9]{1,9}", v.value) else -1), v


def top_value(node, key: str) -> yaml.Node | None:
    """The node of a top-level key of a composed file, read before the file is loaded as a record."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _check_version(source, node, report: Report) -> bool:
    """False (with the error) when the file follows another model version than this one: an older file is
    migrated first (the fields it uses may have changed, so nothing else in it is checked); a newer one needs a
    newer catalogue."""
    version, v = file_version(node)
    current = package.MODEL_VERSION
    if version == -1 or version == current:
        return True
    line, col = (v.start_mark.line + 1, v.start_mark.column + 1) if v is not None else (1, 1)
    if version > current:
        report.error(source.path, line, col, f"filen følger modelversion {version}, men denne udgave kender kun "
                     f"op til {current}", "hent den nyeste udgave af kataloget fra originalen (FORKING.md, afsnit 4)")
    else:
        shown = f"modelversion {version}" if v is not None else "modelversion 1 (den har ikke feltet 'modelversion')"
        report.error(source.path, line, col, f"filen følger {shown}, men modellen er nu version {current}",
                     MIGRATE_HINT + ", som opgraderer filen (og alle andre ældre filer); kør så scripts/check igen")
    return False


def _load_uncached(root: Path, path: Path, record, report: Report, overlay: Path | None, append_lists):
    sub = Report()
    source, node = _compose(root, path, sub)
    sources = {}
    current = source is not None and _check_version(source, node, sub)
    if source is not None and overlay is not None:
        o_source, o_node = _compose(root, overlay, sub)
        if o_source is not None and not _check_version(o_source, o_node, sub):
            current = False
        if current and o_source is not None:
            sources[o_source.path] = o_source
            node = merge_overlay(node, o_node, o_source, sub, append_lists)
    if not current or node is None or sub.errors:
        report.extend(sub)
        return None, []
    sources[source.path] = source
    ctx = Context(source, sub, sources=sources)
    try:
        obj = record.load(ctx, node)
    except RecursionError:
        sub.error(source.path, 1, 1, "indholdet er indrykket for mange niveauer", "tjek indrykningen")
        obj = None
    report.extend(sub)
    if sub.errors:
        return None, []  # nothing from an invalid file is published
    return obj, ctx.refs


def _load_strings(root: Path, path: Path, report: Report, lines: dict | None = None) -> dict:
    """The strings of one table file; each text checked against the placeholders the code fills in (strings.py).
    ``lines``, when given, gets each key's line."""
    rel = _rel(root, path)
    try:
        source, node = read(rel, path.read_bytes())
    except ContentError as e:
        report.items.append(e.diagnostic)
        return {}
    if not isinstance(node, yaml.MappingNode):
        report.error(rel, 1, 1, "tekstfilen skal være 'nøgle: tekst' linje for linje", "se content/tekster/da.yml")
        return {}
    strings = {}
    ctx = Context(source, report)
    for key, k, v in mapping_items(ctx, node, "nøglen"):
        value = Str().load(ctx, v)
        if value is None:
            continue
        wrong = strings_table.problem(key, value)
        if wrong:
            ctx.error(v, *wrong)
            continue
        strings[key] = value
        if lines is not None:
            lines[key] = k.start_mark.line + 1
    return strings


def _missing_strings(root: Path, base: Path, lang: str, strings: dict, where: str, report: Report):
    """A key of the Danish original (content/tekster/da.yml) that the chosen language lacks: one error each, at
    the file the editor adds it to."""
    original = base / "tekster" / "da.yml"
    if lang == "da" or not original.exists():
        return
    lines: dict = {}
    danish = _load_strings(root, original, Report(), lines)  # its own errors are reported when da is chosen
    for key in [k for k in danish if k not in strings]:
        report.error(where, 1, 1, f"teksten '{key}' mangler for sproget '{lang}'",
                     f"tilføj linjen '{key}: …' med en oversættelse af \"{danish[key]}\" (content/tekster/da.yml, "
                     f"linje {lines[key]})")


@dataclass
class Loading:
    """One load of content/: where it reads, what it has made so far, and what the stages hand on to each other."""
    root: Path  # the project (paths in diagnostics are relative to it)
    base: Path  # its content folder (content_dir)
    cat: Catalogue
    refs: list = field(default_factory=list)  # every typed reference found, resolved in one pass at the end
    broken: set = field(default_factory=set)  # ids of entry files with errors: references to them are not errors too

    @property
    def local(self) -> Path:
        return self.base / LOCAL

    @property
    def report(self) -> Report:
        return self.cat.report

    def rel(self, path: Path) -> str:
        return _rel(self.root, path)


def load(root: Path | str | None = None, content_dir: str = "content") -> Catalogue:
    """Every file under ``root/content_dir``, checked in one run: the stages below, in order (STAGES)."""
    root = Path(root or ROOT)
    base = root / content_dir
    report = Report(local=f"{content_dir}/{LOCAL}/" if (base / LOCAL).is_dir() else None)
    loading = Loading(root, base, Catalogue(root=root, report=report, content_dir=content_dir))
    for stage in STAGES:
        stage(loading)
    return loading.cat


def load_settings(ld: Loading) -> None:
    """content/indstillinger.yml (a fork's fields replace the original's), its menu pages and its logo."""
    cat, report = ld.cat, ld.report
    settings_path = ld.base / "indstillinger.yml"
    if not settings_path.exists():
        report.error(ld.rel(settings_path), 1, 1, "filen med sitets indstillinger mangler",
                     f"opret {cat.content_dir}/indstillinger.yml (se standardindholdet)")
        return
    overlay = ld.local / "indstillinger.yml"
    cat.settings, refs = _load_file(ld.root, settings_path, Settings, report, overlay if overlay.exists() else None)
    ld.refs += refs
    if cat.settings is None:
        return
    pages, local_pages = ld.base / "sider", ld.local / "sider"
    for item in cat.settings.menu:  # menu pages: in sider/ or the fork's lokalt/sider/
        if not ((pages / item.page).is_file() or (local_pages / item.page).is_file()):
            m = item.marks.get("page", item.mark)
            report.error(m.path, m.line, m.column, f"siden '{item.page}' findes ikke i {cat.content_dir}/sider/ "
                         f"eller {cat.content_dir}/{LOCAL}/sider/", "ret stien, eller opret siden")
    logo = cat.settings.logo
    if logo:  # a path under content/sider/ (or the fork's content/lokalt/sider/) that names a file
        m = cat.settings.marks.get("logo", cat.settings.mark)
        if not _SAFE_PATH.fullmatch(logo) or ".." in logo.split("/"):
            report.error(m.path, m.line, m.column, f"'{logo}' er ikke en gyldig sti til et billede",
                         f"skriv stien under {cat.content_dir}/sider/ med bogstaverne a-z, tal, '-', '_', '.' og "
                         "'/', fx billeder/logo.svg")
        elif not ((pages / logo).is_file() or (local_pages / logo).is_file()):
            report.error(m.path, m.line, m.column, f"logoet '{logo}' findes ikke i {cat.content_dir}/sider/ eller "
                         f"{cat.content_dir}/{LOCAL}/sider/", "læg billedet dér, eller ret stien")


def check_handwritten_pages(ld: Loading) -> None:
    """content/sider/ and a fork's content/lokalt/sider/: what a hand-written page may hold (handwritten.py)."""
    check_pages(ld.root, ld.base / "sider", ld.local / "sider", ld.report)


def load_strings(ld: Loading) -> None:
    """The strings table of the site's language (content/tekster/<sprog>.yml; a fork's keys replace the original's,
    or are all of them)."""
    cat, report = ld.cat, ld.report
    lang = cat.settings.language if cat.settings else "da"
    strings_path, local_strings = ld.base / "tekster" / f"{lang}.yml", ld.local / "tekster" / f"{lang}.yml"
    if strings_path.exists() or local_strings.exists():
        cat.strings = _load_strings(ld.root, strings_path, report) if strings_path.exists() else {}
        if local_strings.exists():
            cat.strings.update(_load_strings(ld.root, local_strings, report))
        _missing_strings(ld.root, ld.base, lang, cat.strings,
                         ld.rel(local_strings if local_strings.exists() else strings_path), report)
        return
    m = cat.settings.marks.get("language", cat.settings.mark) if cat.settings else None
    report.error(m.path if m else ld.rel(ld.base / "indstillinger.yml"), m.line if m else 1, m.column if m else 1,
                 f"der findes ingen tekster for sproget '{lang}'",
                 f"opret {cat.own_file(f'tekster/{lang}.yml')} som en oversat kopi af "
                 f"{cat.content_dir}/tekster/da.yml")


def load_vocabularies(ld: Loading) -> None:
    """content/vokabularer/ (a fork's values are added to the original's) and a fork's own vocabularies."""
    cat, report = ld.cat, ld.report
    local_vocabs = {p.stem: p for p in (ld.local / "vokabularer").glob("*.yml")}
    for path in sorted((ld.base / "vokabularer").glob("*.y*ml")):
        overlay = local_vocabs.pop(path.stem, None)
        sub = Report()
        vocab, _ = _load_file(ld.root, path, Vocabulary, sub, overlay, ("vaerdier",))
        report.extend(sub)
        if vocab is None and overlay is not None and not any(d.path == ld.rel(path) for d in sub.errors):
            # the fork's values have errors (reported above): the original's values stay, and values that may be
            # among the fork's are not reported again in every file that uses them
            vocab, _ = _load_file(ld.root, path, Vocabulary, Report())
            cat.broken_vocabularies.add(path.stem)
        if vocab is not None:
            vocab.id = path.stem
            cat.vocabularies[path.stem] = vocab
    for stem, path in sorted(local_vocabs.items()):  # a fork's own vocabularies
        vocab, _ = _load_file(ld.root, path, Vocabulary, report)
        if vocab is not None:
            vocab.id = stem
            cat.vocabularies[stem] = vocab
        else:
            cat.broken_vocabularies.add(stem)
    if OWNERS not in cat.vocabularies and not (ld.base / "vokabularer" / f"{OWNERS}.yml").exists():  # else: reported
        report.error(f"{cat.content_dir}/vokabularer/{OWNERS}.yml", 1, 1, f"vokabularet '{OWNERS}' mangler",
                     "opret filen (se standardindholdet)")


def load_entries(ld: Loading) -> None:
    """The entries of every kind: the originals, then content/lokalt/ (new entries, or fields that replace an
    original's)."""
    for kind in KINDS:
        originals = _entry_files(ld.root, ld.base / kind.folder, ld.report)
        locals_ = _entry_files(ld.root, ld.local / kind.folder, ld.report)
        for stem, path in originals.items():
            overlay = locals_.pop(stem, None)
            _add_entry(ld.cat, kind, ld.root, path, overlay, Origin.ADAPTED if overlay else Origin.ORIGINAL,
                       ld.refs, ld.broken, ld.report)
        for path in locals_.values():
            sub = Report()
            _add_entry(ld.cat, kind, ld.root, path, None, Origin.LOCAL, ld.refs, ld.broken, sub)
            ld.report.extend(_misspelt_adaptation(ld.root, path, kind, list(originals), sub))


def hide_entries(ld: Loading) -> None:
    """content/lokalt/skjul.yml: originals a fork does not show."""
    cat, report = ld.cat, ld.report
    hidden_path = ld.local / "skjul.yml"
    if not hidden_path.exists():
        return
    h, _ = _load_file(ld.root, hidden_path, Hidden, report)
    for item in (h.items if h else []):
        if item.id not in cat.entries:
            report.warning(item.mark.path, item.mark.line, item.mark.column,
                           f"'{item.id}' skal skjules, men findes ikke", "ret id'et, eller fjern linjen")
            continue
        cat.hidden[item.id] = cat.entries[item.id]
        cat.remove(item.id)
        if cat.settings is not None and cat.settings.featured == item.id:  # the front page would lose its block
            at = item.marks.get("id", item.mark)
            report.warning(at.path, at.line, at.column,
                           f"'{item.id}' er den post forsiden fremhæver (indstillingerne: 'fremhaevet'); skjult "
                           "viser forsiden ingen fremhævet post",
                           "vælg en anden fremhævet post i kommunens indstillinger, eller vis posten igen")


def add_merged_catalogues(ld: Loading) -> None:
    """Other catalogues merged in with scripts/merge (read-only entries; federation.py)."""
    load_merged(ld.cat, ld.root, ld.report, ld.base)


def load_literature(ld: Loading) -> None:
    """content/litteratur.yml (a fork's titles are added to the original's); every id once."""
    cat, report = ld.cat, ld.report
    lit_path, lit_local = ld.base / "litteratur.yml", ld.local / "litteratur.yml"
    if not lit_path.exists():
        return
    cat.literature, refs = _load_file(ld.root, lit_path, Literature, report,
                                      lit_local if lit_local.exists() else None, ("titler",))
    ld.refs += refs
    for item in (cat.literature.items if cat.literature is not None else []):
        if item.id in cat.literature_by_id:
            report.error(item.mark.path, item.mark.line, item.mark.column,
                         f"litteratur-id '{item.id}' står to gange", "giv hver titel sit eget id")
        cat.literature_by_id[item.id] = item


def resolve_references(ld: Loading) -> None:
    """Every reference at once: each kind of reference resolves itself (references.py)."""
    cat = ld.cat
    for ref in ld.refs:
        ref.resolve(cat, ld.report, cat.hidden, ld.broken)
    for entry_id, sources in sorted(cat.hidden_refs.items()):  # expected in a fork: one line, not a warning each
        names = sorted(sources)
        more = " …" if len(names) > 5 else ""
        ld.report.notes.append(
            f"'{entry_id}' er skjult ({cat.content_dir}/{LOCAL}/skjul.yml): {len(names)} henvisning(er) til "
            f"den fra originalens poster udelades ({', '.join(names[:5])}{more})")


def withdraw_files_with_errors(ld: Loading) -> None:
    """Nothing from a file with errors is published, whatever stage found them."""
    bad_paths = {d.path for d in ld.report.errors}
    for entry_id in [i for i, p in ld.cat.provenance.items() if p.files() & bad_paths]:
        ld.cat.remove(entry_id)


# The loader's stages, in the order they run: each reads what the earlier ones made.
STAGES = (load_settings, check_handwritten_pages, load_strings, load_vocabularies, load_entries, hide_entries,
          add_merged_catalogues, load_literature, resolve_references, withdraw_files_with_errors)


def versioned_files(root: Path, content_dir: str = "content") -> list[Path]:
    """Every file `load` reads as a versioned record (records.Versioned), the original's and content/lokalt/'s:
    what scripts/migrate upgrades. (The strings files and merged exports have no model version.)"""
    out = []
    for base in (root / content_dir, root / content_dir / LOCAL):
        out += [p for p in (base / "indstillinger.yml", base / "litteratur.yml", base / "skjul.yml") if p.is_file()]
        out += sorted((base / "vokabularer").glob("*.y*ml"))
        for kind in KINDS:
            out += sorted(p for p in (base / kind.folder).glob("*.y*ml"))
    return out


def _entry_files(root: Path, folder: Path, report: Report) -> dict:
    files = {}
    for path in sorted(folder.glob("*")):
        if path.suffix not in (".yml", ".yaml"):
            if path.is_file() and not path.name.startswith("."):
                report.warning(_rel(root, path), 1, 1, "filen bliver ikke brugt", "indholdsfiler skal ende på .yml")
            continue
        files[path.stem] = path
    return files


def _misspelt_adaptation(root, path, kind, originals: list[str], report: Report) -> Report:
    """A fork's file whose id matches no original entry and that is not marked as an own entry (`egen_post`), and
    is not a whole entry either, is most likely an adaptation whose file name is misspelt: say that, instead of
    listing the fields a whole entry would need."""
    rel = _rel(root, path)
    errors = [d for d in report.errors if d.path == rel]
    if not errors or any(d.hint.startswith(MIGRATE_HINT) for d in errors):
        return report
    source, node = _compose(root, path, Report())
    if node is None or file_marked_own(node):
        return report  # a YAML slip, or an own entry that is not finished: its own errors say what to do
    close = difflib.get_close_matches(path.stem, originals, n=1)
    fix = (f"mente du '{close[0]}'? Omdøb filen til {close[0]}.yml for at tilpasse den post" if close else
           f"ret filnavnet til id'et på den post i content/{kind.folder}/, I vil tilpasse")
    out = Report(local=report.local, notes=report.notes,
                 items=[d for d in report.items if d.path != rel])
    out.error(rel, 1, 1, f"ingen post i originalen med id '{path.stem}'",
              f"{fix}; en hel ny post skal have '{OWN}: true' (scripts/new {kind.name} {path.stem} --lokal skriver "
              "et skelet)")
    return out


def file_marked_own(node) -> bool:
    v = top_value(node, OWN)
    return isinstance(v, yaml.ScalarNode) and v.value.lower() == "true"


def _add_entry(cat, kind, root, path, overlay, origin, refs, broken, report):
    entry, r = _load_file(root, path, kind.record, report, overlay)
    if entry is None:
        broken.add(path.stem)  # its own errors are reported; references to it are not errors too
        return
    rel = _rel(root, path)
    if entry.id != path.stem:
        m = entry.marks.get("id", entry.mark)
        if re.fullmatch(Slug.pattern, path.stem):
            hint = f"skriv 'id: {path.stem}', eller omdøb filen til {entry.id}.yml"
        else:  # the file name is no valid id: the id is, so the file takes its name
            hint = (f"omdøb filen til {entry.id}.yml (filnavnet er postens id: små bogstaver a-z, tal og "
                    "bindestreger)")
        report.error(m.path, m.line, m.column, f"id '{entry.id}' passer ikke med filnavnet '{path.name}'", hint)
        return
    if entry.id in cat.entries:
        report.error(rel, entry.mark.line, entry.mark.column, f"id '{entry.id}' bruges allerede",
                     f"vælg et andet id; {cat.provenance[entry.id].path} har det")
        return
    cat.add(entry, kind, Provenance(origin, rel, _rel(root, overlay) if overlay else None))
    for ref in r:
        ref.source = entry.id
    refs += r


# -- the preview's quick update (scripts/serve) ---------------------------------------------------------------

def changed_entries(cat: Catalogue, paths: list[Path]) -> list[tuple[str, Kind]] | None:
    """The (id, kind) of the entries whose YAML files these are (originals or a fork's overlays), if every path
    is an existing entry's file; else None (something else changed: the whole site must be built)."""
    folders = {k.folder: k for k in KINDS}
    content = cat.root / cat.content_dir
    out = []
    for p in paths:
        try:
            rel = p.relative_to(content).parts
        except ValueError:
            return None
        rel = rel[1:] if rel and rel[0] == LOCAL else rel
        if len(rel) != 2 or rel[0] not in folders or p.suffix != ".yml" or not p.exists():
            return None
        if p.stem not in cat.entries:
            return None
        out.append((p.stem, folders[rel[0]]))
    return out


def reload_entries(cat: Catalogue, changed: list[tuple[str, Kind]]) -> Report:
    """Load these entries' files again (original and overlay) and put them into the catalogue under the same id,
    kind and provenance. References are not checked again here (the full build that follows does). On any error
    the catalogue is left as it was; the report says what is wrong."""
    report = Report()
    content = cat.root / cat.content_dir
    loaded = {}
    for entry_id, kind in changed:
        original = content / kind.folder / f"{entry_id}.yml"
        overlay = content / LOCAL / kind.folder / f"{entry_id}.yml"
        base = original if original.exists() else overlay
        entry, _ = _load_file(cat.root, base, kind.record, report,
                              overlay if base == original and overlay.exists() else None)
        if entry is None or entry.id != entry_id:
            if report.ok:
                report.error(_rel(cat.root, base), 1, 1, f"id'et skal være '{entry_id}' som filnavnet",
                             "ret id'et, eller omdøb filen")
            return report
        loaded[entry_id] = entry
    cat.entries.update(loaded)
    cat._used.clear()  # titles may have changed: the order of used_of_kind
    return report
