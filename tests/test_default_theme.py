"""The built-in theme's markup: what the home page shows, image sizes, share links, dates in
the site's language (tests/test_languages.py has the rest), and overriding one block of a
built-in template."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import DEFAULT_CONFIG, REPO, article, build_site, element, read, write_site

IMAGE = (REPO / "content/sport/netball-final.jpg").read_bytes()  # 1200 x 675


def titles(html: str, css_class: str) -> list[str]:
    """The headlines inside the first element with `css_class`, in order."""
    block = re.search(rf'<(\w+) class="{css_class}".*?</\1>\n', html, re.S)
    assert block is not None, css_class
    return re.findall(r'<a href="/[^"]*/">([^<]+)</a></(?:h[23]|li)>', block.group(0))


def test_home_page_has_lead_then_top_stories_featured_first_then_the_rest(tmp_path: Path) -> None:
    files = {
        f"content/world/s{n}.md": article(f"Story {n}", date=f"2026-11-{n:02d}T08:00:00+09:00")
        for n in range(1, 11)
    }
    files["content/world/s2.md"] = article("Story 2", date="2026-11-02T08:00", featured="true")
    files["content/world/s5.md"] = article("Story 5", date="2026-11-05T08:00", featured="true")
    site = write_site(tmp_path, files, DEFAULT_CONFIG.replace("per_page = 3", "per_page = 4"))
    build_site(site)
    home = read(site / "output", "")
    assert re.search(r'class="lead-title"><a href="/world/s5/">Story 5</a>', home)
    assert titles(home, "top-stories") == ["Story 2", "Story 10", "Story 9", "Story 8"]
    assert titles(home, "latest") == ["Story 7", "Story 6", "Story 4", "Story 3"]
    assert 'href="/page/2/">More news' in home
    page_two = read(site / "output", "page/2/")
    assert re.findall(r'class="card-title"><a href="[^"]+">([^<]+)<', page_two) == ["Story 1"]
    # The section's block: its title, then its five newest, whatever else the page shows.
    block = ["World", "Story 10", "Story 9", "Story 8", "Story 7", "Story 6"]
    assert titles(home, "section-block") == block


def test_theme_images_say_their_size_and_only_the_first_loads_eagerly(tmp_path: Path) -> None:
    image = "{src: pic.jpg, alt: 'A pier', caption: 'The pier.', credit: 'Photo: Bo'}"
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", image=image, featured="true"),
            "content/world/b.md": article("B", date="2026-11-19", image=image),
            "content/world/pic.jpg": IMAGE,
        },
    )
    build_site(site)
    out = site / "output"
    for path in ("", "world/", "world/a/", "world/b/"):
        for tag in re.findall(r"<img [^>]*>", read(out, path)):
            assert 'width="1200" height="675"' in tag, (path, tag)
    home = read(out, "")
    [lead] = re.findall(r'<div class="lead-image">\s*<picture>.*?(<img [^>]*>)', home, re.S)
    assert 'fetchpriority="high"' in lead and 'loading="eager"' in lead and 'alt=""' in lead
    assert re.search(r'<div class="card-image">\s*<picture>.*?<img [^>]*alt=""[^>]*loading="lazy"',
                     home, re.S)  # fmt: skip
    figure = re.search(r'<figure class="figure">\s*<picture>.*?<img [^>]*>', read(out, "world/a/"),
                       re.S)  # fmt: skip
    assert figure is not None and 'alt="A pier"' in figure.group(0)
    assert 'fetchpriority="high"' in figure.group(0)


def test_share_links_need_no_script_and_encode_the_address(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/world/a.md": article("Rain & wind")})
    build_site(site)
    html = read(site / "output", "world/a/")
    share = element(html, '<section class="share"')
    links = dict(re.findall(r'<a href="([^"]+)" rel="nofollow">([^<]+)</a>', share))
    encoded = "https%3A%2F%2Fnews.example.com%2Fworld%2Fa%2F"
    assert links["mailto:?subject=Rain%20%26%20wind&amp;body=" + encoded] == "Email"
    assert links["https://www.facebook.com/sharer/sharer.php?u=" + encoded] == "Facebook"
    assert set(links.values()) == {"Email", "WhatsApp", "Facebook", "X", "Bluesky", "LinkedIn"}
    assert "<script" not in share


def test_no_share_links_without_a_host_to_share(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG.replace('base_url = "https://news.example.com/"', 'base_url = "/"')
    site = write_site(tmp_path, {"content/world/a.md": article("A")}, config)
    build_site(site)
    assert 'class="share"' not in read(site / "output", "world/a/")


def test_korean_site_shows_korean_dates_and_month_names(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + 'language = "ko"\n'
    site = write_site(tmp_path, {"content/world/a.md": article("A")}, config)
    build_site(site)
    out = site / "output"
    assert (
        '<time datetime="2026-11-20T10:00:00+09:00">2026년 11월 20일 오전 10:00 GMT+9</time>'
        in read(out, "world/a/")
    )
    assert "2026년 11월" in read(out, "archive/")


def test_a_site_template_can_extend_the_builtin_one_and_replace_a_block(tmp_path: Path) -> None:
    override = '{% extends "theme/article.html" %}\n{% block share %}{% endblock %}\n' \
        '{% block related %}<p>No related here.</p>{% endblock %}\n'  # fmt: skip
    site = write_site(
        tmp_path,
        {
            "content/world/a.md": article("A", tags="[rain]"),
            "content/world/b.md": article("B", date="2026-11-19", tags="[rain]"),
            "templates/article.html": override,
            "templates/partials/byline.html": '<p class="byline">Custom byline</p>',
        },
    )
    build_site(site)
    html = read(site / "output", "world/a/")
    assert '<h1 class="headline">A</h1>' in html
    assert "<p>No related here.</p>" in html and 'class="related"' not in html
    assert "Custom byline" in html  # the built-in article.html includes the site's partials


def test_navigation_marks_the_section_a_page_is_in(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"content/world/asia/a.md": article("A"), "content/sport/b.md": article("B")},
    )
    build_site(site)
    out = site / "output"

    def current(path: str) -> list[tuple[str, str]]:
        nav = element(read(out, path), '<nav class="sections-nav"')
        return re.findall(r'<a href="([^"]+)" aria-current="(\w+)"', nav)

    assert current("world/") == [("/world/", "page")]
    assert current("world/asia/") == [("/world/", "true")]
    assert current("world/asia/a/") == [("/world/", "true")]
    assert current("") == []


def test_not_found_page_has_the_site_frame(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/world/a.md": article("A")})
    build_site(site)
    html = read(site / "output", "404.html")
    for part in ('class="skip-link" href="#main"', 'class="sections-nav"', 'class="site-footer"',
                 "<h1>Page not found</h1>", 'href="/static/css/site.css"'):  # fmt: skip
        assert part in html
