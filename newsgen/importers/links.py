"""Links between imported posts: an old address of another imported post to its new file.

A post's body links to other posts by their old addresses (`https://old.example.com/2019/04/
01/quake-rescue/`, `/?p=7`). Written as the relative path of that post's file
(`../asia/quake-rescue.md`), the build turns it into the article's URL, wherever it ends up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_TARGET = re.compile(r"(\]\()(<?)([^\s)>]+)")  # a Markdown link's or image's address


def address_key(address: str) -> str:
    """What identifies an address on the old site: its path (without the final /) and query."""
    parts = urlsplit(address.strip())
    path = parts.path.rstrip("/") or "/"
    return f"{path}?{parts.query}" if parts.query else path


@dataclass(frozen=True)
class LinkMap:
    files: dict[str, Path]  # address_key -> the file the post is written to
    hosts: frozenset[str]  # the old site's hosts: links elsewhere are left alone

    @classmethod
    def of(cls, posts: Iterable[tuple[tuple[str, ...], Path]]) -> LinkMap:
        files: dict[str, Path] = {}
        hosts: set[str] = set()
        for addresses, path in posts:
            for address in addresses:
                files.setdefault(address_key(address), path)
                hosts.add(urlsplit(address).netloc.lower())
        hosts.discard("")
        return cls(files, frozenset(hosts))

    def target(self, address: str, folder: Path) -> str | None:
        """The file relative to FOLDER for an old address of an imported post, else None."""
        parts = urlsplit(address)
        if parts.scheme not in ("", "http", "https") or (
            parts.netloc and parts.netloc.lower() not in self.hosts
        ):
            return None
        if not parts.netloc and not parts.path.startswith("/"):
            return None  # relative: not an address of the old site we can know
        found = self.files.get(address_key(address.split("#", 1)[0]))
        if found is None:
            return None
        relative = Path(os.path.relpath(found, folder)).as_posix()
        return f"{relative}#{parts.fragment}" if parts.fragment else relative

    def rewrite(self, markdown: str, folder: Path) -> str:
        """Every Markdown link to an imported post's old address, as a link to its file."""

        def swap(found: re.Match[str]) -> str:
            new = self.target(found.group(3), folder)
            return found.group(0) if new is None else f"{found.group(1)}{found.group(2)}{new}"

        return _TARGET.sub(swap, markdown) if self.files else markdown
