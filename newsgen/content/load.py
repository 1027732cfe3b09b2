"""Stages `read` and `parse` over the whole content folder, on every core, collecting every
problem.

Plain functions of their inputs: what a build reuses from the cache is decided around
them (`cache/articles.py`), which hands them only the files and articles to make, and
hooks that keep what each worker process makes where it is made. Problems found here are
reported with paths under the content folder as the author sees them
(content/world/story.md), with the line where one is known.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from newsgen.content.articles import build_article
from newsgen.content.languages import language_problems, placed, placement, prefix_of
from newsgen.content.reader import ContentFiles, list_content, parse_entry, read_source
from newsgen.content.targets import Targets
from newsgen.core.config import Config
from newsgen.core.errors import BuildError, ContentError, Diagnostic, Problems
from newsgen.core.model import Article, Entry, EntryHead
from newsgen.core.routes import UnsafePathError, UrlScheme
from newsgen.core.workers import fork_map
from newsgen.markdown.convert import BodyRenderer, MarkdownRenderer


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


T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What became of one file: what it made (an entry, an article) or its error, and its
    warnings; also the digest of a parsed file's bytes, or of all an article holds."""

    made: T | None
    error: Diagnostic | None
    warnings: tuple[Diagnostic, ...]
    digest: str = ""
    head: str = ""  # of an article: what the site's shape holds of it


def gather(
    config: Config, outcomes: Iterable[Outcome[T]], warnings: list[Diagnostic],
    problems: Problems,
) -> list[T]:  # fmt: skip
    """What the files made, in order; their warnings and errors go where they belong."""
    made: list[T] = []
    errors: list[Diagnostic] = []
    for outcome in outcomes:
        if outcome.error is not None:
            errors.append(outcome.error)
        for diagnostic in outcome.warnings:
            (errors if diagnostic.severity == "error" else warnings).append(diagnostic)
        if outcome.made is not None:
            made.append(outcome.made)
    problems.settle(_shown(config, errors))
    return made


def parse_file(config: Config, path: str) -> Outcome[Entry]:
    """Stages read and parse for one file: its entry, digested, or its error."""
    found: list[Diagnostic] = []
    try:
        source = read_source(config.content_path, path)
        entry = parse_entry(source, config.tz, found)
    except ContentError as exc:
        return Outcome(None, exc.diagnostic, tuple(found))
    return Outcome(entry, None, tuple(found), source.digest)


def parse_files(
    config: Config, paths: Sequence[str], workers: int = 1,
    keep: Callable[[list[Outcome[Entry]]], None] | None = None,
) -> list[Outcome[Entry]]:  # fmt: skip
    """Every file read and parsed, in order, by `workers` processes. `keep` is given each
    process's outcomes in that process (to store them there: this one never holds every
    text twice)."""

    def parse_share(share: Sequence[int]) -> list[Outcome[Entry]]:
        done = [parse_file(config, paths[n]) for n in share]
        if keep is not None:
            keep(done)
        return done

    return fork_map(parse_share, range(len(paths)), workers)


def full_entry(config: Config, entry: EntryHead) -> Entry:
    """`entry` with its body, as its file is read again (one read without its body)."""
    return parse_entry(read_source(config.content_path, entry.source), config.tz, [])


def check_sections(config: Config, entries: Iterable[EntryHead], problems: Problems) -> None:
    """With strict_sections, every article must be filed in a section config.toml names.
    On a multilingual site, every article in one of its languages (`content/languages.py`)."""
    entries = list(entries)
    errors = language_problems(entries, config)
    if config.strict_sections:
        for e in entries:
            section = placement(e, config).section if config.languages else e.section
            if section and section not in config.sections:
                message = f"section '{section}' is not in config.toml"
                errors.append(ContentError(e.source, e.key_lines.get("section"), message))
    problems.settle(_shown(config, errors))


def article_urls(
    config: Config, entries: Iterable[EntryHead], scheme: UrlScheme, problems: Problems,
    known: Mapping[str, str] | None = None,
) -> dict[str, str]:  # fmt: skip
    """Each article's URL. `known`: those of articles built before from the same file and
    configuration, which are the ones their entries give."""
    urls: dict[str, str] = {}
    errors: list[ContentError] = []
    built = known or {}
    for entry in entries:
        if entry.source in built:
            urls[entry.source] = built[entry.source]
            continue
        assert isinstance(entry, Entry)  # only an article built before is known by its head
        try:
            urls[entry.source] = article_url(config, scheme, entry)
        except UnsafePathError as exc:
            errors.append(ContentError(entry.source, None, f"article URL {exc}"))
    problems.settle(_shown(config, errors))
    return urls


def article_url(config: Config, scheme: UrlScheme, entry: Entry) -> str:
    """An entry's URL; on a multilingual site, in its language's folder."""
    entry = placed(entry, config)
    return scheme.in_language(prefix_of(entry.lang, config)).article(entry)


@dataclass(frozen=True)
class ArticleSetting:
    """What every article of a build is made with, besides its entry and URL."""

    config: Config
    urls: Mapping[str, str]
    targets: Targets
    now: datetime


class Workshop(Protocol):
    """Where a process builds articles: the renderer of its bodies, and what becomes of
    each article it builds (`built`) and of the lot (`close`)."""

    renderer: BodyRenderer

    def built(
        self, entry: Entry, outcome: Outcome[Article], consulted: set[str]
    ) -> Outcome[Article]: ...

    def close(self) -> None: ...


class PlainWorkshop:
    """Bodies rendered by Python-Markdown; the articles kept nowhere."""

    def __init__(self, config: Config) -> None:
        self.renderer: BodyRenderer = MarkdownRenderer(raw_html=config.markdown.raw_html)

    def built(
        self, entry: Entry, outcome: Outcome[Article], consulted: set[str]
    ) -> Outcome[Article]:
        return outcome

    def close(self) -> None:
        pass


def make_article(setting: ArticleSetting, entry: Entry, workshop: Workshop) -> Outcome[Article]:
    """Stage parse, second half, for one entry: its article, or its error."""
    found: list[Diagnostic] = []
    consulted: set[str] = set()
    url = setting.urls[entry.source]
    try:
        article = build_article(entry, url, setting.targets, setting.config, workshop.renderer,
                                found, setting.now, consulted)  # fmt: skip
    except ContentError as exc:
        return Outcome(None, exc.diagnostic, tuple(found))
    errors = [d for d in found if d.severity == "error"]
    if errors:  # found while rendering (a link to nothing): the others are said with it
        return Outcome(None, errors[0], tuple(d for d in found if d is not errors[0]))
    return workshop.built(entry, Outcome(article, None, tuple(found)), consulted)


def make_articles(
    setting: ArticleSetting, entries: Sequence[Entry], workers: int = 1,
    workshop: Callable[[], Workshop] | None = None,
) -> list[Outcome[Article]]:  # fmt: skip
    """Every entry's article, in order, by `workers` processes, each with a `workshop`
    of its own (a plain one by default)."""

    def make_share(share: Sequence[int]) -> list[Outcome[Article]]:
        place = workshop() if workshop is not None else PlainWorkshop(setting.config)
        done = [make_article(setting, entries[n], place) for n in share]
        place.close()
        return done

    return fork_map(make_share, range(len(entries)), workers)
