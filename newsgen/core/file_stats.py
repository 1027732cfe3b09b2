"""The stat of a file, which tells it unchanged between builds, taken once per build."""

from __future__ import annotations

import os
from collections.abc import Mapping

Stat = tuple[int, int, int, int]  # (mtime_ns, ctime_ns, size, inode)


def stat_of(path: str | os.PathLike[str]) -> Stat:
    """What tells a file unchanged between builds. The status-change time is in it: a tool
    that puts a modification time back (cp -p, rsync -t) still changes that."""
    found = os.stat(path)
    return (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)


class Stats:
    """The stats of the site's files as the build found them first (the freshness check
    walks them all): a file is asked for once per build, not once per stage."""

    def __init__(self, known: Mapping[str, Stat] | None = None) -> None:
        self.known = known or {}

    def of(self, path: str) -> Stat:
        found = self.known.get(path)
        return found if found is not None else stat_of(path)
