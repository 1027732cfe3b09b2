"""The output folder: replaced whole, unchanged files kept, stale files gone, never misused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, tree, write_site

from newsgen.output.guard import UnsafeOutputError

FILES = {
    "content/world/one.md": article("One", date="2026-11-01"),
    "content/world/two.md": article("Two", date="2026-11-02"),
}


def test_rebuild_keeps_unchanged_files_and_rewrites_changed_ones(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    first = build_site(site)
    assert first.unchanged == 0
    one = site / "output/world/one/index.html"
    inode = one.stat().st_ino

    again = build_site(site)
    assert again.written == 0
    assert again.unchanged == first.written
    assert one.stat().st_ino == inode  # the same file, not a copy

    # A new body for two changes its own page, not one's (which links two by title).
    write_site(site, {"content/world/two.md": article("Two", "2026-11-02", "New body.")}, None)
    third = build_site(site)
    assert one.stat().st_ino == inode
    assert "New body." in (site / "output/world/two/index.html").read_text()
    assert 0 < third.written < third.files


def test_stale_files_disappear(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    build_site(site)
    build_site(site)  # from now on, each build brings the site before last up to date
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours", encoding="utf-8")
    (site / ".output.previous/world/link").symlink_to(outside)
    (site / "content/world/two.md").unlink()
    build_site(site)
    assert not (site / "output/world/two").exists()
    assert not (site / "output/world/link").exists()
    assert (outside / "keep.txt").read_text(encoding="utf-8") == "not ours"  # not followed
    assert (site / "output/world/one/index.html").exists()


def test_a_link_put_in_place_of_a_page_is_neither_kept_nor_followed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    build_site(site)
    secret = tmp_path / "secret.html"
    secret.write_text("not ours", encoding="utf-8")
    page = site / "output/world/one/index.html"
    page.unlink()
    page.symlink_to(secret)
    write_site(site, {"static/notice.txt": "A new file: the pages are unchanged."}, None)
    assert build_site(site).rendered == 1  # the page only, not kept: it is not ours now
    assert not page.is_symlink() and "One" in page.read_text(encoding="utf-8")
    assert secret.read_text(encoding="utf-8") == "not ours"


@pytest.mark.parametrize("output", [".", "content", "..", "content/out", "templates/out"])
def test_output_folder_that_would_replace_the_site_is_refused(tmp_path: Path, output: str) -> None:
    site = write_site(tmp_path / "site", FILES)
    with pytest.raises(UnsafeOutputError):
        build_site(site, output=(site / output))
    assert (site / "content/world/one.md").exists()


def test_output_folder_holding_other_files_is_not_replaced(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.txt").write_text("years of work")
    with pytest.raises(UnsafeOutputError, match="does not look like a built site"):
        build_site(site, output=documents)
    assert (documents / "thesis.txt").read_text() == "years of work"


def test_staging_folder_of_a_killed_build_is_cleaned_up(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    abandoned = tmp_path / ".output.staging-999999999"
    (abandoned / "world").mkdir(parents=True)
    build_site(site)
    assert not abandoned.exists()
    assert (site / "output/world/one/index.html").exists()


def test_the_site_before_last_is_brought_up_to_date_without_touching_the_current(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, FILES)
    build_site(site, cache=False)
    build_site(site, cache=False)
    spare = site / ".output.previous"
    assert (spare / "index.html").is_file()  # kept for the next build to update
    # What the next build changes, the current site must keep until the swap: a page
    # of the stage may be a hard link to the current site's file.
    page = site / "output/world/two/index.html"
    witness = tmp_path / "witness.html"
    witness.hardlink_to(page)
    before = witness.read_bytes()
    # Whatever lies in the spare folder is no part of the next site.
    (spare / "junk.html").write_text("junk", encoding="utf-8")
    (spare / "world/two").rename(spare / "world/two-old")
    (spare / "world/two").write_text("a file where a folder goes", encoding="utf-8")
    write_site(site, {"content/world/two.md": article("Two", "2026-11-02", "New body.")}, None)
    build_site(site, cache=False)
    assert witness.read_bytes() == before
    assert "New body." in page.read_text(encoding="utf-8")
    assert not (site / "output/junk.html").exists()
    assert not (site / "output/world/two-old").exists()
    fresh = write_site(tmp_path / "fresh", FILES | {
        "content/world/two.md": article("Two", "2026-11-02", "New body.")
    })  # fmt: skip
    build_site(fresh, cache=False)
    assert tree(site / "output") == tree(fresh / "output")


@pytest.mark.parametrize("kind", ["file", "link"])
def test_something_else_at_the_spare_folders_name_is_replaced(tmp_path: Path, kind: str) -> None:
    site = write_site(tmp_path / "site", FILES)
    build_site(site, cache=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not ours", encoding="utf-8")
    spare = site / ".output.previous"
    if kind == "file":
        spare.write_text("a file", encoding="utf-8")
    else:
        spare.symlink_to(elsewhere, target_is_directory=True)
    build_site(site, cache=False)
    assert (site / "output/world/one/index.html").is_file()
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "not ours"
