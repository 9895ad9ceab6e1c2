"""Shared fixtures: a throw-away copy of the project to build and break, and helpers to load content."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "macros"))

from catalogue.content import load  # noqa: E402

PY = sys.executable


class Yaml12(yaml.SafeLoader):
    """YAML as an editor reads it (yaml-language-server: YAML 1.2, core schema), to check the JSON Schemas the
    editors use: true/True/TRUE are booleans, 2018, 0o17 and 0x1F integers, 1.5 and .inf floats, ~/null/empty
    null, everything else (ja, 09:00, 2024-03-01, no) text."""


Yaml12.yaml_implicit_resolvers = {}
for _tag, _rx, _first in (
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
         "-+0123456789."),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])):
    Yaml12.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_rx), list(_first))
Yaml12.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value, 0) if node.value[:2] in ("0o", "0x")
                       else int(node.value))


def yaml12(text: str):
    return yaml.load(text, Loader=Yaml12)
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "macros"), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def make_project(tmp: Path, with_entries: bool = True) -> Path:
    """Copy mkdocs.yml, content/, macros/ and templates/ into tmp (content only: others are symlinked)."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp / "content")
    for name in ("macros", "templates"):
        (tmp / name).symlink_to(ROOT / name)
    if not with_entries:  # an empty catalogue: no entries of any kind, nothing featured
        from catalogue.kinds import KINDS
        for kind in KINDS:
            for p in (tmp / "content" / kind.folder).glob("*.yml"):
                p.unlink()
        settings = tmp / "content" / "indstillinger.yml"
        settings.write_text("\n".join(ln for ln in settings.read_text(encoding="utf-8").splitlines()
                                      if not ln.startswith("fremhaevet:")) + "\n", encoding="utf-8")
    return tmp


# scripts/rediger starts the editor's proxy with this command (tests/test_editor_proxy.py checks the script says so)
PROXY = [PY, "-m", "editor_proxy"]


@contextlib.contextmanager
def editor_proxy(root: Path, port: int, preview_port: int, log=subprocess.DEVNULL):
    """The editor's proxy as scripts/rediger starts it, on root, until the block ends: yields the process."""
    proc = subprocess.Popen([*PROXY, "--root", str(root), "--port", str(port), "--preview-port", str(preview_port)],
                            cwd=root, env=ENV, stdout=log, stderr=log)
    try:
        for _ in range(150):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            assert proc.poll() is None, "the editor's proxy stopped at once"
            time.sleep(0.1)
        else:
            raise AssertionError("the editor's proxy did not start")
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def build(project: Path, *extra, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra],
                          cwd=project, env=env or ENV, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The embedded content built once into a temporary site/ for the output tests."""
    project = make_project(tmp_path_factory.mktemp("built"))
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="session")
def catalogue():
    cat = load(ROOT)
    assert cat.report.ok, "\n".join(d.format() for d in cat.report.errors)
    return cat


# --- the built site in a real browser (shared by test_browser.py and test_discovery.py) ---------------------------

@pytest.fixture(scope="session")
def settings(built_site) -> dict:
    return yaml.safe_load((built_site.parent / "content" / "indstillinger.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def strings(built_site, settings) -> dict:
    path = built_site.parent / "content" / "tekster" / f"{settings.get('sprog', 'da')}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_url(built_site, settings):
    """The built site over http on 127.0.0.1 (a free port), under the path of its base URL."""
    from browserkit import base_path, serve
    with serve(built_site, base_path(settings["base_url"])) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    from browserkit import launch
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


