"""`newsgen serve`: the authors' preview. Builds the site into a private folder, serves it on
loopback, rebuilds when a file changes and reloads the open pages by themselves.

The reload script and the error overlay are added to HTML as it is served, never to what
`newsgen build` writes. A failed build leaves the last good site on show, with its errors
over it; the next good save clears them.
"""

from __future__ import annotations

import mimetypes
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from newsgen.build import BuildOptions, build
from newsgen.config import load_config
from newsgen.errors import BuildError
from newsgen.first_look import first_look
from newsgen.model import output_file
from newsgen.output_guard import UnsafeOutputError
from newsgen.preview_state import PreviewState
from newsgen.reader import is_ignored
from newsgen.session import Session

EVENTS_PATH = "/__newsgen/events"
QUIET_SECONDS = 0.03  # a burst of saves ends when nothing changed for this long
PING_SECONDS = 15
PREVIEW_FOLDER = ".newsgen/preview"
_CHANGES = {"created", "modified", "deleted", "moved", "closed"}
# A file closed after writing, or moved into place, is a finished save: what else the
# editor does comes within microseconds, so a shorter wait is enough.
_FINISHED = {"closed", "moved"}
SETTLE_SECONDS = 0.005
_EDITS = {"modified", "closed"}  # a file saved in place


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False
    future: bool = False


class Preview:
    """Builds the site for the preview: into its own folder, with links to this server."""

    def __init__(self, config_path: Path, options: ServeOptions, report: Callable[[str], None]):
        self.config_path = config_path.absolute()
        self.options = options
        self.report = report
        self.state = PreviewState()
        self.folder = self.config_path.parent / PREVIEW_FOLDER
        self.origin = ""  # set once the server has its port
        self.session = Session()  # the templates, kept loaded between rebuilds

    def look_first(self, path: Path) -> None:
        """Show the page of the article saved at `path` at once, if the last build allows."""
        last = self.session.last
        if last is None or self.state.errors:
            return
        found = first_look(last, path)
        if found is not None:
            self.state.show_first(*found)

    def rebuild(self) -> None:
        self.state.begin()
        base_path: str | None = None
        try:
            base_path = load_config(self.config_path).base_path
            config = load_config(self.config_path, {"base_url": self.origin + base_path})
            options = BuildOptions(self.options.drafts, self.options.future, output=self.folder)
            result = build(config, options, self.session)
        except BuildError as exc:
            errors = tuple(str(d) for d in exc.diagnostics)
            self.report("build failed:\n  " + "\n  ".join(errors))
            self.state.finish(errors, base_path)
        except (UnsafeOutputError, OSError) as exc:
            self.report(f"build failed: {exc}")
            self.state.finish((str(exc),), base_path)
        else:
            self.report(f"built {result.pages} pages in {result.seconds:.2f} s")
            kept = [o for o, data in self.state.first_looks.items() if self._holds(o, data)]
            self.state.finish((), base_path, frozenset(kept))

    def _holds(self, output: str, data: bytes) -> bool:
        file = self.folder / output
        return file.is_file() and file.read_bytes() == data

    def watched(self) -> list[tuple[Path, bool]]:
        """(folder, recursive) for everything a change in which changes the site."""
        root = self.config_path.parent
        try:
            config = load_config(self.config_path)
            folders = [config.content_path, config.templates_path, config.static_path]
        except BuildError:
            folders = [root / "content", root / "templates", root / "static"]
        return [(root, False), *((f, True) for f in folders if f.is_dir())]


class _ChangeHandler(FileSystemEventHandler):
    """Puts each change that matters to the site into `changes`: its kind and file."""

    def __init__(self, changes: queue.Queue[tuple[str, Path]], preview: Preview) -> None:
        self.changes = changes
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's time changed: the file event that caused it comes too
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(raw)) if raw else None
            if path and not is_ignored(path.name) and not _inside(path, self.preview.folder.parent):
                self.changes.put((event.event_type, path))
                return


def _inside(path: Path, folder: Path) -> bool:
    return path.absolute().is_relative_to(folder.absolute())


def _rebuild_on_changes(preview: Preview, changes: queue.Queue[tuple[str, Path]]) -> None:
    while not preview.state.closed:
        try:
            burst = [changes.get(timeout=0.5)]
        except queue.Empty:
            continue
        while True:  # an editor's save is a burst of events: wait for it to end
            try:
                finished = [kind for kind, _ in burst if kind in _FINISHED]
                # One finished save settles fast; saves that keep coming are a burst.
                wait = SETTLE_SECONDS if finished == [burst[-1][0]] else QUIET_SECONDS
                burst.append(changes.get(timeout=wait))
            except queue.Empty:
                break
        files = {path for _, path in burst}
        if len(files) == 1 and all(kind in _EDITS for kind, _ in burst):
            preview.look_first(files.pop())  # one file saved in place: show its page first
        preview.rebuild()


_OVERLAY_STYLE = (
    "position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;"
    "margin:0;padding:1rem 1.25rem;background:#2b0000;color:#fff;"
    "font:14px/1.5 ui-monospace,monospace;box-shadow:0 4px 12px rgba(0,0,0,.5)"
)


def _reload_snippet(version: int, errors: tuple[str, ...], page: str) -> bytes:
    overlay = ""
    if errors:
        lines = "\n".join(escape(e) for e in errors)
        overlay = (
            f'<div id="newsgen-errors" role="alert" style="{_OVERLAY_STYLE}"><strong>newsgen: '
            "the build failed. This is the last good version of the page.</strong>"
            f'<pre style="white-space:pre-wrap;margin:.5rem 0 0">{lines}</pre></div>'
        )
    script = (
        f'<script>new EventSource("{EVENTS_PATH}?since={version}&page={quote(page)}")'
        '.addEventListener("reload",function(){location.reload()});</script>'
    )
    return (overlay + script).encode("utf-8")


def _make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    state = preview.state

    class Handler(BaseHTTPRequestHandler):
        server_version = "newsgen"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the terminal shows builds, not every request

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == EVENTS_PATH:
                query = parse_qs(url.query)
                self._events(query.get("since", ["-1"])[0], query.get("page", [""])[0])
                return
            if not self._first_look(url.path):
                state.wait_until_built()
                self._file(url.path)

        def _first_look(self, raw_path: str) -> bool:
            """Serve the page shown before the rebuild ends, if this is it."""
            path = unquote(raw_path)
            if not path.startswith(state.base_path):
                return False
            output = output_file(path[len(state.base_path) :])
            data = state.first_look(output)
            if data is None:
                return False
            self._send_bytes(HTTPStatus.OK, data, "text/html; charset=utf-8", output)
            return True

        def _file(self, raw_path: str) -> None:
            base = state.base_path
            path = unquote(raw_path)
            if not path.startswith(base):
                if path in ("", "/"):
                    self._redirect(base)
                else:
                    self._not_found()
                return
            relative = path[len(base) :]
            parts = PurePosixPath(relative).parts
            if relative.startswith("/") or "\\" in relative or "\x00" in relative or ".." in parts:
                self._not_found()
                return
            file = preview.folder.joinpath(*parts) if parts else preview.folder
            if file.is_dir():
                if relative and not relative.endswith("/"):
                    self._redirect(raw_path + "/")
                    return
                file = file / "index.html"
            if not file.is_file() or not file.resolve().is_relative_to(preview.folder.resolve()):
                self._not_found()
                return
            self._send(HTTPStatus.OK, file)

        def _not_found(self) -> None:
            page = preview.folder / "404.html"
            if page.is_file():
                self._send(HTTPStatus.NOT_FOUND, page)
            else:
                body = b"<!DOCTYPE html><title>Not found</title><body><p>Not found.</p></body>"
                self._send_bytes(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")

        def _send(self, status: HTTPStatus, file: Path) -> None:
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/xml", "application/javascript"):
                kind += "; charset=utf-8"
            page = file.relative_to(preview.folder).as_posix()
            self._send_bytes(status, file.read_bytes(), kind, page)

        def _send_bytes(self, status: HTTPStatus, body: bytes, kind: str, page: str = "") -> None:
            if kind.startswith("text/html"):
                snippet = _reload_snippet(state.version, state.errors, page)
                at = body.rfind(b"</body>")
                body = body[:at] + snippet + body[at:] if at >= 0 else body + snippet
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _events(self, since: str, page: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = int(since) if since.lstrip("-").isdigit() else -1
            try:
                while not state.closed:
                    reload, seen = state.wait_for_reload(seen, page, PING_SECONDS)
                    if reload:
                        self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                        self.wfile.flush()
                        return  # the page reloads and opens a new stream
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def serve(config_path: Path, options: ServeOptions, report: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt), then stop watching and close cleanly."""
    preview = Preview(config_path, options, report)
    server = ThreadingHTTPServer((options.host, options.port), _make_handler(preview))
    server.daemon_threads = True
    host, port = str(server.server_address[0]), int(server.server_address[1])
    preview.origin = f"http://{host}:{port}"
    preview.rebuild()
    changes: queue.Queue[tuple[str, Path]] = queue.Queue()
    observer = Observer()
    for folder, recursive in preview.watched():
        observer.schedule(_ChangeHandler(changes, preview), str(folder), recursive=recursive)
    observer.start()
    builder = threading.Thread(target=_rebuild_on_changes, args=(preview, changes), daemon=True)
    builder.start()
    report(f"serving {preview.origin}{preview.state.base_path} (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.state.close()
        observer.stop()
        server.server_close()
        observer.join(timeout=5)
        builder.join(timeout=5)
        time.sleep(0)  # let request threads see the state is closed
