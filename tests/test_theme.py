"""The built-in theme ships inside the package; a site overrides it file by file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from sitekit import NOW, REPO, article, build_site, read, write_site

FILES = {"content/world/one.md": article("One", summary='"Standfirst."')}


def test_site_template_overrides_one_file_and_keeps_the_rest(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            **FILES,
            "templates/partials/byline.html": '<p class="byline">Custom byline</p>',
            "templates/static/css/site.css": "body { color: red; }",
        },
    )
    build_site(site)
    html = read(site / "output", "world/one/")
    assert "Custom byline" in html
    assert '<h1 class="headline">One</h1>' in html  # article.html from the built-in theme
    assert (site / "output/static/css/site.css").read_text() == "body { color: red; }"
    assert (site / "output/static/css/pygments.css").exists()


def test_site_static_folder_is_copied_to_the_output_root(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {**FILES, "static/favicon.ico": b"ico", "static/img/logo.svg": "<svg/>"}
    )
    build_site(site)
    assert (site / "output/favicon.ico").read_bytes() == b"ico"
    assert (site / "output/img/logo.svg").read_text() == "<svg/>"


def test_installed_package_builds_a_site_without_templates(tmp_path: Path) -> None:
    """Build the wheel as pip would, unpack it, and build a site that has no templates/."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-c", "import sys; from hatchling.build import build_wheel; build_wheel(sys.argv[1])", str(wheels)],
        cwd=REPO, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    [wheel] = wheels.glob("newsgen-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "newsgen/theme/base.html" in names
    assert "newsgen/theme/static/css/site.css" in names
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)

    site = write_site(tmp_path / "site", FILES)
    result = subprocess.run(
        [sys.executable, "-m", "newsgen", "build", "--now", NOW.isoformat()],
        cwd=site, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Standfirst." in read(site / "output", "world/one/")
    assert (site / "output/static/css/site.css").read_bytes() == (
        REPO / "templates/static/css/site.css"
    ).read_bytes()
