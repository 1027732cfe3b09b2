"""Builds on every core: worker processes must change nothing but the time taken."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitekit import article, build_site, read, tree, write_site

from newsgen.core.errors import BuildError

SECTIONS = ("world", "world/asia", "business", "sport")


def _newsroom(count: int) -> dict[str, str]:
    """Enough articles for two workers, linking to each other, in nested sections."""
    files = {}
    for n in range(count):
        section = SECTIONS[n % len(SECTIONS)]
        body = (
            f"Story {n} has *emphasis*, a [link to the one before]({n - 1:03}.md) "
            f"and `code`.\n\n## Background\n\nMore on {n}.\n\n## Reaction\n\nQuotes."
        )
        files[f"content/{n:03}.md"] = article(
            f"Headline {n}",
            date=f"2026-{1 + n % 11:02}-{1 + n % 27:02}T{n % 24:02}:00:00+09:00",
            body=body if n else "The first story.",
            tags=f"[tag{n % 7}, Seoul]",
            authors=f"[Writer {n % 5}]",
            section=section,
        )
    return files


def test_workers_write_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", _newsroom(90))
    one = build_site(site, output=tmp_path / "one", workers=1, cache=False)
    two = build_site(site, output=tmp_path / "two", workers=2, cache=False)
    assert one.pages == two.pages > 90
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert 'href="/sport/003/"' in read(tmp_path / "two", "world/004/")


def test_a_rebuild_after_a_build_on_workers_renders_nothing(tmp_path: Path) -> None:
    site = write_site(tmp_path, _newsroom(90))
    cold = build_site(site, workers=2)
    assert cold.rendered == cold.pages
    # Articles made in a worker come back as copies: the fingerprints must not see that.
    warm = build_site(site, workers=2)
    assert warm.rendered == 0
    edited = _newsroom(90)["content/003.md"].replace("More on 3.", "More on three.")
    write_site(site, {"content/003.md": edited}, config=None)
    after_edit = build_site(site, workers=2)
    assert 0 < after_edit.rendered < 25  # its page, listings, neighbours, related, feeds
    assert "More on three." in read(site / "output", "sport/003/")


def test_every_broken_file_is_reported_whatever_worker_read_it(tmp_path: Path) -> None:
    files = _newsroom(90)
    for n in (5, 6, 50, 51):  # in both workers' shares
        path = f"content/{n:03}.md"
        files[path] = files[path].replace("[Writer", "['***', Writer")
    site = write_site(tmp_path, files)
    (site / "output").mkdir()
    (site / "output/index.html").write_text("the previous site", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(site, workers=2)
    errors = [d for d in failure.value.diagnostics if d.severity == "error"]
    assert sorted(d.path for d in errors) == [f"content/{n:03}.md" for n in (5, 6, 50, 51)]
    assert all("has no letter or digit" in d.message for d in errors)
    assert (site / "output/index.html").read_text(encoding="utf-8") == "the previous site"


def test_a_template_error_is_reported_once_from_workers(tmp_path: Path) -> None:
    files = _newsroom(90)
    files["templates/article.html"] = (
        '{% extends "base.html" %}{% block content %}{{ article.title.nope() }}{% endblock %}'
    )
    site = write_site(tmp_path, files)
    with pytest.raises(BuildError) as failure:
        build_site(site, workers=2)
    diagnostics = [d for d in failure.value.diagnostics if d.severity == "error"]
    assert [d.path for d in diagnostics] == ["templates/article.html"]
    assert diagnostics[0].line == 1


WORKER_THAT_WAITS = """
import os, sys, time
from newsgen.core.workers import fork_map
folder = sys.argv[1]

def share(items):
    with open(os.path.join(folder, f"{os.getpid()}.pid"), "w") as file:
        file.write("")
    time.sleep(60)
    return list(items)

fork_map(share, list(range(64)), 2)
"""


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    """A build killed from outside (a CI timeout) leaves no worker running or holding
    the output's lock."""
    build = subprocess.Popen([sys.executable, "-c", WORKER_THAT_WAITS, str(tmp_path)])
    deadline = time.monotonic() + 20
    while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    worker = next(int(p.stem) for p in tmp_path.glob("*.pid") if int(p.stem) != build.pid)
    build.kill()
    build.wait()
    deadline = time.monotonic() + 10
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not _running(worker)


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False
