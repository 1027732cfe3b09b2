"""The build, stage by stage: config -> read -> parse -> index -> plan -> render -> write.

`build()` is what `newsgen build` and the tests call. Each stage collects every problem it
finds and the build stops after the first stage that found any, before anything is
written: the previous output is only ever replaced by a complete site.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from newsgen import __version__
from newsgen.cache.articles import MadeArticles, load_entries, render_articles
from newsgen.cache.cards import publish_cards
from newsgen.cache.files import CACHE_FOLDER
from newsgen.cache.freshness import (
    Stamp,
    input_digest,
    is_fresh,
    remember,
    valid_until,
)
from newsgen.cache.images import PublishedImages, publish_images
from newsgen.cache.page_memory import open_page_memory
from newsgen.cache.rebuild import PagesToRender, site_shape
from newsgen.cache.store import (
    MarkdownCache,
    code_digest,
    files_digest,
    fingerprint,
    open_markdown_cache,
)
from newsgen.content.load import article_urls, check_sections, find_content, in_content
from newsgen.content.targets import Targets, link_targets
from newsgen.core.config import CONFIG_NAME, Config
from newsgen.core.errors import BuildError, CacheLost, Diagnostic, Problems
from newsgen.core.file_stats import Stats
from newsgen.core.model import EntryHead, Image, Page, StaticFile
from newsgen.core.routes import UrlScheme, check_collisions
from newsgen.core.schedule import Scheduled, next_scheduled, resolve_now
from newsgen.core.theme_files import theme_folders
from newsgen.core.words import Catalogs, load_catalogs, site_locale
from newsgen.core.workers import WorkerError, available_workers, in_background
from newsgen.formats.discovery import plan_discovery
from newsgen.images.card import is_card
from newsgen.images.recipe import default_recipe
from newsgen.index.site import Site, index_site, left_out, select_published
from newsgen.output.folder_identity import folder_name
from newsgen.output.guard import check_output_folder, output_lock
from newsgen.output.staging import Content, Staging, put_files, spare_folder, staging
from newsgen.output.survey import Survey, survey
from newsgen.plan.assets import plan_static_files
from newsgen.plan.headers import plan_headers_file
from newsgen.plan.pages import plan_pages
from newsgen.plan.redirects import plan_redirects, render_redirects
from newsgen.plan.site_links import check_site_links, read_source
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
            return _build_or_rebuild_without_cache(config, options, warnings, session, kept)
    except BuildError as exc:
        # The warnings found before the failure may explain it: show them too.
        shown = list(dict.fromkeys(in_content(config, w) for w in warnings))
        raise BuildError([*shown, *exc.diagnostics]) from None
    finally:
        gc.unfreeze()  # what the build froze is collectable again (serve builds many times)
        if collecting:
            gc.enable()


def _build_or_rebuild_without_cache(
    config: Config, options: BuildOptions, warnings: list[Diagnostic], session: Session | None,
    kept: list[object] | None,
) -> BuildResult:  # fmt: skip
    """A damaged cache is never an error: it is removed, and the site built again without
    what it held (nothing was written: the output is only swapped in at the end)."""
    try:
        return _build(config, options, warnings, session, kept)
    except (sqlite3.DatabaseError, CacheLost) as exc:
        shutil.rmtree(config.root / CACHE_FOLDER, ignore_errors=True)
        warnings.clear()
        result = _build(config, options, warnings, session, kept)
        message = f"the cache was damaged ({exc}): it was removed, and the site built anew"
        damaged = Diagnostic(CACHE_FOLDER, None, message, "warning")
        return replace(result, warnings=(damaged, *result.warnings))


class _Clock:
    """Seconds spent in each stage, for `newsgen build --verbose`."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.marks: list[tuple[str, float]] = []

    def mark(self, stage: str) -> None:
        now = time.perf_counter()
        self.marks.append((stage, now - self.last))
        self.last = now


@dataclass(frozen=True)
class _Run:
    """What every stage of one build reads, and where each puts its problems."""

    config: Config
    options: BuildOptions
    output: Path
    now: datetime
    caching: bool  # check writes nothing, not even the cache
    workers: int
    stats: Stats  # of the site's files, taken once
    problems: Problems
    warnings: list[Diagnostic]  # about one content file each
    clock: _Clock
    catalogs: Catalogs  # the theme's words, in every language
    # Warnings about config.toml found by the stages (an author's photo on another site).
    config_warnings: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def code(self) -> str:
        """newsgen's own source, in the cache's keys and every fingerprint: read once, and
        not by a build that finds its inputs unchanged."""
        return code_digest()


@dataclass(frozen=True)
class _Content:
    """What reading, parsing and indexing made of the content folder."""

    assets: tuple[str, ...]  # the files beside the articles
    scheme: UrlScheme
    urls: dict[str, str]
    targets: Targets
    made: MadeArticles
    site: Site
    aliased: list[EntryHead]  # published articles with old addresses
    scheduled: Scheduled | None  # the next article waiting for its time
    until: datetime | None  # when this output stops being right by itself


@dataclass(frozen=True)
class _Plan:
    """Every file the site will have, and what the last build left of them."""

    summary: SiteSummary
    setting: str  # what every page depends on besides its own context
    pages: list[Page]
    statics: list[StaticFile]
    redirects: list[Page]
    headers: dict[str, bytes]
    every_page: list[str]
    rebuild: PagesToRender
    image_bytes: Mapping[str, int]  # of each image file the images stage made, for feeds
    photos: Mapping[str, Image]  # the authors' photographs, by their keys


def _build(
    config: Config, options: BuildOptions, warnings: list[Diagnostic], session: Session | None,
    kept: list[object] | None,
) -> BuildResult:  # fmt: skip
    run, inputs = _begin(config, options, warnings)
    if inputs:
        stamp = is_fresh(config, run.output, inputs, run.now)
        if stamp is not None:  # nothing it reads changed, and no scheduled moment came
            return _unchanged(run.output, stamp, time.perf_counter() - run.clock.started)
    if session is not None and not options.check_only:
        session.last = None  # let the last site go before this one is made: not two at once
    # Reading, the articles and the plan make objects that live as long as the build (and
    # next to no garbage): the cycle collector would walk them again and again as they
    # pile up (10,000 articles from the cache: 1.3 -> 0.4 s). It is paused until they are
    # all made, then they are frozen out of its sight; `build` starts it again.
    gc.disable()
    with ExitStack() as stack:
        surveyed = _survey_spare(run, stack)
        content = _read_parse_index(run)
        images = _images(run, content, stack)
        plan = _plan_site(run, content, images, stack)
        if options.check_only:
            _check_site_links(run, content, plan)
        gc.freeze()
        gc.enable()
        env = _environment(run, session, plan.summary, content.scheme)
        stage = None
        if not options.check_only:
            stage = stack.enter_context(staging(run.output, _survey_result(surveyed)))
        rendered, plan = _render(run, plan, content, env, stage)
        written, others = _write(run, plan, content, rendered, stage)
    if session is not None and not options.check_only:
        session.last = LastBuild(
            config, content.scheme, content.site, content.targets, run.now, options.drafts,
            options.future, env, content.made.whole, run.catalogs,
        )  # fmt: skip
    if kept is not None:
        kept.extend((content, plan, env))
    return _finish(run, inputs, content, plan, rendered, written, others)


def _begin(
    config: Config, options: BuildOptions, warnings: list[Diagnostic]
) -> tuple[_Run, str | None]:
    """The build's settings, and the digest of every input when the cache is on."""
    clock = _Clock()
    output = options.output or config.output_path
    if not options.check_only:
        inputs = (config.content_path, config.templates_path, config.static_path)
        check_output_folder(output, config.root, inputs)
    now = resolve_now(options.now, config.tz)
    caching = options.cache and not options.check_only
    inputs_digest, stats = None, Stats()
    if caching:
        read_from = (config.content_path, *theme_folders(config), config.static_path,
                     site_locale(config))  # fmt: skip
        found = input_digest(config, read_from, f"{options.drafts},{options.future}")
        inputs_digest, stats = found.digest, Stats(found.stats)
    workers = options.workers or available_workers()
    problems = Problems(keep_going=options.check_only)
    catalogs = _catalogs(config, problems)
    run = _Run(config, options, output, now, caching, workers, stats, problems, warnings, clock,
               catalogs)  # fmt: skip
    return run, inputs_digest


def _catalogs(config: Config, problems: Problems) -> Catalogs:
    """The theme's words: a bad catalog of the site's is an error at its line (a check goes
    on with the theme's own)."""
    _, catalogs = _settled(problems, load_catalogs, config)
    return catalogs or load_catalogs(config, site=False)


def _survey_spare(run: _Run, stack: ExitStack) -> Callable[[], Survey | None] | None:
    """What the site before last holds, surveyed on another core while this one reads and
    plans (`output/survey.py`)."""
    if run.options.check_only:
        return None
    spare = spare_folder(run.output)
    return stack.enter_context(in_background(partial(survey, run.output, spare), run.workers))


def _read_parse_index(run: _Run) -> _Content:
    """Stages read, parse and index: every file checked, every problem collected."""
    config, options, problems = run.config, run.options, run.problems
    with _markdown_cache(config, run.caching, run.code) as cache:
        files = find_content(config)
        loaded = load_entries(config, files.markdown, run.warnings, problems, cache, run.workers,
                              run.stats)  # fmt: skip
        every_entry = loaded.entries
        entries = select_published(every_entry, run.now, options.drafts, options.future)
        unpublished = left_out(every_entry, entries, config.tz)
        check_sections(config, entries, problems)
        scheduled = next_scheduled(config, every_entry, run.now)
        until = valid_until(every_entry, options.drafts, run.now)
        aliased = [e for e in entries if e.aliases]
        del every_entry
        run.clock.mark("read")
        # Every URL is known before any Markdown is rendered, so links between articles resolve.
        scheme = UrlScheme(config.permalinks, config.tz)
        built_urls = {source: built.url for source, built in loaded.built.items()}
        urls = article_urls(config, entries, scheme, problems, built_urls)
        targets = link_targets(files.markdown, files.assets, urls, unpublished, entries, scheme)
        made = render_articles(config, entries, urls, targets, run.warnings, problems, run.now,
                               cache, run.workers, loaded, run.stats)  # fmt: skip
        del entries, loaded  # the bodies live on as the articles' HTML
        run.clock.mark("markdown")
        site = index_site(made.articles, config, cache.related if cache else None)
    return _Content(files.assets, scheme, urls, targets, made, site, aliased, scheduled, until)


def _images(run: _Run, content: _Content, stack: ExitStack) -> PublishedImages:
    """Stage images: each photograph beside the articles made into the files pages show
    (widths, formats, share crops), upright and with no metadata, and the share card of
    each article without one; kept in the cache, or made into a scratch folder without
    it. A check names the files and makes none."""
    scratch = None
    if not run.caching:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsgen-")))
    make = not run.options.check_only
    images = publish_images(run.config, content.assets, content.site.articles, run.stats,
                            run.workers, scratch, make)  # fmt: skip
    known = (content.made.whole, content.made.digests)
    cards = publish_cards(run.config, content.site, known, run.workers, scratch, make)
    images = replace(images, files=[*images.files, *cards])
    for problem in images.problems:
        if problem.severity == "warning":
            about_config = problem.path == CONFIG_NAME
            (run.config_warnings if about_config else run.warnings).append(problem)
    run.problems.settle(p for p in images.problems if p.severity != "warning")
    run.clock.mark("images")
    return images


def _plan_site(run: _Run, content: _Content, images: PublishedImages, stack: ExitStack) -> _Plan:
    """Stage plan: the whole site is known before a single page is rendered."""
    config, site = run.config, content.site
    summary = site_summary(site, config, content.scheme)
    # The authors' photographs' sizes are part of every page's setting, as the site's are.
    setting = _setting_fingerprint(config, (summary, images.photos), content.scheme, run.code)
    memory = stack.enter_context(open_page_memory(config.root, run.output)) if run.caching else None
    statics = plan_static_files(config, content.assets, images.files, images.sources,
                                images.static)  # fmt: skip
    shape = ""
    if memory is not None:
        # A card is shown by its article's page alone, planned when its headline changes.
        shaped = [s for s in statics if not is_card(s.output)]
        shape = site_shape(setting, site.articles, content.made.heads, shaped, content.aliased,
                           run.now, site.newest)  # fmt: skip
    folder = folder_name(run.output)
    rebuild = PagesToRender(memory, folder, shape, site.articles, content.made.digests)
    # A site of the same shape plans only the pages that name an article that changed.
    pages = _plan(content, config, run.now, rebuild.touched, images.image_bytes, run.catalogs,
                  images.photos)  # fmt: skip
    rebuild.recall([*(p.output for p in pages), *(s.output for s in statics)])
    every_page = rebuild.every_page(pages)
    taken = [*every_page, *(s.output for s in statics)]
    redirects = plan_redirects(config, content.aliased, content.urls, taken, run.warnings)
    headers = plan_headers_file(config, [*taken, *(page.output for page in redirects)])
    kept = content.scheme.kept_for_pages_that_come_and_go()
    for language in config.languages.values():  # each language has its own live page
        kept.update(content.scheme.in_language(language.prefix).kept_for_pages_that_come_and_go())
    article = config.permalinks.article
    _settled(run.problems, check_collisions, [*pages, *statics], kept, article)
    run.clock.mark("plan")
    return _Plan(summary, setting, pages, statics, redirects, headers, every_page, rebuild,
                 images.image_bytes, images.photos)  # fmt: skip


def _check_site_links(run: _Run, content: _Content, plan: _Plan) -> None:
    """Links written as site paths, looked for among the files the site would have."""
    config = run.config
    files = [*plan.every_page, *(s.output for s in plan.statics),
             *(r.output for r in plan.redirects), *plan.headers]  # fmt: skip
    articles = (content.made.whole(a) for a in content.site.articles)
    found = check_site_links(articles, files, config.base_path, read_source(config.content_path))
    run.warnings.extend(found)  # shown from the site's folder with the others


def _environment(
    run: _Run, session: Session | None, summary: SiteSummary, scheme: UrlScheme
) -> jinja2.Environment:
    """The theme, compiled templates kept in the cache, bound to this build's site."""
    config = run.config
    compiled = None
    if run.caching:
        compiled = config.root / CACHE_FOLDER / f"templates-{__version__}-{jinja2.__version__}"
    if session is not None:
        env = session.environment(config, compiled)
    else:
        env = theme_environment(config, compiled, reload=False)
    bind_site(env, config, summary, scheme, run.catalogs)
    return env


def _render(
    run: _Run, plan: _Plan, content: _Content, env: jinja2.Environment, stage: Staging | None
) -> tuple[Rendered, _Plan]:
    """Stage render: each planned page whose inputs changed, into the stage as it comes.
    Gives the plan again: planned anew, whole, when a page not planned lost its file."""
    rendered = Rendered({}, 0, 0)
    templates_ok, _ = _settled(run.problems, check_templates, env, run.config.root)
    if templates_ok:  # a broken template would fail again on every page that uses it
        rendered = _render_planned(run, plan, content, env, stage)
        if stage is not None and plan.rebuild.lost_unplanned(stage, plan.pages):
            pages = _plan(content, run.config, run.now, None, plan.image_bytes, run.catalogs,
                          plan.photos)  # fmt: skip
            plan = replace(plan, pages=pages, every_page=[page.output for page in pages])
            rendered = _render_planned(run, plan, content, env, stage)
    run.clock.mark("render")
    if run.problems.found:
        raise BuildError(run.problems.found)
    return rendered, plan


def _render_planned(
    run: _Run, plan: _Plan, content: _Content, env: jinja2.Environment, stage: Staging | None
) -> Rendered:
    known = plan.rebuild.known(plan.setting, content.made.digests)
    _, done = _settled(run.problems, render_pages, env, plan.pages, run.config.root,
                       run.options.progress, known, stage, run.workers)  # fmt: skip
    return done or Rendered({}, 0, 0)


def _write(
    run: _Run, plan: _Plan, content: _Content, rendered: Rendered, stage: Staging | None
) -> tuple[int, dict[str, Content]]:
    """Stage write: the copies, redirects and headers beside the pages; the swap; then
    what the next build may reuse."""
    others: dict[str, Content] = {s.output: Path(s.origin) for s in plan.statics}
    others.update(render_redirects(plan.redirects))
    others.update(plan.headers)
    if stage is None:
        return 0, others
    others_written, copies = put_files(stage, others, plan.rebuild.remembered, run.stats)
    stage.commit([*plan.every_page, *others])
    digests = content.made.digests
    plan.rebuild.save(
        {**rendered.fingerprints, **copies},
        folder_name(run.output),  # the folder swapped in
        {a.source: digests.get(a.source, "") for a in content.site.articles},
        {page.output for page in plan.pages},
        plan.every_page,
    )
    run.clock.mark("write")
    return rendered.written + others_written, others


def _finish(
    run: _Run, inputs: str | None, content: _Content, plan: _Plan, rendered: Rendered,
    written: int, others: Mapping[str, Content],
) -> BuildResult:  # fmt: skip
    """Remember what was built, and say what the build did."""
    config, output = run.config, run.output
    if not config.origin:
        message = (
            f"base_url '{config.base_url}' has no host, so feeds, sitemaps and robots.txt "
            "(which need absolute addresses) are not written"
        )
        site_warnings = [Diagnostic("config.toml", None, message, "warning")]
    else:
        site_warnings = []
    site_warnings += run.catalogs.unknown([config.language, *config.languages])
    site_warnings += run.config_warnings
    # A cached body repeats the warnings of its links: say each once.
    shown = (*dict.fromkeys(in_content(config, w) for w in run.warnings), *site_warnings)
    files = len(plan.every_page) + len(others)
    if inputs:
        scheduled = content.scheduled
        remember(config, output, Stamp(
            inputs, folder_name(output), run.now.isoformat(),
            content.until.isoformat() if content.until else "", len(plan.every_page), files,
            tuple((w.path, w.line, w.message) for w in shown),
            (scheduled.source, scheduled.date.isoformat()) if scheduled else None,
        ))  # fmt: skip
    return BuildResult(
        output=output,
        pages=len(plan.every_page),
        files=files,
        written=written,
        unchanged=files - written if not run.options.check_only else 0,
        seconds=time.perf_counter() - run.clock.started,
        warnings=shown,
        timings=tuple(run.clock.marks),
        rendered=rendered.rendered,
        next_scheduled=content.scheduled,
        planned=len(plan.pages),
    )


def _plan(
    content: _Content, config: Config, now: datetime, touched: frozenset[str] | None,
    image_bytes: Mapping[str, int], catalogs: Catalogs, photos: Mapping[str, Image],
) -> list[Page]:  # fmt: skip
    """Every page (`touched` None), or only those that name one of the `touched` sources."""
    site, scheme, made = content.site, content.scheme, content.made
    pages = plan_pages(site, config, scheme, made.digests, touched, made.whole, catalogs,
                       photos)  # fmt: skip
    if config.origin:
        pages += plan_discovery(site, config, scheme, pages, now, touched, made.whole,
                                image_bytes)  # fmt: skip
    return pages


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


def _setting_fingerprint(config: Config, summary: object, scheme: UrlScheme, code: str) -> str:
    """What every page depends on besides its own context; `code`: `code_digest()`. The
    image recipe says which formats pages offer: AVIF only where the installed Pillow
    writes it, so a page kept from another Pillow's build could name files never made."""
    folders = (*theme_folders(config), site_locale(config))  # the theme, and the site's words
    templates = [f for folder in folders for f in folder.rglob("*") if f.is_file()]
    setting = repr((config, summary, scheme, default_recipe())).encode()
    return fingerprint(files_digest(templates).encode(), code.encode(), setting)


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
