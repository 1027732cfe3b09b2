"""Articles built by earlier builds, each with what decided it, in the persistent cache.

An article is a function of its file, the configuration, its URL and, for each link in
its body and for its image, whether that path is a page (at which address) or a file. A
rebuild takes the article whole when all of those are what they were: no Markdown looked
up, no link rewritten again, no image header read. The row also holds the file's parsed
front matter (without the body, which the article holds rendered): an unchanged file is
read from one row. Live coverage is always built again (whether it is still going on
depends on the build's moment).

Each row has a head beside it: what a rebuild reads of every article and entry before
rendering (`ArticleHead`, `EntryHead`). A rebuild reads the heads; an article's whole row
is read only when a page it is on is rendered again (`WholeArticles`).
"""

from __future__ import annotations

import io
import os
import pickle
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from newsgen.cache.files import connect
from newsgen.cache.keys import cache_key
from newsgen.cache.site_shape import head_values
from newsgen.cache.store import Table
from newsgen.content.targets import Targets
from newsgen.core.config import Config
from newsgen.core.errors import CacheLost, Diagnostic
from newsgen.core.file_stats import Stat, Stats
from newsgen.core.model import Article, ArticleHead, Author, EntryHead, Tag
from newsgen.images.recipe import is_resized

# (content path, the address of the page it is, whether it is a file beside the articles)
# Each path an article's links or image named: the page it was, whether it was a file, and
# why it was left out, if it was an article this build did not publish.
Consulted = tuple[tuple[str, str | None, bool, str | None], ...]


@dataclass(frozen=True)
class BuiltArticle:
    url: str
    consulted: Consulted
    image: tuple[Stat | None, ...]  # of the local image files whose sizes the article gives
    article: ArticleHead  # whole when just built; its head when read from the cache
    warnings: tuple[Diagnostic, ...]  # of building it
    digest: str  # of all the article holds (`store.digest_of`)
    head: str  # of what the site's shape holds of it (`site_shape.head_digest`)
    entry: EntryHead  # the file's front matter, parsed (its body left out), or its head
    parsed: tuple[Diagnostic, ...]  # the warnings of parsing the file


def consulted(paths: Iterable[str], targets: Targets) -> Consulted:
    return tuple(
        (p, targets.pages.get(p), p in targets.assets, targets.unpublished.get(p))
        for p in sorted(paths)
    )


def image_stat(
    article: ArticleHead, assets: Iterable[str], content: Path, stats: Stats
) -> tuple[Stat | None, ...]:
    """The stats of the local image files whose sizes the article gives: its image's, and
    those of the photographs in its body among `assets` (the files its links named)."""
    paths = [article.image.src] if article.image and article.image.size is not None else []
    paths += sorted(p for p in assets if is_resized(p))
    found: list[Stat | None] = []
    for path in paths:
        try:
            found.append(stats.of(os.path.join(content, path)))
        except OSError:
            found.append(None)
    return tuple(found)


_AUTHOR = tuple(f.name for f in fields(Author))
_TAG = tuple(f.name for f in fields(Tag))


class _HeadPickler(pickle.Pickler):
    """Authors and tags are written by value, to be made once per build when read (`_Heads`):
    making them again for every article was half the time of reading a head."""

    def persistent_id(self, obj: object) -> tuple[Any, ...] | None:
        kind = type(obj)
        if kind is Author:
            return ("author", *(getattr(obj, name) for name in _AUTHOR))
        if kind is Tag:
            return ("tag", *(getattr(obj, name) for name in _TAG))
        return None


class _Heads:
    """Reads heads, each author and tag made once however many articles name them."""

    def __init__(self) -> None:
        self.made: dict[tuple[Any, ...], Author | Tag] = {}

    def loads(self, raw: bytes) -> object:
        unpickler = pickle.Unpickler(io.BytesIO(raw))
        unpickler.persistent_load = self._persistent_load  # type: ignore[method-assign]
        return unpickler.load()

    def _persistent_load(self, found: tuple[Any, ...]) -> Author | Tag:
        made = self.made.get(found)
        if made is None:
            kind = {"author": Author, "tag": Tag}.get(found[0])
            if kind is None:
                raise pickle.UnpicklingError(f"no such kind of value: {found[0]!r}")
            made = self.made[found] = kind(*found[1:])
        return made

    @staticmethod
    def dumps(head: object) -> bytes:
        stream = io.BytesIO()
        _HeadPickler(stream, protocol=pickle.HIGHEST_PROTOCOL).dump(head)
        return stream.getvalue()


_ENTRY_HEAD = tuple(f.name for f in fields(EntryHead))


def _head(built: BuiltArticle) -> tuple[Any, ...]:
    entry = tuple(getattr(built.entry, name) for name in _ENTRY_HEAD)
    return (built.url, built.consulted, built.image, built.warnings, built.digest, built.head,
            built.parsed, head_values(built.article), entry)  # fmt: skip


H = TypeVar("H", ArticleHead, EntryHead)


_FIELDS = {kind: tuple(f.name for f in fields(kind)) for kind in (ArticleHead, EntryHead)}


def _restored(kind: type[H], values: tuple[Any, ...]) -> H:
    """A head from the values of its fields, as pickle makes a value: without __init__ (a
    rebuild makes 10,000 of each)."""
    names = _FIELDS[kind]
    if len(values) != len(names):
        raise ValueError(f"a head of {len(values)} values for {len(names)} fields")
    made = object.__new__(kind)
    made.__dict__.update(zip(names, values, strict=True))
    return made


class _Rows:
    """Whole rows read one at a time, for the articles a rebuild holds by their heads; in
    each process on a connection of its own (a forked worker must not use its parent's)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: tuple[int, sqlite3.Connection] | None = None

    def get(self, key: str, digest: str) -> BuiltArticle | None:
        """The row of `key`, if it is still of the article whose digest its head gives (a
        row built again is another article: its head and the rest must never be mixed)."""
        if self._connection is None or self._connection[0] != os.getpid():
            self._connection = (os.getpid(), connect(self.path))
        query = "SELECT value FROM articles WHERE key = ?"
        try:
            row = self._connection[1].execute(query, (key,)).fetchone()
            built = pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, TypeError, ValueError):
            return None  # `whole` says the cache lost it
        if not isinstance(built, BuiltArticle) or built.digest != digest:
            return None
        return built

    def article(self, key: str, digest: str) -> Article | None:
        built = self.get(key, digest)
        return built.article if built and isinstance(built.article, Article) else None


class BuiltArticles:
    """By file path and bytes; `salt` names newsgen's version and renderer settings, and
    the configuration. `path`: the database's file, to read whole rows from later (see
    `stored`)."""

    def __init__(
        self, connection: sqlite3.Connection, salt: str, config: Config, stats: Stats | None = None,
        path: Path | None = None,
    ) -> None:  # fmt: skip
        self.table = Table(connection, "articles")
        heads = _Heads()
        self.heads = Table(connection, "heads", heads.loads, heads.dumps)
        self.rows = _Rows(path) if path else None
        self.stats = stats or Stats()
        self.salt = cache_key(salt, repr(config))
        self.content = config.content_path
        self._prefetched: dict[tuple[str, str], str] = {}  # keys of the last prefetch

    def key(self, source: str, digest: str) -> str:
        return cache_key(self.salt, source, digest)

    def prefetch(self, files: Iterable[tuple[str, str]]) -> None:
        """`files`: (path, digest of its bytes) of the files asked for next."""
        keys = self._prefetched = {file: self.key(*file) for file in files}
        self.heads.prefetch(keys.values())

    def stored(self, source: str, digest: str) -> BuiltArticle | None:
        """The article built before from this file's bytes, not yet checked (`holds`): the
        heads of its article and entry (`whole` reads the rest)."""
        key = self._prefetched.get((source, digest)) or self.key(source, digest)
        head = self.heads.get(key)
        if self.rows is None or not isinstance(head, tuple) or len(head) != 9:
            return None
        url, consulted, image, warnings, made, shape, parsed, article, entry = head
        try:
            article_head = _restored(ArticleHead, article)
            entry_head = _restored(EntryHead, entry)
        except (TypeError, ValueError):  # a head of another shape: only a miss
            return None
        return BuiltArticle(url, consulted, image, article_head, warnings, made, shape,
                            entry_head, parsed)  # fmt: skip

    def whole(self, built: BuiltArticle) -> Article:
        """The whole article of a row whose head `stored` gave; CacheLost when the row is
        gone or is now another article's (the build then starts again without the cache)."""
        if isinstance(built.article, Article):
            return built.article
        key = self.key(built.article.source, built.entry.digest)
        found = self.rows.article(key, built.digest) if self.rows is not None else None
        if found is None:
            raise CacheLost(f"the cache no longer holds all of content/{built.article.source}")
        return found

    def holds(self, built: BuiltArticle, url: str, targets: Targets) -> bool:
        """Whether everything that decided the article is what it was."""
        if built.url != url:
            return False
        if built.consulted != consulted((c[0] for c in built.consulted), targets):
            return False
        assets = (c[0] for c in built.consulted if c[2])
        return built.image == image_stat(built.article, assets, self.content, self.stats)

    def put_many(self, items: Iterable[BuiltArticle]) -> None:
        # Live coverage and an undated draft depend on the build's now: made at each build.
        kept = [(self.key(b.entry.source, b.entry.digest), b) for b in items
                if b.entry.digest and not (b.entry.live or b.entry.undated)]  # fmt: skip
        self.table.put_many(kept)
        self.heads.put_many((key, _head(built)) for key, built in kept)
