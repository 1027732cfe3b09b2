"""The words the theme shows, in the page's language: gettext catalogs (`.po` files) read
with Babel, once per build, in memory.

The built-in theme's catalogs are `templates/locale/<lang>/LC_MESSAGES/messages.po`; a
site's own, in the same layout under `locale/` beside config.toml, come first: a site
overrides a string, or adds a language. A language tag falls back by its parts
(`pt-BR` to `pt`, `zh-CN` and `zh-Hans` to `zh`), then to English, the templates' own words.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.catalog import Message
from babel.messages.pofile import PoFileError, read_po

from newsgen.core.config import Config
from newsgen.core.errors import BuildError, Diagnostic
from newsgen.core.theme_files import builtin_theme

LOCALE = "locale"  # the folder of catalogs, in the theme and beside config.toml
DOMAIN = "messages"
# Our `zh` is Simplified Chinese: a tag that asks for Traditional characters does not get it.
TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdif]")
# A .po line is a comment, a keyword and a quoted string, or a quoted string that goes on.
_PO_LINE = re.compile(
    r'\s*(#.*|((msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+)?"(\\.|[^"\\])*"\s*)'
)

Key = str | tuple[str, str]  # a msgid, or (context, msgid)


def N_(message: str) -> str:
    """Marks words made in Python for extraction; they are translated where shown."""
    return message


@dataclass(frozen=True)
class Catalog:
    """One .po file's translations: each message's forms, and which form a number takes."""

    messages: Mapping[Key, tuple[str, ...]]
    plural: Callable[[int], int] = field(compare=False)


class Words:
    """The theme's words in one language: the catalogs to look in, most specific first,
    then the English of the source."""

    def __init__(self, language: str, catalogs: tuple[Catalog, ...]) -> None:
        self.language = language
        self.catalogs = catalogs

    def _find(self, key: Key, n: int) -> str | None:
        for catalog in self.catalogs:
            forms = catalog.messages.get(key)
            if forms:
                form = forms[min(catalog.plural(n), len(forms) - 1)]
                if form:
                    return form
        return None

    def gettext(self, message: str) -> str:
        return self._find(message, 1) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._find(singular, n) or (singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self._find((context, message), 1) or message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._find((context, singular), n) or (singular if n == 1 else plural)


class Catalogs:
    """Every catalog a build may read: the site's (each read and checked when made) and
    the theme's (each read when a page first asks for its language)."""

    def __init__(self, site_folder: Path | None, theme_folder: Path, root: Path) -> None:
        self.root = root
        self.site = _catalog_files(site_folder) if site_folder else {}
        self.theme = _catalog_files(theme_folder)
        self._read: dict[Path, Catalog] = {}
        self._words: dict[str, Words] = {}
        problems: list[Diagnostic] = []
        for path in self.site.values():
            try:
                self._catalog(path)
            except BuildError as exc:
                problems.extend(exc.diagnostics)
        if problems:
            raise BuildError(problems)

    def words(self, language: str) -> Words:
        if language not in self._words:
            found = [
                self._catalog(files[tag])
                for tag in fallbacks(language)
                for files in (self.site, self.theme)
                if tag in files
            ]
            self._words[language] = Words(language, tuple(found))
        return self._words[language]

    def knows(self, language: str) -> bool:
        """Whether any catalog answers for `language` (else its pages are in English)."""
        return any(tag in self.site or tag in self.theme for tag in fallbacks(language))

    def unknown(self, languages: Iterable[str]) -> list[Diagnostic]:
        """A warning for each language no catalog answers for."""
        return [
            Diagnostic("config.toml", None, _no_catalog(language), "warning")
            for language in dict.fromkeys(languages)
            if not self.knows(language)
        ]

    def _catalog(self, path: Path) -> Catalog:
        if path not in self._read:
            self._read[path] = read_catalog(path, _shown(path, self.root))
        return self._read[path]


def _no_catalog(language: str) -> str:
    folder = f"{LOCALE}/{language.replace('-', '_')}/LC_MESSAGES/{DOMAIN}.po"
    return (
        f"no catalog has the theme's words in '{language}': they are shown in English "
        f"(add {folder}; see docs/languages.md)"
    )


def load_catalogs(config: Config, site: bool = True) -> Catalogs:
    """The site's catalogs, checked (a bad one is a `BuildError` at its line), and the
    theme's; without `site`, the theme's alone."""
    return Catalogs(site_locale(config) if site else None, builtin_theme() / LOCALE, config.root)


def site_locale(config: Config) -> Path:
    return config.root / LOCALE


def theme_template() -> Path:
    """The template of every theme string (`messages.pot`), to start a site's catalog."""
    return builtin_theme() / LOCALE / f"{DOMAIN}.pot"


def fallbacks(language: str) -> list[str]:
    """Catalog names for a language tag, most specific first: "pt-BR" -> pt-br, pt."""
    parts = language.strip().lower().replace("_", "-").split("-")
    tags = ["-".join(parts[:i]) for i in range(len(parts), 0, -1)]
    if parts[0] == "zh" and TRADITIONAL.intersection(parts[1:]):
        tags.remove("zh")
    return tags


def _catalog_files(folder: Path) -> dict[str, Path]:
    """Each language's catalog in a locale folder, by its name as `fallbacks` writes it."""
    if not folder.is_dir():
        return {}
    found = sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return {fallbacks(path.parents[1].name)[0]: path for path in found}


def read_catalog(path: Path, shown: str) -> Catalog:
    """A .po file's translations, checked: its syntax, its plural rule, and that each
    translation has its source's placeholders. Fuzzy and empty translations are left out."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BuildError([Diagnostic(shown, None, f"cannot read this catalog: {exc}")]) from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not _PO_LINE.fullmatch(line):
            raise BuildError([Diagnostic(shown, number, f"not a line of a .po file: {line!r}")])
    try:
        babel = read_po(text.splitlines(keepends=True), abort_invalid=True)
    except PoFileError as exc:  # Babel counts lines from 0, and adds " on <line>"
        said = str(exc).rsplit(" on ", 1)[0]
        raise BuildError([Diagnostic(shown, exc.lineno + 1, said)]) from None
    plural = _plural_rule(babel, text, shown)
    problems = [Diagnostic(shown, line, message) for line, message in _placeholder_problems(babel)]
    if problems:
        raise BuildError(problems)
    messages: dict[Key, tuple[str, ...]] = {}
    for message in babel:
        ids, forms = _texts(message)
        if ids[0] and not message.fuzzy and any(forms):
            messages[(message.context, ids[0]) if message.context else ids[0]] = forms
    return Catalog(messages, plural)


def _texts(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A message's source (singular, and plural where it has one) and its translations."""
    ids = message.id if isinstance(message.id, list | tuple) else (message.id,)
    forms = message.string if isinstance(message.string, list | tuple) else (message.string,)
    return tuple(str(i or "") for i in ids), tuple(str(f or "") for f in forms)


def _plural_rule(babel: BabelCatalog, text: str, shown: str) -> Callable[[int], int]:
    try:
        return gettext.c2py(babel.plural_expr)
    except (ValueError, SyntaxError):
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if "Plural-Forms" in ln), None)
        message = f"Plural-Forms has a plural expression gettext cannot read: {babel.plural_expr!r}"
        raise BuildError([Diagnostic(shown, line, message)]) from None


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _placeholder_problems(babel: BabelCatalog) -> Iterable[tuple[int | None, str]]:
    """A translation names the source's placeholders, all of them (a plural's number,
    `num`, may be left out: "one minute"), and nothing else; it is formatted with `%`, so a
    percent sign is written `%%`."""
    for message in babel:
        ids, forms = _texts(message)
        if not ids[0]:
            continue
        wanted = set().union(*map(placeholders, ids))
        for form in filter(None, forms):
            named = placeholders(form)
            missing = wanted - named - ({"num"} if len(ids) > 1 else set())
            if named - wanted or missing:
                said = ", ".join(sorted(f"%({name})s" for name in wanted)) or "none"
                yield message.lineno, f"{ids[0]!r}: the translation must use {said}: {form!r}"
                continue
            try:
                form % dict.fromkeys(named, 0)
            except (ValueError, TypeError):
                said = "not a format string (write a percent sign as %%)"
                yield message.lineno, f"{ids[0]!r}: the translation is {said}: {form!r}"


def _shown(path: Path, root: Path) -> str:
    """A catalog as messages show it: from the site's folder, or the theme's path."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
