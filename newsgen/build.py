"""The build, stage by stage: config -> read -> parse -> index -> plan -> render -> write.

`build()` is what `newsgen build` and the tests call. Each stage collects every problem it
finds and the build stops after the first stage that found any, before anything is
written: the previous output is only ever replaced by a complete site.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from newsgen import __version__
from newsgen.cache.file_digests import Stats
from newsgen.cache.files import CACHE_FOLDER
from newsgen.cache.freshness import (
    Stamp,
    input_digest,
    is_fresh,
    remember,
    valid_until,
)
from newsgen.cache.page_memory import open_page_memory
from newsgen.cache.site_shape import Shape, changed_articles, shape_digest
from newsgen.cache.store import (
    MarkdownCache,
    code_digest,
    files_digest,
    fingerprint,
    open_markdown_cache,
)
from newsgen.content.articles import Targets
from newsgen.content.load import (
    MadeArticles,
    article_urls,
    check_sections,
    find_content,
    in_content,
    load_entries,
    render_articles,
)
from newsgen.core.config import Config
from newsgen.core.errors import BuildError, Diagnostic, Problems
from newsgen.core.model import Entry, Page, StaticFile
from newsgen.core.routes import UrlScheme, check_collisions
from newsgen.core.schedule import Scheduled, next_scheduled, resolve_now
from newsgen.core.theme_files import theme_folders
from newsgen.core.workers import WorkerError, available_workers, in_background
from newsgen.formats.discovery import plan_discovery
from newsgen.formats.sitemaps import recent_news
from newsgen.index.site import Site, index_site, select_published
from newsgen.output.folder_identity import folder_name
from newsgen.output.guard import check_output_folder, output_lock
from newsgen.output.staging import (
    Content,
    put_files,
    spare_folder,
    staging,
)
from newsgen.output.survey import Survey, survey
from newsgen.plan.assets import plan_static_files
from newsgen.plan.headers import plan_headers_file
from newsgen.plan.pages import plan_pages
from newsgen.plan.redirects import plan_redirects, render_redirects
from newsgen.render.pages import Rendered, check_templates, render_pages
from newsgen.render.session import LastBuild, Session
from newsgen.render.theme import (
    SiteSummary,
    bind_site,
    site_summary,
    theme_environment,
)

T = TypeVar("T")


Progress = Callable[[int, int], None]  # (pages rendered, pages in all)


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    now: datetime | None = None  # else SOURCE_DATE_EPOCH, else the clock; naive: site zone
    output: Path | None = None  # else config.output_dir
    check_only: bool = False  # read and render everything, write nothing, report all problems
    progress: Progress | None = None
    cache: bool = True  # keep rendered Markdown in .newsgen/cache/ for the next build
    workers: int | None = None  # processes for Markdown and templates; None: one per core


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int
    files: int
    written: int
    unchanged: int
    seconds: float
    warnings: tuple[Diagnostic, ...] = field(default=())
    timings: tuple[tuple[str, float], ...] = field(default=())  # (stage, seconds)
    rendered: int = 0  # pages rendered; the others were unchanged and kept from last time
    # Pages planned: all of them, or, when the site's shape is what it was, only those that
    # show an article that changed (the others are kept without being looked at); None
    # when the inputs were unchanged and nothing was planned.
    planned: int | None = None
    next_scheduled: Scheduled | None = None


def build(
    config: Config,
    options: BuildOptions = BuildOptions(),
    session: Session | None = None,
    kept: list[object] | None = None,
) -> BuildResult:
    """`session`: what a process that builds again and again keeps between its builds.
    `kept`: where the build leaves what it made instead of freeing it, for a process that
    exits right after (freeing 10,000 articles and 20,000 pages one by one takes 0.2 s)."""
    warnings: list[Diagnostic] = []
    collecting = gc.isenabled()
    try:
        if options.check_only:
            return _build(config, options, warnings, session, kept)
        with output_lock(options.output or config.output_path):
            return _build(config, options, warnings, session, kept)
    except BuildError as exc:
        # The warnings found before the failure may explain it: show them too.
        shown = list(dict.fromkeys(in_content(config, w) for w in warnings))
        raise BuildError([*shown, *exc.diagnostics]) from None
    finally:
        gc.unfreeze()  # what the build froze is collectable again (serve builds many times)
        if collecting:
            gc.enable()


class _Clock:
    """Seconds spent in each stage, for `newsgen build --verbose`."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.marks: list[tuple[str, float]] = []

    def mark(self, stage: str) -> None:
        now = time.perf_counter()
        self.marks.append((stage, now - self.last))
        self.last = now


def _build(
    config: Config, options: BuildOptions, warnings: list[Diagnostic], session: Session | None,
    kept: list[object] | None,
) -> BuildResult:  # fmt: skip
    clock = _Clock()
    problems = Problems(keep_going=options.check_only)
    site_warnings: list[Diagnostic] = []  # not about one content file
    output = options.output or config.output_path
    if not options.check_only:
        check_output_folder(
            output, config.root, (config.content_path, config.templates_path, config.static_path)
        )
    now = resolve_now(options.now, config.tz)
    caching = options.cache and not options.check_only  # check writes nothing, not even the cache
    inputs = None
    stats = Stats()  # of the site's files, taken once
    if caching:
        read_from = (config.content_path, *theme_folders(config), config.static_path)
        found = input_digest(config, read_from, f"{options.drafts},{options.future}")
        inputs, stats = found.digest, Stats(found.stats)
    if inputs:
        stamp = is_fresh(config, output, inputs, now)
        if stamp is not None:  # nothing it reads changed, and no scheduled moment came
            return _unchanged(output, stamp, time.perf_counter() - clock.started)
    if session is not None and not options.check_only:
        session.last = None  # let the last site go before this one is made: not two at once

    # Reading, the articles and the plan make objects that live as long as the build (and
    # next to no garbage): the cycle collector would walk them again and again as they
    # pile up (10,000 articles from the cache: 1.3 -> 0.4 s). It is paused until they are
    # all made, then they are frozen out of its sight; `build` starts it again.
    gc.disable()
    workers = options.workers or available_workers()
    with ExitStack() as stack:
        # The spare folder's survey (`stage_survey`) runs on another core while this one
        # reads and plans.
        surveyed = None
        if not options.check_only:
            spare = spare_folder(output)
            surveyed = stack.enter_context(in_background(partial(survey, output, spare), workers))

        # read, parse: every file checked, every problem collected
        code = code_digest()  # newsgen's own source: in the cache's keys and every fingerprint
        with _markdown_cache(config, caching, code) as cache:
            files = find_content(config)
            loaded = load_entries(config, files.markdown, warnings, problems, cache, workers, stats)
            every_entry = loaded.entries
            entries = select_published(every_entry, now, options.drafts, options.future)
            check_sections(config, entries, problems)
            scheduled = next_scheduled(config, every_entry, now)
            until = valid_until(every_entry, options.drafts, now)
            aliased = [e for e in entries if e.aliases]
            del every_entry
            clock.mark("read")
            # Every URL is known before any Markdown is rendered, so links between articles resolve.
            scheme = UrlScheme(config.permalinks, config.tz)
            urls = article_urls(config, entries, scheme, problems, loaded.built)
            targets = Targets(urls, frozenset(files.assets))
            made = render_articles(config, entries, urls, targets, warnings, problems, now,
                                   cache, workers, loaded, stats)  # fmt: skip
            # The bodies live on as the articles' HTML: their Markdown is let go.
            del entries, loaded
            clock.mark("markdown")

            # index, plan: the whole site is known before a single page is rendered
            site = index_site(made.articles, config, cache.related if cache else None)
        summary = site_summary(site, config, scheme)
        setting = _setting_fingerprint(config, summary, scheme, code)
        memory = None
        if caching:
            memory = stack.enter_context(open_page_memory(config.root, output))
        folder = folder_name(output)
        statics = plan_static_files(config, files.assets)
        shape = _shape(setting, site, made.heads, statics, aliased, now) if memory else ""
        last = memory.shape() if memory is not None and memory.written(folder) else None
        # A site of the same shape plans only the pages that name an article that changed.
        touched = changed_articles(last, shape, site.articles, made.digests)
        pages = _plan(site, config, scheme, made.digests, now, touched)
        # Pages whose inputs are what they were last time, and whose files are still there,
        # are not rendered again; the fingerprint covers templates, configuration and code.
        remembered = None
        if memory is not None and last is not None and touched is not None:
            remembered = memory.known([*(p.output for p in pages), *(s.output for s in statics)])
        elif memory is not None:
            remembered = memory.load(folder)
        if not config.origin:
            message = (
                f"base_url '{config.base_url}' has no host, so feeds, sitemaps and robots.txt "
                "(which need absolute addresses) are not written"
            )
            site_warnings.append(Diagnostic("config.toml", None, message, "warning"))
        every_page = [page.output for page in pages]
        if last is not None and touched is not None:
            every_page = [*last.pages]  # the same shape has the same pages
        taken = [*every_page, *(s.output for s in statics)]
        redirects = plan_redirects(config, aliased, urls, taken, warnings)
        headers = plan_headers_file(config, [*taken, *(page.output for page in redirects)])
        _settled(problems, check_collisions, [*pages, *statics])
        clock.mark("plan")
        gc.freeze()
        gc.enable()

        # render, write
        compiled = None
        if caching:
            compiled = config.root / CACHE_FOLDER / f"templates-{__version__}-{jinja2.__version__}"
        if session is not None:
            env = session.environment(config, compiled)
        else:
            env = theme_environment(config, compiled, reload=False)
        bind_site(env, config, summary, scheme)
        stage = None
        if not options.check_only:
            stage = stack.enter_context(staging(output, _survey_result(surveyed)))
        rendered = Rendered({}, 0, 0)
        templates_ok, _ = _settled(problems, check_templates, env, config.root)
        if templates_ok:  # a broken template would fail again on every page that uses it
            _, done = _settled(problems, render_pages, env, pages, config.root, options.progress,
                               setting, remembered, stage, workers, made.digests)  # fmt: skip
            rendered = done or rendered
        if templates_ok and last is not None and touched is not None and stage is not None:
            planned = {page.output for page in pages}
            unplanned = [page for page in last.pages if page not in planned]
            if not all(stage.keep(page) for page in unplanned):  # someone removed pages' files
                touched = None  # every page planned and remembered, as in a build of a new shape
                remembered = memory.load(folder) if memory is not None else None
                pages = _plan(site, config, scheme, made.digests, now, None)
                every_page = [page.output for page in pages]
                _, done = _settled(problems, render_pages, env, pages, config.root,
                                   options.progress, setting, remembered, stage, workers,
                                   made.digests)  # fmt: skip
                rendered = done or rendered
        clock.mark("render")
        if problems.found:
            raise BuildError(problems.found)
        others: dict[str, Content] = {s.output: Path(s.origin) for s in statics}
        others.update(render_redirects(redirects))
        others.update(headers)
        written = unchanged = 0
        if stage is not None:
            others_written, copies = put_files(stage, others, remembered, stats)
            stage.commit([*every_page, *others])
            written = rendered.written + others_written
            unchanged = len(every_page) + len(others) - written
            if memory is not None and touched is not None and last is not None:
                # The pages not planned keep their rows (the shape's pages are the rows').
                known = {page.output for page in pages}
                memory.update({**rendered.fingerprints, **copies}, remembered or {},
                              folder_name(output),
                              _site_shape(shape, made, site, known, rendered.fingerprints,
                                          every_page))  # fmt: skip
            elif memory is not None:
                memory.save({**rendered.fingerprints, **copies}, folder_name(output),
                            _site_shape(shape, made, site, every_page, rendered.fingerprints,
                                        every_page))  # fmt: skip
            clock.mark("write")
    if session is not None and not options.check_only:
        session.last = LastBuild(config, scheme, site, targets, now, options.drafts,
                                 options.future, env)  # fmt: skip
    # A cached body repeats the warnings of its links: say each once.
    shown = (*dict.fromkeys(in_content(config, w) for w in warnings), *site_warnings)
    if kept is not None:
        kept.extend((made, site, pages, statics, redirects, summary, env))
    if inputs:
        remember(config, output, Stamp(
            inputs, folder_name(output), now.isoformat(), until.isoformat() if until else "",
            len(every_page), len(every_page) + len(others),
            tuple((w.path, w.line, w.message) for w in shown),
            (scheduled.source, scheduled.date.isoformat()) if scheduled else None,
        ))  # fmt: skip
    return BuildResult(
        output=output,
        pages=len(every_page),
        files=len(every_page) + len(others),
        written=written,
        unchanged=unchanged,
        seconds=time.perf_counter() - clock.started,
        warnings=shown,
        timings=tuple(clock.marks),
        rendered=rendered.rendered,
        next_scheduled=scheduled,
        planned=len(pages),
    )


def _plan(
    site: Site, config: Config, scheme: UrlScheme, digests: dict[int, str], now: datetime,
    touched: frozenset[str] | None,
) -> list[Page]:  # fmt: skip
    """Every page (`touched` None), or only those that name one of the `touched` sources."""
    pages = plan_pages(site, config, scheme, digests, touched)
    if config.origin:
        pages += plan_discovery(site, config, scheme, pages, now, touched)
    return pages


def _shape(
    setting: str, site: Site, heads: dict[int, str], statics: list[StaticFile],
    aliased: list[Entry], now: datetime,
) -> str:  # fmt: skip
    """The digest of all the plan reads besides the articles beyond their heads."""
    recent = [a.source for a in recent_news(site.articles, now)]
    return shape_digest(setting, site.articles, heads, (
        sorted(s.output for s in statics), [(e.source, e.aliases) for e in aliased], recent,
        site.newest or now,  # dates the feeds (an empty site's, by the build's moment)
    ))  # fmt: skip


def _site_shape(
    digest: str, made: MadeArticles, site: Site, pages: Collection[str],
    fingerprints: dict[str, str], every_page: Sequence[str],
) -> Shape | None:  # fmt: skip
    """The shape to remember, or None when one of `pages` (those rendered, or kept for
    their fingerprint) has no fingerprint: it must be planned and rendered every time,
    which planning only the touched pages would not do."""
    if not all(page in fingerprints for page in pages):
        return None
    return Shape(digest, {a.source: made.digests.get(id(a), "") for a in site.articles},
                 tuple(every_page))  # fmt: skip


def _unchanged(output: Path, stamp: Stamp, seconds: float) -> BuildResult:
    """The last build's output is still right: say what it said."""
    scheduled = stamp.next_scheduled
    return BuildResult(
        output=output,
        pages=stamp.pages,
        files=stamp.files,
        written=0,
        unchanged=stamp.files,
        seconds=seconds,
        warnings=tuple(Diagnostic(p, line, m, "warning") for p, line, m in stamp.warnings),
        timings=(("inputs unchanged", seconds),),
        next_scheduled=(
            Scheduled(scheduled[0], datetime.fromisoformat(scheduled[1])) if scheduled else None
        ),
    )


def _survey_result(surveyed: Callable[[], Survey | None] | None) -> Survey | None:
    """The survey, or None (the stage then checks each file itself) when its process was
    lost."""
    if surveyed is None:
        return None
    try:
        return surveyed()
    except WorkerError:
        return None


def _setting_fingerprint(config: Config, summary: SiteSummary, scheme: UrlScheme, code: str) -> str:
    """What every page depends on besides its own context; `code`: `code_digest()`."""
    templates = [f for folder in theme_folders(config) for f in folder.rglob("*") if f.is_file()]
    return fingerprint(
        files_digest(templates).encode(), code.encode(), repr((config, summary, scheme)).encode()
    )


@contextmanager
def _markdown_cache(config: Config, caching: bool, code: str) -> Iterator[MarkdownCache | None]:
    if not caching:
        yield None
        return
    settings = f"raw_html={config.markdown.raw_html},base={config.base_path}"
    with open_markdown_cache(config.root, settings, code) as cache:
        yield cache


def _settled(problems: Problems, stage: Callable[..., T], *args: Any) -> tuple[bool, T | None]:
    """Run a stage that raises BuildError; in check mode, keep its errors and go on.
    Returns whether the stage succeeded, and what it returned."""
    try:
        return True, stage(*args)
    except BuildError as exc:
        problems.settle(exc.diagnostics)
        return False, None
