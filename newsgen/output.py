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
import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from newsgen.routes import check_site_path


class Keep:
    """The previous output's file for this path is still right: link it, do not rewrite it."""


KEEP = Keep()
Content = bytes | Path | Keep  # bytes to write, a file to copy, or the previous file


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int


class UnsafeOutputError(Exception):
    pass


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the output folder for one build; a second build at the same time stops at once
    with a clear message instead of interleaving its files with the first's."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            raise UnsafeOutputError(
                f"another newsgen build (process {holder}) is writing {output}; "
                "wait for it to finish"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def check_output_folder(output: Path, root: Path, inputs: tuple[Path, ...]) -> None:
    """Refuse an output folder whose replacement would destroy the site's own files, or
    that sits inside an input folder (each build would publish the last one again)."""
    real = output.resolve()
    for path in (root, *inputs):
        if path.resolve().is_relative_to(real):
            raise UnsafeOutputError(f"output folder {output} would replace {path}")
    for path in inputs:
        if real.is_relative_to(path.resolve()):
            raise UnsafeOutputError(f"output folder {output} is inside {path}")
    if real.is_dir() and any(real.iterdir()) and not (real / "index.html").exists():
        raise UnsafeOutputError(
            f"output folder {output} holds files but no index.html: it does not look like a "
            "built site, so newsgen will not replace it"
        )


class Staging:
    """The next site, written file by file into a folder beside the output, then swapped
    in whole by `commit`. Holds only paths, so forked workers may write into it too."""

    def __init__(self, output: Path) -> None:
        self.output = output.absolute()
        self.folder = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        self._made: set[Path] = set()  # folders known to exist, to spare a system call

    def put(self, relative: str, content: Content) -> bool:
        """Write one file; False when the previous site's file was kept instead, because it
        was asked for (KEEP) or holds the same bytes."""
        target = self.folder / check_site_path(relative)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        previous = self.output / relative
        if isinstance(content, Keep):
            _link_or_copy(previous, target)
            return False
        if _link_if_same(previous, target, content):
            return False
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_bytes(content)
        return True

    def commit(self) -> None:
        _swap_in(self.folder, self.output)


@contextlib.contextmanager
def staging(output: Path) -> Iterator[Staging]:
    """A staging folder that is removed again unless committed."""
    stage = Staging(output)
    _remove_abandoned_stages(stage.output)
    _remove(stage.folder)
    stage.folder.mkdir(parents=True)
    try:
        yield stage
    except BaseException:
        _remove(stage.folder)
        raise


def write_output(files: Mapping[str, Content], output: Path) -> WriteStats:
    written = unchanged = 0
    with staging(output) as stage:
        for relative, content in files.items():
            if stage.put(relative, content):
                written += 1
            else:
                unchanged += 1
        stage.commit()
    return WriteStats(written, unchanged)


def _link_or_copy(previous: Path, target: Path) -> None:
    try:
        os.link(previous, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(previous, target)


def _link_if_same(previous: Path, target: Path, content: bytes | Path) -> bool:
    try:
        if not previous.is_file() or previous.is_symlink():
            return False
        if isinstance(content, Path):
            if previous.stat().st_size != content.stat().st_size:
                return False
            same = previous.read_bytes() == content.read_bytes()
        else:
            same = previous.stat().st_size == len(content) and previous.read_bytes() == content
        if same:
            os.link(previous, target)
        return same
    except OSError:
        return False


def _swap_in(stage: Path, output: Path) -> None:
    if not output.exists():
        os.rename(stage, output)
        return
    if _exchange(stage, output):
        _remove(stage)  # now holds the previous site
        return
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    os.rename(output, old)
    os.rename(stage, output)
    _remove(old)


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
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(path)
