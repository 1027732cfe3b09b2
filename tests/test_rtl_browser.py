"""Right-to-left sites in a real browser: an Arabic and a Hebrew site (sections, bylines,
live coverage, listings of several pages), opened at a phone's and a desktop's width in
Debian's chromium through Playwright (see test_browser.py). The page runs right to left,
the breadcrumb starts at the right, the next page lies to the left and its arrow points
there, nothing overflows, and axe-core finds nothing serious. Screenshots are kept in
/tmp/newsgen-rtl/ for a person to look at, with the English sample's home page beside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitekit import article, build_sample, build_site, write_site
from test_browser import DESKTOP, PHONE, browser, open_page, serve

__all__ = ["browser"]  # the fixture, shared with test_browser.py

SHOTS = Path("/tmp/newsgen-rtl")

ARABIC = {
    "config": """\
title = "صحيفة المدينة"
description = "أخبار المدينة والمنطقة كل يوم."
language = "ar"
timezone = "Asia/Riyadh"
base_url = "https://madina.example.org/"
per_page = 3

[sections.local]
title = "محليات"
order = 1

[sections."local/city"]
title = "المدينة"
order = 1

[sections.economy]
title = "اقتصاد"
order = 2
""",
    "stories": [
        (
            "افتتاح جسر جديد فوق النهر",
            "أعلنت بلدية المدينة افتتاح جسر جديد فوق النهر بعد ثلاث سنوات من العمل المتواصل. "
            "وقال المهندسون إن الجسر سيخفف الازدحام في وسط المدينة خلال ساعات الذروة.",
        ),
        (
            "ارتفاع أسعار الخضروات في الأسواق",
            "ارتفعت أسعار الخضروات في الأسواق المحلية بسبب موجة الحر التي ضربت المنطقة. "
            "وأكد المزارعون أن المحاصيل تأثرت بنقص المياه في الأسابيع الأخيرة.",
        ),
        (
            "مكتبة عامة تفتح أبوابها ليلا",
            "قررت المكتبة العامة فتح أبوابها حتى منتصف الليل طوال فصل الامتحانات. "
            "وقالت مديرة المكتبة إن القاعات امتلأت بالطلاب منذ اليوم الأول.",
        ),
        (
            "حافلات كهربائية في شوارع المدينة",
            "بدأت عشر حافلات كهربائية العمل على خطوط وسط المدينة صباح اليوم. "
            "وتأمل البلدية أن تحل محل الحافلات القديمة كلها خلال خمس سنوات.",
        ),
        (
            "مهرجان للكتاب في الساحة القديمة",
            "يستضيف مهرجان الكتاب في الساحة القديمة أكثر من مئة دار نشر هذا العام. "
            "ويقدم المنظمون ورشا للأطفال كل مساء طوال أيام المهرجان.",
        ),
    ],
    "authors": "[ليلى حسن, عمر خليل]",
    "live": (
        "عاصفة رملية تغلق المطار",
        "أغلقت سلطات الطيران المطار الدولي بعد أن غطت عاصفة رملية المدينة منذ الفجر.\n\n"
        "## 13:05 إعادة فتح المدرج الأول [key]\n\n"
        "استأنفت الرحلات من المدرج الأول بعد تحسن الرؤية في الساعة الأخيرة.\n\n"
        "## 12:30 تعليق جميع الرحلات [pinned]\n\n"
        "علقت شركات الطيران جميع رحلاتها حتى إشعار آخر، ونصحت المسافرين بالبقاء في منازلهم.\n",
    ),
}

HEBREW = {
    "config": """\
title = "עיתון העיר"
description = "חדשות העיר והאזור מדי יום."
language = "he"
timezone = "Asia/Jerusalem"
base_url = "https://hair.example.org/"
per_page = 3

[sections.local]
title = "מקומי"
order = 1

[sections."local/city"]
title = "העיר"
order = 1

[sections.economy]
title = "כלכלה"
order = 2
""",
    "stories": [
        (
            "גשר חדש נפתח מעל הנהר",
            "עיריית העיר הודיעה על פתיחת גשר חדש מעל הנהר אחרי שלוש שנות עבודה. "
            "המהנדסים אמרו שהגשר יקל על הפקקים במרכז העיר בשעות השיא.",
        ),
        (
            "מחירי הירקות בשווקים עולים",
            "מחירי הירקות בשווקים המקומיים עלו בגלל גל החום שפקד את האזור. "
            "החקלאים אמרו שהיבולים נפגעו ממחסור במים בשבועות האחרונים.",
        ),
        (
            "הספרייה העירונית פתוחה בלילות",
            "הספרייה העירונית תישאר פתוחה עד חצות לאורך כל תקופת המבחנים. "
            "מנהלת הספרייה אמרה שהאולמות התמלאו בסטודנטים כבר ביום הראשון.",
        ),
        (
            "אוטובוסים חשמליים ברחובות העיר",
            "עשרה אוטובוסים חשמליים החלו הבוקר לנסוע בקווים של מרכז העיר. "
            "העירייה מקווה להחליף את כל האוטובוסים הישנים בתוך חמש שנים.",
        ),
        (
            "פסטיבל ספרים בכיכר העתיקה",
            "פסטיבל הספרים בכיכר העתיקה מארח השנה יותר ממאה הוצאות לאור. "
            "המארגנים מציעים סדנאות לילדים בכל ערב במהלך הפסטיבל.",
        ),
    ],
    "authors": "[נועה לוי, יוסי כהן]",  # noqa: RUF001 (Hebrew letters, not Latin look-alikes)
    "live": (
        "סופת חול סוגרת את שדה התעופה",
        "רשות התעופה סגרה את שדה התעופה אחרי שסופת חול כיסתה את העיר מאז הבוקר.\n\n"
        "## 13:05 המסלול הראשון נפתח מחדש [key]\n\n"
        "הטיסות מהמסלול הראשון חודשו לאחר שהראות השתפרה בשעה האחרונה.\n\n"
        "## 12:30 כל הטיסות הושעו [pinned]\n\n"
        "חברות התעופה השעו את כל הטיסות עד להודעה חדשה, והמליצו לנוסעים להישאר בבית.\n",
    ),
}

SITES = {"ar": ARABIC, "he": HEBREW}
# Each site's pages: the home page, its second page, a section, an article in
# a subsection (breadcrumbs and a byline), the live coverage.
PAGES = {
    "home": "",
    "home-2": "page/2/",
    "section": "local/",
    "article": "local/city/story-1/",
    "live": "local/city/storm/",
}


def _files(site: dict[str, Any]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for number, (title, body) in enumerate(site["stories"] * 2, start=1):
        section = "local/city" if number % 2 else "economy"
        files[f"content/{section}/story-{number}.md"] = article(
            title,
            date=f"2026-11-{number + 10:02d}T09:30:00+03:00",
            body=body,
            authors=site["authors"],
            tags="[المدينة]" if site is ARABIC else "[העיר]",
        )
    title, body = site["live"]
    files["content/local/city/storm.md"] = article(
        title,
        date="2026-11-28T08:00:00+03:00",
        body=body,
        live="true",
        featured="true",
        authors=site["authors"],
    )
    return files


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Each language's site, built and served: its address by language code."""
    served: dict[str, str] = {}
    servers = []
    for code, site in SITES.items():
        root = write_site(tmp_path_factory.mktemp(f"rtl-{code}"), _files(site), site["config"])
        server = serve(build_site(root).output)
        served[code] = next(server)
        servers.append(server)
    yield served
    for server in servers:
        server.close()


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box  # type: ignore[no-any-return]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("code", SITES)
@pytest.mark.parametrize("name", PAGES)
def test_a_right_to_left_page_runs_right_to_left(
    browser: Any, sites: dict[str, str], code: str, name: str, width: int
) -> None:
    scheme = "light" if width == DESKTOP else "dark"
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    url = sites[code] + PAGES[name]
    try:
        problems = open_page(context, url, f"rtl-{code}-{name}-{width}")
        assert not problems, f"{url} at {width}px:\n" + "\n".join(problems)
        page = context.new_page()
        page.goto(url, wait_until="load")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate("document.documentElement.lang") == code
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{code}-{name}-{width}.png"), full_page=True)
        if page.locator(".breadcrumbs li").count() > 1:
            first = _box(page, ".breadcrumbs li:first-child")
            last = _box(page, ".breadcrumbs li:last-child")
            assert first["x"] > last["x"], "the breadcrumb's first item is not at the right"
            assert page.evaluate(SEPARATOR) == '"\u2039"'  # an angle pointing onward, to the left
        if page.locator(".pagination").count():
            _check_pagination(page)
        page.close()
    finally:
        context.close()


# What the style sheet draws between two crumbs.
SEPARATOR = """getComputedStyle(document.querySelector(".breadcrumbs li + li"), "::before")
  .content"""
# Each pagination link's rel, and the arrow the style sheet draws beside it.
ARROWS = """() => [...document.querySelectorAll(".pagination a")].map((a) => [
  a.rel, getComputedStyle(a, a.rel === "prev" ? "::before" : "::after").content,
])"""


def _check_pagination(page: Any) -> None:
    """Older pages lie to the left, newer to the right, and each arrow points its way."""
    count = _box(page, ".page-count")
    arrows = dict(page.evaluate(ARROWS))
    if page.locator('.pagination a[rel="next"]').count():
        assert _box(page, '.pagination a[rel="next"]')["x"] < count["x"]
        assert "←" in arrows["next"], arrows
    if page.locator('.pagination a[rel="prev"]').count():
        assert _box(page, '.pagination a[rel="prev"]')["x"] > count["x"]
        assert "→" in arrows["prev"], arrows


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("rtl-english") / "output"
    build_sample(output)
    yield from serve(output)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_english_home_page_still_runs_left_to_right(
    browser: Any, english: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(english + "page/2/", wait_until="load")
        assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
        assert _box(page, '.pagination a[rel="prev"]')["x"] < _box(page, ".page-count")["x"]
        SHOTS.mkdir(exist_ok=True)
        page.goto(english, wait_until="load")
        page.screenshot(path=str(SHOTS / f"en-home-{width}.png"), full_page=True)
    finally:
        context.close()
