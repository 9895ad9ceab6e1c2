"""What a user sees is what the manifest says (tests/manifest.py): every file of the built site in a normalised text
form (HTML's DOM, a PDF's text, form fields and page sizes, pretty JSON, ...; hashes for fonts and images, names only
for third-party bundles), and the diagnostics of the hostile corpus. A refactor passes this unchanged; a change meant
to alter output writes a new manifest (`.venv/bin/python tests/manifest.py --write`) in the same commit. On a
difference the test prints a unified diff of the first differing files and the list of all of them."""
from __future__ import annotations

import difflib
import json
import subprocess

import pytest

import manifest

HINT = "if the change is meant to alter output: .venv/bin/python tests/manifest.py --write"
DIFF_FILES = 5       # files whose diff is shown
DIFF_LINES = 60      # lines of each file's diff shown
DIFF_TOTAL = 250     # lines of diff shown in all


def diff_report(want: dict[str, str], got: dict[str, str], want_forms: dict[str, str],
                got_forms: dict[str, str]) -> str:
    """The list of every file missing, new or changed, then a unified diff (capped) of the first changed ones: ""
    if none differs."""
    missing = sorted(set(want_forms) - set(got_forms))
    extra = sorted(set(got_forms) - set(want_forms))
    changed = sorted(p for p in set(want_forms) & set(got_forms)
                     if want_forms[p] != got_forms[p] or want.get(p) != got.get(p))
    if not (missing or extra or changed):
        return ""
    out = [f"the built site differs from tests/manifest/ — {HINT}"]
    def form(p: str) -> str:
        a, b = want_forms.get(p), got_forms.get(p)
        return a or b if a == b or not (a and b) else f"{a} -> {b}"
    for label, paths in (("missing", missing), ("new", extra), ("changed", changed)):
        if paths:
            out.append(f"{label} ({len(paths)}):")
            out.extend(f"  {p}  [{form(p)}]" for p in paths)
    shown = 0
    for p in changed[:DIFF_FILES]:
        lines = list(difflib.unified_diff(want.get(p, "").splitlines(), got.get(p, "").splitlines(),
                                          f"manifest/{p}", f"built/{p}", lineterm="", n=2))
        if not lines:
            continue
        budget = min(DIFF_LINES, DIFF_TOTAL - shown)
        if budget <= 0:
            break
        out.extend(lines[:budget])
        if len(lines) > budget:
            out.append(f"... ({len(lines) - budget} more lines of diff)")
        shown += min(len(lines), budget)
    return "\n".join(out)


def test_the_built_site_matches_the_manifest(built_site):
    want_forms, want = manifest.read_site()
    got_forms, got = manifest.site_manifest(built_site)
    assert len(want_forms) > 100 and any(p.endswith(".pdf") for p in want) and any(
        p.startswith("pagefind/") for p in want_forms)
    report = diff_report(want, got, want_forms, got_forms)
    if report:
        pytest.fail(report, pytrace=False)


def test_the_hostile_corpus_gives_the_same_diagnostics(tmp_path):
    want = manifest.read_diagnostics()
    got = manifest.hostile_diagnostics(tmp_path)
    changed = sorted(name for name in set(want) | set(got) if want.get(name) != got.get(name))
    assert len(want) >= 30
    if changed:
        diff = []
        for name in changed[:DIFF_FILES]:
            diff.extend(difflib.unified_diff(
                json.dumps(want.get(name), ensure_ascii=False, indent=1).splitlines(),
                json.dumps(got.get(name), ensure_ascii=False, indent=1).splitlines(),
                f"manifest/{name}", f"now/{name}", lineterm="", n=2))
        pytest.fail(f"diagnostics changed for {changed} — {HINT}\n" + "\n".join(diff[:DIFF_TOTAL]), pytrace=False)


def test_the_diff_report_names_every_differing_file_and_shows_a_diff():
    forms = {"a.html": "html", "b.txt": "text", "c.ttf": "sha256 00", "d.js": "name only"}
    want = {"a.html": "<p>\n one\n", "b.txt": "x\n"}
    got_forms = {**forms, "c.ttf": "sha256 11", "e.js": "name only"}
    del got_forms["d.js"]
    got = {"a.html": "<p>\n two\n", "b.txt": "x\n"}
    report = diff_report(want, got, forms, got_forms)
    assert "missing (1):\n  d.js" in report and "new (1):\n  e.js" in report
    assert "  c.ttf  [sha256 00 -> sha256 11]" in report and "  a.html  [html]" in report
    assert "-one" not in report and "- one" in report and "+ two" in report and "b.txt" not in report
    assert diff_report(want, want, forms, forms) == ""


def test_html_is_one_node_a_line_attributes_sorted_whitespace_between_elements_ignored():
    page = ('<!doctype html>\n<html lang="da"><head><title>\n  T  </title>'
            '<script>\n  var a = 1;\n\n  f(a)\n</script></head>\n<body class="x" data-b=\'a"b\' hidden>\n'
            '  <p>Et   <b>fedt</b>\n ord &lt;x&gt;<br/><img src="a.png" alt="">\n</p>'
            '<pre><code>a:\n  - b</code></pre><div></span></div></body></html>')
    assert manifest.normal_html(page) == "\n".join([
        "<!doctype html>", '<html lang="da">', " <head>", "  <title>", "   T", "  <script>", "   var a = 1;",
        "   f(a)", " <body class=\"x\" data-b=\"a&quot;b\" hidden>", "  <p>", "   Et", "   <b>", "    fedt",
        "   ord &lt;x>", "   <br/>", '   <img alt="" src="a.png">', "  <pre>", "   <code>", "    |a:", "    |  - b",
        "  <div>", "   </span> (stray)"]) + "\n"
    # the templates' indentation and blank lines don't count; the text, the tags and the attributes do
    assert manifest.normal_html("<p>\n\n  a <i>b</i></p>") == manifest.normal_html("<p>a<i> b </i></p>")
    assert manifest.normal_html('<a href="x" id="y">') == manifest.normal_html('<a id="y"  href="x">')
    assert manifest.normal_html("<p>a b</p>") != manifest.normal_html("<p>a c</p>")


def test_third_party_bundles_are_named_fonts_and_images_hashed_our_files_kept_as_text(tmp_path):
    def form(rel: str, data: bytes = b"x") -> str:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return manifest.form_of(rel, path)
    for rel in ("admin/decap-cms.js", "admin/1.decap-cms.js", "admin/x.wasm", "pagefind/pagefind.js",
                "pagefind/fragment/da_1.pf_fragment", "pagefind/pagefind-entry.json",
                "assets/javascripts/bundle.1.min.js", "assets/stylesheets/main.1.min.css", "assets/images/favicon.png"):
        assert form(rel) == "name only", rel
    assert form("assets/fonts/a.ttf").startswith("sha256 ") and form("billeder/a.png").startswith("sha256 ")
    assert form("billeder/blob.bin", b"\xff\xfe\x00").startswith("sha256 ")
    for rel, want in (("admin/index.html", "html"), ("admin/config.yml", "text"), ("index.html", "html"),
                      ("a/b.pdf", "pdf"), ("data/schema/x.json", "json"), ("sitemap.xml.gz", "gzip"),
                      ("assets/ik.js", "text"), ("assets/ik.css", "text"), ("_headers", "text"),
                      ("robots.txt", "text"), ("data/catalogue.csv", "text"), ("billeder/logo.svg", "text")):
        assert form(rel) == want, rel


def test_no_file_of_the_manifest_is_ignored_by_git():
    """A fresh clone has every file the manifest lists (.gitignore ignores every site/ folder, say)."""
    forms, _ = manifest.read_site()
    paths = [str((manifest.TEXTS / (rel + ".txt")).relative_to(manifest.ROOT)) for rel, form in forms.items()
             if manifest.has_text(form)]
    try:
        ignored = subprocess.run(["git", "check-ignore", "--no-index", "--stdin"], cwd=manifest.ROOT, text=True,
                                 input="\n".join(paths), capture_output=True).stdout.split()
    except OSError:
        pytest.skip("no git")
    assert len(paths) > 100 and not ignored, ignored[:10]
