"""Dates, times and numbers as a page's language writes them, from CLDR through Babel.

The patterns (order of day, month and year; a 12- or 24-hour clock; where the zone goes)
and the words (month names, "AM"/"PM", zone names) are CLDR's; a moment is shown in the
site's time zone. Machine-readable dates (`<time datetime>`) stay ISO 8601.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_date_format,
    get_datetime_format,
    get_month_names,
    get_time_format,
    get_timezone_gmt,
    get_timezone_name,
)
from babel.numbers import format_decimal

from newsgen.core.languages import locale_of

# Babel names a zone CLDR has no abbreviation for by its bare offset ("+0900").
_BARE_OFFSET = re.compile(r"^[+-]\d{4}$")
_PADDED_HOURS = re.compile(r"([+\-\u2212])0?(\d{1,2}):(\d\d)")
# The zone field of a time pattern, with the spaces and brackets that set it apart.
_ZONE_LAST = re.compile(r"([\s(\[]*)z+([\s)\]]*)$")
_ZONE_FIRST = re.compile(r"^z+([\s,]*)")


@dataclass(frozen=True)
class Patterns:
    """How one language writes a moment, as CLDR gives it."""

    locale: Locale
    date: str  # CLDR's long date: "November 20, 2026", "2026年11月20日"
    short: str  # its medium date: "Nov 20, 2026", "2026/11/20"
    time: str  # its short time: "2:05 PM", "14:05", "오후 2:05"
    timed: str  # a time and its zone, placed as the long time pattern places it
    long: str  # a date and a time joined: "{1}, {0}", "{1} {0}"
    day_time: str  # a date and a time joined, in a short moment


@cache
def patterns(language: str) -> Patterns:
    locale = locale_of(language)
    return Patterns(
        locale=locale,
        date=get_date_format("long", locale).pattern,
        short=get_date_format("medium", locale).pattern,
        time=get_time_format("short", locale).pattern,
        timed=_zone_layout(get_time_format("long", locale).pattern),
        long=_unquote(str(get_datetime_format("long", locale))),
        day_time=_unquote(str(get_datetime_format("short", locale))),
    )


def _zone_layout(long_time: str) -> str:
    """Where a language puts the zone beside a time: "{time} {zone}" (most), "{zone}
    {time}" (Chinese), "{time} ({zone})" (Persian)."""
    if first := _ZONE_FIRST.match(long_time):
        return "{zone}" + first.group(1) + "{time}"
    if last := _ZONE_LAST.search(long_time):
        return "{time}" + _unquote(last.group(1) or " ") + "{zone}" + _unquote(last.group(2))
    return "{time} {zone}"


def _unquote(pattern: str) -> str:
    """A CLDR pattern's quoted literal text as it reads ("{1} 'at' {0}" -> "{1} at {0}")."""
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", pattern)


def zone_name(local: datetime, locale: Locale) -> str:
    """The zone as readers of the language know it: CLDR's abbreviation where the
    language has one (EST, BST, MEZ, JST); in English, the time zone database's (KST, CET),
    which are English ones; else the offset from GMT as the language writes it ("GMT+9",
    "UTC+1", "غرينتش+3")."""
    name = get_timezone_name(local, "short", locale=locale)
    if " " not in name and not _BARE_OFFSET.match(name):  # Babel falls back to long names
        return name
    if locale.language == "en" and (local.tzname() or "").isalpha():
        return str(local.tzname())
    if local.utcoffset() == timedelta(0):
        return str(locale.zone_formats["gmt"] % "").strip()
    long = get_timezone_gmt(local, "long", locale=locale)  # "GMT+09:00"
    return _PADDED_HOURS.sub(_short_offset, long)


def _short_offset(found: re.Match[str]) -> str:
    sign, hours, minutes = found.groups()
    return f"{sign}{int(hours)}" + ("" if minutes == "00" else f":{minutes}")


class Dates:
    """Date and number filters: machine-readable in the article's own offset; shown in
    the site's zone, in the language a page asks for.

    Babel takes some 15 µs for each part of a moment, and a build shows a moment on many
    pages: each day, time of day and zone is written once per language and kept."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self._days: dict[tuple[date, str, str], str] = {}
        self._clocks: dict[tuple[int, int, str], str] = {}
        self._zones: dict[tuple[Any, ...], str] = {}

    def iso(self, moment: datetime, day: bool = False) -> str:
        """For `<time datetime>`: whole seconds (six digits of a second are invalid for
        some validators); with `day` (an article dated by its day), the day alone, as it
        is in the site's zone."""
        if day:
            return moment.astimezone(self.zone).date().isoformat()
        return moment.replace(microsecond=0).isoformat()

    def show(self, moment: datetime, style: str, language: str) -> str:
        """`style`: "long" (a date, a time and the zone), "date", "short" (a date in
        short), "time", "short_time" (a date in short, and a time)."""
        local = moment.astimezone(self.zone)
        p = patterns(language)
        if style == "date":
            return self._day(local, p.date, language)
        if style == "short":
            return self._day(local, p.short, language)
        time = self._clock(local, language)
        if style == "time":
            return time
        if style == "short_time":
            return p.day_time.format(time, self._day(local, p.short, language))
        timed = p.timed.format(time=time, zone=self._zone(local, language))
        return p.long.format(timed, self._day(local, p.date, language))

    def _day(self, local: datetime, pattern: str, language: str) -> str:
        key = (local.date(), pattern, language)
        if key not in self._days:
            self._days[key] = format_date(key[0], pattern, locale=patterns(language).locale)
        return self._days[key]

    def _clock(self, local: datetime, language: str) -> str:
        key = (local.hour, local.minute, language)
        if key not in self._clocks:
            p = patterns(language)
            self._clocks[key] = format_time(local.time(), p.time, locale=p.locale)
        return self._clocks[key]

    def _zone(self, local: datetime, language: str) -> str:
        key = (local.tzinfo, local.utcoffset(), local.dst(), local.tzname(), language)
        if key not in self._zones:
            self._zones[key] = zone_name(local, patterns(language).locale)
        return self._zones[key]

    def month_name(self, month: int, language: str) -> str:
        """A month's name standing alone, as in a list of a year's months."""
        names = get_month_names("wide", "stand-alone", locale=locale_of(language))
        return str(names[month])

    def year(self, year: int, language: str) -> str:
        """A year as a heading in the language: "2025", "2025年", "2025년"."""
        return format_skeleton("y", date(year, 1, 1), locale=locale_of(language))

    def month_year(self, month: int, year: int, language: str) -> str:
        """A month and its year in the language's order: "February 2025", "2025年2月"."""
        return format_skeleton("yMMMM", date(year, month, 1), locale=locale_of(language))

    def number(self, value: int | float, language: str) -> str:
        """A count as the language writes it ("12,345", "12 345", "12.345"), with the
        digits 0-9 (CLDR's default for Arabic; Babel writes no other digits)."""
        return format_decimal(value, locale=locale_of(language), numbering_system="latn")
