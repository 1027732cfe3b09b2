"""The URL scheme: the one place that decides where every page of the site lives.

Paths here are site paths: relative to the site root, POSIX, no leading '/', ending in '/'
for pretty URLs ("world/asia/quake/" is written to world/asia/quake/index.html). Links are
made from them by `url_for`, which knows the base path the site is hosted under.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from urllib.parse import quote, urlsplit

from newsgen.core.config import Permalinks
from newsgen.core.errors import BuildError, Diagnostic
from newsgen.core.model import Entry, Page, StaticFile, output_file

PAGE_SEGMENT = "page"
NOT_FOUND_PATH = "404.html"
RSS_NAME = "feed.xml"
ATOM_NAME = "atom.xml"
SITEMAP_PATH = "sitemap.xml"
NEWS_SITEMAP_PATH = "news-sitemap.xml"
ROBOTS_PATH = "robots.txt"
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafePathError(ValueError):
    pass


def check_site_path(path: str) -> str:
    """Return `path` if it stays inside the output folder, else raise UnsafePathError."""
    segments = f"/{path}/"  # a "." or ".." segment shows as "/./" or "/../" in it
    if (
        path.startswith(("/", "\\"))
        or "\\" in path
        or "\x00" in path
        or _DRIVE.match(path)
        or "/./" in segments
        or "/../" in segments
        or "//" in path
    ):
        raise UnsafePathError(f"'{path}' would leave the output folder")
    return path


def expand(pattern: str, **values: str) -> str:
    """Fill a permalink pattern; an empty value drops its segment ("{section}/{slug}/")."""
    path = pattern
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    path = re.sub(r"/{2,}", "/", path).lstrip("/")
    return check_site_path(path)


@dataclass(frozen=True)
class UrlScheme:
    permalinks: Permalinks
    zone: tzinfo
    # The folder of one language's pages on a multilingual site ("ar/"); "" for the default.
    prefix: str = ""
    _made: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)

    def __reduce__(self) -> tuple[type, tuple[Permalinks, tzinfo, str]]:
        return (UrlScheme, (self.permalinks, self.zone, self.prefix))  # not what it has made

    def in_language(self, prefix: str) -> UrlScheme:
        """The same scheme for the pages of the language published under `prefix` ("ar")."""
        folder = check_site_path(prefix.strip("/")) + "/" if prefix.strip("/") else ""
        return self if folder == self.prefix else UrlScheme(self.permalinks, self.zone, folder)

    def _expand(self, pattern: str, **values: str) -> str:
        return self.prefix + expand(pattern, **values)

    def home(self) -> str:
        return self.prefix

    def _once(self, kind: str, key: str, make: Callable[[], str]) -> str:
        """Listings are linked from many pages; their paths are worked out once each."""
        made = self._made.get((kind, key))
        if made is None:
            made = self._made[(kind, key)] = make()
        return made

    def article(self, entry: Entry) -> str:
        local = entry.date.astimezone(self.zone)
        return self._expand(
            self.permalinks.article,
            section=entry.section,
            slug=entry.slug,
            year=f"{local.year:04d}",
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
        )

    def section(self, path: str) -> str:
        if not path:
            return ""
        return self._once(
            "section", path, lambda: self._expand(self.permalinks.section, section=path)
        )

    def tag(self, slug: str) -> str:
        return self._once("tag", slug, lambda: self._expand(self.permalinks.tag, slug=slug))

    def tags_index(self) -> str:
        return _index_of(self.tag("x"))

    def author(self, slug: str) -> str:
        return self._once("author", slug, lambda: self._expand(self.permalinks.author, slug=slug))

    def authors_index(self) -> str:
        return _index_of(self.author("x"))

    def year(self, year: int) -> str:
        return self._expand(self.permalinks.year, year=f"{year:04d}")

    def month(self, year: int, month: int) -> str:
        return self._expand(self.permalinks.month, year=f"{year:04d}", month=f"{month:02d}")

    def archive_index(self) -> str:
        return _index_of(self.year(2000))

    def live(self) -> str:
        return self._expand(self.permalinks.live)

    def corrections(self) -> str:
        return self._expand(self.permalinks.corrections)

    def kept_for_pages_that_come_and_go(self) -> dict[str, tuple[str, str]]:
        """The outputs of the pages that exist only at times (live coverage, corrections),
        by the `source` of their page and the setting that moves them: no other page may
        take them, even while they are not there."""
        return {
            output_file(self.live()): ("live coverage page", "permalinks.live"),
            output_file(self.corrections()): ("corrections page", "permalinks.corrections"),
        }


def feed_paths(listing: str) -> tuple[str, str]:
    """The RSS and Atom feeds of a listing live in its folder: world/feed.xml, world/atom.xml."""
    return listing + RSS_NAME, listing + ATOM_NAME


def article_feed_paths(url: str) -> tuple[str, str]:
    """Live coverage has feeds of its own: world/storm/feed.xml, or storm.feed.xml beside a
    storm.html page."""
    if url.endswith("/"):
        return feed_paths(url)
    stem = url.removesuffix(".html")
    return f"{stem}.{RSS_NAME}", f"{stem}.{ATOM_NAME}"


def sitemap_part(number: int) -> str:
    """The parts of a sitemap too large for one file: sitemap-1.xml, sitemap-2.xml, ..."""
    return f"sitemap-{number}.xml"


def language_sitemap(code: str, number: int = 0) -> str:
    """One language's sitemap on a multilingual site, beside the index that lists every
    language's: sitemap-ar.xml, and its parts when large: sitemap-ar-1.xml."""
    name = code.lower()
    return f"sitemap-{name}.xml" if number == 0 else f"sitemap-{name}-{number}.xml"


def paginated(path: str, number: int) -> str:
    """Page 1 of a listing is the listing's own path; page n is under page/n/."""
    return path if number == 1 else f"{path}{PAGE_SEGMENT}/{number}/"


def _index_of(path: str) -> str:
    """The listing above a pattern's last segment: "tags/x/" -> "tags/"."""
    parent = path.rstrip("/").rsplit("/", 1)
    return parent[0] + "/" if len(parent) == 2 else ""


def url_for(base_path: str, path: str) -> str:
    """The link to a site path, under the base path, percent-encoded."""
    return base_path + quote(path, safe="/:@!$&'()*+,;=-._~")


@dataclass(frozen=True)
class Links:
    """Links to site paths: from the server's root for pages, absolute for feeds and
    search engines. An address on another site is kept as it is."""

    origin: str  # "https://example.org", or "" when the site's host is not known
    base_path: str  # "/news/"
    # Pages link the same few thousand paths over and over: each is worked out once.
    _made: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _absolute: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return (Links, (self.origin, self.base_path))  # what it is, not what it has made

    def path(self, site_path: str) -> str:
        made = self._made.get(site_path)
        if made is None:
            made = self._made[site_path] = (
                site_path if _elsewhere(site_path) else url_for(self.base_path, site_path)
            )
        return made

    def absolute(self, site_path: str) -> str:
        made = self._absolute.get(site_path)
        if made is None:
            made = self._absolute[site_path] = (
                site_path if _elsewhere(site_path) else self.origin + self.path(site_path)
            )
        return made


def _elsewhere(address: str) -> bool:
    """Whether an address is on another site. Only one with a colon can name a scheme
    ("https:"): most have none, and are not split."""
    return ":" in address and bool(urlsplit(address).scheme)


def check_collisions(
    outputs: Iterable[Page | StaticFile], kept: Mapping[str, tuple[str, str]] | None = None,
    article: str = "",
) -> None:  # fmt: skip
    """Two things written to one file is an error naming both, found before any writing.
    `kept`: outputs kept for a page (`UrlScheme.kept_for_pages_that_come_and_go`), which
    nothing else may take even while that page is not there. `article`: the articles'
    permalink pattern, for the hint when two articles meet."""
    claims: dict[str, list[str]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for item in outputs:
        try:
            claims[check_site_path(item.output)].append(item.source)
        except UnsafePathError as exc:
            problems.append(Diagnostic(item.source, None, str(exc)))
    for path, sources in claims.items():
        owner, setting = (kept or {}).get(path, ("", ""))
        others = [s for s in sources if s != owner]
        if owner and others:
            message = (f"writes to /{path}, the address of the {owner}: give it another, or"
                       f" move the {owner} with {setting} in config.toml")  # fmt: skip
            problems.append(Diagnostic(others[0], None, message))
        elif len(sources) > 1:
            message = f"writes to /{path}, and so does {', '.join(sources[1:])}"
            problems.append(Diagnostic(sources[0], None, message + _separate(sources, article)))
    if problems:
        raise BuildError(problems)


def _separate(sources: list[str], article: str) -> str:
    """How to tell two articles at one address apart (archives reuse slugs over the years)."""
    if not article or not all(s.endswith((".md", ".markdown")) for s in sources):
        return ""
    hint = ": give one of them another 'slug'"
    if "{year}" not in article:
        dated = article.replace("{slug}", "{year}/{month}/{slug}")
        hint += f', or put the date in every article\'s address: permalinks.article = "{dated}"'
    return hint
