"""serve's first look at an edit: the page of one edited article, rendered at once from the
last build's site, shown while the whole site is rebuilt.

Only an article the last build published, at an address the edit does not change, is
rendered this way; its neighbours and related articles are the last build's. Anything
else (a new file, a template, an error) waits for the rebuild, which then has the last word.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from newsgen.content.articles import build_article
from newsgen.content.load import article_url
from newsgen.content.reader import parse_entry, read_source
from newsgen.core.errors import BuildError, CacheLost, ContentError
from newsgen.core.model import made
from newsgen.core.routes import UnsafePathError
from newsgen.index.site import select_published
from newsgen.markdown.convert import MarkdownRenderer
from newsgen.plan.pages import article_page
from newsgen.render.session import LastBuild
from newsgen.render.theme import render_page


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
        if not shown or entry.live or article_url(config, last.scheme, entry) != url:
            return None  # gone from the site, moved, or live (its updates have pages too)
        renderer = MarkdownRenderer(raw_html=config.markdown.raw_html)
        article = build_article(entry, url, last.targets, config, renderer, [], last.now)
        page = article_page(last.site, config, last.scheme, article, last.whole, last.catalogs)
        return page.output, render_page(last.env, page, made(page.context))
    except (ContentError, BuildError, UnsafePathError, jinja2.TemplateError, OSError, CacheLost):
        return None
