"""Titles made from folder names keep the letters the folders have."""

from __future__ import annotations

from pathlib import Path

from sitekit import article, build_site, read, write_site


def test_a_section_from_a_folder_is_titled_with_the_folders_letters(tmp_path: Path) -> None:
    files = {
        "content/économie/budget.md": article("Budget"),
        "content/paweł_dziepak/notes.md": article("Notes"),
        "content/world/new-york/subway.md": article("Subway"),
    }
    site = write_site(tmp_path, files)
    build_site(site)
    out = site / "output"
    assert "<h1>Économie</h1>" in read(out, "economie/")  # the address is a slug
    assert "<h1>Paweł Dziepak</h1>" in read(out, "pawel-dziepak/")
    assert "<h1>New York</h1>" in read(out, "world/new-york/")
