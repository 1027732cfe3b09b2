"""serve's first look at an edit: the page of one edited article, rendered at once from the
last build's site, shown while the whole site is rebuilt.

Only an article the last build published, at an address the edit does not change, is
rendered this way; its neighbours and related articles are the last build's. Anything
else (a new file, a template, an error) waits for the rebuild, which then has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from newsgen.articles import Targets, build_article
from newsgen.config import Config
from newsgen.errors import BuildError, ContentError
from newsgen.markdown import MarkdownRenderer
from newsgen.model import made
from newsgen.plan import article_page
from newsgen.reader import parse_entry, read_source
from newsgen.routes import UnsafePathError, UrlScheme
from newsgen.site import Site, select_published
from newsgen.theme import render_page


@dataclass(frozen=True)
class LastBuild:
    """What a build leaves for the first look at the next edit."""

    config: Config
    scheme: UrlScheme
    site: Site
    targets: Targets  # the addresses of every article, and the files beside them
    now: datetime
    drafts: bool
    future: bool
    env: jinja2.Environment  # bound to that build's site


def first_look(last: LastBuild, path: Path) -> tuple[str, bytes] | None:
    """(output path, bytes) of the page of the article in `path` as the file is now, or
    None when the edit cannot be shown before the rebuild."""
    config = last.config
    if not path.is_relative_to(config.content_path):
        return None
    relative = path.relative_to(config.content_path).as_posix()
    url = last.targets.pages.get(relative)
    if url is None:
        return None
    try:
        entry = parse_entry(read_source(config.content_path, relative), config.tz, [])
        shown = select_published([entry], last.now, last.drafts, last.future)
        if not shown or entry.live or last.scheme.article(entry) != url:
            return None  # gone from the site, moved, or live (its updates have pages too)
        renderer = MarkdownRenderer(raw_html=config.markdown.raw_html)
        article = build_article(entry, url, last.targets, config, renderer, [], last.now)
        page = article_page(last.site, config, last.scheme, article)
        return page.output, render_page(last.env, page, made(page.context))
    except (ContentError, BuildError, UnsafePathError, jinja2.TemplateError, OSError):
        return None
