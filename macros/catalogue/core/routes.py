"""Every address of the site, spelt once (issue 27): the URL patterns of the pages the engine makes, of the files
it writes beside them (PDFs, ``data/``, ``admin/``, the search index) and the source names MkDocs files them under.

Site URLs are relative to the site root and directory-style (``indsatser/x/``; ``''`` is the front page). Every
other module asks here — pages, render, pdf, export, editor, federation, content, sitebuild, the adapter, and the
templates (through the ``routes`` template global and values passed in) — and ``tests/test_routes.py`` fails on a
URL literal anywhere else. The module imports nothing from the engine: it sits below every module that uses it
(a kind is anything with ``.url``, its URL prefix, declared in ``kinds.KINDS``)."""
from __future__ import annotations

# -- pages ---------------------------------------------------------------------------------------------------

HOME = ""
SEARCH = "soeg/"  # the faceted search (Pagefind); the header search form and {{ soegefelt() }} lead here
FACETS = "facetter/"  # the index of facet values; each value's listing is facet(vocab, value)
LITERATURE = "litteratur/"
FIELDS = "felter/"  # the editors' field reference
MERGED = "andre-kataloger"  # merged catalogues' entries: andre-kataloger/<catalogue>/<id>/ (federation.py)
PAGE_PREFIX = "side-"  # page n > 1 of a paginated listing: <listing>side-<n>/
USED_BY = "bruges-i/"  # <entry>bruges-i/: every entry that uses one (when its page shows only some)
RUN = "afvikl/"  # <workshop>afvikl/: the run view
COMPARE = "sammenlign/"  # every initiative in a table (paginated); ?poster=id1,id2 shows the chosen side by side
COMPARE_PARAM = "poster"  # the query parameter that names the chosen entries
CHOOSE_JS = "assets/ik-choose.js"  # choosing initiatives to compare from their cards (components/compare_tray.html)

# -- files beside the pages ----------------------------------------------------------------------------------

ADMIN = "admin/"  # the browser editor (editor.py): index.html, config.yml, the Decap bundle
# the site's stylesheets the editor's preview pane draws a page with (outputs/editor_config.py, ik-editor.js)
PREVIEW_STYLES = ("assets/ik-base.css", "assets/ik.css", "assets/ik-sheets.css", ADMIN + "ik-editor.css")
DATA = "data/"  # the export (export.py, INTERFACES.md)
CATALOGUE_JSON = DATA + "catalogue.json"
CATALOGUE_CSV = DATA + "catalogue.csv"
VOCABULARIES_JSON = DATA + "vocabularies.json"
SCHEMAS = DATA + "schema/"  # schema/<kind>.json
PAGEFIND = "pagefind/"  # the search index (search_index.py)
PAGEFIND_JS = PAGEFIND + "pagefind.js"
# A large catalogue's index is split into parts ("shards"), each indexed by its own Pagefind run and merged by the
# search page (Pagefind's mergeIndex). A Pagefind query costs about (pages found) x (pages holding the words), so
# k parts cost about 1/k of one; each part's run holds 1/k of the words in memory. Every part past the first costs
# the first query one more index chunk (~30 KB) and its metadata: 1,250 pages a part keeps 5,000 entries' first
# query within 250 KB (bench/REPORT.md, issue 31). Part 0 is PAGEFIND itself (with Pagefind's script and
# WebAssembly); part i > 0 is search_shard(i).
SEARCH_SHARD = PAGEFIND + "shard-"  # part i > 0 of a large index: <SEARCH_SHARD><i>/
SEARCH_RANKS = PAGEFIND + "ik-ranks.json"  # a large index's sort orders across its parts (search_index._sort_ranks)
# each part of a large index holds a page of every word of the site (search_index._dictionary), never a result:
# its URL and the filter that marks it (the search page leaves it out of every search)
SEARCH_DICTIONARY = "_ordliste/"
SEARCH_DICTIONARY_FILTER = "ik_ordliste"
SEARCH_SHARD_PAGES = 1250  # entry pages per part; KATALOG_SEARCH_SHARD_PAGES overrides it (tests)


def search_shards(n_pages: int) -> int:
    """How many parts the search index of n_pages entry pages has (1: one index, as Pagefind writes it)."""
    import os
    try:
        per = max(1, int(os.environ.get("KATALOG_SEARCH_SHARD_PAGES", SEARCH_SHARD_PAGES)))
    except ValueError:
        per = SEARCH_SHARD_PAGES
    return max(1, -(-n_pages // per))


def search_shard(i: int) -> str:
    """The folder of the search index's part i (0: PAGEFIND)."""
    return PAGEFIND if i == 0 else f"{SEARCH_SHARD}{i}/"
SESSION_PDF = "-materiale"  # a workshop's session PDF: <id>-materiale.pdf beside its script
PRINT_VIEW = "-udskriv"  # a workshop's print view (issue 30.1): <id>-udskriv.html beside its page
PARTICIPANT_PDF = "-deltager"  # a workshop's or learning pack's participant version: <id>-deltager.pdf (issue 30)


def kind_listing(kind) -> str:
    """A kind's listing (and the folder of its entries' pages): 'indsatser/'."""
    return f"{kind.url}/"


def entry(kind, entry_id: str) -> str:
    """An own entry's page: 'indsatser/x/'."""
    return f"{kind.url}/{entry_id}/"


def merged_entry(entry_id: str) -> str:
    """A merged entry's page; its id is '<catalogue>/<id>': 'andre-kataloger/<catalogue>/<id>/'."""
    return f"{MERGED}/{entry_id}/"


def merged_catalogue(name: str) -> str:
    """Where a merged catalogue's entries live: 'andre-kataloger/<name>/'."""
    return f"{MERGED}/{name}/"


def listing_page(base_url: str, n: int) -> str:
    """Page n of a paginated listing whose first page is base_url: base_url, base_url + 'side-2/', …"""
    return base_url if n == 1 else f"{base_url}{PAGE_PREFIX}{n}/"


def facet(vocab: str, value: str) -> str:
    """A facet value's listing: 'facetter/<vocabulary>/<value>/'."""
    return f"{FACETS}{vocab}/{value}/"


def compare(*entry_ids: str) -> str:
    """The compare page, with entries chosen: 'sammenlign/?poster=a,b'; without: 'sammenlign/'."""
    return f"{COMPARE}?{COMPARE_PARAM}={','.join(entry_ids)}" if entry_ids else COMPARE


def used_by(entry_url: str) -> str:
    return f"{entry_url}{USED_BY}"


def run(entry_url: str) -> str:
    return f"{entry_url}{RUN}"


def pdf(entry_url: str, entry_id: str, suffix: str = "") -> str:
    """A download of an entry (artifacts.py), next to its page: its own PDF 'indsatser/x/x.pdf'; with a download's
    suffix, e.g. a workshop's session PDF (SESSION_PDF), 'drejeboeger/x/x-materiale.pdf'."""
    return f"{entry_url}{entry_id}{suffix}.pdf"


def print_view(entry_url: str, entry_id: str) -> str:
    """A workshop's session material to print from the browser at the page's start time and durations (issue
    30.1): 'drejeboeger/x/x-udskriv.html', a file beside the page (its links are the page's)."""
    return f"{entry_url}{entry_id}{PRINT_VIEW}.html"


def schema(kind_name: str) -> str:
    return f"{SCHEMAS}{kind_name}.json"


# -- the names MkDocs files pages under ----------------------------------------------------------------------

FIELDS_SRC = "felter.md"  # hand-written pages link to it as 'felter.md' (a file, not a folder: kept so)


def src(url: str) -> str:
    """The source name of an engine page at url: 'indsatser/x/' -> 'indsatser/x/index.md', '' -> 'index.md'."""
    return FIELDS_SRC if url == FIELDS else f"{url}index.md"


def url_of_src(src_name: str) -> str:
    """'x/index.md' -> 'x/', 'felter.md' -> 'felter/', 'index.md' -> '' (directory URLs, as the site uses)."""
    stem = src_name[:-len(".md")] if src_name.endswith(".md") else src_name
    if stem == "index":
        return HOME
    if stem.endswith("/index"):
        return stem[:-len("index")]
    return stem + "/"


def template_globals() -> dict:
    """What templates read as ``routes``: the fixed addresses (a template passes them through ``|url`` or
    relative_url, never spells them)."""
    return {"search": SEARCH, "facets": FACETS, "literature": LITERATURE, "fields": FIELDS, "run": RUN,
            "used_by": USED_BY, "compare": COMPARE, "admin": ADMIN, "data": DATA, "pagefind_js": PAGEFIND_JS}
