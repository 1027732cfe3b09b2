"""Live coverage that runs over days dates its key events."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import article, build_site, read, write_site


def _key_events(html: str) -> list[str]:
    box = html.split('<nav class="key-events"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<time [^>]*>([^<]*)</time>", box)


def _coverage(tmp_path: Path, second: str) -> str:
    body = f"""Introduction.

## 2026-11-27 23:40 Warning issued [key]

The first update.

## {second} River breaks its banks [key]

The second update.
"""
    files = {"content/world/flood.md": article("Flood", date="2026-11-27T23:00:00+09:00",
                                                live="true", body=body)}  # fmt: skip
    site = write_site(tmp_path, files)
    build_site(site)
    return read(site / "output", "world/flood/")


def test_key_events_over_two_days_carry_their_dates(tmp_path: Path) -> None:
    dated = _key_events(_coverage(tmp_path, "2026-11-28 00:15"))
    assert dated == ["Nov 28, 2026, 12:15\u202fAM", "Nov 27, 2026, 11:40\u202fPM"]


def test_key_events_of_one_day_show_the_time_alone(tmp_path: Path) -> None:
    assert _key_events(_coverage(tmp_path, "2026-11-27 23:55")) == [
        "11:55\u202fPM",
        "11:40\u202fPM",
    ]


def test_a_key_update_is_labelled_in_words_a_reader_hears(tmp_path: Path) -> None:
    # The label is text in the heading, not drawn by the style sheet: screen readers read
    # it, and it comes from the catalog of the page's language.
    page = _coverage(tmp_path, "2026-11-27 23:55")
    label = '<h3 class="update-title"><span class="key-label">Key event ·</span> River breaks'
    assert label in page
