"""Stage `write`: site files to the output folder, all or nothing.

Everything is written into a staging folder beside the output, which is then swapped in
with one rename, so a failed or killed build leaves the previous site as it was. A file
whose bytes did not change is hard-linked from the previous site instead of rewritten,
keeping its modification time for hosts that sync by it. Knows bytes and paths, not news.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path

from newsgen.core.file_stats import Stats
from newsgen.core.routes import check_site_path
from newsgen.output.folder_identity import seal
from newsgen.output.survey import Survey, listing, stale

Content = bytes | Path  # bytes to write, or a file to copy


def spare_folder(output: Path) -> Path:
    """Where the site before last is kept, to become the next."""
    output = output.absolute()
    return output.parent / f".{output.name}.previous"


class Staging:
    """The next site, written file by file into a folder beside the output, then swapped
    in whole by `commit`. The folder is the site before last, kept from the previous swap
    and brought up to date: an unchanged file is a hard link to the current site's (one
    check when it is one already), so a rebuild touches the files that changed, not every
    file. Holds only paths, so forked workers may write into it too."""

    def __init__(self, output: Path) -> None:
        self.output = output.absolute()
        self.folder = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        self.spare = spare_folder(self.output)
        self.fresh = False  # made empty for this build: it holds only what was put
        self.current = True  # there is a current site, whose files may be kept
        self._made: set[str] = set()  # folders of a fresh stage made by this process
        self.survey: Survey | None = None  # of the folder, when it was the spare

    def keep(self, relative: str) -> bool:
        """Keep the current site's file for this path, known to be right: False when there
        is none (someone removed it), and the file must be made."""
        if self.survey is not None and self.survey.files.get(relative):
            check_site_path(relative)
            return True  # the stage's file is the current site's already
        # Strings, not Paths: this runs for every file of the site.
        previous = f"{self.output}/{relative}"
        try:
            held = os.lstat(previous)
        except OSError:
            return False
        if not stat.S_ISREG(held.st_mode):  # a link someone put there is not kept, nor followed
            return False
        self._link(previous, held, f"{self.folder}/{check_site_path(relative)}")
        return True

    def put(self, relative: str, content: Content) -> bool:
        """Write one file; False when the current site's file held the same bytes and was
        kept instead."""
        target = f"{self.folder}/{check_site_path(relative)}"
        previous = f"{self.output}/{relative}"
        if self.current and _holds(previous, content) and self.keep(relative):
            return False
        write: Callable[[], object]
        if isinstance(content, Path):
            write = partial(shutil.copyfile, content, target)
        else:
            write = partial(_write, target, content)
        if not (self.fresh and self._write_new(target, write)):
            _replace(target, write)
        return True

    def _write_new(self, target: str, write: Callable[[], object]) -> bool:
        """Write into a fresh stage, where nothing stands at the file's name: its folder
        made first, once (a cold build tried to remove each file, then to write it, then
        made its folder: system calls cost 10-20 us each on some machines). False when
        the file must be written the careful way."""
        folder = os.path.dirname(target)
        try:
            if folder not in self._made:
                try:
                    os.mkdir(folder)
                except FileExistsError:
                    pass
                except FileNotFoundError:  # its folder's folder is new too
                    os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
            write()
        except OSError:
            return False
        return True

    def _link(self, previous: str, held: os.stat_result, target: str) -> None:
        """The stage's file becomes the current site's (one check when it is already)."""
        try:
            if os.path.samestat(held, os.stat(target)):
                return
        except OSError:
            pass
        _replace(target, lambda: _link_or_copy(previous, target))

    def commit(self, site: Iterable[str]) -> None:
        """Remove what is not part of `site` (every path put), then swap the folder in. A
        fresh stage holds nothing else: it is not walked (26,000 files at 10,000 articles);
        the site before last is known from its survey, or listed now if it had none."""
        paths = {check_site_path(p) for p in site}
        found = self.survey
        if found is None and not self.fresh:  # the spare could not be surveyed ahead
            found = listing(self.folder)
        if found is not None:
            _remove_stale(str(self.folder), *stale(found, paths))
        seal(self.folder, self.output)  # the last change to the folder before it goes live
        _swap_in(self.folder, self.output, self.spare)


def put_files(
    stage: Staging, files: Mapping[str, Content], remembered: Mapping[str, str] | None,
    stats: Stats,
) -> tuple[int, dict[str, str]]:  # fmt: skip
    """Put files that are not pages (copies, redirects) into `stage`: how many were
    written, and the fingerprints of the copies. A copy whose original has the stat it had
    when the output's file was copied from it (`remembered`) is kept without being read:
    comparing the bytes of every image beside the articles was most of a rebuild's writing."""
    written = 0
    fingerprints: dict[str, str] = {}
    for relative, content in files.items():
        if isinstance(content, Path):
            fingerprints[relative] = f"copy {content} {stats.of(str(content))}"
            known = remembered is not None and remembered.get(relative) == fingerprints[relative]
            if known and stage.keep(relative):
                continue
        written += stage.put(relative, content)
    return written, fingerprints


def _remove_stale(folder: str, files: list[str], folders: list[str]) -> None:
    for relative in files:
        # Gone, or a folder of the site now stands at its name (or at its folder's).
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, NotADirectoryError):
            os.unlink(f"{folder}/{relative}")  # a link is removed, never followed
    for relative in folders:  # emptied, unless a page was written into it since
        with contextlib.suppress(OSError):
            os.rmdir(f"{folder}/{relative}")


@contextlib.contextmanager
def staging(output: Path, found: Survey | None = None) -> Iterator[Staging]:
    """A staging folder: the site before last when there is one, else a new folder. A
    failed build's stage is removed; the current site is never touched. `found`: the
    spare folder's survey, taken in this build before the folder is moved."""
    stage = Staging(output)
    _remove_abandoned_stages(stage.output)
    _remove(stage.folder)
    if stage.output.is_dir() and stage.spare.is_dir() and not stage.spare.is_symlink():
        os.rename(stage.spare, stage.folder)
        stage.survey = found
    else:
        _remove(stage.spare)
        stage.folder.mkdir(parents=True)
        stage.fresh = True
        stage.current = stage.output.is_dir()
    try:
        yield stage
    except BaseException:
        _remove(stage.folder)
        raise


def _write(target: str, content: bytes) -> None:
    with open(target, "wb") as file:
        file.write(content)


def _replace(target: str, write: Callable[[], object]) -> None:
    """Write a file anew: a file of the stage may be a hard link to the current site's,
    which writing into would change."""
    try:
        os.unlink(target)
    except (FileNotFoundError, NotADirectoryError):  # not there, or its folder is not
        pass
    except IsADirectoryError:
        shutil.rmtree(target)
    try:
        write()
    except FileNotFoundError:  # its folder is new
        os.makedirs(os.path.dirname(target), exist_ok=True)
        write()
    except NotADirectoryError:  # a file stands where its folder goes
        _clear_path(Path(target).parent)
        write()


def _clear_path(folder: Path) -> None:
    """Make `folder`, removing the file of the site before last that stands on its way
    (never climbing past the nearest folder that exists)."""
    blocker = folder
    while not blocker.parent.is_dir():
        blocker = blocker.parent
    if blocker.is_file() or blocker.is_symlink():
        blocker.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def _link_or_copy(previous: str, target: str) -> None:
    try:
        os.link(previous, target)
    except FileNotFoundError:
        raise
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(previous, target)


def _holds(previous: str, content: bytes | Path) -> bool:
    """Whether the current site's file has these bytes already."""
    try:
        status = os.lstat(previous)
        if not stat.S_ISREG(status.st_mode):
            return False
        size = content.stat().st_size if isinstance(content, Path) else len(content)
        if status.st_size != size:
            return False
        with open(previous, "rb") as file:
            held = file.read()
        return held == (content.read_bytes() if isinstance(content, Path) else content)
    except OSError:
        return False


def _swap_in(stage: Path, output: Path, spare: Path) -> None:
    """Stage becomes the output; the previous output is kept as the spare."""
    if not output.exists():
        os.rename(stage, output)
        return
    if not _exchange(stage, output):
        os.rename(output, spare)
        os.rename(stage, output)
        return
    try:
        os.rename(stage, spare)
    except OSError:
        _remove(stage)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step where the system can (Linux renameat2)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _remove_abandoned_stages(output: Path) -> None:
    """Staging folders of builds that were killed: their process no longer runs."""
    for folder in output.parent.glob(f".{output.name}.staging-*"):
        pid = folder.name.rpartition("-")[2]
        if pid.isdigit() and not _is_running(int(pid)):
            _remove(folder)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    """Remove a folder of ours, or whatever else stands at its name (a file, a link)."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_symlink() or not path.is_dir():
            path.unlink()
        else:
            shutil.rmtree(path)
