"""Stage `config`: config.toml to a frozen, fully checked `Config`.

Every key is checked against the schema below; an unknown or mistyped key is an error that
names the key, its line and the closest known key. All problems are reported at once.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsgen.core.errors import BuildError, Diagnostic, toml_error
from newsgen.core.slugs import slugify

CONFIG_NAME = "config.toml"


@dataclass(frozen=True)
class SectionConfig:
    title: str | None = None
    description: str = ""
    order: int | None = None


@dataclass(frozen=True)
class AuthorPhoto:
    src: str  # a path under content/ ("authors/jane.jpg"), or an https address
    line: int | None = field(default=None, compare=False, repr=False)  # in config.toml


@dataclass(frozen=True)
class AuthorConfig:
    name: str
    bio: str = ""
    url: str = ""
    photo: AuthorPhoto | None = None


@dataclass(frozen=True)
class Permalinks:
    article: str = "{section}/{slug}/"
    section: str = "{section}/"
    tag: str = "tags/{slug}/"
    author: str = "authors/{slug}/"
    year: str = "archive/{year}/"
    month: str = "archive/{year}/{month}/"
    live: str = "live/"  # the live coverage going on now
    corrections: str = "corrections/"


@dataclass(frozen=True)
class Feeds:
    length: int = 20  # entries per feed
    full_content: bool = False  # the whole body, or the summary only


@dataclass(frozen=True)
class MarkdownOptions:
    raw_html: bool = True  # false: drop raw HTML (and attribute lists) from bodies


@dataclass(frozen=True)
class Publisher:
    name: str = ""
    logo: str = ""
    image: str = ""  # the share image of an article without one of its own


@dataclass(frozen=True)
class ShareCard:
    """The card an article without a photograph is shared with: its headline drawn on the
    site's colours. The defaults are the built-in theme's (`templates/static/css/site.css`)."""

    enabled: bool = True
    background: str = "#f4f1ea"  # --band
    text: str = "#161616"  # --ink
    accent: str = "#b3001b"  # --accent


# What the built-in theme needs, and nothing more: its own scripts, styles and fonts, images
# from anywhere on https (an article's image may be on another site), no plugins, no <base>,
# no framing by other sites. JSON-LD is data, not a script the browser runs: it needs no hash.
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"
)


@dataclass(frozen=True)
class Headers:
    """The `_headers` file for hosts that read one (Netlify, Cloudflare Pages)."""

    enabled: bool = True
    content_security_policy: str = STRICT_POLICY  # "": no Content-Security-Policy header


# A language tag as BCP 47 writes one: a language, then script, region or variant.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def cased_language(tag: str) -> str:
    """A language tag in the case BCP 47 writes it: pt-BR, zh-Hans, sr-Latn-RS."""
    first, *rest = tag.replace("_", "-").split("-")
    cased = [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower() for p in rest]
    return "-".join([first.lower(), *cased])


@dataclass(frozen=True)
class LanguageConfig:
    """One language of a site that publishes in several (`[languages.ar]`)."""

    code: str  # "ar", "pt-BR": the key of its table, as BCP 47 writes it
    name: str  # its name in itself, for the language switcher: "العربية"
    title: str
    description: str
    prefix: str  # the folder its pages are under: "ar"; "" for the default language
    sections: Mapping[str, SectionConfig]  # the site's sections, with this language's words


@dataclass(frozen=True)
class Config:
    root: Path
    title: str = "News"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    base_url: str = "/"
    per_page: int = 10
    content_dir: str = "content"
    templates_dir: str = "templates"
    static_dir: str = "static"
    output_dir: str = "output"
    strict_sections: bool = False
    publisher: Publisher = field(default_factory=Publisher)
    share_card: ShareCard = field(default_factory=ShareCard)
    feeds: Feeds = field(default_factory=Feeds)
    headers: Headers = field(default_factory=Headers)
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    permalinks: Permalinks = field(default_factory=Permalinks)
    sections: Mapping[str, SectionConfig] = field(default_factory=lambda: MappingProxyType({}))
    authors: Mapping[str, AuthorConfig] = field(default_factory=lambda: MappingProxyType({}))
    # The languages of a multilingual site, the default (`language`) first; empty for one.
    languages: Mapping[str, LanguageConfig] = field(default_factory=lambda: MappingProxyType({}))

    def in_language(self, code: str) -> Config:
        """The site as one of its languages shows it: its title, description, language and
        section words (`[languages.<code>]`)."""
        lang = self.languages[code]
        return replace(self, title=lang.title, description=lang.description, language=code,
                       sections=lang.sections)  # fmt: skip

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def origin(self) -> str:
        """ "https://example.org" from base_url, or "" when base_url is only a path."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    def content_file(self, source: str) -> str:
        """A file under content/ as messages show it, from the site's folder."""
        return f"{self.content_dir.rstrip('/')}/{source}"

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def static_path(self) -> Path:
        return self.root / self.static_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir


# Each table's keys and the Python types its values may have.
_TOP: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "description": (str,),
    "language": (str,),
    "timezone": (str,),
    "base_url": (str,),
    "per_page": (int,),
    "content_dir": (str,),
    "templates_dir": (str,),
    "static_dir": (str,),
    "output_dir": (str,),
    "strict_sections": (bool,),
    "publisher": (dict,),
    "share_card": (dict,),
    "feeds": (dict,),
    "headers": (dict,),
    "markdown": (dict,),
    "permalinks": (dict,),
    "sections": (dict,),
    "authors": (dict,),
    "languages": (dict,),
}
_LANGUAGE = {
    "name": (str,),
    "title": (str,),
    "description": (str,),
    "prefix": (str,),
    "sections": (dict,),
}
_PUBLISHER = {"name": (str,), "logo": (str,), "image": (str,)}
_SHARE_CARD = {"enabled": (bool,), "background": (str,), "text": (str,), "accent": (str,)}
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
_FEEDS = {"length": (int,), "full_content": (bool,)}
_HEADERS = {"enabled": (bool,), "content_security_policy": (str,)}
_MARKDOWN = {"raw_html": (bool,)}
_PERMALINKS = {name: (str,) for name in Permalinks.__dataclass_fields__}
_SECTION = {"title": (str,), "description": (str,), "order": (int,)}
_AUTHOR = {"name": (str,), "bio": (str,), "url": (str,), "photo": (str,)}
_PLACEHOLDERS = {
    "article": {"section", "slug", "year", "month", "day"},
    "section": {"section"},
    "tag": {"slug"},
    "author": {"slug"},
    "year": {"year"},
    "month": {"year", "month"},
    "live": set(),
    "corrections": set(),
}


class _Checker:
    """Collects diagnostics while walking the parsed TOML against the schema."""

    def __init__(self, path: str, text: str, overridden: frozenset[str]) -> None:
        self.path = path
        self.lines = _key_lines(text)
        self.overridden = overridden
        self.problems: list[Diagnostic] = []

    def error(self, table: tuple[str, ...], key: str | None, message: str) -> None:
        if not table and key in self.overridden:
            # The value came from the command line, not from the file.
            self.problems.append(Diagnostic("--" + key.replace("_", "-"), None, message))
            return
        line = self.lines.get((*table, key) if key is not None else table)
        self.problems.append(Diagnostic(self.path, line, message))

    def table(
        self,
        data: Mapping[str, Any],
        schema: Mapping[str, tuple[type, ...]],
        where: tuple[str, ...],
    ) -> dict[str, Any]:
        """Return the keys of `data` that fit `schema`; report the others."""
        good: dict[str, Any] = {}
        for key, value in data.items():
            name = ".".join((*where, key))
            if key not in schema:
                hint = difflib.get_close_matches(key, list(schema), n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.error(where, key, f"unknown key '{name}'{suggestion}")
            elif not isinstance(value, schema[key]) or (
                isinstance(value, bool) and bool not in schema[key]
            ):
                expected = " or ".join(_type_name(t) for t in schema[key])
                self.error(
                    where, key, f"'{name}' must be {expected}, not {_type_name(type(value))}"
                )
            else:
                good[key] = value
        return good


def load_config(path: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read and check `path`; `overrides` (from the command line) win over the file."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BuildError([Diagnostic(shown, None, "no such configuration file")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = raw.count(b"\n", 0, exc.start) + 1
        raise BuildError([Diagnostic(shown, at, "not valid UTF-8")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error(exc)
        raise BuildError([Diagnostic(shown, line, f"invalid TOML: {message}")]) from None
    overrides = overrides or {}
    data.update(overrides)
    return _check(path.parent.resolve(), data, _Checker(shown, text, frozenset(overrides)))


def _check(root: Path, data: dict[str, Any], checker: _Checker) -> Config:
    top = checker.table(data, _TOP, ())
    publisher = Publisher(**checker.table(top.pop("publisher", {}), _PUBLISHER, ("publisher",)))
    share_card = _check_share_card(top.pop("share_card", {}), checker)
    feeds = Feeds(**checker.table(top.pop("feeds", {}), _FEEDS, ("feeds",)))
    markdown = MarkdownOptions(**checker.table(top.pop("markdown", {}), _MARKDOWN, ("markdown",)))
    if feeds.length < 1:
        checker.error(("feeds",), "length", "feeds.length must be at least 1")
    headers = _check_headers(top.pop("headers", {}), checker)
    permalinks = Permalinks(
        **checker.table(top.pop("permalinks", {}), _PERMALINKS, ("permalinks",))
    )
    sections = _check_sections(top.pop("sections", {}), checker)
    authors = _check_authors(top.pop("authors", {}), checker)
    languages = _check_languages(top.pop("languages", {}), top, sections, permalinks, checker)
    if languages:
        top["language"] = next(iter(languages))  # the default, as BCP 47 writes it

    for kind, allowed in _PLACEHOLDERS.items():
        pattern = getattr(permalinks, kind)
        for used in re.findall(r"\{(\w*)\}", pattern):
            if used not in allowed:
                names = ", ".join(f"{{{a}}}" for a in sorted(allowed))
                checker.error(
                    ("permalinks",),
                    kind,
                    f"permalinks.{kind}: unknown placeholder '{{{used}}}' (it may use {names})",
                )
        parts = pattern.split("/")
        if pattern.startswith("/") or "\\" in pattern or ":" in pattern or ".." in parts:
            checker.error(("permalinks",), kind, f"permalinks.{kind} leads outside the output")
        elif kind == "article" and not pattern.endswith(("/", ".html")):
            checker.error(("permalinks",), kind, "permalinks.article must end with '/' or '.html'")
        elif kind != "article" and not pattern.endswith("/"):
            # Listings are paginated below their own folder: world/ then world/page/2/.
            checker.error(("permalinks",), kind, f"permalinks.{kind} must end with '/'")
    if "timezone" in top:
        try:
            ZoneInfo(top["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            checker.error((), "timezone", f"unknown time zone '{top['timezone']}'")
    if "per_page" in top and top["per_page"] < 1:
        checker.error((), "per_page", "per_page must be at least 1")
    if "base_url" in top:
        parts = urlsplit(top["base_url"])
        absolute = parts.scheme in ("http", "https") and parts.netloc
        if not (absolute or (not parts.scheme and parts.path.startswith("/"))) or (
            parts.query or parts.fragment
        ):
            checker.error(
                (), "base_url", "base_url must be an http(s) URL or a path starting with '/'"
            )

    if checker.problems:
        raise BuildError(checker.problems)
    return Config(
        root=root,
        publisher=publisher,
        share_card=share_card,
        feeds=feeds,
        headers=headers,
        markdown=markdown,
        permalinks=permalinks,
        sections=MappingProxyType(sections),
        authors=MappingProxyType(authors),
        languages=MappingProxyType(languages),
        **top,
    )


def _check_headers(data: Mapping[str, Any], checker: _Checker) -> Headers:
    headers = Headers(**checker.table(data, _HEADERS, ("headers",)))
    if not all(" " <= c <= "~" for c in headers.content_security_policy):
        # A line break would end the header in `_headers` and start another one.
        message = "headers.content_security_policy must be one line of printable ASCII"
        checker.error(("headers",), "content_security_policy", message)
    return headers


def _check_share_card(data: Mapping[str, Any], checker: _Checker) -> ShareCard:
    """Colours as CSS writes them in hex (`#b3001b`, `#fff`), kept as `#rrggbb`."""
    fields = checker.table(data, _SHARE_CARD, ("share_card",))
    for key in ("background", "text", "accent"):
        if key not in fields:
            continue
        colour = fields[key].strip()
        if not _COLOUR.fullmatch(colour):
            message = f"share_card.{key} must be a colour written #rrggbb or #rgb, not '{colour}'"
            checker.error(("share_card",), key, message)
            del fields[key]
        elif len(colour) == 4:
            fields[key] = "#" + "".join(c * 2 for c in colour[1:]).lower()
        else:
            fields[key] = colour.lower()
    return ShareCard(**fields)


def _check_sections(data: Mapping[str, Any], checker: _Checker) -> dict[str, SectionConfig]:
    tables = _section_tables(data, checker, ("sections",))
    return {path: SectionConfig(**given) for path, given in tables.items()}


def _section_tables(
    data: Mapping[str, Any], checker: _Checker, where: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Each section's keys as written, by its path."""
    sections: dict[str, dict[str, Any]] = {}
    for path, table in data.items():
        if not isinstance(table, dict):
            checker.error(where, path, f"section '{path}' must be a table")
            continue
        clean = path.strip("/")
        if not clean or any(slugify(part) != part for part in clean.split("/")):
            checker.error(
                where, path,
                f"section '{path}' must be lower-case slugs joined by '/', like world/asia",
            )  # fmt: skip
            continue
        sections[clean] = checker.table(table, _SECTION, (*where, path))
    return sections


def _check_languages(
    data: Mapping[str, Any], top: Mapping[str, Any], sections: Mapping[str, SectionConfig],
    permalinks: Permalinks, checker: _Checker,
) -> dict[str, LanguageConfig]:  # fmt: skip
    """`[languages.<code>]`: the default language (`language`) first, then the others as
    written. A code or prefix that could reach a path or a page other than as a plain
    name is refused."""
    if not data:
        return {}
    default = top.get("language", "en")
    if not LANGUAGE_TAG.match(default):
        checker.error((), "language", f"language '{default}' is not a language tag such as en")
        return {}
    languages: dict[str, LanguageConfig] = {}
    taken: dict[str, str] = {}  # prefix -> code
    reserved = _reserved_prefixes(permalinks)
    for written, table in data.items():
        where = ("languages", written)
        if not LANGUAGE_TAG.match(written):
            message = f"languages: '{written}' is not a language tag such as en, ar or pt-BR"
            checker.error(("languages",), written, message)
            continue
        if not isinstance(table, dict):
            checker.error(("languages",), written, f"language '{written}' must be a table")
            continue
        code = cased_language(written)
        if code in languages:
            checker.error(("languages",), written, f"language '{code}' is declared twice")
            continue
        given = checker.table(table, _LANGUAGE, where)
        is_default = code == cased_language(default)
        prefix = given.get("prefix", "" if is_default else code.lower()).strip("/")
        message = _prefix_problem(written, prefix, is_default, taken, reserved, sections)
        if message:
            at = "prefix" if "prefix" in given or is_default else None
            checker.error(where, at, message)
            continue
        taken[prefix] = f"the prefix of language '{code}'"
        own = _section_tables(given.get("sections", {}), checker, (*where, "sections"))
        languages[code] = LanguageConfig(
            code=code,
            name=given.get("name") or _own_name(code),
            title=given.get("title", top.get("title", "News")),
            description=given.get("description", top.get("description", "")),
            prefix=prefix,
            sections=MappingProxyType(_language_sections(sections, own)),
        )
    first = cased_language(default)
    if first not in languages:  # the default language's words are the top-level ones
        languages[first] = LanguageConfig(
            code=first, name=_own_name(first), title=top.get("title", "News"),
            description=top.get("description", ""), prefix="",
            sections=MappingProxyType(dict(sections)),
        )  # fmt: skip
    return {code: languages[code] for code in sorted(languages, key=lambda c: c != first)}


def _prefix_problem(
    written: str, prefix: str, is_default: bool, taken: Mapping[str, str],
    reserved: Mapping[str, str], sections: Mapping[str, SectionConfig],
) -> str:  # fmt: skip
    """What is wrong with a language's prefix, or "": the default language has none; any
    other has one slug that no other language, top folder or section takes."""
    if is_default:
        if not prefix:
            return ""
        return (f"languages.{written}.prefix: the default language is published at the"
                " site's root, without a prefix")  # fmt: skip
    if not _is_prefix(prefix):
        return (f"languages.{written}.prefix '{prefix}' must be one lower-case slug,"
                " like ar or pt-br")  # fmt: skip
    clash = taken.get(prefix) or reserved.get(prefix)
    if clash is None and any(p.split("/")[0] == prefix for p in sections):
        clash = f"the section '{prefix}' of [sections]"
    if clash:
        return (f"languages.{written}: the prefix '{prefix}' is also {clash}: give the"
                " language another prefix")  # fmt: skip
    return ""


def _is_prefix(prefix: str) -> bool:
    return bool(prefix) and slugify(prefix) == prefix and prefix.isascii()


def _reserved_prefixes(permalinks: Permalinks) -> dict[str, str]:
    """The folders at the top of the site that a language's prefix may not take."""
    reserved = {"static": "the folder of the theme's files", "page": "the home page's pages"}
    for kind in Permalinks.__dataclass_fields__:
        first = getattr(permalinks, kind).split("/")[0]
        if first and "{" not in first:
            reserved.setdefault(first, f"the folder of permalinks.{kind}")
    return reserved


def _language_sections(
    sections: Mapping[str, SectionConfig], own: Mapping[str, Mapping[str, Any]]
) -> dict[str, SectionConfig]:
    """The site's sections with a language's own words over them, key by key."""
    merged = dict(sections)
    for path, given in own.items():
        merged[path] = replace(merged.get(path, SectionConfig()), **given)
    return merged


def _own_name(code: str) -> str:
    """A language's name in itself, from CLDR (Babel): "العربية" for ar."""
    from babel import Locale, UnknownLocaleError  # only a multilingual site needs it

    try:
        name = Locale.parse(code, sep="-").get_display_name()
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:] if name else code


def _check_authors(data: Mapping[str, Any], checker: _Checker) -> dict[str, AuthorConfig]:
    authors: dict[str, AuthorConfig] = {}
    for key, table in data.items():
        where = ("authors", key)
        if not isinstance(table, dict):
            checker.error(("authors",), key, f"author '{key}' must be a table")
            continue
        fields = checker.table(table, _AUTHOR, where)
        fields.setdefault("name", key)
        if urlsplit(fields.get("url", "")).scheme.lower() not in ("", "http", "https"):
            checker.error(where, "url", f"author '{key}': url must be an http(s) address")
            continue
        photo = fields.get("photo", "")
        if photo and not _is_photo_path(photo):
            message = (f"author '{key}': photo must be a path under the content folder"
                       " (authors/jane.jpg) or an https address")  # fmt: skip
            checker.error(where, "photo", message)
            continue
        if photo:
            fields["photo"] = AuthorPhoto(photo, checker.lines.get((*where, "photo")))
        else:
            fields.pop("photo", None)
        authors[key] = AuthorConfig(**fields)
    return authors


def _is_photo_path(photo: str) -> bool:
    """An https address, or a relative path that stays inside the content folder."""
    parts = urlsplit(photo)
    if parts.scheme:
        return parts.scheme.lower() == "https" and bool(parts.netloc)
    segments = photo.split("/")
    return not (
        photo.startswith("/") or "\\" in photo or any(s in ("", ".", "..") for s in segments)
        or any(ord(c) < 32 for c in photo)
    )  # fmt: skip


def _type_name(kind: type) -> str:
    return {str: "a string", int: "a whole number", bool: "true or false", dict: "a table"}.get(
        kind, kind.__name__
    )


_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[\w-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[\w-]+))*)\s*="""
)


def _split_dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([\w-]+)""", key)
    return tuple("".join(part) for part in parts)  # one group matched, the others are ""


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each table and key path to the line it is written on, for error messages."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _HEADER.match(line):
            table = _split_dotted(header.group(1))
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            lines.setdefault((*table, *_split_dotted(key.group(1))), number)
    return lines
