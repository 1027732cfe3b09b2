"""The built-in theme under its own Content-Security-Policy, in Debian's chromium.

A site with every kind of page is built and served on 127.0.0.1 with the headers its
`_headers` file names, as Netlify or Cloudflare Pages would send them. Each page is opened
and scrolled through: the browser must report no policy violation and log no error or
warning. A page made to break the policy checks that this harness sees violations at all.

`bash scripts/install-test-tools` installs chromium.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browserkit import launched_chromium
from page_kinds import PAGE_KINDS, read_headers_file, write_page_kinds_site
from sitekit import build_site

# Runs before anything on the page: keeps every violation the page reports.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ` +
    `${event.sourceFile}:${event.lineNumber} ${event.sample}`);
});
"""

SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
    window.scrollTo(0, y);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await Promise.all([...document.images].map((image) => image.decode().catch(() => null)));
}"""

# What a strict policy must refuse: a style attribute, a script in the page, an event handler.
BREAKS_THE_POLICY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Breaks the policy</title></head>
<body><p style="color: red">Red</p><script>document.title = "ran";</script>
<img src="/missing.png" alt="" onerror="document.title = 'handled'"></body></html>
"""


@contextmanager
def serve_with_headers(folder: Path, headers: list[tuple[str, str]]) -> Iterator[str]:
    """`folder` on 127.0.0.1, every response sent with `headers`."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in headers:
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(write_page_kinds_site(tmp_path_factory.mktemp("csp-site"))).output


@pytest.fixture(scope="module")
def headers(built: Path) -> list[tuple[str, str]]:
    """What a host that reads the built `_headers` sends with every page of the site."""
    rules = read_headers_file((built / "_headers").read_text(encoding="utf-8"))
    assert list(rules) == ["/*"]
    return rules["/*"]


@pytest.fixture(scope="module")
def site_url(built: Path, headers: list[tuple[str, str]]) -> Iterator[str]:
    with serve_with_headers(built, headers) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def visit(browser: Any, url: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Open `url`, scroll to its end: the response's headers, the policy violations the
    page reported, and the errors and warnings the console logged."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    logged: list[str] = []

    def log(message: Any) -> None:
        if message.type in ("error", "warning"):
            logged.append(f"{message.type}: {message.text}")

    page.on("console", log)
    page.on("pageerror", lambda e: logged.append(f"page error: {e}"))
    try:
        response = page.goto(url, wait_until="load")
        assert response is not None
        page.evaluate(SCROLL_THROUGH)  # the lazy images load too
        page.wait_for_timeout(100)  # violation events are queued as tasks
        return response.headers, page.evaluate("window.violations"), logged
    finally:
        context.close()


@pytest.mark.parametrize(("kind", "path"), PAGE_KINDS.items(), ids=list(PAGE_KINDS))
def test_every_kind_of_page_works_under_the_policy(
    browser: Any, site_url: str, headers: list[tuple[str, str]], kind: str, path: str
) -> None:
    sent, violations, logged = visit(browser, site_url + path)
    for name, value in headers:
        assert sent.get(name.lower()) == value
    assert violations == []
    assert logged == []


def test_the_harness_sees_a_page_that_breaks_the_policy(
    browser: Any, headers: list[tuple[str, str]], tmp_path: Path
) -> None:
    (tmp_path / "index.html").write_text(BREAKS_THE_POLICY, encoding="utf-8")
    with serve_with_headers(tmp_path, headers) as url:
        _, violations, logged = visit(browser, url)
    blocked = {v.split()[0] for v in violations}
    assert {"style-src-attr", "script-src-elem", "script-src-attr"} <= blocked, violations
    assert any("Content Security Policy" in line for line in logged), logged
