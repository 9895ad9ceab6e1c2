"""What an entry page links to for use in the room: its downloads (artifacts.plan, given at construction — none
when PDFs are off) and the worksheets it uses — the PDF link at the top of the page and the "Materialer" box of
workshops and learning packs."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from catalogue.core.artifacts import Artifact, by_entry, head, in_materials
from catalogue.load.loader import Catalogue
from catalogue.render.links import relative_url


class Materials:
    def __init__(self, catalogue: Catalogue, t: Callable, artifacts: Iterable[Artifact] = ()):
        self.cat, self.t = catalogue, t
        self.planned: dict[str, tuple[Artifact, ...]] = by_entry(artifacts)  # entry id -> its downloads

    def own_pdf(self, entry_id: str) -> str | None:
        """The site path of an entry's own PDF (its head download), if the build writes one."""
        own = head(self.planned.get(entry_id, ()))
        return own.path if own else None

    def pdf_link(self, entry_id: str, from_url: str) -> str | None:
        own = self.own_pdf(entry_id)
        return own and relative_url(own, from_url)

    def download_links(self, entry_id: str, from_url: str) -> list[dict]:
        """The downloads an entry's "Materialer" box lists: each with its link and its label (text)."""
        return [{"url": relative_url(a.path, from_url), "label": self.t(a.label)}
                for a in in_materials(self.planned.get(entry_id, ()))]

    def sheet_links(self, entry, from_url: str) -> list[dict]:
        """The worksheets an entry uses (its own list and its steps' and activities'), each with its page, its PDF
        and its orientation."""
        return [{"title": sheet.title, "url": relative_url(self.cat.url_of(sheet), from_url),
                 "pdf": self.pdf_link(sheet.id, from_url), "orientation": self.t(f"orientation_{sheet.orientation}")}
                for sheet in self.cat.used_of_kind(entry, "worksheet")]
