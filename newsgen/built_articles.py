"""Articles built by earlier builds, each with what decided it, in the persistent cache.

An article is a function of its file, the configuration, its URL and, for each link in
its body and for its image, whether that path is a page (at which address) or a file. A
rebuild takes the article whole when all of those are what they were: no Markdown looked
up, no link rewritten again, no image header read. Live coverage is always built again
(whether it is still going on depends on the build's moment).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgen.articles import Targets
from newsgen.cache import Table
from newsgen.errors import Diagnostic
from newsgen.file_digests import Stat, stat_of
from newsgen.model import Article, Entry

# (content path, the address of the page it is, whether it is a file beside the articles)
Consulted = tuple[tuple[str, str | None, bool], ...]


@dataclass(frozen=True)
class BuiltArticle:
    url: str
    consulted: Consulted
    image: Stat | None  # of the local image file whose size the article gives
    article: Article
    warnings: tuple[Diagnostic, ...]
    digest: str  # of all the article holds (`cache.digest_of`)


def consulted(paths: Iterable[str], targets: Targets) -> Consulted:
    return tuple((p, targets.pages.get(p), p in targets.assets) for p in sorted(paths))


def image_stat(article: Article, content: Path) -> Stat | None:
    """The stat of the article's local image file, if it has one."""
    if article.image is None or article.image.size is None:
        return None
    try:
        return stat_of(os.path.join(content, article.image.src))
    except OSError:
        return None


class BuiltArticles:
    """By file path and bytes; `salt` names the configuration and newsgen's version."""

    def __init__(self, connection: sqlite3.Connection, salt: str, content: Path) -> None:
        self.table = Table(connection, "articles")
        self.salt = hashlib.blake2b(salt.encode("utf-8"), digest_size=20).hexdigest()
        self.content = content

    def _key(self, entry: Entry) -> str:
        text = f"{self.salt}\0{entry.source}\0{entry.digest}"
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def prefetch(self, entries: Sequence[Entry]) -> None:
        self.table.prefetch(self._key(e) for e in entries if not e.live)

    def get(self, entry: Entry, url: str, targets: Targets) -> BuiltArticle | None:
        """The article as built before, if everything that decided it is unchanged."""
        if entry.live or not entry.digest:
            return None
        built = self.table.get(self._key(entry))
        if not isinstance(built, BuiltArticle) or built.url != url:
            return None
        pages, assets = targets.pages, targets.assets
        for path, page, asset in built.consulted:
            if pages.get(path) != page or (path in assets) != asset:
                return None
        if built.image != image_stat(built.article, self.content):
            return None
        return built

    def put_many(self, items: Iterable[tuple[Entry, BuiltArticle]]) -> None:
        self.table.put_many((self._key(e), b) for e, b in items if not e.live and e.digest)
