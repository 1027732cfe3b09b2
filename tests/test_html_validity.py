"""Every page of the sample site is valid HTML, by the Nu Html Checker (vnu.jar, run with
Java), and the theme stays self-contained and small.

`bash scripts/install-test-tools` installs Java and vnu-jar.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import REPO, build_sample

VNU = REPO / ".test-tools/node_modules/vnu-jar/build/dist/vnu.jar"
INSTALL = "run `bash scripts/install-test-tools` (see README)"
# Bytes of site.css and pygments.css together, compressed as a host serves them: what a
# reader downloads. Right-to-left rules and galleries took it from 4.9 to 5.3 KB.
CSS_BUDGET = 5_600


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("validity") / "output"
    build_sample(folder)
    return folder


def test_every_page_of_the_sample_site_is_valid_html(output: Path) -> None:
    java = shutil.which("java")
    if not java:
        pytest.fail(f"Java is not installed: {INSTALL}", pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"vnu.jar is missing ({VNU}): {INSTALL}", pytrace=False)
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 50
    # One Java process for every file: the checker takes seconds to start.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '?').removeprefix('file:')).relative_to(output)}:"
        f"{m.get('lastLine', '?')}: {m.get('message', '')}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert result.returncode == 0, result.stderr


def test_pages_load_nothing_from_other_hosts(output: Path) -> None:
    """No fonts, scripts, styles or images from another host, on any page or in the CSS."""
    loads = re.compile(
        r'<(?:script|img|iframe|source|link(?=[^>]*rel="(?:stylesheet|icon|preload)"))'
        r'[^>]*\s(?:src|href)="(?:https?:)?//'
    )
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not loads.search(html), page
        assert "<script src" not in html, page
    for css in (output / "static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text and "@font-face" not in text, css
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text), css


def test_theme_css_stays_within_its_budget() -> None:
    css = REPO / "templates/static/css"
    text = b"".join((css / name).read_bytes() for name in ("site.css", "pygments.css"))
    size = len(gzip.compress(text, compresslevel=9, mtime=0))
    assert size <= CSS_BUDGET, f"the theme's CSS is {size} bytes compressed, over {CSS_BUDGET}"


def test_theme_css_has_dark_and_print_styles_and_system_fonts() -> None:
    text = (REPO / "templates/static/css/site.css").read_text(encoding="utf-8")
    assert "@media (prefers-color-scheme: dark)" in text
    assert "@media print" in text
    assert "system-ui" in text
