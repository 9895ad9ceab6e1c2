"""The repository stands alone: a fork cloned from GitHub has nothing but these files. Nothing refers to a path
outside the repository or on a build machine, every document links only to files that exist here, and the
interfaces other catalogues rely on are documented in the repository (INTERFACES.md)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from catalogue.model.interchange import catalogue_schema

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".git", ".venv", "site", ".cache", "node_modules", "work", "__pycache__", ".pytest_cache"}


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        files = [ROOT / p for p in out.decode("utf-8").split("\0") if p]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (an unpacked archive)
        files = [p for p in ROOT.rglob("*") if p.is_file() and not SKIP_DIRS & set(p.relative_to(ROOT).parts)]
    return [p for p in files if p.is_file()]


# Places that exist only on the team's build machines: the shared folder beside the repo, its seed extractions and
# inventory, the contract kept there, and home or workspace folders. (Pieces joined so this file does not match.)
OUTSIDE = re.compile("|".join([
    r"\.\./" + "shared", "shared/" + "(?:seeds|guide)", r"(?<![\w./-])/" + "work/", "INVENTORY" + r"\.md", "CONTRACT" + r"\.md",
    r"[0-9a-f]{3}_[0-9a-f]{16}\." + "txt", "/" + r"home/\w", "/" + "root/", "/" + r"Users/\w", r"[A-Z]:\\" + r"\\?Users",
]))


def test_nothing_refers_to_a_path_outside_the_repository():
    found = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # images, fonts
        for n, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert len(tracked_files()) > 100
    assert not found, "\n".join(found[:40])


def test_the_check_finds_what_it_looks_for():
    up, work, sh = "..", "wo" + "rk", "shar" + "ed"
    for line in (f"Kilde: /{work}/{sh}/seeds/002_2731226" + "1a0f76c2e.txt",
                 "tekstudtrækket 004_b28bba22" + "6870e7e9.txt", f"se {up}/{sh}/guide/x", "(" + "INVENTORY" + ".md)"):
        assert OUTSIDE.search(line), line
    assert not OUTSIDE.search("bench/" + work + "/ og site/")


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
# content/sider/ holds the site's pages: MkDocs checks their links (mkdocs build --strict)
DOCUMENTS = [p for p in tracked_files() if p.suffix == ".md" and "sider" not in p.relative_to(ROOT).parts]


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_documents_link_only_to_files_in_the_repository(doc):
    missing = []
    text = re.sub(r"`[^`]*`", "", doc.read_text(encoding="utf-8"))  # code is not a link
    for target in LINK.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # web addresses and anchors within the page
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.is_relative_to(ROOT) or not path.exists():
            missing.append(target)
    assert not missing, missing


def test_the_readme_links_the_interfaces():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(INTERFACES.md)" in readme


def test_interfaces_document_every_key_of_the_export():
    """INTERFACES.md names every key of catalogue.json (and its schema is the one the code checks against)."""
    text = (ROOT / "INTERFACES.md").read_text(encoding="utf-8")
    schema = catalogue_schema()
    keys = list(schema["properties"]) + list(schema["properties"]["entries"]["items"]["properties"])
    undocumented = [k for k in keys if f"| `{k}` |" not in text]
    assert not undocumented, undocumented
    for kind in schema["properties"]["entries"]["items"]["properties"]["type"]["enum"]:
        assert f"`{kind}`" in text
