"""``scripts/serve``: MkDocs' live-reload server around the adapter's builds, with two changes.

- A failed build prints the diagnostics and the last good build keeps being served (MkDocs' own ``serve`` stops
  when the first build fails): every full build goes to a staging folder and replaces the served one when it
  succeeds.
- When only entries' YAML files changed, those entries are reloaded and their pages rebuilt through the same
  page model and MkDocs page step as a build (Adapter.rebuild_entry_pages) straight into the served site — a
  fraction of a second, whatever the catalogue's size — and then a full build runs (listings, related entries and
  the search index catch up a few seconds later). The full build is asked for through the server's public file
  watching: a marker file in a watched folder is touched."""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from catalogue import ROOT
from catalogue.core import routes
from catalogue.load.loader import changed_entries
from catalogue.outputs import csp
from katalog_mkdocs.adapter import INVALID, Adapter


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, with its reload script served from a file (templates/preview/ik-livereload.js)
    instead of injected inline: the preview's pages keep the site's Content-Security-Policy (no inline script).
    The editor (/admin/) gets no reload script at all: a build after a save must not reload the open form
    (Decap would ask to leave the page, then offer to restore a backup)."""

    SCRIPT = ROOT / "templates" / "preview" / "ik-livereload.js"
    # MkDocs' live-reload script as its server injects it inline; it becomes the same poller from a file
    INLINE = re.compile(rb"<script>\s*var livereload = function.*?livereload\(([0-9]+), ([0-9]+)\);\s*</script>",
                        re.S)

    def serve_request(self, environ, start_response):
        captured: dict[str, Any] = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None

        body = super().serve_request(environ, capture)
        headers = captured.get("headers", [])
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            content = b"".join(body)
            if hasattr(body, "close"):
                body.close()
            content = self.INLINE.sub(b"" if self.is_editor(environ) else (
                lambda m: b'<script src="/ik-livereload.js" data-epoch="%s" data-request="%s"></script>'
                % (m.group(1), m.group(2))), content)
            headers = [(k, str(len(content)) if k.lower() == "content-length" else v) for k, v in headers]
            body = [content]
        start_response(captured.get("status", "500 Internal Server Error"), headers, captured.get("exc_info"))
        return body

    @staticmethod
    def is_editor(environ) -> bool:
        """A request for the browser editor (routes.ADMIN, under any base path)."""
        return f"/{routes.ADMIN}" in environ.get("PATH_INFO", "") or environ.get("PATH_INFO", "").endswith(
            f"/{routes.ADMIN.rstrip('/')}")


class Preview:
    def __init__(self, root: Path, url: str):
        self.root, self.url = root, url
        self.live = Path(tempfile.mkdtemp(prefix="katalog-serve-"))  # what the server serves
        self.signal = Path(tempfile.mkdtemp(prefix="katalog-signal-"))  # watched: touched to ask for a full build
        self.snapshot: dict = {}
        self.last: tuple[MkDocsConfig, Adapter] | None = None  # (config, Adapter) of the last good build
        self.full_pending = False

    def scan(self) -> dict:
        return {p: p.stat().st_mtime_ns for p in (self.root / "content").rglob("*") if p.is_file()}

    def build(self):
        now = self.scan()
        changed = [p for p in set(now) | set(self.snapshot) if now.get(p) != self.snapshot.get(p)]
        first = not self.snapshot
        self.snapshot = now
        quick = None
        if not (self.full_pending or first or self.last is None or not changed):
            quick = changed_entries(self.last[1].build.cat, changed)
        if quick:
            started = time.perf_counter()
            if self.quick_update(quick):
                print(f"Opdateret: {', '.join(i for i, _ in quick)} ({time.perf_counter() - started:.2f} s); "
                      "hele sitet bygges nu i baggrunden", file=sys.stderr)
                self.full_pending = True
                (self.signal / "byg-alt").write_text(str(time.time_ns()), encoding="utf-8")
            return
        self.full_pending = False
        self.full_build()

    def quick_update(self, changed) -> bool:
        assert self.last is not None  # build() updates quickly only after a good build
        config, adapter = self.last
        report = adapter.build.update_entries(changed)
        report.print()
        if not report.ok:
            print("Fejl i indholdet; sitet viser stadig sidste gode version.", file=sys.stderr)
            self.status(report.errors)
            return False
        adapter.rebuild_entry_pages([entry_id for entry_id, _ in changed], self.live, config)
        self.status([])
        return True

    def status(self, errors, cat=None) -> None:
        """preview-status.json at the served site's root: the errors every page's banner shows (assets/
        ik-preview.js); written after every build attempt, empty when it succeeded."""
        items = [e if isinstance(e, dict) else {"path": e.path, "line": e.line, "column": e.column,
                                                   "message": e.message, "hint": e.hint} for e in errors]
        shutil.copyfile(PreviewServer.SCRIPT, self.live / PreviewServer.SCRIPT.name)
        (self.live / "preview-status.json").write_text(json.dumps({"errors": items}, ensure_ascii=False),
                                                       encoding="utf-8")
        if self.last is None and items:  # no good build to show yet: a page with the errors at the site's root
            self.error_page(items, cat)

    def error_page(self, items, cat=None) -> None:
        """The failed build's catalogue gives the texts (strings load before entries); a build that failed before
        it loaded anything gets the Danish defaults."""
        strings = cat.strings if cat is not None else {}
        lang = cat.settings.language if cat is not None and cat.settings is not None else "da"
        env = Environment(loader=FileSystemLoader(str(ROOT / "templates")), autoescape=True)
        html = env.get_template("shell/preview-errors.html").render(
            lang=lang, title=strings.get("preview_errors_title", "Indholdet har fejl"),
            intro=strings.get("preview_errors_intro", ""), errors=items)
        (self.live / "index.html").write_text(csp.with_policy(html), encoding="utf-8")
        assets = self.live / "assets"
        assets.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / "templates" / "overrides" / "assets" / "ik-preview.css", assets / "ik-preview.css")

    def full_build(self):
        staging = Path(tempfile.mkdtemp(prefix="katalog-build-"))
        config = None
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(staging), site_url=self.url)
            config.watch = []
            config.extra["katalog_preview"] = True  # pages load the error banner (templates/overrides/main.html)
            build(config, serve_url=self.url)
        except (MkDocsException, Exception) as e:  # keep serving the last good build, with the errors on every page
            print(f"Byggeriet fejlede: {e}\nSitet viser stadig sidste gode version.", file=sys.stderr)
            shutil.rmtree(staging, ignore_errors=True)
            invalid = getattr(config, INVALID, None) if config is not None else None
            if invalid is not None:  # the content's errors (ContentErrors)
                self.status(invalid.report.errors, invalid)
            else:
                self.status([{"path": "", "line": 0, "column": 0, "message": f"byggeriet fejlede: {e}", "hint": ""}])
            return
        self.last = (config, Adapter.of(config))
        for child in self.live.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), self.live / child.name)
        shutil.rmtree(staging, ignore_errors=True)
        self.status([])
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
    preview = Preview(Path(args.root), f"http://{args.host}:{args.port}/")
    server = PreviewServer(builder=preview.build, host=args.host, port=args.port, root=str(preview.live))
    preview.build()  # before the server's threads start: this build may fork worker processes (KATALOG_WORKERS)
    # Later rebuilds run on the server's build thread while other threads serve and watch; forking then could
    # copy a lock another thread holds, so they render in this process (a changed entry is shown at once anyway).
    os.environ.setdefault("KATALOG_WORKERS", "1")
    for folder in ("content", "templates", "macros", "mkdocs.yml"):
        server.watch(str(preview.root / folder))
    server.watch(str(preview.signal))
    print(f"Kataloget vises på {preview.url} (Ctrl+C stopper)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(preview.live, ignore_errors=True)
        shutil.rmtree(preview.signal, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
