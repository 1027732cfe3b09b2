"""`newsgen serve`: the authors' preview. Builds the site into a private folder, serves it on
loopback, rebuilds when a file changes and reloads the open pages by themselves.

The reload script and the error overlay are added to HTML as it is served (`serve/http.py`),
never to what `newsgen build` writes. A failed build leaves the last good site on show, with
its errors over it; the next good save clears them.
"""

from __future__ import annotations

import errno
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from newsgen.build import BuildOptions, build
from newsgen.content.reader import is_ignored
from newsgen.core.config import load_config
from newsgen.core.errors import BuildError
from newsgen.core.report import one_per_kind
from newsgen.core.words import LOCALE
from newsgen.output.guard import UnsafeOutputError
from newsgen.plan.headers import security_headers
from newsgen.render.session import Session
from newsgen.serve.first_look import first_look
from newsgen.serve.http import PreviewHTTPServer, is_loopback, make_handler
from newsgen.serve.state import PreviewState

QUIET_SECONDS = 0.03  # a burst of saves ends when nothing changed for this long
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
    # How long a client may take to send a request's head before it is cut off.
    request_seconds: float = 10.0


class ServeError(Exception):
    """The server cannot start; the message says why and what to do."""


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
        try:
            found = first_look(last, path)
        except Exception:  # a shortcut only: the rebuild that follows reports what is wrong
            return
        if found is not None:
            self.state.show_first(*found)

    def rebuild(self) -> None:
        self.state.begin()
        base_path: str | None = None
        try:
            base_path = load_config(self.config_path).base_path
            config = load_config(self.config_path, {"base_url": self.origin + base_path})
            self.state.headers = tuple(security_headers(config))
            options = BuildOptions(self.options.drafts, self.options.future, output=self.folder)
            result = build(config, options, self.session)
        except BuildError as exc:
            errors = tuple(str(d) for d in exc.diagnostics)
            self.report("build failed:\n  " + "\n  ".join(errors))
            self.state.finish(errors, base_path)
        except (UnsafeOutputError, OSError) as exc:
            self.report(f"build failed: {exc}")
            self.state.finish((str(exc),), base_path)
        except Exception as exc:  # a bug in newsgen: say so, and keep the server answering
            error = f"internal error: {type(exc).__name__}: {exc} (see `newsgen build --debug`)"
            self.report(f"build failed: {error}")
            self.state.finish((error,), base_path)
        else:
            warnings = tuple(str(w) for w in one_per_kind(result.warnings))
            self.report(_built_line(result.pages, result.seconds, warnings))
            kept = [o for o, data in self.state.first_looks.items() if self._holds(o, data)]
            self.state.finish((), base_path, frozenset(kept), warnings)

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
        folders.append(root / LOCALE)  # the site's own words
        return [(root, False), *((f, True) for f in folders if f.is_dir())]


PRINTED_WARNINGS = 20  # a rebuild's report stays short enough to read at each save


def _built_line(pages: int, seconds: float, warnings: tuple[str, ...]) -> str:
    line = f"built {pages} pages in {seconds:.2f} s"
    if not warnings:
        return line
    lines = [f"{line}, {len(warnings)} warning{'s' * (len(warnings) != 1)}:"]
    lines += [f"  {w}" for w in warnings[:PRINTED_WARNINGS]]
    more = len(warnings) - PRINTED_WARNINGS
    if more > 0:
        lines.append(f"  … and {more} more: newsgen check lists them all")
    return "\n".join(lines)


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


def serve(
    config_path: Path,
    options: ServeOptions,
    report: Callable[[str], None] = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt) or until `stop` is set (for a caller that runs
    this in a thread), then stop watching and close cleanly."""
    preview = Preview(config_path, options, report)
    handler = make_handler(preview.folder, preview.state, options.request_seconds)
    server = _listen(options, handler, report)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    preview.origin = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    changes: queue.Queue[tuple[str, Path]] = queue.Queue()
    observer = Observer()
    builder = threading.Thread(target=_rebuild_on_changes, args=(preview, changes), daemon=True)
    try:
        preview.rebuild()
        for folder, recursive in preview.watched():
            observer.schedule(_ChangeHandler(changes, preview), str(folder), recursive=recursive)
        observer.start()
        builder.start()
        if not is_loopback(host):
            report(f"warning: listening on {host}: anyone on the network can read the preview")
        report(f"serving {preview.origin}{preview.state.base_path} (Ctrl-C to stop)")
        if stop is not None:
            threading.Thread(target=_stop_when_set, args=(stop, server), daemon=True).start()
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        preview.state.close()
        server.server_close()
        if observer.is_alive():
            observer.stop()
            observer.join(timeout=5)
        if builder.is_alive():
            builder.join(timeout=5)
        time.sleep(0)  # let request threads see the state is closed


def _stop_when_set(stop: threading.Event, server: PreviewHTTPServer) -> None:
    stop.wait()
    server.shutdown()


def _listen(
    options: ServeOptions, handler: type[BaseHTTPRequestHandler], report: Callable[[str], None]
) -> PreviewHTTPServer:
    host, port = options.host, options.port
    try:
        return PreviewHTTPServer((host, port), handler, report)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            why = f"port {port} on {host} is already in use: stop what uses it, or pass "
            raise ServeError(why + "--port 0 for any free port") from None
        if exc.errno == errno.EACCES:
            why = f"port {port} on {host} needs privileges: use one from 1024 up, or "
            raise ServeError(why + "--port 0 for any free port") from None
        raise ServeError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
