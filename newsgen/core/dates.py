"""Dates in front matter and on the command line: ISO 8601 to time-zone-aware datetimes.

A date with no offset is in the site's time zone; a date with no time is midnight there.
Dates as other generators write them are read too: `2019-4-1 9:30:00 +0100` (Jekyll), a
fraction of a second of any length (`09:30:00.123456`, `09:30:00.5Z`), `UTC` for `Z`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

_WRITTEN = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    r"[ \t]*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def parse_datetime(value: object, zone: tzinfo | None) -> datetime:
    """Return `value` as a datetime, in `zone` when it has no offset of its own (naive
    where `zone` is None); raise ValueError with a reader's message."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_text(value)
    else:
        raise ValueError(f"expected a date, not {type(value).__name__} {value!r}")
    if moment.tzinfo is None and zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment


def is_day(value: object) -> bool:
    """Whether `value`, as front matter holds it, names a day without a time of day."""
    if isinstance(value, str):
        return bool(_DAY.match(value.strip()))
    return isinstance(value, date) and not isinstance(value, datetime)


def _parse_text(value: str) -> datetime:
    text = value.strip()
    found = _WRITTEN.match(text)
    try:
        if found is None:
            return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
        return _from_parts(found)
    except ValueError as exc:
        why = "" if "Invalid isoformat" in str(exc) else f" ({exc})"
        raise ValueError(
            f"'{value}' is not a valid date{why}; write it as ISO 8601, e.g. 2026-03-01 "
            "or 2026-03-01T14:05:00+09:00"
        ) from None


def _from_parts(found: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    # Whole microseconds: digits past the sixth are dropped, as datetime keeps no more.
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    clock = time(int(hour or 0), int(minute or 0), int(second or 0), micro)
    moment = datetime.combine(date(int(year), int(month), int(day)), clock)
    if zone is None:
        return moment
    if zone.upper() in ("Z", "UTC", "GMT"):
        return moment.replace(tzinfo=UTC)
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    if offset >= timedelta(hours=24):
        raise ValueError(f"offset {zone} is not a time zone")
    return moment.replace(tzinfo=timezone(-offset if zone[0] == "-" else offset))
