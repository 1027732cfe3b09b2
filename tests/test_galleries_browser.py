"""A gallery in a real browser, on the sample site's article about a restored mural: on a
phone a strip that scrolls sideways inside the page, which a keyboard can scroll too; on a
wide screen two photographs to a row. Debian's chromium through Playwright (see
test_browser.py); screenshots in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sitekit import build_sample
from test_browser import ARTIFACTS, DESKTOP, PHONE, browser, open_page, serve

__all__ = ["browser"]  # the fixture, shared with test_browser.py

ARTICLE = "culture/mexico-city-mural-restored/"

# Each photograph of the gallery: where it stands, and the file the browser chose.
PHOTOS = """() => [...document.querySelectorAll(".gallery-photos > li")].map((item) => {
  const box = item.getBoundingClientRect();
  const image = item.querySelector("img");
  return {left: box.left, right: box.right, top: box.top, src: image.currentSrc,
          caption: item.querySelector("figcaption").textContent};
})"""
STRIP = """() => {
  const strip = document.querySelector(".gallery-photos");
  return {scrollWidth: strip.scrollWidth, clientWidth: strip.clientWidth,
          scrollLeft: strip.scrollLeft, right: strip.getBoundingClientRect().right};
}"""

NEXT_IN_VIEW = """() => {
  const strip = document.querySelector(".gallery-photos").getBoundingClientRect();
  const next = document.querySelector(".gallery-photos > li + li").getBoundingClientRect();
  return next.left >= strip.left - 1 && next.right <= strip.right + 1;
}"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("browser-galleries") / "output"
    build_sample(output)
    yield from serve(output)


def _open(browser: Any, url: str, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.locator(".gallery").scroll_into_view_if_needed()
    page.evaluate("Promise.all([...document.images].map((i) => i.decode().catch(() => 0)))")
    return page


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_gallery_fits_the_page_and_passes_axe(browser: Any, sample: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        # No horizontal overflow of the page, no layout shift, axe clean: as every page.
        problems = open_page(context, sample + ARTICLE, f"gallery-{width}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_on_a_phone_the_strip_scrolls_sideways_by_touch_and_by_keyboard(
    browser: Any, sample: str
) -> None:
    page = _open(browser, sample + ARTICLE, PHONE)
    try:
        strip = page.evaluate(STRIP)
        assert strip["scrollWidth"] > strip["clientWidth"], "the strip does not scroll"
        assert strip["right"] <= PHONE
        first, second = page.evaluate(PHOTOS)
        assert first["right"] <= PHONE < second["right"], "the next photograph does not show"
        assert second["left"] < PHONE, "nothing of the next photograph shows at the edge"
        for photo in (first, second):
            assert ".avif" in photo["src"] or ".webp" in photo["src"]
            assert any(f".{w}w." in photo["src"] for w in (320, 600, 640)), photo["src"]
            assert "Illustration: Yoon-seo Kang" in photo["caption"]
        for _ in range(60):  # the strip is reached with Tab alone
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.gallery-photos')"):
                break
        else:
            pytest.fail("Tab never reaches the gallery")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(NEXT_IN_VIEW)  # the strip snaps to the next photograph
        page.locator(".gallery").screenshot(path=str(ARTIFACTS / f"gallery-{PHONE}-next.png"))
    finally:
        page.context.close()


def test_on_a_wide_screen_two_photographs_stand_side_by_side(browser: Any, sample: str) -> None:
    page = _open(browser, sample + ARTICLE, DESKTOP)
    try:
        first, second = page.evaluate(PHOTOS)
        assert first["top"] == second["top"] and first["right"] < second["left"]
        strip = page.evaluate(STRIP)
        assert strip["scrollWidth"] == strip["clientWidth"], "the grid scrolls"
        page.locator(".gallery").screenshot(path=str(ARTIFACTS / f"gallery-{DESKTOP}-grid.png"))
    finally:
        page.context.close()
