"""Stage `plan`, on a multilingual site: each page's versions in the other languages, for
its `hreflang` alternates, its language switcher and the sitemaps.

Pages are versions of one another when they show the same thing in different languages:
the homes; a section, tag or author of the same path or slug; the indexes of topics,
authors and the archive, a year or month of it; the corrections and live pages; and the
articles that share a translation key (`content/languages.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass

from newsgen.core.config import Config
from newsgen.core.routes import Links, UrlScheme
from newsgen.index.site import Site


@dataclass(frozen=True)
class LanguageLink:
    """One language in a page's language switcher."""

    code: str  # "ar": its `lang` and `hreflang`
    name: str  # its name in itself: "العربية"
    path: str  # site path of the page's version in it, else of its home
    translated: bool  # `path` is the page's own version, not the language's home
    current: bool  # the page's own language


class Translations:
    """The versions of every page that has some, in every language of the site."""

    def __init__(self, site: Site, config: Config, scheme: UrlScheme) -> None:
        self.config = config
        self.links = Links(config.origin, config.base_path)
        self.homes: dict[str, str] = {}
        groups: dict[Hashable, dict[str, str]] = defaultdict(dict)
        for code, own in site.languages.items():
            paths = scheme.in_language(config.languages[code].prefix)
            self.homes[code] = paths.home()
            for identity, path in _versions(own, paths):
                groups[identity][code] = path
        self.by_path: dict[str, Mapping[str, str]] = {
            path: group for group in groups.values() if len(group) > 1 for path in group.values()
        }

    def switcher(self, path: str, language: str) -> tuple[LanguageLink, ...]:
        """Every language of the site, each linked to this page's version in it, or to its
        home where there is none; the page's own language, to the page. None for a site
        that declares one language only."""
        if len(self.config.languages) < 2:
            return ()
        versions = {**self.by_path.get(path, {}), language: path}
        return tuple(
            LanguageLink(code, lang.name, versions.get(code, self.homes[code]), code in versions,
                         code == language)
            for code, lang in self.config.languages.items()
        )  # fmt: skip

    def alternates(self, path: str) -> tuple[tuple[str, str], ...]:
        """(hreflang, absolute address) of each version of the page, itself included, and
        `x-default`: the default language's, else the first there is. None for a page
        that has no version in another language."""
        versions = self.by_path.get(path)
        if not versions:
            return ()
        ordered = [(code, versions[code]) for code in self.config.languages if code in versions]
        pairs = [(code, self.links.absolute(p)) for code, p in ordered]
        return (*pairs, ("x-default", pairs[0][1]))


def _versions(site: Site, paths: UrlScheme) -> Iterator[tuple[Hashable, str]]:
    """(what a page shows, its path) of each page of one language's site that another
    language may have too."""
    yield ("home",), paths.home()
    for path in site.sections:
        yield ("section", path), paths.section(path)
    for slug in site.tags:
        yield ("tag", slug), paths.tag(slug)
    for slug in site.authors:
        yield ("author", slug), paths.author(slug)
    if site.tags:
        yield ("tags",), paths.tags_index()
    if site.authors:
        yield ("authors",), paths.authors_index()
    if site.months:
        yield ("archive",), paths.archive_index()
    for year, month in site.months:
        yield ("month", year, month), paths.month(year, month)
    for year in site.years:
        yield ("year", year), paths.year(year)
    if any(a.corrections for a in site.articles):
        yield ("corrections",), paths.corrections()
    if any(a.live for a in site.articles):
        yield ("live",), paths.live()
    for article in site.articles:
        yield ("article", article.translation_key), article.url
