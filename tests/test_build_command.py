"""`newsgen build` as a user and CI run it: options, drafts, scheduling, sub-path hosting."""

from __future__ import annotations

import subprocess
import sysconfig
from pathlib import Path

from sitekit import NOW, article, broken_links, png, read, run_newsgen, tree, write_site

FILES = {
    "content/world/asia/quake.md": article("Quake", date="2026-11-20T10:00:00+09:00", tags="[seoul]",
                                          authors="[Ann Lee]", image="{src: pic.png, alt: Rubble}"),
    "content/world/asia/pic.png": png(),
    "content/world/draft.md": article("Secret draft", draft="true"),
    "content/world/later.md": article("Scheduled story", date="2026-12-25T09:00:00+09:00"),
}  # fmt: skip


def test_build_from_the_site_folder(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    result = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("built ")
    assert "into " + str(site / "output") in result.stdout
    assert "Quake" in read(site / "output", "world/asia/quake/")
    assert not (site / "output/world/draft").exists()
    assert not (site / "output/world/later").exists()


def test_drafts_and_future_flags(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    result = run_newsgen("build", "--drafts", "--future", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 0, result.stderr
    assert "Secret draft" in read(site / "output", "world/draft/")
    assert "Scheduled story" in read(site / "output", "world/later/")


def test_now_comes_from_the_option_or_source_date_epoch(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    after_christmas = "1798243200"  # 2026-12-26T00:00:00Z
    result = run_newsgen("build", cwd=site, env={"SOURCE_DATE_EPOCH": after_christmas})
    assert result.returncode == 0, result.stderr
    assert (site / "output/world/later/index.html").exists()
    result = run_newsgen("build", "--now", "2026-12-01", cwd=site)
    assert result.returncode == 0, result.stderr
    assert not (site / "output/world/later").exists()


def test_config_and_output_options(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    elsewhere = tmp_path / "public"
    result = run_newsgen(
        "build", "--config", str(site / "config.toml"), "--output", str(elsewhere),
        "--now", NOW.isoformat(), cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "index.html").exists()
    assert not (site / "output").exists()


def test_site_hosted_under_a_sub_path(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    result = run_newsgen(
        "build", "--base-url", "https://example.org/news/", "--now", NOW.isoformat(), cwd=site
    )
    assert result.returncode == 0, result.stderr
    out = site / "output"
    html = read(out, "world/asia/quake/")
    assert 'href="/news/static/css/site.css"' in html
    assert 'href="/news/world/asia/"' in html
    assert 'src="/news/world/asia/pic.png"' in html
    assert 'href="/news/authors/ann-lee/"' in html
    assert 'href="/news/tags/seoul/"' in html
    assert broken_links(out, base_path="/news/") == []


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = run_newsgen("build", "--now", "yesterday-ish", cwd=tmp_path)
    assert result.returncode == 2
    assert "--now" in result.stderr
    result = run_newsgen("build", "--workers", "0", cwd=tmp_path)
    assert result.returncode == 2
    assert "--workers" in result.stderr


def test_one_worker_builds_what_every_core_builds(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)
    one = run_newsgen("build", "--workers", "1", "--output", "one", cwd=site)
    every = run_newsgen("build", "--output", "every", cwd=site)
    assert one.returncode == every.returncode == 0, one.stderr + every.stderr
    assert tree(site / "one") == tree(site / "every")


def test_missing_config_exits_1_with_a_message(tmp_path: Path) -> None:
    result = run_newsgen("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("config.toml: no such configuration file")


def test_console_script_runs(tmp_path: Path) -> None:
    script = Path(sysconfig.get_path("scripts")) / "newsgen"
    site = write_site(tmp_path, FILES)
    result = subprocess.run(
        [str(script), "build", "--quiet", "--now", NOW.isoformat()],
        cwd=site, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert (site / "output/world/asia/quake/index.html").exists()


def test_now_without_offset_is_in_the_site_time_zone(tmp_path: Path) -> None:
    site = write_site(tmp_path, FILES)  # the site's zone is Asia/Seoul; later.md is 09:00 there
    assert run_newsgen("build", "--now", "2026-12-25T08:59", cwd=site).returncode == 0
    assert not (site / "output/world/later").exists()
    assert run_newsgen("build", "--now", "2026-12-25T09:00", cwd=site).returncode == 0
    assert (site / "output/world/later/index.html").exists()


def test_a_rebuild_by_another_process_keeps_every_unchanged_page(tmp_path: Path) -> None:
    # Each run of the command hashes strings with another seed: nothing a page's
    # fingerprint is taken from may depend on the order of a set.
    sections = {f"content/{name}/story.md": article(name.title(), date="2026-11-02")
                for name in ("world", "business", "sport", "science", "culture", "travel")}  # fmt: skip
    site = write_site(tmp_path, FILES | sections)
    first = run_newsgen("build", "--now", NOW.isoformat(), cwd=site, env={"PYTHONHASHSEED": "1"})
    assert first.returncode == 0, first.stderr
    (site / "static").mkdir(exist_ok=True)
    (site / "static/notice.txt").write_text("A new file: no page changes.", encoding="utf-8")
    again = run_newsgen(
        "build", "--now", NOW.isoformat(), "--verbose", cwd=site, env={"PYTHONHASHSEED": "2"}
    )
    assert again.returncode == 0, again.stderr
    assert " 0 of " in again.stdout and "pages rendered" in again.stdout, again.stdout
