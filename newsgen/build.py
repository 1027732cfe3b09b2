"""The build, stage by stage: config -> read -> parse -> index -> plan -> render -> write.

`build()` is what `newsgen build`, `newsgen serve` and the tests call. Each stage collects
every problem it finds and the build stops after the first stage that found any, before
anything is written: the previous output is only ever replaced by a complete site.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from newsgen.articles import Targets, build_article
from newsgen.config import CONFIG_NAME, Config
from newsgen.errors import BuildError, ContentError, Diagnostic, collect
from newsgen.markdown import MarkdownRenderer
from newsgen.model import Article, Entry, Page, StaticFile
from newsgen.output import Content, WriteStats, check_output_folder, write_output
from newsgen.plan import plan_pages
from newsgen.reader import list_content, parse_entry, read_source
from newsgen.routes import UnsafePathError, UrlScheme, check_site_path
from newsgen.site import Site, index_site, select_published
from newsgen.theme import (
    SiteSummary,
    make_environment,
    render_page,
    theme_folders,
    theme_static_files,
)


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    now: datetime | None = None  # else SOURCE_DATE_EPOCH, else the clock
    output: Path | None = None  # else config.output_dir


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Diagnostic, ...] = field(default=())


def resolve_now(now: datetime | None) -> datetime:
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)


def build(config: Config, options: BuildOptions = BuildOptions()) -> BuildResult:
    started = time.perf_counter()
    warnings: list[Diagnostic] = []
    output = options.output or config.output_path
    check_output_folder(output, (config.root, config.content_path, config.templates_path))

    files = list_content(config.content_path)
    entries = _parse(config, files.markdown, warnings)
    entries = select_published(entries, resolve_now(options.now), options.drafts, options.future)
    scheme = UrlScheme(config.permalinks, config.tz)
    # Every URL is known before any Markdown is rendered, so links between articles resolve.
    urls = _article_urls(entries, scheme)
    targets = Targets(urls, frozenset(files.assets))
    articles = _render_bodies(entries, urls, targets, config, warnings)
    site = index_site(articles, config)
    pages = plan_pages(site, config, scheme)
    statics = _static_files(config, files.assets)
    _check_collisions([*pages, *statics])

    env = make_environment(config, _summary(site, config, scheme), scheme)
    rendered = _render(env, pages)
    contents: dict[str, Content] = {**rendered, **{s.output: Path(s.origin) for s in statics}}
    stats: WriteStats = write_output(contents, output)
    return BuildResult(
        output=output,
        pages=len(pages),
        files=len(contents),
        written=stats.written,
        unchanged=stats.unchanged,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


def _parse(config: Config, paths: Iterable[str], warnings: list[Diagnostic]) -> list[Entry]:
    entries: list[Entry] = []
    errors: list[ContentError] = []
    for path in paths:
        try:
            entries.append(parse_entry(read_source(config.content_path, path), config.tz, warnings))
        except ContentError as exc:
            errors.append(exc)
    if errors:
        raise collect(errors)
    return entries


def _article_urls(entries: Iterable[Entry], scheme: UrlScheme) -> dict[str, str]:
    urls: dict[str, str] = {}
    errors: list[ContentError] = []
    for entry in entries:
        try:
            urls[entry.source] = scheme.article(entry)
        except UnsafePathError as exc:
            errors.append(ContentError(entry.source, None, f"article URL {exc}"))
    if errors:
        raise collect(errors)
    return urls


def _render_bodies(
    entries: Iterable[Entry],
    urls: Mapping[str, str],
    targets: Targets,
    config: Config,
    warnings: list[Diagnostic],
) -> list[Article]:
    renderer = MarkdownRenderer()
    articles: list[Article] = []
    errors: list[ContentError] = []
    for entry in entries:
        try:
            articles.append(
                build_article(entry, urls[entry.source], targets, config, renderer, warnings)
            )
        except ContentError as exc:
            errors.append(exc)
    if errors:
        raise collect(errors)
    return articles


def _static_files(config: Config, assets: Iterable[str]) -> list[StaticFile]:
    statics = [
        StaticFile(f"static/{relative}", str(path), f"theme file {path}")
        for relative, path in theme_static_files(theme_folders(config))
    ]
    if config.static_path.is_dir():
        for path in sorted(p for p in config.static_path.rglob("*") if p.is_file()):
            relative = path.relative_to(config.static_path).as_posix()
            statics.append(StaticFile(relative, str(path), f"{config.static_dir}/{relative}"))
    statics += [
        StaticFile(a, str(config.content_path / a), f"{config.content_dir}/{a}") for a in assets
    ]
    return statics


def _check_collisions(outputs: Iterable[Page | StaticFile]) -> None:
    """Two things written to one file is an error naming both, found before any writing."""
    claims: dict[str, list[str]] = defaultdict(list)
    problems: list[Diagnostic] = []
    for item in outputs:
        try:
            claims[check_site_path(item.output)].append(item.source)
        except UnsafePathError as exc:
            problems.append(Diagnostic(item.source, None, str(exc)))
    for path, sources in claims.items():
        if len(sources) > 1:
            others = ", ".join(sources[1:])
            problems.append(
                Diagnostic(sources[0], None, f"writes to /{path}, and so does {others}")
            )
    if problems:
        raise BuildError(problems)


def _summary(site: Site, config: Config, scheme: UrlScheme) -> SiteSummary:
    indexes = (
        ("Archive", scheme.archive_index(), bool(site.months)),
        ("Topics", scheme.tags_index(), bool(site.tags)),
        ("Authors", scheme.authors_index(), bool(site.authors)),
    )
    return SiteSummary(
        title=config.title,
        description=config.description,
        language=config.language,
        base_url=config.base_url,
        publisher=config.publisher.name or config.title,
        nav=tuple(site.sections[p] for p in site.top_sections),
        sections=site.sections,
        indexes=tuple((title, path) for title, path, exists in indexes if exists),
    )


def _render(env: jinja2.Environment, pages: Iterable[Page]) -> dict[str, Content]:
    rendered: dict[str, Content] = {}
    problems: dict[str, Diagnostic] = {}
    for page in pages:
        if page.template in problems:
            continue  # one broken template is reported once, not once per page
        try:
            rendered[page.output] = render_page(env, page)
        except jinja2.TemplateError as exc:
            problems[page.template] = _template_diagnostic(exc, page)
    if problems:
        raise BuildError(problems.values())
    return rendered


def _template_diagnostic(exc: jinja2.TemplateError, page: Page) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Diagnostic(exc.filename or exc.name or page.template, exc.lineno, exc.message or "")
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(page.source, None, f"template '{exc.name}' not found")
    # Jinja puts template files and lines into the traceback: report the innermost one.
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith((".html", ".xml", ".txt"))
    ]
    where = frames[-1] if frames else None
    message = f"{exc.message} (rendering /{page.output} for {page.source})"
    return Diagnostic(
        where.filename if where else page.template, where.lineno if where else None, message
    )


def find_config(start: Path) -> Path:
    return start / CONFIG_NAME
