"""The page memory in the persistent cache: for each output folder, the fingerprint each
page was rendered from, which folder was written, and the site's shape (`site_shape`). A
rebuild keeps the pages whose fingerprints are unchanged, and writes back only the rows
that changed.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path

from newsgen.cache.files import connect, database
from newsgen.cache.site_shape import Shape
from newsgen.output.folder_identity import same_folder

BATCH = 500  # paths per query, well under SQLite's limit on parameters


class PageMemory:
    """For one output folder: the fingerprint of what each of its pages was rendered from.
    A page whose fingerprint is unchanged, and whose file is still there, is not rendered
    again: the previous file is kept. Only while the folder is the one that was written
    (`folder` names it by device and inode): files someone put in its place are not ours."""

    def __init__(self, connection: sqlite3.Connection, output: str) -> None:
        self.connection = connection
        self.output = output
        self._stored: dict[str, str] = {}  # the rows as `load` found them

    def load(self, folder: str) -> dict[str, str]:
        rows = self.connection.execute(
            "SELECT path, fingerprint FROM pages WHERE output = ?", (self.output,)
        )
        self._stored = dict(rows.fetchall())
        return dict(self._stored) if self.written(folder) else {}

    def written(self, folder: str) -> bool:
        """Whether `folder` (`folder_identity.folder_name`) is the one these pages were
        written to, or a faithful copy of it."""
        row = self.connection.execute(
            "SELECT folder FROM folders WHERE output = ?", (self.output,)
        ).fetchone()
        return bool(row) and same_folder(row[0], folder)

    def known(self, paths: Iterable[str]) -> dict[str, str]:
        """The fingerprints of these pages only: a rebuild of the same shape asks for the
        few it plans and for the copies, not for all 26,000 (a tenth of its time)."""
        wanted = list(paths)
        found: dict[str, str] = {}
        for at in range(0, len(wanted), BATCH):
            batch = wanted[at : at + BATCH]
            query = (f"SELECT path, fingerprint FROM pages WHERE output = ? "
                     f"AND path IN ({','.join('?' * len(batch))})")  # fmt: skip
            found.update(self.connection.execute(query, (self.output, *batch)).fetchall())
        return found

    def shape(self) -> Shape | None:
        """The shape of the site last written to this folder."""
        row = self.connection.execute(
            "SELECT value FROM shapes WHERE output = ?", (self.output,)
        ).fetchone()
        try:
            shape = pickle.loads(row[0]) if row else None
        except Exception:  # a damaged row is only a miss
            return None
        return shape if isinstance(shape, Shape) else None

    def save(self, fingerprints: dict[str, str], folder: str, shape: Shape | None = None) -> None:
        """Called once the output is written: a failed build must not be remembered. Only
        the rows that changed are written (a rebuild changes a few of 26,000)."""
        stored = self._stored
        gone = [(self.output, path) for path in stored if path not in fingerprints]
        self._write(gone, self._changed(fingerprints, stored), folder, shape)
        self._stored = dict(fingerprints)

    def update(
        self, fingerprints: Mapping[str, str], known: Mapping[str, str], folder: str,
        shape: Shape | None,
    ) -> None:  # fmt: skip
        """Called once the output of a build of the same shape is written: the pages are
        the same, so only the rows whose fingerprint changed are replaced (`known`: as
        `known` found them), and the shape, with its articles' new digests. The shape and
        the rows are written together: a shape is only ever read beside its pages."""
        self._write([], self._changed(fingerprints, known), folder, shape)

    def _changed(
        self, fingerprints: Mapping[str, str], stored: Mapping[str, str]
    ) -> list[tuple[str, str, str]]:
        return [(self.output, path, value) for path, value in fingerprints.items()
                if stored.get(path) != value]  # fmt: skip

    def _write(
        self, gone: list[tuple[str, str]], changed: list[tuple[str, str, str]], folder: str,
        shape: Shape | None,
    ) -> None:  # fmt: skip
        """The rows, the folder they were written to and the shape, in one transaction."""
        with self.connection:
            self.connection.executemany("DELETE FROM pages WHERE output = ? AND path = ?", gone)
            self.connection.executemany(
                "INSERT OR REPLACE INTO pages (output, path, fingerprint) VALUES (?, ?, ?)",
                changed,
            )
            self.connection.execute(
                "INSERT OR REPLACE INTO folders (output, folder) VALUES (?, ?)",
                (self.output, folder),
            )
            self.connection.execute("DELETE FROM shapes WHERE output = ?", (self.output,))
            if shape is not None:
                value = pickle.dumps(shape, protocol=pickle.HIGHEST_PROTOCOL)
                self.connection.execute(
                    "INSERT INTO shapes (output, value) VALUES (?, ?)", (self.output, value)
                )


@contextmanager
def open_page_memory(root: Path, output: Path) -> Iterator[PageMemory]:
    with closing(connect(database(root, "pages"))) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS pages (output TEXT, path TEXT, fingerprint TEXT, "
            "PRIMARY KEY (output, path))"
        )
        connection.execute(
            "CREATE TABLE IF NOT EXISTS folders (output TEXT PRIMARY KEY, folder TEXT)"
        )
        connection.execute(
            "CREATE TABLE IF NOT EXISTS shapes (output TEXT PRIMARY KEY, value BLOB)"
        )
        memory = PageMemory(connection, str(output.absolute()))
        yield memory
