"""`newsgen new` and `newsgen init`: the files an author starts from.

A new article is a draft until its author removes `draft: true`, so a skeleton can never be
published by accident; a new site builds at once.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsgen.core.config import CONFIG_NAME, Config
from newsgen.core.slugs import slugify
from newsgen.core.theme_files import builtin_theme


class ScaffoldError(Exception):
    """The file or site asked for cannot be written (it exists, or the name is unusable)."""


@dataclass(frozen=True)
class NewArticle:
    headline: str
    section: str  # "world/asia", or "" for the top of content/
    authors: tuple[str, ...] = ()
    live: bool = False


def new_article(config: Config, article: NewArticle, now: datetime) -> Path:
    """Write the skeleton of `article` under content/ and return its path."""
    slug = slugify(article.headline)
    if not slug:
        raise ScaffoldError(
            f"the headline '{article.headline}' has no letter or digit to name it by"
        )
    parts = [slugify(part) for part in article.section.strip("/").split("/") if part]
    if not all(parts):
        raise ScaffoldError(f"'{article.section}' is not a section path like world/asia")
    folder = config.content_path.joinpath(*parts)
    path = folder / f"{slug}.md"
    if path.exists():
        shown = config.content_file("/".join([*parts, path.name]))
        raise ScaffoldError(f"{shown} exists already; newsgen will not overwrite it")
    local = now.astimezone(config.tz).replace(second=0, microsecond=0)
    text = _front_matter(article, local) + _body(article.live, local)
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
        file.write(text)
    return path


def _front_matter(article: NewArticle, local: datetime) -> str:
    lines = [
        "---",
        f"title: {json.dumps(article.headline, ensure_ascii=False)}",
        f"date: {local.isoformat()}",
    ]
    if article.authors:
        lines.append(f"authors: {json.dumps(list(article.authors), ensure_ascii=False)}")
    lines += [
        "tags: []",
        "# summary: One sentence that says what happened and why it matters.",
        "# location: CITY, Country",
        "# image: {src: photo.jpg, alt: What the photo shows, caption: ..., credit: ...}",
    ]
    if article.live:
        lines.append("live: true")
    lines += ["draft: true  # remove this line to publish", "---", ""]
    return "\n".join(lines) + "\n"


def _body(live: bool, local: datetime) -> str:
    if not live:
        return "Write the story here.\n"
    # The example update is at the article's own date and time: a bare time is on the
    # article's date, and an update may not be dated before the coverage starts.
    return (
        "The introduction: what is happening, in a paragraph or two.\n"
        "\n"
        f"## {local:%H:%M} The first update's headline [key]\n"
        "\n"
        "Each update starts with a heading like the one above: '## ', the time, a headline.\n"
        "Write the date too when the day changes ('## 2026-03-02 00:15 Headline'), and mark\n"
        "an update with [key], [pinned] or [by NAME] at the end of its heading.\n"
    )


_CONFIG = """\
# The site's settings: every key is described in newsgen's docs/configuration.md.
title = {title_toml}
description = ""
language = "en"
timezone = "UTC"
base_url = "https://example.org/"  # where the site will be published
per_page = 10

[publisher]
name = {title_toml}

[sections.news]
title = "News"
order = 1
"""

_WELCOME = """\
---
title: {welcome_title}
date: {date}
authors: ["The editors"]
tags: [announcements]
summary: "The first article of a new newsgen site."
---

This is the first article of the site. Write the next one with
`newsgen new "Your headline" --section news`, then `newsgen serve` to see it as you write.
"""


def init_site(folder: Path, title: str, now: datetime, with_theme: bool = False) -> Path:
    """Create a new site in `folder` (empty or new) and return its config file's path."""
    if (folder / CONFIG_NAME).exists():
        raise ScaffoldError(f"{folder / CONFIG_NAME} exists already: {folder} is a site")
    if folder.exists() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} is not empty; choose a new or empty folder")
    (folder / "content/news").mkdir(parents=True)
    title_toml = json.dumps(title, ensure_ascii=False)
    (folder / CONFIG_NAME).write_text(_CONFIG.format(title_toml=title_toml), "utf-8")
    welcome = _WELCOME.format(
        welcome_title=json.dumps(f"Welcome to {title}", ensure_ascii=False),
        date=now.replace(microsecond=0).isoformat(),
    )
    (folder / "content/news/welcome.md").write_text(welcome, "utf-8")
    (folder / ".gitignore").write_text(
        "/output/\n/.output.previous/\n/.newsgen/\n.*.lock\n", "utf-8"
    )
    if with_theme:
        shutil.copytree(builtin_theme(), folder / "templates")
    return folder / CONFIG_NAME
