"""Sitemaps (sitemaps.org 0.9), the Google News sitemap and robots.txt, as bytes.

A sitemap holds at most 50,000 addresses and 50 MB; a larger site gets a sitemap index
that lists its parts. The news sitemap lists only articles of the two days before "now".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from newsgen.core.model import Article, ArticleHead
from newsgen.core.routes import Links
from newsgen.formats.xmltext import escape, xml_safe

A = TypeVar("A", bound=ArticleHead)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
NEWS_WINDOW = timedelta(days=2)
NEWS_MAX_URLS = 1_000  # Google reads no more from one news sitemap

_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
# A multilingual site's sitemaps name each address's versions in the other languages.
_HEAD_WITH_VERSIONS = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}"'
    f' xmlns:xhtml="{XHTML_NS}">\n'
)
_TAIL = "</urlset>\n"


@dataclass(frozen=True)
class SitemapUrl:
    path: str  # site path
    lastmod: datetime | None
    # (hreflang, absolute address) of each version of the page, itself and x-default too.
    alternates: tuple[tuple[str, str], ...] = ()


def _text(value: str) -> str:
    return escape(xml_safe(value))


def url_entry(url: SitemapUrl, links: Links) -> str:
    lastmod = f"<lastmod>{url.lastmod.isoformat()}</lastmod>" if url.lastmod else ""
    loc = f"<loc>{_text(links.absolute(url.path))}</loc>"
    if not url.alternates:
        return f"  <url>{loc}{lastmod}</url>\n"
    versions = "".join(
        f'    <xhtml:link rel="alternate" hreflang="{_text(lang)}" href="{_text(address)}"/>\n'
        for lang, address in url.alternates
    )
    return f"  <url>\n    {loc}{lastmod}\n{versions}  </url>\n"


def split_sitemap(urls: Sequence[SitemapUrl], links: Links) -> list[tuple[SitemapUrl, ...]]:
    """Cut the addresses into parts that each fit the protocol's limits."""
    head = _HEAD_WITH_VERSIONS if any(u.alternates for u in urls) else _HEAD
    fits = len(urls) * _most_entry_bytes(urls, links) <= MAX_BYTES
    if len(urls) <= MAX_URLS and fits and not any(u.alternates for u in urls):
        return [tuple(urls)]  # sure to fit, without writing 20,000 entries to measure them
    parts: list[tuple[SitemapUrl, ...]] = []
    current: list[SitemapUrl] = []
    size = len(head) + len(_TAIL)
    for url in urls:
        entry = len(url_entry(url, links).encode("utf-8"))
        if current and (len(current) == MAX_URLS or size + entry > MAX_BYTES):
            parts.append(tuple(current))
            current, size = [], len(head) + len(_TAIL)
        current.append(url)
        size += entry
    parts.append(tuple(current))
    return parts


def _most_entry_bytes(urls: Sequence[SitemapUrl], links: Links) -> int:
    """More bytes than any one entry takes: every byte of the address percent-encoded (3)
    then escaped (5: "&amp;"), and the longest time."""
    address = len(links.origin.encode("utf-8")) + 3 * len(links.base_path.encode("utf-8"))
    address += 3 * max((len(u.path.encode("utf-8")) for u in urls), default=0)
    return len(url_entry(SitemapUrl("", None), Links("", ""))) + 5 * address + 64


def render_sitemap(urls: Sequence[SitemapUrl], links: Links) -> bytes:
    head = _HEAD_WITH_VERSIONS if any(u.alternates for u in urls) else _HEAD
    return (head + "".join(url_entry(u, links) for u in urls) + _TAIL).encode("utf-8")


def render_sitemap_index(parts: Iterable[tuple[str, datetime | None]], links: Links) -> bytes:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n']
    for path, lastmod in parts:
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <sitemap><loc>{_text(links.absolute(path))}</loc>{when}</sitemap>\n")
    lines.append("</sitemapindex>\n")
    return "".join(lines).encode("utf-8")


def recent_news(articles: Iterable[A], now: datetime) -> tuple[A, ...]:
    """Articles published in the two days before `now`, newest first, as many as Google reads."""
    recent = [a for a in articles if now - NEWS_WINDOW <= a.date <= now and not a.draft]
    return tuple(recent[:NEWS_MAX_URLS])


def render_news_sitemap(
    articles: Iterable[Article], publication: str, language: str, links: Links
) -> bytes:
    """`language`: the site's, for articles that do not say their own."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">\n'
    ]
    for article in articles:
        code = news_language(article.lang or language)
        lines.append(
            f"  <url>\n    <loc>{_text(links.absolute(article.url))}</loc>\n"
            "    <news:news>\n"
            "      <news:publication>\n"
            f"        <news:name>{_text(publication)}</news:name>\n"
            f"        <news:language>{_text(code)}</news:language>\n"
            "      </news:publication>\n"
            f"      <news:publication_date>{article.date.isoformat()}</news:publication_date>\n"
            f"      <news:title>{_text(article.title)}</news:title>\n"
            "    </news:news>\n  </url>\n"
        )
    lines.append("</urlset>\n")
    return "".join(lines).encode("utf-8")


def news_language(language: str) -> str:
    """Google News wants ISO 639 codes, except zh-cn and zh-tw for Chinese."""
    code = language.lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-tw" if code in ("zh-tw", "zh-hant", "zh-hk") else "zh-cn"
    return code.split("-")[0]


def render_robots(sitemaps: Iterable[str], links: Links) -> bytes:
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {links.absolute(path)}" for path in sitemaps]
    return ("\n".join(lines) + "\n").encode("utf-8")
