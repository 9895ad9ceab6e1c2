"""Every test is in exactly one tier (unit, build, browser: tests/conftest.py), and the tiers agree with what the
tests use (ARCHITECTURE.md, "Tests in tiers")."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import conftest
from conftest import COLLECTED, PY, TIERS, TierError, tier_of


def tiers(item) -> list[str]:
    return [m.name for m in item.iter_markers() if m.name in TIERS]


def test_the_markers_are_registered(pytestconfig):
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(TIERS) <= registered
    assert "--strict-markers" in pytestconfig.getini("addopts")


def test_every_collected_test_has_exactly_one_tier_and_it_is_the_one_its_use_gives():
    assert COLLECTED
    for item in COLLECTED:
        assert len(tiers(item)) == 1, (item.nodeid, tiers(item))
        [tier] = tiers(item)
        assert tier == tier_of(item), item.nodeid
        if "browser" in item.fixturenames:
            assert tier == "browser", item.nodeid
        elif {"built_site", "site_url"} & set(item.fixturenames):
            assert tier == "build", item.nodeid


def test_known_tests_are_where_they_belong():
    by_id = {item.nodeid.split("/")[-1]: tiers(item)[0] for item in COLLECTED}
    expected = {
        "test_tiers.py::test_the_markers_are_registered": "unit",
        "test_compact.py::test_relative_url_fast_path_agrees_with_posixpath": "unit",
        "test_compact.py::test_built_pages_have_no_indented_lines": "build",  # built_site
        "test_output.py::test_two_builds_are_byte_identical": "build",  # conftest.build
        "test_toy_kind.py::test_the_toy_kind_gets_a_skeleton": "build",  # MkDocs in this process (its fixture)
        "test_trainers.py::test_form_field_names_are_unique_and_made_of_a_z_digits_and_hyphens": "build",  # PDFs
        "test_serve.py::test_serve_rebuilds_and_survives_invalid_content": "build",  # the preview
        # the engine's own shell writes the whole site, search index included (catalogue.site.shell)
        "test_adapter.py::test_the_whole_site_in_the_engines_own_shell_passes_the_link_crawl": "build",
        "test_discovery.py::test_query_plus_two_filters_gives_the_right_entries_and_counts": "browser",
        "test_discovery.py::test_related_entries_explicit_first_then_shared_facets": "unit",
    }
    present = {k: v for k, v in expected.items() if k in by_id}  # (all of them when the whole suite is collected)
    assert {k: by_id[k] for k in present} == present
    assert "test_tiers.py::test_the_markers_are_registered" in present


def test_a_unit_test_that_starts_a_build_or_a_browser_is_stopped(monkeypatch):
    monkeypatch.setattr(conftest, "_current_tier", ["unit"])
    for argv in ([PY, "-m", "mkdocs", "build"], [PY, "-m", "katalog_mkdocs.serve", "--port", "1"],
                 ["/x/scripts/build"], ["bash", "-c", "scripts/serve --port 1"],
                 ["/v/site-packages/playwright/driver/node", "cli.js"], ["/usr/lib/chromium/chromium"]):
        with pytest.raises(TierError):
            conftest._tier_guard("subprocess.Popen", (argv[0], argv, None, None))
    # what a unit test may start: a Python that mentions MkDocs, a script's --help, the editor's proxy
    for argv in ([PY, "-c", "import mkdocs"], ["/x/scripts/build", "--help"], [PY, "-m", "catalogue.cli.editor_proxy"]):
        conftest._tier_guard("subprocess.Popen", (argv[0], argv, None, None))
    monkeypatch.setattr(conftest, "_current_tier", ["build"])
    conftest._tier_guard("subprocess.Popen", (PY, [PY, "-m", "mkdocs", "build"], None, None))
    assert sys.audit  # the guard is an audit hook: it sees every subprocess this process starts


def test_a_test_build_has_its_own_pdf_cache(tmp_path, own_pdf_cache):
    import os
    assert os.environ["KATALOG_PDF_CACHE"] == conftest.ENV["KATALOG_PDF_CACHE"] == str(own_pdf_cache)
    assert not own_pdf_cache.is_relative_to(conftest.ROOT)
    # a build started by a session fixture (no test's cache yet) uses its project's
    env = {k: v for k, v in conftest.ENV.items() if k != "KATALOG_PDF_CACHE"}
    assert conftest.build_env(tmp_path, env)["KATALOG_PDF_CACHE"] == str(tmp_path / ".cache" / "pdf")


@pytest.fixture(scope="module")
def pdf_cache_of_a_module_fixture():
    import os
    return os.environ.get("KATALOG_PDF_CACHE")  # what an in-process build made here would use


def test_a_module_fixtures_build_caches_its_pdfs_outside_the_checkout(pdf_cache_of_a_module_fixture):
    """A module fixture is made before its first test's own_pdf_cache: its builds use the session's folder (a
    worker's own), never the checkout's .cache/pdf, which the workers and the developer's builds would share."""
    cache = Path(pdf_cache_of_a_module_fixture or conftest.ROOT / ".cache" / "pdf")
    assert not cache.is_relative_to(conftest.ROOT), cache


def test_the_workers_get_the_files_with_build_and_browser_tests_first():
    order = conftest.heavy_files_first(COLLECTED)
    assert sorted(i.nodeid for i in order) == sorted(i.nodeid for i in COLLECTED)
    files = [item.nodeid.split("::")[0] for item in order]
    runs = [f for i, f in enumerate(files) if i == 0 or files[i - 1] != f]
    assert len(runs) == len(set(files))  # a file's tests together (a worker takes a whole file)
    by_file, collected = {}, {}
    for item in order:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(item)
    for item in COLLECTED:
        collected.setdefault(item.nodeid.split("::")[0], []).append(item.nodeid)
    heavy = [any(item.stash[conftest._TIER] != "unit" for item in by_file[f]) for f in runs]
    assert heavy == sorted(heavy, reverse=True)  # every file with a build or browser test before the unit-only ones
    assert all([i.nodeid for i in by_file[f]] == collected[f] for f in runs)  # each file's tests in their order
    # the second worker's first file does not wait for the session's site, which the first one's makes
    if len(runs) > 2 and COLLECTED is not None and len({i.nodeid for i in COLLECTED}) > 1000:  # the whole suite
        first = next(i for i in by_file[runs[1]] if i.stash[conftest._TIER] != "unit")
        assert not {"built_site", "site_url"} & set(first.fixturenames), runs[:3]
        assert {"built_site", "site_url"} & set(next(i for i in by_file[runs[0]]).fixturenames), runs[:3]


def test_a_hanging_test_fails_and_the_run_goes_on(pytestconfig, tmp_path):
    """pyproject.toml gives every test a time limit (pytest-timeout): a test that hangs — a page that never draws
    its next frame, a child that never answers — is stopped with its stack in the report, and the tests after it run."""
    assert float(pytestconfig.getini("timeout")) > 0
    assert pytestconfig.getini("timeout_method") == "signal"
    (tmp_path / "test_hang.py").write_text("import time\n\ndef test_hangs():\n    time.sleep(600)\n\n"
                                           "def test_after():\n    pass\n", encoding="utf-8")
    import subprocess
    run = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "1", "--timeout=2", "-o",
                          "timeout_method=signal", "test_hang.py"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Timeout" in run.stdout + run.stderr and "time.sleep(600)" in run.stdout + run.stderr, run.stdout
    assert "1 failed, 1 passed" in run.stdout, run.stdout
