"""The editor's proxy (macros/catalogue/cli/editor_proxy.py) on a small checkout in a temporary folder — its server in a thread
of this process (make_server, what `python -m catalogue.cli.editor_proxy` serves), and once started as scripts/rediger starts it: it reads only content/, writes and deletes only data and media under content/ (content/lokalt/
in a fork), answers only requests to its own Host from the preview's Origin, and refuses the rest with HTTP 403
and a Danish message, changing nothing on disk. What Decap CMS asks for gets decap-server's JSON shapes."""
from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
import http.client
import json
import re
import socket
import threading
from pathlib import Path

import pytest

from catalogue.cli import editor_proxy as proxy_module
from conftest import ADDRESS_IN_USE, PROXY, ROOT, editor_proxy, free_port

ENTRY = "content/indsatser/robusthed.yml"
NEW = "id: lektiecafe\ntitel: Lektiecafé\n"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
OUTSIDE_SECRET = "outside-secret-7f3a"


def checkout(root: Path, fork: bool = False) -> Path:
    """A checkout's shape in real folders (nothing links back to the project, so a wrong write lands here), and a
    folder beside it that is no part of it."""
    for folder in ("content/indsatser", "content/sider/billeder", "scripts", "macros/catalogue", ".git/hooks"):
        (root / folder).mkdir(parents=True)
    (root / ENTRY).write_bytes((ROOT / ENTRY).read_bytes())
    (root / "content/sider/billeder/logo.svg").write_bytes((ROOT / "content/sider/billeder/logo.svg").read_bytes())
    (root / "README.md").write_text("# Inspirationskatalog\n", encoding="utf-8")
    (root / "scripts/check").write_text("#!/bin/sh\n", encoding="utf-8")
    (root / ".git/config").write_text("[remote \"origin\"]\n\turl = https://token@example.org/\n", encoding="utf-8")
    (root.parent / "outside").mkdir(exist_ok=True)
    (root.parent / "outside" / "secret.yml").write_text(f"hemmelig: {OUTSIDE_SECRET}\n", encoding="utf-8")
    if fork:
        (root / "content/lokalt/indsatser").mkdir(parents=True)
    return root


def snapshot(root: Path) -> dict:
    """Every file and link under root (and the folder beside it) with its bytes: what 'nothing changed' compares."""
    return {p.relative_to(root.parent).as_posix(): (p.readlink().as_posix() if p.is_symlink() else
                                                     p.read_bytes() if p.is_file() else None)
            for p in sorted(root.parent.rglob("*"))}


class Client:
    def __init__(self, port: int, preview_port: int):
        self.port, self.preview = port, f"http://127.0.0.1:{preview_port}"

    def raw(self, method: str, body: bytes | None, headers: dict) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, "/api/v1", body=body, headers={"Host": f"127.0.0.1:{self.port}", **headers})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def post(self, action: str, params=None, origin: str | None = "preview", **headers) -> tuple[int, object]:
        headers = {"Content-Type": "application/json; charset=utf-8", **headers}
        if origin is not None:
            headers["Origin"] = self.preview if origin == "preview" else origin
        status, _, body = self.raw("POST", json.dumps({"action": action, "params": {"branch": "main", **(params or {})}}
                                                      ).encode(), headers)
        return status, json.loads(body)


@contextlib.contextmanager
def serving(root: Path, preview_port: int):
    """editor_proxy's server on root in a thread of this process, on a free port (another one if that was taken
    meanwhile: binding here fails at once): yields the port."""
    for _ in range(5):
        port = free_port()
        try:
            server = proxy_module.make_server(root, port, preview_port)
            break
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    else:
        raise AssertionError("no free port")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="editor-proxy", daemon=True)
    thread.start()
    try:
        yield port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def proxy(tmp_path):
    """(checkout, client) of a running proxy on an original's checkout. (What it prints on the editors' terminal
    goes to this process's stderr: capsys.)"""
    root = checkout(tmp_path / "box" / "repo")
    preview = free_port()  # only named in the Origin the proxy allows: nothing listens on it
    with serving(root, preview) as port:
        yield root, Client(port, preview)


@pytest.fixture
def fork(tmp_path):
    root = checkout(tmp_path / "box" / "repo", fork=True)
    preview = free_port()
    with serving(root, preview) as port:
        yield root, Client(port, preview)


def persist(path: str, raw: str = NEW, **extra) -> dict:
    return {"dataFiles": [{"slug": Path(path).stem, "path": path, "raw": raw, **extra}], "assets": [],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": ""}}


def media(path: str, data: bytes = PNG) -> dict:
    return {"asset": {"path": path, "content": base64.b64encode(data).decode(), "encoding": "base64"},
            "options": {"commitMessage": "x"}}


def assert_refused(status: int, answer, *words: str) -> None:
    assert status == 403, (status, answer)
    assert set(answer) == {"error"} and answer["error"].startswith("Afvist"), answer  # Danish, says it was refused
    for word in words:
        assert word in answer["error"], (word, answer)


# -- scripts/rediger starts exactly this ---------------------------------------------------------------------------

def test_scripts_rediger_starts_the_proxy_with_the_tests_command():
    script = (ROOT / "scripts" / "rediger").read_text(encoding="utf-8")
    assert PROXY[1:] == ["-m", "catalogue.cli.editor_proxy"]
    assert re.search(r'^"\$PY" -m catalogue.cli.editor_proxy --root "\$ROOT" --port "\$KATALOG_EDITOR_PORT" --preview-port "\$PORT" &$',
                     script, re.M), "scripts/rediger no longer starts the proxy as conftest.editor_proxy does"
    assert "decap-server" not in script and "node " not in script  # no other server writes the checkout


def test_the_proxy_started_as_scripts_rediger_starts_it_reads_writes_and_refuses(tmp_path):
    """The other tests talk to the same server in this process; this one starts it as scripts/rediger does."""
    root = checkout(tmp_path / "box" / "repo")
    preview = free_port()
    log = tmp_path / "proxy.log"
    with editor_proxy(root, preview, output=log) as (proc, port):
        client = Client(port, preview)
        assert client.post("info", origin=None) == (200, {"repo": "repo", "publish_modes": ["simple"],
                                                          "type": "local_fs"})
        assert client.post("persistEntry", persist("content/indsatser/lektiecafe.yml")) == (
            200, {"message": "entry persisted"})
        before = snapshot(root)
        assert_refused(*client.post("persistEntry", persist("scripts/x.sh")), "scripts/x.sh", "uden for content/")
        assert snapshot(root) == before
        assert proc.poll() is None
    assert (root / "content/indsatser/lektiecafe.yml").read_text(encoding="utf-8") == NEW
    assert "Redigeringens proxy: Afvist" in log.read_text(encoding="utf-8")  # on the editor's terminal


def test_a_taken_port_is_named_and_recognised(tmp_path, capsys):
    """A port already in use stops the proxy with a message saying so — what conftest.on_free_port looks for."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert proxy_module.main(["--root", str(tmp_path), "--port", str(port), "--preview-port", "1"]) == 1
    err = capsys.readouterr().err
    assert f"kunne ikke starte på 127.0.0.1:{port}" in err and "KATALOG_EDITOR_PORT" in err
    assert ADDRESS_IN_USE.search(err), err


def test_a_child_whose_port_was_taken_is_started_again_on_another(tmp_path, monkeypatch):
    """conftest.on_free_port: another process took the free port before the proxy bound it (here: on purpose)."""
    import conftest
    root = checkout(tmp_path / "box" / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1]])
        real = conftest.free_port
        monkeypatch.setattr(conftest, "free_port", lambda: next(ports, None) or real())
        log = tmp_path / "proxy.log"
        with editor_proxy(root, 1, output=log) as (proc, port):
            assert port != taken.getsockname()[1] and proc.poll() is None
            assert Client(port, 1).post("info", origin=None)[0] == 200


# -- what Decap CMS does works, with decap-server's shapes -----------------------------------------------------------

def test_decaps_reads_get_decap_servers_shapes(proxy):
    root, client = proxy
    status, info = client.post("info", origin=None)
    assert status == 200 and info == {"repo": "repo", "publish_modes": ["simple"], "type": "local_fs"}
    data = (root / ENTRY).read_bytes()
    status, entries = client.post("entriesByFolder", {"folder": "content/indsatser", "extension": "yml", "depth": 1})
    assert status == 200
    assert entries == [{"data": data.decode(), "file": {"path": ENTRY, "id": hashlib.sha256(data).hexdigest()}}]
    status, entry = client.post("getEntry", {"path": ENTRY})
    assert status == 200 and entry == entries[0]
    status, files = client.post("entriesByFiles", {"files": [{"path": ENTRY, "label": "Robusthed"},
                                                             {"path": "content/indstillinger.yml", "label": "X"}]})
    assert status == 200 and files == [
        {"data": data.decode(), "file": {"path": ENTRY, "label": "Robusthed", "id": hashlib.sha256(data).hexdigest()}},
        {"data": None, "file": {"path": "content/indstillinger.yml", "label": "X", "id": None}}]  # not there (yet)
    logo = (root / "content/sider/billeder/logo.svg").read_bytes()
    status, library = client.post("getMedia", {"mediaFolder": "content/sider/billeder"})
    assert status == 200 and library == [{"id": hashlib.sha256(logo).hexdigest(), "content": base64.b64encode(logo).decode(),
                                          "encoding": "base64", "path": "content/sider/billeder/logo.svg",
                                          "name": "logo.svg"}]
    status, one = client.post("getMediaFile", {"path": "content/sider/billeder/logo.svg"})
    assert status == 200 and one == library[0]
    status, preview = client.post("getDeployPreview", {"collection": "initiative", "slug": "robusthed"})
    assert status == 200 and preview is None


def test_an_entry_saved_and_an_image_uploaded_under_content_are_written(proxy):
    root, client = proxy
    status, answer = client.post("persistEntry", persist("content/indsatser/lektiecafe.yml"))
    assert (status, answer) == (200, {"message": "entry persisted"})
    assert (root / "content/indsatser/lektiecafe.yml").read_text(encoding="utf-8") == NEW
    status, answer = client.post("persistMedia", media("content/sider/billeder/foto.png"))
    assert status == 200 and answer == {"id": hashlib.sha256(PNG).hexdigest(), "content": base64.b64encode(PNG).decode(),
                                        "encoding": "base64", "path": "content/sider/billeder/foto.png",
                                        "name": "foto.png"}
    assert (root / "content/sider/billeder/foto.png").read_bytes() == PNG
    # an entry with an image inserted in the form: both in one request; a renamed entry moves to its new path
    both = persist("content/indsatser/ny.yml", newPath="content/indsatser/nyere.yml")
    both["assets"] = [media("content/sider/billeder/kort.png")["asset"]]
    assert client.post("persistEntry", both) == (200, {"message": "entry persisted"})
    assert (root / "content/indsatser/nyere.yml").read_text(encoding="utf-8") == NEW
    assert not (root / "content/indsatser/ny.yml").exists() and (root / "content/sider/billeder/kort.png").is_file()
    assert not [p for p in root.rglob(".rediger-*")]  # no temporary file left behind
    status, answer = client.post("deleteFile", {"path": "content/indsatser/lektiecafe.yml",
                                                "options": {"commitMessage": "x"}})
    assert (status, answer) == (200, {"message": "deleted file content/indsatser/lektiecafe.yml"})
    assert not (root / "content/indsatser/lektiecafe.yml").exists()
    status, answer = client.post("deleteFiles", {"paths": ["content/sider/billeder/foto.png",
                                                           "content/sider/billeder/kort.png"],
                                                 "options": {"commitMessage": "x"}})
    assert status == 200 and not (root / "content/sider/billeder/foto.png").exists()


def test_the_preview_gets_cors_and_other_origins_do_not(proxy):
    _, client = proxy
    status, headers, _ = client.raw("OPTIONS", None, {"Origin": client.preview, "Access-Control-Request-Method": "POST",
                                                      "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and headers["access-control-allow-origin"] == client.preview
    assert "POST" in headers["access-control-allow-methods"] and "content-type" in headers["access-control-allow-headers"].lower()
    localhost = client.preview.replace("127.0.0.1", "localhost")
    status, headers, _ = client.raw("OPTIONS", None, {"Origin": localhost, "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["access-control-allow-origin"] == localhost
    for origin in ("http://evil.example", "http://127.0.0.1:9999", "null", client.preview + ".evil.example"):
        status, headers, body = client.raw("OPTIONS", None, {"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert status == 403 and "access-control-allow-origin" not in headers, origin
        assert_refused(status, json.loads(body), origin)


# -- writes, deletes and reads outside content/ are refused, nothing changes ---------------------------------------

@pytest.mark.parametrize("path", ["scripts/x.sh", "macros/catalogue/x.py", ".git/hooks/post-checkout", "README.md",
                                  "mkdocs.yml", "x.yml"])
def test_writes_outside_content_are_refused(proxy, path, capsys):
    root, client = proxy
    before = snapshot(root)
    assert_refused(*client.post("persistEntry", persist(path, raw="#!/bin/sh\ntouch /tmp/pwned\n")), path,
                   "uden for content/")
    assert_refused(*client.post("persistMedia", media(path, b"#!/bin/sh\n")), path, "uden for content/")
    both = persist("content/indsatser/ok.yml")  # a legitimate file in the same request is not written either
    both["assets"] = [media(path)["asset"]]
    assert_refused(*client.post("persistEntry", both))
    assert snapshot(root) == before
    assert "Redigeringens proxy: Afvist" in capsys.readouterr().err  # the editor's terminal says so too


@pytest.mark.parametrize("path", ["content/sider/ny-side.md", "content/sider/billeder/x.html",
                                  "content/sider/billeder/x.js", "content/indsatser/x.py", "content/indsatser"])
def test_only_data_and_media_are_written_under_content(proxy, path):
    """A page (.md with render_macros is a template), HTML or a script in the site is not content the form makes."""
    root, client = proxy
    before = snapshot(root)
    status, answer = client.post("persistMedia", media(path))
    assert status in (403, 422) and answer["error"].startswith("Afvist"), answer
    assert snapshot(root) == before


def test_deletes_outside_content_are_refused(proxy):
    root, client = proxy
    before = snapshot(root)
    assert_refused(*client.post("deleteFile", {"path": "README.md", "options": {"commitMessage": "x"}}), "README.md",
                   "uden for content/")
    assert_refused(*client.post("deleteFiles", {"paths": [ENTRY, "README.md", "scripts/check"],  # all or nothing
                                                "options": {"commitMessage": "x"}}))
    assert_refused(*client.post("deleteFile", {"path": "content/sider/index.md", "options": {"commitMessage": "x"}}))
    assert snapshot(root) == before and (root / "README.md").is_file() and (root / ENTRY).is_file()


@pytest.mark.parametrize("action, params", [
    ("getEntry", {"path": ".git/config"}),
    ("getMediaFile", {"path": ".git/config"}),
    ("entriesByFiles", {"files": [{"path": ENTRY}, {"path": ".git/config"}]}),
    ("entriesByFolder", {"folder": ".git", "extension": "", "depth": 3}),
    ("entriesByFolder", {"folder": ".", "extension": "", "depth": 3}),
    ("getMedia", {"mediaFolder": ".git"}),
    ("getEntry", {"path": "content/../.git/config"}),
    ("getEntry", {"path": "../outside/secret.yml"}),
])
def test_reads_outside_content_are_refused(proxy, action, params):
    _, client = proxy
    status, answer = client.post(action, params)
    assert_refused(status, answer)
    assert "token@" not in json.dumps(answer) and OUTSIDE_SECRET not in json.dumps(answer)


@pytest.mark.parametrize("path", ["../x.yml", "content/../scripts/x.sh", "content/indsatser/../../x.yml",
                                  "/etc/cron.d/x.yml", "/tmp/x.yml", "content\\..\\scripts\\x.yml",
                                  "content/indsatser\\x.yml", "content/indsatser/x\x00.yml", "content/./x.yml",
                                  "content//x.yml", "content/.git/hooks/x.yml", "C:/x.yml", ""])
def test_path_tricks_are_refused(proxy, path):
    root, client = proxy
    before = snapshot(root)
    status, answer = client.post("persistEntry", persist(path))
    assert status in (403, 422) and answer["error"].startswith("Afvist"), (path, status, answer)
    status, answer = client.post("getEntry", {"path": path})
    assert status in (403, 422) and answer["error"].startswith("Afvist"), (path, status, answer)
    assert snapshot(root) == before


def test_symlinks_leading_out_of_content_are_refused(proxy):
    root, client = proxy
    (root / "content/indsatser/ud").symlink_to(root.parent / "outside", target_is_directory=True)
    (root / "content/indsatser/hemmelig.yml").symlink_to(root.parent / "outside" / "secret.yml")
    (root / "content/indsatser/scripts.yml").symlink_to(root / "scripts" / "check")
    before = snapshot(root)
    assert_refused(*client.post("persistEntry", persist("content/indsatser/ud/x.yml")), "symbolsk link")
    assert_refused(*client.post("persistEntry", persist("content/indsatser/hemmelig.yml")), "symbolsk link")
    assert_refused(*client.post("persistEntry", persist("content/indsatser/scripts.yml")), "symbolsk link")
    assert_refused(*client.post("deleteFile", {"path": "content/indsatser/hemmelig.yml", "options": {}}))
    assert_refused(*client.post("getEntry", {"path": "content/indsatser/hemmelig.yml"}))
    assert_refused(*client.post("getMedia", {"mediaFolder": "content/indsatser/ud"}))
    status, entries = client.post("entriesByFolder", {"folder": "content/indsatser", "extension": "yml", "depth": 3})
    assert status == 200 and [e["file"]["path"] for e in entries] == [ENTRY]  # the links are not listed
    assert OUTSIDE_SECRET not in json.dumps(entries)
    assert snapshot(root) == before


# -- only the preview, on our own Host ------------------------------------------------------------------------------

@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:9999", "https://127.0.0.1", "null"])
def test_a_foreign_origin_is_refused(proxy, origin):
    root, client = proxy
    before = snapshot(root)
    assert_refused(*client.post("persistEntry", persist("content/indsatser/x.yml"), origin=origin), origin)
    assert_refused(*client.post("deleteFile", {"path": ENTRY, "options": {}}, origin=origin), origin)
    status, answer = client.post("getEntry", {"path": ENTRY}, origin=origin)
    assert_refused(status, answer)
    assert "robusthed" not in json.dumps(answer)
    assert_refused(*client.post("info", origin=origin))
    assert snapshot(root) == before


def test_a_change_without_an_origin_is_refused(proxy):
    root, client = proxy
    before = snapshot(root)
    assert_refused(*client.post("persistEntry", persist("content/indsatser/x.yml"), origin=None), "Origin")
    assert_refused(*client.post("persistMedia", media("content/sider/billeder/x.png"), origin=None), "Origin")
    assert_refused(*client.post("deleteFile", {"path": ENTRY, "options": {}}, origin=None), "Origin")
    assert snapshot(root) == before


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1", "127.0.0.1:{port}.evil.example",
                                  "0.0.0.0:{port}", "[::1]:{port}", "LOCALHOST.:{port}", ""])
def test_a_foreign_host_is_refused(proxy, host):
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends its own Host."""
    root, client = proxy
    host = host.format(port=client.port)
    before = snapshot(root)
    for action, params in (("persistEntry", persist("content/indsatser/x.yml")), ("getEntry", {"path": ENTRY}),
                           ("info", {})):
        status, _, body = client.raw("POST", json.dumps({"action": action, "params": params}).encode(),
                                     {"Host": host, "Origin": f"http://{host}", "Content-Type": "application/json"})
        assert_refused(status, json.loads(body), "DNS-rebinding")
    status, _, body = client.raw("POST", json.dumps({"action": "persistEntry", "params": persist(
        "content/indsatser/x.yml")}).encode(), {"Host": host, "Origin": client.preview})
    assert_refused(status, json.loads(body))
    assert snapshot(root) == before


def test_localhost_is_our_host_too(proxy):
    root, client = proxy
    status, _, body = client.raw("POST", json.dumps({"action": "persistEntry", "params": persist(
        "content/indsatser/x.yml")}).encode(), {"Host": f"localhost:{client.port}",
                                                "Origin": client.preview.replace("127.0.0.1", "localhost")})
    assert (status, json.loads(body)) == (200, {"message": "entry persisted"})
    assert (root / "content/indsatser/x.yml").read_text(encoding="utf-8") == NEW


def test_an_oversized_or_malformed_request_changes_nothing(proxy):
    root, client = proxy
    before = snapshot(root)
    status, _, body = client.raw("POST", b"{}", {"Origin": client.preview, "Content-Length": str(21 * 1024 * 1024)})
    assert status == 413 and json.loads(body)["error"].startswith("Afvist")
    status, _, body = client.raw("POST", b"{not json", {"Origin": client.preview})
    assert status == 400 and json.loads(body)["error"].startswith("Afvist")
    status, answer = client.post("persistMedia", {"asset": {"path": "content/sider/billeder/x.png", "content": "!!",
                                                            "encoding": "base64"}, "options": {}})
    assert status == 422 and answer["error"].startswith("Afvist")
    status, answer = client.post("unpublishedEntries")
    assert status == 422 and "unpublishedEntries" in answer["error"]
    assert snapshot(root) == before


# -- a fork writes under content/lokalt/ only ----------------------------------------------------------------------

def test_a_fork_writes_under_content_lokalt_only(fork):
    root, client = fork
    before = snapshot(root)
    assert_refused(*client.post("persistEntry", persist("content/indsatser/x.yml")), "content/lokalt/")
    assert_refused(*client.post("persistMedia", media("content/sider/billeder/x.png")), "content/lokalt/")
    assert_refused(*client.post("deleteFile", {"path": ENTRY, "options": {}}), "content/lokalt/")
    assert snapshot(root) == before and (root / ENTRY).is_file()
    assert client.post("persistEntry", persist("content/lokalt/indsatser/x.yml")) == (200, {"message": "entry persisted"})
    assert (root / "content/lokalt/indsatser/x.yml").read_text(encoding="utf-8") == NEW
    status, answer = client.post("persistMedia", media("content/lokalt/sider/billeder/x.png"))
    assert status == 200 and answer["path"] == "content/lokalt/sider/billeder/x.png"
    status, entry = client.post("getEntry", {"path": ENTRY})  # the original's content may be read
    assert status == 200 and entry["data"]
