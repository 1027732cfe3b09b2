"""The multilingual example in a real browser: each language's pages, with the language
switcher, fit a phone, load nothing from elsewhere and pass axe-core; the switcher's links
are reachable and lead to the page's version in each language."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitekit import NOW, REPO
from test_browser import DESKTOP, PHONE, SMALLEST, ContextFor, browser, contexts, open_page, serve

from newsgen.build import BuildOptions, build
from newsgen.core.config import load_config

__all__ = ["browser", "contexts"]  # fixtures, shared with test_browser.py

PAGES = {
    "ml-ar-article": "ar/city/night-library/",
    "ml-ja-home": "ja/",
    "ml-en-article": "city/tram-fares/",
    "ml-ar-home": "ar/",
}


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser-multilingual")
    example = REPO / "examples" / "multilingual"
    shutil.copytree(example / "content", site / "content")
    shutil.copy(example / "config.toml", site / "config.toml")
    build(load_config(site / "config.toml"), BuildOptions(now=NOW))
    yield from serve(Path(site / "output"))


@pytest.mark.parametrize(
    ("name", "path", "width", "scheme"),
    [
        pytest.param(name, path, width, scheme, id=f"{name}-{width}")
        for name, path in PAGES.items()
        for width, scheme in ((DESKTOP, "light"), (SMALLEST, "dark"))
    ],
)
def test_each_languages_pages_in_the_browser(
    contexts: ContextFor, example_url: str, name: str, path: str, width: int, scheme: str
) -> None:
    problems = open_page(contexts(width, scheme), example_url + path, f"{name}-{width}-{scheme}")
    assert not problems, f"/{path} at {width}px ({scheme}):\n" + "\n".join(problems)


def test_the_switcher_is_seen_and_followed(contexts: ContextFor, example_url: str) -> None:
    page = contexts(PHONE, "light").new_page()
    try:
        page.goto(example_url + "city/night-library/")
        links = page.locator(".languages a")
        assert links.count() == 3
        for n in range(3):
            box = links.nth(n).bounding_box()
            assert box is not None and box["height"] >= 24 and box["width"] >= 24
        page.get_by_role("link", name="العربية").click()
        page.wait_for_url(example_url + "ar/city/night-library/")
        assert page.locator("html").get_attribute("lang") == "ar"
        assert page.locator('.languages a[aria-current="page"]').inner_text() == "العربية"
    finally:
        page.close()
