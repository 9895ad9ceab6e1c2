"""An entry's page does not grow with the catalogue: back-links show a few cards and a link to a page that lists
them all (paginated), related entries are a fixed few. A fork whose 60 copies of an initiative all refer back to
the original leaves the original's page within ±10 % of its size without them. (Using an entry — a pack's
initiatives — makes a back-link; naming it as related shows it among the related entries, a fixed few.)"""
from __future__ import annotations

import re

import pytest

from conftest import ENV, build, make_project
from catalogue.render.views import BACKLINKS_SHOWN

ORIGINAL = "robusthed"
COPIES = 60
QUICK = {**ENV, "KATALOG_PDF": "0", "KATALOG_SEARCH": "0"}


def add_copies(project, n: int):
    """n local learning packs, each a copy of an embedded one that uses the original initiative; and n local
    initiatives, copies of the original, that name it as related."""
    pack = (project / "content" / "laeringspakker" / "faglig-ledelse.yml").read_text(encoding="utf-8")
    text = (project / "content" / "indsatser" / f"{ORIGINAL}.yml").read_text(encoding="utf-8")
    for folder in ("laeringspakker", "indsatser"):
        (project / "content" / "lokalt" / folder).mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        copy = pack.replace("id: faglig-ledelse\n", f"id: kopi-{i:03d}\n", 1)
        copy = re.sub(r"^titel: (.*)$", rf"titel: \1 (kopi {i})", copy, count=1, flags=re.M)
        copy += f"indsatser: [{ORIGINAL}]\n"
        (project / "content" / "lokalt" / "laeringspakker" / f"kopi-{i:03d}.yml").write_text(copy, encoding="utf-8")
        copy = text.replace(f"id: {ORIGINAL}\n", f"id: relateret-{i:03d}\n", 1)
        copy = re.sub(r"^titel: (.*)$", rf"titel: \1 (relateret {i})", copy, count=1, flags=re.M)
        copy += f"relaterede: [{ORIGINAL}]\n"
        (project / "content" / "lokalt" / "indsatser" / f"relateret-{i:03d}.yml").write_text(copy, encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    plain = make_project(tmp_path_factory.mktemp("alone"))
    forked = make_project(tmp_path_factory.mktemp("referred"))
    add_copies(forked, COPIES)
    for project in (plain, forked):
        result = build(project, env=QUICK)
        assert result.returncode == 0, result.stderr[-3000:]
    return plain / "site", forked / "site"


def test_the_original_page_stays_within_ten_percent(sites):
    plain, forked = sites
    before = (plain / "indsatser" / ORIGINAL / "index.html").stat().st_size
    after = (forked / "indsatser" / ORIGINAL / "index.html").stat().st_size
    assert 0.9 * before <= after <= 1.1 * before, (before, after)


def test_a_few_backlinks_then_a_link_to_all_of_them(sites, catalogue):
    _, forked = sites
    already = [e.id for e in catalogue.used_by(catalogue.entries[ORIGINAL])]  # embedded entries that refer to it
    page = (forked / "indsatser" / ORIGINAL / "index.html").read_text(encoding="utf-8")
    used_by = page.split('id="bruges-i"', 1)[1].split("</div>", 1)[0]
    assert used_by.count('class="ik-card"') == BACKLINKS_SHOWN
    assert f'<a href="bruges-i/">Se alle {COPIES + len(already)}</a>' in page
    # every referring entry is listed on the back-link pages (paginated), each once
    first = (forked / "indsatser" / ORIGINAL / "bruges-i" / "index.html").read_text(encoding="utf-8")
    second = (forked / "indsatser" / ORIGINAL / "bruges-i" / "side-2" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<h2 class="ik-card-title"><a href="(?:\.\./)*(?:[a-z]+/)?([a-z0-9-]+)/"', first + second)
    assert sorted(listed) == sorted([f"kopi-{i:03d}" for i in range(1, COPIES + 1)] + already)


def test_no_backlink_page_where_few_refer(sites, catalogue):
    plain, _ = sites
    for entry in catalogue.entries.values():
        listed = (plain / catalogue.url_of(entry) / "bruges-i" / "index.html").exists()
        assert listed == (len(catalogue.used_by(entry)) > BACKLINKS_SHOWN), entry.id


def test_an_entry_named_as_related_is_related_both_ways_not_a_use(sites):
    _, forked = sites
    page = (forked / "indsatser" / ORIGINAL / "index.html").read_text(encoding="utf-8")
    related = page.split('id="relaterede"', 1)[1]
    used_by = page.split('id="bruges-i"', 1)[1].split('id="relaterede"', 1)[0]
    assert "relateret-" not in used_by
    shown = re.findall(r'href="[./]*(?:indsatser/)?(relateret-\d+)/"', related)
    assert 1 <= len(shown) <= 6
