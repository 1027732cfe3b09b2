"""Stages `read` and `parse` over the whole content folder, collecting every problem.

Problems found here are reported with paths under the content folder as the author sees
them (content/world/story.md), with the line where one is known.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Generic, TypeVar

from newsgen.content.articles import Targets, build_article
from newsgen.cache.built_articles import BuiltArticle, BuiltArticles, consulted, image_stat
from newsgen.cache.store import (
    CacheReader,
    MarkdownCache,
    NotCached,
    RecordingRenderer,
    digest_of,
)
from newsgen.core.config import Config
from newsgen.core.errors import BuildError, ContentError, Diagnostic, Problems
from newsgen.cache.file_digests import FileDigests
from newsgen.core.file_stats import Stats
from newsgen.cache.head_bundles import HeadBundles
from newsgen.markdown.convert import BodyRenderer, MarkdownRenderer
from newsgen.core.model import Article, Entry
from newsgen.content.reader import ContentFiles, list_content, parse_entry, read_source
from newsgen.core.routes import UnsafePathError, UrlScheme
from newsgen.cache.site_shape import head_digest
from newsgen.core.workers import fork_map


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


PREFETCH = 500  # cache rows read ahead in one query
FLUSH = 64  # new renderings written to the cache at a time, so that none piles up

T = TypeVar("T")


@dataclass(frozen=True)
class _Outcome(Generic[T]):
    """What became of one file: what it made (an entry, an article) or its error, and its
    warnings; also the digest of a parsed file's bytes, or of all an article holds."""

    made: T | None
    error: Diagnostic | None
    warnings: tuple[Diagnostic, ...]
    digest: str = ""
    head: str = ""  # of an article: what the site's shape holds of it


def _gather(
    config: Config, outcomes: Iterable[_Outcome[T]], warnings: list[Diagnostic],
    problems: Problems,
) -> list[T]:  # fmt: skip
    """What the files made, in order; their warnings and errors go where they belong."""
    made: list[T] = []
    errors: list[Diagnostic] = []
    for outcome in outcomes:
        warnings.extend(outcome.warnings)
        if outcome.made is not None:
            made.append(outcome.made)
        if outcome.error is not None:
            errors.append(outcome.error)
    problems.settle(_shown(config, errors))
    return made


@dataclass(frozen=True)
class Entries:
    entries: list[Entry]
    # Articles built before from files as they are now, by path, not yet checked: their
    # entries come without a body (`full_entry` reads it when the article is built again).
    built: dict[str, BuiltArticle]
    parsed: dict[str, tuple[Diagnostic, ...]]  # the warnings of parsing each file
    bundles: HeadBundles | None = None  # the heads' bundles, saved once articles are built


def load_entries(
    config: Config,
    paths: Sequence[str],
    warnings: list[Diagnostic],
    problems: Problems,
    cache: MarkdownCache | None = None,
    workers: int = 1,
    stats: Stats | None = None,
) -> Entries:
    """With the cache (articles and front matter of earlier builds, and the digests of
    files by their stat), every file digested before has its digest known here (so that a
    change is never missed) and what the cache holds is taken from it: the built article,
    else the parsed front matter; a file never digested is left to the parser. The other
    files are read and parsed by `workers` processes, which put what they parse into the
    cache: this one never holds every text."""
    zone = config.timezone
    outcomes: dict[int, _Outcome[Entry]] = {}
    built: dict[str, BuiltArticle] = {}
    if cache is not None:
        files = FileDigests(cache.connection, str(config.content_path), stats or Stats())
        memory = BuiltArticles(cache.connection, cache.salt, config, path=cache.path)
        digests = files.digests(paths)
        bundles = HeadBundles(cache.connection, memory)
        bundled = bundles.read(zip(paths, digests, strict=True))
        for start in range(0, len(paths), PREFETCH):
            numbers = range(start, min(start + PREFETCH, len(paths)))
            batch = [(n, d) for n in numbers if (d := digests[n]) is not None]
            memory.prefetch((paths[n], d) for n, d in batch if (paths[n], d) not in bundled)
            stored = [memory.stored(paths[n], d, bundled.pop((paths[n], d), None))
                      for n, d in batch]  # fmt: skip
            unbuilt = [(paths[n], d) for (n, d), b in zip(batch, stored, strict=True) if not b]
            cache.entries.prefetch(unbuilt, zone)
            for (n, digest), known in zip(batch, stored, strict=True):
                if known is not None:
                    built[paths[n]] = known
                    outcomes[n] = _Outcome(known.entry, None, known.parsed, digest)
                elif (entry := cache.entries.get(paths[n], digest, zone)) is not None:
                    outcomes[n] = _Outcome(entry[0], None, entry[1], digest)
        files.save()
        cache.commit()  # a worker waits for the build process's write lock otherwise

    def parse_share(share: Sequence[int]) -> list[_Outcome[Entry]]:
        done: list[_Outcome[Entry]] = []
        for n in share:
            found: list[Diagnostic] = []
            try:
                source = read_source(config.content_path, paths[n])
                entry = parse_entry(source, config.tz, found)
                done.append(_Outcome(entry, None, tuple(found), source.digest))
            except ContentError as exc:
                done.append(_Outcome(None, exc.diagnostic, tuple(found)))
        if cache is not None:
            writer = cache.writer()
            writer.entries.put_many(((o.made.source, o.digest, o.made, o.warnings)
                                     for o in done if o.made is not None), zone)  # fmt: skip
            writer.commit()
        return done

    todo = [n for n in range(len(paths)) if n not in outcomes]
    read_after = time.time_ns()
    outcomes.update(zip(todo, fork_map(parse_share, todo, workers), strict=True))
    if cache is not None:  # the files never digested before are known now
        for n in todo:
            if outcomes[n].digest:
                files.remember(paths[n], outcomes[n].digest, read_after)
                bundles.digested(paths[n], outcomes[n].digest)
        files.save()
        cache.commit()
    ordered = [outcomes[n] for n in range(len(paths))]
    parsed = {o.made.source: o.warnings for o in ordered if o.made is not None}
    return Entries(_gather(config, ordered, warnings, problems), built, parsed,
                   bundles if cache is not None else None)  # fmt: skip


def full_entry(config: Config, entry: Entry, cache: MarkdownCache) -> Entry:
    """`entry` with its body, as the cache holds it, else as its file is read again."""
    held = cache.entries.get(entry.source, entry.digest, config.timezone)
    if held is not None:
        return held[0]
    return parse_entry(read_source(config.content_path, entry.source), config.tz, [])


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
    config: Config, entries: Iterable[Entry], scheme: UrlScheme, problems: Problems,
    known: Mapping[str, BuiltArticle] | None = None,
) -> dict[str, str]:  # fmt: skip
    """`known`: articles built before from the same file and configuration, whose URL is
    the one their entry gives."""
    urls: dict[str, str] = {}
    errors: list[ContentError] = []
    built = known or {}
    for entry in entries:
        if entry.source in built:
            urls[entry.source] = built[entry.source].url
            continue
        try:
            urls[entry.source] = scheme.article(entry)
        except UnsafePathError as exc:
            errors.append(ContentError(entry.source, None, f"article URL {exc}"))
    problems.settle(_shown(config, errors))
    return urls


@dataclass(frozen=True)
class MadeArticles:
    articles: list[Article]
    # id(article) -> the digest of all it holds (with the cache on): pages name the articles
    # they show by it, and no process pickles an unchanged article again to know it
    digests: dict[int, str]
    heads: dict[int, str]  # id(article) -> `site_shape.head_digest`, likewise


def render_articles(
    config: Config,
    entries: Iterable[Entry],
    urls: Mapping[str, str],
    targets: Targets,
    warnings: list[Diagnostic],
    problems: Problems,
    now: datetime,
    cache: MarkdownCache | None,
    workers: int = 1,
    loaded: Entries | None = None,
    stats: Stats | None = None,
) -> MadeArticles:
    """Articles built before from what they would be built from now (`loaded.built`) are
    taken whole; those whose every body the cache holds are made here; the others are
    rendered by `workers` processes. What is new goes into the cache."""
    wanted = [e for e in entries if e.source in urls]  # a refused URL is reported already
    stats = stats or Stats()
    known = loaded.built if loaded else {}
    bundles = loaded.bundles if loaded else None
    parsed = loaded.parsed if loaded else {}

    def attempt(
        entry: Entry, renderer: BodyRenderer, built: list[BuiltArticle]
    ) -> _Outcome[Article]:
        found: list[Diagnostic] = []
        paths: set[str] = set()
        url = urls[entry.source]
        try:
            article = build_article(entry, url, targets, config, renderer, found, now, paths)
        except ContentError as exc:
            return _Outcome(None, exc.diagnostic, tuple(found))
        if cache is None:  # pages are not fingerprinted: no digest is needed
            return _Outcome(article, None, tuple(found))
        digest, head = digest_of(article), head_digest(article)
        image = image_stat(article, config.content_path, stats)
        lean = replace(entry, body="")
        built.append(BuiltArticle(url, consulted(paths, targets), image, article, tuple(found),
                                  digest, head, lean, parsed.get(entry.source, ())))  # fmt: skip
        return _Outcome(article, None, tuple(found), digest, head)

    outcomes: dict[int, _Outcome[Article]] = {}
    if cache is not None:
        memory = BuiltArticles(cache.connection, cache.salt, config, stats)
        for n, entry in enumerate(wanted):
            stored = known.get(entry.source)
            if stored is None:
                continue
            if memory.holds(stored, urls[entry.source], targets):
                outcomes[n] = _Outcome(stored.article, None, stored.warnings, stored.digest,
                                       stored.head)  # fmt: skip
            else:  # to be built again, from its body
                try:
                    wanted[n] = full_entry(config, entry, cache)
                except ContentError as exc:  # the file changed since its digest was taken
                    outcomes[n] = _Outcome(None, exc.diagnostic, ())
        missing = [n for n in range(len(wanted)) if n not in outcomes]  # to be built
        if bundles is not None:  # before any of them is put in the cache
            # (Live coverage is never kept: built every time, it changes no bundle.)
            bundles.built_again(wanted[n].source for n in missing if not wanted[n].live)
        reader = CacheReader(cache)
        built: list[BuiltArticle] = []
        for at, n in enumerate(missing):
            if at % PREFETCH == 0:  # live bodies are split before rendering: asked one by one
                cache.prefetch(wanted[m].body for m in missing[at : at + PREFETCH]
                               if not wanted[m].live)  # fmt: skip
            if cache.missing(wanted[n].body):
                continue  # to be rendered, by the workers
            with contextlib.suppress(NotCached):
                outcomes[n] = attempt(wanted[n], reader, built)
        memory.put_many(built)
    todo = [n for n in range(len(wanted)) if n not in outcomes]

    def render_share(share: Sequence[int]) -> list[_Outcome[Article]]:
        if cache is None:
            renderer = MarkdownRenderer(raw_html=config.markdown.raw_html)
            return [attempt(wanted[n], renderer, []) for n in share]
        # Each process writes what it makes to the cache as it goes: nothing but the
        # articles comes back, and no rendering is held twice.
        writer = cache.writer()
        memory = BuiltArticles(writer.connection, cache.salt, config)
        recorder = RecordingRenderer(writer.key, raw_html=config.markdown.raw_html)
        built: list[BuiltArticle] = []
        done: list[_Outcome[Article]] = []
        for count, n in enumerate(share, start=1):
            done.append(attempt(wanted[n], recorder, built))
            if len(built) >= FLUSH or count == len(share):
                writer.put_many(recorder.fresh)
                memory.put_many(built)
                writer.commit()
                recorder.fresh.clear()
                built.clear()
        return done

    if cache is not None:
        cache.commit()  # a worker waits for the build process's write lock otherwise

    outcomes.update(zip(todo, fork_map(render_share, todo, workers), strict=True))
    if cache is not None and bundles is not None:
        bundles.save()
        cache.commit()
    ordered = [outcomes[n] for n in range(len(wanted))]
    articles = _gather(config, ordered, warnings, problems)
    digests = {id(o.made): o.digest for o in ordered if o.made is not None and o.digest}
    heads = {id(o.made): o.head for o in ordered if o.made is not None and o.head}
    return MadeArticles(articles, digests, heads)
