"""Each component: its parameters are documented (name, type, required, description) and match the macro's
signature; every example in its .yaml renders and shows what the example expects."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from catalogue.render.environment import make_env

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ROOT / "templates" / "components"
STRINGS = yaml.safe_load((ROOT / "content" / "tekster" / "da.yml").read_text(encoding="utf-8"))
SPECS = sorted(COMPONENTS.glob("*.yaml"))


def spec_of(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def macro_of(name):
    env = make_env(STRINGS)
    return getattr(env.get_template(f"components/{name}.html").module, name)


def test_every_component_has_a_spec_and_every_spec_a_component():
    htmls = {p.stem for p in COMPONENTS.glob("*.html")}
    assert htmls == {p.stem for p in SPECS} and len(htmls) >= 10


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_parameters_documented_and_match_signature(path):
    spec = spec_of(path)
    macro = macro_of(spec["name"])
    documented = [p["name"] for p in spec["params"]]
    assert documented == list(macro.arguments), f"{path.name}: documented {documented} != macro {macro.arguments}"
    for p in spec["params"]:
        assert set(p) == {"name", "type", "required", "description"} and p["description"]
    required = [p["name"] for p in spec["params"] if p["required"]]
    # required parameters are exactly the macro's parameters without a default
    source = (COMPONENTS / f"{spec['name']}.html").read_text(encoding="utf-8")
    signature = re.search(r"\{%-? macro " + spec["name"] + r"\((.*?)\) -?%\}", source, re.S).group(1)
    without_default = [a.strip() for a in signature.split(",") if a.strip() and "=" not in a]
    assert required == without_default
    assert spec["examples"], "a component needs at least one example"


EXAMPLES = [(p.stem, ex) for p in SPECS for ex in spec_of(p)["examples"]]


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[f"{n}-{e['name']}" for n, e in EXAMPLES])
def test_examples_render_as_expected(name, example):
    html = str(macro_of(name)(**example["params"]))
    for text in example["expect"].get("contains", []):
        assert text in html, f"{name}/{example['name']}: {text!r} not in\n{html}"
    for text in example["expect"].get("not_contains", []):
        assert text not in html, f"{name}/{example['name']}: {text!r} must not be in\n{html}"
