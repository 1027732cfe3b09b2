"""Stage `parse`: typed access to front-matter values, with every error at its key's line.

Takes front matter as `compat.adapt` gives it and returns each field checked and typed
(text, flags, dates, names, the section, the image, corrections, the language); a value of
the wrong kind is a `ContentError` naming the file and the key's line.
"""

from __future__ import annotations

import posixpath
import re
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urlsplit

from newsgen.content.compat import LINK_KEYS, folder_parts, squash
from newsgen.content.front_matter import FrontMatter
from newsgen.core.dates import parse_datetime
from newsgen.core.errors import ContentError, Diagnostic
from newsgen.core.model import Correction, Image
from newsgen.core.slugs import decode_name, is_valid_slug, name_slug, names_a_path, slugify

# A language tag as BCP 47 writes one: a language, then script, region or variant.
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def folder_section(path: str) -> str:
    parts = [slugify(part) for part in folder_parts(path)]
    if not all(parts):
        raise ContentError(path, None, "a folder name on this path has no letter or digit")
    return "/".join(parts)


def resolve_relative(base_source: str, target: str) -> str:
    """The content-relative path that `target`, written in `base_source`, points to."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_source), target))


class Fields:
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
        quietly where only percent-encoding changes, with a warning where the address would
        not be what the writer typed; a path is refused."""
        written = self.text("slug")
        if not written:
            return ""
        if names_a_path(written):
            why = "may hold only letters, digits and hyphens, and a dot between two of them"
            raise self.error("slug", f"slug '{written}' {why}")
        slug = name_slug(written)
        if not slug:
            raise self.error("slug", f"slug '{written}' has no letter or digit")
        if slug != decode_name(written) == written:
            why = "a slug is lower-case letters and digits joined by hyphens"
            self.warn("slug", f"slug '{written}' is used as '{slug}': {why}", warnings)
        return slug

    def external_link(self, warnings: list[Diagnostic]) -> str:
        """A link post's address: `external_url`, or another generator's name for it
        (`source_url`, `link_url`, `external_link`, `redirect_to`); "" for none. One that
        is not an http(s) address is no link, with a warning."""
        written = sorted(
            (LINK_KEYS.index(squash(k)), k) for k in self.data if squash(k) in LINK_KEYS
        )
        for _, key in written:
            value = self.data[key]
            if value in (None, ""):
                continue
            address = value.strip() if isinstance(value, str) else ""
            parts = urlsplit(address)
            if parts.scheme.lower() in ("http", "https") and parts.netloc:
                return address
            why = "is not an http(s) address, so the article links to nothing"
            self.warn(key, f"'{key}' {why}: {_kind(value)}", warnings)
        return ""

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
        cased = [
            p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower() for p in rest
        ]
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
            return folder_section(path)
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
        """The image, its words, and its framing: `focus`, and the `width` and `height`
        of another site's image (a local file's size is read from it)."""
        value = self.data.get("image")
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = {"src": value}
        if not isinstance(value, dict):
            raise self.error(
                "image", f"'image' must be a table with src and alt, not {_kind(value)}"
            )
        unknown = set(value) - {"src", "alt", "caption", "credit", "focus", "width", "height"}
        if unknown:
            message = (f"unknown image key '{sorted(unknown)[0]}' (use src, alt, caption,"
                       " credit, focus, width, height)")  # fmt: skip
            raise self.error("image", message)
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
        width, height = (self._pixels(value.get(k), k) for k in ("width", "height"))
        focus = self._focus(value.get("focus"))
        return Image(src=src, alt=parts["alt"], caption=parts["caption"], credit=parts["credit"],
                     width=width, height=height, focus=focus)  # fmt: skip

    def _pixels(self, value: object, key: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            message = f"'image.{key}' must be a whole number of pixels, not {value!r}"
            raise self.error("image", message)
        return value

    def _focus(self, value: object) -> tuple[float, float] | None:
        """`focus: 0.4, 0.3` (or a list): where a crop of the image centres, x and y from 0
        (left, top) to 1."""
        if value is None:
            return None
        items = value.split(",") if isinstance(value, str) else value
        message = f"'image.focus' must be two numbers from 0 to 1 (x, y), not {value!r}"
        if not isinstance(items, list) or len(items) != 2:
            raise self.error("image", message)
        try:
            x, y = (float(item) for item in items)
        except (TypeError, ValueError):
            raise self.error("image", message) from None
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise self.error("image", message)
        return x, y


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
