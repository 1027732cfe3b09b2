"""The plain data that flows between stages. Frozen; relations are keys, not references."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Source:
    """One file under content/, decoded."""

    path: str  # relative to content/, POSIX separators
    text: str  # '\n' line ends, no BOM
    digest: str


@dataclass(frozen=True)
class Image:
    src: str  # a site path ("world/asia/quake.jpg") or an absolute URL
    alt: str
    caption: str = ""
    credit: str = ""
    # Known for files beside the articles; None for images on other sites.
    width: int | None = None
    height: int | None = None
    size: int | None = None  # bytes
    media_type: str | None = None  # "image/jpeg"
    # Where a crop centres, x and y from 0 to 1 (front matter's `focus`); None: the centre.
    focus: tuple[float, float] | None = None
    resized: bool = False  # published in several widths and formats (`images/recipe.py`)


@dataclass(frozen=True)
class Correction:
    """A correction or clarification published on an article after the fact."""

    date: datetime
    text: str


@dataclass(frozen=True)
class LiveUpdate:
    """One timestamped update of live coverage."""

    anchor: str  # the id of its element on the page: "update-202603011405"
    time: datetime
    title: str
    author: str
    key: bool  # a key event, listed in the summary box
    pinned: bool  # shown above the others
    body_html: str


@dataclass(frozen=True, kw_only=True)
class EntryHead:
    """What a build reads of every entry before its article is made: whether and when it
    is published, where, and its old addresses. A rebuild reads only this of a file whose
    article it takes from the cache."""

    source: str  # content-relative path, e.g. "world/asia/quake.md"
    date: datetime
    section: str  # "world/asia"; "" for the home section
    draft: bool
    date_only: bool = False  # `date` was written as a day: midnight in the site's zone
    undated: bool = False  # a draft without a date: `date` is a stand-in until it has one
    live: bool  # live coverage, updated through the day
    live_until: datetime | None  # when the coverage ended, or ends
    key_lines: Mapping[str, int]  # front matter key -> its line, for messages
    aliases: tuple[str, ...] = ()  # old addresses, as written, that redirect to the article
    digest: str = ""  # of the file's bytes: with its path, names the entry in the cache
    lang: str = ""  # the article's language tag ("ko", "pt-BR"); "" for the site's
    translation_key: str = ""  # as written: the articles that share it tell one story


@dataclass(frozen=True, kw_only=True)
class Entry(EntryHead):
    """An article as written: front matter checked and typed, body still Markdown."""

    title: str
    updated: datetime | None
    authors: tuple[str, ...]  # author keys
    tags: tuple[str, ...]
    summary: str  # may be "", then derived from the body
    image: Image | None
    location: str
    slug: str
    featured: bool
    corrections: tuple[Correction, ...]  # oldest first
    body: str
    body_line: int
    extra: Mapping[str, Any]


@dataclass(frozen=True)
class Author:
    key: str
    name: str
    slug: str
    bio: str = ""
    url: str = ""  # the author's own site, if any


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str


@dataclass(frozen=True, kw_only=True)
class ArticleHead:
    """What indexing and planning read of every article: its address, dates, section,
    people, tags, image and flags. A rebuild holds only this of an unchanged article; a
    page that shows the article makes it whole (`Article`) when it is rendered."""

    source: str
    url: str  # site path, e.g. "world/asia/quake/"
    date: datetime
    updated: datetime | None
    authors: tuple[Author, ...]
    section: str
    tags: tuple[Tag, ...]
    image: Image | None
    featured: bool
    draft: bool
    date_only: bool = False  # `date` was written as a day: pages show no time of day
    coverage: bool  # live coverage, ongoing or ended
    live: bool  # live coverage still going on at the build's "now"
    live_until: datetime | None
    corrections: tuple[Correction, ...]  # oldest first
    updates: tuple[LiveUpdate, ...]  # newest first
    # The images beside the articles that its body shows (content paths): the images stage
    # makes a photograph's widths only where a page shows it.
    body_images: tuple[str, ...] = ()
    lang: str = ""  # the article's language tag ("ko", "pt-BR"); "" for the site's
    # What links the translations of one story on a multilingual site; "" on other sites.
    translation_key: str = ""

    @property
    def modified(self) -> datetime:
        """When the article last changed: its update, latest correction or live update."""
        changes = [self.updated or self.date, *(c.date for c in self.corrections)]
        return max([*changes, *(u.time for u in self.updates)])


@dataclass(frozen=True, kw_only=True)
class Article(ArticleHead):
    """An entry with its URL known, its people and tags resolved, and its body rendered."""

    title: str
    summary: str  # as written, else derived from the first paragraph
    standfirst: str  # the summary as written; "" when derived (it would repeat the body)
    location: str
    slug: str
    body_html: str  # for live coverage, the introduction above the updates
    toc_html: str
    word_count: int
    reading_minutes: int
    extra: Mapping[str, Any]


# Makes an article whole from its head: where a page shows the article, it is rendered
# from all of it. A cold build's articles are whole already; a rebuild's come from the cache.
Whole = Callable[[ArticleHead], Article]


def as_whole(article: ArticleHead) -> Article:
    """The article, which must be whole already (a build without the cache)."""
    if not isinstance(article, Article):
        raise TypeError(f"only the head of {article.source} is known")
    return article


@dataclass(frozen=True)
class Section:
    path: str  # "world/international/crisis"
    title: str
    description: str
    order: int | None
    parent: str | None  # parent's path; None for top-level sections
    children: tuple[str, ...]  # child paths, in display order

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1


def section_lineage(section: str) -> list[str]:
    """A section's path and its parents', top first: "world/asia" -> world, world/asia."""
    parts = section.split("/") if section else []
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


class LazyContext(Mapping[str, Any]):
    """A page's context, made when it is read and not kept: planning stays cheap in the
    build process, each worker makes the contexts of the pages it renders, and no process
    holds the contexts of every page at once. Read it once with `made()`.

    `key` holds everything the context is made from besides what every page shares (the
    configuration, the sections): the page's fingerprint is taken from the key, so that a
    page that is not rendered again never has its context made."""

    __slots__ = ("_make", "key")

    def __init__(self, make: Callable[[], Mapping[str, Any]], key: tuple[Any, ...]) -> None:
        self._make = make
        self.key = key

    def made(self) -> Mapping[str, Any]:
        return self._make()

    def __getitem__(self, key: str) -> Any:
        return self._make()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._make())

    def __len__(self) -> int:
        return len(self._make())

    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[Mapping[str, Any]]]:
        return dict, (self._make(),)  # pickled as what it holds


class Shared:
    """A part of many pages' keys (what a listing's pages have in common): fingerprints
    digest it once per build and process, and keep the digest here, instead of digesting
    it again for every page."""

    __slots__ = ("digest", "value")

    def __init__(self, value: object) -> None:
        self.value = value
        self.digest: str | None = None  # set by the first fingerprint that names it

    def __reduce__(self) -> tuple[type[Shared], tuple[object]]:
        return Shared, (self.value,)


def made(context: Mapping[str, Any]) -> Mapping[str, Any]:
    """A context ready to read many times."""
    return context.made() if isinstance(context, LazyContext) else context


def context_key(context: Mapping[str, Any]) -> object:
    """What a page's context is made from: its key if it has one, else the context."""
    return context.key if isinstance(context, LazyContext) else context


def output_file(path: str) -> str:
    """The file a site path is written to: "world/" and "" are folders with an index.html."""
    return path + "index.html" if path.endswith("/") or not path else path


@dataclass(frozen=True)
class Page:
    """One output file to render: where it goes, which template, and everything it shows."""

    path: str  # site path: "world/" or "404.html"
    template: str  # a template's name, or "@name" for a built-in serializer (feeds, sitemaps)
    context: Mapping[str, Any]
    source: str  # what asked for this page, for collision messages
    modified: datetime | None = None  # when what the page shows last changed (sitemaps)
    indexable: bool = True  # listed in the sitemap when it is an HTML page

    # Asked for six times per page in a build: made once (a cached_property takes a lock).
    output: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "output", output_file(self.path))


@dataclass(frozen=True)
class StaticFile:
    """A file copied as it is: theme static files, images beside articles."""

    path: str  # site path
    origin: str  # absolute file system path of the file to copy
    source: str  # what asked for this file, for collision messages

    @property
    def output(self) -> str:
        return self.path
