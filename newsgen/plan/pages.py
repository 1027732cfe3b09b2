"""Stage `plan`: `Site` to the list of every page the site will have.

Each page gets its path (from `routes`), its template and an explicit context: a template
sees only what its page holds, plus the site summary given to every page. What a page says
to machines (canonical address, Open Graph, JSON-LD, feed links) is worked out here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property, partial
from operator import attrgetter
from typing import Any

from newsgen.core.config import Config
from newsgen.core.model import (
    Article,
    ArticleHead,
    Image,
    LazyContext,
    Page,
    Section,
    Shared,
    Whole,
    as_whole,
)
from newsgen.core.routes import (
    NOT_FOUND_PATH,
    Links,
    UrlScheme,
    article_feed_paths,
    feed_paths,
    paginated,
)
from newsgen.core.words import Catalogs, Words
from newsgen.images.card import card_style
from newsgen.index.site import Site
from newsgen.plan.structured import (
    FeedLink,
    Head,
    SiteFacts,
    breadcrumb_list,
    json_for_script,
    news_article,
    open_graph,
    profile_page,
    website,
)
from newsgen.plan.translations import Translations

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
TOP_STORIES = 4  # the band under the lead story on the home page


@dataclass(frozen=True)
class Pagination:
    number: int  # 1-based
    count: int  # how many pages the listing has
    base: str  # site path of page 1
    items: tuple[ArticleHead, ...]  # whole (`Article`) in a page's context

    @property
    def previous(self) -> str | None:
        return paginated(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return paginated(self.base, self.number + 1) if self.number < self.count else None

    def path_of(self, number: int) -> str:
        return paginated(self.base, number)


def paginate(base: str, articles: Sequence[ArticleHead], per_page: int) -> Iterator[Pagination]:
    count = max(1, -(-len(articles) // per_page))
    for number in range(1, count + 1):
        items = tuple(articles[(number - 1) * per_page : number * per_page])
        yield Pagination(number, count, base, items)


def site_facts(config: Config) -> SiteFacts:
    return SiteFacts(
        title=config.title,
        description=config.description,
        language=config.language,
        publisher=config.publisher.name or config.title,
        logo=config.publisher.logo,
        image=config.publisher.image,
        links=Links(config.origin, config.base_path),
        cards=card_style(config),
    )


class _Planner:
    """Plans the HTML pages of one build; holds only what that build was given."""

    def __init__(
        self, site: Site, config: Config, scheme: UrlScheme, digests: Mapping[str, str],
        touched: frozenset[str] | None = None, whole: Whole = as_whole,
        catalogs: Catalogs | None = None,
        translations: Translations | None = None,
        photos: Mapping[str, Image] | None = None,
    ) -> None:  # fmt: skip
        """`translations`: on a multilingual site, where `site`, `config` and `scheme` are
        one language's, the versions of its pages in the others. `photos`: the authors'
        photographs, by their keys in config.toml."""
        self.site = site
        self.photos = photos or {}
        self.translations = translations
        # The theme's words in titles and structured data; English without catalogs.
        self.words = catalogs.words(config.language) if catalogs else Words(config.language, ())
        self.whole = whole
        self.config = config
        self.scheme = scheme
        self.digests = digests
        self.touched = touched
        self.facts = site_facts(config)
        rss, atom = feed_paths(scheme.home())
        self.site_feed = FeedLink(config.title, rss, atom)

    def in_language(self, path: str, language: str = "", first: bool = True) -> dict[str, Any]:
        """What a page says of its language: `language`, the page's (or `language`, an
        article's own); on a multilingual site, its `language_links` (the switcher) and on
        the first page of a listing its `alternates` (hreflang, address)."""
        code = language or self.config.language
        translations = self.translations
        if translations is None:
            return {"language": code}
        return {
            "language": code,
            "language_links": translations.switcher(path, code),
            "alternates": translations.alternates(path) if first else (),
        }

    def names_touched(self, articles: Iterable[ArticleHead | None]) -> bool:
        """Whether a page whose key names `articles` is planned: always, unless only the
        pages naming the articles in `touched` are."""
        touched = self.touched
        return touched is None or not touched.isdisjoint(map(_source, filter(None, articles)))

    def named(self, articles: Iterable[ArticleHead | None]) -> tuple[str | ArticleHead | None, ...]:
        """Articles as a page's key names them: by digest, which pickles in a fraction of
        the time an article's reduction takes (fingerprints of 20,000 pages), else whole."""
        try:  # the common case, at C speed: every article has its digest
            return tuple(map(self.digests.__getitem__, map(_source, articles)))
        except (KeyError, AttributeError):  # no digest (no cache), or no neighbour (None)
            digests = self.digests
            return tuple(None if a is None else digests.get(a.source) or a for a in articles)

    @cached_property
    def modified(self) -> dict[str, datetime]:
        """When each article last changed: asked for on every listing page that shows it."""
        return {a.source: a.modified for a in self.site.articles}

    @cached_property
    def modified_order(self) -> dict[str, int]:
        """`modified` in microseconds since the epoch: the newest of a page's articles is
        found by comparing numbers (times in distinct zone objects compare ten times slower)."""
        return {s: (m - EPOCH) // MICROSECOND for s, m in self.modified.items()}

    def newest(self, articles: Iterable[ArticleHead]) -> datetime | None:
        """When the newest change to any of `articles` was made."""
        if self.touched is not None:  # a few pages: no table of every article's changes
            shown = list(articles)
            return max(shown, key=_modified_order).modified if shown else None
        sources = list(map(_source, articles))
        if not sources:
            return None
        return self.modified[max(sources, key=self.modified_order.__getitem__)]

    def pages(self, root: bool = True) -> list[Page]:
        """`root`: whether the site's root pages (the 404 page) are this planner's."""
        return [
            *self.home(),
            *self.sections(),
            *self.articles(),
            *self.tags(),
            *self.authors(),
            *self.archives(),
            *self.corrections(),
            *self.live(),
            *([self.not_found()] if self.touched is None and root else []),
        ]

    def head(
        self, title: str, description: str, path: str, feeds: Sequence[FeedLink] = (),
        json_ld: Sequence[dict[str, Any]] = (), article: Article | None = None,
        section: Section | None = None,
    ) -> Head:  # fmt: skip
        description = description or self.config.description
        return Head(
            title=title,
            description=description,
            canonical=self.facts.links.absolute(path),
            meta=open_graph(self.facts, title, description, path, article, section),
            json_ld=tuple(json_for_script(item) for item in json_ld),
            feeds=(self.site_feed, *(f for f in feeds if f != self.site_feed)),
        )

    def crumbs(self, section: str) -> list[tuple[str, str]]:
        return [(self.words.gettext("Home"), self.scheme.home()),
                *((s.title, self.scheme.section(s.path))
                                for s in self.site.breadcrumbs(section))]  # fmt: skip

    def listing(
        self, base: str, template: str, articles: Sequence[ArticleHead], source: str, title: str,
        description: str = "", feed: FeedLink | None = None,
        json_ld: Sequence[dict[str, Any]] = (), above: Sequence[ArticleHead] = (), **context: Any,
    ) -> Iterator[Page]:  # fmt: skip
        """`above` are the articles page 1 shows above the listing (the home page's lead and
        top stories): they count for when the page last changed."""
        all_touched = self.names_touched(_articles_in(context))
        if not all_touched and not self.names_touched(articles):
            return
        languages = self.in_language(base)
        # What all the listing's pages share is digested once, not once per page.
        shared = Shared((context, languages, title, description, feed, json_ld))
        for pagination in paginate(base, articles, self.config.per_page):
            if not all_touched and not self.names_touched(pagination.items):
                continue
            number = pagination.number
            path = pagination.path_of(number)
            shown = title
            if number > 1:
                # Translators: the title of a listing's second page and after.
                paged = self.words.gettext("%(title)s · page %(number)s")
                shown = paged % {"title": title, "number": number}
            shows = [*pagination.items, *(above if number == 1 else ())]
            newest = self.newest(shows)
            page_head = partial(self.head, shown, description, path, [feed] if feed else [],
                                json_ld)  # fmt: skip
            own = {**context, **(languages if number == 1 else self.in_language(base, first=False))}
            made = partial(_listing_context, own, title, page_head, pagination, self.whole)
            key = (shared, shown, path, number, pagination.count, self.named(pagination.items))
            yield Page(path, template, LazyContext(made, key), source, newest)

    def index(
        self, path: str, template: str, title: str, source: str, **context: Any
    ) -> Iterator[Page]:
        """A one-page index of tags, authors or years (it names no article: counts and
        names are part of the site's shape)."""
        if self.touched is not None:
            return
        head = self.head(title, "", path)
        context = {**context, **self.in_language(path), "title": title, "head": head}
        yield Page(path, template, context, source)

    def home(self) -> Iterator[Page]:
        site = self.site
        # Page 1 opens with the lead story, then the band of top stories: the featured
        # articles, then the newest (the sort is stable, so each group stays newest first).
        # The listing goes on with the rest, newest first, so no article is listed twice.
        others = [a for a in site.articles if a is not site.lead]
        top = tuple(sorted(others, key=lambda a: not a.featured)[:TOP_STORIES])
        in_band = {a.source for a in top}
        rest = [a for a in others if a.source not in in_band]
        blocks = tuple(
            (site.sections[p], site.section_articles.get(p, ())[:5]) for p in site.top_sections
        )
        yield from self.listing(
            self.scheme.home(), "home.html", rest, "home page", self.config.title,
            json_ld=[website(self.facts)], above=[*([site.lead] if site.lead else []), *top],
            lead=site.lead, top_stories=top,
            section_blocks=blocks,
        )  # fmt: skip

    def sections(self) -> Iterator[Page]:
        for path, section in self.site.sections.items():
            base = self.scheme.section(path)
            articles = self.site.section_articles.get(path, ())
            # The section's feed exists only once it has news (formats/discovery.py).
            has_feed = any(not a.draft for a in articles)
            feed = FeedLink(f"{section.title} · {self.config.title}", *feed_paths(base))
            yield from self.listing(
                base, "section.html", articles,
                f"section {path}", section.title, section.description,
                feed if has_feed else None,
                [breadcrumb_list(self.crumbs(path), self.facts)],
                section=section, breadcrumbs=self.site.breadcrumbs(path)[:-1],
                subsections=tuple(self.site.sections[c] for c in section.children),
            )  # fmt: skip

    def articles(self) -> Iterator[Page]:
        site = self.site
        for article in site.articles:
            # The context is made from these and the sections (which every page shares).
            shown = (article, *site.neighbours[article.source], *site.related[article.source])
            if not self.names_touched(shown):
                continue
            key: tuple[object, ...] = self.named(shown)
            if self.translations is not None:  # its versions are part of what it shows
                key += (self.translations.switcher(article.url, article.lang),)
            context = LazyContext(partial(self.article_context, article), key)
            source = self.config.content_file(article.source)
            # (The table of every article's changes is not made for a few pages.)
            few = self.touched is not None
            modified = article.modified if few else self.modified[article.source]
            yield Page(article.url, "article.html", context, source, modified,
                       indexable=not article.draft)  # fmt: skip

    def article_context(self, shown: ArticleHead) -> dict[str, Any]:
        site, scheme, whole = self.site, self.scheme, self.whole
        article = whole(shown)
        older, newer = (None if a is None else whole(a) for a in site.neighbours[shown.source])
        section = site.sections.get(article.section)
        feeds = []
        if article.coverage:  # live coverage has a feed of its own updates
            feeds.append(FeedLink(article.title, *article_feed_paths(article.url)))
        if section:
            base = scheme.section(section.path)
            feeds.append(FeedLink(f"{section.title} · {self.config.title}", *feed_paths(base)))
        authors = [scheme.author(a.slug) for a in article.authors]
        json_ld = [
            news_article(article, section, authors, self.facts, self.photos),
            breadcrumb_list([*self.crumbs(article.section), (article.title, article.url)],
                            self.facts),
        ]  # fmt: skip
        head = self.head(article.title, article.summary, article.url, feeds, json_ld,
                         article, section)  # fmt: skip
        return {
            "title": article.title,
            "head": head,
            "article": article,
            "section": section,
            "breadcrumbs": site.breadcrumbs(article.section),
            "previous": older,
            "next": newer,
            "related": tuple(map(whole, site.related[shown.source])),
            **self.in_language(article.url),  # its own words carry its `lang` (own_lang)
        }

    def tags(self) -> Iterator[Page]:
        site, scheme = self.site, self.scheme
        if not site.tags:
            return
        counted = tuple((tag, len(site.tag_articles[slug])) for slug, tag in site.tags.items())
        topics = self.words.gettext("Topics")
        yield from self.index(scheme.tags_index(), "tags.html", topics, "tag index", tags=counted)
        for slug, tag in site.tags.items():
            base = scheme.tag(slug)
            yield from self.listing(
                base, "tag.html", site.tag_articles[slug], f"tag {slug}", tag.name,
                feed=FeedLink(f"{tag.name} · {self.config.title}", *feed_paths(base)), tag=tag,
            )  # fmt: skip

    def authors(self) -> Iterator[Page]:
        site, scheme = self.site, self.scheme
        if not site.authors:
            return
        counted = tuple((a, len(site.author_articles[slug])) for slug, a in site.authors.items())
        photos = self.photos
        yield from self.index(
            scheme.authors_index(),
            "authors.html",
            self.words.gettext("Authors"),
            "author index",
            authors=counted,
            photos={a.slug: photos[a.key] for a, _ in counted if a.key in photos},
        )
        for slug, author in site.authors.items():
            base = scheme.author(slug)
            photo = photos.get(author.key)
            yield from self.listing(
                base, "author.html", site.author_articles[slug], f"author {slug}", author.name,
                author.bio, FeedLink(f"{author.name} · {self.config.title}", *feed_paths(base)),
                [profile_page(author, base, photo, self.facts)], author=author, photo=photo,
            )  # fmt: skip

    def archives(self) -> Iterator[Page]:
        site, scheme = self.site, self.scheme
        if not site.months:
            return
        years = tuple(
            (year, tuple((m, len(site.months[(y, m)]))
                         for (y, m) in sorted(site.months, reverse=True) if y == year))
            for year in site.years
        )  # fmt: skip
        words = self.words
        yield from self.index(scheme.archive_index(), "archive.html", words.gettext("Archive"),
                              "archive index", years=years)  # fmt: skip
        for year, months in years:
            in_year = tuple(a for (y, _), group in sorted(site.months.items(), reverse=True)
                            if y == year for a in group)  # fmt: skip
            yield from self.listing(
                scheme.year(year), "archive_year.html", in_year, f"archive {year}",
                words.gettext("Archive %(year)s") % {"year": year}, year=year, months=months,
            )  # fmt: skip
            for month, _count in months:
                yield from self.listing(
                    scheme.month(year, month), "archive_month.html", site.months[(year, month)],
                    f"archive {year}-{month:02d}",
                    words.gettext("Archive %(year)s-%(month)02d") % {"year": year, "month": month},
                    year=year, month=month,
                )  # fmt: skip

    def corrections(self) -> Iterator[Page]:
        found = sorted(
            ((c, a) for a in self.site.articles for c in a.corrections),
            key=lambda pair: (-pair[0].date.timestamp(), pair[1].source),
        )
        if not found or not self.names_touched(a for _, a in found):
            return
        title = self.words.gettext("Corrections")
        published = self.words.gettext("Corrections and clarifications published by %(publisher)s.")
        description = published % {"publisher": self.facts.publisher}
        head = self.head(title, description, self.scheme.corrections())
        key = {"title": title, "head": head, "corrections": tuple(found),
               **self.in_language(self.scheme.corrections())}  # fmt: skip
        whole = self.whole

        def context() -> dict[str, Any]:
            return {**key, "corrections": tuple((c, whole(a)) for c, a in found)}

        yield Page(self.scheme.corrections(), "corrections.html", LazyContext(context, (key,)),
                   "corrections page", found[0][0].date)  # fmt: skip

    def live(self) -> Iterator[Page]:
        """Coverage going on now, the most recently updated first; only while there is some."""
        ongoing = sorted((a for a in self.site.articles if a.live),
                         key=lambda a: (-a.modified.timestamp(), a.source))  # fmt: skip
        if ongoing:
            words = self.words
            description = words.gettext("Live coverage from %(publisher)s.")
            description %= {"publisher": self.facts.publisher}
            yield from self.listing(self.scheme.live(), "live.html", ongoing, "live coverage page",
                                    words.gettext("Live"), description)  # fmt: skip

    def not_found(self) -> Page:
        title = self.words.gettext("Page not found")
        head = Head(title, self.config.description, "", (), (), ())
        context = {"title": title, "head": head, **self.in_language(NOT_FOUND_PATH)}
        return Page(NOT_FOUND_PATH, "404.html", context, "404 page", indexable=False)


def _listing_context(
    context: dict[str, Any],
    title: str,
    head: Callable[[], Head],
    pagination: Pagination,
    whole: Whole,
) -> dict[str, Any]:
    """A listing page's context, each article it shows made whole."""
    shown = replace(pagination, items=tuple(map(whole, pagination.items)))
    values = {name: _made_whole(value, whole) for name, value in context.items()}
    return {**values, "title": title, "head": head(), "pagination": shown}


def _made_whole(value: Any, whole: Whole) -> Any:
    """`value` with each article head in it (in tuples and lists) made whole."""
    if isinstance(value, ArticleHead):
        return whole(value)
    if isinstance(value, tuple | list):
        return type(value)(_made_whole(item, whole) for item in value)
    return value


def _articles_in(value: object) -> Iterator[ArticleHead]:
    """The articles a listing's own context holds (the home page's lead, top stories and
    section blocks)."""
    if isinstance(value, ArticleHead):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _articles_in(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _articles_in(item)


_source = attrgetter("source")


def _modified_order(article: ArticleHead) -> int:
    return (article.modified - EPOCH) // MICROSECOND


def plan_pages(
    site: Site, config: Config, scheme: UrlScheme, digests: Mapping[str, str],
    touched: frozenset[str] | None = None, whole: Whole = as_whole,
    catalogs: Catalogs | None = None, photos: Mapping[str, Image] | None = None,
) -> list[Page]:  # fmt: skip
    """`digests`: of the site's articles by source (`store.digest_of`), to name them in
    the pages' keys; an article without one is named whole. `touched`: when given, only the
    pages whose keys name one of these sources are planned (`site_shape`). `catalogs`: the
    theme's words, for titles and structured data. `photos`: the authors' photographs.
    A multilingual site's pages are planned language by language, each under its prefix."""
    if not site.languages:
        return _Planner(site, config, scheme, digests, touched, whole, catalogs,
                        photos=photos).pages()  # fmt: skip
    translations = Translations(site, config, scheme)
    pages: list[Page] = []
    for code, own in site.languages.items():
        paths = scheme.in_language(config.languages[code].prefix)
        planner = _Planner(own, config.in_language(code), paths, digests, touched, whole, catalogs,
                           translations=translations, photos=photos)  # fmt: skip
        pages += planner.pages(root=not paths.prefix)
    return pages


def article_page(
    site: Site, config: Config, scheme: UrlScheme, article: Article, whole: Whole = as_whole,
    catalogs: Catalogs | None = None,
) -> Page:  # fmt: skip
    """The page of one article of `site`, as `plan_pages` plans it: `article` may be a newer
    version of the site's article from the same file (serve's first look at an edit)."""
    translations = None
    if site.languages:  # the page in the article's language
        translations = Translations(site, config, scheme)
        own = site.languages.get(article.lang)
        if own is not None:
            scheme = scheme.in_language(config.languages[article.lang].prefix)
            site, config = own, config.in_language(article.lang)
    planner = _Planner(site, config, scheme, {}, whole=whole, catalogs=catalogs,
                       translations=translations)  # fmt: skip
    context = LazyContext(partial(planner.article_context, article), (article,))
    return Page(article.url, "article.html", context, config.content_file(article.source))
