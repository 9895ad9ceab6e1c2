"""Screenshots of a built site, to prove that a change of the theme or the style sheets leaves the pages looking as
they did (the manifest, tests/manifest.py, compares what a page says; this compares what it looks like):

    .venv/bin/python tests/screenshots.py shoot SITE OUT      # every page of PAGES at 1280 and 390 px, as PNGs
    .venv/bin/python tests/screenshots.py compare OLD NEW     # the share of differing pixels of each pair

Build the site before and after the change (`mkdocs build --strict -d …` with SOURCE_DATE_EPOCH fixed), shoot
both and compare them. A pixel differs when a colour channel differs by more than the tolerance
(browserkit.differing_share); Debian's Chromium draws a page the same way twice, so an unchanged page is 0.0 %."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browserkit import base_path, differing_share, launch, load_settled, serve  # noqa: E402

# name, path under the site's base URL, a selector to wait for
PAGES = [
    ("forside", "", None),
    ("oversigt", "indsatser/", None),
    ("indsats", "indsatser/dialogisk-laesning/", None),
    ("arbejdsark", "arbejdsark/matrix-systematik-og-inddragelse/", None),
    ("arbejdsark-hus", "arbejdsark/plf-huset/", None),
    ("drejebog", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/", None),
    ("afvikl", "drejeboeger/kortlaegning-af-tvaerprofessionelt-samarbejde/afvikl/", None),
    ("soeg", "soeg/?q=l%C3%A6sning&f=type%3AIndsats", "[data-ik-search][data-facets-ready]"),
    ("laeringspakke", "laeringspakker/mindset-og-psykologisk-tryghed/", None),
    ("facetside", "facetter/sektorer/dagtilbud/", None),
    ("litteratur", "litteratur/", None),
    ("om-kilderne", "om-kilderne/", None),
]
WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}


def shoot(site: Path, out: Path, prefix: str) -> None:
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    with serve(site, prefix) as base, sync_playwright() as p:
        browser = launch(p)
        for width, viewport in WIDTHS.items():
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            for name, path, ready in PAGES:
                load_settled(page, base + path, ready)
                page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True, animations="disabled")
            context.close()
        browser.close()


def compare(old: Path, new: Path, tolerance: int) -> float:
    worst = 0.0
    for a in sorted(old.glob("*.png")):
        b = new / a.name
        share = differing_share(a.read_bytes(), b.read_bytes(), tolerance) if b.is_file() else 1.0
        worst = max(worst, share)
        print(f"{a.stem:24} {share:8.4%}")
    return worst


def main(argv=None) -> int:
    import yaml
    parser = argparse.ArgumentParser(prog="tests/screenshots.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("shoot")
    s.add_argument("site", type=Path)
    s.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("--tolerance", type=int, default=32, help="per colour channel, of 255 (default 32)")
    args = parser.parse_args(argv)
    if args.command == "shoot":
        settings = yaml.safe_load((HERE.parent / "content" / "indstillinger.yml").read_text(encoding="utf-8"))
        shoot(args.site, args.out, base_path(settings["base_url"]))
        return 0
    worst = compare(args.old, args.new, args.tolerance)
    print(f"{'most':24} {worst:8.4%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
