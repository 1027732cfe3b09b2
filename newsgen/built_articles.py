"""Articles built by earlier builds, each with what decided it, in the persistent cache.

An article is a function of its file, the configuration, its URL and, for each link in
its body and for its image, whether that path is a page (at which address) or a file. A
rebuild takes the article whole when all of those are what they were: no Markdown looked
up, no link rewritten again, no image header read. The row also holds the file's parsed
front matter (without the body, which the article holds rendered): an unchanged file is
read from one row. Live coverage is always built again (whether it is still going on
depends on the build's moment).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsgen.articles import Targets
from newsgen.cache import Table
from newsgen.config import Config
from newsgen.errors import Diagnostic
from newsgen.file_digests import Stat, Stats
from newsgen.model import Article, Entry

# (content path, the address of the page it is, whether it is a file beside the articles)
Consulted = tuple[tuple[str, str | None, bool], ...]


@dataclass(frozen=True)
class BuiltArticle:
    url: str
    consulted: Consulted
    image: Stat | None  # of the local image file whose size the article gives
    article: Article
    warnings: tuple[Diagnostic, ...]  # of building it
    digest: str  # of all the article holds (`cache.digest_of`)
    entry: Entry  # the file's front matter, parsed; its body is left out ("")
    parsed: tuple[Diagnostic, ...]  # the warnings of parsing the file


def consulted(paths: Iterable[str], targets: Targets) -> Consulted:
    return tuple((p, targets.pages.get(p), p in targets.assets) for p in sorted(paths))


def image_stat(article: Article, content: Path, stats: Stats) -> Stat | None:
    """The stat of the article's local image file, if it has one."""
    if article.image is None or article.image.size is None:
        return None
    try:
        return stats.of(os.path.join(content, article.image.src))
    except OSError:
        return None


class BuiltArticles:
    """By file path and bytes; `salt` names newsgen's version and renderer settings, and
    the configuration."""

    def __init__(
        self, connection: sqlite3.Connection, salt: str, config: Config, stats: Stats | None = None
    ) -> None:
        self.table = Table(connection, "articles")
        self.stats = stats or Stats()
        text = f"{salt}\0{config!r}"
        self.salt = hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
        self.content = config.content_path
        self._prefetched: dict[tuple[str, str], str] = {}  # keys of the last prefetch

    def _key(self, source: str, digest: str) -> str:
        text = f"{self.salt}\0{source}\0{digest}"
        return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()

    def prefetch(self, files: Iterable[tuple[str, str]]) -> None:
        """`files`: (path, digest of its bytes) of the files asked for next."""
        keys = self._prefetched = {file: self._key(*file) for file in files}
        self.table.prefetch(keys.values())

    def stored(self, source: str, digest: str) -> BuiltArticle | None:
        """The article built before from this file's bytes, not yet checked (`holds`)."""
        key = self._prefetched.get((source, digest)) or self._key(source, digest)
        built = self.table.get(key)
        return built if isinstance(built, BuiltArticle) else None

    def holds(self, built: BuiltArticle, url: str, targets: Targets) -> bool:
        """Whether everything that decided the article is what it was."""
        if built.url != url:
            return False
        pages, assets = targets.pages, targets.assets
        for path, page, asset in built.consulted:
            if pages.get(path) != page or (path in assets) != asset:
                return False
        return built.image == image_stat(built.article, self.content, self.stats)

    def put_many(self, items: Iterable[BuiltArticle]) -> None:
        self.table.put_many(
            (self._key(b.entry.source, b.entry.digest), b)
            for b in items
            if not b.entry.live and b.entry.digest
        )
