"""The persistent cache: it makes rebuilds cheap and never changes a byte of the output."""

from __future__ import annotations

import os
import re
import shutil
import struct
import tarfile
from datetime import datetime
from pathlib import Path

import pytest
from sitekit import (
    DEFAULT_CONFIG,
    NOW,
    REPO,
    article,
    build_site,
    element,
    png,
    read,
    run_newsgen,
    tree,
    write_site,
)

from newsgen.build import BuildOptions, build
from newsgen.cache.files import FORMAT
from newsgen.core.config import load_config
from newsgen.core.errors import BuildError


def test_output_is_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    config = load_config(REPO / "config.toml")
    build(config, BuildOptions(now=NOW, output=tmp_path / "plain", cache=False))
    site = tmp_path / "site"  # a copy of the sample site, so its cache starts empty
    for folder in ("content", "static"):
        for path in (REPO / folder).rglob("*"):
            if path.is_file():
                target = site / folder / path.relative_to(REPO / folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    (site / "config.toml").write_bytes((REPO / "config.toml").read_bytes())
    copy = load_config(site / "config.toml")
    build(copy, BuildOptions(now=NOW, output=tmp_path / "cold"))  # fills the cache
    build(copy, BuildOptions(now=NOW, output=tmp_path / "warm"))  # reads it
    assert len(_markdown_databases(site)) == 1
    assert tree(tmp_path / "plain") == tree(tmp_path / "cold") == tree(tmp_path / "warm")


def test_a_cached_body_follows_the_article_it_links_to(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", body="See [the other story](b.md) and [next](c.md)."),
            "content/b.md": article("B"),
            "content/c.md": article("C", draft="true"),
        },
    )
    first = build_site(site)
    assert 'href="/b/"' in read(site / "output", "a/")
    write_site(site, {"content/b.md": article("B", slug="moved")}, config=None)
    second = build_site(site)
    html = read(site / "output", "a/")
    assert 'href="/moved/"' in html and 'href="/b/"' not in html
    write_site(site, {"content/c.md": article("C")}, config=None)
    build_site(site)
    assert 'href="/c/"' in read(site / "output", "a/")
    # The draft link's warning is given once per build, cached or not.
    assert [str(w) for w in first.warnings] == [str(w) for w in second.warnings]
    assert len(first.warnings) == 1


def test_a_cache_of_another_format_is_removed(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    stale = site / f".newsgen/cache/markdown-v{FORMAT - 1}.sqlite"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"an older newsgen's cache")
    build_site(site)
    assert not stale.exists()
    assert len(_markdown_databases(site)) == 1


def test_the_cache_folder_is_safe_to_delete_and_check_writes_none(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    assert run_newsgen("check", cwd=site).returncode == 0
    assert not (site / ".newsgen").exists()
    build_site(site)
    before = tree(site / "output")
    shutil.rmtree(site / ".newsgen/cache")
    build_site(site)
    assert tree(site / "output") == before


def test_a_rebuild_renders_only_the_pages_a_change_touches(tmp_path: Path) -> None:
    files = {
        f"content/world/story-{n}.md": article(f"Story {n}", date=f"2026-11-{n + 1:02d}", tags="[quake]",
                                               summary='"A standfirst."', body=f"Body {n}.")
        for n in range(12)
    }  # fmt: skip
    site = write_site(tmp_path, files)
    cold = build_site(site)
    assert cold.rendered == cold.pages
    assert build_site(site).rendered == 0  # nothing changed
    write_site(
        site,
        {
            "content/world/story-3.md": files["content/world/story-3.md"].replace(
                "Body 3.", "New body."
            )
        },
        config=None,
    )
    body = build_site(site)
    # Its page, and the pages that hold the article (listings, neighbours, the articles
    # that list it as related, the feeds that list it): not the others.
    assert 1 <= body.rendered <= 20 < body.pages
    assert "New body." in read(site / "output", "world/story-3/")
    write_site(
        site,
        {
            "content/world/story-3.md": files["content/world/story-3.md"].replace(
                "Story 3", "Renamed"
            )
        },
        config=None,
    )
    headline = build_site(site)
    assert body.rendered <= headline.rendered < headline.pages
    assert "Renamed" in read(site / "output", "world/page/3/")  # 3 a page, newest first
    assert "Renamed" in read(site / "output", "tags/quake/page/3/")
    assert "Renamed" in read(site / "output", "tags/quake/feed.xml")
    write_site(site, {"templates/partials/byline.html": "<p>Byline</p>"}, config=None)
    assert build_site(site).rendered == headline.pages  # a template change renders everything
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def test_articles_move_when_the_permalinks_change(tmp_path: Path) -> None:
    files = {"content/world/a.md": article("A", body="See [b](b.md)."),
             "content/world/b.md": article("B")}  # fmt: skip
    site = write_site(tmp_path, files)
    build_site(site)
    assert (site / "output/world/a/index.html").is_file()
    dated = DEFAULT_CONFIG + '[permalinks]\narticle = "{year}/{month}/{slug}/"\n'
    write_site(site, {}, config=dated)
    build_site(site)
    assert 'href="/2026/11/b/"' in read(site / "output", "2026/11/a/")
    assert not (site / "output/world/a").exists()
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def test_a_headline_change_reaches_the_articles_beside_it(tmp_path: Path) -> None:
    """The previous and next links of its neighbours, which do not list it as related (the
    others share a tag it does not have)."""
    files = {
        f"content/world/story-{n}.md": article(
            f"Story {n}", date=f"2026-11-{n + 1:02d}", tags="[]" if n == 3 else "[quake]"
        )
        for n in range(7)
    }
    site = write_site(tmp_path, files)
    build_site(site)
    for beside in ("world/story-2/", "world/story-4/"):
        assert "Story 3" not in element(read(site / "output", beside), '<section class="related"')
    renamed = files["content/world/story-3.md"].replace("Story 3", "Renamed")
    write_site(site, {"content/world/story-3.md": renamed}, config=None)
    build_site(site)
    for beside in ("world/story-2/", "world/story-4/"):
        assert "Renamed" in element(read(site / "output", beside), '<nav class="prev-next"')


def test_the_sitemap_follows_an_update_of_one_article(tmp_path: Path) -> None:
    files = {f"content/world/story-{n}.md": article(f"Story {n}", f"2026-11-{n + 1:02d}")
             for n in range(3)}  # fmt: skip
    site = write_site(tmp_path, files)
    build_site(site)
    assert "2026-11-25" not in (site / "output/sitemap.xml").read_text(encoding="utf-8")
    updated = article("Story 1", "2026-11-02", updated="2026-11-25T09:00:00+00:00")
    write_site(site, {"content/world/story-1.md": updated}, config=None)
    build_site(site)
    sitemap = (site / "output/sitemap.xml").read_text(encoding="utf-8")
    entry = re.search(r"<url><loc>[^<]*/world/story-1/</loc>(.*?)</url>", sitemap)
    assert entry is not None and "2026-11-25T09:00:00" in entry.group(1)


def test_an_unchanged_article_follows_its_images_and_the_configuration(tmp_path: Path) -> None:
    """An article built before is taken whole only while everything that decided it is
    what it was: its image files (its own, and the one in its body), the configuration (its
    author's name)."""
    config = DEFAULT_CONFIG + '[authors.ann]\nname = "Ann Lee"\n'
    image = '{src: pic.png, alt: "A pier"}'
    files = {
        "content/a.md": article("A", authors="[ann]", image=image, body="![A quay](quay.png)"),
        "content/pic.png": png(40, 30),
        "content/quay.png": png(500, 400),
        "content/b.md": article("B", body="Unchanged."),
    }
    site = write_site(tmp_path, files, config=config)
    build_site(site)
    html = read(site / "output", "a/")
    assert 'width="40" height="30"' in html and "Ann Lee" in html
    write_site(site, {"content/pic.png": png(64, 48)}, config=None)
    assert build_site(site).rendered > 0
    assert 'width="64" height="48"' in read(site / "output", "a/")
    published = (site / "output/pic.png").read_bytes()
    assert struct.unpack(">II", published[16:24]) == (64, 48)  # the file follows too
    write_site(site, {}, config=config.replace("Ann Lee", "Ann Kim"))
    build_site(site)
    assert "Ann Kim" in read(site / "output", "a/")
    write_site(site, {"content/quay.png": png(300, 200)}, config=None)
    build_site(site)
    [quay] = re.findall(r"<img [^>]*quay[^>]*>", read(site / "output", "a/"))
    assert 'height="200"' in quay and 'width="300"' in quay
    assert not (site / "output/quay.500w.png").exists()
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def test_an_edit_that_keeps_the_size_and_time_of_a_file_is_still_seen(tmp_path: Path) -> None:
    """Files are known by their stat between builds; a tool that puts the modification time
    back (cp -p, rsync -t, an editor's undo) still changes the file's status time."""
    site = write_site(tmp_path, {"content/a.md": article("A", body="Body one.")})
    story = site / "content/a.md"
    past = story.stat().st_mtime_ns - 10**10  # long before the build: its stat is trusted
    os.utime(story, ns=(past, past))
    build_site(site)
    assert "Body one." in read(site / "output", "a/")
    story.write_text(article("A", body="Body two."), encoding="utf-8")
    os.utime(story, ns=(past, past))
    build_site(site)
    assert "Body two." in read(site / "output", "a/")


def test_related_articles_follow_a_change_of_tags(tmp_path: Path) -> None:
    """Related articles are kept by the site's shape: a change of tags is a new shape."""

    def related(site: Path) -> str:
        return element(read(site / "output", "world/a/"), '<section class="related"')

    site = write_site(tmp_path, {
        "content/world/a.md": article("Alpha", tags="[quake]"),
        "content/sport/b.md": article("Bravo", tags="[quake]"),
        "content/culture/c.md": article("Charlie", tags="[music]"),
    })  # fmt: skip
    build_site(site)
    assert "Bravo" in related(site) and "Charlie" not in related(site)
    write_site(site, {"content/sport/b.md": article("Bravo", tags="[golf]"),
                      "content/culture/c.md": article("Charlie", tags="[quake]")}, config=None)  # fmt: skip
    build_site(site)
    assert "Charlie" in related(site) and "Bravo" not in related(site)
    write_site(site, {"content/sport/b.md": article("Bravo", tags="[golf]", body="New.")},
               config=None)  # fmt: skip
    build_site(site)  # the same shape: taken from the cache
    assert "Charlie" in related(site) and "Bravo" not in related(site)


def _markdown_databases(site: Path) -> list[Path]:
    return sorted((site / ".newsgen/cache").glob(f"markdown-v{FORMAT}-*.sqlite"))


def _stories(count: int) -> dict[str, str]:
    return {
        f"content/world/story-{n}.md": article(
            f"Story {n}", date=f"2026-11-{n + 1:02d}", tags="[quake]",
            summary=f'"Standfirst {n}."', body=f"Body of story {n}.",
            image=f'{{src: "https://img.example/{n}.jpg", alt: "Scene {n}", caption: "Caption {n}", width: 800, height: 450}}',
        )
        for n in range(5)
    }  # fmt: skip


def test_pages_rendered_again_show_the_whole_of_the_unchanged_articles_on_them(
    tmp_path: Path,
) -> None:
    """A rebuild reads unchanged articles in part (what indexing and planning use); the
    pages it renders again still show all of them."""
    files = _stories(5)
    site = write_site(tmp_path, files)
    build_site(site)
    story = "content/world/story-2.md"
    write_site(site, {story: files[story].replace("Story 2", "Renamed")}, config=None)
    build_site(site)
    beside = read(site / "output", "world/story-1/")  # shows story 2 as the next article
    assert "Renamed" in beside
    assert "Body of story 1." in beside and "Caption 1" in beside
    assert "Standfirst 3." in read(site / "output", "world/")
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def _newsgen_copy(folder: Path, change: tuple[str, str, str] | None = None) -> Path:
    """A copy of this newsgen, with its theme, as another install or version of it would
    be: `change` is (file in the package, text, what it becomes)."""
    shutil.copytree(REPO / "newsgen", folder / "newsgen",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(REPO / "templates", folder / "templates")
    if change is not None:
        path = folder / "newsgen" / change[0]
        text = path.read_text(encoding="utf-8")
        assert change[1] in text
        path.write_text(text.replace(change[1], change[2], 1), encoding="utf-8")
    return folder


def _build_with(code: Path, site: Path) -> str:
    """`newsgen build` by the newsgen in `code`; what it printed."""
    done = run_newsgen("build", "--now", NOW.isoformat(), cwd=site, env={"PYTHONPATH": str(code)})
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_another_newsgen_never_reads_what_this_one_cached(tmp_path: Path) -> None:
    """An upgrade that changes how bodies are measured shows its own figures at once: no
    article, body or page made by the other code is taken from the cache."""
    site = write_site(tmp_path / "site", {"content/a.md": article("A", body="word " * 460)})
    _build_with(_newsgen_copy(tmp_path / "this"), site)
    assert "2 min read" in read(site / "output", "a/")
    slower = ("markdown/reading.py", "WORDS_PER_MINUTE = 230", "WORDS_PER_MINUTE = 100")
    _build_with(_newsgen_copy(tmp_path / "upgrade", slower), site)
    assert "5 min read" in read(site / "output", "a/")


def test_the_cache_keeps_this_code_and_the_last_other_not_every_upgrade(tmp_path: Path) -> None:
    # Each upgrade of newsgen makes every entry again: the cache keeps the current files and
    # the last other code's (two versions taking turns stay warm), not every upgrade's.
    site = write_site(tmp_path / "site", {"content/a.md": article("A")})
    made: list[Path] = []  # each code's database, in the order the builds made them
    for number in range(1, 4):
        change = ("__init__.py", '"""', f'"""Release {number}: ')
        _build_with(_newsgen_copy(tmp_path / f"code-{number}", change), site)
        made += [d for d in _markdown_databases(site) if d not in made]
    first, second, third = made
    assert _markdown_databases(site) == sorted([second, third])
    assert not first.exists()


@pytest.mark.parametrize("damage", ["garbage", "cut short"])
def test_a_damaged_cache_is_removed_and_the_site_built_right(tmp_path: Path, damage: str) -> None:
    files = _stories(5)
    site = write_site(tmp_path, files)
    build_site(site)
    for database in (site / ".newsgen/cache").glob("*.sqlite"):
        data = database.read_bytes()
        database.write_bytes(os.urandom(200) if damage == "garbage" else data[: len(data) // 2])
    story = "content/world/story-2.md"
    write_site(site, {story: files[story].replace("Story 2", "Renamed")}, config=None)
    result = build_site(site)
    assert "Renamed" in read(site / "output", "world/story-2/")
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")
    if damage == "garbage":
        assert [w.path for w in result.warnings] == [".newsgen/cache"]
        assert "the cache was damaged" in result.warnings[0].message
    assert build_site(site).warnings == ()  # the new cache is whole


def _newsroom_of(count: int) -> dict[str, str]:
    """Articles over three sections, two tags each, some with corrections and aliases."""
    files = {}
    for n in range(count):
        section = ("world", "world/asia", "business")[n % 3]
        extra = {}
        if n % 5 == 0:
            extra["corrections"] = f'[{{date: "2026-11-{n % 27 + 2:02d}", text: "Fixed {n}."}}]'
        if n % 7 == 0:
            extra["aliases"] = f'["/old/{n}/"]'
        files[f"content/{section}/story-{n}.md"] = article(
            f"Story {n}", date=f"2026-11-{n % 27 + 1:02d}T{n % 24:02d}:00:00+09:00",
            tags=f"[tag-{n % 4}, tag-{n % 6}]", authors=f"[writer-{n % 3}]",
            summary=f'"Standfirst {n}."', body=f"Body of story {n}.", **extra,
        )  # fmt: skip
    return files


def _same_as_a_fresh_build(site: Path, tmp_path: Path, now: datetime = NOW) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    build_site(site, now=now, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def _edit_a_body_and_check_the_pages(site: Path, files: dict[str, str], tmp_path: Path) -> None:
    """A body edit plans a quarter of the pages or fewer and leaves the site a fresh build
    makes."""
    story = "content/world/story-9.md"
    write_site(site, {story: files[story].replace("Body of story 9.", "New body.")}, config=None)
    body = build_site(site)
    assert 1 <= body.rendered <= body.planned < body.pages / 4
    assert "New body." in read(site / "output", "world/story-9/")
    _same_as_a_fresh_build(site, tmp_path)


def test_a_rebuild_of_the_same_shape_plans_only_the_pages_an_edit_touches(
    tmp_path: Path,
) -> None:
    """A body or headline edit leaves the site's shape (what is listed where, and when):
    only the pages that show the article are planned; the site is the one a fresh build
    makes."""
    files = _newsroom_of(30)
    site = write_site(tmp_path, files)
    cold = build_site(site)
    assert cold.planned == cold.pages
    _edit_a_body_and_check_the_pages(site, files, tmp_path)
    story = "content/world/story-9.md"
    write_site(site, {story: files[story].replace("Story 9", "Renamed")}, config=None)
    headline = build_site(site)
    assert headline.planned < headline.pages / 4
    assert "Renamed" in read(site / "output", "tags/tag-3/feed.xml")
    assert "Renamed" in read(site / "output", "world/story-6/")  # its neighbour
    _same_as_a_fresh_build(site, tmp_path)
    top = "content/world/asia/story-25.md"  # the second newest: in the home page's top band
    write_site(site, {top: files[top].replace("Story 25", "Top story")}, config=None)
    assert build_site(site).planned < headline.pages / 4
    assert "Top story" in read(site / "output", "")
    _same_as_a_fresh_build(site, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        {"content/world/story-9.md": article("Story 9", tags="[tag-new]")},  # a new tag page
        {"content/business/story-30.md": article("Story 30")},  # one more article
        {"content/world/story-4.md": article("Story 4", date="2026-10-01")},  # moves in order
        {"templates/partials/byline.html": "<p>Byline</p>"},
    ],
    ids=["tags", "added", "date", "template"],
)
def test_a_change_of_the_sites_shape_plans_every_page(
    tmp_path: Path, change: dict[str, str]
) -> None:
    site = write_site(tmp_path, _newsroom_of(30))
    build_site(site)
    write_site(site, change, config=None)
    again = build_site(site)
    assert again.planned == again.pages
    _same_as_a_fresh_build(site, tmp_path)


def test_pages_not_planned_are_kept_and_restored_when_removed(tmp_path: Path) -> None:
    files = _newsroom_of(30)
    site = write_site(tmp_path, files)
    build_site(site)
    (site / "output/business/story-2/index.html").unlink()  # a page no edit below touches
    (site / "static").mkdir()
    (site / "static/notice.txt").write_text("Closed on Sunday.", encoding="utf-8")
    story = "content/world/story-9.md"
    write_site(site, {story: files[story].replace("Body of story 9.", "New body.")}, config=None)
    build_site(site)
    assert "Body of story 2." in read(site / "output", "business/story-2/")
    assert (site / "output/notice.txt").read_text(encoding="utf-8") == "Closed on Sunday."
    _same_as_a_fresh_build(site, tmp_path)
    (site / "static/notice.txt").write_text("Open on Sunday.", encoding="utf-8")
    unchanged_articles = build_site(site)
    assert unchanged_articles.planned == 0 < unchanged_articles.pages
    assert (site / "output/notice.txt").read_text(encoding="utf-8") == "Open on Sunday."
    _same_as_a_fresh_build(site, tmp_path)


def test_the_news_window_moving_on_plans_every_page(tmp_path: Path) -> None:
    """The news sitemap lists the last two days' articles: a later build of the same
    files is of another shape."""
    files = _newsroom_of(30)
    site = write_site(tmp_path, files)
    build_site(site, now=datetime.fromisoformat("2026-11-20T12:00:00+09:00"))
    story = "content/world/story-9.md"
    write_site(site, {story: files[story].replace("Body of story 9.", "New body.")}, config=None)
    later = datetime.fromisoformat("2026-11-23T12:00:00+09:00")
    again = build_site(site, now=later)
    assert again.planned == again.pages
    _same_as_a_fresh_build(site, tmp_path, now=later)


def test_a_build_that_failed_after_building_an_article_again_leaves_no_stale_part_of_it(
    tmp_path: Path,
) -> None:
    """An article built again (its link's target moved) by a build that then failed must
    not come back as its old head with its new body once the target is back where it was."""
    files = {
        "content/a.md": article("A", body="See [the other story](b.md)."),
        "content/b.md": article("B"),
    }
    site = write_site(tmp_path, files)
    build_site(site)
    write_site(site, {"content/b.md": article("B", slug="moved"), "templates/tag.html": "{% if %}"},
               config=None)  # fmt: skip
    with pytest.raises(BuildError):
        build_site(site)  # after the articles were built, at the templates
    (site / "templates/tag.html").unlink()
    write_site(site, files, config=None)
    shutil.rmtree(site / "output")  # every page rendered again: each article read whole
    build_site(site)
    assert 'href="/b/"' in read(site / "output", "a/")
    fresh = tmp_path / "fresh"
    build_site(site, output=fresh, cache=False)
    assert tree(fresh) == tree(site / "output")


def _restore_as_ci_does(site: Path, tmp_path: Path) -> None:
    """What a CI cache action does between runs: output/, its spare and the cache go into
    a tar archive (times to the second) and come back into a fresh checkout, where every
    content file has a new modification time."""
    kept = [site / name for name in ("output", ".output.previous", ".newsgen")]
    archive = tmp_path / "ci-cache.tar"
    with tarfile.open(archive, "w", format=tarfile.GNU_FORMAT) as tar:
        for path in kept:
            if path.exists():
                tar.add(path, arcname=path.name)
    for path in kept:
        shutil.rmtree(path, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(site, filter="tar")
    for story in (site / "content").rglob("*.md"):
        story.touch()


def test_an_output_restored_by_ci_keeps_the_pages_an_edit_leaves(tmp_path: Path) -> None:
    files = _newsroom_of(30)
    site = write_site(tmp_path, files)
    build_site(site)
    _restore_as_ci_does(site, tmp_path)
    _edit_a_body_and_check_the_pages(site, files, tmp_path)


def test_an_older_copy_of_the_output_put_at_its_name_is_not_trusted(tmp_path: Path) -> None:
    files = _newsroom_of(30)
    site = write_site(tmp_path, files)
    build_site(site)
    shutil.copytree(site / "output", tmp_path / "backup")  # times kept, as cp -a keeps them
    story = "content/world/story-9.md"
    write_site(site, {story: files[story].replace("Story 9", "Renamed")}, config=None)
    build_site(site)
    shutil.rmtree(site / "output")
    (tmp_path / "backup").rename(site / "output")
    assert "Renamed" not in read(site / "output", "world/story-9/")
    again = build_site(site)
    assert again.planned == again.pages
    assert "Renamed" in read(site / "output", "world/story-9/")
    _same_as_a_fresh_build(site, tmp_path)
