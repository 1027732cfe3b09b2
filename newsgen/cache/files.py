"""Where the cache's databases live: `.newsgen/cache/` in the site's folder, one file per
database, format and salt; the files of other formats and of older salts are removed.

Knows files, not what the databases hold (`store.py`, `page_memory.py`).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from newsgen.cache.keys import cache_key

CACHE_FOLDER = ".newsgen/cache"
FORMAT = 7  # bump when what is stored changes shape


def database(root: Path, name: str, salt: str = "") -> Path:
    """The file of the database `name` in the site's cache folder, in this format and for
    this `salt` (what its keys are made with: newsgen's code, the renderer's settings).
    Rows made with another salt are never read again, yet a database never forgot them:
    each upgrade left a whole site's rows behind (270 MB at 10,000 articles), in a folder
    CI keeps between runs. One other salt's file is kept, the last used, so that builds
    that take turns with two settings do not start cold each time; the rest go, as do
    files of another format."""
    folder = root / CACHE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tag = f"-{cache_key(salt)[:12]}" if salt else ""
    current = folder / f"{name}-v{FORMAT}{tag}.sqlite"
    if current.exists():
        os.utime(current)  # used now: the last used of the others is known by its time
    others: dict[str, list[Path]] = {}  # database file -> it and its journal files
    for path in folder.glob(f"{name}-v*.sqlite*"):
        main = path.name.partition(".sqlite")[0] + ".sqlite"
        if main != current.name:
            others.setdefault(main, []).append(path)
    kept = _last_used([folder / n for n in others if n.startswith(f"{name}-v{FORMAT}-")])
    for main, paths in others.items():
        if main != kept:
            for path in paths:
                with suppress(OSError):
                    path.unlink()
    return current


def _last_used(paths: list[Path]) -> str | None:
    times = {}
    for path in paths:
        with suppress(OSError):
            times[path.name] = path.stat().st_mtime_ns
    return max(times, key=times.__getitem__) if times else None


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=30)  # workers write too: wait for each other
