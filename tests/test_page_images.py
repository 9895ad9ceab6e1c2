"""An image a page shows must be a file of the site (issue 18, part 5): a missing one, or one fetched from another
site, is an error with the page's line — in the original and in a fork (whose pages and images are one folder)."""
from __future__ import annotations

from catalogue.load.loader import load
from conftest import make_project


def page_errors(project):
    return [(d.path, d.line, d.message, d.hint) for d in load(project).report.errors]


def test_missing_and_foreign_images_are_errors_with_their_line(tmp_path):
    project = make_project(tmp_path / "p")
    page = project / "content/sider/om-kilderne.md"
    before = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(before + ["![Et foto](billeder/foto.jpg)", "", "![Logo](billeder/logo.svg)",
                                        '<img alt="" src="https://cdn.example.com/x.png">',
                                        "![Indlejret](data:image/png;base64,iVBORw0KGgo=)"]) + "\n", encoding="utf-8")
    n = len(before)
    assert page_errors(project) == [
        ("content/sider/om-kilderne.md", n + 1, "billedet 'billeder/foto.jpg' findes ikke",
         "læg filen i content/sider/billeder/foto.jpg, eller ret stien (den regnes fra sidens mappe)"),
        ("content/sider/om-kilderne.md", n + 4, "billedet 'https://cdn.example.com/x.png' hentes fra et andet site",
         "kataloget henter intet fra andre domæner: læg billedet i mappen billeder/ ved siden af siden, og skriv "
         "stien dertil, fx billeder/foto.jpg"),
        ("content/sider/om-kilderne.md", n + 5, "billedet 'data:image/png;base64,iVBORw0KGgo=…' er indlejret i "
         "siden (data:) og vises ikke", "læg billedet i mappen billeder/ ved siden af siden, og skriv stien dertil, "
         "fx billeder/foto.jpg")]
    # following the advice: the file where the hint says
    (project / "content/sider/billeder/foto.jpg").write_bytes(b"\xff\xd8\xff")
    assert len(page_errors(project)) == 2


def test_in_a_fork_images_come_from_either_folder_and_the_hint_names_content_lokalt(tmp_path):
    project = make_project(tmp_path / "p")
    local = project / "content/lokalt/sider"
    (local / "billeder").mkdir(parents=True)
    (local / "om-os.md").write_text("# Om os\n\n![Logo](billeder/logo.svg)\n\n![Vores hus](billeder/hus.jpg)\n",
                                    encoding="utf-8")
    assert page_errors(project) == [("content/lokalt/sider/om-os.md", 5, "billedet 'billeder/hus.jpg' findes ikke",
                                     "læg filen i content/lokalt/sider/billeder/hus.jpg, eller ret stien (den regnes "
                                     "fra sidens mappe)")]
    (local / "billeder/hus.jpg").write_bytes(b"\xff\xd8\xff")
    assert page_errors(project) == []
