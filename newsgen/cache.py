"""The persistent cache between builds, in .newsgen/cache/ beside the site: safe to delete,
versioned so that another newsgen or Python-Markdown never reads a stale format.

Markdown is rendered once per distinct body. A cached rendering is used only if every link
it rewrote still resolves to the same address, so the cache can never change the output.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import markdown as python_markdown

from newsgen import __version__
from newsgen.markdown import LinkRewriter, MarkdownRenderer, RenderedMarkdown
from newsgen.model import Article

CACHE_FOLDER = ".newsgen/cache"
FORMAT = 1  # bump when what is stored changes shape


@dataclass(frozen=True)
class _Stored:
    rendered: RenderedMarkdown
    links: tuple[tuple[str, str, str | None], ...]  # (target, tag, what it was rewritten to)


class MarkdownCache:
    """A table of rendered bodies, keyed by everything that decides the HTML."""

    def __init__(self, connection: sqlite3.Connection, salt: str) -> None:
        self.connection = connection
        self.salt = salt

    def key(self, text: str) -> str:
        return hashlib.blake2b(
            (self.salt + "\0" + text).encode("utf-8"), digest_size=20
        ).hexdigest()

    def get(self, key: str) -> _Stored | None:
        row = self.connection.execute("SELECT value FROM markdown WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            stored = pickle.loads(row[0])
        except Exception:  # a damaged entry is only a miss
            return None
        return stored if isinstance(stored, _Stored) else None

    def put(self, key: str, stored: _Stored) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO markdown (key, value) VALUES (?, ?)",
            (key, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL)),
        )


@contextmanager
def open_markdown_cache(root: Path, options: str) -> Iterator[MarkdownCache]:
    """`options` names the renderer settings that change the HTML (raw HTML, base path)."""
    folder = root / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"markdown-v{FORMAT}.sqlite"
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS markdown (key TEXT PRIMARY KEY, value BLOB)")
        salt = f"{__version__}/{python_markdown.__version__}/{options}"
        yield MarkdownCache(connection, salt)
        connection.commit()


class PageMemory:
    """For one output folder: the fingerprint of what each of its pages was rendered from.
    A page whose fingerprint is unchanged, and whose file is still there, is not rendered
    again: the previous file is kept."""

    def __init__(self, connection: sqlite3.Connection, output: str) -> None:
        self.connection = connection
        self.output = output

    def load(self) -> dict[str, str]:
        rows = self.connection.execute(
            "SELECT path, fingerprint FROM pages WHERE output = ?", (self.output,)
        )
        return dict(rows.fetchall())

    def save(self, fingerprints: dict[str, str]) -> None:
        """Called once the output is written: a failed build must not be remembered."""
        with self.connection:
            self.connection.execute("DELETE FROM pages WHERE output = ?", (self.output,))
            self.connection.executemany(
                "INSERT INTO pages (output, path, fingerprint) VALUES (?, ?, ?)",
                [(self.output, path, value) for path, value in fingerprints.items()],
            )


@contextmanager
def open_page_memory(root: Path, output: Path) -> Iterator[PageMemory]:
    folder = root / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(folder / f"pages-v{FORMAT}.sqlite", timeout=30)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS pages (output TEXT, path TEXT, fingerprint TEXT, "
            "PRIMARY KEY (output, path))"
        )
        yield PageMemory(connection, str(output.absolute()))


def fingerprint(*parts: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class _Digester(pickle.Pickler):
    """Pickles a page's context, with each article (shown on many pages) pickled only once
    per build and then named by its digest."""

    def __init__(self, stream: io.BytesIO, articles: dict[int, str]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.articles = articles

    def persistent_id(self, obj: object) -> str | None:
        if not isinstance(obj, Article):
            return None
        known = self.articles.get(id(obj))
        if known is None:
            data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
            known = self.articles[id(obj)] = fingerprint(data)
        return known


class PageFingerprints:
    """Fingerprints of the pages of one build. Articles live as long as the build, so
    their ids stay theirs while this object is used."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.articles: dict[int, str] = {}

    def of(self, template: str, path: str, context: object) -> str | None:
        """What a page is rendered from, as one digest; None when it cannot be told (the
        page is then always rendered)."""
        stream = io.BytesIO()
        try:
            _Digester(stream, self.articles).dump(context)
        except Exception:
            return None
        return fingerprint(
            self.setting.encode(), template.encode(), path.encode(), stream.getvalue()
        )


def files_digest(files: Iterator[Path] | list[Path]) -> str:
    """One digest of the names and bytes of files: templates, newsgen's own code."""
    return fingerprint(*(part for f in sorted(files) for part in (str(f).encode(), f.read_bytes())))


class CachingRenderer(MarkdownRenderer):
    """A MarkdownRenderer that renders a body only when the cache has no valid rendering."""

    def __init__(self, cache: MarkdownCache, raw_html: bool = True) -> None:
        super().__init__(raw_html=raw_html)
        self.cache = cache

    def render(self, text: str, rewrite: LinkRewriter | None = None) -> RenderedMarkdown:
        key = self.cache.key(text)
        stored = self.cache.get(key)
        if stored is not None and all(
            (rewrite(target, tag) if rewrite else None) == result
            for target, tag, result in stored.links
        ):
            return stored.rendered
        seen: list[tuple[str, str, str | None]] = []

        def recording(target: str, tag: str) -> str | None:
            result = rewrite(target, tag) if rewrite else None
            seen.append((target, tag, result))
            return result

        rendered = super().render(text, recording)
        self.cache.put(key, _Stored(rendered, tuple(seen)))
        return rendered
