"""The theme boundary (issue 27): the engine styles its pages itself. Its own shell (catalogue/site/shell.py,
templates/shell/page.html, assets/ik-base.css) renders a page's main column as the Material build does: both are
screenshot in Debian's Chromium at the same width and compared pixel by pixel."""
from __future__ import annotations

import shutil

import pytest

from browserkit import base_path, differing_share, element_screenshot, load_settled, serve

# an initiative, a worksheet (a diagram) and a workshop (agenda, steps, the materials box)
PAGES = {
    "indsats": "indsatser/dialogisk-laesning/",
    "arbejdsark": "arbejdsark/matrix-systematik-og-inddragelse/",
    "drejebog": "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/",
}
WIDTHS = (1280, 390)
# A pixel differs when a colour channel differs by more than TOLERANCE of 255 (anti-aliasing is not a style); at
# most MOST_DIFFERING of the column's pixels may differ. Measured: 0.00 % on every page at both widths. The shell
# as it was before it had a stylesheet of its own fails: its column is 1264 px wide at 1280 px (Material's: 688)
# and 374 px at 390 px (358), and 38-73 % of the pixels differ (30-51 % over the common width).
TOLERANCE = 32
MOST_DIFFERING = 0.001


@pytest.fixture(scope="module")
def shell_url(built_site, settings, tmp_path_factory):
    """The pages of PAGES in the engine's own shell, from the project built_site was built from (each page as
    Shell.build_site writes it, without the rest of the site), with its assets, served as the site is."""
    from catalogue.site.build import SiteBuild
    from catalogue.site.shell import ASSETS, Shell
    out = tmp_path_factory.mktemp("shell")
    build = SiteBuild.load(built_site.parent)
    shell = Shell(build)
    build.prepare()
    pages = [p for p in build.pages if p.url in PAGES.values()]
    assert len(pages) == len(PAGES)
    for page in pages:
        rendered = build.render(page)
        shell.write(out, page.url, page.title, page.description, rendered.body, rendered.toc)
    shutil.copytree(ASSETS, out / "assets")
    with serve(out, base_path(settings["base_url"])) as url:
        yield url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_engines_shell_renders_the_main_column_as_the_material_build(browser, site_url, shell_url, name, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        load_settled(page, site_url + PAGES[name])
        material, material_box = element_screenshot(page, "article.md-content__inner")
        load_settled(page, shell_url + PAGES[name])
        shell, shell_box = element_screenshot(page, "main")
    finally:
        context.close()
    assert shell_box["w"] == material_box["w"], (shell_box, material_box)  # the same column width
    share = differing_share(material, shell, TOLERANCE)
    assert share <= MOST_DIFFERING, (f"{name} at {width} px: {share:.2%} of the main column's pixels differ "
                                     f"(Material {material_box}, shell {shell_box})")
