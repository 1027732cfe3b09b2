"""Photographs in a real browser at a phone's width: it loads a small variant in the best
format it reads, never the photograph at its own address, and nothing moves as they
arrive. Debian's chromium through Playwright, on the sample site (see test_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import features
from sitekit import build_sample
from test_browser import PHONE, browser, open_page, serve

__all__ = ["browser"]  # the fixture, shared with test_browser.py

PAGES = {
    "home": "",
    "article": "world/international/crisis/mozambique-floods-displace-thousands/",
    "section": "world/",
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
