"""Stages `read` and `parse`: files under content/ to `Source`, then to checked `Entry`.

Reading decodes strictly as UTF-8 (a BOM and CRLF line ends are accepted). Parsing types
and checks every front-matter field; unknown keys are kept in `extra` and warned about.
Every problem is a `ContentError` naming the file and line.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from newsgen.content.compat import OUR_KEYS, adapt, is_quiet, squash, their_keys
from newsgen.content.fields import Fields
from newsgen.content.fields import resolve_relative as resolve_relative  # articles.py's
from newsgen.content.front_matter import FrontMatterError, split_front_matter
from newsgen.core.dates import is_day
from newsgen.core.errors import ContentError, Diagnostic, collect
from newsgen.core.model import Entry, Source
from newsgen.core.slugs import name_slug, slugify

MARKDOWN_SUFFIXES = (".md", ".markdown")
KNOWN_KEYS = OUR_KEYS
_TABLES = ("extra", "params")  # tables of a site's own values, squashed
# A draft without a date is dated here until a build dates it (see `EntryHead.undated`).
UNDATED = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


@dataclass(frozen=True)
class ContentFiles:
    markdown: tuple[str, ...]  # content-relative paths
    assets: tuple[str, ...]  # everything else: images and files beside articles


def is_ignored(name: str) -> bool:
    """Hidden files and editors' swap, backup and lock files are never content."""
    return (
        name.startswith((".", "#", "~"))  # hidden, and Emacs' .#lock and #autosave# files
        or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))
    )


def list_content(root: Path) -> ContentFiles:
    """Walk content/ in a stable order; refuse links that lead outside it."""
    markdown: list[str] = []
    assets: list[str] = []
    errors: list[ContentError] = []
    if not root.is_dir():
        raise collect([ContentError(str(root), None, "content folder not found")])
    real_root = root.resolve()
    for relative, found in _walk(str(root), ""):
        name = found.name.lower()
        if found.is_symlink() and not Path(found.path).resolve().is_relative_to(real_root):
            errors.append(ContentError(relative, None, "symbolic link to outside content/"))
        elif name.endswith(MARKDOWN_SUFFIXES):
            if name.split(".", 1)[0] != "_index":  # Hugo's section pages (_index.ar.md too)
                markdown.append(relative)
        else:
            assets.append(relative)
    if errors:
        raise collect(errors)
    return ContentFiles(tuple(markdown), tuple(assets))


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(content-relative path, entry) of each file: a folder's files by name, then its
    folders'. Linked folders are not followed. os.scandir, not pathlib: once per file."""
    files: list[os.DirEntry[str]] = []
    folders: list[os.DirEntry[str]] = []
    with os.scandir(folder) as entries:
        for found in entries:
            if is_ignored(found.name):
                continue
            if found.is_dir():
                if not found.is_symlink():
                    folders.append(found)
            else:
                files.append(found)
    for found in sorted(files, key=lambda f: f.name):
        yield prefix + found.name, found
    for found in sorted(folders, key=lambda f: f.name):
        yield from _walk(found.path, f"{prefix}{found.name}/")


def file_digest(root: Path | str, relative: str) -> str:
    """What names a file's bytes, as `read_source` gives it."""
    with open(os.path.join(root, relative), "rb") as file:  # not pathlib: once per file
        return _digest(file.read())


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def read_source(root: Path, relative: str) -> Source:
    with open(os.path.join(root, relative), "rb") as file:
        raw = file.read()
    digest = _digest(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError(relative, line, "not valid UTF-8: save the file as UTF-8") from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ContentError(relative, line, "holds a NUL byte: is this a binary file?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ContentError(relative, None, "the file is empty")
    return Source(relative, text, digest)


def parse_entry(source: Source, zone: tzinfo, warnings: list[Diagnostic]) -> Entry:
    """Check the front matter of `source`; append warnings, raise on the first error."""
    try:
        matter = split_front_matter(source.text)
    except FrontMatterError as exc:
        raise ContentError(source.path, exc.line, exc.message) from None
    if matter.format == "":
        message = "no front matter: start the file with '---' (YAML) or '+++' (TOML)"
        raise ContentError(source.path, 1, message)
    matter = adapt(source.path, matter, warnings)  # other generators' keys, in ours
    fields = Fields(source.path, matter)

    title = fields.text("title", required=True)
    draft = fields.flag("draft")
    # A draft may wait for its date and its text; a published article may not.
    found = fields.moment("date", zone, required=not draft)
    date = UNDATED if found is None else found
    updated = fields.moment("updated", zone)
    live_until = fields.moment("live_until", zone)
    if live_until is not None and live_until < date:
        raise fields.error("live_until", "'live_until' is earlier than 'date'")
    if updated is not None and updated < date:
        fields.warn("updated", "'updated' is earlier than 'date'", warnings)
    authors = fields.names("authors") or fields.names("author")
    if "authors" in matter.data and "author" in matter.data:
        fields.warn("author", "'author' is ignored because 'authors' is given", warnings)
    slug = fields.slug(warnings) or slug_from_path(source.path) or slugify(title)
    _warn_of_unknown_keys(fields, warnings)
    summary = fields.text("summary")
    link = fields.external_link(warnings)
    # A link post may be its summary or its link alone; a draft may wait for its text.
    if not matter.body.strip() and not (draft or summary or link):
        raise ContentError(source.path, matter.body_line, "the article has no body")

    image = fields.image(source.path, warnings)
    return Entry(
        source=source.path,
        title=title,
        date=date,
        date_only=found is not None and is_day(matter.data.get("date")),
        undated=found is None,
        updated=updated,
        authors=authors,
        section=fields.section(source.path),
        tags=fields.names("tags"),
        summary=summary,
        image=image,
        location=fields.text("location"),
        lang=fields.language("lang"),
        translation_key=fields.text("translation_key"),
        slug=slug,
        draft=draft,
        featured=fields.flag("featured"),
        live=fields.flag("live"),
        live_until=live_until,
        corrections=fields.corrections(zone, date),
        body=matter.body,
        body_line=matter.body_line,
        extra=_extra(matter.data, link),
        key_lines=matter.key_lines,
        aliases=tuple(str(a).strip() for a in matter.data.get("aliases", ()) if a),
        digest=source.digest,
    )


def _warn_of_unknown_keys(fields: Fields, warnings: list[Diagnostic]) -> None:
    """A key neither ours nor another generator's that means nothing here: a likely typo."""
    for key in fields.data:
        if key not in KNOWN_KEYS and not is_quiet(key):
            hint = _closest_key(key)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            fields.warn(key, f"unknown front matter key '{key}'{suggestion}", warnings)


def _extra(data: Mapping[str, Any], link: str) -> dict[str, Any]:
    """What templates find in `article.extra`: every key that is not ours, with the keys of
    a table of the site's own values (Zola's `[extra]`, Hugo's `params`) beside them, and a
    link post's address as `external_url`."""
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    for key in [k for k, v in extra.items() if squash(k) in _TABLES and isinstance(v, dict)]:
        extra = {**extra.pop(key), **extra}
    return {**extra, "external_url": link} if link else extra


def _closest_key(key: str) -> str | None:
    """The key `key` is a slip of the keyboard for, if any: one letter wrong, missing,
    added or swapped with the next (two for longer keys) of ours, one of another
    generator's key known here (`descritpion`, `pacakge_version`). A key that only means
    something near is not suggested: `pub-date` is not `updated`."""
    written = key.lower().replace("-", "_")
    allowed = 1 if len(written) <= 4 else 2
    near = [(_edits(written, known), known) for known in KNOWN_KEYS]
    near += [(_edits(written, theirs.lower()) + allowed - 1, theirs) for theirs in their_keys()]
    distance, known = min(near)
    return known if distance <= allowed else None


def _edits(a: str, b: str) -> int:
    """How many letters to change, add, remove or swap with the next to make `a` into `b`."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def slug_from_path(path: str) -> str:
    """The slug a file's name gives: story.md is story; world/story/index.md is story."""
    pure = PurePosixPath(path)
    # A page bundle (world/story/index.md) is named by its folder.
    name = pure.parent.name if pure.stem.lower() == "index" else pure.stem
    return name_slug(name)
