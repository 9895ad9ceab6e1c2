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
