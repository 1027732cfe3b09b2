"""`newsgen check` and the build on links and images: what points at nothing is an error,
what points at an article not published yet a warning, and links written as the site's own
paths are looked for among the pages the build would write."""

from __future__ import annotations

import json
from pathlib import Path

from sitekit import NOW, article, build_site, png, read, run_newsgen, write_site

SUB_PATH_CONFIG = """\
title = "Test Times"
timezone = "Asia/Seoul"
base_url = "https://example.org/news/"
"""


def check(site: Path, *args: str) -> tuple[int, list[str]]:
    result = run_newsgen("check", "--now", NOW.isoformat(), *args, cwd=site)
    return result.returncode, result.stdout.splitlines()


def test_link_to_no_article_fails_check_and_build_and_keeps_the_last_site(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/world/a.md": article("A"),
                                 "content/world/b.md": article("B")})  # fmt: skip
    assert run_newsgen("build", "--now", NOW.isoformat(), cwd=site).returncode == 0
    before = read(site / "output", "world/a/")
    (site / "content/world/a.md").write_text(article("A", body="Read [B](b.md) and [C](c.md)."))
    code, lines = check(site)
    assert code == 1
    assert lines == ["content/world/a.md:6: link to 'c.md': no such article", "1 error, 0 warnings"]
    built = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert built.returncode == 1
    assert "content/world/a.md:6: link to 'c.md': no such article" in built.stderr
    assert read(site / "output", "world/a/") == before


def test_link_to_a_draft_or_scheduled_article_is_a_warning(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", body="See [B](b.md).\n\nAnd [C](c.md)."),
            "content/world/b.md": article("B", draft="true"),
            "content/world/c.md": article("C", date="2026-12-24T09:00:00+09:00"),
        },
    )
    code, lines = check(site)
    assert code == 0
    assert lines == [
        "content/world/a.md:6: warning: link to 'b.md': the article is a draft",
        "content/world/a.md:8: warning: link to 'c.md': the article is scheduled for"
        " 2026-12-24 09:00",
        "0 errors, 2 warnings",
    ]
    # Published, the draft is linked and nothing is said.
    result = build_site(site, drafts=True, future=True)
    assert result.warnings == ()
    assert 'href="/world/b/"' in read(site / "output", "world/a/")


def test_a_rebuild_notices_that_a_linked_draft_was_deleted(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A", body="See [B](b.md)."),
                                 "content/b.md": article("B", draft="true")})  # fmt: skip
    first = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert first.returncode == 0
    assert "content/a.md:6: warning: link to 'b.md': the article is a draft" in first.stderr
    (site / "content/b.md").unlink()
    second = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert second.returncode == 1
    assert "content/a.md:6: link to 'b.md': no such article" in second.stderr


def test_site_paths_in_bodies_are_checked_against_the_pages_built(tmp_path: Path) -> None:
    body = """\
        Earlier: [the quake](/world/asia/quake/), [all of Asia](/world/asia/),
        [Seoul](/tags/seoul/), [the feed](/feed.xml) and [the logo](/logo.png) and [the style](/static/css/site.css).

        Broken: [a story](/world/asia/no-such-story/) and [an old page](/about-us).

        ![A chart](/static/chart.png)
        """
    site = write_site(
        tmp_path,
        {
            "content/world/asia/quake.md": article("Quake", tags="[Seoul]"),
            "content/world/asia/a.md": article("A", body=body),
            "static/logo.png": b"png",
        },
    )
    code, lines = check(site, "--verbose")
    assert code == 0  # a warning: the host may serve pages of its own beside the site
    assert lines == [
        "content/world/asia/a.md:9: warning: link to '/world/asia/no-such-story/': the site has"
        " no such page or file",
        "content/world/asia/a.md:9: warning: link to '/about-us': the site has no such page or"
        " file",
        "content/world/asia/a.md:11: warning: image '/static/chart.png': the site has no such"
        " page or file",
        "0 errors, 3 warnings",
    ]
    assert check(site, "--strict")[0] == 1


def test_site_paths_are_read_under_the_sites_base_path(tmp_path: Path) -> None:
    body = "[Asia](/news/world/asia/), [gone](/news/world/gone/), [the host's home](/)."
    site = write_site(
        tmp_path,
        {"content/world/asia/a.md": article("A", body=body)},
        config=SUB_PATH_CONFIG,
    )
    code, lines = check(site, "--format", "json")
    assert code == 0
    assert json.loads("\n".join(lines))["problems"] == [{
        "path": "content/world/asia/a.md", "line": 6, "severity": "warning",
        "message": "link to '/news/world/gone/': the site has no such page or file",
    }]  # fmt: skip


def test_images_without_alt_text_are_warned_of_at_their_line(tmp_path: Path) -> None:
    body = """\
        ![A map of the quake](map.png)

        ![](chart.png)

        <img src="photo.png" alt="  ">
        """
    files = {"content/a.md": article("A", body=body)}
    files |= {f"content/{name}": png() for name in ("map.png", "chart.png", "photo.png")}
    site = write_site(tmp_path, files)
    code, lines = check(site)
    assert code == 0
    every = [
        "content/a.md:8: warning: image 'chart.png' has no alt text: describe it for readers"
        " who cannot see it",
        "content/a.md:10: warning: image 'photo.png' has no alt text: describe it for readers"
        " who cannot see it",
        "0 errors, 2 warnings",
    ]
    assert lines == [every[0] + " (and 1 more like it in this file)", every[-1]]
    assert check(site, "--verbose")[1] == every
    assert run_newsgen("check", "--strict", cwd=site).returncode == 1
