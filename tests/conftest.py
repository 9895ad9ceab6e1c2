"""Shared fixtures: a throw-away copy of the project to build and break, and helpers to load content."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

from catalogue.load.loader import load  # pyproject.toml: pytest's pythonpath is macros/

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


# the environment of the children tests start (without the caller's KATALOG_PDF_CACHE: see own_pdf_cache)
ENV = {**{k: v for k, v in os.environ.items() if k != "KATALOG_PDF_CACHE"}, "PYTHONPATH": str(ROOT / "macros"),
       "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}


def make_project(tmp: Path, with_entries: bool = True) -> Path:
    """Copy mkdocs.yml, content/, macros/ and templates/ into tmp (content only: others are symlinked)."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "content", tmp / "content")
    for name in ("macros", "templates"):
        (tmp / name).symlink_to(ROOT / name)
    if not with_entries:  # an empty catalogue: no entries of any kind, nothing featured
        from catalogue.model.kinds import KINDS
        for kind in KINDS:
            for p in (tmp / "content" / kind.folder).glob("*.yml"):
                p.unlink()
        settings = tmp / "content" / "indstillinger.yml"
        settings.write_text("\n".join(ln for ln in settings.read_text(encoding="utf-8").splitlines()
                                      if not ln.startswith("fremhaevet:")) + "\n", encoding="utf-8")
    return tmp


# --- children on a port of their own ---------------------------------------------------------------------------
#
# The preview and the editor's proxy must know their port before they start (their Host and Origin checks, the
# proxy's URL in the built admin/config.yml), so a test picks a free port and hands it over: another process may
# take it in between. on_free_port starts the child again on new ports when that happened.

ADDRESS_IN_USE = re.compile(r"address already in use|\[Errno 98\]|EADDRINUSE", re.I)


def free_port() -> int:
    """A port nobody listens on now (a child told to use it may still find it taken: use on_free_port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortTaken(Exception):
    """The child stopped, saying its port was already in use: on_free_port tries new ports."""


@contextlib.contextmanager
def on_free_port(start, ready, *, ports: int = 1, attempts: int = 5, timeout: float = 60.0,
                 output: Path | None = None, stop=None):
    """Start a child that listens on `ports` ports it is told: start(*ports, out) -> Popen, where out is an open
    file the child writes its output to; ready(*ports) -> bool, true once the child answers. Until ready, a child
    that stops is read: "address already in use" (its port was taken between free_port and its bind) starts it
    again on new ports, anything else fails the test. Yields (proc, ports, output path); the child is stopped at
    the end (`stop(proc)`, else terminate)."""
    output = output or Path(tempfile.mkstemp(prefix="child-", suffix=".log")[1])
    for attempt in range(attempts):
        chosen = [free_port() for _ in range(ports)]
        with output.open("w") as out:
            proc = start(*chosen, out)
        try:
            _wait_ready(proc, chosen, ready, output, timeout)
        except PortTaken:
            (stop or _terminate)(proc)
            if attempt == attempts - 1:
                raise AssertionError(f"no free port after {attempts} attempts:\n{output.read_text()[-2000:]}") from None
            continue
        except BaseException:
            (stop or _terminate)(proc)
            raise
        try:
            yield proc, chosen, output
        finally:
            (stop or _terminate)(proc)
        return


def _wait_ready(proc, ports, ready, output: Path, timeout: float) -> None:
    """Until ready(*ports): a child that stopped, or one of whose processes says its port is in use (scripts/rediger
    goes on serving when its proxy could not start), raises PortTaken or fails."""
    end = time.monotonic() + timeout
    while True:
        code = proc.poll()
        text = output.read_text(encoding="utf-8", errors="replace")
        if ADDRESS_IN_USE.search(text):
            raise PortTaken(ports)
        if code is not None:
            raise AssertionError(f"the child stopped at once (exit {code}):\n{text[-3000:]}")
        with contextlib.suppress(OSError):
            if ready(*ports) and proc.poll() is None:
                return
        if time.monotonic() > end:
            raise AssertionError(f"the child did not answer in {timeout} s:\n"
                                 f"{output.read_text(encoding='utf-8', errors='replace')[-3000:]}")
        time.sleep(0.1)  # polling: the child and its port are checked again


def _terminate(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def http_answers(port: int, path: str = "/", server: str | None = None, status: int | None = None) -> bool:
    """True if 127.0.0.1:port answers GET path (with `status` if given), from a server whose Server header starts
    with `server` if given."""
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return ((server is None or (r.getheader("Server") or "").startswith(server))
                and (status is None or r.status == status))
    finally:
        conn.close()


@contextlib.contextmanager
def preview(project: Path, env=None, output: Path | None = None, argv=None, stop=None, timeout: float = 120.0):
    """scripts/serve's preview (python -m katalog_mkdocs.serve, or `argv` + --port) of project on a free port, until the
    block ends: yields (process, base URL, its output file), once its first build is served (preview-status.json,
    which only the preview writes, answers: not whoever else may have taken the port)."""
    def start(port, out):
        command = [*(argv or [PY, "-m", "katalog_mkdocs.serve", "--root", str(project)]), "--port", str(port)]
        return subprocess.Popen(command, cwd=project, env=env or ENV, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=stop is not None)

    with on_free_port(start, lambda port: http_answers(port, "/preview-status.json", status=200), output=output,
                      stop=stop, timeout=timeout) as (proc, (port,), out):
        yield proc, f"http://127.0.0.1:{port}/", out


# scripts/rediger starts the editor's proxy with this command (tests/test_editor_proxy.py checks the script says so)
PROXY = [PY, "-m", "catalogue.cli.editor_proxy"]


@contextlib.contextmanager
def editor_proxy(root: Path, preview_port: int, output: Path | None = None, prepare=None):
    """The editor's proxy as scripts/rediger starts it, on root, on a free port, until the block ends: yields
    (process, port). Its terminal output goes to `output`; prepare(port), if given, runs before each start (what
    must know the proxy's port, e.g. a build writing it into admin/config.yml)."""
    def start(port, out):
        if prepare:
            prepare(port)
        return subprocess.Popen([*PROXY, "--root", str(root), "--port", str(port), "--preview-port",
                                 str(preview_port)], cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT)

    def ready(port):  # our proxy answers, not whoever else may have taken the port
        return http_answers(port, server="katalog-rediger")

    with on_free_port(start, ready, output=output) as (proc, (port,), _):
        yield proc, port


def build_env(project: Path, env=None) -> dict:
    """The environment of a test build: a PDF cache of its own (the project's .cache/pdf) unless the test or
    own_pdf_cache gives one, never the checkout's (catalogue/pdf.py's default)."""
    env = dict(env or ENV)
    env.setdefault("KATALOG_PDF_CACHE", str(project / ".cache" / "pdf"))
    return env


def build(project: Path, *extra, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra],
                          cwd=project, env=build_env(project, env), capture_output=True, text=True, timeout=600)


_PDF_CACHES = iter(range(1, 10**9))


@pytest.fixture(scope="session", autouse=True)
def no_pdf_cache_in_the_checkout(tmp_path_factory):
    """Builds outside a test's own cache (a module or session fixture's, made before own_pdf_cache applies) cache
    their PDFs in this session's temporary folder (a worker's own under pytest-xdist), not in the checkout's
    .cache/pdf (catalogue/outputs/pdf.py's default), which every worker and the developer's own builds share."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KATALOG_PDF_CACHE", str(tmp_path_factory.getbasetemp() / "pdf-cache-session"))
        yield


@pytest.fixture(autouse=True)
def own_pdf_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test's builds (in this process, or a child started with ENV) cache their PDFs in a folder of the
    test's own, not in the checkout's .cache/pdf: tests neither share nor fill it. (Created when first used.)"""
    cache = tmp_path_factory.getbasetemp() / f"pdf-cache-{next(_PDF_CACHES)}"
    monkeypatch.setenv("KATALOG_PDF_CACHE", str(cache))
    monkeypatch.setitem(ENV, "KATALOG_PDF_CACHE", str(cache))
    return cache


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The embedded content built once into a temporary site/ for the output tests, which only read it. Under
    pytest-xdist the workers share one, in the session's folder above their own: the first to need it builds it
    while the others wait on the lock (one build instead of one per worker)."""
    import fcntl
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the controller's session folder; each worker's own is popen-gwN below it
    project, done = shared / "built", shared / "built.done"
    with (shared / "built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes (also if this process dies)
        if not done.exists():
            shutil.rmtree(project, ignore_errors=True)  # what a build that failed in another worker left
            result = build(make_project(project))
            assert result.returncode == 0, result.stderr[-3000:]
            (shared / "built.stderr").write_text(result.stderr, encoding="utf-8")  # what it said (test_output)
            done.touch()
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




# --- tiers (pyproject.toml registers the markers; ARCHITECTURE.md, "Tests in tiers") ------------------------------
#
# Every test gets exactly one: `browser` if it drives Chromium (it uses the Playwright fixture `browser`), else
# `build` if it, a fixture it uses or a test helper they call builds a site, serves one or renders PDFs, else
# `unit`. Nobody marks a test by hand; `scripts/test --fast` runs the unit tier. The evidence is read from the
# source of the test, its fixtures and the functions of tests/ they call; a unit test that starts a build or a
# browser anyway is stopped with a TierError when it starts it (see _tier_guard).

TIERS = ("unit", "build", "browser")
COLLECTED: list = []
BROWSER_FIXTURES = {"browser"}
# a site build (conftest.build, MkDocs in this process, the preview server, the scripts that build or serve) or PDFs
BUILDS = re.compile(r"'-m', 'mkdocs'|\bkatalog_mkdocs\.serve\b|mkdocs\.commands\.build|\bload_config\("
                    r"|scripts/(?:build|serve|rediger)\b|'scripts' / '(?:build|serve|rediger)'"
                    r"|\bpdf(?:_module)?\.build\(|\.build_site\(|catalogue\.(?:site\.)?shell import main|\b_Weasy\(")
_CALLS = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
_TESTS_DIR = str(Path(__file__).resolve().parent)


class TierError(AssertionError):
    pass


def _code(src: str) -> str:
    """Python source without its comments and docstrings (as ast.unparse writes it: strings in '…')."""
    import ast
    import textwrap
    tree = ast.parse(textwrap.dedent(src))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
            body[0] = ast.Pass()
    return ast.unparse(tree)


_SOURCES: dict = {}  # code object -> (its code as _code gives it, the functions of tests/ it calls by name)
_BUILDS_FROM: dict = {}  # code object -> whether it or a function of tests/ it calls (transitively) builds


def _source_of(f):
    """(code, callees) of the function f of tests/, once per function; None for others."""
    import inspect
    f = inspect.unwrap(f)
    code = getattr(f, "__code__", None)
    if code is None or not code.co_filename.startswith(_TESTS_DIR):
        return None, None
    if code not in _SOURCES:
        try:
            src = _code(inspect.getsource(f))
        except (OSError, TypeError, SyntaxError):
            src = None
        callees = [g for g in (f.__globals__.get(name) for name in set(_CALLS.findall(src or ""))) if callable(g)]
        _SOURCES[code] = (src, callees)
    return code, _SOURCES[code]


def _reachable_sources(funcs) -> str:
    """The code of funcs and of every function of tests/ they call by name, transitively."""
    seen, todo, out = set(), list(funcs), []
    while todo:
        code, found = _source_of(todo.pop())
        if code is None or code in seen:
            continue
        seen.add(code)
        src, callees = found
        if src is not None:
            out.append(src)
            todo += callees
    return "\n".join(out)


def _builds(func) -> bool:
    """Whether func or a function of tests/ it calls, transitively, builds (BUILDS): remembered per function."""
    code, _ = _source_of(func)
    if code is None:
        return False
    if code not in _BUILDS_FROM:
        _BUILDS_FROM[code] = bool(BUILDS.search(_reachable_sources([func])))
    return _BUILDS_FROM[code]


def tier_of(item) -> str:
    """The tier of a collected test, from what it uses (see above)."""
    names = set(getattr(item, "fixturenames", ()))
    if names & BROWSER_FIXTURES:
        return "browser"
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        funcs += [d.func for d in defs]
    return "build" if any(_builds(f) for f in funcs if f) else "unit"


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by the markers
def pytest_collection_modifyitems(config, items):
    COLLECTED[:] = items  # all of them, also those `-m` leaves out (test_tiers.py)
    for item in items:
        tier = tier_of(item)
        item.add_marker(getattr(pytest.mark, tier))
        item.stash[_TIER] = tier
    if getattr(config, "workerinput", {}).get("katalog_dist") == "loadfile":  # a worker of `--dist loadfile`
        items[:] = heavy_files_first(items)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist, in the controller: tell each worker how the tests are handed out (a worker's own `dist`
    option is always "no")."""
    node.workerinput["katalog_dist"] = node.config.getoption("dist")


def heavy_files_first(items) -> list:
    """The order pytest-xdist hands the files out in under `--dist loadfile --no-loadscope-reorder` (scripts/test):
    the files with the most build and browser tests first, the unit-only files (short) last, where they fill the
    time until the last long file ends. (xdist's own order, by number of tests, left a long file with few tests,
    test_serve.py, to the end: measured, 14 to 60 s longer than the longest-first order, which this comes within
    1 % of.) Each file's tests keep their order."""
    heavy, tests = Counter(), Counter()
    for item in items:
        path = item.nodeid.split("::")[0]
        tests[path] += 1
        heavy[path] += item.stash.get(_TIER, "unit") != "unit"

    def key(item):
        path = item.nodeid.split("::")[0]
        return heavy[path] == 0, -heavy[path], -tests[path], path
    ordered = sorted(items, key=key)
    # The first two files start the two workers (xdist gives each worker one file first). The first heavy file
    # needs the session's built site and makes it; the second should not wait for it (measured: 21 s idle), so the
    # first heavy file whose first build or browser test does not use the session's site goes second.
    files: dict[str, list] = {}
    for item in ordered:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    names = list(files)

    def starts_alone(name):
        first = next((i for i in files[name] if i.stash.get(_TIER, "unit") != "unit"), None)
        return first is not None and not {"built_site", "site_url"} & set(first.fixturenames)
    alone = next((n for n in names[1:] if heavy[n] and starts_alone(n)), None)
    if alone and len(names) > 2 and not starts_alone(names[1]):
        names.remove(alone)
        names.insert(1, alone)
    return [item for name in names for item in files[name]]


_TIER = pytest.StashKey[str]()
_current_tier: list[str] = []  # the tier of the test being set up, run or torn down


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _current_tier.append(item.stash.get(_TIER, "unit"))
    try:
        return (yield)
    finally:
        _current_tier.pop()


def _tier_guard(event: str, args) -> None:
    """An audit hook: a unit-tier test (its fixtures included) that starts a site build, the preview server or a
    browser is stopped, with what to do. (`--help` of a script builds nothing.)"""
    if event != "subprocess.Popen" or not _current_tier or _current_tier[-1] != "unit":
        return
    argv = [str(a) for a in (args[1] if isinstance(args[1], (list, tuple)) else [args[1]])]
    if "--help" in argv:
        return
    modules = {b for a, b in zip(argv, argv[1:]) if a == "-m"}
    scripts = [a for a in argv[:1] + (argv[2:3] if argv[1:2] == ["-c"] and "sh" in argv[0] else [])
               if re.match(r"\s*(?:\S*/)?scripts/(?:build|serve|rediger)\b", a)]
    if modules & {"mkdocs", "katalog_mkdocs.serve"} or scripts:
        what = "a site build"
    elif re.search(r"playwright|chrom", argv[0] if argv else ""):
        what = "a browser"
    else:
        return
    line = " ".join(argv)
    raise TierError(f"a test in the unit tier started {what} ({line[:200]}): its tier comes from its source "
                    f"(tests/conftest.py, tier_of) — make what it calls visible there")


sys.addaudithook(_tier_guard)
