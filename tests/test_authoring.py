"""The authors' commands: new, init, check, and what build tells a scheduled CI job."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import yaml
from sitekit import NOW, article, png, read, run_newsgen, write_site


def test_new_writes_a_draft_skeleton_that_builds(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/world/old.md": article("Old")})
    result = run_newsgen("new", "Quake hits Busan", "--section", "world/asia", "--author", "Ann Lee",
                         "--live", cwd=site)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/world/asia/quake-hits-busan.md\n"
    path = site / "content/world/asia/quake-hits-busan.md"
    front = yaml.safe_load(path.read_text().split("---")[1])
    assert front["title"] == "Quake hits Busan"
    assert front["authors"] == ["Ann Lee"] and front["live"] is True and front["draft"] is True
    assert re.search(
        r"^date: 20\d\d-\d\d-\d\dT\d\d:\d\d:00\+09:00$", path.read_text(), re.M
    )  # site zone
    built = run_newsgen("build", "--drafts", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "Quake hits Busan" in read(site / "output", "world/asia/quake-hits-busan/")
    assert not (site / "output/world/asia/quake-hits-busan/index.html").read_text().count("None")


def test_new_never_overwrites(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    assert run_newsgen("new", "Same headline", cwd=site).returncode == 0
    (site / "content/same-headline.md").write_text("mine")
    again = run_newsgen("new", "Same headline", cwd=site)
    assert again.returncode == 1
    assert "exists already" in again.stderr
    assert (site / "content/same-headline.md").read_text() == "mine"


def test_init_makes_a_site_that_builds_at_once(tmp_path: Path) -> None:
    result = run_newsgen("init", "mysite", "--title", "Harbour Times", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "mysite"
    assert not (site / "templates").exists()
    built = run_newsgen("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert "Welcome to Harbour Times" in read(site / "output", "")
    assert run_newsgen("init", "mysite", cwd=tmp_path).returncode == 1
    # What builds leave beside the site (output, the site before last, the cache, the
    # lock) is ignored by the .gitignore init wrote: only the site's own files show.
    (site / "content/extra.md").write_text(article("Extra"), encoding="utf-8")
    time.sleep(0.15)
    assert run_newsgen("build", cwd=site).returncode == 0
    assert (site / ".output.previous").is_dir()
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"],
                            cwd=site, capture_output=True, text=True, check=True).stdout  # fmt: skip
    shown = {line[3:].split("/")[0] for line in status.splitlines()}
    assert shown == {".gitignore", "config.toml", "content"}


def test_init_with_theme_copies_the_theme(tmp_path: Path) -> None:
    assert run_newsgen("init", "s", "--with-theme", cwd=tmp_path).returncode == 0
    assert (tmp_path / "s/templates/base.html").is_file()
    assert (tmp_path / "s/templates/static/css/site.css").is_file()
    assert run_newsgen("build", cwd=tmp_path / "s").returncode == 0


HINT = (
    ": give one of them another 'slug', or put the date in every article's address:"
    ' permalinks.article = "{section}/{year}/{month}/{slug}/"'
)


def test_check_reports_everything_at_once_and_writes_nothing(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", titel='"typo"', image="{src: gone.png, alt: x}"),
            "content/world/b.md": article("B", date="2026-02-30"),
            "content/world/c.md": article("C", body="See [it](nowhere.md)."),
            "content/world/d.md": article("D", slug="f"),
            "content/world/e.md": "---\ntitle: E\ndate: 2026-11-01\n---\n",
            "content/world/f.md": article("F"),
        },
    )
    result = run_newsgen("check", "--now", NOW.isoformat(), cwd=site)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "content/world/a.md:4: warning: unknown front matter key 'titel' (did you mean 'title'?)"
        in lines
    )
    assert "content/world/a.md:5: image file 'world/gone.png' not found" in lines
    assert any(line.startswith("content/world/b.md:3: 'date'") for line in lines)
    assert "content/world/c.md:6: link to 'nowhere.md': no such article" in lines
    assert "content/world/e.md:4: the article has no body" in lines
    assert (
        "content/world/d.md: writes to /world/f/index.html, and so does content/world/f.md" + HINT
        in lines
    )
    assert lines[-1] == "5 errors, 1 warning"
    assert not (site / "output").exists()


def test_check_json_and_strict(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/a.md": article("A", image="{src: a.png}"), "content/a.png": png()}
    )
    loose = run_newsgen("check", "--format", "json", cwd=site)
    assert loose.returncode == 0
    report = json.loads(loose.stdout)
    assert report["ok"] is True
    assert report["problems"] == [{"path": "content/a.md", "line": 4, "severity": "warning",
                                   "message": "the image has no alt text: describe it for readers who cannot see it"}]  # fmt: skip
    strict = run_newsgen("check", "--strict", cwd=site)
    assert strict.returncode == 1


def test_clean_site_checks_clean(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    result = run_newsgen("check", cwd=site)
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings\n")


def test_build_reports_the_next_scheduled_article_for_ci(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("Now"),
            "content/later.md": article("Later", date="2026-12-24T06:00:00+09:00"),
            "content/much-later.md": article("Much later", date="2027-01-01T00:00:00+09:00"),
            "content/draft.md": article("Draft", date="2026-12-01T00:00:00+09:00", draft="true"),
        },
    )
    result = run_newsgen("build", "--now", NOW.isoformat(), cwd=site)
    assert "next scheduled: 2026-12-24T06:00:00+09:00 (content/later.md)" in result.stdout
    assert (site / ".newsgen/next-publish").read_text() == "2026-12-23T21:00:00+00:00\n"
    run_newsgen("build", "--now", "2027-02-01T00:00:00Z", cwd=site)
    assert not (site / ".newsgen/next-publish").exists()


def test_verbose_build_prints_time_per_stage(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    result = run_newsgen("build", "--verbose", cwd=site)
    assert result.stdout.splitlines()[1].endswith("pages rendered, the others unchanged")
    stages = [line.split()[0] for line in result.stdout.splitlines()[2:]]
    assert stages == ["read", "markdown", "images", "plan", "render", "write"]
