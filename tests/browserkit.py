"""Debian's chromium, driven by Playwright, for the tests that look at pages in a browser.

Playwright never downloads a browser here: every test drives /usr/bin/chromium, which
`bash scripts/install-test-tools` installs.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

INSTALL = "run `bash scripts/install-test-tools` (see README)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(f"Debian's chromium is not installed: {INSTALL}", pytrace=False)
    return found


@contextmanager
def launched_chromium() -> Iterator[Any]:
    """A running chromium; the test fails, saying how to install them, without one or
    without Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: python3 -m pip install -e '.[test]'", pytrace=False)
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
