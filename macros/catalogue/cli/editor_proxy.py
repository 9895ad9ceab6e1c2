"""``scripts/rediger``'s local proxy: the back end of the browser editor (Decap CMS at /admin/).

It replaces decap-server, which wrote and read any file of the checkout (``scripts/``, ``macros/``,
``.git/hooks/``, ``.git/config``) for any page on any http://127.0.0.1:* or localhost:* origin, and answered
whatever ``Host`` a request named (DNS rebinding). This server answers the part of decap-server's local-backend API
(``MODE=fs``) that Decap CMS 3.x uses with our configuration — ``POST /api/v1`` with JSON ``{action, params}``:
``info``, ``entriesByFolder``, ``entriesByFiles``, ``getEntry``, ``persistEntry``, ``getMedia``, ``getMediaFile``,
``persistMedia``, ``deleteFile``, ``deleteFiles``, ``getDeployPreview`` — with decap-server's JSON shapes — and
one action of its own, ``check`` (the engine's rules on the entry being edited, at the form's fields:
``form_check``; it writes nothing under the checkout and needs the Origin a change needs), and enforces one rule
(ARCHITECTURE.md, "The editor's proxy"):

- ``LocalOrigin``: a request is answered only when its ``Host`` is exactly this server's loopback address and port
  and its ``Origin``, when present, is the preview's (``scripts/serve``'s port on 127.0.0.1 or localhost); a
  request that changes files must carry that ``Origin``.
- ``ContentFiles``: it reads only under ``content/`` and writes and deletes only under ``content/`` — in a fork
  (``content/lokalt/`` exists) only under ``content/lokalt/`` — and only data (``.yml``) and media files; a path
  with ``..``, ``.``-names, a backslash, a control character, an absolute path or a symlink leading out is refused.

Everything else gets HTTP 403 and ``{"error": "…"}`` in Danish saying what was refused and why, and nothing on disk
changes. Any local endpoint added later goes through ``LocalOrigin.check`` and ``ContentFiles`` the same way.

Run as ``python -m catalogue.cli.editor_proxy --root ROOT --port PROXY_PORT --preview-port PREVIEW_PORT``
(scripts/rediger)."""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeGuard

from catalogue import ROOT
from catalogue.cli import form_check
from catalogue.load.handwritten import PUBLISHED_TYPES
from catalogue.load.loader import LOCAL

CONTENT = "content"
MAX_BODY = 20 * 1024 * 1024  # a request's JSON body; a media upload is base64 (4/3 of the file)
MAX_DEPTH = 10  # entriesByFolder's depth (Decap asks for 1, or a nested collection's depth)
DATA = (".yml",)  # what an entry, the settings, a vocabulary or the strings are
MEDIA = tuple(sorted(PUBLISHED_TYPES - {".md"}))  # the media library: images and PDFs the site publishes
READS = frozenset({"info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile",
                   "getDeployPreview"})
CHANGES = frozenset({"persistEntry", "persistMedia", "deleteFile", "deleteFiles"})
CHECK = "check"  # the form's data checked by the engine before it is saved (form_check); not a read: needs the Origin


class Refused(Exception):
    """A request the proxy does not carry out: ``status`` and a Danish message for the editor."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message, self.status = message, status


class LocalOrigin:
    """Who may talk to a local endpoint: a request whose ``Host`` is exactly ours (127.0.0.1:PORT or
    localhost:PORT: a DNS-rebound name is refused) and whose ``Origin`` is the preview's. A request that changes
    something must name its origin; a read without one (curl, a test) is answered."""

    def __init__(self, port: int, preview_port: int):
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://127.0.0.1:{preview_port}", f"http://localhost:{preview_port}"}

    def allowed_origin(self, origin: str | None) -> TypeGuard[str]:
        return origin in self.origins

    def check_host(self, host: str | None) -> None:
        if host not in self.hosts:
            raise Refused(f"Afvist: forespørgslen er sendt til værten '{host or ''}', men redigeringens proxy svarer "
                          f"kun på {' og '.join(sorted(self.hosts))} (beskyttelse mod DNS-rebinding). Intet er ændret.")

    def check_origin(self, origin: str | None, changes: bool) -> None:
        if origin is None:
            if changes:
                raise Refused("Afvist: en ændring af filer skal komme fra redigeringen i forhåndsvisningen "
                              f"({' eller '.join(sorted(self.origins))}), men forespørgslen har ingen Origin. "
                              "Intet er ændret.")
            return
        if not self.allowed_origin(origin):
            raise Refused(f"Afvist: forespørgslen kommer fra '{origin}', men kun forhåndsvisningen "
                          f"({' eller '.join(sorted(self.origins))}) må bruge redigeringens proxy. Intet er ændret.")

    def check(self, host: str | None, origin: str | None, changes: bool) -> None:
        self.check_host(host)
        self.check_origin(origin, changes)


class ContentFiles:
    """The files the editor may touch: read under content/, write and delete data and media under content/ (in a
    fork: content/lokalt/). Paths are the repository-relative, '/'-separated paths Decap sends."""

    def __init__(self, root: Path):
        self.root = Path(os.path.abspath(root))

    @property
    def fork(self) -> bool:
        """A fork's checkout (FORKING.md; catalogue.editor.is_fork): content/lokalt/ exists."""
        return (self.root / CONTENT / LOCAL).is_dir()

    def _write_base(self) -> str:
        return f"{CONTENT}/{LOCAL}" if self.fork else CONTENT

    @staticmethod
    def _parts(rel, what: str) -> list[str]:
        if not isinstance(rel, str) or not rel:
            raise Refused(f"Afvist: {what} mangler eller er ikke tekst.", 422)
        shown = rel.encode("unicode_escape").decode("ascii")
        if any(ord(c) < 32 or c == "\x7f" for c in rel):
            raise Refused(f"Afvist: stien '{shown}' indeholder et kontroltegn (fx NUL).")
        if "\\" in rel:
            raise Refused(f"Afvist: stien '{shown}' indeholder en omvendt skråstreg (\\); brug '/'.")
        if rel.startswith("/") or (len(rel) > 1 and rel[1] == ":"):
            raise Refused(f"Afvist: stien '{shown}' er absolut; redigeringen bruger stier i projektet (content/…).")
        parts = rel.rstrip("/").split("/")
        if ".." in parts:
            raise Refused(f"Afvist: stien '{shown}' indeholder '..' og kunne føre ud af content/.")
        if "" in parts:
            raise Refused(f"Afvist: stien '{shown}' har et tomt navn (//).")
        return parts

    def _inside(self, rel: str, parts: list[str], base: str, verb: str) -> Path:
        """The path under root, checked to lie in base (after resolving symlinks on the way)."""
        base_parts = base.split("/")
        if parts[:len(base_parts)] != base_parts:
            why = (f" (dette er en fork: {CONTENT}/{LOCAL}/ findes, og originalens filer ændres aldrig)"
                   if base != CONTENT else "")
            raise Refused(f"Afvist: '{rel}' ligger uden for {base}/; redigeringen må kun {verb} i {base}/{why}. "
                          "Intet er ændret.")
        if any(p.startswith(".") for p in parts):
            raise Refused(f"Afvist: '{rel}' har et navn, der starter med '.' (skjulte filer og mapper røres ikke).")
        path = self.root.joinpath(*parts)
        anchor = os.path.realpath(self.root.joinpath(*base_parts))
        existing = path
        while not os.path.lexists(existing) and existing != self.root:
            existing = existing.parent
        real = os.path.realpath(existing)
        if real != anchor and not real.startswith(anchor + os.sep):
            raise Refused(f"Afvist: '{rel}' fører via et symbolsk link ud af {base}/. Intet er ændret.")
        return path

    def readable(self, rel, what: str = "stien") -> Path:
        parts = self._parts(rel, what)
        return self._inside(rel, parts, CONTENT, "læse")

    def writable(self, rel, what: str = "stien") -> Path:
        """A file the editor may write or delete: under the write base, data or media by its extension."""
        parts = self._parts(rel, what)
        path = self._inside(rel, parts, self._write_base(), "skrive og slette")
        if not parts[-1].lower().endswith(DATA + MEDIA):
            raise Refused(f"Afvist: '{rel}' er hverken en datafil ({', '.join(DATA)}) eller et billede/dokument "
                          f"({', '.join(MEDIA)}); redigeringen skriver kun indhold, aldrig sider, skabeloner eller "
                          "kode. Intet er ændret.")
        if path.is_dir():
            raise Refused(f"Afvist: '{rel}' er en mappe.", 422)
        return path

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def listing(self, folder: Path, extension: str, depth: int) -> list[Path]:
        """Files under folder (depth 1: the folder's own files) ending in extension; hidden names and symlinks
        leading out of content/ left out."""
        anchor = os.path.realpath(self.root / CONTENT)
        out: list[Path] = []
        if depth <= 0 or not folder.is_dir():
            return out
        for child in sorted(folder.iterdir()):
            if child.name.startswith("."):
                continue
            real = os.path.realpath(child)
            if not real.startswith(anchor + os.sep):
                continue
            if child.is_dir():
                if not child.is_symlink():
                    out += self.listing(child, extension, depth - 1)
            elif child.is_file() and child.name.endswith(extension):
                out.append(child)
        return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Proxy:
    """decap-server's fs actions (same JSON shapes), every path through ContentFiles."""

    def __init__(self, files: ContentFiles):
        self.files = files
        self.lock = threading.Lock()  # one change at a time (Decap also serialises its saves)
        mask = os.umask(0)
        os.umask(mask)
        self.mode = 0o666 & ~mask

    # -- reading ------------------------------------------------------------------------------------------------

    def entry(self, rel: object, label: object = None) -> dict:  # rel as the request sent it: readable() checks it
        path = self.files.readable(rel)
        file = {"path": rel}
        if label is not None:
            file["label"] = label
        try:
            data = path.read_bytes()
        except OSError:
            return {"data": None, "file": {**file, "id": None}}
        return {"data": data.decode("utf-8", errors="replace"), "file": {**file, "id": sha256(data)}}

    def media_file(self, rel: object) -> dict:
        path = self.files.readable(rel)
        try:
            data = path.read_bytes()
        except OSError:
            raise Refused(f"Filen '{rel}' findes ikke.", 404) from None
        return {"id": sha256(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": rel, "name": path.name}

    # -- writing ------------------------------------------------------------------------------------------------

    def _write(self, path: Path, data: bytes) -> None:
        """Atomically: a temporary file beside it, then renamed (the preview never reads half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rediger-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, self.mode)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    @staticmethod
    def _asset_bytes(asset) -> bytes:
        if (
            not isinstance(asset, dict)
            or asset.get("encoding") != "base64"
            or not isinstance(asset.get("content"), str)
        ):
            raise Refused("Afvist: en fil skal sendes som base64 (encoding: base64, content: tekst).", 422)
        try:
            return base64.b64decode(asset["content"], validate=True)
        except (binascii.Error, ValueError):
            raise Refused("Afvist: filens indhold er ikke gyldig base64.", 422) from None

    # -- the actions --------------------------------------------------------------------------------------------

    def handle(self, action: str, params: object):
        f = self.files
        if action == "info":
            return {"repo": f.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "getDeployPreview":
            return None
        if not isinstance(params, dict):
            raise Refused(f"Afvist: '{action}' mangler sine parametre (params).", 422)
        if action == "entriesByFolder":
            folder = f.readable(params.get("folder"), "mappen (folder)")
            extension, depth = params.get("extension"), params.get("depth")
            if not isinstance(extension, str) or not isinstance(depth, int) or isinstance(depth, bool):
                raise Refused("Afvist: entriesByFolder kræver extension (tekst) og depth (tal).", 422)
            return [self.entry(f.relative(p)) for p in f.listing(folder, extension, min(depth, MAX_DEPTH))]
        if action == "entriesByFiles":
            files = params.get("files")
            if not isinstance(files, list) or not all(isinstance(x, dict) for x in files):
                raise Refused("Afvist: entriesByFiles kræver en liste af filer (files).", 422)
            for x in files:
                f.readable(x.get("path"))  # every path checked before anything is read
            return [self.entry(x["path"], x.get("label")) for x in files]
        if action == "getEntry":
            return self.entry(params.get("path"))
        if action == "getMedia":
            folder = f.readable(params.get("mediaFolder"), "mediemappen (mediaFolder)")
            return [self.media_file(f.relative(p)) for p in f.listing(folder, "", 1)]
        if action == "getMediaFile":
            return self.media_file(params.get("path"))
        if action in CHANGES:
            with self.lock:
                return self.change(action, params)
        if action == CHECK:
            return self.check(params)
        raise Refused(f"Ukendt handling '{action}': redigeringens proxy kender kun "
                      f"{', '.join(sorted(READS | CHANGES | {CHECK}))}.", 422)

    def check(self, params: dict) -> dict:
        """The engine's diagnostics of the form's data as the file it would be saved as (a path the editor may
        write, checked as for a save), each with its field's path; nothing is written under the checkout."""
        path = self.files.writable(params.get("path"))
        data = params.get("data")
        if not isinstance(data, dict):
            raise Refused("Afvist: check kræver formularens data (data: felter).", 422)
        choices = params.get("choices") or []
        if not isinstance(choices, list) or len(choices) > 200 or not all(isinstance(c, str) for c in choices):
            raise Refused("Afvist: choices skal være en liste af valglisters navne.", 422)
        if len(json.dumps(data, ensure_ascii=False)) > form_check.MAX_DATA:
            raise Refused(f"Afvist: formularens data fylder over {form_check.MAX_DATA // 1024} KB.", 413)
        try:
            return form_check.check(self.files.root, self.files.relative(path), data, page=params.get("page") is True,
                                    choices=choices)
        except RecursionError:
            raise Refused("Afvist: formularens data er indlejret for dybt.", 422) from None

    def change(self, action: str, params: dict):
        """Every path of the request is checked before the first byte is written or deleted."""
        f = self.files
        if action == "persistEntry":
            data_files = params.get("dataFiles")
            if data_files is None and params.get("entry") is not None:
                data_files = [params["entry"]]
            assets = params.get("assets") or []
            if not isinstance(data_files, list) or not data_files or not isinstance(assets, list):
                raise Refused("Afvist: persistEntry kræver dataFiles (eller entry) og assets.", 422)
            writes = []
            for d in data_files:
                if not isinstance(d, dict) or not isinstance(d.get("raw"), str):
                    raise Refused("Afvist: en datafil skal have path og raw (tekst).", 422)
                target = f.writable(d.get("path"))
                moved = f.writable(d["newPath"]) if d.get("newPath") else None
                writes.append((target, d["raw"].encode("utf-8"), moved))
            media = [(f.writable(a.get("path") if isinstance(a, dict) else None), self._asset_bytes(a)) for a in assets]
            for path, data, _ in writes:
                self._write(path, data)
            for path, data in media:
                self._write(path, data)
            renames = [(path, moved) for path, _, moved in writes if moved is not None]
            if len(renames) == len(writes):
                for path, moved in renames:
                    moved.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, moved)
            return {"message": "entry persisted"}
        if action == "persistMedia":
            asset = params.get("asset")
            path = f.writable(asset.get("path") if isinstance(asset, dict) else None)
            self._write(path, self._asset_bytes(asset))
            assert isinstance(asset, dict)  # writable() and _asset_bytes() refused anything else
            return self.media_file(asset["path"])
        if action == "deleteFile":
            path = f.writable(params.get("path"))
            self._delete(path)
            return {"message": f"deleted file {params['path']}"}
        # deleteFiles
        paths = params.get("paths")
        if not isinstance(paths, list) or not paths:
            raise Refused("Afvist: deleteFiles kræver en liste af stier (paths).", 422)
        targets = [f.writable(p) for p in paths]
        for path in targets:
            self._delete(path)
        return {"message": f"deleted files {', '.join(paths)}"}

    @staticmethod
    def _delete(path: Path) -> None:
        path.unlink(missing_ok=True)


class Handler(BaseHTTPRequestHandler):
    """POST /api/v1 (and its CORS preflight). Host and Origin are checked before the body is read."""

    server_version = "katalog-rediger"
    timeout = 60  # seconds a connection may stay silent
    guard: LocalOrigin
    proxy: Proxy

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format, *args):  # noqa: A002 - the editors' terminal shows the preview's lines only
        pass

    def _send(self, status: int, body) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        origin = self.headers.get("Origin")
        if self.guard.allowed_origin(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
        self.send_header("Vary", "Origin")
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, refused: Refused) -> None:
        if refused.status == 403:
            print(f"Redigeringens proxy: {refused.message}", file=sys.stderr)
        self._send(refused.status, {"error": refused.message})

    def _guarded(self, changes: bool) -> bool:
        try:
            self.guard.check(self.headers.get("Host"), self.headers.get("Origin"), changes)
        except Refused as refused:
            self._refuse(refused)
            return False
        return True

    def do_OPTIONS(self):  # noqa: N802 - the browser's CORS preflight for POST /api/v1
        if not self._guarded(changes=False):
            return
        self.send_response(204)
        origin = self.headers.get("Origin")
        if self.guard.allowed_origin(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_here(self):
        if self._guarded(changes=False):
            self._send(405, {"error": "Redigeringens proxy svarer kun på POST /api/v1."})

    do_GET = do_HEAD = do_PUT = do_DELETE = do_PATCH = _not_here  # noqa: N815

    def do_POST(self):  # noqa: N802
        if not self._guarded(changes=False):  # Host, and a foreign Origin, before the body is read
            return
        if self.path.split("?")[0] != "/api/v1":
            return self._send(404, {"error": "Redigeringens proxy svarer kun på POST /api/v1."})
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            return self._send(411, {"error": "Afvist: forespørgslen mangler Content-Length."})
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self._send(413, {"error": f"Afvist: forespørgslen fylder {length} byte; højst "
                                             f"{MAX_BODY // (1024 * 1024)} MB (en fil højst ~15 MB)."})
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self._send(400, {"error": "Afvist: forespørgslen er ikke gyldig JSON."})
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            return self._send(422, {"error": "Afvist: forespørgslen skal være {\"action\": …, \"params\": …}."})
        action = body["action"]
        if not self._guarded(changes=action not in READS):  # a change must come from the preview's origin
            return
        try:
            result = self.proxy.handle(action, body.get("params"))
        except Refused as refused:
            return self._refuse(refused)
        except OSError as exc:
            return self._send(500, {"error": f"Filen kunne ikke læses eller skrives: {exc.strerror or exc}"})
        self._send(200, result)


def make_server(root: Path, port: int, preview_port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    handler = type("ProxyHandler", (Handler,), {"guard": LocalOrigin(port, preview_port),
                                                "proxy": Proxy(ContentFiles(root))})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalogue.cli.editor_proxy",
                                     description="Redigeringens lokale proxy: læser og skriver kun i content/.")
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--port", type=int, required=True, help="proxyens port (KATALOG_EDITOR_PORT)")
    parser.add_argument("--preview-port", type=int, required=True, help="forhåndsvisningens port (scripts/serve)")
    args = parser.parse_args(argv)
    try:
        server = make_server(Path(args.root), args.port, args.preview_port)
    except OSError as exc:
        print(f"Redigeringens proxy kunne ikke starte på 127.0.0.1:{args.port}: {exc.strerror or exc} "
              "(sæt KATALOG_EDITOR_PORT til en ledig port)", file=sys.stderr)
        return 1
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
