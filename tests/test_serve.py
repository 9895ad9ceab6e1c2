"""scripts/serve: live rebuild on save; invalid content prints diagnostics and the last good build stays up."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request

from conftest import ENV, PY, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
        time.sleep(0.2)
    return False


def test_serve_rebuilds_and_survives_invalid_content(tmp_path):
    project = make_project(tmp_path / "p")
    port = free_port()
    url = f"http://127.0.0.1:{port}/indsatser/robusthed/"
    proc = subprocess.Popen([PY, "-m", "mkdocs_serve", "--root", str(project), "--port", str(port)], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: "<h1>Robusthed som investeringsstrategi</h1>" in fetch(url), 60)
        entry = project / "content/indsatser/robusthed.yml"
        original = entry.read_text(encoding="utf-8")
        entry.write_text(original.replace("\ntitel: Robusthed som investeringsstrategi", "\ntitel: Robusthed ændret", 1),
                         encoding="utf-8")
        assert wait_for(lambda: "<h1>Robusthed ændret</h1>" in fetch(url))
        entry.write_text(original + "ukendt_felt: 1\n", encoding="utf-8")
        time.sleep(3)
        assert "<h1>Robusthed ændret</h1>" in fetch(url)  # the last good build is still served
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "content/indsatser/robusthed.yml:" in out and "error: ukendt felt 'ukendt_felt'" in out


def test_the_preview_reloads_under_the_sites_policy(browser, tmp_path):
    """The preview keeps the site's Content-Security-Policy: MkDocs' live-reload poller comes from a file
    (/ik-livereload.js), not an inline script, and a saved change still reloads the open page — with no violation."""
    project = make_project(tmp_path / "p")
    port = free_port()
    url = f"http://127.0.0.1:{port}/indsatser/robusthed/"
    proc = subprocess.Popen([PY, "-m", "mkdocs_serve", "--root", str(project), "--port", str(port)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    context = browser.new_context(service_workers="block")
    context.add_init_script("""document.addEventListener('securitypolicyviolation',
        e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI));""")
    try:
        assert wait_for(lambda: "<h1>Robusthed som investeringsstrategi</h1>" in fetch(url), 60)
        html = fetch(url)
        assert '<script src="/ik-livereload.js" data-epoch="' in html and "var livereload" not in html
        assert 'http-equiv="Content-Security-Policy"' in html and "'unsafe-inline'" not in html.split("script-src")[1][:200]
        page = context.new_page()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.text.startswith("CSP ") else None)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(500)  # the poller is waiting for the next build
        entry = project / "content/indsatser/robusthed.yml"
        entry.write_text(entry.read_text(encoding="utf-8").replace(
            "\ntitel: Robusthed som investeringsstrategi", "\ntitel: Robusthed genindlæst", 1), encoding="utf-8")
        page.locator("h1", has_text="Robusthed genindlæst").wait_for(timeout=30000)  # reloaded by the poller
        assert problems == []
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=10)
