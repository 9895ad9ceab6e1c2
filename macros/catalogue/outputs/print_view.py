"""A workshop's print view (issue 30.1): its session material — the script, then each worksheet it uses in its own
orientation — as one HTML file beside its page (routes.print_view), laid out by the PDFs' own templates and
stylesheets (print/session.html or the script's print template; ik.css, ik-sheets.css and print.css, the last
shipped as assets/ik-print.css), so the browser prints it as the PDF looks. Unlike the PDF made at build time, its
clock times and durations follow the page's start time and durations (?start=, ?min=; assets/ik-start.js)."""
from __future__ import annotations

import shutil
from pathlib import Path

from catalogue.core import routes
from catalogue.outputs import csp, pdf
from catalogue.render.links import relative_url
from catalogue.render.renderer import Renderer

PRINT_CSS = "assets/ik-print.css"  # print.css as the site ships it (the PDFs read it from templates/print/)


def wanted(renderer: Renderer) -> list:
    """The workshops that get one: those with a run view (a plan of steps), of the site's own entries."""
    cat = renderer.cat
    return [e for e in cat.entries.values()
            if cat.kind_of(e).run and getattr(e, "steps", None) and not cat.provenance[e.id].merged]


def html(renderer: Renderer, entry) -> str:
    cat = renderer.cat
    sheets = cat.used_of_kind(entry, "worksheet")
    parent = "print/session.html" if sheets else cat.kind_of(entry).print_template
    folder = cat.url_of(entry)  # the file sits in its page's folder: links are relative to the page
    page = pdf.print_page(renderer, entry, "pages/print_view.html", parent=parent, worksheets=sheets,
                          print_view=True, site_root=relative_url("", folder), print_css=PRINT_CSS,
                          back=relative_url(folder, folder))
    return csp.with_policy(page)


def write(renderer: Renderer, site_dir: Path) -> None:
    """Every print view, and the print stylesheet they load."""
    entries = wanted(renderer)
    if not entries:
        return
    (site_dir / PRINT_CSS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf.CSS_FILES[-1], site_dir / PRINT_CSS)
    for entry in entries:
        target = site_dir / routes.print_view(renderer.cat.url_of(entry), entry.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html(renderer, entry), encoding="utf-8")
