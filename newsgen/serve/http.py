"""`newsgen serve`'s HTTP side: answers GET and HEAD from the preview folder, the reload
script and the error overlay added to HTML as it goes out.

Anyone who can reach the port can send anything, so no request may print a traceback or
hold a thread for long: an over-long request line gets 414, a malformed path 400, a path
the file system refuses 404 or 414; a client that hangs up is forgotten quietly, one that
sends its request too slowly is cut off, and any other failure is one line in the terminal.
On loopback, only requests addressed to this machine by name are answered.
"""

from __future__ import annotations

import errno
import io
import ipaddress
import mimetypes
import re
import socket
import sys
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote

from newsgen.core.model import output_file
from newsgen.serve.assets import ASSETS, EVENTS_PATH, add_to_page, page_additions
from newsgen.serve.state import PreviewState

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_REQUEST_LINE = 8192  # bytes, as most servers allow; a browser's requests are far shorter
WRITE_SECONDS = 30  # a client that stops reading its answer is dropped after this long
PING_SECONDS = 15
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_VERSION = re.compile(r"-?[0-9]{1,18}")


class PreviewHTTPServer(ThreadingHTTPServer):
    """A thread per request; a failed request is reported in one line at most."""

    daemon_threads = True
    # socketserver's 5 waiting connections overflow in any burst (a page and its images,
    # clients that connect and vanish), and each connection refused waits a second to retry.
    request_queue_size = 1024

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        report: Callable[[str], None],
    ) -> None:
        self.report = report
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)
        self.local_only = is_loopback(str(self.server_address[0]))

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints a traceback here by default, into the author's terminal.
        exc = sys.exc_info()[1]
        if exc is None or isinstance(exc, ConnectionError | TimeoutError):
            return  # the client hung up or was too slow: nothing the author can act on
        text = "".join(c if c.isprintable() else "?" for c in str(exc)[:200])
        self.report(f"request from {client_address[0]} failed: {type(exc).__name__}: {text}")


class _HeadInput(io.RawIOBase):
    """A connection's input with one time limit for the whole request head: a client that
    sends a byte now and then (slowloris) is cut off when the time is up, where a limit on
    each read would let every byte keep it waiting."""

    def __init__(self, connection: socket.socket, seconds: float) -> None:
        super().__init__()
        self.connection = connection
        self.deadline = time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.connection.settimeout(left)
        try:
            return self.connection.recv_into(buffer)
        finally:
            self.connection.settimeout(WRITE_SECONDS)  # for the answer


def decode_path(raw: str) -> str | None:
    """The site path a request's target names, or None when it is malformed: not from the
    root, a `%` without two hex digits, escapes that are not UTF-8, or a NUL."""
    if not raw.startswith("/") or _BAD_ESCAPE.search(raw):
        return None
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in path else path


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_handler(
    folder: Path, state: PreviewState, request_seconds: float
) -> type[BaseHTTPRequestHandler]:
    """The request handler for the site built into `folder`, as `state` describes it."""

    class Handler(_Handler):
        pass

    Handler.folder, Handler.state, Handler.request_seconds = folder, state, request_seconds
    return Handler


class _Handler(BaseHTTPRequestHandler):
    # Answers to requests too garbled to name a version start with a status line all the
    # same, not HTTP/0.9's bare body.
    default_request_version = "HTTP/1.0"
    folder: Path
    state: PreviewState
    request_seconds: float
    raw_requestline: bytes  # set by BaseHTTPRequestHandler, missing from its type stubs
    server: PreviewHTTPServer

    def version_string(self) -> str:
        return "newsgen"  # no need to tell the network which Python answers

    def setup(self) -> None:
        super().setup()
        # One request per connection (HTTP/1.0, the default), so the limit is the
        # connection's; the input socketserver made is replaced by one that keeps it.
        self.rfile.close()
        self.rfile = io.BufferedReader(_HeadInput(self.connection, self.request_seconds))

    def parse_request(self) -> bool:
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline = self.request_version = self.command = ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return False
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request

    def do_HEAD(self) -> None:
        self.do_GET()  # _send_bytes leaves the body out

    def do_GET(self) -> None:
        target, _, query = self.path.partition("?")
        path = decode_path(target.partition("#")[0])
        if not self._host_allowed():
            self.send_error(HTTPStatus.FORBIDDEN, "Open the preview at localhost or 127.0.0.1")
        elif path is None:
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed path")
        elif path in ASSETS:
            self._send_bytes(HTTPStatus.OK, *ASSETS[path])
        elif path == EVENTS_PATH:
            self._events(parse_qs(query))
        elif not self._first_look(path):
            self.state.wait_until_built()
            self._file(path, target)

    def _host_allowed(self) -> bool:
        """Whether the Host header names this machine, when the server listens on it alone.
        Otherwise a page on another site could read the preview, drafts included, by
        pointing a name of its own at 127.0.0.1 (DNS rebinding)."""
        host = self.headers.get("Host")
        if host is None or not self.server.local_only:
            return True  # an old client; or on a network, whose names for it are not known
        if host.startswith("["):
            name = host.partition("]")[0] + "]"
        else:
            name = host.rpartition(":")[0] or host
        name = name.lower().rstrip(".")
        return name == "localhost" or name.endswith(".localhost") or is_loopback(name)

    def _first_look(self, path: str) -> bool:
        """Serve the page shown before the rebuild ends, if this is it."""
        base = self.state.base_path
        if not path.startswith(base):
            return False
        output = output_file(path[len(base) :])
        data = self.state.first_look(output)
        if data is None:
            return False
        self._send_bytes(HTTPStatus.OK, data, "text/html; charset=utf-8", output)
        return True

    def _file(self, path: str, target: str) -> None:
        base = self.state.base_path
        if not path.startswith(base):
            if path == "/":
                self._redirect(base)
            else:
                self._not_found()
            return
        relative = path[len(base) :]
        parts = PurePosixPath(relative).parts
        if relative.startswith("/") or "\\" in relative or ".." in parts:
            self._not_found()
            return
        try:
            file = self.folder.joinpath(*parts)
            if file.is_dir():
                if relative and not relative.endswith("/"):
                    self._redirect(target + "/")
                    return
                file = file / "index.html"
            if not file.is_file() or not file.resolve().is_relative_to(self.folder.resolve()):
                self._not_found()
                return
            body = file.read_bytes()
        except OSError as exc:  # a name too long for the file system, a file just removed
            if exc.errno == errno.ENAMETOOLONG:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            else:
                self._not_found()
            return
        self._send_file(HTTPStatus.OK, file, body)

    def _not_found(self) -> None:
        page = self.folder / "404.html"
        try:
            self._send_file(HTTPStatus.NOT_FOUND, page, page.read_bytes())
        except OSError:
            body = b"<!DOCTYPE html><title>Not found</title><body><p>Not found.</p></body>"
            self._send_bytes(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")

    def _send_file(self, status: HTTPStatus, file: Path, body: bytes) -> None:
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "application/javascript"):
            kind += "; charset=utf-8"
        self._send_bytes(status, body, kind, file.relative_to(self.folder).as_posix())

    def _send_bytes(self, status: HTTPStatus, body: bytes, kind: str, page: str = "") -> None:
        if kind.startswith("text/html"):
            state = self.state
            additions = page_additions(state.version, state.errors, page, state.warnings)
            body = add_to_page(body, additions)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        headers = self.state.headers or (("X-Content-Type-Options", "nosniff"),)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _events(self, query: dict[str, list[str]]) -> None:
        """The page's event stream: a `reload` event when the reader should reload."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command == "HEAD":
            return
        since, page = query.get("since", ["-1"])[0], query.get("page", [""])[0]
        seen = int(since) if _VERSION.fullmatch(since) else -1
        while not self.state.closed:
            reload, seen = self.state.wait_for_reload(seen, page, PING_SECONDS)
            if reload:
                self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                self.wfile.flush()
                return  # the page reloads and opens a new stream
            self.wfile.write(b": ping\n\n")
            self.wfile.flush()
