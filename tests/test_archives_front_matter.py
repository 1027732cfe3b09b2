"""Front matter as archives from Jekyll, Hugo, Pelican and WordPress exporters write it:
small archives in each idiom, built, and read back as a reader gets them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import (
    DEFAULT_CONFIG,
    article,
    build_sample,
    build_site,
    errors_of,
    jpeg,
    json_ld,
    read,
    write_site,
)

from newsgen.core.errors import BuildError


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]*)">', html)
    assert found is not None
    return found.group(1)


def times(html: str) -> list[str]:
    """Each <time> element of the page's main part, as `datetime|text`."""
    main = html[html.index('<main id="main"') :]
    return [f"{d}|{t}" for d, t in re.findall(r'<time[^>]*datetime="([^"]*)"[^>]*>([^<]*)<', main)]


def warnings_of(result: object) -> list[str]:
    return [str(w) for w in result.warnings]  # type: ignore[attr-defined]


# 1. The article's language


def test_an_articles_language_marks_its_own_words(tmp_path: Path) -> None:
    files = {
        "content/world/seoul.md": article("서울 첫눈", lang="ko"),
        "content/world/lisbon.md": "+++\ntitle = 'Lisboa'\ndate = 2026-11-19\nlanguage = 'pt_br'\n+++\nOlá.\n",
        "content/world/london.md": article("London"),
    }
    out = build_site(write_site(tmp_path, files)).output
    seoul = read(out, "world/seoul/")
    # The page and the theme's words around the article are the site's; its own words say ko.
    assert html_lang(seoul) == "en"
    assert (
        '<h1 class="headline" lang="ko">' in seoul
        and '<div class="article-body" lang="ko">' in seoul
    )
    assert '<link rel="alternate" hreflang="ko"' in seoul
    assert json_ld(seoul)[0]["inLanguage"] == "ko"
    lisbon = read(out, "world/lisbon/")
    assert (
        '<h1 class="headline" lang="pt-BR">' in lisbon
        and json_ld(lisbon)[0]["inLanguage"] == "pt-BR"
    )
    assert '<meta property="og:locale" content="pt_BR">' in lisbon
    assert html_lang(read(out, "world/london/")) == "en"  # the site's
    assert html_lang(read(out, "world/")) == "en" and html_lang(read(out, "")) == "en"


def test_the_sample_sites_korean_article_says_so(tmp_path: Path) -> None:
    result = build_sample(tmp_path / "out")
    assert '<h1 class="headline" lang="ko">' in read(result.output, "world/asia/seoul-first-snow/")
    assert html_lang(read(result.output, "")) == "en-GB"


@pytest.mark.parametrize(("value", "line"), [("english", 3), ("'pt BR'", 3), ("ko-", 3), ("k", 3)])
def test_a_language_that_is_no_language_tag_is_an_error_at_its_line(
    tmp_path: Path, value: str, line: int
) -> None:
    text = f"---\ntitle: T\nlang: {value}\ndate: 2026-11-01\n---\nBody.\n"
    site = write_site(tmp_path, {"content/a.md": text})
    [message] = errors_of(site)
    assert message.startswith(f"content/a.md:{line}: 'lang' must be a language tag such as en")


# 2. Front matter after blank lines


def test_front_matter_after_blank_lines_is_read(tmp_path: Path) -> None:
    files = {
        "content/toml.md": '\n\n+++\ntitle = "From Hugo"\ndate = 2019-04-05\n+++\nText.\n',
        "content/yaml.md": "\n  \n---\ntitle: From Jekyll\ndate: 2019-04-06\n---\nText.\n",
    }
    result = build_site(write_site(tmp_path, files))
    assert "From Hugo" in read(result.output, "toml/")
    assert "From Jekyll" in read(result.output, "yaml/")
    assert warnings_of(result) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n\n---\ntitle: T\ndate: 2026-11-01\ntags: [a\n---\nB\n", "bad.md:6: invalid YAML front matter at column 7"),
        ("\n\n+++\ntitle = 'T'\ndate = 2024-02-30\n+++\nB\n", "bad.md:5: invalid TOML front matter"),
        ("\n\n---\ntitle: T\n", "bad.md:3: front matter opened on line 3 is never closed"),
        ("\n\n---\ntitle: T\ndate: 2026-11-01\nslug: a/b\n---\nB\n", "bad.md:6: slug 'a/b'"),
        ("\n\n---\ntitle: T\ndate: 2026-11-01\n---\n\n", "bad.md:6: the article has no body"),
        ("\nJust text.\n", "bad.md:1: no front matter: start the file with '---' (YAML) or '+++' (TOML)"),
    ],
)  # fmt: skip
def test_lines_stay_true_after_blank_lines(tmp_path: Path, text: str, expected: str) -> None:
    site = write_site(tmp_path, {"content/world/bad.md": text})
    [message] = errors_of(site)
    assert message.startswith("content/world/" + expected), message


# 3. Drafts need no body and no date

DRAFTS = {
    "content/world/ready.md": article("Ready", date="2026-11-20T10:00:00+09:00"),
    # Jekyll: a draft by its folder, named and titled by its file, no date, no text.
    "content/_drafts/second-thoughts.md": "---\nlayout: post\n---\n",
    "content/world/unpublished.md": "---\ntitle: Unpublished\npublished: false\n---\n",
    "content/world/hugo.md": '+++\ntitle = "Hugo draft"\ndraft = true\n+++\n',
}


def test_drafts_without_text_or_date_are_no_error_and_not_built(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, DRAFTS))
    out = result.output
    assert (out / "world/ready/index.html").is_file()
    assert not (out / "second-thoughts").exists() and not (out / "world/unpublished").exists()
    assert not (out / "world/hugo").exists()
    assert warnings_of(result) == []


def test_a_draft_without_text_shows_an_empty_article(tmp_path: Path) -> None:
    out = build_site(write_site(tmp_path, DRAFTS), drafts=True).output
    page = read(out, "second-thoughts/")
    assert '<h1 class="headline">Second Thoughts</h1>' in page
    assert "None" not in page
    assert 'class="draft-banner"' in read(out, "world/unpublished/")


def test_a_draft_without_a_date_is_the_newest_dated_now(tmp_path: Path) -> None:
    out = build_site(write_site(tmp_path, DRAFTS), drafts=True).output
    # The build's now (sitekit.NOW), shown in the site's zone.
    assert times(read(out, "world/unpublished/"))[0] == (
        "2026-11-29T12:00:00+00:00|November 29, 2026, 9:00\u202fPM KST"
    )
    home = read(out, "")
    assert home.index("Unpublished") < home.index("Ready")


def test_a_published_article_still_needs_its_date_and_text(tmp_path: Path) -> None:
    files = {
        "content/a.md": "---\ntitle: A\npublished: true\n---\nText.\n",
        "content/b.md": "---\ntitle: B\ndate: 2026-11-01\n---\n\n",
    }
    assert errors_of(write_site(tmp_path, files)) == [
        "content/a.md:1: 'date' is required but missing",
        "content/b.md:4: the article has no body",
    ]


# 4. Slugs through one rule


def test_slugs_from_every_source_go_through_one_rule(tmp_path: Path) -> None:
    files = {
        # exitwp and jekyll-import keep WordPress's percent-encoded names.
        "content/world/quake.md": article("Quake", slug="quake-%e2%80%93-rescue"),
        "content/world/seoul.md": article("Seoul", slug="'%ec%84%9c%ec%9a%b8-%ec%b2%ab%eb%88%88'"),
        "content/tech/release.md": article("Release", slug="v1.2-released"),
        "content/tech/v2.0-released.md": article("Two"),
        "content/world/\ufeff2019-04-01-bom.md": article("BOM in the name"),
        "content/_posts/\ufeff2019-04-02-bom-post.md": "---\ntitle: BOM post\n---\nText.\n",
        "content/world/spaces.md": article("Spaces", slug="Big News Today"),
    }
    result = build_site(write_site(tmp_path, files))
    out = result.output
    # A dot between two digits or letters is kept, as archives' addresses keep it.
    for path in ("world/quake-rescue/", "world/서울-첫눈/", "tech/v1.2-released/",
                 "tech/v2.0-released/", "world/2019-04-01-bom/", "bom-post/",
                 "world/big-news-today/"):  # fmt: skip
        assert (out / path / "index.html").is_file(), path
    assert "2019-04-02" in read(out, "bom-post/")  # the date from the name, BOM and all
    assert warnings_of(result) == [
        "content/world/spaces.md:4: warning: slug 'Big News Today' is used as "
        "'big-news-today': a slug is lower-case letters and digits joined by hyphens"
    ]


def test_dotted_names_keep_their_addresses_and_the_links_to_them(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[permalinks]\narticle = "blog/{section}/{slug}/"\n'
    files = {
        # Next.js archives publish a release at its file's name, dots and all.
        "content/blog/release/v22.23.2.md": article("Node 22.23.2", category="release"),
        "content/blog/release/notes.md": article(
            "Notes",
            body="See [it](/blog/release/v22.23.2/).",
            category="release",
            slug="guide-1.0.0",
        ),
    }
    result = build_site(write_site(tmp_path, files, config=config))
    out = result.output
    assert "Node 22.23.2" in read(out, "blog/release/v22.23.2/")
    notes = read(out, "blog/release/guide-1.0.0/")
    assert 'href="/blog/release/v22.23.2/"' in notes
    assert warnings_of(result) == []


@pytest.mark.parametrize(
    "slug", ["../../etc", "a/b", "..", "%2e%2e%2fetc", "x\\\\y", "a..b", "..."]
)
def test_a_slug_that_names_a_path_is_an_error_at_its_line(tmp_path: Path, slug: str) -> None:
    site = write_site(tmp_path, {"content/a.md": article("A", slug=f'"{slug}"')})
    [message] = errors_of(site)
    assert message.startswith("content/a.md:4: slug '"), message
    assert not (tmp_path / "output").exists()


# 5. Fractions of a second


def test_fractions_of_seconds_are_read_and_never_shown(tmp_path: Path) -> None:
    files = {
        "content/jekyll.md": article("Jekyll", date="2019-04-01 09:30:00.123456 +0100"),
        "content/hugo.md": '+++\ntitle = "Hugo"\ndate = 2019-04-01T09:30:00.5Z\n+++\nText.\n',
        "content/yaml.md": article("YAML", date="2019-04-01T09:30:00.5Z"),
        "content/pelican.md": "Title: Pelican\nDate: 2019-04-01 09:30:00.25\n\nText.\n",
        "content/corrected.md": article(
            "Corrected",
            date="2019-04-01T09:30:00Z",
            corrections="[{date: '2019-04-02 10:00:00.75 +0000', text: 'A name was wrong.'}]",
        ),
    }
    out = build_site(write_site(tmp_path, files)).output
    assert (
        times(read(out, "jekyll/"))[0]
        == "2019-04-01T09:30:00+01:00|April 1, 2019, 5:30\u202fPM KST"
    )
    assert (
        times(read(out, "hugo/"))[0] == "2019-04-01T09:30:00+00:00|April 1, 2019, 6:30\u202fPM KST"
    )
    assert (
        times(read(out, "yaml/"))[0] == "2019-04-01T09:30:00+00:00|April 1, 2019, 6:30\u202fPM KST"
    )
    assert (
        times(read(out, "pelican/"))[0]
        == "2019-04-01T09:30:00+09:00|April 1, 2019, 9:30\u202fAM KST"
    )
    assert "2019-04-02T10:00:00+00:00|April 2, 2019, 7:00\u202fPM KST" in times(
        read(out, "corrected/")
    )
    for page in out.rglob("*.html"):
        stamps = re.findall(r'datetime="([^"]*)"', page.read_text("utf-8"))
        assert not [s for s in stamps if "." in s], page


# 6. Dates written as a day


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"])
def test_a_day_stays_its_day_and_shows_no_time(tmp_path: Path, zone: str) -> None:
    config = DEFAULT_CONFIG.replace('"Asia/Seoul"', f'"{zone}"')
    files = {
        "content/world/dated.md": article("Dated", date="2024-03-05"),
        "content/_posts/2024-03-04-from-the-name.md": "---\ntitle: From the name\n---\nText.\n",
        "content/world/toml.md": '+++\ntitle = "TOML"\ndate = 2024-03-03\n+++\nText.\n',
        "content/world/timed.md": article("Timed", date="2024-03-02T00:00:00"),
    }
    out = build_site(write_site(tmp_path, files, config=config)).output
    assert times(read(out, "world/dated/"))[0] == "2024-03-05|March 5, 2024"
    assert times(read(out, "from-the-name/"))[0] == "2024-03-04|March 4, 2024"
    assert times(read(out, "world/toml/"))[0] == "2024-03-03|March 3, 2024"
    assert (
        times(read(out, "world/timed/"))[0].split("|")[1].startswith("March 2, 2024, 12:00\u202fAM")
    )
    cards = times(read(out, "world/"))
    assert "2024-03-05|Mar 5, 2024" in cards and "2024-03-03|Mar 3, 2024" in cards
    feed = (out / "feed.xml").read_text("utf-8")
    assert "<pubDate>Tue, 05 Mar 2024 00:00:00" in feed  # the start of the day, in the site's zone


# 7. Old addresses


def test_every_old_address_key_gets_a_redirect(tmp_path: Path) -> None:
    files = {
        # A WordPress export converted by exitwp: `link` is the post's old address.
        "content/world/quake.md": article(
            "Quake", link="https://news.example.com/2019/04/01/quake/"
        ),
        "content/world/ferry.md": article("Ferry", permalink="/2019/ferry.html"),
        "content/world/storm.md": article("Storm", redirect_from="[/old/storm/, /older/storm/]"),
        "content/world/flood.md": '+++\ntitle = "Flood"\ndate = 2019-04-03\naliases = ["/f/"]\n+++\nT.\n',
    }
    result = build_site(write_site(tmp_path, files))
    out = result.output
    for old, new in (("2019/04/01/quake/index.html", "world/quake/"),
                     ("2019/ferry.html", "world/ferry/"), ("old/storm/index.html", "world/storm/"),
                     ("older/storm/index.html", "world/storm/"), ("f/index.html", "world/flood/")):  # fmt: skip
        assert f"url=https://news.example.com/{new}" in (out / old).read_text("utf-8"), old
    assert warnings_of(result) == []


def test_an_address_on_another_host_makes_no_redirect(tmp_path: Path) -> None:
    files = {
        "content/world/quake.md": article("Quake", link="https://elsewhere.example.org/quake/"),
        "content/world/ferry.md": article("Ferry", aliases="[//news.example.com/ferry/]"),
        "content/world/storm.md": article(
            "Storm", redirect_from="https://www.news.example.com/storm/"
        ),
    }
    result = build_site(write_site(tmp_path, files))
    out = result.output
    assert not (out / "quake").exists()
    assert (out / "ferry/index.html").is_file() and (out / "storm/index.html").is_file()
    assert warnings_of(result) == []


# 8. Folders that do not file a post


def test_a_post_that_names_its_categories_is_filed_by_the_first(tmp_path: Path) -> None:
    files = {
        "content/_posts/2019/2019-04-01-quake.md": "---\ntitle: Quake\ncategories: [World, Asia]\n---\nT.\n",
        "content/_posts/jane-doe/2019-04-02-budget.md": "---\ntitle: Budget\ncategory: Économie\n---\nT.\n",
        "content/posts/harbour/index.md": '+++\ntitle = "Harbour"\ndate = 2019-04-03\ncategories = ["Business"]\n+++\nT.\n',
        "content/blog/2019/match.md": article("Match", date="2019-04-04", categories="[Sport]"),
        "content/news/_posts/2019/2019-04-05-vote.md": "---\ntitle: Vote\ncategories: politics\n---\nT.\n",
        # Without categories, folders file a post, titled with their letters.
        "content/_posts/paweł_dziepak/2019-04-06-notes.md": "---\ntitle: Notes\n---\nT.\n",
        "content/posts/plain.md": article("Plain", date="2019-04-07"),
    }
    out = build_site(write_site(tmp_path, files)).output
    for path in ("world/quake/", "economie/budget/", "business/harbour/", "sport/match/",
                 "news/vote/", "pawel-dziepak/notes/", "posts/plain/"):  # fmt: skip
        assert (out / path / "index.html").is_file(), path
    for folder in ("2019", "jane-doe", "blog", "news/2019"):
        assert not (out / folder).exists(), folder
    assert "<h1>Paweł Dziepak</h1>" in read(out, "pawel-dziepak/")
    assert "<h1>Posts</h1>" in read(out, "posts/")


# 9. Keys that mean nothing here, and other names for ours


def test_theme_keys_are_quiet_and_other_names_for_dates_are_read(tmp_path: Path) -> None:
    quiet = (
        "layout: news_post\ncomments: true\nsharing: true\nshare: false\ntoc: true\n"
        "sitemap: false\nauthor_profile: true\nread_time: true\nrelated: true\n"
        "header: {overlay_image: /x.jpg, teaser: /y.jpg}\nclasses: wide\n"
        "excerpt_separator: <!--more-->\ndisqus: true\nfeature: true\nshow_date: true\n"
        "showToc: true\nTocOpen: false\nwordpress_id: 12\nguid: http://x/?p=12\n"
    )
    files = {
        "content/a.md": f"---\ntitle: A\ndate: 2019-04-01\n{quiet}---\nText.\n",
        "content/b.md": "---\ntitle: B\npub-date: 2019-04-02\nupdated_at: 2019-04-03\n---\nB.\n",
        "content/c.md": "---\ntitle: C\npubDate: 2019-04-02\nlast_modified: 2019-04-04\n---\nC.\n",
        "content/d.md": "---\ntitle: D\npublish_date: 2019-04-02\nmodified_at: 2019-04-05\n---\nD.\n",
        "content/e.md": "---\ntitle: E\npublished_at: 2019-04-02\n---\nE.\n",
        "content/f.md": "---\ntitle: F\ncreated: 2019-04-02\n---\nF.\n",
        "content/g.md": "---\ntitle: G\ncreated_at: 2019-04-02\n---\nG.\n",
        "content/h.md": "---\ntitle: H\ndate_published: 2019-04-02\n---\nH.\n",
        "content/i.md": "---\ntitle: I\npub_date: 2019-04-02\n---\nI.\n",
    }
    result = build_site(write_site(tmp_path, files))
    assert warnings_of(result) == []
    out = result.output
    for name in "bcdefghi":
        assert "2019-04-02" in times(read(out, f"{name}/"))[0], name
    assert 'Updated <time datetime="2019-04-03' in read(out, "b/")
    assert 'Updated <time datetime="2019-04-04' in read(out, "c/")
    assert 'Updated <time datetime="2019-04-05' in read(out, "d/")


def test_a_hint_is_given_only_for_a_slip_of_the_keyboard(tmp_path: Path) -> None:
    text = (
        "---\ntitle: A\ndate: 2019-04-01\ntitel: x\nautor: y\ntagz: z\nlive_untill: w\n"
        "featured_img: v\ncanonical_url: u\nheadline: t\n---\nText.\n"
    )
    result = build_site(write_site(tmp_path, {"content/a.md": text}))
    assert [w.split("warning: ")[1] for w in warnings_of(result)] == [
        "unknown front matter key 'titel' (did you mean 'title'?)",
        "unknown front matter key 'autor' (did you mean 'author'?)",
        "unknown front matter key 'tagz' (did you mean 'tags'?)",
        "unknown front matter key 'live_untill' (did you mean 'live_until'?)",
        "unknown front matter key 'featured_img'",
        "unknown front matter key 'canonical_url'",
        "unknown front matter key 'headline'",
    ]


# 10. Dates as Jekyll reads them

DATED = DEFAULT_CONFIG + '[permalinks]\narticle = "{year}/{month}/{day}/{slug}/"\n'


def test_dates_jekyll_reads_are_read_and_keep_the_old_addresses(tmp_path: Path) -> None:
    def post(date: str) -> str:
        return f"---\ntitle: T\ndate: {date}\n---\nText.\n"

    files = {
        "content/_posts/2014-09-08-encasement.md": post("September 8, 2014"),
        "content/_posts/2014-09-09-sept.md": post("Sept. 9th, 2014 3:30 am PDT"),
        "content/_posts/2016-03-21-eastern.md": post("2016-03-21 09:00 EDT"),
        "content/_posts/2016-06-17-short-offset.md": post("2016-06-17 08:00-400"),
        "content/_posts/2016-07-19-writing-lab.md": post("2016-07-19 (optional)"),
        "content/_posts/2016-07-20-rfc.md": post("Wed, 20 Jul 2016 09:00:00 GMT"),
    }
    result = build_site(write_site(tmp_path, files, config=DATED))
    out = result.output
    assert times(read(out, "2014/09/08/encasement/"))[0] == "2014-09-08|September 8, 2014"
    assert times(read(out, "2014/09/09/sept/"))[0].startswith("2014-09-09T03:30:00-07:00|")
    assert times(read(out, "2016/03/21/eastern/"))[0] == (
        "2016-03-21T09:00:00-04:00|March 21, 2016, 10:00\u202fPM KST"
    )
    assert times(read(out, "2016/06/17/short-offset/"))[0].startswith("2016-06-17T08:00:00-04:00|")
    assert times(read(out, "2016/07/19/writing-lab/"))[0] == "2016-07-19|July 19, 2016"
    assert times(read(out, "2016/07/20/rfc/"))[0].startswith("2016-07-20T09:00:00+00:00|")
    assert warnings_of(result) == []


def test_a_date_that_cannot_be_read_gives_way_to_the_file_names(tmp_path: Path) -> None:
    files = {
        "content/_posts/2017-10-23-reuse.md": "---\ntitle: Reuse\ndate: sometime in October\n---\nT.\n",
        "content/news/2017-10-24-elsewhere.md": "---\ntitle: E\ndate: 2017-10-32\n---\nT.\n",
    }
    result = build_site(write_site(tmp_path, files, config=DATED))
    assert times(read(result.output, "2017/10/23/reuse/"))[0] == "2017-10-23|October 23, 2017"
    assert warnings_of(result) == [
        "content/_posts/2017-10-23-reuse.md:3: warning: 'date: sometime in October': newsgen "
        "cannot read it as a date, so the file name's date, 2017-10-23, is used",
        "content/news/2017-10-24-elsewhere.md:3: warning: 'date: 2017-10-32': newsgen "
        "cannot read it as a date, so the file name's date, 2017-10-24, is used",
    ]


def test_a_date_that_cannot_be_read_without_a_dated_file_name_is_an_error(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path, {"content/world/x.md": article("X", date="September 31, 2014")})
    [message] = errors_of(site)
    assert message.startswith(
        "content/world/x.md:3: 'date': 'September 31, 2014' is not a valid date (day is out"
    )


def test_the_lead_story_dated_by_its_day_shows_no_time(tmp_path: Path) -> None:
    files = {
        "content/world/lead.md": article("Lead", date="2024-03-05", featured="true"),
        "content/world/other.md": article("Other", date="2024-03-04T10:00:00+09:00"),
    }
    home = read(build_site(write_site(tmp_path, files)).output, "")
    lead = home[home.index('<section class="lead-story') : home.index("</section>")]
    assert '<time datetime="2024-03-05">March 5, 2024</time>' in lead
    assert "00:00" not in lead


# 11. Zola


def team_template() -> dict[str, str]:
    """A site's byline that shows two values of `article.extra`."""
    byline = (
        "{% if article is defined %}<p class=\"extra\">{{ article.extra.get('team', '') }}|"
        "{{ article.extra.get('external_url', '') }}</p>{% endif %}\n"
    )
    return {"templates/partials/byline.html": byline}


ZOLA = {
    "content/1.0-Timeline.md": (
        '+++\npath = "2014/12/12/1.0-Timeline"\ntitle = "Rust 1.0: Scheduling the trains"\n'
        'authors = ["Aaron Turon"]\ndescription = "Time to begin the release cycle."\n'
        'aliases = ["2014/12/12/1.0-Timeline.html", "releases/1.0.0"]\n\n'
        '[extra]\nteam = "The Core Team"\nteam_url = "https://example.org/core"\n+++\n\nText.\n'
    ),
    "content/inside-rust/clippy/index.md": (
        '+++\npath = "inside-rust/2025/10/22/clippys-feature-freeze"\ntitle = "Clippy"\n'
        'authors = ["blyxyas"]\n\n[taxonomies]\ntags = ["Tools"]\nareas = ["Lints"]\n\n'
        "[extra]\nrelease = true\n+++\n\nText.\n"
    ),
    "content/_index.md": '+++\ntitle = "Rust Blog"\nsort_by = "permalink"\n+++\n',
}


def test_zola_paths_give_the_date_the_slug_and_a_redirect(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, {**ZOLA, **team_template()}))
    out = result.output
    page = read(out, "1.0-timeline/")
    assert times(page)[0] == "2014-12-12|December 12, 2014"
    assert "Time to begin the release cycle." in page and "Aaron Turon" in page
    assert '<p class="extra">The Core Team|</p>' in page  # Zola's [extra], as article.extra
    clippy = read(out, "inside-rust/clippys-feature-freeze/")
    assert times(clippy)[0] == "2025-10-22|October 22, 2025"
    for old, new in (
        ("2014/12/12/1.0-Timeline/index.html", "1.0-timeline/"),
        ("2014/12/12/1.0-Timeline.html", "1.0-timeline/"),
        ("releases/1.0.0/index.html", "1.0-timeline/"),  # a folder, as Zola served it
        (
            "inside-rust/2025/10/22/clippys-feature-freeze/index.html",
            "inside-rust/clippys-feature-freeze/",
        ),
    ):
        assert f"url=https://news.example.com/{new}" in (out / old).read_text("utf-8"), old
    assert (out / "tags/tools/index.html").is_file() and (out / "tags/lints/index.html").is_file()
    assert warnings_of(result) == []


# 12. Link posts


LINK_POSTS = {
    # Digital.gov: a post that points to another site's story, with a standfirst only.
    "content/news/2022-06-22-what-is-cx.md": (
        "---\n# Originally published at the following URL\n"
        "source_url: https://blog.example.gov/cx/\nsource: example-agency\n"
        "date: 2022-06-21 13:18:00 -0500\ntitle: What is Customer Experience?\n"
        'deck: "A look at what it is."\ntopics:\n  - customer-experience\n'
        "slug: what-is-customer-experience\nweight: 1\n---\n"
    ),
    "content/news/2018-09-20-summary-only.md": (
        "---\ntitle: Summary only\ndate: 2018-09-20\nsummary: All there is to say.\n---\n\n"
    ),
    "content/news/2018-09-21-link-only.md": (
        "---\ntitle: Link only\ndate: 2018-09-21\nexternal_link: https://example.org/story\n---\n"
    ),
}


def test_a_link_post_needs_no_body(tmp_path: Path) -> None:
    result = build_site(write_site(tmp_path, {**LINK_POSTS, **team_template()}))
    out = result.output
    page = read(out, "news/what-is-customer-experience/")
    assert '<p class="standfirst">A look at what it is.</p>' in page
    assert '<p class="extra">|https://blog.example.gov/cx/</p>' in page
    assert (out / "tags/customer-experience/index.html").is_file()
    assert "All there is to say." in read(out, "news/2018-09-20-summary-only/")
    assert "|https://example.org/story</p>" in read(out, "news/2018-09-21-link-only/")
    assert warnings_of(result) == []


def test_an_empty_article_with_no_summary_or_link_is_still_an_error(tmp_path: Path) -> None:
    files = {
        "content/a.md": "---\ntitle: A\ndate: 2022-06-21\nsource: example-agency\n---\n",
        "content/b.md": "---\ntitle: B\ndate: 2022-06-21\nsource_url: javascript:alert(1)\n---\n",
    }
    with pytest.raises(BuildError) as caught:
        build_site(write_site(tmp_path, files))
    assert sorted(str(d) for d in caught.value.diagnostics) == [
        "content/a.md:5: the article has no body",
        "content/b.md:4: warning: 'source_url' is not an http(s) address, so the article links "
        "to nothing: the text 'javascript:alert(1)'",
        "content/b.md:5: the article has no body",
    ]


# 13. Keys that are another system's records, and images from a media library


def test_archives_own_keys_are_read_or_kept_quietly(tmp_path: Path) -> None:
    files = {
        # Digital.gov (Hugo): a standfirst, a label, a taxonomy, media-library images.
        "content/news/a.md": (
            '---\ntitle: A\ndate: 2019-06-18\nkicker: New Guide\ndeck: "The deck."\n'
            "topics: [public-policy]\ntags: [forms]\nfeatured_image:\n  uid: pra-guide\n"
            "  alt: A guide\nprimary_image: pra-guide-launch\ncms_date: {yyyy: '2020'}\n---\nA.\n"
        ),
        "content/news/b.md": "---\ntitle: B\ndate: 2019-06-19\ndek: The dek.\nfeatured_image:\n---\nB.\n",
        # rOpenSci (Hugo, R Markdown): Hugo's params, reviewers, the tools' settings.
        "content/blog/c/index.md": (
            "---\ntitle: C\ndate: 2021-01-19\nparams:\n  doi: 10.59350/x\ntranslator: Ana\n"
            "editor: [Steffi]\ntopicid: 1307\npackage_version: 2.1\noutput:\n  html_document:\n"
            "    keep_md: yes\neditor_options:\n  chunk_output_type: console\n"
            "twitterImg: blog/x.png\ntwitterAlt: X\nsocial: A summary.\n---\nC.\n"
        ),
        # 18F (Jekyll): the image's alt text and caption beside it.
        "content/_posts/2016-06-07-d.md": (
            "---\ntitle: D\nimage: photo.jpg\nimage_accessibility: Two people at a board\n"
            "image_figcaption: The team at work.\nhero: false\ntumblr_url: http://x.tumblr.com/1\n"
            "github: https://github.com/x/y/issues/1\n---\nD.\n"
        ),
        "content/_posts/photo.jpg": jpeg(),
        # Ruby (Jekyll) and This Week in Rust (Pelican).
        "content/e.md": article("E", translator="Masaki"),
        "content/f.md": "Title: F\nNumber: 604\nDate: 2025-06-18\n\nF.\n",
    }
    result = build_site(write_site(tmp_path, files))
    out = result.output
    a = read(out, "news/a/")
    assert '<p class="standfirst">The deck.</p>' in a and "pra-guide" not in a
    assert (out / "tags/public-policy/index.html").is_file() and (
        out / "tags/forms/index.html"
    ).is_file()
    assert '<p class="standfirst">The dek.</p>' in read(out, "news/b/")
    d = read(out, "d/")
    assert 'alt="Two people at a board"' in d and "The team at work." in d
    assert warnings_of(result) == []


def test_a_misspelt_name_of_another_generator_gets_a_hint(tmp_path: Path) -> None:
    text = (
        "---\ntitle: A\ndate: 2019-04-01\ndescritpion: x\ncommunities: [apis]\n"
        "pacakge_version: 2.1\n---\nText.\n"
    )
    result = build_site(write_site(tmp_path, {"content/a.md": text}))
    assert warnings_of(result) == [
        "content/a.md:4: warning: unknown front matter key 'descritpion' (did you mean 'description'?)",
        "content/a.md:5: warning: unknown front matter key 'communities'",
        "content/a.md:6: warning: unknown front matter key 'pacakge_version' (did you mean 'package_version'?)",
    ]


# 14. Pelican names an article by its title


def test_pelican_slugs_come_from_the_title(tmp_path: Path) -> None:
    config = DEFAULT_CONFIG + '[permalinks]\narticle = "blog/{year}/{month}/{day}/{slug}/"\n'
    files = {
        "content/2025-06-18-this-week-in-rust.md": (
            "Title: This Week in Rust 604\nNumber: 604\nDate: 2025-06-18\n"
            "Category: This Week in Rust\n\nHello.\n"
        ),
        "content/2013-07-05-the-state-of-rust.markdown": (
            "Title: The State of Rust 0.7\nDate: 2013-07-05\n\nHello.\n"
        ),
        "content/2013-07-06-named.md": "Title: Named\nSlug: its-own-name\nDate: 2013-07-06\n\nHello.\n",
    }
    result = build_site(write_site(tmp_path, files, config=config))
    out = result.output
    for path in ("blog/2025/06/18/this-week-in-rust-604/", "blog/2013/07/05/the-state-of-rust-07/",
                 "blog/2013/07/06/its-own-name/"):  # fmt: skip
        assert (out / path / "index.html").is_file(), path
    assert warnings_of(result) == []
