"""Stage `parse`, on a multilingual site: which language each article is in, where in that
language it is filed, and which articles are translations of one story.

An article's language is its front matter's `language` (or `lang`), else the language
folder at the top of content/ it is in (content/ar/world/story.md), else the language in
its file's name as Hugo writes it (story.ar.md, world/story/index.ar.md), else the
default language. The language's folder and name do not count in its section and slug:
content/ar/world/story.md is the story "story" of the section "world", in Arabic.

Translations share a key: `translation_key` (Hugo's `translationKey`) where one is
written, else the file's path without its language (world/story), so that
content/world/story.md and content/ar/world/story.md are one story in two languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from newsgen.content.fields import folder_section
from newsgen.content.reader import slug_from_path
from newsgen.core.config import Config, cased_language
from newsgen.core.errors import ContentError
from newsgen.core.model import Entry, EntryHead


@dataclass(frozen=True)
class Placement:
    """Where a multilingual site files one article."""

    language: str  # its code as config.toml declares it, or as written when undeclared
    section: str
    key: str  # what its translations share
    path: str  # its file's path without its language: "world/story.md"
    written_in: str  # "folder", "name" or "front matter": what said its language


def placement(entry: EntryHead, config: Config) -> Placement:
    """Where `entry` is filed on a multilingual site (`config.languages`)."""
    declared = {code.lower(): code for code in config.languages}
    parts = entry.source.split("/")
    folder = declared.get(parts[0].lower()) if len(parts) > 1 else None
    if folder is not None:
        parts = parts[1:]
    stem, dot, suffix = parts[-1].rpartition(".")
    named = None
    if "." in stem:
        bare, _, tag = stem.rpartition(".")
        named = declared.get(tag.lower())
        if named is not None:
            parts[-1] = f"{bare}{dot}{suffix}"
    path = "/".join(parts)
    written = cased_language(entry.lang) if entry.lang else ""
    language = written or folder or named or next(iter(config.languages))
    said = "front matter" if written else "folder" if folder else "name" if named else ""
    section = entry.section
    if path != entry.source and section == _folder_section(entry.source):
        section = _folder_section(path) or ""  # from its folders, less the language's
    key = entry.translation_key or "path:" + path.rpartition(".")[0]
    return Placement(language, section, key, path, said)


def _folder_section(path: str) -> str | None:
    try:
        return folder_section(path)
    except ContentError:  # a folder with no letter, where the front matter names a section
        return None


def placed(entry: Entry, config: Config) -> Entry:
    """`entry` as a multilingual site files it: its language, section, slug and key; as it
    is on a site of one language."""
    if not config.languages:
        return entry
    where = placement(entry, config)
    slug = entry.slug
    if where.path != entry.source and "slug" not in entry.key_lines:
        slug = slug_from_path(where.path) or slug  # story.ar.md is the story "story"
    return replace(entry, lang=where.language, section=where.section, slug=slug,
                   translation_key=where.key)  # fmt: skip


def prefix_of(language: str, config: Config) -> str:
    """The folder a language's pages are under; the default language's for an undeclared
    one (an error found by `language_problems`)."""
    found = config.languages.get(language)
    return found.prefix if found is not None else ""


def language_problems(entries: Iterable[EntryHead], config: Config) -> list[ContentError]:
    """An article in a language the site does not declare, or filed in one language and
    said to be in another; two translations of one story in one language; a section at the
    address of a language's pages."""
    if not config.languages:
        return []
    problems: list[ContentError] = []
    prefixes = {lang.prefix: code for code, lang in config.languages.items() if lang.prefix}
    names = ", ".join(config.languages)
    seen: dict[tuple[str, str], str] = {}
    for entry in sorted(entries, key=lambda e: e.source):
        where = placement(entry, config)
        line = entry.key_lines.get("lang")
        if where.language not in config.languages:
            message = (f"language '{entry.lang}' is not one of the site's languages ({names}):"
                       f" declare it in config.toml as [languages.{where.language}]")  # fmt: skip
            problems.append(ContentError(entry.source, line, message))
            continue
        filed = placement(replace(entry, lang=""), config)
        if filed.written_in and filed.language != where.language:
            message = (f"'lang' says '{where.language}', but the file's {filed.written_in}"
                       f" says '{filed.language}'")  # fmt: skip
            problems.append(ContentError(entry.source, line, message))
        other = seen.setdefault((where.key, where.language), entry.source)
        if other != entry.source:
            problems.append(_second_translation(entry, where, config.content_file(other)))
        top = where.section.split("/")[0]
        if not config.languages[where.language].prefix and top in prefixes:
            message = (f"section '{where.section}' is at /{top}/, where the pages in"
                       f" '{prefixes[top]}' are (languages.{prefixes[top]}.prefix in"
                       " config.toml): file the article in another section")  # fmt: skip
            problems.append(ContentError(entry.source, entry.key_lines.get("section"), message))
    return problems


def _second_translation(entry: EntryHead, where: Placement, other: str) -> ContentError:
    if entry.translation_key:
        line = entry.key_lines.get("translation_key")
        why = f"translation_key '{entry.translation_key}'"
    else:
        line = None
        why = f"path {PurePosixPath(where.path).with_suffix('')}"
    message = (f"a second translation in '{where.language}' of the story of {other}"
               f" (same {why}): give one of them another translation_key")  # fmt: skip
    return ContentError(entry.source, line, message)
