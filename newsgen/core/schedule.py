"""The build's "now", and the next article waiting for its time."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from newsgen.core.config import Config
from newsgen.core.errors import BuildError, Diagnostic
from newsgen.core.model import EntryHead


@dataclass(frozen=True)
class Scheduled:
    """The next article that is written but dated in the future."""

    source: str
    date: datetime


def resolve_now(now: datetime | None, zone: tzinfo) -> datetime:
    """The build's "now": given, else SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=zone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        message = f"must be a whole number of seconds since 1970-01-01, not '{epoch}'"
        raise BuildError([Diagnostic("SOURCE_DATE_EPOCH", None, message)]) from None


def next_scheduled(config: Config, entries: Iterable[EntryHead], now: datetime) -> Scheduled | None:
    waiting = [e for e in entries if not e.draft and e.date > now]
    if not waiting:
        return None
    first = min(waiting, key=lambda e: (e.date, e.source))
    return Scheduled(config.content_file(first.source), first.date)
