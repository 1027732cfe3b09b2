"""The repository's own sample site, built as `newsgen build` builds it out of the box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import broken_links, build_sample, element, read

from newsgen.build import BuildResult


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    output = tmp_path_factory.mktemp("sample") / "output"
    return output, build_sample(output)


def test_builds_without_warnings(sample: tuple[Path, BuildResult]) -> None:
    _, result = sample
    assert result.warnings == ()
    assert result.pages > 50


def test_every_internal_link_leads_to_a_written_file(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    assert broken_links(output) == []


def test_no_placeholder_or_empty_field_leaks_into_a_page(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    for page in output.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\bNone\b", text), page
        assert "<figcaption>\n  </figcaption>" not in html
        assert not re.search(r"<figcaption>\s*</figcaption>", html), page
        assert not re.search(r'(?:href|src)=""', html), page
        assert "#image_title" not in html


def test_nested_section_article_has_full_breadcrumbs_byline_and_dateline(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    html = read(output, "world/international/crisis/mozambique-floods-displace-thousands/")
    names = re.findall(r">([^<>]+)</a>", element(html, '<nav class="breadcrumbs"'))
    assert names == ["Home", "World", "International", "Crisis"]
    assert '<h1 class="headline">Floods force 40,000 from their homes' in html
    assert re.search(r'<p class="byline">By\s*<a href="/authors/[\w-]+/" rel="author">', html)
    assert '<span class="dateline">' in html
    assert re.search(r"<figcaption>.*?class=\"credit\">Illustration: ", html, re.S)
    assert re.search(r'<time datetime="2026-11-22T10:15:00\+02:00">22 November 2026', html)


def test_drafts_and_future_articles_are_left_out(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    assert not (output / "politics/weekend-voting-proposal").exists()
    assert not (output / "business/markets/rate-setters-january-preview").exists()
    home = read(output, "")
    assert "weekend voting" not in home.lower()


def test_korean_headline_and_toml_article_are_published(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    assert "서울 첫눈, 예년보다 2주 빨라" in read(output, "world/asia/seoul-first-snow/")
    assert "Rotterdam terminal to automate" in read(output, "business/rotterdam-crane-automation/")


def test_every_listing_kind_is_written(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    for path in [
        "",
        "page/2/",
        "world/",
        "world/international/crisis/",
        "tags/",
        "tags/climate/",
        "authors/",
        "authors/min-ji-park/",
        "archive/",
        "archive/2026/",
        "archive/2026/11/",
        "archive/2025/08/",
        "404.html",
    ]:
        assert "<main" in read(output, path), path


def test_links_between_articles_use_the_target_url(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    html = read(output, "technology/seoul-delay-prediction-open-source/")
    assert 'href="/world/asia/seoul-subway-signal-failure/"' in html
    assert ".md" not in " ".join(re.findall(r'href="([^"]+)"', html))
