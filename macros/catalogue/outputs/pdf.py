"""PDFs at build time (WeasyPrint, pinned): the build's downloads (artifacts.py: an initiative's one-page
overview, a workshop's full script and its session PDF, a worksheet on one A4 page in its own orientation, a
learning pack's booklet, a programme), one job each. Tagged PDF/UA with title and language.

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

from catalogue import ROOT
from catalogue.core.artifacts import Artifact, plan
from catalogue.core.text import plain
from catalogue.core.workers import run as run_in_workers
from catalogue.model.initiative import Initiative
from catalogue.outputs.forms import DocumentFields
from catalogue.render.environment import TEMPLATES
from catalogue.render.renderer import Renderer

ASSETS = TEMPLATES / "overrides/assets"
FONTS = sorted((ASSETS / "fonts").glob("*.ttf"))  # embedded in every PDF: part of what a cached PDF was made from
CSS_FILES = [TEMPLATES / "overrides/assets/ik.css", TEMPLATES / "overrides/assets/ik-sheets.css",
             TEMPLATES / "print/print.css"]


def enabled() -> bool:
    """PDFs are made unless KATALOG_PDF=0 (the benchmark measures the site without them)."""
    return os.environ.get("KATALOG_PDF", "1") != "0"


def artifact_html(renderer: Renderer, artifact: Artifact) -> str:
    """A download's print HTML: its template with the entry's print context and what its declaration adds."""
    entry = renderer.cat.entries[artifact.entry]
    more = artifact.kind.context(renderer.cat, entry) if artifact.kind.context else {}
    return _print_html(renderer, entry, artifact.template, **more)


def print_html(renderer: Renderer, entry) -> str:
    return _print_html(renderer, entry, renderer.cat.kind_of(entry).print_template)


def print_page(renderer: Renderer, entry, template: str, **more) -> str:
    """An entry's print HTML from ``template`` with its print context and ``more`` (the print view, issue 30.1)."""
    return _print_html(renderer, entry, template, **more)


def _print_html(renderer: Renderer, entry, template: str, **more) -> str:
    cat = renderer.cat
    kind = cat.kind_of(entry)
    overview, derived = renderer.overview_of(entry)
    extra = renderer.kind_context(entry, cat.url_of(entry))
    if kind.print_context:
        extra.update(kind.print_context(entry, cat, extra, renderer.env.globals["t"]))
    s = cat.settings
    assert s is not None  # a catalogue that loaded has its settings
    return renderer.env.get_template(template).render(
        entry=entry, kind=kind, owner=cat.owner_label(entry), overview=overview,
        overview_derived=derived, lang=s.language, title=entry.title, author=cat.owner_label(entry),
        description=plain(entry.summary), colours=s.colours.as_dict(),
        site_url=s.site_url, url=cat.url_of(entry), form=DocumentFields(),
        key_facts=renderer.key_facts(entry) if isinstance(entry, Initiative) else None, **extra, **more)


@dataclass(frozen=True)
class _Job:
    artifact: Artifact
    html: str
    key: str
    cached: Path
    page_url: str | None

    @property
    def id(self) -> str:
        return self.artifact.job


@dataclass
class Result:
    paths: dict = field(default_factory=dict)  # job ('x', 'x-materiale': Artifact.job) -> site-relative path
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


def build(renderer: Renderer, site_dir: Path, cache_dir: Path | None = None, log=None, workers: int = 1,
          artifacts: tuple[Artifact, ...] | None = None) -> Result:
    """Write every download (``artifacts``, default: artifacts.plan) into site_dir, generating only those whose
    print HTML is not in the cache, in ``workers`` forked processes (each PDF's bytes depend on its HTML alone, so
    the result is the same with any number)."""
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
    css = _css_text()
    styles = hashlib.sha256(css.encode("utf-8") + b"".join(p.read_bytes() for p in FONTS)).hexdigest()
    jobs = []
    assert cat.settings is not None  # a catalogue that loaded has its settings
    site = cat.settings.site_url  # links go to the site only when its address is real (never to example.org)
    for artifact in plan(cat) if artifacts is None else artifacts:
        page_url = site.rstrip("/") + "/" + cat.url_of(cat.entries[artifact.entry]) if site else None
        html = artifact_html(renderer, artifact)
        key = hashlib.sha256(f"{weasy_version}\n{styles}\n{page_url or ''}\n{html}".encode()).hexdigest()
        jobs.append(_Job(artifact, html, key, cache_dir / f"{key}.pdf", page_url))
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
        target = Path(site_dir) / job.artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(job.cached, target)
        result.paths[job.id] = job.artifact.path
        if job.id not in result.generated:
            result.reused.append(job.id)
    result.seconds = time.perf_counter() - started
    log(f"PDF'er: {len(result.generated)} lavet, {len(result.reused)} uændrede fra cachen ({result.seconds:.1f} s)")
    return result
