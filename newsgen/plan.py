"""Stage `plan`: `Site` to the list of every page the site will have.

Each page gets its path (from `routes`), its template and an explicit context: a template
sees only what its page holds, plus the site summary given to every page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from newsgen.config import Config
from newsgen.errors import BuildError, Diagnostic
from newsgen.model import Article, Page, Section, StaticFile
from newsgen.routes import NOT_FOUND_PATH, UnsafePathError, UrlScheme, check_site_path, paginated
from newsgen.site import Site
from newsgen.theme import theme_folders, theme_static_files


@dataclass(frozen=True)
class Pagination:
    number: int  # 1-based
    count: int  # how many pages the listing has
    base: str  # site path of page 1
    items: tuple[Article, ...]

    @property
    def previous(self) -> str | None:
        return paginated(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return paginated(self.base, self.number + 1) if self.number < self.count else None

    def path_of(self, number: int) -> str:
        return paginated(self.base, number)


def paginate(base: str, articles: Sequence[Article], per_page: int) -> Iterator[Pagination]:
    count = max(1, -(-len(articles) // per_page))
    for number in range(1, count + 1):
        items = tuple(articles[(number - 1) * per_page : number * per_page])
        yield Pagination(number, count, base, items)


def plan_pages(site: Site, config: Config, scheme: UrlScheme) -> list[Page]:
    pages: list[Page] = []
    pages += _home(site, config)
    pages += _sections(site, config, scheme)
    pages += _articles(site, config)
    pages += _tags(site, config, scheme)
    pages += _authors(site, config, scheme)
    pages += _archives(site, config, scheme)
    pages.append(Page(NOT_FOUND_PATH, "404.html", {"title": "Page not found"}, "404 page"))
    return pages


def plan_static_files(config: Config, assets: Iterable[str]) -> list[StaticFile]:
    """Theme static files under static/, the site's static/ at the root, content assets
    at their own paths beside the articles that use them."""
    statics = [
        StaticFile(f"static/{relative}", str(path), f"theme file {path}")
        for relative, path in theme_static_files(theme_folders(config))
    ]
    if config.static_path.is_dir():
        for path in sorted(p for p in config.static_path.rglob("*") if p.is_file()):
            relative = path.relative_to(config.static_path).as_posix()
            statics.append(StaticFile(relative, str(path), f"{config.static_dir}/{relative}"))
    statics += [
        StaticFile(a, str(config.content_path / a), f"{config.content_dir}/{a}") for a in assets
    ]
    return statics


def check_collisions(outputs: Iterable[Page | StaticFile]) -> None:
    """Two things written to one file is an error naming both, found before any writing."""
    claims: dict[str, list[str]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for item in outputs:
        try:
            claims[check_site_path(item.output)].append(item.source)
        except UnsafePathError as exc:
            problems.append(Diagnostic(item.source, None, str(exc)))
    for path, sources in claims.items():
        if len(sources) > 1:
            others = ", ".join(sources[1:])
            problems.append(
                Diagnostic(sources[0], None, f"writes to /{path}, and so does {others}")
            )
    if problems:
        raise BuildError(problems)


def _listing(
    base: str,
    template: str,
    articles: Sequence[Article],
    per_page: int,
    source: str,
    **context: Any,
) -> Iterator[Page]:
    for pagination in paginate(base, articles, per_page):
        yield Page(pagination.path_of(pagination.number), template,
                   {**context, "pagination": pagination}, source)  # fmt: skip


def _home(site: Site, config: Config) -> Iterator[Page]:
    # The lead story opens page 1; the rest are listed newest first after it.
    rest = [a for a in site.articles if a is not site.lead]
    blocks = tuple(
        (site.sections[path], site.section_articles.get(path, ())[:5]) for path in site.top_sections
    )
    yield from _listing(
        "", "home.html", rest, config.per_page, "home page",
        title=config.title, lead=site.lead, section_blocks=blocks,
    )  # fmt: skip


def _sections(site: Site, config: Config, scheme: UrlScheme) -> Iterator[Page]:
    for path, section in site.sections.items():
        yield from _listing(
            scheme.section(path), "section.html", site.section_articles.get(path, ()),
            config.per_page, f"section {path}",
            title=section.title, section=section, breadcrumbs=site.breadcrumbs(path)[:-1],
            subsections=tuple(site.sections[c] for c in section.children),
        )  # fmt: skip


def _articles(site: Site, config: Config) -> Iterator[Page]:
    for article in site.articles:
        older, newer = site.neighbours[article.source]
        section: Section | None = site.sections.get(article.section)
        yield Page(
            article.url,
            "article.html",
            {
                "title": article.title,
                "article": article,
                "section": section,
                "breadcrumbs": site.breadcrumbs(article.section),
                "previous": older,
                "next": newer,
            },
            f"{config.content_dir.rstrip('/')}/{article.source}",
        )


def _tags(site: Site, config: Config, scheme: UrlScheme) -> Iterator[Page]:
    if not site.tags:
        return
    counted = tuple((tag, len(site.tag_articles[slug])) for slug, tag in site.tags.items())
    yield Page(scheme.tags_index(), "tags.html", {"title": "Topics", "tags": counted}, "tag index")
    for slug, tag in site.tags.items():
        yield from _listing(
            scheme.tag(slug), "tag.html", site.tag_articles[slug], config.per_page, f"tag {slug}",
            title=tag.name, tag=tag,
        )  # fmt: skip


def _authors(site: Site, config: Config, scheme: UrlScheme) -> Iterator[Page]:
    if not site.authors:
        return
    counted = tuple((a, len(site.author_articles[slug])) for slug, a in site.authors.items())
    yield Page(
        scheme.authors_index(), "authors.html", {"title": "Authors", "authors": counted},
        "author index",
    )  # fmt: skip
    for slug, author in site.authors.items():
        yield from _listing(
            scheme.author(slug), "author.html", site.author_articles[slug], config.per_page,
            f"author {slug}", title=author.name, author=author,
        )  # fmt: skip


def _archives(site: Site, config: Config, scheme: UrlScheme) -> Iterator[Page]:
    if not site.months:
        return
    years = tuple(
        (year, tuple((m, len(site.months[(y, m)])) for (y, m) in sorted(site.months, reverse=True)
                     if y == year))
        for year in site.years
    )  # fmt: skip
    yield Page(scheme.archive_index(), "archive.html", {"title": "Archive", "years": years},
               "archive index")  # fmt: skip
    for year, months in years:
        in_year = tuple(a for (y, _), group in sorted(site.months.items(), reverse=True)
                        if y == year for a in group)  # fmt: skip
        yield from _listing(
            scheme.year(year), "archive_year.html", in_year, config.per_page, f"archive {year}",
            title=f"Archive {year}", year=year, months=months,
        )  # fmt: skip
        for month, _count in months:
            yield from _listing(
                scheme.month(year, month), "archive_month.html", site.months[(year, month)],
                config.per_page, f"archive {year}-{month:02d}",
                title=f"Archive {year}-{month:02d}", year=year, month=month,
            )  # fmt: skip
