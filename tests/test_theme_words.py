"""Every word the theme shows comes from a gettext catalog in the page's language.

What is checked: every string extracted from the templates and from the Python that makes
page words (`babel.cfg`) has an entry in every catalog shipped with the theme, with the
source's placeholders and the language's number of plural forms; sites built in French,
Arabic, Japanese and Korean show their own words (reading time, breadcrumbs, pagination,
byline, headings) and none of the English ones (each English source string, on pages'
text, titles and ARIA labels); a site's own catalog overrides one string and adds a
language; a bad catalog is an error at its line; `pt-BR` and `zh-CN` fall back to `pt`
and `zh`; an article in another language than its site says so on its own words.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sitekit import (
    DEFAULT_CONFIG,
    REPO,
    article,
    build_site,
    read,
    run_newsgen,
    write_site,
)

from newsgen.core.errors import BuildError

LOCALE = REPO / "templates" / "locale"
SHIPPED = sorted(p.parents[1].name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*[sdif]")


def theme_strings() -> dict[str | tuple[str, str], set[str]]:
    """Every string the theme shows, as `pybabel extract -F babel.cfg` finds it, with its
    placeholders."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str | tuple[str, str], set[str]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        key = message if isinstance(message, str) else tuple(message)
        found[key] = set(
            PLACEHOLDER.findall(" ".join([message] if isinstance(message, str) else message))
        )
    return found


def test_the_theme_ships_catalogs_for_fifteen_languages() -> None:
    wanted = [
        "ar",
        "de",
        "en",
        "es",
        "fr",
        "he",
        "it",
        "ja",
        "ko",
        "nl",
        "pt",
        "ru",
        "tr",
        "uk",
        "zh",
    ]
    assert wanted == SHIPPED


@pytest.mark.parametrize("language", SHIPPED)
def test_every_theme_string_has_an_entry_in_the_catalog(language: str) -> None:
    strings = theme_strings()
    assert len(strings) > 40  # the extraction found the theme
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    plural = get_plural(language)
    assert catalog.num_plurals == plural.num_plurals, "Plural-Forms: nplurals"
    assert catalog.plural_expr == plural.plural_expr, "Plural-Forms: plural"
    for key, names in strings.items():
        singular = key if isinstance(key, str) else key[0]
        message = catalog.get(singular)
        assert message is not None and not message.fuzzy, f"{language}: no entry for {key!r}"
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(key, tuple):
            assert len(forms) == plural.num_plurals, f"{language}: plural forms of {key!r}"
        for form in forms:
            assert form, f"{language}: {key!r} is not translated"
            used = set(PLACEHOLDER.findall(form))
            # A plural form may leave its number out ("دقيقة واحدة", one minute).
            assert used == names or (isinstance(key, tuple) and used == names - {"num"}), (
                f"{language}: {key!r} -> {form!r}"
            )
            form % dict.fromkeys(used, 1)  # a format string, as the theme formats it


def test_the_shipped_template_lists_every_theme_string() -> None:
    with (LOCALE / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    listed = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert listed == set(theme_strings()), "run the extraction in docs/languages.md"


# Sites built in four languages ----------------------------------------------------------

SITES = {
    "fr": ("Le Quotidien", "Monde", ["Claire Martin", "Paul Durand"], "Un titre"),
    "ar": ("الصحيفة", "العالم", ["ليلى حسن", "عمر خالد"], "عنوان الخبر"),
    "ja": ("日刊新聞", "国際", ["山田太郎", "佐藤花子"], "見出し"),
    "ko": ("일간 신문", "국제", ["김민지", "이서준"], "기사 제목"),
}
LONG_READ = {
    "fr": r"<span>([2-9]|\d\d+) min de lecture</span>",
    "ar": r"<span>([3-9]|10) دقائق للقراءة|<span>\d\d+ دقيقة للقراءة",
    "ja": r"<span>([2-9]|\d\d+)分で読めます</span>",
    "ko": r"<span>읽는 시간 ([2-9]|\d\d+)분</span>",
}
BODY = {"fr": "Un mot. ", "ar": "كلمة أخرى. ", "ja": "今日は 晴れです。", "ko": "오늘은 맑습니다. "}
# What a reader finds, by language: reading time (one minute and more), breadcrumbs,
# pagination (page 1 of 3 of a section), the byline of two authors, the home page's band.
FOUND = {
    "fr": [
        "1 min de lecture",
        "Accueil",
        "Page 1 sur 3",
        "Par <a",
        "Claire Martin</a> et <a",
        "En continu",
        "Publié le",
    ],
    "ar": ["دقيقة واحدة للقراءة", "الرئيسية", "الصفحة 1 من 3", "بقلم <a", "آخر الأخبار", "نُشر في"],
    "ja": [
        "1分で読めます",
        "ホーム",
        "1 / 3ページ",
        "執筆：<a",  # noqa: RUF001 (the Japanese colon)
        "山田太郎</a>、<a",
        "新着",
        "公開",
    ],
    "ko": ["읽는 시간 1분", "홈", "3쪽 중 1쪽", "이서준</a> 기자", "최신 기사", "입력"],
}


PAGES = ("", "world/", "world/page/2/", "world/story-1/", "world/story-0/", "tags/", "404.html")


def language_site(root: Path, language: str, *, extra: dict[str, str] | None = None) -> Path:
    title, section, authors, headline = SITES[language]
    files = {
        f"content/world/story-{i}.md": article(
            f"{headline} {i}",
            date=f"2026-11-{10 + i:02d}T10:00:00+09:00",
            body=BODY[language] * (3 if i else 900),
            authors=f"[{', '.join(authors)}]",
            tags=f"[{section}]",
        )
        for i in range(9)
    }
    config = DEFAULT_CONFIG.replace("Test Times", title).replace("A test newspaper.", title)
    config += f'language = "{language}"\n'
    config += f'[sections.world]\ntitle = "{section}"\n'
    return write_site(root, {**files, **(extra or {})}, config)


class _Shown(HTMLParser):
    """The words a reader sees or hears: text outside scripts, and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        self.words += [v for k, v in attrs if k in ("aria-label", "title", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.append(data)


def shown_text(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    return " ".join(parser.words)


def english_words(language: str) -> set[str]:
    """The English of each theme string (the pieces between its placeholders), where the
    language writes it otherwise ("Articles" is French too)."""
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    pieces = set()
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        translated = message.string if isinstance(message.string, str) else message.string[-1]
        if source == translated:
            continue
        for piece in PLACEHOLDER.split(source)[::2]:  # the text between placeholders
            piece = re.sub(r"<[^>]+>|[^\w\s'-]", " ", piece).strip()
            if len(piece) > 1 and piece not in translated:  # "Page" is French too
                pieces.add(piece)
    return pieces


@pytest.mark.parametrize("language", sorted(SITES))
def test_a_site_shows_the_theme_words_in_its_language(tmp_path: Path, language: str) -> None:
    site = language_site(tmp_path, language)
    result = build_site(site)
    assert not [w for w in result.warnings if "catalog" in w.message]
    out = site / "output"
    pages = {path: read(out, path) for path in PAGES}
    everything = "\n".join(pages.values())
    for words in FOUND[language]:
        assert words in everything, words
    # The long article takes minutes, in the plural form the language uses for their number.
    assert re.search(LONG_READ[language], pages["world/story-0/"])
    english = english_words(language)
    assert {"Home", "min read", "By", "Published", "Share", "Latest news"} <= english
    for path, html in pages.items():
        text = shown_text(html)
        left = [w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert not left, f"{language} /{path}: {left}"


def test_a_page_title_and_its_breadcrumb_data_are_in_the_site_language(tmp_path: Path) -> None:
    site = language_site(tmp_path, "fr")
    build_site(site)
    out = site / "output"
    assert "<title>Sujets · Le Quotidien</title>" in read(out, "tags/")
    assert "<title>Monde · page 2 · Le Quotidien</title>" in read(out, "world/page/2/")
    assert '"name": "Accueil"' in read(out, "world/story-1/").replace('":"', '": "')


# A site's own catalogs --------------------------------------------------------------------

OVERRIDE = """\
msgid ""
msgstr ""
"Language: fr\\n"

msgid "Latest"
msgstr "Le fil"
"""


def test_a_site_catalog_overrides_one_string(tmp_path: Path) -> None:
    extra = {"locale/fr/LC_MESSAGES/messages.po": OVERRIDE}
    site = language_site(tmp_path, "fr", extra=extra)
    build_site(site)
    home = read(site / "output", "")
    assert ">Le fil</h2>" in home and "En continu" not in home
    assert ">Accueil<" in read(site / "output", "world/")  # the others from the theme


SWAHILI = """\
msgid ""
msgstr ""
"Language: sw\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Home"
msgstr "Mwanzo"

msgid "%(num)s min read"
msgid_plural "%(num)s min read"
msgstr[0] "Dakika %(num)s ya kusoma"
msgstr[1] "Dakika %(num)s za kusoma"
"""


def test_editing_a_site_catalog_rebuilds_the_pages_that_show_it(tmp_path: Path) -> None:
    site = language_site(tmp_path, "fr", extra={"locale/fr/LC_MESSAGES/messages.po": OVERRIDE})
    build_site(site)
    catalog = site / "locale/fr/LC_MESSAGES/messages.po"
    catalog.write_text(OVERRIDE.replace("Le fil", "En bref"), encoding="utf-8")
    again = build_site(site)
    assert ">En bref</h2>" in read(site / "output", "")
    assert again.rendered == again.pages  # every page may show the theme's words
    catalog.unlink()
    build_site(site)
    assert ">En continu</h2>" in read(site / "output", "")


def test_a_site_adds_a_language_of_its_own(tmp_path: Path) -> None:
    files = {
        "content/world/a.md": article("Habari", body="Neno. " * 900),
        "locale/sw/LC_MESSAGES/messages.po": SWAHILI,
    }
    site = write_site(tmp_path, files, DEFAULT_CONFIG + 'language = "sw"\n')
    result = build_site(site)
    html = read(site / "output", "world/a/")
    assert ">Mwanzo</a>" in html and re.search(r"Dakika \d+ za kusoma", html)
    assert "Published" in html  # what the site did not translate stays English
    assert not [w for w in result.warnings if "catalog" in w.message]


def test_a_language_without_a_catalog_is_english_with_one_warning(tmp_path: Path) -> None:
    files = {f"content/world/{n}.md": article(n) for n in "abc"}
    site = write_site(tmp_path, files, DEFAULT_CONFIG + 'language = "sw"\n')
    result = build_site(site)
    warned = [str(w) for w in result.warnings if "catalog" in w.message]
    assert warned == [
        "config.toml: warning: no catalog has the theme's words in 'sw': they are shown in "
        "English (add locale/sw/LC_MESSAGES/messages.po; see docs/languages.md)"
    ]
    assert ">Home</a>" in read(site / "output", "world/a/")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "Home"\nmsgstr "Accueil"\nmsgstr oops\n', 3, "not a line of a .po file"),
        ('msgid "Home"\nmsgstr "Accueil\n', 2, "not a line of a .po file"),
        (
            '\nmsgid "Home"\n\nmsgid "Share"\nmsgstr "Partager"\n',
            2,
            "missing msgstr for msgid 'Home'",
        ),
        (
            'msgid "Page %(number)s of %(count)s"\nmsgstr "Page %(nombre)s sur %(count)s"\n',
            1,
            "'Page %(number)s of %(count)s': the translation must use %(count)s, %(number)s",
        ),
        ('msgid "Share"\nmsgstr "100% partagé"\n', 1, "not a format string"),
    ],
)
def test_a_bad_site_catalog_is_an_error_at_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    site = language_site(tmp_path, "fr")
    build_site(site)
    before = read(site / "output", "")
    (site / "locale/fr/LC_MESSAGES").mkdir(parents=True)
    (site / "locale/fr/LC_MESSAGES/messages.po").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build_site(site)
    [problem] = caught.value.diagnostics
    assert (problem.path, problem.line) == ("locale/fr/LC_MESSAGES/messages.po", line)
    assert message in problem.message
    assert read(site / "output", "") == before  # the last good site is kept


def test_the_command_names_a_bad_catalog_and_fails(tmp_path: Path) -> None:
    extra = {"locale/fr/LC_MESSAGES/messages.po": 'msgid "Home"\nmsgstr "Accueil\n'}
    site = language_site(tmp_path, "fr", extra=extra)
    done = run_newsgen("build", cwd=site)
    assert done.returncode != 0
    assert "locale/fr/LC_MESSAGES/messages.po:2: not a line of a .po file" in done.stderr


def test_check_names_a_bad_catalog_with_the_other_problems(tmp_path: Path) -> None:
    extra = {
        "locale/fr/LC_MESSAGES/messages.po": 'msgid "Share"\nmsgstr "100% partagé"\n',
        "content/world/broken.md": "---\ntitle: [unclosed\n---\nBody.\n",
    }
    site = language_site(tmp_path, "fr", extra=extra)
    done = run_newsgen("check", cwd=site)
    assert done.returncode != 0
    report = done.stdout  # check lists every problem as its report
    assert "locale/fr/LC_MESSAGES/messages.po:1: 'Share': the translation is not a format" in report
    assert "content/world/broken.md:2:" in report


# Language tags ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("pt-BR", "Página não encontrada"), ("zh-CN", "找不到页面"), ("zh-Hans", "找不到页面")],
)
def test_a_regional_tag_falls_back_to_its_language(
    tmp_path: Path, language: str, words: str
) -> None:
    files = {"content/world/a.md": article("A")}
    site = write_site(tmp_path, files, DEFAULT_CONFIG + f'language = "{language}"\n')
    result = build_site(site)
    assert f"<h1>{words}</h1>" in read(site / "output", "404.html")
    assert not [w for w in result.warnings if "catalog" in w.message]


def test_traditional_chinese_is_not_shown_simplified(tmp_path: Path) -> None:
    files = {"content/world/a.md": article("A")}
    site = write_site(tmp_path, files, DEFAULT_CONFIG + 'language = "zh-TW"\n')
    result = build_site(site)
    assert "<h1>Page not found</h1>" in read(site / "output", "404.html")
    assert [w for w in result.warnings if "'zh-TW'" in w.message]


def test_a_site_template_uses_the_same_calls(tmp_path: Path) -> None:
    footer = (
        "<footer><p>{% trans %}Home{% endtrans %}</p>"
        '<p>{{ _("Page %(number)s of %(count)s", number="<2>", count=3) }}</p>'
        '<p>{{ ngettext("%(num)s min read", "%(num)s min read", 4) }}</p>'
        '<p>{{ _("Our own words") }}</p></footer>'
    )
    site = language_site(tmp_path, "fr", extra={"templates/partials/footer.html": footer})
    build_site(site)
    html = read(site / "output", "world/")
    assert "<p>Accueil</p><p>Page &lt;2&gt; sur 3</p><p>4 min de lecture</p>" in html
    assert "<p>Our own words</p>" in html  # no catalog has it: shown as written


# A site in several languages -----------------------------------------------------------

MULTILINGUAL = """\
title = "The Daily"
language = "en"
timezone = "UTC"
base_url = "https://news.example.com/"

[sections.world]
title = "World"

[languages.ar]
title = "اليومية"

[languages.ar.sections.world]
title = "العالم"

[languages.ja]
title = "デイリー"

[languages.sw]
title = "Habari"
"""


def test_each_language_of_a_site_has_its_own_words(tmp_path: Path) -> None:
    """One build, one environment: each page's words are its language's."""
    files = {
        "content/world/quake.md": article("Quake", authors="[Ann Lee, Bo Kim]"),
        "content/ar/world/quake.md": article("زلزال", authors="[ليلى حسن, عمر خالد]"),
        "content/world/quake.ja.md": article("地震", authors="[山田太郎, 佐藤花子]"),
        "content/sw/world/quake.md": article("Tetemeko"),
    }
    site = write_site(tmp_path, files, MULTILINGUAL)
    result = build_site(site)
    out = site / "output"
    english, arabic, japanese = (
        read(out, p) for p in ("world/quake/", "ar/world/quake/", "ja/world/quake/")
    )
    assert ">Home</a>" in english and "Ann Lee</a> and <a" in english and "Published" in english
    assert (
        ">الرئيسية</a>" in arabic and "بقلم <a" in arabic and "Published" not in shown_text(arabic)
    )
    assert ">ホーム</a>" in japanese and "山田太郎</a>、<a" in japanese
    assert '"name": "الرئيسية"' in arabic.replace('":"', '": "')  # the breadcrumbs machines read
    # The shared footer and navigation are rendered once per language, each in its own.
    assert ">الأرشيف</a>" in arabic and ">アーカイブ</a>" in japanese and ">Archive</a>" in english
    warned = [str(w) for w in result.warnings if "catalog" in w.message]
    assert len(warned) == 1 and "'sw'" in warned[0]


# Hostile names --------------------------------------------------------------------------


def test_names_put_into_the_theme_words_are_escaped(tmp_path: Path) -> None:
    files = {
        "content/world/a.md": article(
            "A", authors='["<script>alert(1)</script>", "B & C"]', body="Word. " * 5
        ),
        **{f"content/world/{n}.md": article(n) for n in "bcde"},
    }
    config = (
        DEFAULT_CONFIG
        + 'language = "fr"\n[sections.world]\ntitle = "<img src=x onerror=alert(1)>"\n'
    )
    site = write_site(tmp_path, files, config)
    build_site(site)
    out = site / "output"
    for html in (read(out, "world/a/"), read(out, "world/"), read(out, "world/page/2/")):
        assert "<script>alert" not in html and "<img src=x" not in html
    listings = read(out, "world/") + read(out, "world/page/2/")
    assert "Par &lt;script&gt;alert(1)&lt;/script&gt; et B &amp; C</p>" in listings
    assert 'aria-label="Autres articles\u00a0: &lt;img src=x onerror=alert(1)&gt;"' in read(
        out, "world/a/"
    )


# An article in another language than its site ----------------------------------------------


def test_an_article_in_another_language_marks_its_own_words(tmp_path: Path) -> None:
    files = {
        "content/world/seoul.md": article("서울 첫눈", lang="ko", summary='"첫눈이 내렸다."'),
        "content/world/london.md": article("London fog"),
    }
    site = write_site(tmp_path, files, DEFAULT_CONFIG)
    build_site(site)
    out = site / "output"
    html = read(out, "world/seoul/")
    assert '<html lang="en"' in html  # the page, and its theme words, are English
    assert '<h1 class="headline" lang="ko">서울 첫눈</h1>' in html
    assert '<div class="article-body" lang="ko">' in html
    assert "Published" in html and ">Home</a>" in html
    assert '<a href="/world/seoul/" lang="ko">서울 첫눈</a>' in read(out, "world/")
    london = read(out, "world/london/")
    assert '<h1 class="headline">London fog</h1>' in london
