"""Stage `write`, before anything is written: the output folder is one the build may
replace (not the site's own folder, not inside an input, not someone's documents), and
one build at a time writes it. Knows paths, not news.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


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
