"""Federation: other catalogues' exports taken into this site as read-only entries.

``scripts/merge PATH…`` checks an exported ``catalogue.json`` (a file, or a built site folder holding
``data/catalogue.json``) and stores it as ``content/lokalt/foederation/<name>.json``. The loader turns every stored
entry into a read-only entry: listed, searchable and filterable here, with its origin and an absolute link to the
original. Their facet values must exist in this site's vocabularies (others are left out, with a warning)."""
from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

import jsonschema

from . import ROOT
from .diagnostics import Report
from .entry import OWNERS, Merged, Origin, Provenance
from .export import DATE, LIMITS, build_date, catalogue_schema
from .kinds import kind_named
from .site import VocabValue

FOLDER = ("lokalt", "foederation")


def slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "katalog"


def read_export(path: Path) -> tuple[dict, str]:
    """The export's JSON and the path it was read from; a folder means a built site (data/catalogue.json)."""
    p = Path(path)
    if p.is_dir():
        for candidate in (p / "data" / "catalogue.json", p / "site" / "data" / "catalogue.json", p / "catalogue.json"):
            if candidate.is_file():
                p = candidate
                break
        else:
            raise ValueError(f"{path}: ingen catalogue.json i mappen (ventede data/catalogue.json)")
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
    """A Danish message for one JSON Schema error (the schema is export.catalogue_schema())."""
    kind, value, arg = error.validator, error.instance, error.validator_value
    shown = repr(value)[:60] if not isinstance(value, (dict, list)) else ""
    if kind == "required":
        missing = [k for k in arg if isinstance(value, dict) and k not in value]
        return f"mangler feltet '{missing[0]}'" if missing else "mangler et felt"
    if kind == "type":
        wanted = " eller ".join(_TYPES.get(t, t) for t in (arg if isinstance(arg, list) else [arg]))
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


def load_merged(cat, root: Path, report: Report):
    """Add every stored foreign catalogue's entries to ``cat``: Merged records, with their provenance."""
    folder = root / "content" / Path(*FOLDER)
    for path in sorted(folder.glob("*.json")):
        rel = path.relative_to(root).as_posix()
        try:
            stored = parse_export(path)
        except ValueError as e:
            report.error(rel, 1, 1, str(e).split(": ", 1)[1], "lav den igen med scripts/merge")
            continue
        problems = check_export(stored, rel)
        if problems:  # nothing is merged from a file with errors
            for problem in problems:
                report.error(rel, 1, 1, problem.split(": ", 1)[1], "ret eksporten, eller lav den igen med scripts/merge")
            continue
        base = stored["site_url"].rstrip("/") + "/"
        slug = slugify(path.stem)
        orgs = cat.vocabularies.get(OWNERS)
        for item in stored["entries"]:
            kind = kind_named(item["type"])
            new_id = f"{slug}-{item['id']}"
            if new_id in cat.entries:
                report.error(rel, 1, 1, f"id '{new_id}' bruges allerede", "giv kataloget et andet navn med --navn")
                continue
            owner = slugify(item["origin"] or slug)
            if orgs is not None and owner not in orgs.by_id:  # the foreign organisation becomes a facet value
                value = VocabValue(id=owner, label=item["origin"] or slug, description=None)
                orgs.values.append(value)
                orgs.by_id[owner] = value
            facets = {}
            for vocab, values in item["facets"].items():
                v = cat.vocabularies.get(vocab)
                if vocab == OWNERS:
                    continue
                kept = [x for x in values if v is not None and v.facet and x in v.by_id]
                dropped = [x for x in values if x not in kept]
                if dropped:
                    report.warning(rel, 1, 1, f"{new_id}: værdierne {', '.join(dropped)} i '{vocab}' findes ikke her "
                                   "og udelades", f"tilføj dem i content/lokalt/vokabularer/{vocab}.yml for at bruge dem")
                if kept:
                    facets[vocab] = kept
            reviewed = None
            if item.get("last_reviewed"):
                try:
                    reviewed = date.fromisoformat(item["last_reviewed"])
                except ValueError:
                    pass
            record = Merged(id=new_id, title=item["title"], summary=item["summary"], owner=owner, facets=facets,
                            last_reviewed=reviewed)
            cat.add(record, kind, Provenance(Origin.MERGED, rel, source_url=item.get("source_url") or base + item["url"]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/merge", description="Tager andre katalogers eksport (catalogue.json, "
                                 "eller et bygget site med data/catalogue.json) ind som skrivebeskyttede poster. "
                                 "Gemmes i content/lokalt/foederation/.")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--url", help="kataloget fulde adresse, hvis eksporten ikke selv angiver site_url")
    ap.add_argument("--navn", help="kort navn til kataloget (bruges i id'er og filnavn); standard: oprindelsen")
    ap.add_argument("--root", default=str(ROOT))
    args = ap.parse_args(argv)
    problems, stored = [], []
    for path in args.paths:
        try:
            data, where = read_export(Path(path))
        except ValueError as e:
            problems.append(str(e))
            continue
        if args.url and isinstance(data, dict):
            data["site_url"] = args.url
        found = check_export(data, where)
        if found:
            problems += found
            continue
        origins = sorted({e["origin"] for e in data["entries"] if e.get("origin")})
        name = slugify(args.navn or (origins[0] if len(origins) == 1 else Path(where).parent.parent.name))
        stored.append((name, {"site_url": data["site_url"], "generated": data["generated"], "merged": build_date(),
                              "source": where, "entries": data["entries"]}))
    for p in problems:
        print(f"error: {p}", file=sys.stderr)
    if problems:
        print("Intet er flettet ind.", file=sys.stderr)
        return 1
    folder = Path(args.root) / "content" / Path(*FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in stored:
        target = folder / f"{name}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{len(data['entries'])} poster fra {data['site_url']} gemt i {target.relative_to(args.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
