"""`newsgen import`: a WordPress export and feeds to articles that build, with redirects."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitekit import DEFAULT_CONFIG, REPO, build_site, run_newsgen, write_site

from newsgen.importers.feed import import_feed
from newsgen.importers.html import to_markdown
from newsgen.importers.wordpress import import_wordpress

FIXTURES = REPO / "tests" / "fixtures"
WXR = FIXTURES / "wordpress.xml"


def front(path: Path) -> tuple[dict[str, object], str]:
    _, matter, body = path.read_text("utf-8").split("---\n", 2)
    return yaml.safe_load(matter), body


def test_wordpress_posts_become_articles(tmp_path: Path) -> None:
    report = import_wordpress(WXR, tmp_path / "content")
    written = sorted(p.relative_to(tmp_path / "content").as_posix() for p in report.written)
    assert written == ["ferries.md", "world/asia/quake-rescue.md"]  # page and trash skipped
    data, body = front(tmp_path / "content/world/asia/quake-rescue.md")
    assert data["title"] == "Quake \u2013 rescuers search the rubble"
    assert data["date"] == "2019-04-01T10:30:00+09:00"
    assert data["updated"] == "2019-04-02T08:00:00+09:00"
    assert data["authors"] == ["Min-ji Park"]
    assert data["tags"] == ["Earthquakes", "TAIWAN"]
    assert data["summary"] == "Rescuers search the rubble."
    assert data["image"] == {
        "src": "https://old.example.com/wp-content/uploads/rubble.jpg",
        "alt": "Rescuers in orange helmets on a collapsed building",
        "caption": "Rescuers in Hualien on Tuesday.",
    }
    assert data["aliases"] == ["https://old.example.com/2019/04/01/quake-rescue/"]
    assert "Rescuers worked through the night in **Hualien**." in body
    assert "\n\nA second paragraph" in body
    assert "gallery" not in body and "<!--" not in body and "[caption" not in body
    draft, _ = front(tmp_path / "content/ferries.md")
    assert draft["draft"] is True and draft["date"] == "2019-05-02T09:00:00+09:00"


def test_wordpress_report_names_file_and_line(tmp_path: Path) -> None:
    notes = [str(n) for n in import_wordpress(WXR, tmp_path).notes]
    assert any(n.startswith(f"{WXR}:15: warning: ") and "[gallery]" in n for n in notes)
    assert any(n.startswith(f"{WXR}:67: ") and "page 'About us' is skipped" in n for n in notes)
    assert any("featured image is not in the export" in n for n in notes)


def test_wordpress_pages_kept_apart_from_the_news_when_asked(tmp_path: Path) -> None:
    write_site(tmp_path, {"export.xml": WXR.read_text("utf-8")})
    done = run_newsgen("import", "wordpress", "export.xml", "--pages", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "imported 2 articles (1 drafts)" in done.stdout
    assert "1 page written to pages, outside the content folder" in done.stderr
    text = (tmp_path / "pages/about.md").read_text("utf-8")
    assert text.startswith("---\n# A standing page from WordPress, not a news article")
    data, body = front(tmp_path / "pages/about.md")
    assert data["type"] == "page" and data["title"] == "About us"
    assert body.strip() == "We are a newspaper."
    result = build_site(tmp_path)
    assert not list(result.output.rglob("about*"))
    assert "About us" not in (result.output / "index.html").read_text("utf-8")


def test_wordpress_placeholders_never_reach_a_page(tmp_path: Path) -> None:
    import_wordpress(WXR, tmp_path / "content")
    text = "".join(p.read_text("utf-8") for p in (tmp_path / "content").rglob("*.md"))
    assert "image_title" not in text and "figcaption" not in text
    result = build_site(write_site(tmp_path, {}), drafts=True)
    html = "".join(p.read_text("utf-8") for p in result.output.rglob("*.html"))
    assert "image_title" not in html and "<figcaption></figcaption>" not in html


def wxr(*items: str) -> str:
    """A WordPress export of a site in New York (UTC-05:00 in winter) holding ITEMS."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:category><wp:category_nicename>city</wp:category_nicename><wp:category_parent/></wp:category>
{"".join(items)}
</channel></rss>
"""


def post(
    number: int, slug: str, body: str, *more: str, status: str = "publish", gmt: str = ""
) -> str:
    """A post in the section 'city' (odd numbers) or at the top (even), written at 09:00 in
    New York; MORE are further elements of the item (comments)."""
    gmt = gmt or f"2020-01-0{number} 14:00:00"
    category = '<category domain="category" nicename="city">City</category>' * (number % 2)
    return f"""<item><title>{slug.title()}</title>
<link>https://old.example.com/2020/01/0{number}/{slug}/</link>
<guid isPermaLink="false">https://old.example.com/?p={number}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_name>{slug}</wp:post_name>
<wp:post_date>2020-01-0{number} 09:00:00</wp:post_date>
<wp:post_date_gmt>{gmt}</wp:post_date_gmt><wp:status>{status}</wp:status>
<wp:post_type>post</wp:post_type>{category}{"".join(more)}
</item>"""


def test_wordpress_draft_keeps_the_time_zone_of_the_export(tmp_path: Path) -> None:
    export = wxr(
        post(1, "council-vote", "<p>The vote.</p>"),
        post(2, "budget", "<p>Soon.</p>", status="draft", gmt="0000-00-00 00:00:00"),
    )
    write_site(tmp_path, {"export.xml": export})
    done = run_newsgen("import", "wordpress", "export.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data, _ = front(tmp_path / "content/budget.md")
    assert data["draft"] is True and data["date"] == "2020-01-02T09:00:00-05:00"
    result = build_site(tmp_path, drafts=True)  # the site itself is in Asia/Seoul
    html = (result.output / "budget/index.html").read_text("utf-8")
    assert 'datetime="2020-01-02T09:00:00-05:00"' in html


def test_wordpress_links_between_posts_lead_to_their_new_pages(tmp_path: Path) -> None:
    vote = (
        '<p>See <a href="https://old.example.com/?p=2#cuts">the cuts</a> and'
        ' <a href="https://elsewhere.example.org/2020/01/02/budget/">theirs</a>.</p>'
    )
    budget = (
        '<p>After <a href="http://old.example.com/2020/01/01/council-vote">the vote</a>.</p>'
        '<h2 id="cuts">Cuts</h2>'
    )
    export = wxr(post(1, "council-vote", vote), post(2, "budget", budget))
    (tmp_path / "export.xml").write_text(export, "utf-8")
    import_wordpress(tmp_path / "export.xml", tmp_path / "content")
    _, body = front(tmp_path / "content/city/council-vote.md")
    assert "[the cuts](../budget.md#cuts)" in body
    assert "(https://elsewhere.example.org/2020/01/02/budget/)" in body  # not the old site
    _, body = front(tmp_path / "content/budget.md")
    assert "[the vote](city/council-vote.md)" in body
    result = build_site(write_site(tmp_path, {}))
    assert not [w for w in result.warnings if "link" in str(w)]
    vote = (result.output / "city/council-vote/index.html").read_text("utf-8")
    assert '<a href="/budget/#cuts">the cuts</a>' in vote
    budget = (result.output / "budget/index.html").read_text("utf-8")
    assert '<a href="/city/council-vote/">the vote</a>' in budget


def test_wordpress_featured_image_is_not_repeated_in_the_body(tmp_path: Path) -> None:
    import_wordpress(WXR, tmp_path / "content")
    _, body = front(tmp_path / "content/world/asia/quake-rescue.md")
    assert "rubble.jpg" not in body
    result = build_site(write_site(tmp_path, {}))
    html = (result.output / "world/asia/quake-rescue/index.html").read_text("utf-8")
    assert (
        html.count("<img") == 1 and 'src="https://old.example.com/wp-content/uploads/rubbl' in html
    )


def test_wordpress_comments_are_counted_in_the_report(tmp_path: Path) -> None:
    comment = "<wp:comment><wp:comment_content>Well said.</wp:comment_content></wp:comment>"
    export = wxr(
        post(1, "council-vote", "<p>The vote.</p>", comment * 2),
        post(2, "budget", "<p>Cuts.</p>", comment),
        post(3, "parks", "<p>Parks.</p>"),
    )
    write_site(tmp_path, {"export.xml": export})
    done = run_newsgen("import", "wordpress", "export.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "export.xml: warning: 3 comments on 2 posts not imported: a static site keeps no comments"
        in done.stderr.splitlines()
    )
    assert "imported 3 articles (0 drafts)" in done.stdout


def test_imported_site_builds_with_redirects(tmp_path: Path) -> None:
    import_wordpress(WXR, tmp_path / "content")
    # The site keeps the export's address: its old addresses are its own.
    config = DEFAULT_CONFIG.replace("news.example.com", "old.example.com")
    result = build_site(write_site(tmp_path, {}, config=config))
    page = result.output / "2019/04/01/quake-rescue/index.html"
    html = page.read_text("utf-8")
    target = "https://old.example.com/world/asia/quake-rescue/"
    assert f'<link rel="canonical" href="{target}">' in html
    assert f'content="0; url={target}"' in html
    rules = (result.output / "_redirects").read_text("utf-8")
    assert rules == "/2019/04/01/quake-rescue/ /world/asia/quake-rescue/ 301\n"
    assert (result.output / "world/asia/quake-rescue/index.html").is_file()
    assert "2019/04/01/quake-rescue" not in (result.output / "sitemap.xml").read_text("utf-8")


def test_no_redirect_when_the_address_is_unchanged_or_taken(tmp_path: Path) -> None:
    files = {
        "content/a.md": "---\ntitle: A\ndate: 2026-01-01\naliases: [/a/, /tags/]\n---\nA.\n",
        "content/b.md": "---\ntitle: B\ndate: 2026-01-01\ntags: x\n---\nB.\n",
    }
    result = build_site(write_site(tmp_path, files))
    assert not (result.output / "_redirects").exists()
    assert any("content/a.md:4: warning: old address '/tags/'" in str(w) for w in result.warnings)


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Old</title>
<item>
  <title>Storm closes &lt;em&gt;ports&lt;/em&gt;</title>
  <link>https://old.example.com/news/storm-closes-ports.html</link>
  <pubDate>Tue, 02 Apr 2019 18:00:00 +0200</pubDate>
  <dc:creator>Henrik Solberg</dc:creator>
  <category>Weather</category><category>weather</category>
  <description>Ports shut.</description>
  <content:encoded><![CDATA[<p>All ports <b>shut</b>.</p>]]></content:encoded>
  <media:content url="https://old.example.com/storm.jpg" medium="image"/>
</item>
<item><title>No date</title><link>https://old.example.com/x/</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Old</title>
<entry><title>Atom story</title><link rel="alternate" href="https://old.example.com/atom-story/"/>
<published>2019-04-03T08:00:00+09:00</published><updated>2019-04-04T08:00:00+09:00</updated>
<author><name>Min-ji Park</name></author><category term="seoul"/>
<content type="html">&lt;p&gt;Snow in Seoul.&lt;/p&gt;</content></entry></feed>
"""


def test_rss_feed_import(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, "utf-8")
    report = import_feed(str(feed), tmp_path / "content")
    data, body = front(tmp_path / "content/storm-closes-ports.md")
    assert data["title"] == "Storm closes ports"
    assert data["date"] == "2019-04-02T18:00:00+02:00"
    assert data["authors"] == ["Henrik Solberg"] and data["tags"] == ["Weather", "weather"]
    assert data["summary"] == "Ports shut." and body.strip() == "All ports **shut**."
    assert data["image"] == "https://old.example.com/storm.jpg"
    assert "aliases" not in data  # the wire's address is not this site's old address
    assert [str(n) for n in report.notes] == [
        f"{feed}:15: warning: 'No date' has no date it can read ('') and is skipped"
    ]
    result = build_site(write_site(tmp_path, {}))
    assert (result.output / "storm-closes-ports/index.html").is_file()
    assert not (result.output / "news").exists() and not (result.output / "_redirects").exists()


def test_atom_feed_import_by_command(tmp_path: Path) -> None:
    write_site(tmp_path, {"feed.atom": ATOM})
    done = run_newsgen("import", "feed", "feed.atom", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "imported 1 article (0 drafts)" in done.stdout
    data, _ = front(tmp_path / "content/atom-story.md")
    assert data["updated"] == "2019-04-04T08:00:00+09:00" and data["tags"] == ["seoul"]


def test_import_of_a_broken_export_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.xml").write_text("<rss>\n<channel>\n<item></channel></rss>\n", "utf-8")
    done = run_newsgen("import", "wordpress", "bad.xml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("bad.xml:3: not well-formed XML")
    (tmp_path / "bomb.xml").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n<rss>&a;</rss>\n', "utf-8"
    )
    done = run_newsgen("import", "wordpress", "bomb.xml", cwd=tmp_path)
    assert done.returncode == 1 and "bomb.xml:2: entity declarations" in done.stderr


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ('<img src="a.jpg" alt="#image_title" title="#image_title">', "![](a.jpg)"),
        (
            '<figure><img src="a.jpg" alt="A"><figcaption>#image_caption</figcaption></figure>',
            "![A](a.jpg)",
        ),
        ('[caption]<img src="a.jpg" alt="A"> Hi[/caption]', "![A](a.jpg)\n\n*Hi*"),
        ("<h2>Sub</h2><ul><li>one</li></ul>", "## Sub\n\n- one"),
        ("One\n\nTwo", "One\n\nTwo"),
    ],
)
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert to_markdown(html).markdown == markdown
