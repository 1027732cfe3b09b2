"""For `newsgen check`: links and images in article bodies that name a path of the site
itself (`/world/asia/quake/`, `/static/map.png`) are looked for among the files the build
would write. Links to content files (`../world/quake.md`) are checked as bodies are
rendered; these are the ones written as the reader sees them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsgen.content.reader import read_source as read_content_file
from newsgen.core.errors import ContentError, Diagnostic, line_of
from newsgen.core.model import Article

# Bodies are HTML that Python-Markdown wrote, or raw HTML an author did: any quoting.
_TARGET = re.compile(
    r"""<(a|img|source)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)


def check_site_links(
    articles: Iterable[Article], files: Iterable[str], base_path: str,
    source_text: Callable[[str], str],
) -> list[Diagnostic]:  # fmt: skip
    """A warning for each root-relative link or image under `base_path` that no file of
    `files` (output paths) answers: a page of the host outside the site (an archive moved
    in part) or a mistake. `source_text` gives an article's Markdown, for lines."""
    written = set(files)
    found: list[Diagnostic] = []
    for article in articles:
        bodies = [article.body_html, *(u.body_html for u in article.updates)]
        missing = [t for body in bodies for t in _site_targets(body, base_path)
                   if not _answers(t[1], written)]  # fmt: skip
        if missing:
            text = source_text(article.source)
            for tag, _, written_as in dict.fromkeys(missing):
                what = "image" if tag == "img" else "link to"
                message = f"{what} '{written_as}': the site has no such page or file"
                line = line_of(text, written_as)
                found.append(Diagnostic(article.source, line, message, "warning"))
    return found


def _site_targets(body: str, base_path: str) -> Iterable[tuple[str, str, str]]:
    """(tag, path under the base path, target as written) of each link into the site."""
    for match in _TARGET.finditer(body):
        target = html.unescape(match.group(2) or match.group(3) or match.group(4) or "")
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path.startswith(base_path):
            continue  # another site, or a page of this host outside the site
        if parts.path.endswith((".md", ".markdown")):
            continue  # an article's file: judged as the body was rendered
        yield match.group(1).lower(), unquote(parts.path[len(base_path) :]), target


def _answers(path: str, written: set[str]) -> bool:
    """Whether a static host answers `path` with one of the `written` files, as it would:
    a folder by its index.html."""
    folder = path.rstrip("/")
    index = f"{folder}/index.html" if folder else "index.html"
    return index in written or (not path.endswith("/") and path in written)


def read_source(content: Path) -> Callable[[str], str]:
    """An article's Markdown by its source, read as the build read it; "" if it is gone."""

    def text(source: str) -> str:
        try:
            return read_content_file(content, source).text
        except (OSError, ContentError):
            return ""

    return text
