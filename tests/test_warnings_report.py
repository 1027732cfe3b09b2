"""Warnings a person can act on: a file's warnings of one kind on one line, at most 50 lines
after a build, a count by kind at the end; every line with --verbose and in JSON. And the
messages an archive meets first: two posts at one address, a section with no news yet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitekit import DEFAULT_CONFIG, NOW, article, build_site, png, read, run_newsgen, write_site

from newsgen.core.errors import BuildError

NOISY = "![](a.png)\n\n![](b.png)\n\n![A map](c.png)"


def noisy_archive(tmp_path: Path, posts: int) -> Path:
    files: dict[str, str | bytes] = {
        f"content/world/post-{n:02}.md": article(f"Post {n}", body=NOISY, tagz="[x]", kategory="y")
        for n in range(posts)
    }
    files |= {f"content/world/{name}": png() for name in ("a.png", "b.png", "c.png")}
    return write_site(tmp_path, files)


def test_a_files_warnings_of_one_kind_are_one_line(tmp_path: Path) -> None:
    site = noisy_archive(tmp_path, 1)
    built = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert built.returncode == 0
    assert built.stderr.splitlines() == [
        "content/world/post-00.md:4: warning: unknown front matter key 'tagz' (did you mean"
        " 'tags'?)",
        "content/world/post-00.md:5: warning: unknown front matter key 'kategory'",
        "content/world/post-00.md:8: warning: image 'a.png' has no alt text: describe it for"
        " readers who cannot see it (and 1 more like it in this file)",
    ]


def test_many_warnings_end_in_a_count_by_kind_and_verbose_shows_every_one(tmp_path: Path) -> None:
    site = noisy_archive(tmp_path, 30)
    built = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    lines = built.stderr.splitlines()
    # 30 files, 3 kinds each: 90 lines, shown up to 50, then the count of the rest.
    assert len([line for line in lines if line.startswith("content/")]) == 50
    assert "… 40 more lines of warnings: --verbose shows every one" in lines
    assert lines[-4:] == [
        "120 warnings in 30 files, by kind:",
        "       60  image '…' has no alt text: describe it for readers who cannot see it",
        "       30  unknown front matter key '…' (did you mean '…'?)",
        "       30  unknown front matter key '…'",
    ]
    every = run_newsgen("build", "--now", NOW.isoformat(), "--verbose", cwd=site)
    assert len([line for line in every.stderr.splitlines() if line.startswith("content/")]) == 120
    report = json.loads(run_newsgen("check", "--format", "json", cwd=site).stdout)
    assert len(report["problems"]) == 120


def test_two_posts_at_one_address_are_told_how_to_part(tmp_path: Path) -> None:
    files = {
        "content/world/2019/budget.md": article("Budget 2019", date="2019-03-01", slug="budget"),
        "content/world/2024/budget.md": article("Budget 2024", date="2024-03-01", slug="budget"),
    }
    site = write_site(tmp_path, files, config=DEFAULT_CONFIG + "[sections.world]\n")
    (site / "content/world/2019/budget.md").rename(site / "content/world/budget-2019.md")
    (site / "content/world/2024/budget.md").rename(site / "content/world/budget-2024.md")
    with pytest.raises(BuildError) as caught:
        build_site(site)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/world/budget-2024.md: writes to /world/budget/index.html, and so does"
        " content/world/budget-2019.md: give one of them another 'slug', or put the date in"
        ' every article\'s address: permalinks.article = "{section}/{year}/{month}/{slug}/"'
    ]
    dated = DEFAULT_CONFIG + '[permalinks]\narticle = "{section}/{year}/{month}/{slug}/"\n'
    (site / "config.toml").write_text(dated)
    output = build_site(site).output
    assert "Budget 2019" in read(output, "world/2019/03/budget/")
    assert "Budget 2024" in read(output, "world/2024/03/budget/")


def test_a_section_with_no_news_yet_has_no_feed_and_no_menu_entry(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[sections.opinion]\ntitle = "Opinion"\n[sections.world]\n'
    site = write_site(tmp_path, {"content/world/a.md": article("A")}, config=config)
    output = build_site(site).output
    home = read(output, "")
    assert 'href="/world/"' in home and 'href="/opinion/"' not in home
    assert not (output / "opinion/feed.xml").exists() and (output / "world/feed.xml").is_file()
    opinion = read(output, "opinion/")  # its page is there for links made ahead of time
    assert "No articles yet." in opinion and "opinion/feed.xml" not in opinion
    # Its first article brings both.
    write_site(site, {"content/opinion/b.md": article("B")}, config=None)
    output = build_site(site).output
    assert 'href="/opinion/"' in read(output, "") and (output / "opinion/feed.xml").is_file()
