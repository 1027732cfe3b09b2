"""A site that publishes in several languages: each language's pages, feeds and sitemaps,
the links between translations, and the mistakes a newsroom makes declaring them."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from sitekit import NOW, REPO, article, broken_links, build_site, read, write_site

from newsgen.build import BuildOptions, build
from newsgen.core.config import load_config
from newsgen.core.errors import BuildError
from newsgen.render.session import Session
from newsgen.serve.first_look import first_look

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
HOST = "https://news.example.com/"

CONFIG = """\
title = "The Daily"
description = "News of the day."
language = "en"
timezone = "UTC"
base_url = "https://news.example.com/"
per_page = 5

[sections.world]
title = "World"

[languages.ar]
title = "اليومية"
description = "أخبار اليوم"

[languages.ar.sections.world]
title = "العالم"

[languages.ja]
title = "デイリー"
"""

# One story in three languages, each linked to the others by its path (a language folder,
# and Hugo's name form); one English story and one Arabic story with no translation.
FILES = {
    "content/world/quake.md": article(
        "Quake shakes the coast", "2026-11-28T10:00:00Z", "A strong quake.", tags="[Quake]"
    ),
    "content/ar/world/quake.md": article(
        "زلزال يهز الساحل", "2026-11-28T10:05:00Z", "زلزال قوي.", tags="[زلزال]"
    ),
    "content/world/quake.ja.md": article(
        "沿岸で強い地震", "2026-11-28T10:10:00Z", "強い地震があった。"
    ),
    "content/world/markets.md": article("Markets calm", "2026-11-27T09:00:00Z", "Calm."),
    "content/ar/opinion.md": article(
        "رأي في الأسواق", "2026-11-27T08:00:00Z", "رأي.", translation_key="markets-view"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("multilingual"), FILES, CONFIG)
    build_site(root)
    return root / "output"


def titles(html: str) -> set[str]:
    """The headlines a listing links to."""
    return set(re.findall(r"<h[23][^>]*>\s*<a [^>]*>([^<]+)</a>", html))


def test_each_language_has_its_own_addresses(site: Path) -> None:
    assert "Quake shakes the coast" in read(site, "world/quake/")
    assert "زلزال يهز الساحل" in read(site, "ar/world/quake/")
    # Hugo's quake.ja.md: the language in the file's name is not in the address.
    assert "沿岸で強い地震" in read(site, "ja/world/quake/")


def test_a_listing_shows_only_its_own_languages_articles(site: Path) -> None:
    english, arabic, japanese = read(site, ""), read(site, "ar/"), read(site, "ja/")
    assert "Quake shakes the coast" in english and "Markets calm" in english
    for other in ("زلزال", "沿岸", "رأي"):
        assert other not in english
    assert "زلزال يهز الساحل" in arabic and "رأي في الأسواق" in arabic
    assert "Quake" not in arabic and "沿岸" not in arabic
    assert "沿岸で強い地震" in japanese and "Quake" not in japanese
    world = read(site, "ar/world/")
    assert "زلزال يهز الساحل" in world and "Quake" not in world
    assert "Markets" not in read(site, "ar/archive/2026/11/")


def test_a_language_has_its_own_title_and_section_words(site: Path) -> None:
    arabic = read(site, "ar/world/")
    assert "<title>العالم · اليومية</title>" in arabic
    assert "<title>World · The Daily</title>" in read(site, "world/")
    # Japanese has no words for the section: the site's own are used.
    assert "<title>World · デイリー</title>" in read(site, "ja/world/")


def alternates(html: str) -> dict[str, str]:
    """The page's versions as its head gives them: hreflang -> address."""
    found = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    return dict(found)


def switcher(html: str) -> list[tuple[str, str, str, bool]]:
    """The language switcher's links: (address, lang, hreflang, marked as this page)."""
    found = re.search(r'<nav class="languages" aria-label="[^"]+">\s*<ul>(.*?)</ul>', html, re.S)
    assert found is not None, "no language switcher"
    links = re.findall(r'<a href="([^"]*)" lang="([^"]*)" hreflang="([^"]*)"([^>]*)>', found[1])
    return [(href, lang, hreflang, "aria-current" in rest) for href, lang, hreflang, rest in links]


def test_translations_name_each_other_and_a_default_in_their_heads(site: Path) -> None:
    groups = [
        {"en": "world/quake/", "ar": "ar/world/quake/", "ja": "ja/world/quake/"},
        {"en": "", "ar": "ar/", "ja": "ja/"},
        {"en": "world/", "ar": "ar/world/", "ja": "ja/world/"},
        {"en": "archive/2026/11/", "ar": "ar/archive/2026/11/", "ja": "ja/archive/2026/11/"},
    ]
    for group in groups:
        wanted = {code: HOST + path for code, path in group.items()}
        wanted["x-default"] = HOST + group["en"]
        for code, path in group.items():
            page = read(site, path)
            assert alternates(page) == wanted, path
            assert f'<html lang="{code}"' in page
    # A story with no translation names only itself.
    assert alternates(read(site, "world/markets/")) == {"en": f"{HOST}world/markets/"}
    assert alternates(read(site, "ar/opinion/")) == {"ar": f"{HOST}ar/opinion/"}


def test_the_switcher_leads_to_the_translation_or_else_the_languages_home(site: Path) -> None:
    assert switcher(read(site, "ar/world/quake/")) == [
        ("/world/quake/", "en", "en", False),
        ("/ar/world/quake/", "ar", "ar", True),
        ("/ja/world/quake/", "ja", "ja", False),
    ]
    page = read(site, "world/markets/")
    assert switcher(page) == [
        ("/world/markets/", "en", "en", True),
        ("/ar/", "ar", "ar", False),
        ("/ja/", "ja", "ja", False),
    ]
    names = re.findall(r'hreflang="\w+"[^>]*>([^<]+)</a>', page)
    assert names == ["English", "العربية", "日本語"]
    # The switcher is named in the page's language, each language in its own.
    assert '<nav class="languages" aria-label="Languages">' in page
    assert '<nav class="languages" aria-label="اللغات">' in read(site, "ar/world/quake/")


def test_a_listings_later_pages_lead_to_the_listing_in_each_language(tmp_path: Path) -> None:
    files = {
        f"content/world/n{n}.md": article(f"N{n}", f"2026-11-2{n}T10:00:00Z") for n in range(7)
    }
    files["content/ar/world/a.md"] = article("أ", "2026-11-20T10:00:00Z", "أ.")
    write_site(tmp_path, files, CONFIG)
    build_site(tmp_path)
    second = read(tmp_path / "output", "world/page/2/")
    assert alternates(second) == {"en": f"{HOST}world/page/2/"}
    # Japanese has the section too (config.toml names it), with no article yet.
    assert [link[0] for link in switcher(second)] == ["/world/", "/ar/world/", "/ja/world/"]


def test_a_languages_pages_show_its_own_site(site: Path) -> None:
    page = read(site, "ar/world/quake/")
    assert '<a class="brand" href="/ar/">اليومية</a>' in page
    assert 'href="/ar/world/"' in page and 'href="/world/"' not in page.split("<main")[1]
    assert 'href="/ar/feed.xml"' in page


def test_each_language_has_its_own_feeds(site: Path) -> None:
    for path, language, title in (
        ("feed.xml", "en", "Quake shakes the coast"),
        ("ar/feed.xml", "ar", "زلزال يهز الساحل"),
        ("ja/atom.xml", "ja", "沿岸で強い地震"),
        ("ar/world/feed.xml", "ar", "زلزال يهز الساحل"),
    ):
        feed = feedparser.parse((site / path).read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.feed.get("language", language) == language
        assert feed.entries[0].title == title
        assert all(e.link.startswith(HOST + ("" if language == "en" else language + "/"))
                   for e in feed.entries)  # fmt: skip
    assert "<language>ar</language>" in (site / "ar/feed.xml").read_text()
    assert 'xml:lang="ja"' in (site / "ja/atom.xml").read_text()


def test_the_sitemap_lists_each_languages_sitemap_with_every_version(site: Path) -> None:
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert parts == [f"{HOST}sitemap-en.xml", f"{HOST}sitemap-ar.xml", f"{HOST}sitemap-ja.xml"]
    versions: dict[str, dict[str, str]] = {}
    for code in ("en", "ar", "ja"):
        root = ET.parse(site / f"sitemap-{code}.xml").getroot()
        for url in root.iter(f"{SITEMAP}url"):
            loc = url.findtext(f"{SITEMAP}loc") or ""
            prefix = HOST if code == "en" else f"{HOST}{code}/"
            assert loc.startswith(prefix)
            links = url.findall(f"{XHTML}link")
            versions[loc] = {link.get("hreflang", ""): link.get("href", "") for link in links}
    quake = versions[f"{HOST}world/quake/"]
    assert quake == {
        "en": f"{HOST}world/quake/",
        "ar": f"{HOST}ar/world/quake/",
        "ja": f"{HOST}ja/world/quake/",
        "x-default": f"{HOST}world/quake/",
    }
    # Reciprocal: each version lists the same versions.
    assert versions[f"{HOST}ar/world/quake/"] == quake == versions[f"{HOST}ja/world/quake/"]
    assert versions[f"{HOST}ar/"]["en"] == HOST
    # A story in one language only has no alternates.
    assert versions[f"{HOST}world/markets/"] == {}
    assert versions[f"{HOST}ar/opinion/"] == {}


def test_the_news_sitemap_says_each_articles_language(site: Path) -> None:
    root = ET.parse(site / "news-sitemap.xml").getroot()
    found = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f".//{NEWS}language")
        for url in root.iter(f"{SITEMAP}url")
    }
    assert found[f"{HOST}world/quake/"] == "en"
    assert found[f"{HOST}ar/world/quake/"] == "ar"
    assert found[f"{HOST}ja/world/quake/"] == "ja"
    assert "sitemap.xml" in (site / "robots.txt").read_text()


def test_front_matter_says_an_articles_language(tmp_path: Path) -> None:
    files = {
        "content/world/tokyo.md": article(
            "東京の朝", "2026-11-28T10:00:00Z", "朝。", language="ja", translationKey="tokyo"
        ),
        "content/world/tokyo-morning.md": article(
            "Morning in Tokyo", "2026-11-28T09:00:00Z", "Morning.", translation_key="tokyo"
        ),
    }
    # Hugo's section pages, in any language, are not articles.
    files["content/world/_index.ja.md"] = article("世界", "2026-11-28T10:00:00Z", "世界。")
    write_site(tmp_path, files, CONFIG)
    build_site(tmp_path)
    assert not (tmp_path / "output/ja/world/index/index.html").exists()
    assert "世界。" not in read(tmp_path / "output", "ja/world/")
    japanese = read(tmp_path / "output", "ja/world/tokyo/")
    assert "東京の朝" in japanese
    sitemap = (tmp_path / "output/sitemap-ja.xml").read_text()
    assert f'hreflang="en" href="{HOST}world/tokyo-morning/"' in sitemap


def test_a_rebuild_after_an_edit_in_one_language_renders_only_its_pages(tmp_path: Path) -> None:
    write_site(tmp_path, FILES, CONFIG)
    first = build_site(tmp_path)
    english = read(tmp_path / "output", "world/quake/")
    story = tmp_path / "content/ar/world/quake.md"
    story.write_text(story.read_text().replace("زلزال قوي.", "زلزال قوي جدًا."))
    again = build_site(tmp_path)
    assert "زلزال قوي جدًا." in read(tmp_path / "output", "ar/world/quake/")
    assert 0 < again.rendered < first.rendered / 3
    assert read(tmp_path / "output", "world/quake/") == english


def test_serve_shows_an_edited_translation_at_once_as_the_rebuild_will(tmp_path: Path) -> None:
    write_site(tmp_path, FILES, CONFIG)
    session = Session()
    build(load_config(tmp_path / "config.toml"), BuildOptions(now=NOW), session)
    assert session.last is not None
    story = tmp_path / "content/world/quake.ja.md"
    story.write_text(story.read_text().replace("強い地震があった。", "津波の心配はない。"))
    found = first_look(session.last, story)
    assert found is not None
    output, data = found
    assert output == "ja/world/quake/index.html" and "津波の心配はない。" in data.decode()
    build_site(tmp_path)
    assert (tmp_path / "output" / output).read_bytes() == data


def failure(tmp_path: Path, files: dict[str, str], config: str = CONFIG) -> list[str]:
    """The problems a build reports, as `path:line: message`; the build writes nothing."""
    write_site(tmp_path, files, config)
    with pytest.raises(BuildError) as caught:
        build_site(tmp_path)
    assert not (tmp_path / "output").exists()
    return [str(d) for d in caught.value.diagnostics if d.severity == "error"]


def test_an_article_in_an_undeclared_language_is_an_error(tmp_path: Path) -> None:
    files = {"content/world/x.md": article("Hallo", "2026-11-28T10:00:00Z", "Hallo.", lang="de")}
    [problem] = failure(tmp_path, files)
    assert problem.startswith("content/world/x.md:4: ")
    assert "'de'" in problem and "[languages.de]" in problem


def test_two_translations_in_one_language_is_an_error(tmp_path: Path) -> None:
    files = {
        "content/world/a.md": article("A", "2026-11-28T10:00:00Z", "A.", translation_key="k"),
        "content/world/b.md": article("B", "2026-11-28T10:00:00Z", "B.", translation_key="k"),
    }
    [problem] = failure(tmp_path, files)
    assert problem.startswith("content/world/b.md:4: ")
    assert "content/world/a.md" in problem and "'k'" in problem


def test_a_language_the_folder_contradicts_is_an_error(tmp_path: Path) -> None:
    files = {"content/ar/x.md": article("X", "2026-11-28T10:00:00Z", "X.", lang="ja")}
    [problem] = failure(tmp_path, files)
    assert problem.startswith("content/ar/x.md:4: ")
    assert "'ja'" in problem and "'ar'" in problem


def test_a_section_at_a_languages_address_is_an_error(tmp_path: Path) -> None:
    files = {"content/x.md": article("X", "2026-11-28T10:00:00Z", "X.", section="ja")}
    [problem] = failure(tmp_path, files)
    assert problem.startswith("content/x.md:4: ")
    assert "languages.ja.prefix" in problem
    config = CONFIG + '\n[sections.ar]\ntitle = "Arabia"\n'
    [problem] = failure(tmp_path / "config", {}, config)
    assert problem.startswith(f"{tmp_path / 'config'}/config.toml:11: ")
    assert "prefix 'ar'" in problem and "section 'ar'" in problem


@pytest.mark.parametrize(
    ("table", "line"),
    [
        ('[languages."../x"]\ntitle = "x"', "../x"),
        ('[languages."<script>"]\ntitle = "x"', "<script>"),
        ('[languages.fr]\nprefix = "../etc"', "../etc"),
        ('[languages.fr]\nprefix = "<script>"', "<script>"),
        ('[languages.fr]\nprefix = "tags"', "tags"),
    ],
)
def test_a_hostile_language_never_reaches_a_path(tmp_path: Path, table: str, line: str) -> None:
    files = {"content/x.md": article("X", "2026-11-28T10:00:00Z", "X.")}
    [problem] = failure(tmp_path, files, CONFIG + "\n" + table + "\n")
    assert problem.startswith(f"{tmp_path}/config.toml:2") and line in problem
    assert not list(tmp_path.glob("output*"))


def test_hostile_words_in_a_language_stay_words(tmp_path: Path) -> None:
    config = CONFIG.replace('title = "デイリー"', 'title = "デイリー"\nname = "<b>日本語</b>"')
    files = {
        "content/world/quake.md": article(
            "Quake", "2026-11-28T10:00:00Z", "Q.", translation_key='"<script>alert(1)</script>"'
        ),
        "content/world/quake-ja.md": article(
            "地震", "2026-11-28T10:00:00Z", "地震。", lang="ja",
            translation_key='"<script>alert(1)</script>"',
        ),
    }  # fmt: skip
    write_site(tmp_path, files, config)
    build_site(tmp_path)
    page = read(tmp_path / "output", "world/quake/")
    assert "&lt;b&gt;日本語&lt;/b&gt;" in page and "<b>" not in page
    assert "alert(1)" not in page and 'href="/ja/world/quake-ja/" lang="ja"' in page
    bad = {"content/x.md": article("X", "2026-11-28T10:00:00Z", "X.", lang='"../x"')}
    [problem] = failure(tmp_path / "bad", bad)
    assert problem.startswith("content/x.md:4: ") and "../x" in problem


def test_a_site_of_one_language_says_nothing_of_others(tmp_path: Path) -> None:
    config = CONFIG.split("[languages.ar]")[0]
    files = {"content/world/quake.md": FILES["content/world/quake.md"],
             "content/world/quake.ja.md": FILES["content/world/quake.ja.md"]}  # fmt: skip
    write_site(tmp_path, files, config)
    build_site(tmp_path)
    output = tmp_path / "output"
    page = read(output, "world/quake/")
    assert "x-default" not in page and 'class="languages"' not in page
    assert ET.parse(output / "sitemap.xml").getroot().tag == f"{SITEMAP}urlset"
    assert not list(output.glob("sitemap-*.xml"))
    assert not (output / "static/css/languages.css").exists()
    # Without languages, a name like quake.ja.md is the file's own name, as before.
    assert (output / "world/quake.ja/index.html").is_file()
    # One language declared: no switcher to offer.
    write_site(tmp_path, {}, config + '\n[languages.en]\ntitle = "The Daily"\n')
    build_site(tmp_path)
    assert 'class="languages"' not in read(output, "world/quake/")
    assert "languages.css" not in read(output, "world/quake/")


EXAMPLE = REPO / "examples" / "multilingual"
EXAMPLE_HOST = "https://herald.example.org/"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's multilingual example, built from a copy (its cache stays out of the
    checkout)."""
    site = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE / "content", site / "content")
    shutil.copy(EXAMPLE / "config.toml", site / "config.toml")
    build(load_config(site / "config.toml"), BuildOptions(now=NOW))
    return site / "output"


def page_at(output: Path, address: str) -> str:
    return read(output, address.removeprefix(EXAMPLE_HOST))


def test_every_translated_page_of_the_example_names_the_same_versions(example: Path) -> None:
    translated = 0
    for file in sorted(example.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        versions = alternates(html)
        if len(versions) < 2:
            continue
        translated += 1
        assert "x-default" in versions, file
        for code, address in versions.items():
            if code == "x-default":
                assert address == versions.get("en", next(iter(versions.values())))
                continue
            other = page_at(example, address)
            assert alternates(other) == versions, (file, address)
            assert f'<html lang="{code}"' in other
    assert translated > 20


def test_the_examples_switchers_and_links_all_lead_somewhere(example: Path) -> None:
    assert broken_links(example) == []  # the switcher's style sheet too
    assert 'href="/static/css/languages.css"' in read(example, "")
    page = read(example, "ja/city/tram-fares-cut/")
    assert switcher(page) == [
        ("/city/tram-fares/", "en", "en", False),
        ("/ar/", "ar", "ar", False),  # no Arabic version: the Arabic front page
        ("/ja/city/tram-fares-cut/", "ja", "ja", True),
    ]
    assert '<html lang="ar"' in read(example, "ar/city/souk-lanterns/")


def test_the_examples_listings_feeds_and_sitemaps_keep_to_their_language(example: Path) -> None:
    scripts = {"en": re.compile(r"[A-Za-z]"), "ar": re.compile(r"[\u0600-\u06ff]"),
               "ja": re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")}  # fmt: skip
    for code, prefix in (("en", ""), ("ar", "ar/"), ("ja", "ja/")):
        for listing in ("", "city/", "science/"):
            shown = titles(read(example, prefix + listing))
            assert shown, (code, listing)
            for title in shown:
                assert scripts[code].search(title), (code, listing, title)
        feed = feedparser.parse((example / prefix / "feed.xml").read_bytes())
        assert not feed.bozo and feed.feed.language == code
        assert all(scripts[code].search(e.title) for e in feed.entries)
        ET.parse(example / f"sitemap-{code}.xml")  # well-formed
    news = ET.parse(example / "news-sitemap.xml").getroot()
    for url in news.iter(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc") or ""
        code = loc.removeprefix(EXAMPLE_HOST).split("/")[0]
        assert url.findtext(f".//{NEWS}language") == (code if code in ("ar", "ja") else "en")


def test_open_graph_names_each_language_with_its_territory(site: Path) -> None:
    # Open Graph wants language and territory: the tag's own, else CLDR's likeliest.
    page = read(site, "ar/world/quake/")
    assert '<meta property="og:locale" content="ar_EG">' in page
    others = re.findall(r'<meta property="og:locale:alternate" content="([^"]+)">', page)
    assert others == ["en_US", "ja_JP"]
    # A page with no translation names no other language.
    assert "og:locale:alternate" not in read(site, "world/markets/")


def test_each_languages_live_page_keeps_its_address(tmp_path: Path) -> None:
    # ar/live/ is where Arabic live coverage will be published: an Arabic section named
    # `live` is refused the day it is made, not the day coverage starts.
    files = {"content/ar/live/a.md": article("مباشر", "2026-11-28T10:00:00Z", "نص.")}
    problems = failure(tmp_path, files)
    assert any("ar/live/index.html" in p and "permalinks.live" in p for p in problems), problems
