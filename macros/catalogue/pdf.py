"""PDFs at build time (WeasyPrint, pinned): an initiative's one-page overview, a workshop's full script and a
worksheet on one A4 page in its own orientation. Tagged PDF/UA with title and language.

A PDF is regenerated only when its print HTML changed: the cache key is a hash of the HTML (which holds the
inlined CSS and every text) and the WeasyPrint version, so a no-change rebuild does no PDF work."""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT
from .render import Renderer, TEMPLATES
from .text import plain

PDF_KINDS = ("initiative", "workshop", "worksheet", "learning-pack", "programme")
CSS_FILES = [TEMPLATES / "overrides/assets/ik.css", TEMPLATES / "overrides/assets/ik-sheets.css",
             TEMPLATES / "print/print.css"]


def enabled() -> bool:
    """PDFs are made unless KATALOG_PDF=0 (the benchmark measures the site without them)."""
    return os.environ.get("KATALOG_PDF", "1") != "0"


def pdf_path(cat, entry) -> str:
    """Site-relative path of an entry's PDF, next to its page."""
    return f"{cat.url_of(entry)}{entry.id}.pdf"


def planned(cat) -> dict[str, str]:
    return {e.id: pdf_path(cat, e) for e in cat.entries.values()
            if cat.kind_of(e).name in PDF_KINDS and getattr(e, "origin_kind", "") != "merged"}


def print_html(renderer: Renderer, entry) -> str:
    cat = renderer.cat
    kind = cat.kind_of(entry)
    overview, derived = renderer.overview_of(entry)
    extra = renderer.kind_context(entry, cat.url_of(entry))
    if kind.name == "learning-pack":
        extra["worksheets"] = [cat.entries[w] for w in entry.worksheets if w in cat.entries]
        toc = [("p-hvorfor", "pack_why", entry.why), ("p-maal", "pack_goals", entry.goals),
               ("p-maalgruppe", "pack_audience", entry.audience), ("p-plan", "pack_plan", entry.plan),
               ("p-begreber", "pack_concepts", entry.concepts)]
        items = [(i, renderer.env.globals["t"](k)) for i, k, v in toc if v]
        items += [(f"p-afsnit-{n}", s.title) for n, s in enumerate(entry.sections, 1)]
        items += [(i, renderer.env.globals["t"](k)) for i, k, v in (
            ("p-tilpasning", "pack_adapt", entry.adapt), ("p-refleksion", "pack_questions", entry.questions),
            ("p-litteratur", "literature_heading", extra["lit_items"])) if v]
        items += [(f"ark-{w.id}", w.title) for w in extra["worksheets"]]
        extra["toc"] = items
    css = "\n".join(p.read_text(encoding="utf-8") for p in CSS_FILES)
    s = cat.settings
    return renderer.env.get_template(f"print/{kind.name}.html").render(
        entry=entry, kind=kind, owner=cat.label("organisationer", entry.owner), overview=overview,
        overview_derived=derived, css=css, lang=s.language, title=entry.title, author=cat.label("organisationer", entry.owner),
        description=plain(entry.summary), colours={"primary": s.colours.primary, "accent": s.colours.accent},
        site_url=s.base_url, url=cat.url_of(entry), **extra)


@dataclass
class Result:
    paths: dict = field(default_factory=dict)  # entry id -> site-relative pdf path
    generated: list = field(default_factory=list)
    reused: list = field(default_factory=list)
    seconds: float = 0.0


def build(renderer: Renderer, site_dir: Path, cache_dir: Path | None = None, log=None) -> Result:
    """Write every PDF into site_dir, generating only those whose print HTML is not in the cache."""
    from weasyprint import HTML, __version__ as weasy_version

    log = log or (lambda msg: print(msg, file=sys.stderr))
    cat = renderer.cat
    cache_dir = Path(cache_dir or ROOT / ".cache" / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = Result()
    started = time.perf_counter()
    todo = sorted((cat.entries[i] for i in planned(cat)), key=lambda e: e.id)
    jobs = []
    for entry in todo:
        html = print_html(renderer, entry)
        key = hashlib.sha256(f"{weasy_version}\n{html}".encode("utf-8")).hexdigest()
        jobs.append((entry, html, key, cache_dir / f"{key}.pdf"))
    missing = [j for j in jobs if not j[3].exists()]
    for n, (entry, html, key, cached) in enumerate(missing, 1):
        t0 = time.perf_counter()
        tmp = cached.with_suffix(".tmp")
        HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
            tmp, pdf_variant="pdf/ua-1", pdf_identifier=key[:32].encode("ascii"), uncompressed_pdf=False)
        tmp.replace(cached)
        result.generated.append(entry.id)
        log(f"PDF {n}/{len(missing)}: {entry.id} ({time.perf_counter() - t0:.1f} s)")
    for entry, html, key, cached in jobs:
        rel = pdf_path(cat, entry)
        target = Path(site_dir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        result.paths[entry.id] = rel
        if entry.id not in result.generated:
            result.reused.append(entry.id)
    result.seconds = time.perf_counter() - started
    log(f"PDF'er: {len(result.generated)} lavet, {len(result.reused)} uændrede fra cachen ({result.seconds:.1f} s)")
    return result
