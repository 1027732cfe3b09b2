"""Dates in front matter and on the command line: written dates to time-zone-aware datetimes.

A date with no offset is in the site's time zone; a date with no time is midnight there.
ISO 8601 is read, and dates as other generators' archives write them: `2019-4-1 9:30:00
+0100` and `12:00-400` (Jekyll), a fraction of a second of any length (`09:30:00.123456`),
`September 8, 2014`, `8 Sep 2014 10:00 AM` and `Mon, 08 Sep 2014 10:00:00 -0400`, with an
offset, `Z`, `UTC`, `GMT` or a US zone's abbreviation (`EDT`, `PST`, ...), and a remark in
brackets after it ignored (`2016-07-19 (optional)`), as Jekyll reads them all.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

# What may follow a time: an offset, or a zone's name. A name is a fixed offset, as Jekyll
# (Ruby's Time.parse) reads it: `EDT` is -04:00 whatever the date.
_ZONE = r"Z|UTC|GMT|[ECMP][SD]T|[+-](?:\d{1,2}:?\d{2}|\d{2})"
_NAMED_ZONES = {
    f"{zone}{kind}": hours + (kind == "DT")
    for zone, hours in zip("ECMP", (-5, -6, -7, -8), strict=True)
    for kind in ("ST", "DT")
}
_WRITTEN = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?"
    rf"[ \t]*({_ZONE})?$",
    re.IGNORECASE,
)
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
# A remark after the date, left from a template: `2016-07-19 (optional)`.
_REMARK = re.compile(r"\s+\([^()]*\)$")
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}
# `September 8, 2014`, `Sept. 8th 2014`, `8 September 2014`, `Monday, 8 Sep 2014`, each
# with a time (`10:00`, `10:00:30`, `10:00 am`) and a zone if written.
_NAMED = re.compile(
    r"^(?:[a-z]{3,9}\.?,?\s+)??"  # a weekday
    r"(?:(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[a-z]{3,9})\.?,?)"
    r"\s+(?P<year>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?m\.?)?)?"
    rf"(?:\s*(?P<zone>{_ZONE}))?$",
    re.IGNORECASE,
)


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
        text = _REMARK.sub("", value.strip())
        named = _NAMED.match(text)
        return bool(_DAY.match(text)) or (named is not None and named["hour"] is None)
    return isinstance(value, date) and not isinstance(value, datetime)


def _parse_text(value: str) -> datetime:
    text = _REMARK.sub("", value.strip())
    try:
        if found := _WRITTEN.match(text):
            return _from_parts(found)
        if named := _NAMED.match(text):
            return _from_words(named)
        return datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
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
    return _in_zone(datetime.combine(date(int(year), int(month), int(day)), clock), zone)


def _from_words(found: re.Match[str]) -> datetime:
    name = (found["month"] or found["month2"]).lower()
    if name not in _MONTHS:
        raise ValueError(f"'{name}' is not a month")
    hour = int(found["hour"] or 0)
    if found["half"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"{hour} is not an hour of the clock")
        hour = hour % 12 + (12 if found["half"].lower() == "p" else 0)
    clock = time(hour, int(found["minute"] or 0), int(found["second"] or 0))
    day = date(int(found["year"]), _MONTHS[name], int(found["day"] or found["day2"]))
    return _in_zone(datetime.combine(day, clock), found["zone"])


def _in_zone(moment: datetime, zone: str | None) -> datetime:
    if zone is None:
        return moment
    written = zone.upper()
    if written in ("Z", "UTC", "GMT"):
        return moment.replace(tzinfo=UTC)
    if written in _NAMED_ZONES:
        return moment.replace(tzinfo=timezone(timedelta(hours=_NAMED_ZONES[written]), written))
    digits = zone[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset >= timedelta(hours=24) or int(minutes) >= 60:
        raise ValueError(f"offset {zone} is not a time zone")
    return moment.replace(tzinfo=timezone(-offset if zone[0] == "-" else offset))
