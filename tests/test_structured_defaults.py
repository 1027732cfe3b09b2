"""What search engines and social networks read of an article with no photograph and no
byline: the site's share image and the publisher, as Google's Article guidelines ask."""

from __future__ import annotations

from pathlib import Path

from sitekit import article, build_site, json_ld, read, write_site

CONFIG = """\
title = "Harbour Times"
base_url = "https://news.example.com/"
[publisher]
name = "Harbour Media"
logo = "logo.png"
"""
NO_CARDS = "[share_card]\nenabled = false\n"


def _news_article(html: str) -> dict[str, object]:
    [found] = [d for d in json_ld(html) if d.get("@type") == "NewsArticle"]
    return found


def test_an_article_without_photo_or_byline_gets_the_sites_image_and_the_publisher(
    tmp_path: Path,
) -> None:
    # Without a share card, the site's image stands in.
    config = CONFIG + 'image = "share.png"\n' + NO_CARDS
    site = write_site(tmp_path, {"content/a.md": article("Quiet day")}, config=config)
    build_site(site)
    html = read(site / "output", "a/")
    data = _news_article(html)
    assert data["image"] == [{"@type": "ImageObject", "url": "https://news.example.com/share.png"}]
    assert data["author"] == [
        {"@type": "Organization", "name": "Harbour Media", "url": "https://news.example.com/"}
    ]
    assert '<meta property="og:image" content="https://news.example.com/share.png">' in html
    assert '<meta name="twitter:image" content="https://news.example.com/share.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_without_a_share_image_the_logo_stands_in_and_an_own_photo_wins(tmp_path: Path) -> None:
    files = {
        "content/a.md": article("Quiet day"),
        "content/b.md": article(
            "Busy day", image="{src: 'https://img.example.org/b.jpg', alt: A crowd}"
        ),
    }
    site = write_site(tmp_path, files, config=CONFIG + NO_CARDS)
    build_site(site)
    quiet = _news_article(read(site / "output", "a/"))
    assert quiet["image"] == [{"@type": "ImageObject", "url": "https://news.example.com/logo.png"}]
    busy_html = read(site / "output", "b/")
    busy = _news_article(busy_html)
    assert busy["image"] == [{"@type": "ImageObject", "url": "https://img.example.org/b.jpg"}]
    assert '<meta property="og:image" content="https://img.example.org/b.jpg">' in busy_html
    assert 'og:image" content="https://news.example.com/logo.png"' not in busy_html
