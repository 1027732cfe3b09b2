"""Photographs in a real browser at a phone's width: it loads a small variant in the best
format it reads, never the photograph at its own address, and nothing moves as they
arrive. Debian's chromium through Playwright, on the sample site (see test_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import features
from sitekit import article, build_sample, build_site, write_site
from test_browser import PHONE, browser, open_page, serve

__all__ = ["browser"]  # the fixture, shared with test_browser.py

PAGES = {
    "home": "",
    "article": "world/international/crisis/mozambique-floods-displace-thousands/",
    "section": "world/",
    "author": "authors/min-ji-park/",  # the author's photograph, and the articles' cards
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("browser-images") / "output"
    build_sample(output)
    yield from serve(output)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_a_phone_loads_small_modern_variants_and_nothing_moves(
    browser: Any, sample: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    images: list[str] = []
    context.on("request", lambda r: images.append(r.url) if r.resource_type == "image" else None)
    try:
        # Fits the width, no layout shift, lazy below the fold, axe: as every page.
        problems = open_page(context, sample + path, f"images-{path.strip('/') or 'home'}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    photos = [url for url in images if not url.endswith((".svg", ".ico"))]
    assert photos, "the page shows no photograph"
    modern = "avif" if features.check("avif") else "webp"
    for url in photos:
        found = re.search(r"\.(\d+)w\.(\w+)$", url)
        assert found is not None, f"not a variant: {url}"
        assert found.group(2) == modern, url
        assert int(found.group(1)) <= 640, f"too large for a {PHONE}px screen: {url}"


SCRIPTED_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:h="http://www.w3.org/1999/xhtml" width="200" height="100" onload="ran('onload')">
  <script>ran('script')</script>
  <h:script>ran('html script')</h:script>
  <foreignObject width="10" height="10"><h:img src="x" onerror="ran('onerror')"/></foreignObject>
  <set attributeName="onbegin" to="ran('set')"/>
  <animate attributeName="href" values="javascript:ran('animate')" begin="0s"/>
  <a id="go" href="javascript:ran('link')"><rect width="200" height="100" fill="#0a5"/></a>
</svg>"""


def test_an_svg_opened_at_the_site_s_address_runs_nothing(browser: Any, tmp_path: Path) -> None:
    """Every way an SVG can run script, published and opened as a page of the site: the
    drawing shows, and nothing runs (`ran` would set the document's title)."""
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", body="![A chart](chart.svg)"),
            "content/chart.svg": SCRIPTED_SVG,
        },
    )
    build_site(site)
    for url in serve(site / "output"):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.add_init_script("window.ran = (how) => { document.title = 'ran: ' + how }")
            page.goto(url + "chart.svg")
            page.wait_for_timeout(300)
            page.mouse.click(100, 50)  # the link, if it still led anywhere
            page.wait_for_timeout(300)
            page.screenshot(path="/tmp/newsgen-svg-opened.png")
            assert page.url == url + "chart.svg" and page.title() == ""
            assert page.evaluate("document.querySelectorAll('rect').length") == 1
        finally:
            context.close()
