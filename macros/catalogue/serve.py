"""``scripts/serve``: mkdocs serve with live reload that survives invalid content.

MkDocs' own ``serve`` stops when the first build fails. Here a failed build prints the diagnostics and the
server keeps serving the last good build; the next save triggers a new build."""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from . import ROOT


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--root", default=str(ROOT))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    for noisy in ("mkdocs.plugins.macros", "mkdocs_macros", "mkdocs.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    root = Path(args.root)
    live = Path(tempfile.mkdtemp(prefix="katalog-serve-"))
    url = f"http://{args.host}:{args.port}/"

    def builder(config=None):
        staging = Path(tempfile.mkdtemp(prefix="katalog-build-"))
        try:
            cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), site_url=url)
            cfg.watch = []
            build(cfg, serve_url=url)
        except (MkDocsException, Exception) as e:  # keep serving the last good build
            print(f"Byggeriet fejlede: {e}\nSitet viser stadig sidste gode version.", file=sys.stderr)
            shutil.rmtree(staging, ignore_errors=True)
            return
        # swap the new build in
        for child in live.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), live / child.name)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Bygget: {url}", file=sys.stderr)

    server = LiveReloadServer(builder=builder, host=args.host, port=args.port, root=str(live))
    builder()
    for folder in ("content", "templates", "macros", "mkdocs.yml"):
        server.watch(str(root / folder))
    print(f"Kataloget vises på {url} (Ctrl+C stopper)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(live, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
