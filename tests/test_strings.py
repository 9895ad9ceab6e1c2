"""The strings table is content, checked when it is loaded (issue 26): a placeholder the code does not fill in, a
lone brace, or a key the chosen language lacks is a located Danish error — the same line in scripts/check and in
the build — never a KeyError or MissingString traceback while pages are rendered."""
from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from conftest import build, make_project
from catalogue.cli import check
from catalogue.core.strings import PLACEHOLDERS

ROOT = Path(__file__).resolve().parents[1]
DA = yaml.safe_load((ROOT / "content" / "tekster" / "da.yml").read_text(encoding="utf-8"))
PASSED_BUT_UNUSED = {"sources_label_print"}  # the code passes {title}; the shipped text does not use it


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_table_of_placeholders_is_the_shipped_texts():
    """A new text with a placeholder goes into strings.PLACEHOLDERS in the same commit."""
    for key, text in DA.items():
        if key in PASSED_BUT_UNUSED:
            assert placeholders(text) <= PLACEHOLDERS[key], key
        else:
            assert placeholders(text) == PLACEHOLDERS.get(key, set()), key
    assert set(PLACEHOLDERS) <= set(DA)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("strings"))


def edit(path: Path, old: str, new: str) -> str:
    original = path.read_text(encoding="utf-8")
    assert old in original
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return original


def check_and_build(project, capsys) -> tuple[int, str, object]:
    code = check.main(["--root", str(project), "--no-schemas"])
    err = capsys.readouterr().err
    built = build(project, env=None)
    return code, err, built


CASES = {
    # name: (file, old, new, the diagnostic line)
    "unknown-placeholder": ("content/tekster/da.yml", 'run_title: "Afvikl: {title}"', 'run_title: "Afvikl: {title} {x}"',
                            "content/tekster/da.yml:103:12: error: ukendt pladsholder '{x}' i teksten til 'run_title' — "
                            "her kan kun {title} stå"),
    "attribute-of-a-placeholder": ("content/tekster/da.yml", 'run_back: "Tilbage til drejebogen: {title}"',
                                   'run_back: "Tilbage til drejebogen: {title.__class__}"',
                                   "content/tekster/da.yml:104:11: error: ukendt pladsholder '{title.__class__}'"),
    "lone-brace": ("content/tekster/da.yml", 'listing_count: "{n} poster"', 'listing_count: "{n} poster {"',
                   "content/tekster/da.yml:58:16: error: teksten til 'listing_count' har en '{' eller '}' uden sin partner"),
    "placeholder-in-a-plain-text": ("content/tekster/da.yml", "search_title: Søg i kataloget", "search_title: Søg {q}",
                                    "error: ukendt pladsholder '{q}' i teksten til 'search_title' — 'search_title' har "
                                    "ingen pladsholdere"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_text_is_a_located_error_in_check_and_build(project, capsys, name):
    rel, old, new, line = CASES[name]
    path = project / rel
    original = edit(path, old, new)
    try:
        code, err, built = check_and_build(project, capsys)
    finally:
        path.write_text(original, encoding="utf-8")
    assert code == 1 and line in err, err
    assert built.returncode == 1 and line in built.stderr, built.stderr[-3000:]
    for out in (err, built.stderr):
        assert "Traceback" not in out and "KeyError" not in out and "MissingString" not in out


def test_a_key_missing_in_the_chosen_language_is_a_located_error(project, capsys):
    settings, en = project / "content/indstillinger.yml", project / "content/tekster/en.yml"
    original_settings = edit(settings, "sprog: da\n", "sprog: en\n")
    original_en = edit(en, 'run_title: "Run: {title}"\n', "")
    try:
        code, err, built = check_and_build(project, capsys)
    finally:
        settings.write_text(original_settings, encoding="utf-8")
        en.write_text(original_en, encoding="utf-8")
    line = ("content/tekster/en.yml:1:1: error: teksten 'run_title' mangler for sproget 'en' — tilføj linjen "
            "'run_title: …' med en oversættelse af \"Afvikl: {title}\" (content/tekster/da.yml, linje 103)")
    assert code == 1 and line in err, err
    assert built.returncode == 1 and line in built.stderr, built.stderr[-3000:]
    assert "MissingString" not in built.stderr and "Traceback" not in built.stderr


def test_a_forks_text_is_checked_too(tmp_path, capsys):
    project = make_project(tmp_path / "fork")
    (project / "content/lokalt/tekster").mkdir(parents=True)
    (project / "content/lokalt/tekster/da.yml").write_text('see_all: "Se alle {n} af {total}"\n', encoding="utf-8")
    assert check.main(["--root", str(project), "--no-schemas"]) == 1
    assert ("content/lokalt/tekster/da.yml:1:10: error: ukendt pladsholder '{total}' i teksten til 'see_all' — "
            "her kan kun {n} stå") in capsys.readouterr().err
