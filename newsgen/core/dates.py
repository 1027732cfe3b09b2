"""Dates in front matter and on the command line: ISO 8601 to time-zone-aware datetimes.

A date with no offset is in the site's time zone; a date with no time is midnight there.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo


def parse_datetime(value: object, zone: tzinfo | None) -> datetime:
    """Return `value` as a datetime, in `zone` when it has no offset of its own (naive
    where `zone` is None); raise ValueError with a reader's message."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            why = "" if "Invalid isoformat" in str(exc) else f" ({exc})"
            raise ValueError(
                f"'{value}' is not a valid date{why}; write it as ISO 8601, e.g. 2026-03-01 "
                "or 2026-03-01T14:05:00+09:00"
            ) from None
    else:
        raise ValueError(f"expected a date, not {type(value).__name__} {value!r}")
    if moment.tzinfo is None and zone is not None:
        moment = moment.replace(tzinfo=zone)
    return moment
