"""The manifest of what a user sees: a hash of every file of site/ built from the embedded content (HTML, PDFs,
data/, the search index; SOURCE_DATE_EPOCH fixed), and the diagnostics of the hostile content corpus. A refactor
must leave both unchanged (tests/test_manifest.py); a change meant to alter what users see writes a new manifest:

    .venv/bin/python tests/manifest.py --write      # builds, then writes tests/manifest/

and the diff of tests/manifest/ in the commit shows which files changed."""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FOLDER = HERE / "manifest"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "macros"))


def site_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def hostile_diagnostics(tmp: Path) -> dict[str, list[dict]]:
    """Every case of the hostile corpus (tests/test_hostile.py) loaded as content/indsatser/x.yml: its diagnostics,
    as `scripts/check --json` gives them."""
    from conftest import make_project
    from test_hostile import ERRORS
    from catalogue.content import load
    project = make_project(tmp / "hostile", with_entries=False)
    out = {}
    for name, content, _ in ERRORS:
        path = project / "content" / "indsatser" / "x.yml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape"))
        cat = load(project)
        out[name] = json.loads(cat.report.to_json())
    return out


def read() -> tuple[dict, dict]:
    site = dict(line.split("  ", 1)[::-1] for line in (FOLDER / "site.sha256").read_text(encoding="utf-8").splitlines())
    diagnostics = json.loads((FOLDER / "diagnostics.json").read_text(encoding="utf-8"))
    return site, diagnostics


def write(site: Path, tmp: Path):
    FOLDER.mkdir(exist_ok=True)
    (FOLDER / "site.sha256").write_text("".join(f"{h}  {p}\n" for p, h in site_hashes(site).items()), encoding="utf-8")
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
    print(f"Skrev {FOLDER.relative_to(ROOT)}/site.sha256 og diagnostics.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
