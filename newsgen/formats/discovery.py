"""Stage `plan`, second part: the pages machines read. Feeds for the site and for every
section, tag and author; the sitemap (split when large), the news sitemap and robots.txt.

These need absolute addresses, so a site whose base_url has no host gets none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from newsgen.core.config import Config
from newsgen.core.model import ArticleHead, LazyContext, Page, Shared, Whole, as_whole
from newsgen.core.routes import (
    NEWS_SITEMAP_PATH,
    ROBOTS_PATH,
    SITEMAP_PATH,
    Links,
    UrlScheme,
    article_feed_paths,
    feed_paths,
    language_sitemap,
    sitemap_part,
)
from newsgen.formats.feeds import (
    Feed,
    FeedEntry,
    FeedSite,
    article_entry,
    render_atom,
    render_rss,
    update_entries,
)
from newsgen.formats.sitemaps import (
    SitemapUrl,
    recent_news,
    render_news_sitemap,
    render_robots,
    render_sitemap,
    render_sitemap_index,
    split_sitemap,
)
from newsgen.index.site import Site
from newsgen.plan.translations import Translations

Serializer = Callable[[Mapping[str, Any]], bytes]

# Pages whose template is "@name" are made by these functions instead of a Jinja template.
SERIALIZERS: dict[str, Serializer] = {
    "@rss": lambda c: render_rss(c["feed"], c["site"], c["built"]),
    "@atom": lambda c: render_atom(c["feed"], c["site"], c["built"]),
    "@sitemap": lambda c: render_sitemap(c["urls"], c["links"]),
    "@sitemap-index": lambda c: render_sitemap_index(c["parts"], c["links"]),
    "@news-sitemap": lambda c: render_news_sitemap(
        c["articles"], c["publication"], c["language"], c["links"]
    ),
    "@robots": lambda c: render_robots(c["sitemaps"], c["links"]),
}


def plan_discovery(
    site: Site, config: Config, scheme: UrlScheme, html_pages: Iterable[Page], now: datetime,
    touched: frozenset[str] | None = None, whole: Whole = as_whole,
    image_bytes: Mapping[str, int] | None = None,
) -> list[Page]:  # fmt: skip
    """`now` dates the news sitemap's window; feeds are dated by their newest article, or by
    the site's newest when empty, so that a rebuild of the same content changes nothing.
    `touched`: when given, only the files that name one of these sources are planned (the
    sitemaps and robots.txt name none: their addresses and dates are the site's shape).
    `image_bytes`: the length of each image file the images stage published, for enclosures."""

    def names_touched(articles: Iterable[ArticleHead]) -> bool:
        return touched is None or any(a.source in touched for a in articles)

    links = Links(config.origin, config.base_path)
    newest = site.newest or now
    pages: list[Page] = []
    for own, in_language, paths in _languages(site, config, scheme):
        feed_site = FeedSite(
            title=in_language.title,
            description=in_language.description,
            language=in_language.language,
            publisher=in_language.publisher.name or in_language.title,
            links=links,
            full_content=in_language.feeds.full_content,
            sections={path: section.title for path, section in own.sections.items()},
            image_bytes=image_bytes or {},
        )
        pages += _feeds(own, in_language, paths, feed_site, newest, names_touched, whole)
    if touched is None:
        pages += _sitemaps(html_pages, links, site, config, scheme)
    publication = config.publisher.name or config.title
    recent = recent_news(site.articles, now)
    news = {"articles": recent, "publication": publication, "language": config.language,
            "links": links}  # fmt: skip
    if names_touched(recent):
        made = partial(_news_context, news, whole)
        pages.append(Page(NEWS_SITEMAP_PATH, "@news-sitemap", LazyContext(made, (news,)),
                          "news sitemap"))  # fmt: skip
    if touched is None and not (config.static_path / ROBOTS_PATH).is_file():
        robots = {"sitemaps": (SITEMAP_PATH, NEWS_SITEMAP_PATH), "links": links}
        pages.append(Page(ROBOTS_PATH, "@robots", robots, "robots.txt"))
    return pages


def _languages(
    site: Site, config: Config, scheme: UrlScheme
) -> Iterator[tuple[Site, Config, UrlScheme]]:
    """The site, or each language of a multilingual one, with its settings and addresses."""
    if not site.languages:
        yield site, config, scheme
        return
    for code, own in site.languages.items():
        yield own, config.in_language(code), scheme.in_language(config.languages[code].prefix)


def _news_context(news: dict[str, Any], whole: Whole) -> dict[str, Any]:
    return {**news, "articles": tuple(map(whole, news["articles"]))}


def _feeds(
    site: Site, config: Config, scheme: UrlScheme, feed_site: FeedSite, now: datetime,
    names_touched: Callable[[Iterable[ArticleHead]], bool], whole: Whole,
) -> Iterator[Page]:  # fmt: skip
    """Each feed's entries are made when the feed is rendered: its key names the articles,
    which fingerprints digest once per build (an entry is a function of its article and
    `feed_site`), so a rebuild makes entries only for the feeds it writes again."""
    length = config.feeds.length
    shared = Shared((feed_site, now))
    made: dict[str, FeedEntry] = {}  # an article is in many feeds: one entry per process

    def entry(article: ArticleHead) -> FeedEntry:
        if article.source not in made:
            made[article.source] = article_entry(whole(article), feed_site)
        return made[article.source]

    def context(feed: Callable[[], Feed]) -> dict[str, Any]:
        return {"feed": feed(), "site": feed_site, "built": now}

    def listing_feed(title: str, description: str, page: str, articles: Sequence[ArticleHead],
                     source: str, always: bool = False) -> Iterator[Page]:  # fmt: skip
        """`always`: written with no entry too (the site's, which every page links)."""
        rss, atom = feed_paths(page)
        shown = tuple(a for a in articles if not a.draft)[:length]  # drafts are not news
        if not (shown or always) or not names_touched(shown):
            return  # no empty feed for a section configured before its first article

        def feed() -> Feed:
            return Feed(title, description, page, rss, atom, tuple(map(entry, shown)))

        lazy = LazyContext(partial(context, feed), (shared, title, description, page, shown))
        yield Page(rss, "@rss", lazy, f"RSS feed of {source}")
        yield Page(atom, "@atom", lazy, f"Atom feed of {source}")

    home = scheme.home()
    whose = f"the site in {config.language}" if home else "the site"
    yield from listing_feed(config.title, config.description, home, site.articles, whose, True)
    for path, section in site.sections.items():
        yield from listing_feed(f"{section.title} · {config.title}", section.description,
                                scheme.section(path), site.section_articles.get(path, ()),
                                f"section {path}")  # fmt: skip
    for slug, tag in site.tags.items():
        yield from listing_feed(f"{tag.name} · {config.title}", "", scheme.tag(slug),
                                site.tag_articles[slug], f"tag {slug}")  # fmt: skip
    for slug, author in site.authors.items():
        yield from listing_feed(f"{author.name} · {config.title}", author.bio,
                                scheme.author(slug), site.author_articles[slug],
                                f"author {slug}")  # fmt: skip
    for article in site.articles:  # live coverage: a feed of its own, an entry per update
        if article.coverage and not article.draft and names_touched((article,)):
            yield from _coverage_feed(article, feed_site, length, context, shared, whole)


def _coverage_feed(
    article: ArticleHead, feed_site: FeedSite, length: int,
    context: Callable[[Callable[[], Feed]], dict[str, Any]], shared: Shared, whole: Whole,
) -> Iterator[Page]:  # fmt: skip
    rss, atom = article_feed_paths(article.url)

    def feed() -> Feed:
        shown = whole(article)
        return Feed(shown.title, shown.summary, shown.url, rss, atom,
                    update_entries(shown, feed_site)[:length])  # fmt: skip

    lazy = LazyContext(partial(context, feed), (shared, "coverage", length, article))
    yield Page(rss, "@rss", lazy, f"RSS feed of {article.source}")
    yield Page(atom, "@atom", lazy, f"Atom feed of {article.source}")


def _sitemaps(
    html_pages: Iterable[Page], links: Links, site: Site, config: Config, scheme: UrlScheme
) -> list[Page]:  # fmt: skip
    urls = [
        SitemapUrl(page.path, page.modified)
        for page in html_pages
        if page.indexable and not page.template.startswith("@")
    ]
    if site.languages:
        return _language_sitemaps(urls, links, Translations(site, config, scheme), config)
    parts = split_sitemap(urls, links)
    pages = [
        Page(SITEMAP_PATH if len(parts) == 1 else sitemap_part(n), "@sitemap",
             _sitemap_context(part, links), "sitemap" if len(parts) == 1 else f"sitemap part {n}")
        for n, part in enumerate(parts, start=1)
    ]  # fmt: skip
    if len(parts) == 1:
        return pages
    index = [
        (page.path, max((u.lastmod for u in part if u.lastmod), default=None))
        for page, part in zip(pages, parts, strict=True)
    ]
    pages.append(Page(SITEMAP_PATH, "@sitemap-index", {"parts": index, "links": links}, "sitemap"))
    return pages


def _language_sitemaps(
    urls: Iterable[SitemapUrl], links: Links, translations: Translations, config: Config
) -> list[Page]:
    """A multilingual site's sitemaps: one per language (in parts when large), each address
    with its versions in the others, under an index that lists them all."""
    prefixes = {f"{lang.prefix}/": code for code, lang in config.languages.items() if lang.prefix}
    default = next(iter(config.languages))
    by_language: dict[str, list[SitemapUrl]] = {code: [] for code in config.languages}
    for url in urls:
        code = prefixes.get(url.path.split("/")[0] + "/", default)
        by_language[code].append(replace(url, alternates=translations.alternates(url.path)))
    pages: list[Page] = []
    index: list[tuple[str, datetime | None]] = []
    for code, own in by_language.items():
        parts = split_sitemap(own, links)
        for n, part in enumerate(parts, start=1):
            path = language_sitemap(code, n if len(parts) > 1 else 0)
            context = _sitemap_context(part, links)
            pages.append(Page(path, "@sitemap", context, f"sitemap of {code}"))
            index.append((path, max((u.lastmod for u in part if u.lastmod), default=None)))
    pages.append(Page(SITEMAP_PATH, "@sitemap-index", {"parts": index, "links": links}, "sitemap"))
    return pages


def _sitemap_context(urls: tuple[SitemapUrl, ...], links: Links) -> LazyContext:
    """Keyed by what the file shows of each address (20,000 dataclasses took ten times as
    long to fingerprint)."""
    key = ((links.origin, links.base_path),
           tuple((u.path, u.lastmod.isoformat() if u.lastmod else "", u.alternates)
                 for u in urls))  # fmt: skip
    return LazyContext(lambda: {"urls": urls, "links": links}, key)
