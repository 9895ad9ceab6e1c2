"""PDFs at build time (WeasyPrint, pinned): an initiative's one-page overview, a workshop's full script and a
worksheet on one A4 page in its own orientation. Tagged PDF/UA with title and language.

A PDF is regenerated only when its print HTML, the stylesheets or its page's address changed: the cache key is a
hash of the HTML (every text), the CSS files, the page's public address (its links resolve against it) and the
WeasyPrint version, so a no-change rebuild does no PDF work. New PDFs are
made in worker processes (workers.py), sharing the parsed stylesheets and font configuration."""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT, routes
from .forms import DocumentFields
from .render import Renderer, TEMPLATES
from .text import plain
from .workers import run as run_in_workers

ASSETS = TEMPLATES / "overrides/assets"
FONTS = sorted((ASSETS / "fonts").glob("*.ttf"))  # embedded in every PDF: part of what a cached PDF was made from
CSS_FILES = [TEMPLATES / "overrides/assets/ik.css", TEMPLATES / "overrides/assets/ik-sheets.css",
             TEMPLATES / "print/print.css"]


def enabled() -> bool:
    """PDFs are made unless KATALOG_PDF=0 (the benchmark measures the site without them)."""
    return os.environ.get("KATALOG_PDF", "1") != "0"


def pdf_path(cat, entry) -> str:
    """Site-relative path of an entry's PDF, next to its page."""
    return routes.pdf(cat.url_of(entry), entry.id)


def planned(cat) -> dict[str, str]:
    return {e.id: pdf_path(cat, e) for e in cat.entries.values()
            if cat.kind_of(e).pdf and not cat.provenance[e.id].merged}


SESSION = routes.SESSION_PDF  # a workshop's session PDF (routes.session_pdf) beside its script


def session_path(cat, entry) -> str:
    return routes.session_pdf(cat.url_of(entry), entry.id)


def planned_sessions(cat, renderer: Renderer) -> dict[str, str]:
    """Workshops that use worksheets get one PDF with the script and the sheets (issue 21); a workshop without
    sheets has all its material in its script's PDF."""
    with_pdf = planned(cat)
    return {e.id: session_path(cat, e) for e in cat.of_kind("workshop")
            if e.id in with_pdf and renderer.sheets_of(e)}


def session_html(renderer: Renderer, entry) -> str:
    """The session PDF's HTML: the script's print context, then its worksheets."""
    return _print_html(renderer, entry, "print/session.html", worksheets=renderer.sheets_of(entry))


def print_html(renderer: Renderer, entry) -> str:
    return _print_html(renderer, entry, renderer.cat.kind_of(entry).print_template)


def _print_html(renderer: Renderer, entry, template: str, **more) -> str:
    cat = renderer.cat
    kind = cat.kind_of(entry)
    overview, derived = renderer.overview_of(entry)
    extra = renderer.kind_context(entry, cat.url_of(entry))
    if kind.print_context:
        extra.update(kind.print_context(entry, cat, extra, renderer.env.globals["t"]))
    s = cat.settings
    return renderer.env.get_template(template).render(
        entry=entry, kind=kind, owner=cat.owner_label(entry), overview=overview,
        overview_derived=derived, lang=s.language, title=entry.title, author=cat.owner_label(entry),
        description=plain(entry.summary), colours=s.colours.as_dict(),
        site_url=s.site_url, url=cat.url_of(entry), form=DocumentFields(), **extra, **more)


@dataclass(frozen=True)
class _Job:
    id: str  # the entry's id, or <id>-materiale for a session PDF
    entry: object
    html: str
    key: str
    cached: Path
    page_url: str | None
    rel: str  # where it goes in the site


@dataclass
class Result:
    paths: dict = field(default_factory=dict)  # entry id -> site-relative pdf path
    sessions: dict = field(default_factory=dict)  # workshop id -> its session PDF (script and worksheets)
    generated: list = field(default_factory=list)
    reused: list = field(default_factory=list)
    seconds: float = 0.0


def _css_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CSS_FILES)


class _Weasy:
    """What WeasyPrint can share between documents in one process: the font configuration and the parsed
    stylesheets (parsing ik.css, ik-sheets.css and print.css took ~0.08 s of every document). Made before the
    workers fork, so each inherits it."""

    def __init__(self, css: str):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        self.fonts = FontConfiguration()
        # url()s in the stylesheets (the shipped typeface, fonts/…) are relative to the assets folder
        self.css = [CSS(string=css, base_url=f"{ASSETS}/", font_config=self.fonts)]

    def write(self, html: str, key: str, target: Path, page_url: str):
        """``page_url``: the entry's public address; links in the print HTML are relative to its page, so a PDF
        links to the site (not to a file on the machine that built it)."""
        from weasyprint import HTML
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        HTML(string=html, base_url=page_url).write_pdf(
            tmp, stylesheets=self.css, font_config=self.fonts, pdf_variant="pdf/ua-1", pdf_forms=True,
            pdf_identifier=key[:32].encode("ascii"), uncompressed_pdf=False)
        tmp.replace(target)


def build(renderer: Renderer, site_dir: Path, cache_dir: Path | None = None, log=None, workers: int = 1) -> Result:
    """Write every PDF into site_dir, generating only those whose print HTML is not in the cache, in ``workers``
    forked processes (each PDF's bytes depend on its HTML alone, so the result is the same with any number)."""
    # WeasyPrint logs each stylesheet it parses (its own on import too) and every screen-only rule it skips (media
    # queries, line clamps); in the preview's terminal those hundreds of lines buried the editors' own messages
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)
    from weasyprint import __version__ as weasy_version

    log = log or (lambda msg: print(msg, file=sys.stderr))
    cat = renderer.cat
    cache_dir = Path(cache_dir or ROOT / ".cache" / "pdf")
    cache_dir.mkdir(parents=True, exist_ok=True)
    result = Result()
    started = time.perf_counter()
    todo = sorted((cat.entries[i] for i in planned(cat)), key=lambda e: e.id)
    css = _css_text()
    styles = hashlib.sha256(css.encode("utf-8") + b"".join(p.read_bytes() for p in FONTS)).hexdigest()
    jobs = []
    sessions = planned_sessions(cat, renderer)
    site = cat.settings.site_url  # links go to the site only when its address is real (never to example.org)
    for entry in todo:
        page_url = site.rstrip("/") + "/" + cat.url_of(entry) if site else None
        made = [(entry.id, print_html(renderer, entry), pdf_path(cat, entry))]
        if entry.id in sessions:
            made.append((entry.id + SESSION, session_html(renderer, entry), sessions[entry.id]))
        for job_id, html, rel in made:
            key = hashlib.sha256(f"{weasy_version}\n{styles}\n{page_url or ''}\n{html}".encode("utf-8")).hexdigest()
            jobs.append(_Job(job_id, entry, html, key, cache_dir / f"{key}.pdf", page_url, rel))
    missing = [j for j in jobs if not j.cached.exists()]
    if missing:
        weasy = _Weasy(css)
        workers = max(1, min(workers, len(missing)))

        def make(indexes):
            made = []
            for i in indexes:
                t0 = time.perf_counter()
                job = missing[i]
                weasy.write(job.html, job.key, job.cached, job.page_url)
                made.append((i, time.perf_counter() - t0))
            return made

        # a line per PDF on short runs; on long ones a progress line per tenth
        step = 1 if len(missing) <= 20 else len(missing) // 10
        chunks = [range(i, min(i + 2, len(missing))) for i in range(0, len(missing), 2)]
        done = 0
        results = run_in_workers(make, chunks, workers) if workers > 1 else map(make, chunks)
        try:
            for finished in results:
                for i, seconds in finished:
                    result.generated.append(missing[i].id)
                    done += 1
                    if step == 1:
                        log(f"PDF {done}/{len(missing)}: {missing[i].id} ({seconds:.1f} s)")
                    elif done % step == 0 or done == len(missing):
                        log(f"PDF'er: {done}/{len(missing)} lavet ({time.perf_counter() - started:.0f} s, "
                            f"{workers} {'processer' if workers > 1 else 'proces'})")
        except RuntimeError as e:
            raise RuntimeError(f"Fejl under generering af PDF'erne: {e}") from None
        result.generated.sort()
    for job in jobs:
        target = Path(site_dir) / job.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(job.cached, target)
        if job.id == job.entry.id:
            result.paths[job.id] = job.rel
        else:
            result.sessions[job.entry.id] = job.rel
        if job.id not in result.generated:
            result.reused.append(job.id)
    result.seconds = time.perf_counter() - started
    log(f"PDF'er: {len(result.generated)} lavet, {len(result.reused)} uændrede fra cachen ({result.seconds:.1f} s)")
    return result
