"""What a new user meets first: init, new, and the docs that describe the commands and keys."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from sitekit import REPO, article, read, run_newsgen, write_site

from newsgen.core.config import (
    AuthorConfig,
    Config,
    Feeds,
    Headers,
    MarkdownOptions,
    Permalinks,
    Publisher,
    SectionConfig,
    ShareCard,
)


def test_new_prints_the_path_from_the_sites_folder_wherever_it_runs(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/a.md": article("A")})
    result = run_newsgen("new", "Rates held", "--section", "Business/Markets",
                         "--config", "site/config.toml", cwd=tmp_path)  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "content/business/markets/rates-held.md\n")
    assert (site / "content/business/markets/rates-held.md").is_file()
    again = run_newsgen("new", "Rates held", "--section", "business/markets", cwd=site)
    assert again.returncode == 1
    assert again.stderr == (
        "newsgen: content/business/markets/rates-held.md exists already; "
        "newsgen will not overwrite it\n"
    )


def test_new_live_shows_an_update_heading_that_builds_as_an_update(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A")})
    result = run_newsgen("new", "Storm Elin", "--section", "world", "--live", cwd=site)
    assert result.stdout == "content/world/storm-elin.md\n"
    text = (site / "content/world/storm-elin.md").read_text(encoding="utf-8")
    date = re.search(r"^date: \d{4}-\d\d-\d\dT(\d\d:\d\d):00\+09:00$", text, re.M)
    assert date is not None
    # The example update is at the article's own time, so it is never before the coverage.
    assert f"\n## {date.group(1)} The first update's headline [key]\n" in text
    checked = run_newsgen("check", "--drafts", cwd=site)
    assert (checked.returncode, checked.stdout) == (0, "0 errors, 0 warnings\n")
    built = run_newsgen("build", "--drafts", cwd=site)
    assert built.returncode == 0, built.stderr
    page = read(site / "output", "world/storm-elin/")
    assert 'id="update-' in page and "The first update&#39;s headline" in page


def test_init_prints_what_to_do_next_and_builds_with_any_title(tmp_path: Path) -> None:
    title = 'The "Harbour" Times \\ Daily'
    result = run_newsgen("init", "mysite", "--title", title, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created mysite: now run 'newsgen build' there\n"
    site = tmp_path / "mysite"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        ".gitignore", "config.toml", "content", "content/news", "content/news/welcome.md",
    ]  # fmt: skip
    built = run_newsgen("build", cwd=site)
    assert (built.returncode, built.stderr) == (0, "")
    assert (
        "Welcome to The \u201cHarbour\u201d Times \\ Daily"
    )  # headlines get curly quotes in read(site / "output", "")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy/notes.txt").write_text("mine")
    refused = run_newsgen("init", "busy", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == "newsgen: busy is not empty; choose a new or empty folder\n"


def test_commands_md_has_a_section_for_every_command(tmp_path: Path) -> None:
    doc = (REPO / "docs/commands.md").read_text(encoding="utf-8")
    usage = re.search(r"\{([a-z,]+)\}", run_newsgen("--help", cwd=tmp_path).stdout)
    assert usage is not None
    for name in usage.group(1).split(","):
        assert f"\n## `newsgen {name}" in doc, name
    for kind in ("wordpress", "feed"):
        options = re.findall(r"--[a-z-]+", run_newsgen("import", kind, "-h", cwd=tmp_path).stdout)
        section = doc.split("\n## `newsgen import`")[1].split("\n## ")[0]
        assert f"newsgen import {kind}" in section
        for option in set(options) - {"--help"}:
            assert f"`{option}" in section, (kind, option)


def test_configuration_md_documents_every_key() -> None:
    doc = (REPO / "docs/configuration.md").read_text(encoding="utf-8")
    tables = {
        "": ("Top-level keys", Config),
        "publisher": ("`[publisher]`", Publisher),
        "share_card": ("`[share_card]`", ShareCard),
        "feeds": ("`[feeds]`", Feeds),
        "headers": ("`[headers]`", Headers),
        "markdown": ("`[markdown]`", MarkdownOptions),
        "permalinks": ("`[permalinks]`", Permalinks),
        "sections": ('`[sections."path"]`', SectionConfig),
        "authors": ("`[authors.key]`", AuthorConfig),
    }
    for heading, kind in tables.values():
        section = doc.split(f"\n## {heading}\n")[1].split("\n## ")[0]
        for field in dataclasses.fields(kind):
            # root is the folder of config.toml, not a key; the tables have headings above.
            if field.name != "root" and field.name not in tables:
                assert f"\n| `{field.name}` |" in section, f"{heading}: {field.name}"
