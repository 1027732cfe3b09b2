"""`newsgen serve` tried as an attacker would: over-long and malformed requests, clients
that hang up or send their request a byte at a time. The server must answer each with a
4xx or let it go, keep serving everyone else, and print no traceback into the terminal.

Requests go to 127.0.0.1 only, over raw sockets where an HTTP client would refuse to send
what is sent here.
"""

from __future__ import annotations

import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from sitekit import article, run_newsgen, write_site
from test_serve import CONFIG, Server, serving

from newsgen.serve.server import ServeOptions, serve

BIG = 256 * 1024  # a file larger than a socket's buffers: writing it to a gone client fails


def make_site(tmp_path: Path) -> Path:
    files = {
        "content/world/quake.md": article("Quake hits coast", body="First version."),
        "static/big.bin": bytes(BIG),
    }
    return write_site(tmp_path, files, config=CONFIG)


def exchange(port: int, request: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes and return all the server answers before it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert match, f"not an HTTP answer: {answer[:80]!r}"
    return int(match.group(1))


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1")


def hang_up(sock: socket.socket) -> None:
    """Close as a vanishing client does: at once, with a reset, reading nothing."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def problems(lines: list[str]) -> list[str]:
    """What the server printed besides its builds and the address it serves."""
    return [
        line
        for line in lines
        if not line.startswith(("built ", "serving ", "warning: listening on "))
    ]


def test_over_long_and_malformed_requests_get_a_4xx_and_no_traceback(tmp_path: Path) -> None:
    with serving(make_site(tmp_path)) as server:
        port = server.port
        # A path of 60,000 characters, and one just over what a request line may hold.
        assert status(exchange(port, get("/news/" + "a" * 60_000))) == 414
        assert status(exchange(port, get("/news/" + "a" * 9_000))) == 414
        # Request lines short enough, but a file name or a path longer than the file system
        # takes: the same answer, request after request.
        for _ in range(3):
            assert status(exchange(port, get("/news/" + "a" * 300 + "/"))) == 414
            assert status(exchange(port, get("/news/" + "a/" * 3_000))) == 414
        for path in ("/news/%zz", "/news/%", "/news/%ff%fe/", "/news/%00", "/news/a%00b"):
            assert status(exchange(port, get(path))) == 400, path
        assert status(exchange(port, b"GET news/ HTTP/1.1\r\n\r\n")) == 400
        tls_hello = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"  # https to http
        assert status(exchange(port, tls_hello)) == 400
        assert status(exchange(port, b"HELLO\r\n\r\n")) == 400
        assert status(exchange(port, b"GET / FTP/1.0\r\n\r\n")) == 400
        assert status(exchange(port, get("//["))) == 404
        many = b"".join(b"X-%d: 1\r\n" % n for n in range(150))
        assert status(exchange(port, b"GET /news/ HTTP/1.1\r\n" + many + b"\r\n")) == 431
        long_header = b"X-Long: " + b"a" * 70_000 + b"\r\n"
        assert status(exchange(port, b"GET /news/ HTTP/1.1\r\n" + long_header + b"\r\n")) == 431
        # A version too long to be a number: the stream takes it as none seen, and reloads.
        assert status(exchange(port, get("/__newsgen/events?since=" + "9" * 5_000))) == 200
        assert server.get("/news/world/quake/")[0] == 200  # still answering
    assert "Traceback" not in "\n".join(server.lines)
    assert problems(server.lines) == []


def test_head_answers_as_get_does_without_a_body(tmp_path: Path) -> None:
    with serving(make_site(tmp_path)) as server:
        pages = ["/news/world/quake/", "/news/nowhere/", "/news/big.bin", "/", "/news/world"]
        for path in [*pages, "/__newsgen/reload.js", "/__newsgen/overlay.css"]:
            got = exchange(server.port, get(path))
            head = exchange(server.port, get(path).replace(b"GET", b"HEAD", 1))
            got_head, _, body = got.partition(b"\r\n\r\n")
            head_head, _, nothing = head.partition(b"\r\n\r\n")
            assert status(head) == status(got) and nothing == b"", path
            assert headers(head_head) == headers(got_head), path
            assert int(headers(head_head)["content-length"]) == len(body), path
        # The event stream's head, then the end of the answer: nothing to wait for.
        head = exchange(server.port, get("/__newsgen/events?since=0").replace(b"GET", b"HEAD"))
        assert status(head) == 200 and head.endswith(b"\r\n\r\n")
        assert b"text/event-stream" in head
    assert problems(server.lines) == []


def headers(head: bytes) -> dict[str, str]:
    """The headers of an answer's head, without the Date, which changes by the second."""
    found = {}
    for line in head.decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    found.pop("date", None)
    return found


def test_vanishing_and_slow_clients_leave_the_server_answering(tmp_path: Path) -> None:
    with serving(make_site(tmp_path)) as server:
        started = time.monotonic()
        slow = []
        for _ in range(20):  # half a request each, then nothing (slowloris)
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"GET /news/world/quake/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(sock)

        def vanish(n: int) -> None:
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            if n % 3 == 0:
                sock.sendall(b"GET /news/world/qu")  # half a request line
            else:  # a whole request for a page or a large file, then gone before the answer
                sock.sendall(get("/news/big.bin" if n % 3 == 1 else "/news/world/quake/"))
            hang_up(sock)

        with ThreadPoolExecutor(max_workers=10) as pool:
            vanishing = pool.map(vanish, range(150))
            answered = [timed_get(server, "/news/world/quake/") for _ in range(20)]
            list(vanishing)
        answered += [timed_get(server, "/news/world/quake/") for _ in range(10)]
        assert all(code == 200 and seconds < 2 for code, seconds in answered), answered
        for sock in slow:
            sock.close()
        time.sleep(0.5)  # what the server might print about the clients gone
        seconds = time.monotonic() - started
    assert "Traceback" not in "\n".join(server.lines)
    assert problems(server.lines) == []
    assert seconds < 10


def timed_get(server: Server, path: str) -> tuple[int, float]:
    started = time.monotonic()
    code, _ = server.get(path)
    return code, time.monotonic() - started


@contextmanager
def serving_in_process(site: Path, options: ServeOptions) -> Iterator[tuple[int, list[str]]]:
    """serve() in a thread, as a program using newsgen as a library would run it: the
    port and what it reported."""
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve, args=(site / "config.toml", options, lines.append, stop), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 30
    while not any(line.startswith("serving ") for line in lines):
        assert thread.is_alive() and time.monotonic() < deadline, lines
        time.sleep(0.02)
    port = int(re.findall(r"serving http://127\.0\.0\.1:(\d+)/", "\n".join(lines))[0])
    try:
        yield port, lines
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def test_a_client_that_sends_its_request_too_slowly_is_cut_off(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    options = ServeOptions(port=0, request_seconds=1)
    with serving_in_process(make_site(tmp_path), options) as (port, lines):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        started = time.monotonic()
        cut_off = None
        try:
            for byte in get("/news/world/quake/"):  # a byte every 0.1 s: 4 s in all
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:
            cut_off = time.monotonic() - started
        else:
            answer = sock.recv(100)
            assert answer == b"", answer
            cut_off = time.monotonic() - started
        finally:
            sock.close()
        assert cut_off is not None and cut_off < 2.5
        # Meanwhile and afterwards the others are answered.
        assert status(exchange(port, get("/news/world/quake/"))) == 200
    assert problems(lines) == []
    captured = capfd.readouterr()
    assert "Traceback" not in captured.out + captured.err


def addressed_to(host: str | None) -> bytes:
    line = b"GET /news/world/quake/ HTTP/1.1\r\n"
    return line + (f"Host: {host}\r\n\r\n".encode() if host else b"\r\n")


def test_a_page_elsewhere_cannot_read_the_preview_under_a_name_of_its_own(
    tmp_path: Path,
) -> None:
    """DNS rebinding: a page at evil.example points evil.example at 127.0.0.1, and its
    scripts fetch the preview as their own site. Their requests name evil.example."""
    with serving(make_site(tmp_path)) as server:
        port = server.port
        refused = ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "[::2]"]
        for host in refused + [f"{name}:{port}" for name in refused]:
            assert status(exchange(port, addressed_to(host))) == 403, host
        allowed = ["127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST.", "news.localhost", "[::1]"]
        for host in [None, *allowed, *(f"{name}:{port}" for name in allowed)]:
            assert status(exchange(port, addressed_to(host))) == 200, host
    assert problems(server.lines) == []


def test_listens_on_loopback_unless_told_and_warns_when_told(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        assert server.host == "127.0.0.1"
        assert not any("anyone on the network" in line for line in server.lines)
    with serving(site, "--host", "0.0.0.0") as server:
        assert server.host == "0.0.0.0"
        warning = "warning: listening on 0.0.0.0: anyone on the network can read the preview"
        assert warning in server.lines
        # On a network, any name may be the machine's: none is refused.
        assert status(exchange(server.port, addressed_to("newsroom.example"))) == 200


def test_a_port_in_use_is_named_with_a_way_out(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_newsgen("serve", "--port", str(port), cwd=site)
    assert result.returncode == 1
    assert result.stderr == (
        f"newsgen: port {port} on 127.0.0.1 is already in use: stop what uses it, "
        "or pass --port 0 for any free port\n"
    )
    result = run_newsgen("serve", "--port", "70000", cwd=site)
    assert result.returncode == 2 and "must be a port from 0 to 65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_preview_is_sent_the_sites_own_security_headers(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    config = site / "config.toml"
    policy = "default-src 'self'; img-src 'self' https:"
    config.write_text(config.read_text() + f'[headers]\ncontent_security_policy = "{policy}"\n')
    with serving(site) as server:
        sent = headers(exchange(server.port, get("/news/world/quake/")).partition(b"\r\n\r\n")[0])
    assert sent["content-security-policy"] == policy
    assert sent["x-content-type-options"] == "nosniff"
    assert sent["referrer-policy"] == "strict-origin-when-cross-origin"
