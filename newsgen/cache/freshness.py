"""Whether the last build's output is still the right one, so that a rebuild with nothing
changed does no work at all.

It is, when every file a build reads (content, templates, static files, config.toml,
newsgen's own code) has the size and modification time it had, the options are the same,
the output folder is the very one that build wrote, and no moment has come that changes a
page by itself: a scheduled article's time, the end of live coverage, an article leaving
the news sitemap's two-day window. Like make and git, it trusts modification times; any
write to a file changes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import markdown

from newsgen import __version__
from newsgen.cache.files import CACHE_FOLDER
from newsgen.cache.keys import cache_key
from newsgen.core.config import Config
from newsgen.core.file_stats import Stat, stat_of
from newsgen.core.model import EntryHead
from newsgen.formats.sitemaps import NEWS_WINDOW
from newsgen.output.folder_identity import folder_name, same_folder

FORMAT = 2
RACY_NS = 100_000_000  # file times move in ticks of a few milliseconds: keep well clear


@dataclass(frozen=True)
class Stamp:
    inputs: str  # digest of every input file's path, size and time, and of the options
    output: str  # the output folder the build wrote, by `folder_name`
    built_at: str  # ISO time the build took as "now"
    valid_until: str  # ISO time at which the output changes without an edit; "" never
    pages: int
    files: int
    warnings: tuple[tuple[str, int | None, str], ...]  # the last build's, shown again
    next_scheduled: tuple[str, str] | None  # (source, ISO time)


@dataclass(frozen=True)
class Inputs:
    digest: str | None  # None: a file changed so lately that the build is not remembered
    stats: dict[str, Stat]  # every input file's, by path: the build asks for them again


def input_digest(config: Config, folders: Iterable[Path], options: str) -> Inputs:
    """A file changed so lately that a second change within the clock's tick would leave
    its time as it is (git's "racily clean" files) leaves the digest out: such a build is
    not remembered."""
    started = time.time_ns()
    parts = [f"{__version__}/{markdown.__version__}/{jinja2.__version__}", repr(config), options]
    code = Path(__file__).parents[1]  # newsgen's own source: a new version builds anew
    stats: dict[str, Stat] = {}
    racy = False
    for folder in (code, *folders):
        for path, stat in _stats(folder):
            stats[path] = stat
            mtime, ctime, size, inode = stat
            racy = racy or max(mtime, ctime) > started - RACY_NS
            parts.append(f"{path}\0{size}\0{mtime}\0{ctime}\0{inode}")
    return Inputs(None if racy else cache_key(*parts), stats)


def _stats(root: Path) -> list[tuple[str, Stat]]:
    """Every file under `root` with its stat (`file_stats.stat_of`)."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # made by Python, not read
        for name in sorted(files):
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):  # gone while walking: the next build sees it
                found.append((path, stat_of(path)))
    return found


def valid_until(entries: Iterable[EntryHead], drafts: bool, now: datetime) -> datetime | None:
    """The first moment after `now` at which the same files would build another site."""
    shown = [e for e in entries if drafts or not e.draft]
    moments = [e.date for e in shown if e.date > now]  # a scheduled article appears
    moments += [e.date + NEWS_WINDOW for e in shown if e.date <= now < e.date + NEWS_WINDOW]
    moments += [e.live_until for e in shown if e.live_until and e.live_until > now]
    return min(moments, default=None)


def _count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def _stamp_file(config: Config, output: Path) -> Path:
    name = cache_key(str(output.absolute()))[:16]
    return config.root / CACHE_FOLDER / f"built-v{FORMAT}-{name}.json"


def is_fresh(config: Config, output: Path, inputs: str, now: datetime) -> Stamp | None:
    """The last build's stamp, if its output is still right."""
    try:
        stored = json.loads(_stamp_file(config, output).read_text(encoding="utf-8"))
        stamp = Stamp(
            **{
                **stored,
                "warnings": tuple(tuple(w) for w in stored["warnings"]),
                "next_scheduled": tuple(stored["next_scheduled"] or ()) or None,
            }
        )
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if stamp.inputs != inputs or not same_folder(stamp.output, folder_name(output)):
        return None
    if _count_files(output) != stamp.files:  # a page deleted, or a file put in
        return None
    if now < datetime.fromisoformat(stamp.built_at):  # a build "in the past" differs too
        return None
    if stamp.valid_until and now >= datetime.fromisoformat(stamp.valid_until):
        return None
    return stamp


def remember(config: Config, output: Path, stamp: Stamp) -> None:
    path = _stamp_file(config, output)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".tmp-{os.getpid()}")
    temporary.write_text(json.dumps(asdict(stamp)), encoding="utf-8")
    temporary.replace(path)
