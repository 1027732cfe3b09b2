"""The heads of built articles (`built_articles`), kept again in a few bundles.

A rebuild reads the head of every article. One row per head, 10,000 of them took a third
of a rebuild's reading: a query per batch, an unpickler per head. A bundle holds the heads
of the files in one bucket (by a hash of the path, so that a new article changes one
bundle, not every one after it) and is keyed by those files' paths and digests: it is used
only when each of them is what it was. It is written again when that key changes or one of
its articles is built again (a link's target moved: the same file, a new head).
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from newsgen.cache.built_articles import BuiltArticles
from newsgen.cache.keys import cache_key

BUCKETS = 64

File = tuple[str, str | None]  # (path, digest of its bytes; None if never digested)
Head = tuple[Any, ...]


def bucket_of(path: str) -> int:
    return zlib.crc32(path.encode("utf-8")) % BUCKETS


def _bundle_key(salt: str, files: Iterable[File]) -> str | None:
    """None when a file's digest is not known: no bundle can be of it."""
    listed = list(files)
    if any(digest is None for _, digest in listed):
        return None
    return cache_key(salt, *(part for path, digest in listed for part in (path, digest or "")))


class HeadBundles:
    """Of the heads `memory` keeps in the same database; a bundle's key is made with the
    salt of its rows' keys (newsgen's code, the configuration)."""

    def __init__(self, connection: sqlite3.Connection, memory: BuiltArticles) -> None:
        self.connection = connection
        self.memory = memory
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bundles (bucket INTEGER PRIMARY KEY, key TEXT, value BLOB)"
        )
        self.files: dict[int, dict[str, str | None]] = defaultdict(dict)  # path -> digest
        self.stale: set[int] = set()  # buckets to write again
        self.gone: set[int] = set()  # buckets no file is in any more

    def read(self, files: Iterable[File]) -> dict[tuple[str, str], Head]:
        """The heads the bundles hold of `files`, by (path, digest)."""
        for path, digest in files:
            self.files[bucket_of(path)][path] = digest
        found: dict[tuple[str, str], Head] = {}
        used: set[int] = set()
        for bucket, key, value in self.connection.execute("SELECT * FROM bundles").fetchall():
            members = list(self.files.get(bucket, {}).items())
            if not members or key != _bundle_key(self.memory.salt, members):
                self.gone.add(bucket)
                continue
            try:
                heads = pickle.loads(value)
            except Exception:  # a damaged bundle is only a miss
                continue
            if not isinstance(heads, list) or len(heads) != len(members):
                continue
            used.add(bucket)
            for (path, digest), head in zip(members, heads, strict=True):
                if isinstance(head, tuple) and digest is not None:
                    found[(path, digest)] = head
        self.stale = set(self.files) - used
        self.gone -= set(self.files)
        return found

    def digested(self, path: str, digest: str) -> None:
        """A file `read` was given without a digest, as it was read since."""
        self.files[bucket_of(path)][path] = digest

    def built_again(self, paths: Iterable[str]) -> None:
        """Called before the articles are put in the cache: their bundles are gone at once,
        so that a build that fails before `save` leaves no bundle holding their old heads."""
        buckets = set(map(bucket_of, paths))
        self._drop(buckets)
        self.stale |= buckets

    def save(self) -> None:
        """Writes the stale bundles, once every head this build made is in the cache."""
        self._drop(self.gone)
        for bucket in sorted(self.stale):
            members = list(self.files.get(bucket, {}).items())
            key = _bundle_key(self.memory.salt, members)
            if key is None:
                self._drop({bucket})
                continue
            keys = [self.memory.key(path, digest) for path, digest in members if digest]
            heads = self.memory.heads_of(keys)
            value = pickle.dumps(
                [h if isinstance(h, tuple) else None for h in heads], pickle.HIGHEST_PROTOCOL
            )
            self.connection.execute(
                "INSERT OR REPLACE INTO bundles VALUES (?, ?, ?)", (bucket, key, value)
            )
        self.stale.clear()

    def _drop(self, buckets: set[int]) -> None:
        self.connection.executemany(
            "DELETE FROM bundles WHERE bucket = ?", [(b,) for b in sorted(buckets)]
        )
