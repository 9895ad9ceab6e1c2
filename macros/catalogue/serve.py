"""``scripts/serve``: MkDocs' live-reload server, with two changes.

- A failed build prints the diagnostics and the last good build keeps being served (MkDocs' own ``serve`` stops
  when the first build fails).
- When only entries' YAML files changed, the changed pages are re-rendered and put into the served site at once
  (a fraction of a second, whatever the catalogue's size), and then a full build runs in the same loop and
  replaces the site (listings, related entries, search index catch up a few seconds later)."""
from __future__ import annotations

import argparse
import os
import logging
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from markupsafe import Markup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from . import ROOT, state
from .content import _load_file
from .diagnostics import Report
from .kinds import KINDS
from .render import Renderer


class Site:
    def __init__(self, root: Path, url: str):
        self.root, self.url = root, url
        self.live = Path(tempfile.mkdtemp(prefix="katalog-serve-"))
        self.snapshot: dict = {}
        self.catalogue = None  # the catalogue of the last good build
        self.full_pending = False
        self.server = None

    def scan(self) -> dict:
        return {p: p.stat().st_mtime_ns for p in (self.root / "content").rglob("*") if p.is_file()}

    def entry_files(self, changed: list[Path]):
        """The changed files if every one is an existing entry's YAML file (original or overlay), else None."""
        folders = {k.folder: k for k in KINDS}
        out = []
        for p in changed:
            rel = p.relative_to(self.root / "content").parts
            rel = rel[1:] if rel and rel[0] == "lokalt" else rel
            if len(rel) != 2 or rel[0] not in folders or p.suffix != ".yml" or not p.exists():
                return None
            if self.catalogue is None or p.stem not in self.catalogue.entries:
                return None
            out.append((p.stem, folders[rel[0]]))
        return out

    def build(self):
        now = self.scan()
        changed = [p for p in set(now) | set(self.snapshot) if now.get(p) != self.snapshot.get(p)]
        self.snapshot = now
        quick = None if self.full_pending or not self.snapshot or self.catalogue is None else self.entry_files(changed)
        if quick:
            started = time.perf_counter()
            if self.quick_update(quick):
                print(f"Opdateret: {', '.join(i for i, _ in quick)} ({time.perf_counter() - started:.2f} s); "
                      "hele sitet bygges nu i baggrunden", file=sys.stderr)
                self.full_pending = True
                self.request_rebuild()
            return
        self.full_pending = False
        self.full_build()

    def request_rebuild(self):
        """Ask the server's build loop for one more (full) build after this one."""
        with self.server._rebuild_cond:  # MkDocs' LiveReloadServer has no public call for this
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def quick_update(self, changed) -> bool:
        cat = self.catalogue
        report = Report()
        content = self.root / "content"
        for entry_id, kind in changed:
            original = content / kind.folder / f"{entry_id}.yml"
            overlay = content / "lokalt" / kind.folder / f"{entry_id}.yml"
            base = original if original.exists() else overlay
            entry, _ = _load_file(self.root, base, kind.record, report,
                                  overlay if base == original and overlay.exists() else None)
            if entry is None or entry.id != entry_id:
                report.print()
                print("Fejl i indholdet; sitet viser stadig sidste gode version.", file=sys.stderr)
                return False
            cat.entries[entry_id] = entry  # same id, kind and provenance (cat.provenance)
        report.print()
        renderer = Renderer(cat)
        renderer.pdf_links = dict(state.pdfs())
        for entry_id, _ in changed:
            page = self.live / cat.url_of(cat.entries[entry_id]) / "index.html"
            html = page.read_text(encoding="utf-8")
            start, end = html.find("<div data-pagefind-body"), html.rfind("</article>")
            if start < 0 or end < start:
                return False
            body = renderer.entry_page(cat.entries[entry_id])
            html = html[:start] + body + "\n" + html[end:]
            # the same <title> as the full build: the title and the site name, each escaped once
            title = self.title_tag(cat.entries[entry_id].title, cat.settings.site_name)
            html = re.sub(r"<title>.*?</title>", lambda m: title, html, count=1, flags=re.S)
            page.write_text(html, encoding="utf-8")
        return True

    @staticmethod
    def title_tag(title: str, site_name: str) -> str:
        return str(Markup("<title>{} - {}</title>").format(title, site_name))

    def full_build(self):
        staging = Path(tempfile.mkdtemp(prefix="katalog-build-"))
        try:
            cfg = load_config(str(self.root / "mkdocs.yml"), site_dir=str(staging), site_url=self.url)
            cfg.watch = []
            build(cfg, serve_url=self.url)
        except (MkDocsException, Exception) as e:  # keep serving the last good build
            print(f"Byggeriet fejlede: {e}\nSitet viser stadig sidste gode version.", file=sys.stderr)
            shutil.rmtree(staging, ignore_errors=True)
            return
        self.catalogue = state.current()
        for child in self.live.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), self.live / child.name)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Bygget: {self.url}", file=sys.stderr)




def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    for noisy in ("mkdocs.plugins.macros", "mkdocs_macros", "mkdocs.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    site = Site(Path(args.root), f"http://{args.host}:{args.port}/")
    server = LiveReloadServer(builder=lambda config=None: site.build(), host=args.host, port=args.port,
                              root=str(site.live))
    site.server = server
    site.build()  # before the server's threads start: this build may fork worker processes (KATALOG_WORKERS)
    # Later rebuilds run on the server's build thread while other threads serve and watch; forking then could
    # copy a lock another thread holds, so they render in this process (a changed entry is shown at once anyway).
    os.environ.setdefault("KATALOG_WORKERS", "1")
    for folder in ("content", "templates", "macros", "mkdocs.yml"):
        server.watch(str(site.root / folder))
    print(f"Kataloget vises på {site.url} (Ctrl+C stopper)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site.live, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
