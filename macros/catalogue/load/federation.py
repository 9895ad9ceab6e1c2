"""Federation: other catalogues' exports taken into this site as read-only entries.

``scripts/merge PATH…`` (merge.py) checks an exported ``catalogue.json`` (a file, or a built site folder holding
``data/catalogue.json``) and stores it as ``content/lokalt/foederation/<name>.json``. The loader turns every stored
entry into a read-only entry: listed, searchable and filterable here, with an absolute link to the original. Their
facet values must exist in this site's vocabularies (others are left out, with a warning).

A merged catalogue lives in a namespace of its own, so nothing in an export can take the place of this site's pages
or speak in its name (issue 26):

- ids: ``<name>/<id>`` — a '/' is in no id of this site's own (``Slug``), so no merged id equals one;
- pages: ``andre-kataloger/<name>/<id>/`` (``routes.merged_entry``) — no kind listing, facet page or own entry
  lives there;
- owner: one organisation per merged catalogue, ``katalog_<name>`` (a '_' is in no id of this site's own), named
  after whoever merged it (``--navn``) or the export's host — never the export's own ``origin`` text, which would
  let a partner file its entries under an organisation of this catalogue."""
from __future__ import annotations

import contextlib
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from catalogue.core import routes
from catalogue.core.diagnostics import Report
from catalogue.model.entry import OWNERS, Merged, Origin, Provenance
from catalogue.model.interchange import DATE, LIMITS, catalogue_schema
from catalogue.model.kinds import kind_named
from catalogue.model.settings import VocabValue

FOLDER = ("lokalt", "foederation")
NAME_MAX = 100  # characters of a merged catalogue's name (its owner's label)


def slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "katalog"


def read_export(path: Path) -> tuple[dict, str]:
    """The export's JSON and the path it was read from; a folder means a built site (data/catalogue.json)."""
    p = Path(path)
    if p.is_dir():
        for candidate in (p / routes.CATALOGUE_JSON, p / "site" / routes.CATALOGUE_JSON, p / "catalogue.json"):
            if candidate.is_file():
                p = candidate
                break
        else:
            raise ValueError(f"{path}: ingen catalogue.json i mappen (ventede {routes.CATALOGUE_JSON})")
    return parse_export(p), str(p)


def parse_export(p: Path):
    """JSON from a file of at most LIMITS['bytes'] bytes; ValueError with a Danish message otherwise."""
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ValueError(f"{p}: kan ikke læses ({e.strerror})") from None
    if size > LIMITS["bytes"]:
        raise ValueError(f"{p}: filen er for stor ({size:,} bytes; højst {LIMITS['bytes']:,})".replace(",", "."))
    try:
        return json.loads(p.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{p}: filen er ikke gemt som UTF-8") from None
    except RecursionError:
        raise ValueError(f"{p}: filen er indlejret for mange niveauer") from None
    except (OSError, json.JSONDecodeError) as e:
        raise ValueError(f"{p}: kan ikke læses som JSON ({e})") from None


_TYPES = {"string": "tekst", "array": "en liste", "object": "felter ({…})", "null": "null", "integer": "et tal",
          "number": "et tal", "boolean": "true/false"}
MAX_PROBLEMS = 20


def _place(data, path) -> str:
    """'post 3 (id 'x'), feltet 'title'' for an error's path in the export."""
    path = list(path)
    if not path:
        return "filen"
    if path[0] != "entries":
        return f"feltet '{path[0]}'"
    if len(path) == 1:
        return "'entries'"
    n = path[1]
    item = data["entries"][n] if isinstance(data.get("entries"), list) and n < len(data["entries"]) else None
    ident = item.get("id") if isinstance(item, dict) else None
    where = f"post {n + 1}" + (f" (id '{str(ident)[:40]}')" if isinstance(ident, str) else "")
    return where + (f", feltet '{path[2]}'" if len(path) > 2 else "")


_RANK = {"type": 0, "required": 1, "enum": 2, "anyOf": 3, "pattern": 3, "minLength": 4, "maxLength": 5}


def _danish(error) -> str:
    """A Danish message for one JSON Schema error (the schema is interchange.catalogue_schema())."""
    kind, value, arg = error.validator, error.instance, error.validator_value
    shown = repr(value)[:60] if not isinstance(value, (dict, list)) else ""
    if kind == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return f"mangler feltet '{missing[0]}'" if missing else "mangler et felt"
    if kind == "type":
        types: list[str] = arg if isinstance(arg, list) else [arg]
        wanted = " eller ".join(_TYPES.get(t, t) for t in types)
        return f"forventede {wanted}"
    if kind == "maxLength":
        return f"teksten er for lang ({len(value):,} tegn; højst {arg})".replace(",", ".")
    if kind == "minLength":
        return "teksten er tom"
    if kind in ("maxItems", "maxProperties"):
        return f"for mange ({len(value):,}; højst {arg})".replace(",", ".")
    if kind == "enum":
        return f"ukendt værdi {shown} (kendte: {', '.join(map(str, arg))})"
    if kind == "pattern" and arg == DATE:
        return f"{shown} er ikke en dato på formen ÅÅÅÅ-MM-DD"
    if kind in ("pattern", "anyOf"):
        if isinstance(value, str) and ":" in value.split("/")[0] and not value.lower().startswith(("http://", "https://")):
            return f"{shown} er ikke en tilladt adresse (kun http:// og https://)"
        if isinstance(value, str) and any(c in value for c in '"<>\\^`{|} \t\n'):
            return f"{shown} indeholder tegn, der ikke må stå i en adresse eller et id (\" < > mellemrum …)"
        return f"{shown} har ikke den rigtige form"
    return f"ugyldig værdi {shown}"


def check_export(data, where: str) -> list[str]:
    """Every problem of an export, each naming the file and the entry: it is data from another site, untrusted
    like a file from a stranger. Keys this version does not know are ignored; known keys are checked."""
    if not isinstance(data, dict):
        return [f"{where}: filen skal være et JSON-objekt med 'generated' og 'entries'"]
    entries, most = data.get("entries"), LIMITS["entries"]
    if isinstance(entries, list) and len(entries) > most:  # before the schema: it would check every entry first
        return [f"{where}: {_place(data, ['entries'])}: for mange ({len(entries):,}; højst {most})".replace(",", ".")]
    import jsonschema  # here, not at the top: only a fork with other catalogues needs it (0.1 s per build)
    validator = jsonschema.Draft202012Validator(catalogue_schema())
    problems = []
    by_path: dict = {}  # one message per place: the most telling of its errors
    for e in validator.iter_errors(data):
        key = tuple(str(x) for x in e.absolute_path)
        if key not in by_path or _RANK.get(e.validator, 9) < _RANK.get(by_path[key].validator, 9):
            by_path[key] = e
    for key in sorted(by_path):
        e = by_path[key]
        problems.append(f"{where}: {_place(data, e.absolute_path)}: {_danish(e)}")
    if problems:
        return problems[:MAX_PROBLEMS] + ([f"{where}: … og {len(problems) - MAX_PROBLEMS} fejl mere"]
                                          if len(problems) > MAX_PROBLEMS else [])
    if "site_url" not in data:
        problems.append(f"{where}: mangler 'site_url' (den fulde adresse på kataloget) — angiv den med --url")
    dates = [(["generated"], data["generated"])] + [(["entries", n, "last_reviewed"], e["last_reviewed"])
                                                   for n, e in enumerate(data["entries"]) if e["last_reviewed"]]
    for path, value in dates:
        try:
            date.fromisoformat(value)
        except ValueError:
            problems.append(f"{where}: {_place(data, path)}: datoen '{value}' findes ikke i kalenderen")
    seen = set()
    for n, e in enumerate(data["entries"]):
        if e["id"] in seen:
            problems.append(f"{where}: {_place(data, ['entries', n])}: id'et står to gange")
        seen.add(e["id"])
    return problems


def host_of(site_url: str) -> str:
    """'https://nabo.example.org/katalog/' -> 'nabo.example.org'."""
    return urlsplit(site_url).hostname or site_url


def display_name(stored: dict) -> str:
    """The name a merged catalogue is shown by: the one given to scripts/merge (--navn), else its host."""
    name = stored.get("name")
    if isinstance(name, str) and name.strip() and len(name) <= NAME_MAX and name.isprintable():
        return " ".join(name.split())
    return host_of(stored["site_url"])


def merged_id(catalogue: str, entry_id: str) -> str:
    return f"{catalogue}/{entry_id}"


def owner_id(catalogue: str) -> str:
    return f"katalog_{catalogue}"


def load_merged(cat, root: Path, report: Report, base: Path | None = None):
    """Add every stored foreign catalogue's entries to ``cat``: Merged records, with their provenance. ``base``:
    the content folder (default root/content)."""
    base = base if base is not None else root / "content"
    folder = base / Path(*FOLDER)
    stored_files = sorted(folder.glob("*.json"))
    orgs = cat.vocabularies.get(OWNERS)
    own_labels = {v.label.casefold(): v.id for v in orgs.values} if orgs is not None else {}
    taken = [p for pages in (base / "sider", base / FOLDER[0] / "sider")
             for p in (pages / routes.MERGED, pages / f"{routes.MERGED}.md") if p.exists()]
    for path in stored_files:
        rel = path.relative_to(root).as_posix()
        if taken:
            report.error(rel, 1, 1, f"adressen {routes.MERGED}/, hvor flettede katalogers poster vises, bruges af "
                         f"{taken[0].relative_to(root).as_posix()}", "giv den side et andet navn")
            continue
        try:
            stored = parse_export(path)
        except ValueError as e:
            report.error(rel, 1, 1, str(e).split(": ", 1)[1], "lav den igen med scripts/merge")
            continue
        problems = check_export(stored, rel)
        if problems:  # nothing is merged from a file with errors
            for problem in problems:
                report.error(
                    rel, 1, 1, problem.split(": ", 1)[1], "ret eksporten, eller lav den igen med scripts/merge"
                )
            continue
        base = stored["site_url"].rstrip("/") + "/"
        slug = slugify(path.stem)
        if slug != path.stem:
            report.error(rel, 1, 1, f"filnavnet '{path.name}' er ikke et id", f"kald filen {slug}.json")
            continue
        label, owner = display_name(stored), owner_id(slug)
        if label.casefold() in own_labels:
            report.error(rel, 1, 1, f"det flettede katalog hedder '{label}' ligesom organisationen "
                         f"'{own_labels[label.casefold()]}' i dette katalog", "flet det igen med et andet --navn")
            continue
        if orgs is not None:  # the merged catalogue becomes an organisation (a facet value) of its own
            value = VocabValue(id=owner, label=label, description=None)
            orgs.values.append(value)
            orgs.by_id[owner] = value
            own_labels[label.casefold()] = owner
        own_site = (cat.settings.base_url or "").rstrip("/") + "/" if cat.settings is not None else None
        for item in stored["entries"]:
            if own_site and (item.get("source_url") or "").startswith(own_site):
                continue  # this site's own entry, come back through a catalogue that merged it
            kind = kind_named(item["type"])
            new_id = merged_id(slug, item["id"])
            facets = {}
            for vocab, values in item["facets"].items():
                v = cat.vocabularies.get(vocab)
                if vocab == OWNERS:
                    continue
                kept = [x for x in values if v is not None and v.facet and x in v.by_id]
                dropped = [x for x in values if x not in kept]
                if dropped:
                    report.warning(
                        rel,
                        1,
                        1,
                        f"{new_id}: værdierne {', '.join(dropped)} i '{vocab}' findes ikke her og udelades",
                        f"tilføj dem i content/lokalt/vokabularer/{vocab}.yml for at bruge dem",
                    )
                if kept:
                    facets[vocab] = kept
            reviewed = None
            if item.get("last_reviewed"):
                with contextlib.suppress(ValueError):  # the schema checked its shape; an impossible date: none
                    reviewed = date.fromisoformat(item["last_reviewed"])
            record = Merged(id=new_id, title=item["title"], summary=item["summary"], owner=owner, facets=facets,
                            last_reviewed=reviewed)
            cat.add(
                record, kind, Provenance(Origin.MERGED, rel, source_url=item.get("source_url") or base + item["url"])
            )
