"""Stage `parse`, first step: front matter written for other generators, in our terms.

Takes the front matter of one file as split (`FrontMatter`) and gives it back with the keys
of Jekyll, Hugo and Pelican turned into ours (`excerpt` and `description` to `summary`,
`lastmod` to `updated`, `categories` to section and tags, `images` to `image`, old URLs to
`aliases`), and Jekyll's file names (`_posts/2019-04-01-slug.md`) read for date, slug and
title. A note is added only where something cannot be carried over. Their template tags in
bodies are the business of `idioms.py`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from newsgen.core.errors import Diagnostic
from newsgen.content.front_matter import FrontMatter
from newsgen.core.slugs import slugify

JEKYLL_FOLDERS = ("_posts", "_drafts")
JEKYLL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")

# Other generators' keys with no meaning here that do no harm: kept in `extra`, no note.
QUIET_KEYS = frozenset(
    ("comments", "share", "toc", "weight", "type", "sitemap", "keywords", "menu", "lang",
     "translationkey", "excerpt_separator", "mathjax", "math", "showtoc", "hidden",
     "modified_date", "expirydate", "series", "subtitle")
)  # fmt: skip
# Key (lowercased) -> our key; used only when ours is not given.
_RENAMED = {
    "description": "summary",
    "excerpt": "summary",
    "lastmod": "updated",
    "modified": "updated",
    "last_modified_at": "updated",
    "publishdate": "date",
    "pubdate": "date",
}
_OLD_URL_KEYS = ("aliases", "redirect_from", "permalink", "url")
_PLAIN_LAYOUTS = ("", "post", "posts", "single", "article", "default", "blog")
_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$"
)


def is_jekyll_post(path: str) -> bool:
    return any(part in JEKYLL_FOLDERS for part in PurePosixPath(path).parts[:-1])


def folder_parts(path: str) -> list[str]:
    """The folders that make an article's section: a page bundle's own folder and Jekyll's
    `_posts` and `_drafts` do not count."""
    pure = PurePosixPath(path)
    parent = pure.parent.parent if pure.stem.lower() == "index" else pure.parent
    return [p for p in parent.parts if p not in (".", *JEKYLL_FOLDERS)]


def adapt(path: str, matter: FrontMatter, warnings: list[Diagnostic]) -> FrontMatter:
    """`matter` with other generators' keys and file names read as ours."""
    data: dict[str, Any] = dict(matter.data)
    lines: dict[str, int] = dict(matter.key_lines)
    jekyll = is_jekyll_post(path)

    def note(key: str, message: str) -> None:
        warnings.append(Diagnostic(path, lines.get(key, 1), message, "warning"))

    def move(key: str, ours: str) -> Any:
        value = data.pop(key)
        if ours not in data or data[ours] in (None, ""):
            data[ours] = value
            lines[ours] = lines.get(key, 1)
        return value

    for key in list(data):
        folded = key.lower()
        if folded in _RENAMED and key != _RENAMED[folded]:
            move(key, _RENAMED[folded])
        elif folded == "published" and isinstance(data[key], bool):
            if not data.pop(key):
                data.setdefault("draft", True)
        elif folded == "published":
            move(key, "date")
        elif folded == "layout":
            layout = data.pop(key)
            if str(layout or "").lower() not in _PLAIN_LAYOUTS:
                note(key, f"layout '{layout}' is not carried over: every article uses "
                          "the article template")  # fmt: skip
    _status(data, note)
    _old_urls(data, lines, note)
    _file_name(path, data, lines, jekyll)
    for key in ("date", "updated"):
        if isinstance(data.get(key), str):
            data[key] = normalise_date(data[key])
    _people(data)
    _categories(path, data, lines, jekyll)
    _image(data, lines, note)
    return replace(matter, data=data, key_lines=lines)


def _status(data: dict[str, Any], note: Any) -> None:
    """Pelican's `status`: draft, hidden or published."""
    status = data.get("status")
    if not isinstance(status, str):
        return
    data.pop("status")
    if status.lower() in ("draft", "hidden"):
        data.setdefault("draft", True)
    if status.lower() == "hidden":
        note("status", "'status: hidden' is read as a draft: newsgen has no hidden articles")


def _old_urls(data: dict[str, Any], lines: dict[str, int], note: Any) -> None:
    """`aliases` (Hugo), `redirect_from` (Jekyll), `permalink` and `url`: each old address
    gets a redirect to the article's URL."""
    found: list[str] = []
    for key in _OLD_URL_KEYS:
        if key not in data:
            continue
        value = data.pop(key)
        lines.setdefault("aliases", lines.get(key, 1))
        for item in value if isinstance(value, list) else [value]:
            text = str(item or "").strip()
            if ":" in text.split("//", 1)[-1]:
                note(key, f"'{key}: {text}' holds placeholders, so no redirect is made from it")
            elif text and text not in found:
                found.append(text)
    if found:
        data["aliases"] = found


def _file_name(path: str, data: dict[str, Any], lines: dict[str, int], jekyll: bool) -> None:
    """`2019-04-01-slug.md` gives a missing date; in Jekyll's `_posts`, slug and title too."""
    pure = PurePosixPath(path)
    named = JEKYLL_NAME.match(pure.stem)
    if jekyll and "_drafts" in pure.parts[:-1]:
        data.setdefault("draft", True)
    if not named:
        return
    if data.get("date") in (None, ""):
        data["date"] = named.group(1)
    if not jekyll:
        return
    rest = named.group(2)
    if not data.get("slug"):
        data["slug"] = slugify(rest)
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        # As Jekyll does: "my-first-post" is titled "My First Post".
        data["title"] = " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", rest) if w)


def normalise_date(text: str) -> str:
    """Dates as other generators write them (`2019-4-1 9:30:00 +0100`) to ISO 8601."""
    found = _DATE.match(text.strip())
    if not found:
        return text
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    if hour is not None:
        iso += f"T{int(hour):02d}:{minute}:{second or '00'}{fraction or ''}"
        if zone in ("Z", "UTC"):
            iso += "+00:00"
        elif zone:
            iso += zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
    return iso


def _split(value: Any, jekyll: bool) -> list[Any]:
    """Tags or categories as a list: Jekyll separates them by spaces, we by commas."""
    if isinstance(value, str):
        return value.split() if jekyll else value.split(",")
    if isinstance(value, list):
        return [item for item in value if item is not None]
    return [] if value is None else [value]


def _people(data: dict[str, Any]) -> None:
    """An author written as a table (`{name: ..., twitter: ...}`) is its name."""
    for key in ("authors", "author"):
        value = data.get(key)
        items = value if isinstance(value, list) else [value]
        if items and all(
            (isinstance(i, dict) and "name" in i) or isinstance(i, str) for i in items
        ):
            names = [i["name"] if isinstance(i, dict) else i for i in items]
            data[key] = [name for name in names if name]


def _categories(path: str, data: dict[str, Any], lines: dict[str, int], jekyll: bool) -> None:
    """The first category files the article when nothing else does; all become tags."""
    if isinstance(data.get("tags"), str | list):
        data["tags"] = _split(data["tags"], jekyll)
    found: list[Any] = []
    for key in [k for k in data if k.lower() in ("categories", "category")]:
        found += _split(data.pop(key), jekyll)
        lines.setdefault("tags", lines.get(key, 1))
        if found and not data.get("section") and not folder_parts(path):
            first = slugify(str(found[0]))
            if first:
                data["section"] = first
                lines["section"] = lines.get(key, 1)
    if found:
        tags = data.get("tags")
        data["tags"] = [
            *found,
            *(tags if isinstance(tags, list) else [] if tags is None else [tags]),
        ]


def _image(data: dict[str, Any], lines: dict[str, int], note: Any) -> None:
    """Hugo's `images` list, `featured_image` and `cover`, and Jekyll SEO's `image.path`."""
    if not data.get("image"):
        for key in ("images", "featured_image", "cover"):
            value = data.get(key)
            if isinstance(value, dict):
                value = {"src": value.get("image"), "alt": value.get("alt"),
                         "caption": value.get("caption")}  # fmt: skip
            if isinstance(value, list):
                if len(value) > 1:
                    note(key, f"only the first of '{key}' is the article's image")
                value = value[0] if value else None
            if value:
                data.pop(key)
                data["image"] = value
                lines["image"] = lines.get(key, 1)
                break
    image = data.get("image")
    if isinstance(image, dict):
        src = image.get("src") or image.get("path") or image.get("url")
        kept = {k: image[k] for k in ("alt", "caption", "credit") if image.get(k)}
        data["image"] = {"src": src, **kept}
        dropped = set(image) - {"src", "path", "url", "alt", "caption", "credit"}
        if dropped - {"width", "height"}:
            note("image", f"image keys {', '.join(sorted(dropped))} are not carried over")
