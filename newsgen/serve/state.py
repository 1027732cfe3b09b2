"""What `newsgen serve` shows, shared by the thread that builds and those that answer
requests: the version of the site (one more at each build and at each first look), whether
a build is running, its errors or warnings, and the pages shown before the rebuild ended."""

from __future__ import annotations

import threading

WAIT_FOR_BUILD_SECONDS = 30


class PreviewState:
    """What the server shows, shared by the builder and the request threads."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.version = 0  # goes up with every build, good or failed
        self.building = False
        self.errors: tuple[str, ...] = ()
        self.warnings: tuple[str, ...] = ()  # of the last good build
        self.base_path = "/"
        # The site's security headers (`[headers]`): the preview is sent them too, so that
        # what breaks the content policy shows before it is published.
        self.headers: tuple[tuple[str, str], ...] = ()
        self.closed = False
        # Pages shown before the rebuild ends (output path -> bytes), and after it, those
        # of them the rebuild left as they were: their readers need no second reload.
        self.first_looks: dict[str, bytes] = {}
        self.kept: frozenset[str] = frozenset()

    def begin(self) -> None:
        with self.changed:
            self.building = True
            self.kept = frozenset()

    def show_first(self, output: str, data: bytes) -> None:
        """Show one page before the rebuild: its readers reload now."""
        with self.changed:
            self.first_looks[output] = data
            self.kept = frozenset()
            self.version += 1
            self.changed.notify_all()

    def first_look(self, output: str) -> bytes | None:
        with self.changed:
            return self.first_looks.get(output)

    def finish(
        self, errors: tuple[str, ...], base_path: str | None, kept: frozenset[str] = frozenset(),
        warnings: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        with self.changed:
            self.building = False
            self.errors = errors
            self.warnings = warnings
            self.base_path = base_path or self.base_path
            self.first_looks = {}
            self.kept = kept
            self.version += 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def wait_until_built(self) -> None:
        with self.changed:
            self.changed.wait_for(lambda: not self.building or self.closed, WAIT_FOR_BUILD_SECONDS)

    def wait_for_reload(self, seen: int, page: str, timeout: float) -> tuple[bool, int]:
        """Whether the reader of `page`, who saw version `seen`, should reload now; and the
        version it has seen once told."""
        with self.changed:

            def due() -> bool:
                return self.version != seen and (not self.building or bool(self.first_looks))

            if not self.changed.wait_for(lambda: due() or self.closed, timeout) or self.closed:
                return False, seen
            if page in self.kept and not self.building:
                return False, self.version  # shown first, and the rebuild left it as it was
            return True, self.version
