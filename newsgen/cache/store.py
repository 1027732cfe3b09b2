"""The persistent cache between builds, in .newsgen/cache/ beside the site: safe to delete,
versioned so that another newsgen or Python-Markdown never reads a stale format.

Markdown is rendered once per distinct body. A cached rendering is used only if every link
it rewrote still resolves to the same address, so the cache can never change the output.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown as python_markdown

from newsgen import __version__
from newsgen.cache.files import connect, database
from newsgen.cache.keys import cache_key
from newsgen.core.errors import Diagnostic
from newsgen.core.model import Article, ArticleHead, Entry, Shared, context_key
from newsgen.markdown.convert import LinkRewriter, MarkdownRenderer, Picture, RenderedMarkdown


@dataclass(frozen=True)
class Stored:
    rendered: RenderedMarkdown
    # (target, tag, what it was rewritten to)
    links: tuple[tuple[str, str, str | Picture | None], ...]


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Table:
    """Pickled values by key in one table, read in batches: a query per value was a tenth
    of a warm build's time in reading at 10,000 articles."""

    BATCH = 500  # keys per query, well under SQLite's limit on parameters

    def __init__(
        self, connection: sqlite3.Connection, name: str,
        loads: Callable[[bytes], object] = pickle.loads,
        dumps: Callable[[object], bytes] = _pickled,
    ) -> None:  # fmt: skip
        """`loads`, `dumps`: how values are read and written (pickled, by default)."""
        self.connection = connection
        self.name = name
        self.loads = loads
        self.dumps = dumps
        self._read: dict[str, bytes] = {}  # fetched ahead by `prefetch`

    def prefetch(self, keys: Iterable[str]) -> None:
        wanted = list(keys)
        for at in range(0, len(wanted), self.BATCH):
            batch = wanted[at : at + self.BATCH]
            marks = ",".join("?" * len(batch))
            query = f"SELECT key, value FROM {self.name} WHERE key IN ({marks})"
            self._read.update(self.connection.execute(query, batch).fetchall())

    def fetched(self, key: str) -> bool:
        """Whether `prefetch` found this key (and it was not taken yet)."""
        return key in self._read

    def get(self, key: str) -> object | None:
        raw = self._read.pop(key, None)
        if raw is None:
            query = f"SELECT value FROM {self.name} WHERE key = ?"
            row = self.connection.execute(query, (key,)).fetchone()
            raw = row[0] if row else None
        try:
            return self.loads(raw) if raw is not None else None
        except Exception:  # a damaged value is only a miss
            return None

    def put_many(self, items: Iterable[tuple[str, object]]) -> None:
        rows = ((k, self.dumps(v)) for k, v in items)
        insert = f"INSERT OR REPLACE INTO {self.name} (key, value) VALUES (?, ?)"
        self.connection.executemany(insert, rows)  # one row pickled at a time


class MarkdownCache:
    """A table of rendered bodies, keyed by everything that decides the HTML; and beside
    it, the parsed front matter of each file."""

    def __init__(self, connection: sqlite3.Connection, salt: str, path: Path) -> None:
        self.connection = connection
        self.table = Table(connection, "markdown")
        self.salt = salt
        self.path = path
        self.owner = os.getpid()
        self.entries = ParsedEntries(connection, salt)
        # By the site's shape (`find_related`); the database is this code's alone.
        self.related = Table(connection, "related")
        self._keys: dict[str, str] = {}  # of the bodies prefetched, until they are asked for

    def writer(self) -> MarkdownCache:
        """This process's way to write: the build's connection in the build process; in a
        forked worker, a connection of its own (the inherited one must not be used)."""
        if os.getpid() == self.owner:
            return self
        return MarkdownCache(connect(self.path), self.salt, self.path)

    def commit(self) -> None:
        self.connection.commit()

    def key(self, text: str) -> str:
        known = self._keys.pop(text, None)  # a body is digested once, not at each ask
        if known is not None:
            return known
        return cache_key(self.salt, text)

    def prefetch(self, texts: Iterable[str]) -> None:
        keys = []
        for text in texts:
            keys.append(self.key(text))
            self._keys[text] = keys[-1]
        self.table.prefetch(keys)

    def missing(self, text: str) -> bool:
        """Whether a body prefetched is known not to be in the cache: a cold build
        asked for each of 10,000 bodies again, one query each, before rendering any."""
        key = self._keys.get(text)
        return key is not None and not self.table.fetched(key)

    def get(self, key: str) -> Stored | None:
        stored = self.table.get(key)
        return stored if isinstance(stored, Stored) else None

    def put_many(self, items: Iterable[tuple[str, Stored]]) -> None:
        self.table.put_many(items)


class ParsedEntries:
    """Front matter parsed before, by file path and bytes (and the site's time zone, which
    dates without an offset take): YAML was most of the time a warm build spent reading."""

    def __init__(self, connection: sqlite3.Connection, salt: str) -> None:
        self.table = Table(connection, "entries")
        self.salt = salt

    def _key(self, path: str, digest: str, zone: str) -> str:
        return cache_key(self.salt, zone, path, digest)

    def prefetch(self, files: Iterable[tuple[str, str]], zone: str) -> None:
        """`files`: (path, digest of its bytes) of the files asked for next."""
        self.table.prefetch(self._key(path, digest, zone) for path, digest in files)

    def get(self, path: str, digest: str, zone: str) -> tuple[Entry, tuple[Diagnostic, ...]] | None:
        value = self.table.get(self._key(path, digest, zone))
        if not isinstance(value, tuple) or len(value) != 2 or not isinstance(value[0], Entry):
            return None
        return value[0], value[1]

    def put_many(
        self, items: Iterable[tuple[str, str, Entry, tuple[Diagnostic, ...]]], zone: str
    ) -> None:
        """`items`: (path, digest, entry, warnings)."""
        self.table.put_many((self._key(p, d, zone), (e, w)) for p, d, e, w in items)


@contextmanager
def open_markdown_cache(root: Path, options: str, code: str) -> Iterator[MarkdownCache]:
    """`options` names the renderer settings that change the HTML (raw HTML, base path);
    `code` is newsgen's own (`code_digest`): what other code put here is never read (an
    install from a repository keeps its version number across changes)."""
    salt = f"{__version__}/{code}/{python_markdown.__version__}/{options}"
    path = database(root, "markdown", salt)
    with closing(connect(path)) as connection:
        for table in ("markdown", "entries", "articles", "heads", "related"):
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)"
            )
        yield MarkdownCache(connection, salt, path)
        connection.commit()


def fingerprint(*parts: bytes) -> str:
    """What a page or a shape is made from, as one digest: a key of the cache's scheme."""
    return cache_key(*parts)


def _pickler(stream: io.BytesIO) -> pickle.Pickler:
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    # No memo: equal values must give equal bytes whether or not they are one object
    # (articles made in a worker process come back as copies).
    pickler.fast = True
    return pickler


class _Digester:
    """Pickles a page's context, with each article (shown on many pages) pickled only once
    per build and then named by its digest. The hook is a dispatch table entry,
    which the pickler consults for those types only (a persistent_id hook would be called,
    in Python, for every string and number of every page)."""

    def __init__(self, known: Mapping[str, tuple[ArticleHead, str]]) -> None:
        self.known = known  # the site's articles and their digests, by source
        self.table: dict[type, Callable[[Any], Any]] = {
            **copyreg.dispatch_table,
            Article: self._reduce,
            ArticleHead: self._reduce,
            Shared: self._reduce_shared,
        }

    def dump(self, context: object) -> bytes:
        stream = io.BytesIO()
        pickler = _pickler(stream)
        pickler.dispatch_table = self.table
        pickler.dump(context)
        return stream.getvalue()

    def _reduce(self, article: ArticleHead) -> tuple[type[str], tuple[str]]:
        held = self.known.get(article.source)
        # The site's own article, by identity: a copy that differs is digested itself.
        digest = held[1] if held is not None and held[0] is article else digest_of(article)
        return str, (digest,)

    def _reduce_shared(self, shared: Shared) -> tuple[type[str], tuple[str]]:
        if shared.digest is None:
            shared.digest = fingerprint(self.dump(shared.value))
        return str, (shared.digest,)


def digest_of(shared: ArticleHead) -> str:
    """All an article holds, as one digest."""
    stream = io.BytesIO()
    _pickler(stream).dump(shared)
    return fingerprint(stream.getvalue())


class PageFingerprints:
    """Fingerprints of the pages of one build."""

    def __init__(self, setting: str, known: Mapping[str, tuple[ArticleHead, str]]) -> None:
        """`known`: the site's articles with their digests (`digest_of`), by source, made
        once per article."""
        self.setting = setting
        self.digester = _Digester(known)

    def of(self, template: str, path: str, context: Mapping[str, Any]) -> str | None:
        """What a page is rendered from, as one digest; None when it cannot be told (the
        page is then always rendered)."""
        try:
            data = self.digester.dump(context_key(context))
        except Exception:
            return None
        return fingerprint(self.setting.encode(), template.encode(), path.encode(), data)


def code_digest() -> str:
    """newsgen's own source, as one digest. Paths are named from the package, so that a new
    install of the same code keeps its cache and its pages' fingerprints."""
    package = Path(__file__).parents[1]
    parts: list[bytes] = []
    for path in sorted(package.rglob("*.py")):
        parts += [path.relative_to(package).as_posix().encode(), path.read_bytes()]
    return fingerprint(*parts)


def files_digest(files: Iterator[Path] | list[Path]) -> str:
    """One digest of the names and bytes of files (the templates)."""
    return fingerprint(*(part for f in sorted(files) for part in (str(f).encode(), f.read_bytes())))


class NotCached(Exception):
    """The cache holds no valid rendering of this body."""


class CacheReader:
    """Gives a body's rendering from the cache, if every link it rewrote still resolves to
    the same address; else raises NotCached. Renders nothing itself."""

    def __init__(self, cache: MarkdownCache) -> None:
        self.cache = cache

    def render(self, text: str, rewrite: LinkRewriter | None = None) -> RenderedMarkdown:
        stored = self.cache.get(self.cache.key(text))
        if stored is None or not all(
            (rewrite(target, tag) if rewrite else None) == result
            for target, tag, result in stored.links
        ):
            raise NotCached
        return stored.rendered


Fresh = tuple[str, Stored]  # a new rendering, by its cache key, for the cache


class RecordingRenderer(MarkdownRenderer):
    """Renders, and keeps each new rendering in `fresh` until it is written to the cache."""

    def __init__(self, key: Callable[[str], str], raw_html: bool = True) -> None:
        super().__init__(raw_html=raw_html)
        self.key = key
        self.fresh: list[Fresh] = []

    def render(self, text: str, rewrite: LinkRewriter | None = None) -> RenderedMarkdown:
        seen: list[tuple[str, str, str | Picture | None]] = []

        def recording(target: str, tag: str) -> str | Picture | None:
            result = rewrite(target, tag) if rewrite else None
            seen.append((target, tag, result))
            return result

        rendered = super().render(text, recording)
        self.fresh.append((self.key(text), Stored(rendered, tuple(seen))))
        return rendered
