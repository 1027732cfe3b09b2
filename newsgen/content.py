"""Stages `read` and `parse` over the whole content folder, collecting every problem.

Problems found here are reported with paths under the content folder as the author sees
them (content/world/story.md), with the line where one is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from newsgen.articles import Targets, build_article
from newsgen.config import Config
from newsgen.errors import BuildError, ContentError, Diagnostic, Problems
from newsgen.markdown import MarkdownRenderer
from newsgen.model import Article, Entry
from newsgen.reader import ContentFiles, list_content, parse_entry, read_source
from newsgen.routes import UnsafePathError, UrlScheme


def in_content(config: Config, diagnostic: Diagnostic) -> Diagnostic:
    """A diagnostic about a content file, with the path shown from the site's folder."""
    return replace(diagnostic, path=config.content_file(diagnostic.path))


def _shown(config: Config, errors: Iterable[ContentError | Diagnostic]) -> list[Diagnostic]:
    return [in_content(config, e.diagnostic if isinstance(e, ContentError) else e) for e in errors]


def find_content(config: Config) -> ContentFiles:
    try:
        return list_content(config.content_path)
    except BuildError as exc:
        raise BuildError(_shown(config, exc.diagnostics)) from None


def load_entries(
    config: Config, paths: Iterable[str], warnings: list[Diagnostic], problems: Problems
) -> list[Entry]:
    entries: list[Entry] = []
    errors: list[ContentError] = []
    for path in paths:
        try:
            entries.append(parse_entry(read_source(config.content_path, path), config.tz, warnings))
        except ContentError as exc:
            errors.append(exc)
    problems.settle(_shown(config, errors))
    return entries


def check_sections(config: Config, entries: Iterable[Entry], problems: Problems) -> None:
    """With strict_sections, every article must be filed in a section config.toml names."""
    if not config.strict_sections:
        return
    errors = [
        ContentError(
            e.source, e.key_lines.get("section"), f"section '{e.section}' is not in config.toml"
        )
        for e in entries
        if e.section and e.section not in config.sections
    ]
    problems.settle(_shown(config, errors))


def article_urls(
    config: Config, entries: Iterable[Entry], scheme: UrlScheme, problems: Problems
) -> dict[str, str]:
    urls: dict[str, str] = {}
    errors: list[ContentError] = []
    for entry in entries:
        try:
            urls[entry.source] = scheme.article(entry)
        except UnsafePathError as exc:
            errors.append(ContentError(entry.source, None, f"article URL {exc}"))
    problems.settle(_shown(config, errors))
    return urls


def render_articles(
    config: Config,
    entries: Iterable[Entry],
    urls: Mapping[str, str],
    targets: Targets,
    warnings: list[Diagnostic],
    problems: Problems,
    now: datetime,
    renderer: MarkdownRenderer,
) -> list[Article]:
    articles: list[Article] = []
    errors: list[ContentError] = []
    for entry in entries:
        if entry.source not in urls:
            continue  # its URL was refused, and that is reported already
        try:
            articles.append(
                build_article(entry, urls[entry.source], targets, config, renderer, warnings, now)
            )
        except ContentError as exc:
            errors.append(exc)
    problems.settle(_shown(config, errors))
    return articles
