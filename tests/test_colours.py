"""Site colours carry white text (header, step numbers, tags): a colour with less than 4.5:1 contrast to white is an
error that gives the ratio and a darker colour of the same hue — and that colour passes."""
from __future__ import annotations

import re

import pytest

from catalogue.load.loader import load
from catalogue.model.settings import contrast_with_white, darker_for_white
from conftest import make_project


def with_colours(tmp_path, primary: str, accent: str):
    project = make_project(tmp_path / "p")
    path = project / "content" / "indstillinger.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^  primaer: .*$', f'  primaer: "{primary}"', text)
    text = re.sub(r'(?m)^  accent: .*$', f'  accent: "{accent}"', text)
    path.write_text(text, encoding="utf-8")
    return load(project)


def test_the_embedded_colours_pass():
    from conftest import ROOT
    cat = load(ROOT)
    for colour in (cat.settings.colours.primary, cat.settings.colours.accent):
        assert contrast_with_white(colour) >= 4.5


@pytest.mark.parametrize("key, primary, accent", [("primaer", "#f2c500", "#b5422c"), ("accent", "#1f4e79", "#7fb3d5")])
def test_a_light_colour_is_an_error_with_the_ratio_and_a_darker_one_that_passes(tmp_path, key, primary, accent):
    cat = with_colours(tmp_path, primary, accent)
    errors = [d for d in cat.report.errors if "kontrast" in d.message]
    assert len(errors) == 1 and errors[0].path == "content/indstillinger.yml"
    bad = primary if key == "primaer" else accent
    assert f"'{key}' {bad}" in errors[0].message and f"({contrast_with_white(bad):.1f}:1; mindst 4.5:1)" in errors[0].message
    suggestion = re.search(r'"(#[0-9a-f]{6})"', errors[0].hint).group(1)
    assert suggestion == darker_for_white(bad)
    fixed = with_colours(tmp_path / "fixed", primary if key == "accent" else suggestion,
                         accent if key == "primaer" else suggestion)
    assert not [d for d in fixed.report.errors if "kontrast" in d.message]  # following the advice is enough
