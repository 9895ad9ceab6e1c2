"""Adding a content kind is one declaration: a toy kind — its Record, one `Kind` in KINDS, a page template, a
print template and its strings — gets its pages, its listing, facet pages, a PDF, its JSON Schema, its rows in the
field reference, a skeleton from scripts/new and its `type` in catalogue.json, with nothing else changed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ENV, make_project
from catalogue.model import kinds
from catalogue.model.entry import Entry
from catalogue.model.schema import Field, ListOf, Text


class Recipe(Entry):
    """En opskrift (legetøjsslags til testen)."""

    steps = Field("trin", ListOf(Text, min_items=1), required=True, doc="Opskriftens trin.")


PAGE = """{#- Page kind: the toy recipe. -#}
<div data-pagefind-body class="ik-entry" data-entry-id="{{ entry.id }}">
{% include "pages/_entry_head.html" %}
<h2 id="trin">{{ t('recipe_steps') }}</h2>
<ol class="ik-recipe">{% for s in entry.steps %}<li>{{ inline(s) }}</li>{% endfor %}</ol>
{% include "pages/_entry_foot.html" %}
</div>
"""
PRINT = """{% extends "print/base.html" %}
{% block body %}<h1>{{ entry.title }}</h1><ol>{% for s in entry.steps %}<li>{{ inline(s) }}</li>{% endfor %}</ol>{% endblock %}
"""
ENTRY = """modelversion: 1
id: pandekager
titel: Pandekager til fredagscafeen
resume: En opskrift til forældrecafeen.
ejer: frederiksberg-kommune
facetter:
  temaer: [foraeldresamarbejde]
kilder:
  - titel: Kogebogen
    udgiver: Frederiksberg Kommune
trin:
  - Pisk æggene
  - Steg pandekagerne
"""
STRINGS = """kind_recipe: Opskrift
kind_recipe_plural: Opskrifter
kind_recipe_intro: Opskrifter til forældrecaféer.
listing_intro_recipe: Opskrifter til forældrecaféer.
recipe_steps: Sådan gør I
"""


@pytest.fixture(scope="module")
def toy_site(tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    tmp = tmp_path_factory.mktemp("toy")
    templates = tmp / "templates"
    (templates / "pages").mkdir(parents=True)
    (templates / "print").mkdir()
    (templates / "pages" / "recipe.html").write_text(PAGE, encoding="utf-8")
    (templates / "print" / "recipe.html").write_text(PRINT, encoding="utf-8")
    project = make_project(tmp / "project")
    (project / "content" / "opskrifter").mkdir()
    (project / "content" / "opskrifter" / "pandekager.yml").write_text(ENTRY, encoding="utf-8")
    (project / "content" / "lokalt" / "tekster").mkdir(parents=True)
    (project / "content" / "lokalt" / "tekster" / "da.yml").write_text(STRINGS, encoding="utf-8")
    toy = kinds.Kind("recipe", "opskrifter", "opskrifter", Recipe, templates=templates)
    kinds.KINDS.append(toy)
    saved = dict(__import__("os").environ)
    try:
        __import__("os").environ.update({**ENV, "KATALOG_CACHE": "0", "KATALOG_SEARCH": "1"})
        build(load_config(str(project / "mkdocs.yml")))
        from catalogue.model import skeleton as scaffold
        skeleton = scaffold.skeleton(toy, "boller")
    finally:
        kinds.KINDS.remove(toy)
        __import__("os").environ.clear()
        __import__("os").environ.update(saved)
    return project / "site", skeleton


def test_the_toy_kind_gets_its_page_listing_and_facet_pages(toy_site):
    site, _ = toy_site
    page = (site / "opskrifter" / "pandekager" / "index.html").read_text(encoding="utf-8")
    assert "Pandekager til fredagscafeen" in page and "<li>Steg pandekagerne</li>" in page and "Sådan gør I" in page
    listing = (site / "opskrifter" / "index.html").read_text(encoding="utf-8")
    assert "Opskrifter til forældrecaféer." in listing and 'href="pandekager/"' in listing
    facet = (site / "facetter" / "temaer" / "foraeldresamarbejde" / "index.html").read_text(encoding="utf-8")
    assert "Pandekager til fredagscafeen" in facet
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="opskrifter/"' in home and "\nOpskrifter\n" in home  # the navigation has its listing
    search = (site / "soeg" / "index.html").read_text(encoding="utf-8")
    assert '{"label": "Opskrift", "name": "recipe"}' in search  # a value of the search's kind filter


def test_the_toy_kind_gets_its_pdf_schema_field_reference_and_export(toy_site):
    site, _ = toy_site
    pdf = site / "opskrifter" / "pandekager" / "pandekager.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    schema = json.loads((site / "data" / "schema" / "recipe.json").read_text(encoding="utf-8"))
    assert "trin" in schema["properties"] and "trin" in schema["required"]
    fields = (site / "felter" / "index.html").read_text(encoding="utf-8")
    assert "content/opskrifter/" in fields and "<code>trin</code>" in fields
    data = json.loads((site / "data" / "catalogue.json").read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["id"] == "pandekager")
    assert entry["type"] == "recipe" and entry["pdf"] == "opskrifter/pandekager/pandekager.pdf"
    catalogue_schema = json.loads((site / "data" / "schema" / "catalogue.json").read_text(encoding="utf-8"))
    assert "recipe" in catalogue_schema["properties"]["entries"]["items"]["properties"]["type"]["enum"]


def test_the_toy_kind_gets_a_skeleton(toy_site):
    _, skeleton = toy_site
    assert skeleton.startswith("# yaml-language-server: $schema=../../site/data/schema/recipe.json")
    assert "id: boller" in skeleton and "trin:" in skeleton and "<udfyld" in skeleton


def test_the_registry_is_as_it_was(catalogue):
    assert [k.name for k in kinds.KINDS] == ["initiative", "workshop", "worksheet", "learning-pack", "programme"]
    assert not Path(kinds.__file__).with_name("recipe.py").exists()
