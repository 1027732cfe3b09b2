"""The build, stage by stage: config -> read -> parse -> index -> plan -> render -> write.

`build()` is what `newsgen build` and the tests call. Each stage collects every problem it
finds and the build stops after the first stage that found any, before anything is
written: the previous output is only ever replaced by a complete site.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from newsgen.articles import Targets
from newsgen.assets import plan_static_files
from newsgen.config import Config
from newsgen.content import (
    article_urls,
    check_sections,
    find_content,
    in_content,
    load_entries,
    render_articles,
)
from newsgen.discovery import plan_discovery
from newsgen.errors import BuildError, Diagnostic
from newsgen.output import Content, check_output_folder, output_lock, write_output
from newsgen.plan import plan_pages
from newsgen.render import check_templates, render_pages
from newsgen.routes import CORRECTIONS_PATH, UrlScheme, check_collisions
from newsgen.site import Site, index_site, select_published
from newsgen.theme import SiteSummary, make_environment


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    now: datetime | None = None  # else SOURCE_DATE_EPOCH, else the clock; naive: site zone
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


def build(config: Config, options: BuildOptions = BuildOptions()) -> BuildResult:
    warnings: list[Diagnostic] = []
    try:
        with output_lock(options.output or config.output_path):
            return _build(config, options, warnings)
    except BuildError as exc:
        # The warnings found before the failure may explain it: show them too.
        shown = [in_content(config, w) for w in warnings]
        raise BuildError([*shown, *exc.diagnostics]) from None


def _build(config: Config, options: BuildOptions, warnings: list[Diagnostic]) -> BuildResult:
    started = time.perf_counter()
    site_warnings: list[Diagnostic] = []  # not about one content file
    output = options.output or config.output_path
    check_output_folder(
        output, config.root, (config.content_path, config.templates_path, config.static_path)
    )
    now = resolve_now(options.now, config.tz)

    # read, parse: every file checked, every problem collected
    files = find_content(config)
    entries = load_entries(config, files.markdown, warnings)
    entries = select_published(entries, now, options.drafts, options.future)
    check_sections(config, entries)
    # Every URL is known before any Markdown is rendered, so links between articles resolve.
    scheme = UrlScheme(config.permalinks, config.tz)
    urls = article_urls(config, entries, scheme)
    targets = Targets(urls, frozenset(files.assets))
    articles = render_articles(config, entries, urls, targets, warnings)

    # index, plan: the whole site is known before a single page is rendered
    site = index_site(articles, config)
    pages = plan_pages(site, config, scheme)
    if config.origin:
        pages += plan_discovery(site, config, scheme, pages, now)
    else:
        message = (
            f"base_url '{config.base_url}' has no host, so feeds, sitemaps and robots.txt "
            "(which need absolute addresses) are not written"
        )
        site_warnings.append(Diagnostic("config.toml", None, message, "warning"))
    statics = plan_static_files(config, files.assets)
    check_collisions([*pages, *statics])

    # render, write
    env = make_environment(config, _summary(site, config, scheme), scheme)
    check_templates(env, config.root)
    contents: dict[str, Content] = dict(render_pages(env, pages, config.root))
    contents.update((s.output, Path(s.origin)) for s in statics)
    stats = write_output(contents, output)
    return BuildResult(
        output=output,
        pages=len(pages),
        files=len(contents),
        written=stats.written,
        unchanged=stats.unchanged,
        seconds=time.perf_counter() - started,
        warnings=(*(in_content(config, w) for w in warnings), *site_warnings),
    )


def resolve_now(now: datetime | None, zone: tzinfo) -> datetime:
    """The build's "now": given, else SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=zone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        message = f"must be a whole number of seconds since 1970-01-01, not '{epoch}'"
        raise BuildError([Diagnostic("SOURCE_DATE_EPOCH", None, message)]) from None


def _summary(site: Site, config: Config, scheme: UrlScheme) -> SiteSummary:
    indexes = (
        ("Archive", scheme.archive_index(), bool(site.months)),
        ("Topics", scheme.tags_index(), bool(site.tags)),
        ("Authors", scheme.authors_index(), bool(site.authors)),
        ("Corrections", CORRECTIONS_PATH, any(a.corrections for a in site.articles)),
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
        feeds=bool(config.origin),
    )
