"""The cache around the read and parse stages: what a build takes from earlier builds
instead of reading, parsing and rendering again.

A file whose bytes were digested before has its digest known from its stat, and then its
built article (when everything that decided it is what it was) or its parsed front matter
is taken from the cache. Only the other files go through the stages (`content/load.py`),
whose worker processes put what they make into the cache as they go. Without the cache,
every file goes through the stages.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from newsgen.cache.built_articles import BuiltArticle, BuiltArticles, consulted, image_stat
from newsgen.cache.file_digests import FileDigests
from newsgen.cache.site_shape import head_digest
from newsgen.cache.store import (
    CacheReader,
    MarkdownCache,
    NotCached,
    RecordingRenderer,
    digest_of,
)
from newsgen.content.load import (
    ArticleSetting,
    Outcome,
    full_entry,
    gather,
    make_article,
    make_articles,
    parse_files,
)
from newsgen.content.targets import Targets
from newsgen.core.config import Config
from newsgen.core.errors import ContentError, Diagnostic, Problems
from newsgen.core.file_stats import Stats
from newsgen.core.model import Article, ArticleHead, Entry, EntryHead, Whole, as_whole
from newsgen.markdown.convert import BodyRenderer

PREFETCH = 500  # cache rows read ahead in one query
FLUSH = 64  # new renderings written to the cache at a time, so that none piles up


@dataclass(frozen=True)
class Entries:
    entries: list[EntryHead]  # whole where the file was parsed; heads of articles built before
    # Articles built before from files as they are now, by path, not yet checked: their
    # entries are heads (`_with_body` reads the rest when the article is built again).
    built: dict[str, BuiltArticle]
    parsed: dict[str, tuple[Diagnostic, ...]]  # the warnings of parsing each file


def load_entries(
    config: Config, paths: Sequence[str], warnings: list[Diagnostic], problems: Problems,
    cache: MarkdownCache | None = None, workers: int = 1, stats: Stats | None = None,
) -> Entries:  # fmt: skip
    """Every file's entry: from the cache where it holds one for the file's bytes (the
    built article, else the parsed front matter), else read and parsed by `workers`
    processes, which put what they parse into the cache."""
    if cache is None:
        outcomes = parse_files(config, paths, workers)
        parsed = {o.made.source: o.warnings for o in outcomes if o.made is not None}
        return Entries(gather(config, outcomes, warnings, problems), {}, parsed)
    files = FileDigests(cache.connection, str(config.content_path), stats or Stats())
    known, built = _held_entries(config, paths, cache, files)
    todo = [n for n in range(len(paths)) if n not in known]
    read_after = time.time_ns()
    keep = partial(_keep_entries, cache, config.timezone)
    known.update(zip(todo, parse_files(config, [paths[n] for n in todo], workers, keep),
                     strict=True))  # fmt: skip
    for n in todo:  # the files never digested before are known now
        if known[n].digest:
            files.remember(paths[n], known[n].digest, read_after)
    files.save()
    cache.commit()
    ordered = [known[n] for n in range(len(paths))]
    parsed = {o.made.source: o.warnings for o in ordered if o.made is not None}
    return Entries(gather(config, ordered, warnings, problems), built, parsed)


def _held_entries(
    config: Config, paths: Sequence[str], cache: MarkdownCache, files: FileDigests
) -> tuple[dict[int, Outcome[EntryHead]], dict[str, BuiltArticle]]:
    """What the cache holds for each file digested before: its built article, else its
    parsed front matter, by the file's place in `paths`."""
    zone = config.timezone
    memory = BuiltArticles(cache.connection, cache.salt, config, path=cache.path)
    digests = files.digests(paths)
    known: dict[int, Outcome[EntryHead]] = {}
    built: dict[str, BuiltArticle] = {}
    for start in range(0, len(paths), PREFETCH):
        numbers = range(start, min(start + PREFETCH, len(paths)))
        batch = [(n, d) for n in numbers if (d := digests[n]) is not None]
        memory.prefetch((paths[n], d) for n, d in batch)
        stored = [memory.stored(paths[n], d) for n, d in batch]
        unbuilt = [(paths[n], d) for (n, d), b in zip(batch, stored, strict=True) if not b]
        cache.entries.prefetch(unbuilt, zone)
        for (n, digest), held in zip(batch, stored, strict=True):
            if held is not None:
                built[paths[n]] = held
                known[n] = Outcome(held.entry, None, held.parsed, digest)
            elif (entry := cache.entries.get(paths[n], digest, zone)) is not None:
                known[n] = Outcome(entry[0], None, entry[1], digest)
    files.save()
    cache.commit()  # a worker waits for the build process's write lock otherwise
    return known, built


def _keep_entries(cache: MarkdownCache, zone: str, done: list[Outcome[Entry]]) -> None:
    """In a worker process: what it parsed, into the cache."""
    writer = cache.writer()
    writer.entries.put_many(((o.made.source, o.digest, o.made, o.warnings)
                             for o in done if o.made is not None), zone)  # fmt: skip
    writer.commit()


@dataclass(frozen=True)
class MadeArticles:
    articles: list[ArticleHead]  # whole, but for the heads of those taken from the cache
    # source -> the digest of all its article holds (with the cache on): pages name the
    # articles they show by it, and no process pickles an unchanged article again to know it
    digests: dict[str, str]
    heads: dict[str, str]  # source -> `site_shape.head_digest` of its article, likewise
    whole: Whole = as_whole  # makes an article whole where a page shows it


class _WholeArticles:
    """Makes whole the articles a rebuild took from the cache by their heads, each read
    once per process, where a page that shows it is rendered."""

    def __init__(self, memory: BuiltArticles, built: Mapping[str, BuiltArticle]) -> None:
        self.memory = memory
        self.built = built
        self.made: dict[str, Article] = {}

    def __call__(self, article: ArticleHead) -> Article:
        if isinstance(article, Article):
            return article
        made = self.made.get(article.source)
        if made is None:
            made = self.made[article.source] = self.memory.whole(self.built[article.source])
        return made


class _Keeper:
    """A workshop (`content.load.Workshop`) that keeps each article it builds in the cache,
    with what decided it; in a worker process, with the bodies it rendered, as it goes."""

    def __init__(
        self, setting: ArticleSetting, renderer: BodyRenderer, memory: BuiltArticles,
        stats: Stats, parsed: Mapping[str, tuple[Diagnostic, ...]],
        writer: MarkdownCache | None = None,
    ) -> None:  # fmt: skip
        self.setting = setting
        self.renderer = renderer
        self.memory = memory
        self.stats = stats
        self.parsed = parsed
        self.writer = writer
        self.kept: list[BuiltArticle] = []

    def built(self, entry: Entry, outcome: Outcome[Article], paths: set[str]) -> Outcome[Article]:
        article = outcome.made
        assert article is not None
        digest, head = digest_of(article), head_digest(article)
        setting = self.setting
        assets = (p for p in paths if p in setting.targets.assets)
        image = image_stat(article, assets, setting.config.content_path, self.stats)
        self.kept.append(BuiltArticle(
            setting.urls[entry.source], consulted(paths, setting.targets), image, article,
            outcome.warnings, digest, head, replace(entry, body=""),
            self.parsed.get(entry.source, ()),
        ))  # fmt: skip
        if self.writer is not None and len(self.kept) >= FLUSH:
            self.close()
        return replace(outcome, digest=digest, head=head)

    def close(self) -> None:
        self.memory.put_many(self.kept)
        self.kept.clear()
        if self.writer is not None and isinstance(self.renderer, RecordingRenderer):
            self.writer.put_many(self.renderer.fresh)
            self.writer.commit()
            self.renderer.fresh.clear()


def _worker_keeper(
    setting: ArticleSetting, cache: MarkdownCache, stats: Stats,
    parsed: Mapping[str, tuple[Diagnostic, ...]],
) -> _Keeper:  # fmt: skip
    """In a worker process: a connection of its own, and a renderer that records."""
    writer = cache.writer()
    memory = BuiltArticles(writer.connection, cache.salt, setting.config)
    raw_html = setting.config.markdown.raw_html
    recorder = RecordingRenderer(writer.key, raw_html=raw_html)
    return _Keeper(setting, recorder, memory, stats, parsed, writer)


def render_articles(
    config: Config, entries: Iterable[EntryHead], urls: Mapping[str, str], targets: Targets,
    warnings: list[Diagnostic], problems: Problems, now: datetime,
    cache: MarkdownCache | None, workers: int = 1, loaded: Entries | None = None,
    stats: Stats | None = None,
) -> MadeArticles:  # fmt: skip
    """Articles built before from what they would be built from now (`loaded.built`) are
    taken by their heads; those whose every body the cache holds are made here; the others
    are rendered by `workers` processes. What is new goes into the cache."""
    wanted = [e for e in entries if e.source in urls]  # a refused URL is reported already
    setting = ArticleSetting(config, urls, targets, now)
    if cache is None:
        whole = [e for e in wanted if isinstance(e, Entry)]  # without the cache, all are
        made = gather(config, make_articles(setting, whole, workers), warnings, problems)
        return MadeArticles(list(made), {}, {})
    stats = stats or Stats()
    loaded = loaded or Entries([], {}, {})
    # One way to the built articles: checked, kept, and read whole where a page shows one.
    memory = BuiltArticles(cache.connection, cache.salt, config, stats, path=cache.path)
    outcomes, to_build = _taken_whole(config, wanted, urls, targets, cache, loaded, memory)
    outcomes.update(_from_cached_bodies(setting, to_build, cache, memory, loaded.parsed))
    cache.commit()  # a worker waits for the build process's write lock otherwise
    todo = [n for n in to_build if n not in outcomes]
    workshop = partial(_worker_keeper, setting, cache, stats, loaded.parsed)
    outcomes.update(zip(todo, make_articles(setting, [to_build[n] for n in todo], workers,
                                            workshop), strict=True))  # fmt: skip
    cache.commit()
    ordered = [outcomes[n] for n in range(len(wanted))]
    articles = gather(config, ordered, warnings, problems)
    digests = {o.made.source: o.digest for o in ordered if o.made is not None and o.digest}
    heads = {o.made.source: o.head for o in ordered if o.made is not None and o.head}
    return MadeArticles(articles, digests, heads, _WholeArticles(memory, loaded.built))


def _taken_whole(
    config: Config, wanted: list[EntryHead], urls: Mapping[str, str], targets: Targets,
    cache: MarkdownCache, loaded: Entries, memory: BuiltArticles,
) -> tuple[dict[int, Outcome[ArticleHead]], dict[int, Entry]]:  # fmt: skip
    """The articles built before that still hold, by place in `wanted`; and the entries
    to build, with their bodies (read again for an article that does not hold)."""
    outcomes: dict[int, Outcome[ArticleHead]] = {}
    to_build: dict[int, Entry] = {}
    for n, entry in enumerate(wanted):
        stored = loaded.built.get(entry.source)
        if stored is not None and memory.holds(stored, urls[entry.source], targets):
            outcomes[n] = Outcome(stored.article, None, stored.warnings, stored.digest,
                                  stored.head)  # fmt: skip
        elif isinstance(entry, Entry):
            to_build[n] = entry
        else:
            try:
                to_build[n] = _with_body(config, entry, cache)
            except ContentError as exc:  # the file changed since its digest was taken
                outcomes[n] = Outcome(None, exc.diagnostic, ())
    return outcomes, to_build


def _with_body(config: Config, entry: EntryHead, cache: MarkdownCache) -> Entry:
    """The whole entry of a head, as the cache holds it, else as its file is read again."""
    held = cache.entries.get(entry.source, entry.digest, config.timezone)
    return held[0] if held is not None else full_entry(config, entry)


def _from_cached_bodies(
    setting: ArticleSetting, to_build: Mapping[int, Entry], cache: MarkdownCache,
    memory: BuiltArticles, parsed: Mapping[str, tuple[Diagnostic, ...]],
) -> dict[int, Outcome[Article]]:  # fmt: skip
    """The articles to build whose every body the cache holds, built here."""
    keeper = _Keeper(setting, CacheReader(cache), memory, memory.stats, parsed)
    outcomes: dict[int, Outcome[Article]] = {}
    missing = list(to_build)
    for at, n in enumerate(missing):
        if at % PREFETCH == 0:  # live bodies are split before rendering: asked one by one
            cache.prefetch(to_build[m].body for m in missing[at : at + PREFETCH]
                           if not to_build[m].live)  # fmt: skip
        if cache.missing(to_build[n].body):
            continue  # to be rendered, by the workers
        with contextlib.suppress(NotCached):
            outcomes[n] = make_article(setting, to_build[n], keeper)
    keeper.close()
    return outcomes
