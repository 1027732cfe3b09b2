"""Front matter, slugs, sections and bodies, as a reader sees them on the built pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import article, broken_links, build_site, element, png, read, write_site

from newsgen.core.errors import BuildError


def test_yaml_and_toml_front_matter_build_the_same_fields(tmp_path: Path) -> None:
    toml = (
        '+++\ntitle = "TOML story"\ndate = 2026-11-20T10:00:00+09:00\n'
        'authors = ["Ann Lee"]\ntags = ["rates"]\nlocation = "BUSAN, South Korea"\n'
        '[image]\nsrc = "pic.png"\nalt = "A pier"\ncaption = "The pier."\ncredit = "Photo: Bo"\n'
        "+++\n\nThe body.\n"
    )
    site = write_site(
        tmp_path,
        {
            "content/business/toml-story.md": toml,
            "content/business/pic.png": png(),
            "content/business/yaml-story.md": article(
                "YAML story", authors="[Ann Lee]", tags="[rates]"
            ),
        },
    )
    build_site(site)
    html = read(site / "output", "business/toml-story/")
    assert '<h1 class="headline">TOML story</h1>' in html
    assert '<span class="dateline">BUSAN, South Korea —</span> The body.' in html
    assert re.search(r'<img src="/business/pic.png" [^>]*alt="A pier"', html)
    assert '<span class="caption">The pier.</span>' in html
    assert '<span class="credit">Photo: Bo</span>' in html
    assert (site / "output/business/pic.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    tag_page = read(site / "output", "tags/rates/")
    assert "TOML story" in tag_page and "YAML story" in tag_page
    assert "Ann Lee" in read(site / "output", "authors/ann-lee/")


def test_dates_without_offset_are_in_the_site_time_zone(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("Local time", date="2026-11-20 09:00"),
            "content/b.md": article("Date only", date="2026-11-19"),
            "content/c.md": article("Zulu", date="2026-11-18T23:30:00Z"),
        },
    )
    build_site(site)
    out = site / "output"
    assert '<time datetime="2026-11-20T09:00:00+09:00">' in read(out, "a/")
    assert '<time datetime="2026-11-19">November 19, 2026</time>' in read(out, "b/")  # a day
    # Shown in the site's zone (Asia/Seoul): 23:30 UTC is 08:30 the next morning.
    assert "November 19, 2026, 8:30\u202fAM KST" in read(out, "c/")


def test_slug_comes_from_slug_then_file_name_then_title(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/Quake Report.md": article("Anything"),
            "content/world/x.md": article("Ignored title", slug="chosen-slug"),
            "content/world/___.md": article("Café Société à Paris"),
            "content/world/asia/한글.md": article("서울 첫눈, 예년보다 2주 빨라"),
            "content/world/bundle-story/index.md": article("A bundle"),
        },
    )
    build_site(site)
    out = site / "output"
    assert read(out, "world/quake-report/")
    assert read(out, "world/chosen-slug/")
    assert read(out, "world/cafe-societe-a-paris/")
    assert read(out, "world/bundle-story/")
    assert "서울 첫눈" in read(out, "world/asia/한글/")
    # Non-Latin slugs are percent-encoded in links, and the links resolve.
    assert 'href="/world/asia/%ED%95%9C%EA%B8%80/"' in read(out, "world/asia/")
    assert broken_links(out) == []


def test_section_comes_from_the_folder_or_front_matter(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/international/crisis/flood.md": article("Flood"),
            "content/world/moved.md": article("Moved", section="business/markets"),
            "content/root.md": article("At the root"),
        },
        config='title = "T"\n[sections.world]\ntitle = "World News"\n',
    )
    build_site(site)
    out = site / "output"
    html = read(out, "world/international/crisis/flood/")
    crumbs = element(html, '<nav class="breadcrumbs"')
    assert re.findall(r">([^<>]+)</a>", crumbs) == [
        "Home",
        "World News",
        "International",
        "Crisis",
    ]
    assert "Moved" in read(out, "business/markets/moved/")
    # A section lists its own articles and its subsections'.
    assert "Flood" in read(out, "world/")
    assert "Flood" in read(out, "world/international/")
    assert "At the root" in read(out, "root/")


def test_summary_is_derived_from_the_first_paragraph_when_absent(tmp_path: Path) -> None:
    long = "Word " * 100
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("Given", summary='"The standfirst as written."'),
            "content/b.md": article(
                "Derived", body="## Heading\n\nFirst *paragraph*[^1].\n\nSecond.\n\n[^1]: A note."
            ),
            "content/c.md": article("Long", body=long),
        },
    )
    build_site(site)
    out = site / "output"
    assert '<p class="standfirst">The standfirst as written.</p>' in read(out, "a/")
    # A derived summary describes the page and its cards; the page itself does not show it
    # above the paragraph it repeats.
    assert '<meta name="description" content="First paragraph.">' in read(out, "b/")
    assert 'class="standfirst"' not in read(out, "b/")
    assert '<p class="standfirst">First paragraph.</p>' in read(out, "")
    described = re.search(r'<meta name="description" content="(.*?)">', read(out, "c/"))
    assert described is not None and described.group(1).endswith("…")
    assert len(described.group(1)) <= 301


def test_markdown_features(tmp_path: Path) -> None:
    body = """
        Intro "quoted" -- it's here.[^n]

        ## First part {: #custom-id }

        | a | b |
        |---|---|
        | 1 | 2 |

        ```python
        def f():
            return 1
        ```

        ## Second part

        See [the other story](../other.md#detail) and ![a chart](chart.png).

        [^n]: The note.
    """
    site = write_site(
        tmp_path,
        {
            "content/news/main.md": article("Main", body=body),
            "content/news/chart.png": png(),
            "content/other.md": article("Other", body="## Detail\n\nText."),
        },
    )
    result = build_site(site)
    html = read(site / "output", "news/main/")
    assert "&ldquo;quoted&rdquo; &ndash; it&rsquo;s" in html
    assert '<h2 id="custom-id">First part</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert '<div class="highlight"><pre><span></span><code><span class="k">def</span>' in html
    assert 'class="footnote-ref" href="#fn:n"' in html
    assert 'href="/other/#detail"' in html
    assert 'src="/news/chart.png"' in html
    assert result.warnings == ()
    assert broken_links(site / "output") == []


def test_broken_links_between_articles_are_reported_with_their_line(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/a.md": article("A", body="One.\n\nSee [gone](missing.md).\n")},
    )
    with pytest.raises(BuildError) as caught:
        build_site(site)
    assert [str(d) for d in caught.value.diagnostics] == [
        "content/a.md:8: link to 'missing.md': no such article"
    ]


def test_article_pages_link_previous_and_next_in_their_section(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/one.md": article("One", date="2026-11-01"),
            "content/world/two.md": article("Two", date="2026-11-02"),
            "content/world/three.md": article("Three", date="2026-11-03"),
            "content/sport/other.md": article("Other", date="2026-11-02T12:00:00"),
        },
    )
    build_site(site)
    html = read(site / "output", "world/two/")
    assert re.search(r'rel="prev" href="/world/one/"><span>Previous</span> One</a>', html)
    assert re.search(r'rel="next" href="/world/three/"><span>Next</span> Three</a>', html)
    assert "Other" not in re.sub(r"<nav class=\"sections-nav\".*?</nav>", "", html, flags=re.S)


def test_multiple_authors_are_linked_in_the_byline(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/a.md": article("A", authors="[Ann Lee, Bo Kim, José Núñez]")},
        config='title = "T"\n[authors.ann]\nname = "Ann Lee"\nbio = "Seoul bureau chief."\n',
    )
    build_site(site)
    out = site / "output"
    html = read(out, "a/")
    assert re.search(
        r'By\s*<a href="/authors/ann/" rel="author">Ann Lee</a>, '
        r'<a href="/authors/bo-kim/" rel="author">Bo Kim</a> and '
        r'<a href="/authors/jose-nunez/" rel="author">José Núñez</a>',
        html,
    )
    assert "Seoul bureau chief." in read(out, "authors/ann/")


def test_tags_and_authors_written_twice_count_once(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/a.md": article("A", tags="[Seoul, seoul, SEOUL]", authors="[ann, Ann Lee]")},
        config='title = "T"\n[authors.ann]\nname = "Ann Lee"\n',
    )
    build_site(site)
    out = site / "output"
    assert read(out, "tags/seoul/").count('<h3 class="card-title">') == 1
    assert read(out, "a/").count('rel="author"') == 1
    assert read(out, "a/").count('rel="tag"') == 1


def test_section_in_front_matter_is_case_insensitive(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A", section="World/Asia")})
    build_site(site)
    assert "A" in read(site / "output", "world/asia/a/")


def test_author_beside_authors_is_warned_about(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A", authors="[Ann]", author="Bo")})
    result = build_site(site)
    assert [str(w) for w in result.warnings] == [
        "content/a.md:5: warning: 'author' is ignored because 'authors' is given"
    ]


def test_related_articles_share_tags_first_then_section(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "content/world/main.md": article("Main", date="2026-11-10", tags="[quake, seoul]"),
            "content/sport/both.md": article("Both tags", date="2026-11-01", tags="[quake, seoul]"),
            "content/sport/one.md": article("One tag", date="2026-11-02", tags="[quake]"),
            "content/world/same.md": article("Same section", date="2026-11-03"),
            "content/culture/none.md": article("Unrelated", date="2026-11-04", tags="[art]"),
        },
    )
    build_site(site)
    html = read(site / "output", "world/main/")
    block = element(html, '<section class="related"')
    assert re.findall(r">([^<>]+)</a></li>", block) == [
        "Both tags",
        "One tag",
        "Same section",
    ]
