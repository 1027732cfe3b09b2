"""What feed readers, search engines and social networks read, parsed as they parse it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from xml.sax.saxutils import escape as sax_escape
from xml.sax.saxutils import quoteattr as sax_quoteattr
from zoneinfo import ZoneInfo

import feedparser
import pytest
from sitekit import (
    NOW,
    article,
    broken_links,
    build_sample,
    build_site,
    element,
    json_ld,
    png,
    read,
    write_site,
)

from newsgen.build import BuildResult
from newsgen.core.routes import Links
from newsgen.formats.feeds import rfc822_date
from newsgen.formats.sitemaps import (
    MAX_BYTES,
    MAX_URLS,
    SitemapUrl,
    render_sitemap,
    render_sitemap_index,
    split_sitemap,
)
from newsgen.formats.xmltext import escape, quoteattr

RSS_NS = {"atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/",
          "content": "http://purl.org/rss/1.0/modules/content/", "media": "http://search.yahoo.com/mrss/"}  # fmt: skip
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
HOST = "https://news.example.com/"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    output = tmp_path_factory.mktemp("sample") / "output"
    return output, build_sample(output)


def meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)


def test_every_feed_of_the_sample_site_parses_without_warning(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    feeds = sorted(output.rglob("feed.xml")) + sorted(output.rglob("atom.xml"))
    # The site, every section at every level, every tag and every author: RSS and Atom each.
    listings = (
        1
        + len(list((output / "tags").iterdir()))
        - 1
        + len(list((output / "authors").iterdir()))
        - 1
    )
    assert len(feeds) >= 2 * listings
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
    site = feedparser.parse((output / "feed.xml").read_bytes())
    assert site.feed.title == "The Meridian Post"
    assert len(site.entries) == 20  # the default length: 20 of the 20 published articles


def test_rss_follows_the_specification(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    channel = ET.parse(output / "world/asia/feed.xml").getroot().find("channel")
    assert channel is not None
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    assert (
        channel.find("atom:link[@rel='self']", RSS_NS).get("href")
        == "https://meridian.example.org/world/asia/feed.xml"
    )  # type: ignore[union-attr]
    items = channel.findall("item")
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "") for i in items]
    assert dates == sorted(dates, reverse=True) and all(d.tzinfo for d in dates)
    first = items[0]
    assert first.findtext("link", "").startswith("https://meridian.example.org/world/asia/")
    assert first.find("guid").get("isPermaLink") == "false"  # type: ignore[union-attr]
    assert first.findtext("category") == "Asia"
    enclosures = channel.findall("item/enclosure")
    assert enclosures, "articles with a featured image carry it"
    for enclosure in enclosures:
        assert enclosure.get("url", "").startswith("https://")
        assert int(enclosure.get("length", "0")) > 0
        assert enclosure.get("type") == "image/jpeg"
    assert channel.findall("item/dc:creator", RSS_NS)


def test_atom_follows_the_specification(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    feed = ET.parse(output / "atom.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{required}"), required
        published = datetime.fromisoformat(entry.findtext(f"{ATOM}published", ""))
        updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated", ""))
        assert published.tzinfo and updated >= published
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith("https://meridian.example.org/")


def test_full_content_feeds_carry_absolute_addresses(tmp_path: Path) -> None:
    config = f'title = "T"\nbase_url = "{HOST}news/"\n[feeds]\nfull_content = true\nlength = 2\n'
    body = "See [the other](other.md) and ![a chart](chart.png) and [away](https://x.org/)."
    site = write_site(
        tmp_path,
        {
            "content/a.md": article("A", date="2026-11-03", body=body),
            "content/chart.png": png(700, 400),
            "content/other.md": article("Other", date="2026-11-02"),
            "content/old.md": article("Old", date="2026-11-01"),
        },
        config=config,
    )
    build_site(site)
    rss = feedparser.parse((site / "output/feed.xml").read_bytes())
    assert [e.title for e in rss.entries] == ["A", "Other"]  # length = 2, newest first
    html = rss.entries[0].content[0].value
    assert f'href="{HOST}news/other/"' in html
    assert f'src="{HOST}news/chart.png"' in html
    # feedparser drops srcset: the feed's own text has it, every address absolute.
    raw = (site / "output/feed.xml").read_text(encoding="utf-8")
    assert f"{HOST}news/chart.320w.png 320w, {HOST}news/chart.640w.png 640w, " in raw
    assert 'href="https://x.org/"' in html
    atom = feedparser.parse((site / "output/atom.xml").read_bytes())
    assert f'src="{HOST}news/chart.png"' in atom.entries[0].content[0].value


def test_article_id_survives_a_new_headline(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/world/quake.md": article("Quake kills 12")})
    build_site(site)
    before = feedparser.parse((site / "output/atom.xml").read_bytes()).entries[0].id
    write_site(site, {"content/world/quake.md": article("Quake toll rises to 40")}, config=None)
    build_site(site)
    after = feedparser.parse((site / "output/atom.xml").read_bytes()).entries[0]
    assert after.title == "Quake toll rises to 40"
    assert after.id == before == "tag:news.example.com,2026-11-20:/world/quake"


def test_corrections_are_shown_and_move_every_modified_date(tmp_path: Path) -> None:
    corrections = (
        "\n  - {date: '2026-11-22T09:00:00+09:00', text: 'An earlier version misnamed the mayor.'}"
        "\n  - {date: '2026-11-21T09:00:00+09:00', text: 'The toll was 12, not 21.'}"
    )
    site = write_site(
        tmp_path,
        {
            "content/world/quake.md": article("Quake", corrections=corrections),
            "content/world/calm.md": article("Calm", date="2026-11-19"),
        },
    )
    build_site(site)
    out = site / "output"
    html = read(out, "world/quake/")
    box = element(html, '<aside class="corrections"')
    assert "Corrections" in box
    assert "misnamed the mayor" in box and "not 21" in box
    [data, _] = json_ld(html)
    assert data["dateModified"] == "2026-11-22T09:00:00+09:00"
    assert data["correction"][0] == {
        "@type": "CorrectionComment",
        "text": "The toll was 12, not 21.",
        "datePublished": "2026-11-21T09:00:00+09:00",
    }  # type: ignore[index]
    assert meta(html, "article:modified_time") == ["2026-11-22T09:00:00+09:00"]
    entry = feedparser.parse((out / "atom.xml").read_bytes()).entries[0]
    assert entry.updated == "2026-11-22T09:00:00+09:00"
    sitemap = (out / "sitemap.xml").read_text()
    assert (
        "<loc>https://news.example.com/world/quake/</loc><lastmod>2026-11-22T09:00:00+09:00</lastmod>"
        in sitemap
    )
    listing = read(out, "corrections/")
    assert listing.index("misnamed the mayor") < listing.index("not 21")  # newest first
    assert 'href="/corrections/"' in read(out, "")  # linked from every page's footer
    assert broken_links(out) == []


def test_sitemap_lists_every_indexable_page_with_absolute_addresses(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    root = ET.parse(output / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = {u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")}
    pages = {
        "https://meridian.example.org/"
        + p.relative_to(output).as_posix().removesuffix("index.html")
        for p in output.rglob("*.html")
        if p.name != "404.html"
    }
    assert locs == pages
    lastmods = {
        u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod")
        for u in root.findall(f"{SITEMAP}url")
    }
    assert (
        lastmods["https://meridian.example.org/world/asia/seoul-subway-signal-failure/"]
        == "2026-11-27T14:10:00+09:00"
    )
    robots = (output / "robots.txt").read_text()
    assert "Sitemap: https://meridian.example.org/sitemap.xml" in robots
    assert "Sitemap: https://meridian.example.org/news-sitemap.xml" in robots


def test_large_sitemaps_are_split_under_an_index() -> None:
    links = Links("https://example.org", "/")
    urls = [SitemapUrl(f"a/{n}/", None) for n in range(MAX_URLS + 1)]
    parts = split_sitemap(urls, links)
    assert [len(p) for p in parts] == [MAX_URLS, 1]
    index = ET.fromstring(
        render_sitemap_index([("sitemap-1.xml", None), ("sitemap-2.xml", None)], links)
    )
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [s.findtext(f"{SITEMAP}loc") for s in index] == [
        "https://example.org/sitemap-1.xml",
        "https://example.org/sitemap-2.xml",
    ]


def test_a_sitemap_too_large_in_bytes_is_split_too() -> None:
    links = Links("https://example.org", "/")
    long = "x" * 1_900
    urls = [SitemapUrl(f"{n}/{long}/", None) for n in range(30_000)]  # ~58 MB in one file
    parts = split_sitemap(urls, links)
    assert len(parts) == 2 and sum(len(p) for p in parts) == len(urls)
    assert all(len(render_sitemap(p, links)) <= MAX_BYTES for p in parts)


def test_news_sitemap_holds_the_last_two_days_only(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    root = ET.parse(output / "news-sitemap.xml").getroot()
    urls = root.findall(f"{SITEMAP}url")
    assert urls
    for url in urls:
        news = url.find(f"{NEWS}news")
        assert news is not None
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Meridian Post"
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
        assert news.findtext(f"{NEWS}title")
        published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date", ""))
        assert 0 <= (NOW - published).total_seconds() <= 2 * 86400
    assert len(urls) == 3  # published between 2026-11-27T12:00Z and 2026-11-29T12:00Z


def test_article_page_has_news_article_breadcrumbs_and_social_tags(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    html = read(output, "world/international/crisis/mozambique-floods-displace-thousands/")
    url = "https://meridian.example.org/world/international/crisis/mozambique-floods-displace-thousands/"
    assert f'<link rel="canonical" href="{url}">' in html
    news, crumbs = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Floods force 40,000 from their homes in central Mozambique"
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["articleSection"] == "Crisis"
    assert news["datePublished"] == "2026-11-22T10:15:00+02:00"
    assert news["author"][0]["@type"] == "Person" and news["author"][0]["url"].startswith(
        "https://"
    )  # type: ignore[index]
    assert news["publisher"]["logo"]["url"] == "https://meridian.example.org/logo.svg"  # type: ignore[index]
    assert news["image"][0]["width"] == 1200  # type: ignore[index]
    assert "flooding" in news["keywords"]  # type: ignore[operator]
    assert [i["name"] for i in crumbs["itemListElement"]] == [  # type: ignore[index]
        "Home",
        "World",
        "International",
        "Crisis",
        "Floods force 40,000 from their homes in central Mozambique",
    ]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:url") == [url]
    # The share card: a 1200 x 630 crop of the photograph, made for it.
    assert meta(html, "og:image:width") == ["1200"] and meta(html, "og:image:height") == ["630"]
    card = "https://meridian.example.org/world/international/crisis/mozambique-floods.1200x630.jpg"
    assert meta(html, "og:image") == [card] and news["image"][0]["url"] == card  # type: ignore[index]
    assert meta(html, "article:section") == ["Crisis"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "article:published_time") == ["2026-11-22T10:15:00+02:00"]


def test_every_page_has_canonical_description_and_feed_links(
    sample: tuple[Path, BuildResult],
) -> None:
    output, _ = sample
    for page in output.rglob("*.html"):
        html = page.read_text()
        if page.name == "404.html":
            assert "canonical" not in html
            continue
        assert re.search(
            r'<link rel="canonical" href="https://meridian\.example\.org/[^"]*">', html
        ), page
        assert re.search(r'<meta name="description" content="[^"]+">', html), page
        assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    section = read(output, "world/asia/")
    assert 'title="Asia · The Meridian Post (RSS)" href="/world/asia/feed.xml"' in section
    home = read(output, "")
    [site] = json_ld(home)
    assert site["@type"] == "WebSite" and site["url"] == "https://meridian.example.org/"
    assert broken_links(output) == []  # the feed links resolve too


def test_long_headline_is_cut_to_110_characters_in_json_ld(tmp_path: Path) -> None:
    title = "A " + "very " * 40 + "long headline"
    site = write_site(tmp_path, {"content/a.md": article(title)})
    build_site(site)
    [news, _] = json_ld(read(site / "output", "a/"))
    assert len(news["headline"]) <= 110 and news["headline"].endswith("…")  # type: ignore[arg-type]


def test_hostile_headline_cannot_break_out_anywhere(tmp_path: Path) -> None:
    title = "</script><script>alert('x')</script> & \"quotes\" \x0b"
    site = write_site(
        tmp_path, {"content/a.md": article(title.replace("\x0b", "\\v"), tags='["<b>tag</b>"]')}
    )
    build_site(site)
    html = read(site / "output", "a/")
    assert "<script>alert" not in html
    [news, _] = json_ld(html)  # each script block is intact JSON
    assert news["headline"].startswith("</script><script>alert")  # type: ignore[union-attr]
    assert feedparser.parse((site / "output/feed.xml").read_bytes()).bozo == 0
    entry = feedparser.parse((site / "output/atom.xml").read_bytes()).entries[0]
    # The headline arrives whole, with the curly quotes every headline gets.
    assert entry.title.startswith(
        "</script><script>alert(\u2018x\u2019)</script> & \u201cquotes\u201d"
    )
    ET.parse(site / "output/sitemap.xml")


def test_site_without_a_host_gets_no_feeds_and_is_told_why(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/a.md": article("A")}, config='title = "T"\nbase_url = "/news/"\n'
    )
    result = build_site(site)
    assert [str(w) for w in result.warnings] == [
        "config.toml: warning: base_url '/news/' has no host, so feeds, sitemaps and robots.txt "
        "(which need absolute addresses) are not written"
    ]
    out = site / "output"
    assert not (out / "feed.xml").exists() and not (out / "sitemap.xml").exists()
    assert "application/rss+xml" not in read(out, "a/")
    assert broken_links(out, base_path="/news/") == []


def test_live_coverage_is_a_live_blog_posting_marked_live(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/world/storm.md": article("Storm hits coast", live="true")}
    )
    build_site(site)
    out = site / "output"
    html = read(out, "world/storm/")
    [news, _] = json_ld(html)
    assert news["@type"] == "LiveBlogPosting"
    assert news["coverageStartTime"] == "2026-11-20T10:00:00+09:00"
    assert '<p class="live-badge">Live</p>' in html
    assert '<span class="live-badge">Live</span> <a href="/world/storm/">' in read(out, "world/")


def test_a_site_robots_txt_replaces_the_generated_one(tmp_path: Path) -> None:
    robots = "User-agent: *\nDisallow: /drafts/\n"
    site = write_site(tmp_path, {"content/a.md": article("A"), "static/robots.txt": robots})
    build_site(site)
    assert (site / "output/robots.txt").read_text() == robots


def test_home_page_lastmod_counts_the_lead_story(sample: tuple[Path, BuildResult]) -> None:
    output, _ = sample
    sitemap = (output / "sitemap.xml").read_text()
    # The live coverage among the top stories changed last (its update at 11:40 CET, after the
    # lead's 06:00 UTC): what page 1 shows above the listing counts too.
    assert (
        "<loc>https://meridian.example.org/</loc><lastmod>2026-11-29T11:40:00+01:00</lastmod>"
        in sitemap
    )


def test_feed_dates_and_escapes_are_those_of_the_standard_library() -> None:
    # newsgen writes them itself, to spare every build the import of email and urllib.
    zones = [UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-3, minutes=-30)),
             ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")]  # fmt: skip
    moments = [datetime(2026, month, 4, 0, 5, 9, tzinfo=z) for z in zones for month in (1, 7)]
    for moment in [*moments, datetime(2026, 2, 28, 23, 59, 59)]:
        assert rfc822_date(moment) == format_datetime(moment)
    texts = ["", "plain", "a & b < c > d", 'say "hi"', "it's", "both ' and \"", "tab\tline\nret\r",
             "&amp; already", "<![CDATA[x]]>", "\u00e9\u6771\u4eac"]  # fmt: skip
    for text in texts:
        assert escape(text) == sax_escape(text)
        assert quoteattr(text) == sax_quoteattr(text)
