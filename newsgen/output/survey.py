"""What the site before last holds, found while the build reads (stage `write`, ahead).

A rebuild brings the site before last (the spare folder) up to date as the next site:
each unchanged page must be the current site's file, and whatever else the folder holds
must go. Asking that of 20,000 files, one lstat and one stat each at render and a walk
of every folder at the end, took a tenth of a rebuild at 10,000 articles. A survey does
the same checks once, in a process of its own while the build reads, when the second
core has nothing else to do. Knows paths and inodes, nothing of news.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Survey:
    # Site path -> whether it is already the current site's file (one inode); symbolic
    # links and other odd files are in it too, never as the current site's.
    files: dict[str, bool]
    folders: list[str]  # site paths, each before the folders it holds


def survey(output: Path, spare: Path) -> Survey | None:
    """The spare folder as it stands; None when there is none to bring up to date, or it
    cannot be read (the stage then does its own checks)."""
    if spare.is_symlink() or not spare.is_dir() or not output.is_dir():
        return None
    found = Survey({}, [])
    try:
        _Walk(found, f"{output}/", os.stat(spare).st_dev).walk(str(spare), "")
    except OSError:
        return None
    return found


def listing(folder: Path) -> Survey:
    """What `folder` holds, none of it taken for the current site's (a stage whose spare
    folder could not be surveyed ahead); raises OSError when it cannot be read."""
    found = Survey({}, [])
    _Walk(found, None, 0).walk(str(folder), "")
    return found


@dataclass(frozen=True)
class _Walk:
    found: Survey
    output: str | None  # the current site's folder, with a slash; None: not compared
    device: int  # the spare folder's

    def walk(self, folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            listed = list(entries)
        for entry in listed:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                self.found.folders.append(relative)
                self.walk(entry.path, relative + "/")
            else:
                regular = entry.is_file(follow_symlinks=False)
                self.found.files[relative] = regular and self._is_current(entry.inode(), relative)

    def _is_current(self, inode: int, relative: str) -> bool:
        """Whether the current site's file at this path is a regular file, this one."""
        if self.output is None:
            return False
        try:
            held = os.lstat(self.output + relative)
        except OSError:
            return False
        return stat.S_ISREG(held.st_mode) and (held.st_ino, held.st_dev) == (inode, self.device)


def stale(found: Survey, site: set[str]) -> tuple[list[str], list[str]]:
    """What of the surveyed folder is no part of `site`: files, then folders (each after
    the folders it holds) that lead to no file of the site."""
    leading: set[str] = set()
    for path in site:
        folder = path.rpartition("/")[0]
        while folder and folder not in leading:
            leading.add(folder)
            folder = folder.rpartition("/")[0]
    files = [path for path in found.files if path not in site]
    return files, [f for f in reversed(found.folders) if f not in leading]
