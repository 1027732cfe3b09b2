"""How many problems are shown to a person: a file's warnings of one kind on one line, and a
count of each kind across the site. An archive of thousands of posts can raise thousands of
warnings of a few kinds; the ones that matter must not drown in them. Every warning is still
there for `--verbose` and `newsgen check --format json`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from newsgen.core.errors import Diagnostic

SUMMARY_FROM = 10  # fewer warnings than this are read at a glance: no summary
SUMMARY_KINDS = 12
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\{\{[^}]*\}\}")


def kind_of(message: str) -> str:
    """What a message says without what it names: "image '…' has no alt text"."""
    return _QUOTED.sub("'…'", message)


def one_per_kind(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each file's warnings of one kind as the first of them, saying how many more there
    are; errors all, each one to be mended."""
    first: dict[tuple[str, str], Diagnostic] = {}
    counts: Counter[tuple[str, str]] = Counter()
    shown: list[Diagnostic | tuple[str, str]] = []
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            shown.append(diagnostic)
            continue
        key = (diagnostic.path, kind_of(diagnostic.message))
        if key not in first:
            first[key] = diagnostic
            shown.append(key)
        counts[key] += 1
    return [item if isinstance(item, Diagnostic) else _with_count(first[item], counts[item] - 1)
            for item in shown]  # fmt: skip


def _with_count(diagnostic: Diagnostic, more: int) -> Diagnostic:
    if not more:
        return diagnostic
    like = f"(and {more} more like it in this file)"
    return replace(diagnostic, message=f"{diagnostic.message} {like}")


def summary(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Lines counting the warnings of each kind, most first; none for a few warnings."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if len(warnings) < SUMMARY_FROM:
        return []
    kinds = Counter(kind_of(d.message) for d in warnings)
    files = len({d.path for d in warnings})
    lines = [f"{len(warnings):,} warnings in {files:,} file{'s' * (files != 1)}, by kind:"]
    lines += [f"{count:>9,}  {kind}" for kind, count in kinds.most_common(SUMMARY_KINDS)]
    if len(kinds) > SUMMARY_KINDS:
        lines.append(f"{'':>9}  … and {len(kinds) - SUMMARY_KINDS} more kinds")
    return lines


SHOWN_LINES = 50  # of warnings, after a build: the summary counts the rest


def report_lines(
    diagnostics: Sequence[Diagnostic], every: bool = False, limit: int | None = SHOWN_LINES
) -> list[str]:
    """What a command prints of `diagnostics`: every line (`every`), or one per kind and
    file up to `limit` lines of warnings (errors all); then the summary."""
    shown = list(diagnostics) if every else one_per_kind(diagnostics)
    lines: list[str] = []
    warnings_shown = 0
    for diagnostic in shown:
        if diagnostic.severity == "warning" and not every and limit is not None:
            warnings_shown += 1
            if warnings_shown > limit:
                continue
        lines.append(str(diagnostic))
    if limit is not None and warnings_shown > limit and not every:
        more = warnings_shown - limit
        lines.append(f"… {more:,} more lines of warnings: --verbose shows every one")
    return lines + summary(diagnostics)
