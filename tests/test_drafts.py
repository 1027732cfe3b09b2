"""A build with --drafts shows drafts to the newsroom and to nobody else."""

from __future__ import annotations

from pathlib import Path

from sitekit import article, build_site, read, write_site


def _site(tmp_path: Path) -> Path:
    files = {
        "content/world/ready.md": article("Ready story", date="2026-11-28T10:00:00+09:00"),
        "content/world/unready.md": article("Unready story", date="2026-11-28T11:00:00+09:00",
                                            draft="true"),
    }  # fmt: skip
    return write_site(tmp_path, files)


def test_a_draft_page_says_so_and_asks_not_to_be_indexed(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site, drafts=True)
    draft = read(site / "output", "world/unready/")
    assert '<p class="draft-banner" role="note">Draft: not published.' in draft
    assert '<meta name="robots" content="noindex">' in draft
    ready = read(site / "output", "world/ready/")
    assert "draft-banner" not in ready and "noindex" not in ready


def test_no_feed_or_sitemap_lists_a_draft(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site, drafts=True)
    out = site / "output"
    for machine_file in ("sitemap.xml", "news-sitemap.xml", "feed.xml", "atom.xml",
                         "world/feed.xml", "world/atom.xml"):  # fmt: skip
        text = (out / machine_file).read_text(encoding="utf-8")
        assert "unready" not in text.lower(), machine_file
        assert "world/ready/" in text, machine_file


def test_without_drafts_a_draft_has_no_page(tmp_path: Path) -> None:
    site = _site(tmp_path)
    build_site(site)
    assert not (site / "output/world/unready").exists()
