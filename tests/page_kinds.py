"""A small site with every kind of page the built-in theme makes, and its `_headers` file
read as a host reads it: for the tests of the theme under a strict Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

from sitekit import REPO, article, write_site

IMAGE = (REPO / "content/sport/netball-final.jpg").read_bytes()

CONFIG = """\
title = "The Harbour Gazette"
description = "News from the harbour."
timezone = "Europe/Lisbon"
base_url = "https://gazette.example.org/"
per_page = 2

[authors.ana-lima]
name = "Ana Lima"
bio = "Harbour correspondent."
url = "https://ana.example.org/"
"""

# What a body holds, but for raw HTML and attribute lists, which may carry what a strict
# policy blocks (docs/discovery.md#http-headers-_headers).
BODY = """\
The harbour master said the new berth opens on Monday.[^1]

| Berth | Ships |
|---|---|
| North | 4 |

> "It took ten years," she said.

```python
def berths() -> int:
    return 4
```

![The new berth](berth.jpg)

[^1]: A footnote.
"""

LIVE_BODY = """\
Follow the storm as it reaches the coast.

## 13:05 Ferries suspended [key] [by Ana Lima]

All ferries to the islands are suspended.

## 12:30 Schools closed [pinned]

Every school on the coast is closed.
"""

CORRECTION = (
    "\n  - {date: '2026-11-21T09:00:00Z', text: 'An earlier version named the wrong berth.'}"
)

# Every kind of page: name -> site path.
PAGE_KINDS = {
    "home": "",
    "section": "port/",
    "section-page-2": "port/page/2/",
    "article-with-image": "port/new-berth/",
    "live-article": "weather/storm/",
    "live-index": "live/",
    "tag": "tags/shipping/",
    "tags-index": "tags/",
    "author": "authors/ana-lima/",
    "authors-index": "authors/",
    "archive": "archive/",
    "archive-year": "archive/2026/",
    "archive-month": "archive/2026/11/",
    "corrections": "corrections/",
    "404": "404.html",
}


def write_page_kinds_site(root: Path) -> Path:
    """The site's folder, written under `root`: an article with a featured image, a body
    image and a correction, live coverage, and enough articles for a second page."""
    image = "{src: berth.jpg, alt: 'Cranes over the berth', caption: 'The berth.', credit: 'Ana'}"
    files: dict[str, str | bytes] = {
        "content/port/new-berth.md": article(
            "New berth opens at the harbour",
            date="2026-11-20T10:00:00Z",
            body=BODY,
            authors="[Ana Lima]",
            tags="[shipping, harbour]",
            image=image,
            location="LISBON",
            corrections=CORRECTION,
            featured="true",
        ),
        "content/port/berth.jpg": IMAGE,
        "content/weather/storm.md": article(
            "Storm reaches the coast: live",
            date="2026-11-28T10:00:00Z",
            body=LIVE_BODY,
            live="true",
            authors="[Ana Lima]",
            tags="[weather]",
        ),
    }
    for day in range(1, 5):
        files[f"content/port/ship-{day}.md"] = article(
            f"Ship number {day} docks", date=f"2026-11-{day:02d}T08:00:00Z", tags="[shipping]"
        )
    return write_site(root, files, CONFIG)


def read_headers_file(text: str) -> dict[str, list[tuple[str, str]]]:
    """Netlify's `_headers` format: a path pattern on a line of its own, then `Name: value`
    lines indented below it; `#` starts a comment. Pattern -> its headers, in order."""
    rules: dict[str, list[tuple[str, str]]] = {}
    pattern = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = line.strip()
            rules[pattern] = []
            continue
        assert pattern is not None, f"a header before any path: {line!r}"
        name, colon, value = line.strip().partition(":")
        assert colon, f"not a header: {line!r}"
        rules[pattern].append((name.strip(), value.strip()))
    return rules
