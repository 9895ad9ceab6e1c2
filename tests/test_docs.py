"""Docs that are tested (issue 18, part 6 and its "done when"): the commands README, FORKING.md, INTERFACES.md and
the editors' page show are each answered by `--help` and either run here, started and probed here, or listed as
needing the network or as long; every YAML example is written where the text says and validated as it stands;
and FORKING.md is carried out step by step in a temporary fork — through the scripts themselves, as a municipality
would — to a build with no errors and no warnings of the fork's own."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import textwrap
import urllib.request

import pytest

from catalogue.load.loader import load
from conftest import ENV, ROOT, http_answers, make_project, on_free_port, preview
from test_fork import fill_all
from test_serve import fetch, wait_for

DOCS = {"README.md": ROOT / "README.md", "FORKING.md": ROOT / "FORKING.md", "INTERFACES.md": ROOT / "INTERFACES.md",
        "redaktoerer.md": ROOT / "content/sider/redaktoerer.md"}
COMMAND = re.compile(r"(?<![\w./-])((?:scripts|bench)/[a-z][a-z-]*)(?![\w/.-])")

# What happens to each command the docs show (a command added to the docs fails the first test until it is here)
RUN_HERE = {"scripts/check", "scripts/new", "scripts/migrate", "scripts/merge", "scripts/build"}
SERVERS = {"scripts/serve", "scripts/rediger"}  # started and probed below
THIS_TEST = {"scripts/test"}  # the command that runs this file (CI: .ci/run)
LONG = {"bench/run", "bench/run-ab"}  # minutes of builds, writes bench/: run by hand (bench/REPORT.md)
NETWORK = ["git remote add original <adressen på originalen>", "git fetch original", "git merge original/main"]


def doc_commands() -> set[str]:
    return {m.group(1) for path in DOCS.values() for m in COMMAND.finditer(path.read_text(encoding="utf-8"))}


def test_every_command_the_docs_show_is_run_probed_or_listed():
    found = doc_commands()
    assert found == RUN_HERE | SERVERS | THIS_TEST | LONG, found ^ (RUN_HERE | SERVERS | THIS_TEST | LONG)


@pytest.mark.parametrize("command", sorted(RUN_HERE | SERVERS | THIS_TEST | LONG))
def test_every_command_answers_help(command):
    out = subprocess.run([str(ROOT / command), "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and re.search(r"(?i)brug|usage", out.stdout), out.stdout + out.stderr


def clone(tmp) -> object:
    """A checkout of the project in tmp: content/, the engine, the templates and mkdocs.yml copied, the installed
    packages linked (the scripts and the engine find the project from their own path: they work on this copy)."""
    project = make_project(tmp)
    for name in ("macros", "templates"):
        (project / name).unlink()
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("scripts", ".venv", "node_modules", "package.json", "package-lock.json", "requirements.txt",
                 "requirements-test.txt", "pyproject.toml"):
        (project / name).symlink_to(ROOT / name)
    return project


def sh(project, line: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", line], cwd=project, env={**ENV, **env}, capture_output=True, text=True,
                          timeout=600)


def yaml_blocks(text: str):
    """(block, where it starts) for every ```yaml block, dedented as a reader copies it."""
    for m in re.finditer(r"(?m)^( *)```yaml\n(.*?)^ *```", text, re.S):
        yield textwrap.dedent(m.group(2)), m.start()


def own(cat):
    return [d.format() for d in cat.report.items if d.path.startswith("content/lokalt/")]


def test_the_yaml_examples_of_readme_and_the_editors_page_are_valid_where_they_say(tmp_path):
    assert list(yaml_blocks(DOCS["README.md"].read_text(encoding="utf-8"))) == []  # README shows commands only
    text = DOCS["redaktoerer.md"].read_text(encoding="utf-8")
    blocks = list(yaml_blocks(text))
    assert len(blocks) == 1
    project = make_project(tmp_path / "p")
    for block, start in blocks:
        target = re.findall(r"`(content/[\w/.-]+\.yml)`", text[:start])[-1]
        (project / target).write_text(block, encoding="utf-8")
        cat = load(project)
        assert [d.format() for d in cat.report.items if d.path == target] == []
        assert cat.entries["mit-id"].title == "Lektiecafé i Nordområdet"
    # the page itself shows the block as code (fenced code is on in mkdocs.yml and the engine's own shell)
    from catalogue.site import shell
    assert "fenced_code" in shell.MARKDOWN_EXTENSIONS


def place_forking_blocks(text: str, project) -> dict:
    """Sections 1-2: each YAML block of FORKING.md into the file named last before it. Section 7's blocks are
    variants of the settings file (one `redigering:` each): returned to be tried one at a time."""
    placed, variants = {}, []
    for block, start in yaml_blocks(text):
        target = re.findall(r"`(content/lokalt/[\w/.-]+\.yml)`", text[:start])[-1]
        if block.startswith("redigering:"):
            variants.append(block)
            continue
        placed[target] = block
        path = project / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block, encoding="utf-8")
    return {"placed": placed, "variants": variants}


def test_forking_md_step_by_step(tmp_path, built_site):
    """FORKING.md carried out in a temporary fork: branding, the municipality as an organisation, an own entry made
    with the command the text gives, an adaptation, hiding, the update commands, merging a neighbour, the build."""
    text = DOCS["FORKING.md"].read_text(encoding="utf-8")
    project = clone(tmp_path / "fork")
    local = project / "content/lokalt"

    # 1. Branding — the logo where the block's comment says to put it
    blocks = place_forking_blocks(text, project)
    assert set(blocks["placed"]) == {"content/lokalt/indstillinger.yml", "content/lokalt/vokabularer/organisationer.yml",
                                     "content/lokalt/skjul.yml"}
    where = re.search(r"logo: (\S+) +# læg filen i (content/lokalt/sider/[\w/]+/)", text)
    logo = project / where.group(2) / where.group(1).split("/")[-1]
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")

    # 2. An own entry, with the command as FORKING.md gives it, filled in; then what its warnings advise
    command = re.search(r"`(scripts/new [^`]+ --lokal)`", text).group(1)
    out = sh(project, command)
    assert out.returncode == 0, out.stderr
    entry_id = command.split()[2]
    path = local / "indsatser" / f"{entry_id}.yml"
    path.write_text(fill_all(path.read_text(encoding="utf-8"), load(project)).replace(
        "ejer: frederiksberg-kommune", "ejer: eksempelby-kommune"), encoding="utf-8")
    advice = [d for d in load(project).report.warnings if d.path.endswith(f"{entry_id}.yml")]
    assert advice and all(d.message.startswith("overblikket mangler") for d in advice)
    for d in advice:  # "udfyld 'formaal' eller …": uncomment that field's block in the skeleton and fill it
        key = re.match(r"udfyld '(\w+)'", d.hint).group(1)
        lines = path.read_text(encoding="utf-8").splitlines()
        head = next(i for i, ln in enumerate(lines) if ln.startswith(f"## {key} "))
        end = next((i for i in range(head + 1, len(lines)) if not lines[i].startswith("# ")), len(lines))
        lines[head + 1:end] = [ln[2:] for ln in lines[head + 1:end]]
        path.write_text(fill_all("\n".join(lines) + "\n", load(project)), encoding="utf-8")
    #    an adaptation: "med kun de felter, der skal ændres, fx `titel:`"
    assert "`content/lokalt/indsatser/<samme-id>.yml` med kun de felter, der skal ændres" in text
    (local / "indsatser/robusthed.yml").write_text("titel: Robusthed for unge i Eksempelby\n", encoding="utf-8")
    cat = load(project)
    assert own(cat) == [] and cat.report.ok, own(cat) or [d.format() for d in cat.report.errors]

    # 7. The editing variants of the settings file, each added to the branding block
    settings = local / "indstillinger.yml"
    branding = settings.read_text(encoding="utf-8")
    assert len(blocks["variants"]) == 3
    for variant in blocks["variants"]:
        settings.write_text(branding + variant, encoding="utf-8")
        assert own(load(project)) == [], variant
    settings.write_text(branding, encoding="utf-8")

    # 4. New versions of the original: the network commands are listed; check and migrate run here
    sh_blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    network = []
    for line in sh_blocks[0].splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("git "):
            network.append(line)
            continue
        out = sh(project, line)
        assert out.returncode == 0, (line, out.stdout, out.stderr)
        if line == "scripts/check":
            assert re.search(r"(?m)^\d+ poster tjekket: 0 fejl, 0 advarsler \(og \d+ i originalens indhold\)$",
                             out.stderr), out.stderr
            assert not re.search(r"(?m)^\S+: (error|warning):", out.stderr)  # the original's: one line
        if line == "scripts/migrate":
            assert "0 fil(er) er opgraderet" in out.stdout
    assert network == NETWORK

    # 5. Another municipality's catalogue (a built site stands in for theirs)
    [merge] = [ln for ln in sh_blocks[1].splitlines() if ln.startswith("scripts/merge ")]
    out = sh(project, merge.replace("sti/til/deres/site", str(built_site)))
    assert out.returncode == 0, out.stderr

    # 6. Publish
    out = sh(project, "scripts/build", SOURCE_DATE_EPOCH="1767225600")
    assert out.returncode == 0, out.stderr[-3000:]
    assert not re.search(r"(?m)^content/lokalt/\S+: (error|warning):", out.stderr), out.stderr
    assert not re.search(r"(?m)^\S+: error:", out.stderr)
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Eksempelby Kommunes inspirationskatalog" in home and (site / "billeder/logo.svg").exists()
    assert "Lokal post fra Eksempelby Kommune." in (site / f"indsatser/{entry_id}/index.html").read_text(encoding="utf-8")
    assert "Robusthed for unge i Eksempelby" in (site / "indsatser/robusthed/index.html").read_text(encoding="utf-8")
    assert not (site / "indsatser/elevfravaer").exists()
    assert list((site / "andre-kataloger" / "nabokommune").glob("*/index.html"))  # the neighbour's entries


def probe_until(url, predicate, timeout=90.0):
    return wait_for(lambda: predicate(fetch(url)), timeout=timeout)


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def test_the_servers_the_docs_name_start_and_answer(tmp_path):
    """scripts/serve (README) and scripts/rediger (FORKING.md, the editors' page), started as the docs say."""
    project = clone(tmp_path / "p")
    log = tmp_path / "serve.log"
    with preview(project, env={**ENV, "KATALOG_PDF": "0"}, output=log, argv=["scripts/serve"], stop=stop,
                 timeout=180) as (_, base, _):
        assert probe_until(base, lambda page: "Inspirationskatalog" in page)
        assert "Dialogisk læsning" in fetch(base + "indsatser/dialogisk-laesning/")
    warnings = [d.format() for d in load(project).report.warnings]
    assert warnings and all(log.read_text(encoding="utf-8").count(w) == 1 for w in warnings)  # once, not twice

    def rediger(port, proxy, out):
        return subprocess.Popen(["scripts/rediger", "--port", str(port)], cwd=project,
                                env={**ENV, "KATALOG_PDF": "0", "KATALOG_EDITOR_PORT": str(proxy)},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def answers(port, proxy):  # the preview and the proxy (scripts/rediger serves on when the proxy fails)
        return http_answers(port, "/preview-status.json", status=200) and http_answers(proxy, server="katalog-rediger")

    with on_free_port(rediger, answers, ports=2, stop=stop, timeout=180) as (_, (port, proxy), _):
        assert probe_until(f"http://127.0.0.1:{port}/admin/config.yml", lambda c: f"127.0.0.1:{proxy}/api/v1" in c)
        assert "decap-cms.js" in fetch(f"http://127.0.0.1:{port}/admin/")
        request = urllib.request.Request(f"http://127.0.0.1:{proxy}/api/v1", method="POST",
                                         data=json.dumps({"action": "info"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as r:
            info = json.loads(r.read())
        assert info.get("repo") == project.name or "publish_modes" in info, info


def test_the_editors_page_speaks_to_the_consultant_first(tmp_path, built_site):
    """Issue 29, point 6: the editors' page starts with the form — how to get in, the steps, Tilpas and Skjul, with
    the editor's own screenshots (tests/editor_screenshots.py) — with no YAML, terminal or file names before the
    part for the person who sets the catalogue up, and no loopback address anywhere on the published page. What it
    names is what the form shows: the steps (kinds.py, the strings table) in their order, the menus of a fork's
    editor, the field and the link. (tests/test_editor_browser.py carries the steps out in the real editor.)"""
    from catalogue.outputs import editor_config
    text = DOCS["redaktoerer.md"].read_text(encoding="utf-8")
    consultant, _, setup = text.partition("\n## For den, der sætter kataloget op")
    assert setup and re.findall(r"(?m)^## (.+)$", consultant) == [
        "Sådan kommer du ind", "Formularen i trin", "Tilpas og Skjul (i en kommunes eget katalog)"]
    assert "```" not in consultant and not COMMAND.search(consultant) and "content/" not in consultant
    assert "yaml" not in consultant.lower().replace("du skal ikke kunne yaml", "")
    page = (built_site / "redaktoerer" / "index.html").read_text(encoding="utf-8")
    for where in (text, page):
        assert not re.search(r"127\.0\.0\.1|localhost|\[::1\]", where)
    # the steps, as the form has them
    fork = make_project(tmp_path / "fork")
    (fork / "content" / "lokalt").mkdir()
    config = editor_config.config(load(fork))
    collections = {c["label"]: c for c in config["collections"]}
    steps = [f["ik"]["step"]["name"] for f in collections["Egne: Indsatser"]["fields"]
             if f.get("ik", {}).get("step", {}).get("first")]
    assert re.findall(r"(?m)^\d\. \*\*(.+?)\*\* —", consultant) == steps
    others = [f["ik"]["step"]["name"] for f in collections["Egne: Arbejdsark"]["fields"]
              if f.get("ik", {}).get("step", {}).get("first")]
    assert ", ".join(f"**{s}**" for s in others[:-1]) + f" og **{others[-1]}**" in " ".join(consultant.split())
    # the menus, the field and the link it names
    for label in ("Egne: Indsatser", "Tilpas: Indsatser", "Vokabularer (egne værdier)", "Kommunens indstillinger"):
        assert label in collections and label.split(":")[-1].strip() in consultant, label
    files = {f["label"]: f for f in collections["Kommunens indstillinger"]["files"]}
    assert "Skjulte poster" in files and any(f["label"] == "Fremhævet" for f in files["Indstillinger"]["fields"])
    assert 'seePage: "Se siden"' in (ROOT / "templates/overrides/assets/ik-editor-da.js").read_text(encoding="utf-8")
    # the pictures: the editor's own, small, on the page
    pictures = re.findall(r"!\[[^\]]+\]\((billeder/[\w-]+\.png)\)", consultant)
    assert len(pictures) >= 3
    for picture in pictures:
        data = (ROOT / "content" / "sider" / picture).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) < 100_000, picture
        assert f'src="../{picture}"' in page, picture
