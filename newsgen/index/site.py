"""Stage `index`: published articles to `Site`, the indexes every page is planned from.

Built once per build: sections tree, tags, authors, archives, ordering and prev/next.
Nothing here is computed per page.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import TypeVar

from newsgen.content.compat import folder_parts
from newsgen.core.config import Config
from newsgen.core.model import ArticleHead, Author, EntryHead, Section, Tag, section_lineage
from newsgen.core.slugs import slugify
from newsgen.index.related import Memo, find_related

K = TypeVar("K")
E = TypeVar("E", bound=EntryHead)


@dataclass(frozen=True)
class Site:
    articles: tuple[ArticleHead, ...]  # newest first
    sections: Mapping[str, Section]  # every section, ancestors included; "" is not one
    top_sections: tuple[str, ...]  # in display order
    section_articles: Mapping[str, tuple[ArticleHead, ...]]  # own and subsections', newest first
    tags: Mapping[str, Tag]  # by slug
    tag_articles: Mapping[str, tuple[ArticleHead, ...]]
    authors: Mapping[str, Author]  # by slug
    author_articles: Mapping[str, tuple[ArticleHead, ...]]
    months: Mapping[
        tuple[int, int], tuple[ArticleHead, ...]
    ]  # (year, month) -> articles, newest first
    neighbours: Mapping[
        str, tuple[ArticleHead | None, ArticleHead | None]
    ]  # source -> (older, newer)
    related: Mapping[str, tuple[ArticleHead, ...]]  # source -> related articles, best first
    lead: ArticleHead | None
    newest: datetime | None  # when the newest change to any article was made
    # A multilingual site's languages, each a site of its own articles, by code, the
    # default first (`config.languages`); empty for a site of one language.
    languages: Mapping[str, Site] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({year for year, _ in self.months}, reverse=True))

    def breadcrumbs(self, section: str) -> tuple[Section, ...]:
        """The sections from the top level down to `section`."""
        return tuple(self.sections[path] for path in section_lineage(section))


def select_published(entries: Iterable[E], now: datetime, drafts: bool, future: bool) -> list[E]:
    """Leave out drafts and articles dated after `now`, unless asked to keep them."""
    return [e for e in entries if (drafts or not e.draft) and (future or e.date <= now)]


def left_out(
    entries: Iterable[EntryHead], published: Iterable[EntryHead], zone: tzinfo
) -> dict[str, str]:
    """The articles `select_published` left out, and why, as a link to one says it."""
    kept = {e.source for e in published}
    return {e.source: _why_left_out(e, zone) for e in entries if e.source not in kept}


def _why_left_out(entry: EntryHead, zone: tzinfo) -> str:
    if entry.draft:
        return "a draft"
    return f"scheduled for {entry.date.astimezone(zone):%Y-%m-%d %H:%M}"


def newest_first(articles: Iterable[ArticleHead]) -> tuple[ArticleHead, ...]:
    # The source path breaks ties so that the order never depends on the file system.
    return tuple(sorted(articles, key=lambda a: (-a.date.timestamp(), a.source)))


def index_site(articles: Iterable[ArticleHead], config: Config, memo: Memo | None = None) -> Site:
    """`memo`: where related articles are kept between builds (see `find_related`). On a
    multilingual site, each language is indexed on its own too (`Site.languages`): its
    sections, tags, archives, neighbours and related articles are its own articles'."""
    ordered = newest_first(articles)
    site = _index(ordered, config, memo)
    if not config.languages:
        return site
    languages = {
        code: _index(tuple(a for a in ordered if a.lang == code), config.in_language(code), None)
        for code in config.languages
    }
    return replace(site, languages=MappingProxyType(languages))


def _index(ordered: tuple[ArticleHead, ...], config: Config, memo: Memo | None) -> Site:
    sections = _sections(ordered, config)
    zone = config.tz

    in_section: dict[str, list[ArticleHead]] = defaultdict(list)
    own_section: dict[str, list[ArticleHead]] = defaultdict(list)
    tag_articles: dict[str, list[ArticleHead]] = defaultdict(list)
    tag_names: dict[str, Counter[str]] = defaultdict(Counter)
    authors: dict[str, Author] = {}
    author_articles: dict[str, list[ArticleHead]] = defaultdict(list)
    months: dict[tuple[int, int], list[ArticleHead]] = defaultdict(list)
    lines: dict[str, list[list[ArticleHead]]] = {}  # each section's own list and its ancestors'
    for article in ordered:
        line = lines.get(article.section)
        if line is None:
            line = lines[article.section] = [
                in_section[c] for c in section_lineage(article.section)
            ]
        own_section[article.section].append(article)
        for listed in line:
            listed.append(article)
        for tag in article.tags:
            tag_articles[tag.slug].append(article)
            tag_names[tag.slug][tag.name] += 1
        for author in article.authors:
            authors.setdefault(author.slug, author)
            author_articles[author.slug].append(article)
        local = article.date.astimezone(zone)
        months[(local.year, local.month)].append(article)

    neighbours: dict[str, tuple[ArticleHead | None, ArticleHead | None]] = {}
    for group in own_section.values():
        for i, article in enumerate(group):  # newest first: i+1 is older, i-1 newer
            older = group[i + 1] if i + 1 < len(group) else None
            newer = group[i - 1] if i > 0 else None
            neighbours[article.source] = (older, newer)

    # A tag written in several ways ("Seoul", "seoul") is shown as most articles write it.
    tags = {slug: Tag(names.most_common(1)[0][0], slug) for slug, names in tag_names.items()}
    featured = [a for a in ordered if a.featured]
    return Site(
        articles=ordered,
        sections=MappingProxyType(sections),
        top_sections=_ordered_children(None, sections),
        section_articles=_frozen(in_section),
        tags=MappingProxyType(dict(sorted(tags.items()))),
        tag_articles=_frozen(tag_articles),
        authors=MappingProxyType(dict(sorted(authors.items()))),
        author_articles=_frozen(author_articles),
        months=_frozen(months),
        neighbours=MappingProxyType(neighbours),
        related=find_related(ordered, memo),
        lead=featured[0] if featured else (ordered[0] if ordered else None),
        newest=max((a.modified for a in ordered), default=None),
    )


def _sections(articles: Iterable[ArticleHead], config: Config) -> dict[str, Section]:
    """Sections named in config.toml, and those articles are filed in, with all ancestors."""
    paths: set[str] = set()
    for path in {*config.sections, *(a.section for a in articles)}:
        paths.update(section_lineage(path))

    children: dict[str | None, list[str]] = defaultdict(list)
    for path in paths:
        children[path.rpartition("/")[0] or None].append(path)

    def order(path: str) -> tuple[int, str]:
        configured = config.sections.get(path)
        rank = configured.order if configured and configured.order is not None else 1_000_000
        return (rank, path)

    written = _folder_names(articles)
    sections: dict[str, Section] = {}
    for path in sorted(paths):
        configured = config.sections.get(path)
        sections[path] = Section(
            path=path,
            title=(configured.title if configured and configured.title else _title(path, written)),
            description=configured.description if configured else "",
            order=configured.order if configured else None,
            parent=path.rpartition("/")[0] or None,
            children=tuple(sorted(children.get(path, []), key=order)),
        )
    return sections


def _ordered_children(parent: str | None, sections: Mapping[str, Section]) -> tuple[str, ...]:
    tops = [s for s in sections.values() if s.parent == parent]
    return tuple(
        s.path for s in sorted(tops, key=lambda s: (s.order is None, s.order or 0, s.path))
    )


def _folder_names(articles: Iterable[ArticleHead]) -> dict[str, str]:
    """Each section's folder as written ("économie" for the section "economie"), where an
    article's folders make its section; its slug only says how its address is spelled."""
    names: dict[str, str] = {}
    seen: set[str] = set()
    for article in articles:
        folder = article.source.rpartition("/")[0]
        key = f"{folder}/{article.source.endswith(('/index.md', '/index.markdown'))}"
        if key in seen:  # 10,000 articles live in a few dozen folders
            continue
        seen.add(key)
        folders = folder_parts(article.source)
        slugs = [slugify(name) for name in folders]
        if "/".join(slugs) == article.section:
            for depth, name in enumerate(folders, start=1):
                names.setdefault("/".join(slugs[:depth]), name)
    return names


def _title(path: str, written: Mapping[str, str]) -> str:
    """A section's title from its folder's name: its letters kept, each word capitalized."""
    name = written.get(path) or path.rsplit("/", 1)[-1]
    words = name.replace("-", " ").replace("_", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def _frozen(groups: Mapping[K, list[ArticleHead]]) -> Mapping[K, tuple[ArticleHead, ...]]:
    return MappingProxyType({key: tuple(items) for key, items in groups.items()})
