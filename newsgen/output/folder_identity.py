"""Which output folder a build wrote, so that the next build may keep its pages.

A folder is named by its device, inode and modification time. Before a build swaps its
folder in, it seals it with a time of its own, in whole seconds and later than the last
build's (`seal`). The folder the build wrote is that very folder, or a faithful copy of it:
CI restoring the output from its cache (tar keeps times to the second), `cp -a`, `rsync
-a`. A folder anyone else put at the name, even an older copy of the site, has another time.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

SECOND = 1_000_000_000  # in nanoseconds


def folder_name(output: Path) -> str:
    """The folder by device, inode and modification time; "" when there is none."""
    try:
        status = output.stat()
    except OSError:
        return ""
    return f"{status.st_dev}:{status.st_ino}:{status.st_mtime_ns}"


def same_folder(written: str, found: str) -> bool:
    """Whether the folder named `found` is the one named `written` when a build wrote it."""
    was, now = written.split(":"), found.split(":")
    if len(was) != 3 or len(now) != 3 or not was[2].isdigit():  # no folder, or an old name
        return False
    if was[:2] == now[:2]:
        return True  # the very folder
    return was[2] == now[2] and int(was[2]) % SECOND == 0  # a copy of it, times kept


def seal(stage: Path, output: Path) -> None:
    """Give the folder a build is about to swap in at `output` its own time."""
    now = time.time_ns() // SECOND * SECOND
    try:
        last = output.stat().st_mtime_ns // SECOND * SECOND
    except OSError:
        last = 0
    sealed = max(now, last + SECOND)
    with contextlib.suppress(OSError):  # not ours to change: known by its inode alone
        os.utime(stage, ns=(sealed, sealed))
