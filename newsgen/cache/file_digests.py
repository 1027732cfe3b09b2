"""The digest of each content file, known from its stat while the file is unchanged.

Reading and digesting every file was most of a rebuild's reading. As git's index does, a
file whose size, times and inode are those it had when it was digested is not read again,
unless it was changed within a second before it was digested (a later change in the same
tick of a coarse clock would leave its times as they were).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable

from newsgen.content.reader import file_digest
from newsgen.core.file_stats import Stats

RACY_NS = 1_000_000_000  # a file changed this close before its digest is digested again


class FileDigests:
    """In the cache's database: path -> (stat, digest, when it was digested)."""

    def __init__(self, connection: sqlite3.Connection, root: str, stats: Stats) -> None:
        self.connection = connection
        self.root = root
        self.stats = stats
        connection.execute(
            "CREATE TABLE IF NOT EXISTS files "
            "(path TEXT PRIMARY KEY, stat TEXT, digest TEXT, digested INTEGER)"
        )
        self.known = {
            path: (stat, digest, digested)
            for path, stat, digest, digested in connection.execute("SELECT * FROM files")
        }
        self.fresh: list[tuple[str, str, str, int]] = []
        self.unread: dict[str, str] = {}  # path -> its stat, of files left to the parser

    def digests(self, paths: Iterable[str]) -> list[str | None]:
        """The digest of each file's bytes, as `reader.file_digest` gives it; None for a
        file this cache has never digested (every file of a cold build): nothing can be
        known of it here, and the process that parses it reads it anyway (`remember`)."""
        found: list[str | None] = []
        for path in paths:
            file = os.path.join(self.root, path)
            stat = self.stats.of(file)  # before reading: a change in between is seen next time
            key = ",".join(map(str, stat))
            known = self.known.get(path)
            if known is None:
                self.unread[path] = key
                found.append(None)
                continue
            if known[0] == key and stat[0] < known[2] - RACY_NS:
                found.append(known[1])
                continue
            digested = time.time_ns()
            digest = file_digest(self.root, path)
            self.fresh.append((path, key, digest, digested))
            found.append(digest)
        return found

    def remember(self, path: str, digest: str, read_after: int) -> None:
        """The digest of a file `digests` left unread, as it was read after `read_after`
        (nanoseconds since the epoch)."""
        key = self.unread.pop(path, None)
        if key is not None:
            self.fresh.append((path, key, digest, read_after))

    def save(self) -> None:
        self.connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", self.fresh)
        self.fresh.clear()
