"""config.toml: every key checked, every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, read, write_site

from newsgen.core.config import load_config
from newsgen.core.errors import BuildError


def config_errors(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path / "config.toml")
    return [str(d).removeprefix(f"{tmp_path}/") for d in caught.value.diagnostics]


def test_unknown_keys_are_named_with_line_and_suggestion(tmp_path: Path) -> None:
    text = (
        'title = "T"\n'
        'titel = "typo"\n'
        "\n"
        "[sections.world]\n"
        'titl = "World"\n'
        "[permalinks]\n"
        'articel = "{slug}/"\n'
    )
    assert config_errors(tmp_path, text) == [
        "config.toml:2: unknown key 'titel' (did you mean 'title'?)",
        "config.toml:7: unknown key 'permalinks.articel' (did you mean 'article'?)",
        "config.toml:5: unknown key 'sections.world.titl' (did you mean 'title'?)",
    ]


def test_wrong_types_and_values_are_reported_together(tmp_path: Path) -> None:
    text = (
        "per_page = 'ten'\n"
        'timezone = "Mars/Olympus"\n'
        'base_url = "ftp://example.org/"\n'
        "[permalinks]\n"
        'article = "{section}/{headline}/"\n'
    )
    assert config_errors(tmp_path, text) == [
        "config.toml:1: 'per_page' must be a whole number, not a string",
        "config.toml:5: permalinks.article: unknown placeholder '{headline}' (it may use {day}, {month}, {section}, {slug}, {year})",
        "config.toml:2: unknown time zone 'Mars/Olympus'",
        "config.toml:3: base_url must be an http(s) URL or a path starting with '/'",
    ]


def test_permalinks_and_section_paths_that_cannot_work_are_refused(tmp_path: Path) -> None:
    text = (
        "[permalinks]\n"
        'tag = "../{slug}/"\n'
        'section = "{section}.html"\n'
        '[sections.""]\n'
        '[sections."World/Asia"]\n'
    )
    assert config_errors(tmp_path, text) == [
        "config.toml:4: section '' must be lower-case slugs joined by '/', like world/asia",
        "config.toml:5: section 'World/Asia' must be lower-case slugs joined by '/', like world/asia",
        "config.toml:3: permalinks.section must end with '/'",
        "config.toml:2: permalinks.tag leads outside the output",
    ]


def test_a_bad_command_line_value_is_blamed_on_the_option(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('title = "T"\nbase_url = "https://ok.example/"\n')
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path / "config.toml", {"base_url": "example.org/news"})
    assert [str(d) for d in caught.value.diagnostics] == [
        "--base-url: base_url must be an http(s) URL or a path starting with '/'"
    ]


def test_broken_toml_names_its_line(tmp_path: Path) -> None:
    assert config_errors(tmp_path, 'title = "T"\n\nper_page = \n') == [
        "config.toml:3: invalid TOML: Invalid value"
    ]


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="no such configuration file"):
        load_config(tmp_path / "config.toml")


def test_section_titles_descriptions_and_order_come_from_config(tmp_path: Path) -> None:
    config = (
        'title = "T"\n'
        '[sections.sport]\ntitle = "Sport"\norder = 2\n'
        '[sections.world]\ntitle = "World"\norder = 1\ndescription = "All the world."\n'
        '[sections."world/asia"]\ntitle = "Asia-Pacific"\n'
    )
    site = write_site(
        tmp_path,
        {"content/world/asia/a.md": article("A"), "content/sport/b.md": article("B")},
        config=config,
    )
    build_site(site)
    home = read(site / "output", "")
    assert home.index(">World</a>") < home.index(">Sport</a>")
    world = read(site / "output", "world/")
    assert "All the world." in world
    assert '<a href="/world/asia/">Asia-Pacific</a>' in world


def test_permalink_patterns_move_articles_and_listings(tmp_path: Path) -> None:
    config = (
        'title = "T"\n[permalinks]\narticle = "{year}/{month}/{day}/{slug}.html"\n'
        'tag = "topic/{slug}/"\n'
    )
    site = write_site(
        tmp_path,
        {"content/world/a.md": article("A", date="2026-03-04T10:00:00+09:00", tags="[x]")},
        config=config,
    )
    build_site(site)
    assert "<h1" in read(site / "output", "2026/03/04/a.html")
    assert "A" in read(site / "output", "topic/x/")
    assert 'href="/2026/03/04/a.html"' in read(site / "output", "world/")
