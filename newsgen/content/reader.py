"""Stages `read` and `parse`: files under content/ to `Source`, then to checked `Entry`.

Reading decodes strictly as UTF-8 (a BOM and CRLF line ends are accepted). Parsing types
and checks every front-matter field; unknown keys are kept in `extra` and warned about.
Every problem is a `ContentError` naming the file and line.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from newsgen.content.compat import adapt, folder_parts, is_quiet
from newsgen.core.dates import is_day, parse_datetime
from newsgen.core.errors import ContentError, Diagnostic, collect
from newsgen.content.front_matter import FrontMatter, FrontMatterError, split_front_matter
from newsgen.core.model import Correction, Entry, Image, Source
from newsgen.core.slugs import decode_name, is_valid_slug, name_slug, names_a_path, slugify

MARKDOWN_SUFFIXES = (".md", ".markdown")
KNOWN_KEYS = (
    "title date updated authors author section tags summary image location slug draft "
    "featured live live_until corrections aliases lang"
).split()
# A draft without a date is dated here until a build dates it (see `EntryHead.undated`).
UNDATED = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
# A language tag as BCP 47 writes one: a language, then script, region or variant.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


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
            if name.rsplit(".", 1)[0] != "_index":  # Hugo's section pages are not articles
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
    fields = _Fields(source.path, matter)

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
    slug = fields.slug(warnings) or _slug_from_path(source.path) or slugify(title)
    for key in matter.data:
        if key not in KNOWN_KEYS and not is_quiet(key):
            hint = _closest_key(key)
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            fields.warn(key, f"unknown front matter key '{key}'{suggestion}", warnings)
    if not matter.body.strip() and not draft:
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
        summary=fields.text("summary"),
        image=image,
        location=fields.text("location"),
        lang=fields.language("lang"),
        slug=slug,
        draft=draft,
        featured=fields.flag("featured"),
        live=fields.flag("live"),
        live_until=live_until,
        corrections=fields.corrections(zone, date),
        body=matter.body,
        body_line=matter.body_line,
        extra={k: v for k, v in matter.data.items() if k not in KNOWN_KEYS},
        key_lines=matter.key_lines,
        aliases=tuple(str(a).strip() for a in matter.data.get("aliases", ()) if a),
        digest=source.digest,
    )


def _closest_key(key: str) -> str | None:
    """The known key `key` is a slip of the keyboard for, if any: one letter wrong, missing,
    added or swapped with the next (two for longer keys). A key that only means something
    near is not suggested: `pub-date` is not `updated`."""
    written = key.lower().replace("-", "_")
    allowed = 1 if len(written) <= 4 else 2
    near = [(_edits(written, known), known) for known in KNOWN_KEYS]
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


def _slug_from_path(path: str) -> str:
    pure = PurePosixPath(path)
    # A page bundle (world/story/index.md) is named by its folder.
    name = pure.parent.name if pure.stem.lower() == "index" else pure.stem
    return name_slug(name)


def _folder_section(path: str) -> str:
    parts = [slugify(part) for part in folder_parts(path)]
    if not all(parts):
        raise ContentError(path, None, "a folder name on this path has no letter or digit")
    return "/".join(parts)


def resolve_relative(base_source: str, target: str) -> str:
    """The content-relative path that `target`, written in `base_source`, points to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_source), target))


class _Fields:
    """Typed access to front matter values, with errors at the key's line."""

    def __init__(self, path: str, matter: FrontMatter) -> None:
        self.path = path
        self.data = matter.data
        self.lines = matter.key_lines

    def error(self, key: str, message: str) -> ContentError:
        return ContentError(self.path, self.lines.get(key, 1), message)

    def warn(self, key: str, message: str, warnings: list[Diagnostic]) -> None:
        warnings.append(Diagnostic(self.path, self.lines.get(key, 1), message, "warning"))

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            raise self.error(
                key, f"'{key}' is required" + ("" if key in self.data else " but missing")
            )
        return value

    def text(self, key: str, required: bool = False) -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(key, f"'{key}' must be text, not {_kind(value)}")
        return str(value).strip()

    def slug(self, warnings: list[Diagnostic]) -> str:
        """The slug as written, through the rule every slug goes through (`name_slug`):
        quietly where only dots or percent-encoding change, with a warning where the
        address would not be what the writer typed; a path is refused."""
        written = self.text("slug")
        if not written:
            return ""
        if names_a_path(written):
            raise self.error("slug", f"slug '{written}' may hold only letters, digits and hyphens")
        slug = name_slug(written)
        if not slug:
            raise self.error("slug", f"slug '{written}' has no letter or digit")
        decoded = decode_name(written)
        if slug != decoded.replace(".", "-") and decoded == written:
            why = "a slug is lower-case letters and digits joined by hyphens"
            self.warn("slug", f"slug '{written}' is used as '{slug}': {why}", warnings)
        return slug

    def language(self, key: str) -> str:
        """A language tag (`ko`, `pt-BR`, `zh-Hans`), in the case BCP 47 writes it; "" for
        the site's language."""
        written = self.text(key)
        tag = written.replace("_", "-")
        if not tag:
            return ""
        if not _LANGUAGE_TAG.match(tag):
            raise self.error(
                key, f"'{key}' must be a language tag such as en, pt-BR or zh-Hans, not '{written}'"
            )
        first, *rest = tag.split("-")
        cased = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower() for p in rest]
        return "-".join([first.lower(), *cased])

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, f"'{key}' must be true or false, not {_kind(value)}")
        return value

    def moment(self, key: str, zone: tzinfo, required: bool = False) -> datetime | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return parse_datetime(value, zone)
        except ValueError as exc:
            raise self.error(key, f"'{key}': {exc}") from None

    def names(self, key: str) -> tuple[str, ...]:
        """A list of text, or one text (comma-separated for several)."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, list):
            items = value
        else:
            raise self.error(key, f"'{key}' must be a list of text, not {_kind(value)}")
        names: list[str] = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                raise self.error(key, f"each of '{key}' must be text, not {_kind(item)}")
            name = " ".join(str(item).split())
            if name and name not in names:
                names.append(name)
        return tuple(names)

    def section(self, path: str) -> str:
        value = self.text("section")
        if not value:
            return _folder_section(path)
        clean = value.strip("/").lower()
        if not all(is_valid_slug(part) for part in clean.split("/")):
            raise self.error(
                "section", f"section '{value}' must be slugs joined by '/', like world/asia"
            )
        return clean

    def corrections(self, zone: tzinfo, published: datetime) -> tuple[Correction, ...]:
        value = self.data.get("corrections")
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error("corrections", f"'corrections' must be a list, not {_kind(value)}")
        found: list[Correction] = []
        for item in value:
            if not isinstance(item, dict) or set(item) != {"date", "text"}:
                raise self.error("corrections", "each correction needs a 'date' and a 'text'")
            if not isinstance(item["text"], str) or not item["text"].strip():
                raise self.error("corrections", "a correction's 'text' must be text")
            try:
                moment = parse_datetime(item["date"], zone)
            except ValueError as exc:
                raise self.error("corrections", f"correction date: {exc}") from None
            if moment < published:
                raise self.error("corrections", "a correction is dated before the article")
            found.append(Correction(moment, " ".join(item["text"].split())))
        return tuple(sorted(found, key=lambda c: c.date))

    def image(self, path: str, warnings: list[Diagnostic]) -> Image | None:
        value = self.data.get("image")
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = {"src": value}
        if not isinstance(value, dict):
            raise self.error(
                "image", f"'image' must be a table with src and alt, not {_kind(value)}"
            )
        unknown = set(value) - {"src", "alt", "caption", "credit"}
        if unknown:
            raise self.error(
                "image", f"unknown image key '{sorted(unknown)[0]}' (use src, alt, caption, credit)"
            )
        parts: dict[str, str] = {}
        for key in ("src", "alt", "caption", "credit"):
            item = value.get(key)
            if item is not None and not isinstance(item, str):
                raise self.error("image", f"'image.{key}' must be text, not {_kind(item)}")
            parts[key] = " ".join((item or "").split())
        if not parts["src"]:
            raise self.error("image", "'image' needs a 'src'")
        if not parts["alt"]:
            self.warn(
                "image",
                "the image has no alt text: describe it for readers who cannot see it",
                warnings,
            )
        src = parts["src"]
        scheme = urlsplit(src).scheme
        if scheme and scheme.lower() not in ("http", "https"):
            raise self.error(
                "image", f"image '{src}' must be a file under content/ or an http(s) address"
            )
        if not scheme:
            src = resolve_relative(path, src)
            if src.startswith("../") or src == "..":
                raise self.error("image", f"image '{parts['src']}' is outside content/")
        return Image(src=src, alt=parts["alt"], caption=parts["caption"], credit=parts["credit"])


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__
