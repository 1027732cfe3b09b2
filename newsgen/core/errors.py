"""Error types shared by every stage, and how one is shown to a person.

A stage collects every problem it finds as a `Diagnostic` and raises `BuildError` with all
of them at once, so an author fixes a whole batch of files per build, not one at a time.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, shown as `path:line: message`."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


def line_of(text: str, target: str, first_line: int = 1) -> int | None:
    """The line where `target` first stands in `text`, whose first line is `first_line`."""
    at = text.find(target)
    return first_line + text.count("\n", 0, at) if at >= 0 else None


class ContentError(Exception):
    """A problem with one input file, at a known line where there is one."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.diagnostic = Diagnostic(path, line, message)

    def __reduce__(self) -> tuple[type[ContentError], tuple[str, int | None, str]]:
        # Crosses from a worker process as what it was built from, not as its text.
        d = self.diagnostic
        return ContentError, (d.path, d.line, d.message)


class BuildError(Exception):
    """The build cannot go on; holds every problem found by the failing stage."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[type[BuildError], tuple[tuple[Diagnostic, ...]]]:
        return BuildError, (self.diagnostics,)


class Problems:
    """Where a stage puts the errors it found: raised at once when building, kept while the
    later stages go on with what is sound when only checking (`newsgen check`)."""

    def __init__(self, keep_going: bool) -> None:
        self.keep_going = keep_going
        self.found: list[Diagnostic] = []

    def settle(self, diagnostics: Iterable[Diagnostic]) -> None:
        found = list(diagnostics)
        if found and not self.keep_going:
            raise BuildError(found)
        self.found.extend(found)


def collect(errors: Iterable[ContentError]) -> BuildError:
    return BuildError(e.diagnostic for e in errors)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """tomllib puts the position into its message; split it into (line, message)."""
    match = _TOML_POSITION.search(str(exc))
    return (int(match.group(1)) if match else None), _TOML_POSITION.sub("", str(exc))


class CacheLost(RuntimeError):
    """The cache lost what a value read from it needs, during the build (a file of it was
    damaged or removed): the build removes the cache and starts again. Not an
    AttributeError: a template would take that for a missing field and go on without it."""
