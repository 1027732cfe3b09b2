"""Live coverage: a live article's body is an introduction, then its updates, each opened by
a level-2 heading that starts with a time.

    ## 14:05 Rescuers reach the village [key] [by Ann Lee]
    ## 2026-03-02 00:15 A second quake is felt [pinned]
    ## 2026-03-02 09:00 +01:00 Talks open in Geneva

A bare time is on the same day, in the same time zone, as the update heading above it; the
first one is on the article's date, in the zone its date is written in. So an author writes
the date only when the day changes from the update above, and an offset only when the zone
does. `[key]` marks a key event, `[pinned]` keeps the update on top, `[by NAME]` names its
author. Headings are found in the Markdown source, outside fenced code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from newsgen.core.errors import ContentError

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_UPDATE = re.compile(r"^##(?!#)\s+(?P<rest>\d.*)$")
_WHEN = re.compile(
    r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})[ T])?(?P<time>\d{1,2}:\d{2})"
    r"(?:\s*(?P<zone>Z|[+-]\d{2}:?\d{2}))?(?=\s|$)"
)
_LOOKS_LIKE_TIME = re.compile(r"^(\d{1,2}:\d|\d{4}-\d)")
_MARK = re.compile(r"\s*\[(key|pinned|by [^\]]+)\]\s*$", re.I)


@dataclass(frozen=True)
class UpdateSource:
    """One update as written: its heading's parts, its Markdown, its line in the file."""

    time: datetime
    title: str
    author: str
    key: bool
    pinned: bool
    markdown: str
    line: int


@dataclass(frozen=True)
class LiveBody:
    intro: str  # the Markdown before the first update
    updates: tuple[UpdateSource, ...]  # as written, in the file's order


def split_live_body(path: str, body: str, first_line: int, start: datetime) -> LiveBody:
    """Split a live article's body; `first_line` is the file line of the body's first line,
    `start` the article's date (the coverage's start). Raises ContentError at a bad heading."""
    lines = body.split("\n")
    intro: list[str] = []
    updates: list[UpdateSource] = []
    current: dict[str, object] | None = None
    text: list[str] = []
    day: date = start.date()
    zone: tzinfo = start.tzinfo or UTC
    fence = ""
    for offset, line in enumerate(lines):
        number = first_line + offset
        if fence:
            fence = "" if line.strip().startswith(fence) else fence
        elif opened := _FENCE.match(line):
            fence = opened.group(1)
        heading = None if fence else _UPDATE.match(line)
        if heading is None or not _LOOKS_LIKE_TIME.match(heading.group("rest")):
            text.append(line)
            continue
        if current is None:
            intro = text
        else:
            updates.append(_finish(current, text))
        text = []
        moment, title, marks = _parse_heading(path, number, heading.group("rest"), day, zone)
        if moment < start:
            raise ContentError(
                path, number, f"update at {moment.isoformat()} is before the coverage starts "
                f"({start.isoformat()}): write its date, e.g. '## {start:%Y-%m-%d} 14:05'",
            )  # fmt: skip
        day, zone = moment.date(), moment.tzinfo or zone
        current = {"time": moment, "title": title, "line": number, **marks}
    if current is None:
        return LiveBody(body, ())
    updates.append(_finish(current, text))
    return LiveBody("\n".join(intro), tuple(updates))


def _finish(current: dict[str, object], text: list[str]) -> UpdateSource:
    return UpdateSource(markdown="\n".join(text).strip("\n"), **current)  # type: ignore[arg-type]


def _parse_heading(
    path: str, line: int, rest: str, day: date, zone: tzinfo
) -> tuple[datetime, str, dict[str, object]]:
    when = _WHEN.match(rest)
    if not when:
        raise ContentError(
            path, line, f"cannot read the update time in '## {rest}': write '## 14:05', "
            "'## 2026-03-01 14:05' or '## 2026-03-01 14:05 +09:00'",
        )  # fmt: skip
    try:
        hour, minute = (int(part) for part in when.group("time").split(":"))
        clock = time(hour, minute)
        if when.group("date"):
            year, month, number = (int(part) for part in when.group("date").split("-"))
            day = date(year, month, number)
        if when.group("zone"):
            zone = _offset(when.group("zone"))
    except ValueError as exc:
        raise ContentError(path, line, f"impossible update time in '## {rest}': {exc}") from None
    title = rest[when.end() :].strip()
    marks: dict[str, object] = {"key": False, "pinned": False, "author": ""}
    while found := _MARK.search(title):
        mark = found.group(1)
        if mark.lower() in ("key", "pinned"):
            marks[mark.lower()] = True
        else:
            marks["author"] = mark[3:].strip()
        title = title[: found.start()].rstrip()
    title = title.lstrip("\u2014\u2013-|: ").strip()  # "14:05 — Title" reads well too
    return datetime.combine(day, clock, zone), title, marks


def _offset(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError(f"offset {text} is out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
