"""`newsgen serve`, driven for real: a server on a free loopback port, fetched over HTTP,
with real file changes seen by watchdog."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from sitekit import article, png, write_site

CONFIG = 'title = "Preview Times"\ntimezone = "UTC"\nbase_url = "https://news.example.com/news/"\n'


class Server:
    def __init__(self, process: subprocess.Popen[str], url: str, lines: list[str]) -> None:
        self.process = process
        self.url = url
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "", parts.port or 0
        self.lines = lines  # what it printed: a line per build
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def get(self, path: str) -> tuple[int, str]:
        """Fetch a raw path: no client-side normalization of '..' or '//'."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def builds(self) -> int:
        return sum(line.startswith(("built ", "build failed")) for line in self.lines)


@contextmanager
def serving(site: Path, *args: str) -> Iterator[Server]:
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "--port", "0", *args], cwd=site,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    url = ""
    lines: list[str] = []
    while not url:
        line = process.stdout.readline()
        assert line, "the server stopped before serving: " + "\n".join(lines)
        lines.append(line.rstrip("\n"))
        if match := re.match(r"serving (http://\S+) \(Ctrl-C to stop\)", line):
            url = match.group(1)
    server = Server(process, url, lines)
    try:
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=15)
        assert code == 0, f"serve did not stop cleanly on Ctrl-C: {code}"


def eventually(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the condition never held")


def make_site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {
        "content/world/quake.md": article("Quake hits coast", body="First version."),
        "content/world/draft.md": article("Secret draft", draft="true"),
    }, config=CONFIG)  # fmt: skip


def test_serves_the_site_under_its_base_path_with_the_reload_script(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        assert server.url.endswith("/news/")
        status, html = server.get("/news/world/quake/")
        assert status == 200 and "First version." in html
        assert "/__newsgen/events?since=" in html
        assert server.get("/")[0] == 301
        assert server.get("/news/world")[0] == 301  # a folder: add the slash
        status, html = server.get("/news/world/nowhere/")
        assert status == 404 and "Page not found" in html
        assert server.get("/news/world/draft/")[0] == 404
    # The script is added as pages are served; no file on disk holds it.
    assert not any(
        "__newsgen" in p.read_text() for p in (site / ".newsgen/preview").rglob("*.html")
    )


def added(server: Server, site: Path, path: str) -> str:
    """What the server added to the page at `path` (under /news/) as it served it."""
    served = server.get("/news/" + path)[1]
    built = (site / ".newsgen/preview" / path / "index.html").read_text()
    at = built.rfind("</body>")
    assert served.startswith(built[:at]) and served.endswith(built[at:])
    return served[at : len(served) - len(built) + at]


def assert_no_inline_code(html: str) -> None:
    """What a strict Content-Security-Policy refuses: scripts in the page, style attributes
    and elements, event handler attributes."""
    assert re.findall(r"<script\b[^>]*>", html) == re.findall(r"<script src=[^>]*>", html)
    assert not re.search(r"\sstyle=|<style|\son\w+=", html), html


def test_the_reload_script_and_the_overlay_are_files_a_strict_policy_allows(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        script = added(server, site, "world/quake/")
        assert re.fullmatch(
            r'<script src="/__newsgen/reload\.js" data-events="/__newsgen/events\?since=\d+'
            r'&amp;page=world/quake/index\.html"></script>',
            script,
        )
        status, code = server.get("/__newsgen/reload.js")
        assert status == 200 and 'getAttribute("data-events")' in code
        status, css = server.get("/__newsgen/overlay.css")
        assert status == 200 and "#newsgen-errors {" in css

        (site / "content/world/quake.md").write_text("---\ntitle: [broken\n---\nText\n")
        eventually(lambda: "newsgen-errors" in server.get("/news/world/quake/")[1])
        overlay = added(server, site, "world/quake/")
        assert overlay.startswith('<link rel="stylesheet" href="/__newsgen/overlay.css">')
        assert '<div id="newsgen-errors" role="alert">' in overlay
        assert_no_inline_code(overlay)


def test_drafts_flag_shows_drafts(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site, "--drafts") as server:
        status, html = server.get("/news/world/draft/")
        assert status == 200 and "Secret draft" in html


def test_a_save_rebuilds_and_a_burst_of_saves_rebuilds_once(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        assert server.builds() == 1
        for n in range(10):  # an editor saving in a burst
            write_site(
                site,
                {"content/world/quake.md": article("Quake hits coast", body=f"Version {n}.")},
                config=None,
            )
        eventually(lambda: "Version 9." in server.get("/news/world/quake/")[1])
        time.sleep(1)
        assert server.builds() == 2


def test_editor_swap_and_temporary_files_are_ignored(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        for name in (".quake.md.swp", "quake.md~", "#quake.md#", ".#quake.md"):
            (site / "content/world" / name).write_text("junk")
        time.sleep(1.5)
        assert server.builds() == 1


def test_a_broken_save_shows_the_error_over_the_last_good_page(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        (site / "content/world/quake.md").write_text(
            "---\ntitle: Quake\ndate: 2026-02-30\n---\nBroken.\n"
        )
        eventually(lambda: "newsgen-errors" in server.get("/news/world/quake/")[1])
        html = server.get("/news/world/quake/")[1]
        assert "First version." in html  # the last good page
        assert (
            "content/world/quake.md:3: &#x27;date&#x27;: &#x27;2026-02-30&#x27; is not a valid date"
            in html
        )
        write_site(
            site,
            {"content/world/quake.md": article("Quake hits coast", body="Fixed.")},
            config=None,
        )
        eventually(lambda: "Fixed." in server.get("/news/world/quake/")[1])
        assert "newsgen-errors" not in server.get("/news/world/quake/")[1]


def test_a_new_article_and_a_config_change_are_picked_up(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        write_site(site, {"content/sport/final.md": article("Cup final")}, config=None)
        eventually(lambda: server.get("/news/sport/final/")[0] == 200)
        (site / "config.toml").write_text(CONFIG.replace("Preview Times", "Renamed Times"))
        eventually(lambda: "Renamed Times" in server.get("/news/")[1])


def test_only_the_built_site_is_served(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (tmp_path / "secret.txt").write_text("secret")
    with serving(site) as server:
        for path in ("/news/../config.toml", "/news/%2e%2e/config.toml", "/news/%2E%2E/%2e%2e/secret.txt",
                     "/news//etc/passwd", "/news/static/../../config.toml", "/news/%00", "/etc/passwd",
                     "/news/..%2fconfig.toml", "/news/\\..\\config.toml"):  # fmt: skip
            status, body = server.get(path)
            assert status in (400, 404, 301) and "secret" not in body and "title =" not in body, (
                path
            )


def test_requests_during_rebuilds_never_fail(tmp_path: Path) -> None:
    files = {
        f"content/world/story-{n}.md": article(f"Story {n}", body="Text. " * 200)
        for n in range(150)
    }
    site = write_site(tmp_path, files, config=CONFIG)
    failures: list[str] = []
    with serving(site) as server:

        def load() -> None:
            for n in range(40):
                status, _ = server.get(f"/news/world/story-{n}/")
                if status != 200:
                    failures.append(f"story-{n}: {status}")

        workers = [threading.Thread(target=load) for _ in range(4)]
        for worker in workers:
            worker.start()
        for n in range(3):  # rebuilds while the requests run
            write_site(
                site,
                {"content/world/story-0.md": article("Story 0", body=f"Edit {n}.")},
                config=None,
            )
            time.sleep(0.4)
        for worker in workers:
            worker.join(timeout=60)
        assert server.builds() >= 2
    assert failures == []


def test_warnings_are_printed_and_folded_in_a_corner_of_the_page(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    with serving(site) as server:
        write_site(site, {"content/world/quake.md": article(
            "Quake hits coast", body="See [the plan](draft.md).\n\n![](map.png)", titel="x",
        ), "content/world/map.png": png()}, config=None)  # fmt: skip
        eventually(lambda: "newsgen-warnings" in server.get("/news/world/quake/")[1])
        html = server.get("/news/world/quake/")[1]
        assert "See" in html and "newsgen-errors" not in html  # the page, not an error
        folded = added(server, site, "world/quake/")
        assert folded.startswith('<link rel="stylesheet" href="/__newsgen/overlay.css">'
                                 '<details id="newsgen-warnings"><summary>newsgen: 3 warnings'
                                 "</summary><pre>")  # fmt: skip
        assert (
            "content/world/quake.md:7: warning: link to &#x27;draft.md&#x27;: the article"
            " is a draft" in folded
        )
        assert_no_inline_code(folded)

        # What the server printed is read in a thread of its own: wait for it too.
        def printed() -> list[str]:
            lines = list(server.lines)
            start = next((n for n, line in enumerate(lines) if line.endswith(", 3 warnings:")), -1)
            return lines[start:] if start >= 0 else []

        eventually(lambda: len(printed()) >= 4)
        assert printed()[1:4] == [
            "  content/world/quake.md:4: warning: unknown front matter key 'titel' (did you"
            " mean 'title'?)",
            "  content/world/quake.md:7: warning: link to 'draft.md': the article is a draft",
            "  content/world/quake.md:9: warning: image 'map.png' has no alt text: describe it"
            " for readers who cannot see it",
        ]
        # Mended, the corner is empty again.
        write_site(site, {"content/world/quake.md": article("Quake hits coast", body="Fine.")},
                   config=None)  # fmt: skip
        # (The page is shown first, before the rebuild that clears the warnings ends.)
        eventually(lambda: "Fine." in server.get("/news/world/quake/")[1])
        eventually(lambda: "newsgen-warnings" not in server.get("/news/world/quake/")[1])
