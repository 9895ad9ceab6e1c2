"""The editors' page's screenshots (content/sider/redaktoerer.md), taken from the real editor in Debian's Chromium:
a fork of this checkout is built into a temporary folder and served with the editor's proxy as scripts/rediger
does, and each picture is the form as a consultant sees it. Small PNGs (64 colours) under content/sider/billeder/:

    .venv/bin/python tests/editor_screenshots.py          # writes content/sider/billeder/redaktoer-*.png

Run it again after a change to the form; tests/test_docs.py checks that every picture the page shows exists."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browserkit import launch  # noqa: E402
from conftest import ROOT  # noqa: E402
from test_editor_browser import add_item, choose, editor_on, fill_hide, login  # noqa: E402

OUT = ROOT / "content" / "sider" / "billeder"
VIEWPORT = {"width": 1200, "height": 720}


def small_png(shot: bytes, path: Path) -> None:
    """A screenshot as a PNG of 64 colours (a form is few colours: a fraction of the size, as sharp)."""
    import io

    from PIL import Image
    image = Image.open(io.BytesIO(shot)).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def fork(tmp: Path) -> Path:
    from conftest import make_project
    project = make_project(tmp / "fork")
    local = project / "content" / "lokalt" / "vokabularer"
    local.mkdir(parents=True)
    (local / "organisationer.yml").write_text(
        "navn: Organisation\nvaerdier:\n  - id: holbaek-kommune\n    navn: Holbæk Kommune\n", encoding="utf-8")
    return project


def main() -> int:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory(prefix="redaktoer-billeder-") as tmp, editor_on(fork(Path(tmp))) as (
            _, admin, _), sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport=VIEWPORT)
        page.on("dialog", lambda dialog: dialog.accept())
        login(page, admin)
        # a new initiative: the steps, the id made from the title, the preview pane
        page.goto(admin + "#/collections/initiative/new")
        title = page.locator('[id^="titel-field-"]').first
        title.fill("Lektiecafé i Holbæk")
        page.locator('[id^="resume-field-"]').first.fill(
            "Frivillige og lærere hjælper børn i 4.-6. klasse med lektierne to eftermiddage om ugen.")
        choose(page, page.locator('[id^="ejer-field-"]').first, "Holbæk Kommune")
        page.locator(".ik-step-head", has_text="Kilder").click()
        sources = page.locator('div[id^="kilder-field-"]').first
        add_item(sources, sources.locator('[id^="titel-field-"]'))
        sources.locator('[id^="titel-field-"]').first.fill("Notat om lektiecaféen")
        sources.locator('[id^="udgiver-field-"]').first.fill("Holbæk Kommune")
        page.locator(".ik-step-head", has_text="Kilder").click()  # closed again
        page.frame_locator("iframe").first.locator(".ik-preview-page h1", has_text="Lektiecafé i Holbæk").wait_for(
            timeout=30000)
        page.locator(".ik-step-head").first.scroll_into_view_if_needed()
        small_png(page.screenshot(), OUT / "redaktoer-formular.png")
        # the steps, all closed but the first, further down the form
        page.locator(".ik-step-head").nth(1).scroll_into_view_if_needed()
        small_png(page.screenshot(), OUT / "redaktoer-trin.png")
        # an adaptation: the original's text below each field (a fresh editor: Decap reuses a form's controls)
        page.close()
        page = browser.new_page(viewport=VIEWPORT)
        login(page, admin)
        page.goto(admin + "#/collections/tilpas-initiative/entries/robusthed")
        page.locator(".ik-field-original").first.wait_for(timeout=30000)
        small_png(page.screenshot(), OUT / "redaktoer-tilpas.png")
        # hiding an entry of the original
        fill_hide(page, admin, "Koordination og konkret indsats mod elevfravær", "Vi har vores egen indsats mod fravær")
        small_png(page.screenshot(), OUT / "redaktoer-skjul.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
