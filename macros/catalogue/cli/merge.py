"""``scripts/merge PATH… [--url URL] [--navn NAME]``: take other catalogues' exports in as read-only entries.

Each export is checked as untrusted input (federation.check_export) and stored as
``content/lokalt/foederation/<name>.json``, ``<name>`` from ``--navn`` or the export's host (never from the entries'
``origin``). Merging a catalogue again replaces what was stored for it — the same name, or the same ``site_url``
under another name — and says so, with the number of entries before and after. Then the catalogue is loaded with the
new files in place, as the build loads it: if that gives an error it did not have before, the files are put back as
they were and the command exits 1, so whatever it accepts builds."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from catalogue import ROOT
from catalogue.core import routes
from catalogue.load.federation import FOLDER, NAME_MAX, check_export, host_of, parse_export, read_export, slugify
from catalogue.load.loader import load
from catalogue.outputs.export import build_date


def _stored(path: Path) -> dict:
    """What an earlier merge stored (for the message saying what a new one replaces); {} if unreadable."""
    try:
        data = parse_export(path)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _replaces(target: str, rel: str, old: dict, new: dict) -> str:
    """'… erstatter …: N poster før, M nu' — what a merge replaces, said in one line."""
    site_url, merged = old.get("site_url"), old.get("merged")
    site = site_url if isinstance(site_url, str) else "ukendt adresse"
    when = merged if isinstance(merged, str) else "ukendt dato"
    before = len(old["entries"]) if isinstance(old.get("entries"), list) else "?"
    return (f"{target} erstatter {rel} (kataloget {site[:200]}, flettet ind {when[:10]}): {before} poster før, "
            f"{len(new['entries'])} nu")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/merge", description="Tager andre katalogers eksport (catalogue.json, "
                                 f"eller et bygget site med {routes.CATALOGUE_JSON}) ind som skrivebeskyttede poster. "
                                 "Gemmes i content/lokalt/foederation/.")
    ap.add_argument("paths", nargs="+", metavar="PATH")
    ap.add_argument("--url", help="katalogets fulde adresse, hvis eksporten ikke selv angiver site_url")
    ap.add_argument("--navn", help="katalogets navn, som det vises her (fx 'Nabo Kommune'); giver også filnavnet. "
                    "Standard: værtsnavnet i katalogets adresse")
    ap.add_argument("--root", default=str(ROOT))
    args = ap.parse_args(argv)
    root = Path(args.root)
    folder = root / "content" / Path(*FOLDER)
    problems: list[str] = []
    stored: list[tuple[str, dict[str, Any], str]] = []  # (file name, what is written, where it came from)
    navn = " ".join(args.navn.split()) if args.navn is not None else None
    if navn is not None and (not navn or len(navn) > NAME_MAX or not navn.isprintable()):
        problems.append(f"--navn: skriv et navn på højst {NAME_MAX} tegn, fx --navn 'Nabo Kommune'")
    if navn and len(args.paths) > 1:
        problems.append("--navn navngiver ét katalog: flet eksporterne én ad gangen, hver med sit eget --navn")
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
        label = navn or host_of(data["site_url"])
        name = slugify(label)
        twin = next((w for n, d, w in stored if n == name), None)
        if twin:
            problems.append(f"{where}: får samme navn '{name}' som {twin} — flet dem hver for sig med hvert sit --navn")
            continue
        stored.append((name, {"name": label, "site_url": data["site_url"], "generated": data["generated"],
                              "merged": build_date(), "source": where, "entries": data["entries"]}, where))
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("Intet er flettet ind.", file=sys.stderr)
        return 1

    # what each new file replaces: the file of the same name, and the same catalogue stored under another name
    existing = {p: _stored(p) for p in sorted(folder.glob("*.json"))}
    writes = {
        folder / f"{name}.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n" for name, data, _ in stored
    }
    removes, notes = [], []
    for (_name, data, _), target in zip(stored, writes, strict=True):
        for p, old in existing.items():
            same_site = str(old.get("site_url", "")).rstrip("/") == data["site_url"].rstrip("/")
            if p == target or same_site:
                notes.append(_replaces(target.relative_to(root).as_posix(), p.relative_to(root).as_posix(), old, data))
                if p != target and p not in writes:
                    removes.append(p)

    # check the result as the build loads it; anything it breaks puts every file back as it was
    before = set(load(root).report.errors)
    created = not folder.exists()
    backup = {p: p.read_bytes() for p in [*writes, *removes] if p.exists()}
    folder.mkdir(parents=True, exist_ok=True)
    for target, text in writes.items():
        target.write_text(text, encoding="utf-8")
    for p in removes:
        p.unlink()
    broken = [d for d in load(root).report.errors if d not in before]
    if broken:
        for target in writes:
            target.unlink(missing_ok=True)
        for p, content in backup.items():
            p.write_bytes(content)
        if created:
            folder.rmdir()
        for d in broken:
            print(d.format(), file=sys.stderr)
        print(
            "Intet er flettet ind: med eksporten ville kataloget ikke kunne bygges (fejlene ovenfor).", file=sys.stderr
        )
        return 1
    for note in notes:
        print(note)
    for (_name, data, _), target in zip(stored, writes, strict=True):
        print(f"{len(data['entries'])} poster fra {data['site_url']} gemt i {target.relative_to(root).as_posix()} "
              f"(vises som '{data['name']}' under {routes.merged_catalogue(name)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
