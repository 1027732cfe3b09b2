"""Every core for the CPU-bound stages (Markdown, templates): forked worker processes.

Python runs one thread of Python at a time, so a build uses more than one core only with
processes. Forked workers inherit the whole build (configuration, articles, compiled
templates) as it is at the fork, so nothing but each share's result crosses back, pickled
through a temporary file. Fork is unsafe beside other threads (a thread holding a lock
at the fork leaves it held for ever in the child): with other threads running, as in
`newsgen serve`, the work runs in this process.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_SHARE = 32  # fewer items than this per worker: a fork costs more than it saves
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class WorkerError(Exception):
    """A worker process ended without a result (killed, or out of memory)."""


def available_workers() -> int:
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def fork_map(
    function: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    min_share: int = MIN_SHARE,
) -> list[R]:
    """`function` maps a share of `items` to one result per item. The items are dealt to
    `workers` shares in turn (so that long and short items mix), the first share runs
    here and the others in forked children; the results come back in the items' order.
    An exception in any share is raised here. `min_share`: the fewest items worth a
    process (fewer for long items, such as photographs)."""
    workers = max(1, min(workers, len(items) // min_share))
    if workers == 1:
        return function(items)
    shares = [items[n::workers] for n in range(workers)]
    children: list[tuple[int, IO[bytes]]] = []
    try:
        for share in shares[1:]:
            children.append(_fork(function, share))
        results = [function(shares[0])]
        results.extend(_collect(pid, file) for pid, file in children)
        children.clear()
    finally:
        for pid, file in children:  # this process failed first: stop and reap the others
            _stop(pid)
            file.close()
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    for n, result in enumerate(results):
        if len(result) != len(shares[n]):
            raise WorkerError(f"a worker returned {len(result)} results for {len(shares[n])}")
        merged[n::workers] = result
    return merged


@contextlib.contextmanager
def in_background(function: Callable[[], R], workers: int) -> Iterator[Callable[[], R]]:
    """`function` run in a forked child while this process goes on (with one worker, here
    and now); the context gives the way to wait for its result, which raises what the
    child raised. A child not waited for is stopped when the context ends."""
    if workers < 2:
        result = function()
        yield lambda: result
        return
    pid, file = _fork(lambda _: function(), ())  # type: ignore[arg-type, return-value]
    waiting = True

    def wait() -> R:
        nonlocal waiting
        waiting = False
        return _collect(pid, file)  # type: ignore[return-value]

    try:
        yield wait
    finally:
        if waiting:
            _stop(pid)
            file.close()


def _fork(function: Callable[[Sequence[T]], list[R]], share: Sequence[T]) -> tuple[int, IO[bytes]]:
    file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _collect or _stop's caller
    parent = os.getpid()
    sys.stdout.flush()  # else the child would write out what this process has buffered
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid, file
    # The child: never returns into the parent's code, never runs its exit handlers.
    code = 0
    try:
        _die_with(parent)
        try:
            outcome: tuple[bool, object] = (True, function(share))
        except BaseException as exc:
            outcome = (False, exc)
        try:
            pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            file.seek(0)
            file.truncate()
            pickle.dump((False, WorkerError(f"a worker's result could not be sent: {exc}")), file)
        file.flush()
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with(parent: int) -> None:
    """Where the system allows (Linux), a worker is killed when the build process dies: a
    killed build must leave no worker writing, nor holding the output's lock, which
    workers inherit."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before this process could ask
        os._exit(1)


def _collect(pid: int, file: IO[bytes]) -> list[R]:
    _, status = os.waitpid(pid, 0)
    with file:
        if os.waitstatus_to_exitcode(status) != 0:
            raise WorkerError(f"a worker process ended with status {status}")
        file.seek(0)
        try:
            ok, value = pickle.load(file)
        except Exception as exc:
            raise WorkerError(f"a worker's result could not be read: {exc}") from None
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
