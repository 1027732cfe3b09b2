"""Sites and articles in other languages, built and read as a reader gets them: dates and
clocks as CLDR writes them, archive headings in the language's order, reading time and
summaries counted as the language is written, an article's own language in its JSON-LD and
its feed entries, and the direction of right-to-left pages."""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitekit import article, build_sample, build_site, json_ld, read, write_site

SEOUL_SITE = """\
title = "Test Times"
timezone = "Asia/Seoul"
base_url = "https://news.example.com/"
"""
EVENING = "2026-11-20T22:05:00+09:00"
# Two sentences of Japanese news, 74 characters: 85 of them make an article of 6,290.
TOKYO = (
    "東京都心では朝から冷たい雨が降り続き、多くの通勤客が傘を手に駅へ急いだ。"
    "気象庁によると、雨は夕方まで続く見込みで、週末には気温が一段と下がるという。"
)
BUSAN = (
    "부산 앞바다에서 밤사이 강한 바람이 불면서 여객선 운항이 모두 중단됐다. 해양경찰은 항구에 "
    "정박한 어선들을 점검하고 해안가 산책로 출입을 막았다. 시민들은 출근길에 우산을 챙겼지만 "
    "거센 바람에 뒤집히는 일이 잇따랐다. 기상청은 내일 오후까지 바람이 이어질 것으로 내다봤다."
)


def site_in(tmp_path: Path, language: str, files: dict[str, str | bytes]) -> Path:
    """A site written in `language`, built; its output folder."""
    config = SEOUL_SITE + f'language = "{language}"\n'
    return build_site(write_site(tmp_path, files, config)).output


def times(page: str) -> list[str]:
    """The text of each <time> element of the page's main part."""
    main = page[page.index('<main id="main"') :]
    return re.findall(r"<time[^>]*>([^<]*)</time>", main)


def description(page: str) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert found is not None
    return html.unescape(found.group(1))


# 1. Dates, times and numbers, from CLDR


@pytest.mark.parametrize(
    ("language", "published", "card"),
    [
        ("fr", "20 novembre 2026, 22:05 UTC+9", "20 nov. 2026"),
        ("de", "20. November 2026, 22:05 GMT+9", "20.11.2026"),
        ("ja", "2026年11月20日 22:05 GMT+9", "2026/11/20"),
        ("ko", "2026년 11월 20일 오후 10:05 GMT+9", "2026. 11. 20."),
        # CLDR's Arabic writes the digits 0-9 (its default numbering system for `ar` is
        # `latn`), as most Arabic news sites do on the web; the month is the Arabic name.
        ("ar", "20 نوفمبر 2026، 10:05 م غرينتش+9", "20\u200f/11\u200f/2026"),
        # A 12-hour clock, with the narrow space CLDR puts before PM; English names a zone
        # by the time zone database's abbreviation where CLDR has none.
        ("en-US", "November 20, 2026, 10:05\u202fPM KST", "Nov 20, 2026"),
        ("en-GB", "20 November 2026, 22:05 KST", "20 Nov 2026"),
    ],
)
def test_dates_are_written_as_the_sites_language_writes_them(
    tmp_path: Path, language: str, published: str, card: str
) -> None:
    out = site_in(tmp_path, language, {"content/world/a.md": article("A", date=EVENING)})
    assert times(read(out, "world/a/"))[0] == published
    assert times(read(out, "world/")) == [card]
    # The machine-readable date is ISO 8601 whatever the language.
    assert f'<time datetime="{EVENING}">' in read(out, "world/a/")


def test_a_japanese_month_archive_is_headed_year_first(tmp_path: Path) -> None:
    files = {"content/world/a.md": article("A", date="2025-02-10T09:00:00+09:00")}
    out = site_in(tmp_path, "ja", files)
    assert "<h1>2025年2月</h1>" in read(out, "archive/2025/02/")
    assert ">2025年2月</a>" in read(out, "archive/")
    assert ">2月</a>" in read(out, "archive/2025/")  # a month of the year, standing alone
    assert "2月 2025" not in read(out, "archive/")
    # The year too, as a heading and in the breadcrumb: "2025年".
    assert "<h1>2025年</h1>" in read(out, "archive/2025/")
    assert ">2025年</a></h2>" in read(out, "archive/")


def test_month_names_stand_alone_in_the_languages_own_case(tmp_path: Path) -> None:
    """Russian names a month alone in the nominative (ноябрь), in a date in the genitive."""
    out = site_in(tmp_path, "ru", {"content/world/a.md": article("A", date=EVENING)})
    year = "2026\u202fг."  # noqa: RUF001 (with the narrow space CLDR writes)
    assert f">ноябрь {year}</a>" in read(out, "archive/")
    assert times(read(out, "world/a/"))[0].startswith(f"20 ноября {year}")


# 2. How an article is counted, in its own language


def test_a_long_japanese_article_takes_minutes_to_read_not_one(tmp_path: Path) -> None:
    body = "\n\n".join(TOKYO * 5 for _ in range(17))
    assert len(body.replace("\n", "")) == 6290
    files = {"content/world/tokyo.md": article("東京で冷たい雨", body=body, lang="ja")}
    out = site_in(tmp_path, "en", files)  # the site's language does not count: the article's
    page = read(out, "world/tokyo/")
    reading = re.search(r'<p class="times">.*?</p>', page, re.S)
    assert reading is not None
    # 6,290 characters at 357 a minute (IReST's Japanese): 18 minutes.
    assert re.search(r"(?<!\d)18(?!\d)", reading.group(0)), reading.group(0)


def test_a_korean_summary_is_cut_between_words_with_an_ellipsis(tmp_path: Path) -> None:
    files = {"content/world/busan.md": article("부산 강풍", body=BUSAN, lang="ko")}
    out = site_in(tmp_path, "en", files)
    summary = description(read(out, "world/busan/"))
    assert summary.endswith("…") and len(summary) <= 151
    cut = summary[:-1]
    assert BUSAN.startswith(cut) and BUSAN[len(cut)] == " ", summary
    assert len(cut) > 100  # about a card's few lines, not a word or two


def test_a_summary_is_never_cut_inside_a_character(tmp_path: Path) -> None:
    """Japanese written with its voiced kana as two code points (か and a combining ゛):
    the summary, cut after a character, keeps each mark with its kana."""
    paragraph = unicodedata.normalize("NFD", TOKYO * 3)
    assert paragraph != TOKYO * 3  # it has combining marks to split
    files = {"content/world/ame.md": article("雨", body=paragraph, lang="ja")}
    summary = description(read(site_in(tmp_path, "ja", files), "world/ame/"))
    assert summary.endswith("…")
    cut = summary[:-1]
    assert paragraph.startswith(cut)
    assert not unicodedata.combining(paragraph[len(cut)]), "cut between a kana and its mark"


def test_an_articles_own_language_is_in_its_structured_data_and_feed_entries(
    tmp_path: Path,
) -> None:
    files = {
        "content/world/busan.md": article("부산 강풍", body=BUSAN, lang="ko"),
        "content/world/london.md": article("London", date="2026-11-19T09:00:00+09:00"),
    }
    out = site_in(tmp_path, "en", files)
    assert json_ld(read(out, "world/busan/"))[0]["inLanguage"] == "ko"
    assert json_ld(read(out, "world/london/"))[0]["inLanguage"] == "en"
    dc = "{http://purl.org/dc/elements/1.1/}"
    rss = {
        item.findtext("title"): item.findtext(f"{dc}language")
        for item in ET.parse(out / "feed.xml").getroot().iter("item")
    }
    assert rss == {"부산 강풍": "ko", "London": None}  # the channel says en for the rest
    atom, lang = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    feed = ET.parse(out / "atom.xml").getroot()
    assert feed.get(lang) == "en"
    entries = {e.findtext(f"{atom}title"): e.get(lang) for e in feed.iter(f"{atom}entry")}
    assert entries == {"부산 강풍": "ko", "London": None}


def test_the_sample_sites_korean_article_is_marked_korean(tmp_path: Path) -> None:
    page = read(build_sample(tmp_path / "out").output, "world/asia/seoul-first-snow/")
    assert re.search(r'<(?:html|h1)\b[^>]* lang="ko"', page)
    assert json_ld(page)[0]["inLanguage"] == "ko"


# 3. Right to left

CAIRO = "أعلنت محافظة القاهرة افتتاح خط جديد لمترو الأنفاق يربط وسط المدينة بالضواحي الشرقية."


def test_a_right_to_left_site_says_so_on_every_page(tmp_path: Path) -> None:
    files = {
        "content/world/cairo.md": article("مترو جديد في القاهرة", body=CAIRO),
        "content/world/london.md": article("London", body="The Tube runs late.", lang="en"),
    }
    out = site_in(tmp_path, "ar", files)
    for path in ("", "world/", "world/cairo/", "archive/", "404.html"):
        assert re.search(r'<html lang="ar" dir="rtl">', read(out, path)), path
    # An English article on an Arabic site: its own words run left to right.
    assert '<h1 class="headline" lang="en" dir="ltr">' in read(out, "world/london/")


def test_an_arabic_article_on_an_english_site_runs_right_to_left(tmp_path: Path) -> None:
    files = {"content/world/cairo.md": article("مترو جديد", body=CAIRO, lang="ar")}
    out = site_in(tmp_path, "en", files)
    page = read(out, "world/cairo/")
    assert re.search(r"<html lang=\"en\">", page)  # the page and its theme's words: English
    assert '<h1 class="headline" lang="ar" dir="rtl">' in page
    assert '<div class="article-body" lang="ar" dir="rtl">' in page
    assert 'lang="ar" dir="rtl">مترو جديد</a>' in read(out, "world/")  # its card too
