"""The site's JavaScript (templates/overrides/assets/): ES modules in one style, linted by the pinned eslint
(eslint.config.mjs) and the search page's query logic unit-tested in Node (tests/js/*.test.mjs, `node --test`).
scripts/test installs eslint with the editor's packages (`npm ci`, package-lock.json)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed (scripts/test installs it)")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@needs_node
def test_eslint_passes():
    eslint = ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"
    assert eslint.exists(), "eslint is not installed: run `npm ci` (scripts/test does)"
    r = run(str(eslint), "--max-warnings", "0", ".")
    assert r.returncode == 0, f"eslint found problems:\n{r.stdout}\n{r.stderr}"


@needs_node
def test_eslint_lints_our_scripts_only():
    """The config picks our files: every site script, the preview's poller, the Node tests — nothing else."""
    r = run(str(ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"), "--format", "json", ".")
    linted = {str(Path(f["filePath"]).relative_to(ROOT)) for f in json.loads(r.stdout)}
    ours = {str(p.relative_to(ROOT)) for pattern in ("templates/overrides/assets/*.js", "templates/preview/*.js",
                                                     "tests/js/*.mjs", "eslint.config.mjs")
            for p in ROOT.glob(pattern)}
    assert linted == ours


@needs_node
def test_node_unit_tests_pass():
    r = run("--test", "tests/js/")
    assert r.returncode == 0, f"node --test tests/js/ failed:\n{r.stdout[-20000:]}\n{r.stderr}"
    assert re.search(r"^# pass [1-9]", r.stdout, re.M) and re.search(r"^# fail 0$", r.stdout, re.M), r.stdout


def test_eslint_is_pinned():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("eslint", "@eslint/js"):
        version = package["devDependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} must be an exact version, not {version!r}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert lock["packages"][""]["devDependencies"][name] == version


def test_site_scripts_are_modules():
    """Every script of our own is loaded as <script type="module">: mkdocs.yml's extra_javascript and the script
    tags the templates write (Decap's bundle on /admin/ is not ours). A module has no document.currentScript:
    eslint.config.mjs forbids it."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for script in config["extra_javascript"]:
        assert isinstance(script, dict) and script.get("type") == "module", script
    tags = []
    for template in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", template.read_text(encoding="utf-8")):
            tags.append((template.relative_to(ROOT), tag))
    assert tags
    for template, tag in tags:
        # Decap's bundle, and the flag that must be set before it runs (a module would run after it)
        if "decap-cms.js" in tag or "ik-editor-init.js" in tag:
            continue
        assert 'type="module"' in tag, f"{template}: {tag}"
