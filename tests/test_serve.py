"""scripts/serve: live rebuild on save; invalid content prints diagnostics and the last good build stays up."""
from __future__ import annotations

import json
import time
import urllib.request

from conftest import make_project, preview


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def wait_for(predicate, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)  # polling: the condition is checked again
    return False


def test_serve_rebuilds_and_survives_invalid_content(tmp_path):
    project = make_project(tmp_path / "p")
    with preview(project, output=tmp_path / "serve.log") as (_, base, log):
        url = base + "indsatser/robusthed/"
        assert wait_for(lambda: "<h1>Robusthed som investeringsstrategi</h1>" in fetch(url), 60)
        entry = project / "content/indsatser/robusthed.yml"
        original = entry.read_text(encoding="utf-8")
        entry.write_text(original.replace("\ntitel: Robusthed som investeringsstrategi", "\ntitel: Robusthed ændret", 1),
                         encoding="utf-8")
        assert wait_for(lambda: "<h1>Robusthed ændret</h1>" in fetch(url))
        entry.write_text(original + "ukendt_felt: 1\n", encoding="utf-8")
        # the failed build has been reported (its errors in preview-status.json, its message on the terminal) ...
        assert wait_for(lambda: any("ukendt_felt" in e["message"] for e in
                                    json.loads(fetch(base + "preview-status.json"))["errors"]), 60)
        assert wait_for(lambda: "viser stadig sidste gode version" in log.read_text(encoding="utf-8"))
        assert "<h1>Robusthed ændret</h1>" in fetch(url)  # ... and the last good build is still served
    out = log.read_text(encoding="utf-8")
    assert "content/indsatser/robusthed.yml:" in out and "error: ukendt felt 'ukendt_felt'" in out


def test_the_preview_reloads_under_the_sites_policy(browser, tmp_path):
    """The preview keeps the site's Content-Security-Policy: MkDocs' live-reload poller comes from a file
    (/ik-livereload.js), not an inline script, and a saved change still reloads the open page — with no violation.
    The editor (/admin/) open beside it is not reloaded by that build (issue 29): it has no poller."""
    project = make_project(tmp_path / "p")
    context = browser.new_context(service_workers="block")
    context.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI));""")
    try:
        with preview(project) as (_, base, _):
            url = base + "indsatser/robusthed/"
            assert wait_for(lambda: "<h1>Robusthed som investeringsstrategi</h1>" in fetch(url), 60)
            html = fetch(url)
            assert '<script src="/ik-livereload.js" data-epoch="' in html and "var livereload" not in html
            assert 'http-equiv="Content-Security-Policy"' in html and "'unsafe-inline'" not in html.split("script-src")[1][:200]
            page = context.new_page()
            problems = []
            page.on("console", lambda m: problems.append(m.text) if m.text.startswith("CSP ") else None)
            with page.expect_request(lambda r: "/livereload/" in r.url):  # the poller waits for the next build
                page.goto(url, wait_until="load")
            assert "livereload" not in fetch(base + "admin/")
            editor = context.new_page()
            editor.route("**/decap-cms.js", lambda route: route.abort())  # the page itself, not Decap, is watched
            editor.goto(base + "admin/", wait_until="load")
            editor.evaluate("window.ikKept = true")
            entry = project / "content/indsatser/robusthed.yml"
            entry.write_text(entry.read_text(encoding="utf-8").replace(
                "\ntitel: Robusthed som investeringsstrategi", "\ntitel: Robusthed genindlæst", 1), encoding="utf-8")
            page.locator("h1", has_text="Robusthed genindlæst").wait_for(timeout=30000)  # reloaded by the poller
            assert editor.evaluate("window.ikKept === true")  # the same document: not reloaded
            assert problems == []
    finally:
        context.close()
