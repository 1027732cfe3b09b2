"""The URL scheme: the one place that decides where every page of the site lives.

Paths here are site paths: relative to the site root, POSIX, no leading '/', ending in '/'
for pretty URLs ("world/asia/quake/" is written to world/asia/quake/index.html). Links are
made from them by `url_for`, which knows the base path the site is hosted under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from urllib.parse import quote

from newsgen.config import Permalinks
from newsgen.model import Entry

PAGE_SEGMENT = "page"
NOT_FOUND_PATH = "404.html"
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafePathError(ValueError):
    pass


def check_site_path(path: str) -> str:
    """Return `path` if it stays inside the output folder, else raise UnsafePathError."""
    if (
        path.startswith(("/", "\\"))
        or "\\" in path
        or "\x00" in path
        or _DRIVE.match(path)
        or any(part in (".", "..") for part in path.split("/"))
        or "//" in path
    ):
        raise UnsafePathError(f"'{path}' would leave the output folder")
    return path


def expand(pattern: str, **values: str) -> str:
    """Fill a permalink pattern; an empty value drops its segment ("{section}/{slug}/")."""
    path = pattern
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    path = re.sub(r"/{2,}", "/", path).lstrip("/")
    return check_site_path(path)


@dataclass(frozen=True)
class UrlScheme:
    permalinks: Permalinks
    zone: tzinfo

    def article(self, entry: Entry) -> str:
        local = entry.date.astimezone(self.zone)
        return expand(
            self.permalinks.article,
            section=entry.section,
            slug=entry.slug,
            year=f"{local.year:04d}",
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
        )

    def section(self, path: str) -> str:
        return expand(self.permalinks.section, section=path) if path else ""

    def tag(self, slug: str) -> str:
        return expand(self.permalinks.tag, slug=slug)

    def tags_index(self) -> str:
        return _index_of(self.tag("x"))

    def author(self, slug: str) -> str:
        return expand(self.permalinks.author, slug=slug)

    def authors_index(self) -> str:
        return _index_of(self.author("x"))

    def year(self, year: int) -> str:
        return expand(self.permalinks.year, year=f"{year:04d}")

    def month(self, year: int, month: int) -> str:
        return expand(self.permalinks.month, year=f"{year:04d}", month=f"{month:02d}")

    def archive_index(self) -> str:
        return _index_of(self.year(2000))


def paginated(path: str, number: int) -> str:
    """Page 1 of a listing is the listing's own path; page n is under page/n/."""
    return path if number == 1 else f"{path}{PAGE_SEGMENT}/{number}/"


def _index_of(path: str) -> str:
    """The listing above a pattern's last segment: "tags/x/" -> "tags/"."""
    parent = path.rstrip("/").rsplit("/", 1)
    return parent[0] + "/" if len(parent) == 2 else ""


def url_for(base_path: str, path: str) -> str:
    """The link to a site path, under the base path, percent-encoded."""
    return base_path + quote(path, safe="/:@!$&'()*+,;=-._~")
