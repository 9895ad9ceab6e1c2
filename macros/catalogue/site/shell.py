"""The escape hatch: the whole site in a minimal HTML shell of the engine's own, without MkDocs or Material.

Every page of the page model (pages.py), the hand-written Markdown pages of content/sider/ (with their page
functions in the same sandbox and through the same allow-list as the site (handwritten.py), and their .md links
turned into page addresses, as MkDocs does), the assets, the PDFs, the data export and the search index. It is not
the product's front end — the site is built with MkDocs + Material (macros/katalog_mkdocs/adapter.py) — but it
proves, in a test, that the engine alone can make a complete, linked site: replacing the theme or the site builder
is a bounded job (ARCHITECTURE.md, "Layers").

    python -m catalogue.site.shell OUT      # from the repository root, with .venv (the package is installed there)"""
from __future__ import annotations

import argparse
import posixpath
import shutil
import sys
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from catalogue import ROOT
from catalogue.core.routes import url_of_src
from catalogue.load import handwritten
from catalogue.outputs import csp, search_index
from catalogue.render.environment import TocEntry
from catalogue.render.links import relative_url
from catalogue.site.build import ContentInvalid, SiteBuild

MARKDOWN_EXTENSIONS = handwritten.MARKDOWN_EXTENSIONS
ASSETS = ROOT / "templates" / "overrides" / "assets"
WIDE = ("navigation", "toc")  # what a wide page (Page.wide) leaves out, as the MkDocs adapter hides it


class _PageLinks(Treeprocessor):
    """Relative links and images of a Markdown page, resolved as MkDocs resolves them: 'felter.md#x' from
    'redaktoerer.md' -> '../felter/#x' (directory addresses), 'billeder/logo.svg' -> '../billeder/logo.svg'."""

    def __init__(self, md, src: str):
        super().__init__(md)
        self.src = src

    def run(self, root):
        for el in root.iter():
            attr = {"a": "href", "img": "src"}.get(el.tag)
            value = el.get(attr) if attr else None
            if value and not value.startswith(("#", "/")) and ":" not in value.split("/")[0]:
                el.set(attr, self.resolve(value))

    def resolve(self, ref: str) -> str:
        path, _, fragment = ref.partition("#")
        path, _, query = path.partition("?")  # 'soeg/index.md?f=…' keeps its query, as with MkDocs
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src), path))
        target = url_of_src(target) if target.endswith(".md") else target
        if query:
            return relative_url(target, url_of_src(self.src)) + f"?{query}" + (f"#{fragment}" if fragment else "")
        return relative_url(target + (f"#{fragment}" if fragment else ""), url_of_src(self.src))


class _LinksExtension(Extension):
    def __init__(self, src: str):
        super().__init__()
        self.src = src

    def extendMarkdown(self, md):
        md.treeprocessors.register(_PageLinks(md, self.src), "katalog_page_links", 0)


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token["children"])


class Shell:
    def __init__(self, build: SiteBuild):
        self.build = build
        self.env = Environment(loader=FileSystemLoader(str(ROOT / "templates" / "shell")), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.theme = build.theme()
        self.extra = build.theme_extra()  # the strings table and the colours, as the Material frame gets them
        self.nav = build.nav()

    def write(self, out: Path, url: str, title: str, description: str, body: Markup, toc, hide=()) -> None:
        """One page; hide names what its frame leaves out ('navigation', 'toc'), as a Markdown page's front matter
        and MkDocs' Material say it (a wide page: both)."""
        nav = [{"title": item.title, "url": relative_url(url_of_src(item.src), url),
                "current": url_of_src(item.src) == url} for item in self.nav]
        html = self.env.get_template("page.html").render(
            lang=self.theme.language, site_name=self.theme.site_name, title=title, description=description,
            body=body, toc=toc, nav=nav, root=relative_url("", url), home=url == "", ik=self.extra,
            hide=set(hide))
        target = out / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(csp.with_policy(html), encoding="utf-8")

    def markdown_sources(self) -> dict[str, Path]:
        """src -> file of the hand-written pages and their files (content/sider/; content/lokalt/sider/ wins)."""
        sider = self.build.cat.root / "content" / "sider"
        out = {p.relative_to(sider).as_posix(): p for p in sorted(sider.rglob("*")) if p.is_file()}
        out.update(self.build.local_pages())
        return out

    def markdown_page(self, src: str, path: Path) -> tuple[str, str, Markup, list[TocEntry]]:
        meta, text, _ = handwritten.front_matter(path.read_text(encoding="utf-8"))
        url = url_of_src(src)
        outputs = None
        if meta.get("render_macros"):  # as the site: the page functions in the sandbox, then the allow-list
            text, outputs = handwritten.render_functions(text, self.build.page_functions(lambda: url))
        md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS + [_LinksExtension(src)],
                               extension_configs=handwritten.MARKDOWN_CONFIGS)
        body = handwritten.sanitise(md.convert(text), outputs)
        headings = list(_walk(md.toc_tokens))
        toc = [TocEntry(h["id"], Markup(h["name"]).unescape()) for h in headings if h["level"] == 2]
        title = meta.get("title") or next((Markup(h["name"]).unescape() for h in headings if h["level"] == 1), src)
        return title, meta.get("description", ""), Markup(body), toc

    def build_site(self, out: Path, search: bool = True, log=None) -> int:
        """Write the whole site into out; returns the number of pages."""
        out.mkdir(parents=True, exist_ok=True)
        self.build.prepare()
        search_index.drop_copies(out)
        for page in self.build.pages:
            rendered = self.build.render(page)
            if search:
                self.build.write_search_copy(page, rendered, out)
            self.write(out, page.url, page.title, page.description, rendered.body, rendered.toc,
                       WIDE if page.wide else ())
        count = len(self.build.pages)
        for src, path in self.markdown_sources().items():
            if handwritten.published_problem(src, path):
                continue  # not published (the check reports it)
            if src.endswith(".md"):
                title, description, body, toc = self.markdown_page(src, path)
                hide = handwritten.front_matter(path.read_text(encoding="utf-8"))[0].get("hide") or ()
                self.write(out, url_of_src(src), title, description, body, toc, hide)
                count += 1
            else:
                (out / src).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out / src)
        shutil.copytree(ASSETS, out / "assets", dirs_exist_ok=True)
        self.build.write_outputs(out)
        if search:
            search_index.finish(search_index.start(out, self.build.search_pages()), log)
        return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue.site.shell", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the folder to write the site into")
    parser.add_argument("--root", default=str(ROOT), help="the project (with content/)")
    args = parser.parse_args(argv)
    try:
        build = SiteBuild.load(Path(args.root))
    except ContentInvalid as invalid:
        invalid.report.print()
        return 1
    build.report.print()
    n = Shell(build).build_site(Path(args.out))
    print(f"{n} sider skrevet i {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
